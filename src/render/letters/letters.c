/* render_letters.c - letters/ (SPEC §5): one PDF per letter the engine
 * decided, the per-stage batches in mailing order and the manifest.
 *
 * Three passes. (1) Every letter is laid out without drawing, on all
 * threads: that gives its page count, the characters it uses and its EPC
 * QR code; a letter with a character the fonts cannot draw is held back
 * as a reject. (2) The fonts are cut down once to the characters used,
 * and the letters are put in mailing order (stage, then country, postal
 * code, client id) and cut into batches of at most batch_max_pages pages.
 * (3) Each batch is one task on the threads: its letters are drawn in
 * order, each into its own file, and their finished pages are copied
 * into the batch (no drawing or compressing twice). Layouts are read
 * once per run.
 */
#include "ar/render/render.h"
#include "ar/render/csv_field.h"
#include "ar/base/files.h"

#include <assert.h>
#include <errno.h>
#include <fcntl.h>
#include <pthread.h>
#include <stdatomic.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "ar/base/digest.h"
#include "ar/render/page/layouts.h"
#include "ar/render/letters/letter.h"
#include "ar/pdf/pdf.h"
#include "ar/base/safe_name.h"
#include "ar/base/writer.h"

#define BLOCK 32          /* letters per task of the layout pass */
#define MAX_THREADS 64


/* One letter of the run. */
typedef struct job {
    uint32_t result;              /* index into analysis.clients */
    int stage;
    int pages;
    const ar_lang *lang;
    bool fallback;                /* language not available: English */
    bool rejected;
    uint32_t bad_cp;
    char file[AR_SAFE_NAME_MAX];  /* safe name, without ".pdf" */
    char sha256[65];
    ar_cents amount_due;
    bool qr;                      /* with an EPC payment code */
} job;

/* A batch file: jobs order[first .. first + count) of one stage. */
typedef struct chunk {
    int stage;
    size_t first, count;
    int pages;
    char name[64];
} chunk;

/* Per-thread growable scratch for gathering one letter. */
typedef struct scratch {
    ar_letter_item *items;
    size_t item_cap;
    ar_letter_credit *credits;
    size_t credit_cap;
    ar_letter_other others[8];
    char reference[128];
} scratch;

typedef struct shared {
    ar_run *run;
    const ar_letter_style *style;
    const ar_layout *layout;
    job *jobs;
    size_t njobs;
    uint32_t *order;              /* mailing order: indexes into jobs */
    size_t norder;
    chunk *chunks;
    size_t nchunks;
    uint32_t *chunk_order;        /* largest batch first: threads finish
                                     together */
    uint32_t *credit_first;       /* per result: its credits in by_client */
    uint32_t *credit_by_client;
    char letters_dir[4096];
    int phase;                    /* 1 count, 2 draw */
    size_t ntasks;
    atomic_size_t next_task;
    atomic_size_t done;           /* letters written */
    atomic_bool failed;
    pthread_mutex_t lock;         /* err, d */
    pthread_cond_t finished;
    size_t running;
    ar_err err;
    ar_diag diag;
    ar_cpset used;                /* union of the threads' characters */
    ar_writer *writer;            /* files go out on I/O threads */
} shared;

/* ---- gathering one letter ---------------------------------------------- */

static const char *text(const ar_ledger *lg, ar_str s)
{
    return ar_ledger_text(lg, s);
}

/* The letter's reference: client id, date, stage ("C1001-20261031-3").
 * Quoted on the transfer, so it stays short. */
static void make_reference(char *buf, size_t size, const char *id,
                           ar_date as_of, int stage)
{
    int y, m, d;
    ar_date_to_ymd(as_of, &y, &m, &d);
    size_t n = strlen(id);
    if (n > 60) {
        n = 60;
        while (n > 0 && (id[n] & 0xC0) == 0x80)
            n--;
    }
    snprintf(buf, size, "%.*s-%04d%02d%02d-%d", (int)n, id, y, m, d, stage);
}

static void gather(const shared *sh, const job *jb, scratch *sc,
                   ar_letter *l)
{
    const ar_run *run = sh->run;
    const ar_analysis *a = &run->analysis;
    const ar_ledger *lg = run->ledger;
    const ar_doc *docs = ar_ledger_docs(lg);
    const ar_client_result *cr = &a->clients[jb->result];
    const ar_client_info *info = ar_ledger_info_of(lg, cr->client);
    memset(l, 0, sizeof *l);
    const char *id = text(lg, ar_ledger_clients(lg)[cr->client].id);
    l->client_id = id;
    l->name = text(lg, info->name);
    l->contact = text(lg, info->contact);
    l->address1 = text(lg, info->address1);
    l->address2 = text(lg, info->address2);
    l->postal_code = text(lg, info->postal_code);
    l->city = text(lg, info->city);
    l->region = text(lg, info->region);
    l->country = text(lg, info->country);
    l->account_manager = text(lg, info->account_manager);
    l->lang = jb->lang;
    l->stage = jb->stage;
    l->vip = cr->risk.tier == AR_TIER_VIP;
    l->currency = ar_ledger_currency_code(lg, cr->currency);
    l->date = a->as_of;
    /* seed 003: a new pay-by date no more than a week away */
    int32_t within = run->policy.pay_within_days;
    l->pay_by = a->as_of + (within > 7 ? 7 : within < 0 ? 0 : within);
    l->oldest_due = AR_DATE_NONE;

    ar_xgrow((void **)&sc->items, &sc->item_cap, cr->open_count,
             sizeof *sc->items);
    size_t n = 0, others = 0;
    for (uint32_t k = 0; k < cr->open_count; k++) {
        uint32_t i = a->open_items[cr->first_open + k];
        const ar_doc *doc = &docs[i];
        ar_cents open = a->settlement.open[i];
        if (doc->currency != cr->currency) {
            /* SPEC §8.23: never added to this currency; noted apart */
            const char *code = ar_ledger_currency_code(lg, doc->currency);
            size_t o = 0;
            while (o < others && strcmp(sc->others[o].currency, code))
                o++;
            if (o == others && others < 8)
                sc->others[others++] = (ar_letter_other){code, 0};
            if (o < 8)
                sc->others[o].open += open;
            continue;
        }
        ar_letter_item *it = &sc->items[n++];
        it->doc_no = text(lg, doc->doc_no);
        it->doc_date = doc->doc_date;
        it->due_date = doc->due_date;
        it->days = ar_days_past_due(a, i);
        it->original = doc->amount;
        it->open = open;
        it->disputed = doc->disputed != 0;
        /* SPEC §3.2: disputed items are listed, never dunned */
        if (it->disputed) {
            l->disputed_total += open;
        } else if (it->days >= 1) {
            l->past_due += open;
            l->past_due_count++;
            if (it->days > l->max_days) {
                l->max_days = it->days;
                l->oldest_due = it->due_date;
            }
        } else {
            l->not_due_total += open;
        }
    }
    l->items = sc->items;
    l->item_count = n;
    l->others = sc->others;
    l->other_count = others;

    uint32_t c0 = sh->credit_first[jb->result],
             c1 = sh->credit_first[jb->result + 1];
    ar_xgrow((void **)&sc->credits, &sc->credit_cap, c1 - c0,
             sizeof *sc->credits);
    size_t nc = 0;
    for (uint32_t k = c0; k < c1; k++) {
        const ar_credit *c = &a->settlement.credits[sh->credit_by_client[k]];
        if (c->currency != cr->currency || c->amount <= 0)
            continue;
        sc->credits[nc++] = (ar_letter_credit){
            text(lg, docs[c->source].doc_no), c->date, c->amount};
        l->credit_total += c->amount;
    }
    l->credits = sc->credits;
    l->credit_count = nc;

    /* SPEC §8.13: the amount asked for is the engine's overdue balance net
     * of credits; fee and interest (SPEC §3.5) are separate lines */
    l->fee = cr->fee;
    l->interest = cr->interest;
    l->interest_rate_bp = run->policy.interest_rate_bp;
    l->amount_due = cr->overdue_net + cr->fee + cr->interest;

    uint32_t conds = 0;
    static const struct {
        ar_action_kind action;
        ar_cond cond;
    } acts[] = {{AR_ACTION_AGENCY, AR_COND_AGENCY},
                {AR_ACTION_LEGAL, AR_COND_LEGAL},
                {AR_ACTION_SUSPEND, AR_COND_SUSPEND},
                {AR_ACTION_CALL, AR_COND_CALL},
                {AR_ACTION_ACCOUNT_MANAGER, AR_COND_ACCOUNT_MANAGER}};
    for (size_t k = 0; k < sizeof acts / sizeof *acts; k++)
        if (cr->actions & (1u << acts[k].action))
            conds |= 1u << acts[k].cond;
    /* SPEC §3.4: never placed when VIP or below the minimum balance */
    conds |= (uint32_t)(cr->risk.tier != AR_TIER_VIP &&
                        cr->overdue_net >= run->policy.agency_min_balance)
             << AR_COND_AGENCY_POSSIBLE;
    conds |= (uint32_t)(l->fee != 0) << AR_COND_FEE;
    conds |= (uint32_t)(l->interest != 0) << AR_COND_INTEREST;
    conds |= (uint32_t)(nc != 0) << AR_COND_CREDITS;
    conds |= (uint32_t)(l->disputed_total != 0) << AR_COND_DISPUTED;
    conds |= (uint32_t)(l->not_due_total != 0) << AR_COND_NOT_YET_DUE;
    conds |= (uint32_t)l->vip << AR_COND_VIP;
    conds |= (uint32_t)(cr->risk.tier == AR_TIER_HIGH_RISK)
             << AR_COND_HIGH_RISK;
    conds |= (uint32_t)(l->contact[0] != '\0') << AR_COND_CONTACT;
    l->conds = conds;

    make_reference(sc->reference, sizeof sc->reference, id, a->as_of,
                   jb->stage);
    l->reference = sc->reference;
    l->qr = NULL; /* encoded only when the letter is drawn */
}

/* The EPC QR payload of a letter: euros only, with an IBAN configured and
 * an amount the standard allows. False when the letter has no code. */
static bool payment_payload(const shared *sh, const ar_letter *l,
                            char *payload, size_t size)
{
    const ar_letterhead *h = ar_layout_letterhead(sh->layout);
    return h->qr && h->iban[0] && strcmp(l->currency, "EUR") == 0 &&
           ar_epc_payload(payload, size, h->bic, h->account_holder, h->iban,
                          l->amount_due, l->reference);
}

/* Laying a letter out needs only to know that it has a code (its size is
 * fixed): the code itself is encoded when the letter is drawn, so the
 * run does not hold 17,000 codes at once. A payload that fits no QR code
 * keeps its (empty) place. */
static const ar_qr no_code = {0, NULL};

/* ---- files -------------------------------------------------------------- */

static ar_err make_dir(const char *path, ar_diag *d)
{
    if (mkdir(path, 0755) != 0 && errno != EEXIST)
        return ar_diag_set(d, AR_ERR_OUTPUT, path, 0, NULL,
                           "cannot create the directory: %s",
                           strerror(errno));
    return AR_OK;
}

/* ---- threads ------------------------------------------------------------ */

static void fail(shared *sh, ar_err err, const ar_diag *d)
{
    pthread_mutex_lock(&sh->lock);
    if (sh->err == AR_OK) {
        sh->err = err;
        sh->diag = *d;
    }
    pthread_mutex_unlock(&sh->lock);
    atomic_store(&sh->failed, true);
}

/* Hand a finished file to the I/O threads (they own data from here). */
static ar_err queue_file(shared *sh, const char *path, unsigned char *data,
                         size_t len, ar_diag *d)
{
    if (ar_writer_put(sh->writer, path, data, len))
        return AR_OK;
    /* an earlier file failed: ar_writer_finish reports which */
    return ar_diag_set(d, AR_ERR_OUTPUT, path, 0, NULL,
                       "not written after an earlier write failed");
}

/* Draw one letter into its own file; *doc_out keeps the document for
 * its batch (caller frees). */
static ar_err write_letter(shared *sh, job *jb, scratch *sc, ar_pdf **doc_out,
                           ar_diag *d)
{
    ar_letter l;
    gather(sh, jb, sc, &l);
    char payload[400];
    ar_qr *code = NULL;
    if (jb->qr) {
        payment_payload(sh, &l, payload, sizeof payload);
        code = ar_qr_encode(payload);
        l.qr = code ? code : &no_code;
    }
    ar_pdf *doc = ar_pdf_new(sh->style->fonts);
    int pages = ar_letter_compose(sh->style, &l, doc, jb->pages, NULL, NULL);
    ar_qr_free(code);
    unsigned char *data = NULL;
    size_t len = 0;
    char path[4200];
    snprintf(path, sizeof path, "%s/%d/%s.pdf", sh->letters_dir, jb->stage,
             jb->file);
    ar_err err = ar_pdf_save(doc, &data, &len, d);
    if (err == AR_OK && pages != jb->pages)
        err = ar_diag_set(d, AR_ERR_OUTPUT, path, 0, NULL,
                          "laid out on %d pages, drawn on %d (internal)",
                          jb->pages, pages);
    if (err == AR_OK) {
        ar_sha256_hex(data, len, jb->sha256);
        jb->amount_due = l.amount_due;
        err = queue_file(sh, path, data, len, d);
        data = NULL; /* the writer owns it now */
    } else if (!d->file[0]) {
        snprintf(d->file, sizeof d->file, "%.500s", path);
    }
    free(data);
    if (err != AR_OK) {
        ar_pdf_free(doc);
        doc = NULL;
    }
    *doc_out = doc;
    return err;
}

/* One batch: each of its letters in mailing order is drawn into its own
 * file, and its pages are copied into the batch document (the content
 * is not drawn or compressed again). */
static ar_err write_batch(shared *sh, const chunk *ch, scratch *sc,
                          ar_diag *d)
{
    ar_pdf *batch = ar_pdf_new(sh->style->fonts);
    char path[4200];
    snprintf(path, sizeof path, "%s/%s", sh->letters_dir, ch->name);
    ar_err err = AR_OK;
    for (size_t k = 0; k < ch->count && err == AR_OK; k++) {
        job *jb = &sh->jobs[sh->order[ch->first + k]];
        ar_pdf *doc = NULL;
        err = write_letter(sh, jb, sc, &doc, d);
        if (err == AR_OK && !ar_pdf_append(batch, doc))
            err = ar_diag_set(d, AR_ERR_OUTPUT, path, 0, NULL,
                              "cannot copy the letter of %s into the batch",
                              jb->file);
        ar_pdf_free(doc);
        if (err == AR_OK)
            err = ar_pdf_status(batch, d); /* after each letter's pages */
        if (err == AR_OK)
            atomic_fetch_add(&sh->done, 1);
        if (atomic_load(&sh->failed))
            break;
    }
    unsigned char *data = NULL;
    size_t len = 0;
    if (atomic_load(&sh->failed) && err == AR_OK) { /* another task failed */
        ar_pdf_free(batch);
        return AR_OK;
    }
    if (err == AR_OK)
        err = ar_pdf_save(batch, &data, &len, d);
    if (err == AR_OK && ar_pdf_page_count(batch) != ch->pages)
        err = ar_diag_set(d, AR_ERR_OUTPUT, path, 0, NULL,
                          "%d pages expected, %d made (internal)", ch->pages,
                          ar_pdf_page_count(batch));
    if (err == AR_OK) {
        err = queue_file(sh, path, data, len, d);
        data = NULL; /* the writer owns it now */
    } else if (!d->file[0]) {
        snprintf(d->file, sizeof d->file, "%.500s", path);
    }
    free(data);
    ar_pdf_free(batch);
    return err;
}

/* Lay out one letter without drawing: its pages and characters. */
static void count_letter(shared *sh, job *jb, scratch *sc, ar_cpset *used)
{
    ar_letter l;
    gather(sh, jb, sc, &l);
    char payload[400];
    jb->qr = payment_payload(sh, &l, payload, sizeof payload);
    l.qr = jb->qr ? &no_code : NULL;
    jb->pages = ar_letter_compose(sh->style, &l, NULL, 0, used, &jb->bad_cp);
    jb->rejected = jb->bad_cp != 0;
    jb->amount_due = l.amount_due;
}

typedef struct worker {
    shared *sh;
    ar_cpset used;
    bool report;              /* the only thread: report progress itself */
    const ar_progress *prog;
} worker;

static void *work(void *arg)
{
    worker *w = arg;
    shared *sh = w->sh;
    scratch sc = {0};
    ar_diag d;
    for (;;) {
        size_t t = atomic_fetch_add(&sh->next_task, 1);
        if (t >= sh->ntasks || atomic_load(&sh->failed))
            break;
        ar_diag_clear(&d);
        ar_err err = AR_OK;
        if (sh->phase == 1) {
            size_t end = (t + 1) * BLOCK < sh->njobs ? (t + 1) * BLOCK
                                                     : sh->njobs;
            for (size_t j = t * BLOCK; j < end; j++)
                count_letter(sh, &sh->jobs[j], &sc, &w->used);
        } else {
            err = write_batch(sh, &sh->chunks[sh->chunk_order[t]], &sc, &d);
            if (w->report && w->prog && w->prog->letters)
                w->prog->letters(w->prog->ctx, atomic_load(&sh->done),
                                 sh->norder);
        }
        if (err != AR_OK) {
            fail(sh, err, &d);
            break;
        }
    }
    free(sc.items);
    free(sc.credits);
    pthread_mutex_lock(&sh->lock);
    sh->running--;
    pthread_cond_signal(&sh->finished);
    pthread_mutex_unlock(&sh->lock);
    return NULL;
}

/* Run the phase's tasks on the threads; progress now and then. */
static void run_phase(shared *sh, int phase, size_t ntasks, int nthreads,
                      const ar_progress *prog)
{
    sh->phase = phase;
    sh->ntasks = ntasks;
    atomic_store(&sh->next_task, 0);
    if ((size_t)nthreads > ntasks)
        nthreads = ntasks > 0 ? (int)ntasks : 1;
    worker *ws = ar_xcalloc((size_t)nthreads, sizeof *ws);
    pthread_t tid[MAX_THREADS];
    int started = 0;
    sh->running = (size_t)nthreads;
    for (int i = 0; i < nthreads; i++) {
        ws[i].sh = sh;
        ws[i].prog = prog;
        ws[i].report = nthreads == 1 && phase == 2;
        if (nthreads > 1 && pthread_create(&tid[started], NULL, work,
                                           &ws[i]) == 0) {
            started++;
            continue;
        }
        if (nthreads > 1) { /* could not start a thread: fewer threads */
            pthread_mutex_lock(&sh->lock);
            sh->running--;
            pthread_mutex_unlock(&sh->lock);
        }
    }
    if (started == 0) {
        sh->running = 1;
        ws[0].report = phase == 2;
        work(&ws[0]);
    } else {
        pthread_mutex_lock(&sh->lock);
        while (sh->running > 0) {
            struct timespec ts;
            clock_gettime(CLOCK_REALTIME, &ts);
            ts.tv_nsec += 200 * 1000000L;
            if (ts.tv_nsec >= 1000000000L) {
                ts.tv_sec++;
                ts.tv_nsec -= 1000000000L;
            }
            pthread_cond_timedwait(&sh->finished, &sh->lock, &ts);
            if (phase == 2 && prog && prog->letters) {
                pthread_mutex_unlock(&sh->lock);
                prog->letters(prog->ctx, atomic_load(&sh->done), sh->norder);
                pthread_mutex_lock(&sh->lock);
            }
        }
        pthread_mutex_unlock(&sh->lock);
        for (int i = 0; i < started; i++)
            pthread_join(tid[i], NULL);
    }
    for (int i = 0; i < nthreads; i++)
        if (phase == 1)
            ar_cpset_union(&sh->used, &ws[i].used);
    free(ws);
}

/* ---- checks, order, batches, manifest --------------------------------- */

/* Every literal text of the layouts must print: a character the fonts
 * lack there would spoil every letter, so the run stops. */
static ar_err check_text(const ar_pdf_fonts *f, const ar_ttext *t,
                         const char *path, ar_diag *d)
{
    for (size_t i = 0; i < t->count; i++) {
        const ar_tpart *p = &t->parts[i];
        if (!p->text)
            continue;
        char buf[1024];
        snprintf(buf, sizeof buf, "%.*s", (int)p->len, p->text);
        uint32_t bad;
        if (!ar_pdf_can_draw(f, p->bold ? AR_PDF_BOLD : AR_PDF_REGULAR, buf,
                             &bad))
            return ar_diag_set(d, AR_ERR_GLYPH, path, 0, NULL,
                               "U+%04X in \"%s\" is not in the letter fonts",
                               (unsigned)bad, buf);
    }
    return AR_OK;
}

static ar_err check_layouts(const ar_layout *lay, const ar_pdf_fonts *f,
                            ar_diag *d)
{
    for (size_t i = 0; i < ar_layout_lang_count(lay); i++) {
        const ar_lang *g = ar_layout_lang_at(lay, i);
        char where[128];
        snprintf(where, sizeof where, "letters/%s/strings.txt", g->code);
        for (int k = 0; k < AR_S_COUNT_; k++) {
            ar_err err = check_text(f, &g->str[k], where, d);
            if (err != AR_OK)
                return err;
        }
        for (int s = 1; s <= AR_STAGES; s++)
            for (int vip = 0; vip < 2; vip++) {
                const ar_template *t = ar_lang_template(g, s, vip);
                const ar_ttext *fields[] = {&t->subject, &t->greeting,
                                            &t->closing, &t->signature,
                                            &t->signature_title};
                for (size_t k = 0; k < 5; k++) {
                    ar_err err = check_text(f, fields[k], t->path, d);
                    if (err != AR_OK)
                        return err;
                }
                for (size_t k = 0; k < t->para_count; k++) {
                    ar_err err = check_text(f, &t->paras[k].text, t->path, d);
                    if (err != AR_OK)
                        return err;
                }
            }
    }
    return AR_OK;
}

/* Where the undrawable character of a held-back letter comes from. */
static void reject_letter(ar_run *run, const job *jb)
{
    const ar_analysis *a = &run->analysis;
    const ar_ledger *lg = run->ledger;
    const ar_client_result *cr = &a->clients[jb->result];
    const ar_client_info *info = ar_ledger_info_of(lg, cr->client);
    char cp[8];
    int n = 0;
    uint32_t c = jb->bad_cp;
    if (c < 0x80) {
        cp[n++] = (char)c;
    } else if (c < 0x800) {
        cp[n++] = (char)(0xC0 | c >> 6);
        cp[n++] = (char)(0x80 | (c & 0x3F));
    } else if (c < 0x10000) {
        cp[n++] = (char)(0xE0 | c >> 12);
        cp[n++] = (char)(0x80 | ((c >> 6) & 0x3F));
        cp[n++] = (char)(0x80 | (c & 0x3F));
    } else {
        cp[n++] = (char)(0xF0 | c >> 18);
        cp[n++] = (char)(0x80 | ((c >> 12) & 0x3F));
        cp[n++] = (char)(0x80 | ((c >> 6) & 0x3F));
        cp[n++] = (char)(0x80 | (c & 0x3F));
    }
    cp[n] = '\0';
    char detail[160];
    snprintf(detail, sizeof detail,
             "U+%04X cannot be printed in the letter fonts: letter of stage "
             "%d held back",
             (unsigned)c, jb->stage);
    static const char *const columns[] = {
        "name", "contact", "address1", "address2", "postal_code", "city",
        "region", "country", "account_manager"};
    const ar_str fields[] = {info->name, info->contact, info->address1,
                             info->address2, info->postal_code, info->city,
                             info->region, info->country,
                             info->account_manager};
    const char *clients = run->opts && run->opts->clients ? run->opts->clients
                                                        : "clients";
    for (size_t i = 0; i < sizeof fields / sizeof *fields; i++) {
        const char *v = ar_ledger_text(lg, fields[i]);
        if (strstr(v, cp)) {
            ar_rejects_add(&run->rejects, clients, (long)info->line,
                           columns[i], AR_ERR_GLYPH, v, detail);
            return;
        }
    }
    const ar_doc *docs = ar_ledger_docs(lg);
    for (uint32_t k = 0; k < cr->open_count; k++) {
        const ar_doc *doc = &docs[a->open_items[cr->first_open + k]];
        const char *v = ar_ledger_text(lg, doc->doc_no);
        if (strstr(v, cp)) {
            ar_rejects_add(&run->rejects,
                           run->opts ? run->opts->ledger : "ledger",
                           (long)doc->line, "doc_no", AR_ERR_GLYPH, v,
                           detail);
            return;
        }
    }
    ar_rejects_add(&run->rejects, clients, (long)info->line, "client_id",
                   AR_ERR_GLYPH,
                   ar_ledger_text(lg, ar_ledger_clients(lg)[cr->client].id),
                   detail);
}

static void upper2(char out[4], const char *s)
{
    for (int i = 0; i < 3; i++)
        out[i] = s[i] >= 'a' && s[i] <= 'z' ? (char)(s[i] - 32) : s[i];
    out[3] = '\0';
}

/* Mailing order: country, postal code, client id. */
static int cmp_mailing(const void *x, const void *y, void *arg)
{
    const shared *sh = arg;
    const ar_run *run = sh->run;
    const ar_ledger *lg = run->ledger;
    const ar_client_result *a = &run->analysis.clients[*(const uint32_t *)x];
    const ar_client_result *b = &run->analysis.clients[*(const uint32_t *)y];
    const ar_client_info *ia = ar_ledger_info_of(lg, a->client);
    const ar_client_info *ib = ar_ledger_info_of(lg, b->client);
    char ca[4], cb[4];
    upper2(ca, ar_ledger_text(lg, ia->country));
    upper2(cb, ar_ledger_text(lg, ib->country));
    int c = strcmp(ca, cb);
    if (!c)
        c = strcmp(ar_ledger_text(lg, ia->postal_code),
                   ar_ledger_text(lg, ib->postal_code));
    if (!c) /* results are sorted by client id */
        c = a < b ? -1 : a > b;
    return c;
}

typedef struct order_key {
    uint32_t job;
    uint32_t result;
    int stage;
} order_key;

static int cmp_order(const void *x, const void *y, void *arg)
{
    const order_key *a = x, *b = y;
    if (a->stage != b->stage)
        return a->stage < b->stage ? -1 : 1;
    return cmp_mailing(&a->result, &b->result, arg);
}

static int cmp_chunk_size(const void *x, const void *y, void *arg)
{
    const shared *sh = arg;
    const chunk *a = &sh->chunks[*(const uint32_t *)x];
    const chunk *b = &sh->chunks[*(const uint32_t *)y];
    if (a->count != b->count)
        return a->count > b->count ? -1 : 1;
    return a < b ? -1 : a > b;
}

/* Put the kept letters in mailing order and cut each stage into batches
 * of at most max pages (a longer letter is a batch of its own). */
static void plan_batches(shared *sh, int32_t max)
{
    order_key *keys = ar_xmalloc((sh->njobs + 1) * sizeof *keys);
    size_t n = 0;
    for (size_t j = 0; j < sh->njobs; j++)
        if (!sh->jobs[j].rejected)
            keys[n++] = (order_key){(uint32_t)j, sh->jobs[j].result,
                                    sh->jobs[j].stage};
    qsort_r(keys, n, sizeof *keys, cmp_order, sh);
    sh->order = ar_xmalloc((n + 1) * sizeof *sh->order);
    for (size_t k = 0; k < n; k++)
        sh->order[k] = keys[k].job;
    sh->norder = n;
    free(keys);

    size_t cap = 0;
    for (size_t k = 0; k < n;) {
        int stage = sh->jobs[sh->order[k]].stage;
        size_t first_chunk = sh->nchunks;
        while (k < n && sh->jobs[sh->order[k]].stage == stage) {
            ar_xgrow((void **)&sh->chunks, &cap, sh->nchunks + 1,
                     sizeof *sh->chunks);
            chunk *ch = &sh->chunks[sh->nchunks++];
            *ch = (chunk){.stage = stage, .first = k};
            while (k < n && sh->jobs[sh->order[k]].stage == stage &&
                   (ch->count == 0 ||
                    ch->pages + sh->jobs[sh->order[k]].pages <= max)) {
                ch->pages += sh->jobs[sh->order[k]].pages;
                ch->count++;
                k++;
            }
        }
        size_t parts = sh->nchunks - first_chunk;
        for (size_t c = first_chunk; c < sh->nchunks; c++) {
            if (parts == 1)
                snprintf(sh->chunks[c].name, sizeof sh->chunks[c].name,
                         "batch-stage%d.pdf", stage);
            else
                snprintf(sh->chunks[c].name, sizeof sh->chunks[c].name,
                         "batch-stage%d-%zu.pdf", stage, c - first_chunk + 1);
        }
    }
    sh->chunk_order = ar_xmalloc((sh->nchunks + 1) * sizeof *sh->chunk_order);
    for (size_t c = 0; c < sh->nchunks; c++)
        sh->chunk_order[c] = (uint32_t)c;
    qsort_r(sh->chunk_order, sh->nchunks, sizeof *sh->chunk_order,
            cmp_chunk_size, sh);
}

static int cmp_manifest(const void *x, const void *y, void *arg)
{
    const shared *sh = arg;
    const job *a = &sh->jobs[*(const uint32_t *)x];
    const job *b = &sh->jobs[*(const uint32_t *)y];
    return cmp_mailing(&a->result, &b->result, arg);
}

static ar_err write_manifest(shared *sh, ar_diag *d)
{
    const ar_run *run = sh->run;
    const ar_ledger *lg = run->ledger;
    uint32_t *rows = ar_xmalloc((sh->norder + 1) * sizeof *rows);
    memcpy(rows, sh->order, sh->norder * sizeof *rows);
    /* SPEC §5: sorted by country, then postal code */
    qsort_r(rows, sh->norder, sizeof *rows, cmp_manifest, sh);
    FILE *f = ar_out_open(sh->letters_dir, "manifest.csv", d);
    if (!f) {
        free(rows);
        return AR_ERR_OUTPUT;
    }
    fputs("sequence,client_id,name,stage,pages,postal_code,country,"
          "amount_due,currency,file,sha256\n",
          f);
    for (size_t k = 0; k < sh->norder; k++) {
        const job *jb = &sh->jobs[rows[k]];
        const ar_client_result *cr = &run->analysis.clients[jb->result];
        const ar_client_info *info = ar_ledger_info_of(lg, cr->client);
        fprintf(f, "%zu,", k + 1);
        ar_csv_put_text(f, ar_ledger_text(lg,
                                          ar_ledger_clients(lg)[cr->client].id));
        putc(',', f);
        ar_csv_put_text(f, ar_ledger_text(lg, info->name));
        fprintf(f, ",%d,%d,", jb->stage, jb->pages);
        ar_csv_put_text(f, ar_ledger_text(lg, info->postal_code));
        putc(',', f);
        ar_csv_put_text(f, ar_ledger_text(lg, info->country));
        putc(',', f);
        ar_csv_put_cents(f, jb->amount_due);
        putc(',', f);
        ar_csv_put_text(f, ar_ledger_currency_code(lg, cr->currency));
        fprintf(f, ",%d/", jb->stage);
        ar_csv_put_text(f, jb->file);
        fprintf(f, ".pdf,%s\n", jb->sha256);
    }
    free(rows);
    return ar_out_close(f, sh->letters_dir, "manifest.csv", d);
}

/* Per result, its unapplied credits: a counting sort by client. */
static void index_credits(shared *sh)
{
    const ar_analysis *a = &sh->run->analysis;
    const ar_settlement *s = &a->settlement;
    sh->credit_first = ar_xcalloc(a->client_count + 2,
                                  sizeof *sh->credit_first);
    sh->credit_by_client = ar_xmalloc((s->credit_count + 1) *
                                      sizeof *sh->credit_by_client);
    for (size_t i = 0; i < s->credit_count; i++) {
        uint32_t r = a->result_of[s->credits[i].client];
        if (r != AR_NONE)
            sh->credit_first[r + 2]++;
    }
    for (size_t r = 0; r < a->client_count; r++)
        sh->credit_first[r + 2] += sh->credit_first[r + 1];
    for (size_t i = 0; i < s->credit_count; i++) {
        uint32_t r = a->result_of[s->credits[i].client];
        if (r != AR_NONE)
            sh->credit_by_client[sh->credit_first[r + 1]++] = (uint32_t)i;
    }
}

/* ---- the renderer ------------------------------------------------------- */

ar_err ar_render_letters(ar_run *run, const char *dir,
                         const ar_progress *prog, ar_diag *d)
{
    const ar_analysis *a = &run->analysis;
    const ar_ledger *lg = run->ledger;
    bool proof = run->opts && run->opts->proof;
    ar_layout *layout = NULL;
    ar_pdf_fonts *fonts = NULL;
    ar_pdf_image *logo = NULL;
    shared *sh = ar_xcalloc(1, sizeof *sh);
    pthread_mutex_init(&sh->lock, NULL);
    pthread_cond_init(&sh->finished, NULL);
    sh->run = run;

    ar_err err = ar_layout_load(ar_layout_default_dir(), &layout, d);
    if (err != AR_OK)
        goto out;
    const ar_letterhead *head = ar_layout_letterhead(layout);
    err = ar_pdf_fonts_new(head->font_regular, head->font_bold,
                           head->font_fallback, &fonts, d);
    if (err == AR_OK)
        err = check_layouts(layout, fonts, d);
    if (err == AR_OK && head->logo)
        err = ar_pdf_image_load(head->logo, &logo, d);
    if (err != AR_OK)
        goto out;
    ar_letter_style style = {layout, fonts, logo, run->policy.page_size,
                             proof};
    sh->style = &style;
    sh->layout = layout;

    /* the letters the engine decided (SPEC §3.2, §8.12) */
    size_t letters = 0; /* one job a letter, not a client: 200 B each */
    for (int s = 1; s <= AR_STAGES; s++)
        letters += a->letters[s];
    sh->jobs = ar_xcalloc(letters + 1, sizeof *sh->jobs);
    for (size_t r = 0; r < a->client_count; r++) {
        const ar_client_result *cr = &a->clients[r];
        const ar_client_info *info = ar_ledger_info_of(lg, cr->client);
        if (cr->letter_stage <= 0 || !info)
            continue;
        /* every letter stage is counted in a->letters (analysis.c) */
        assert(sh->njobs < letters);
        job *jb = &sh->jobs[sh->njobs++];
        jb->result = (uint32_t)r;
        jb->stage = cr->letter_stage;
        jb->lang = ar_layout_lang(layout, ar_ledger_text(lg, info->language),
                                  &jb->fallback);
        ar_safe_name(ar_ledger_text(lg, ar_ledger_clients(lg)[cr->client].id),
                     jb->file);
    }
    index_credits(sh);
    int nthreads = ar_options_threads(run->opts, MAX_THREADS);

    /* 1: pages and characters of every letter */
    run_phase(sh, 1, (sh->njobs + BLOCK - 1) / BLOCK, nthreads, NULL);
    for (size_t j = 0; j < sh->njobs; j++)
        if (sh->jobs[j].rejected)
            reject_letter(run, &sh->jobs[j]);

    /* 2: fonts cut to what is used, mailing order, batches, folders */
    err = ar_pdf_fonts_subset(fonts, &sh->used, d);
    if (err != AR_OK)
        goto out;
    plan_batches(sh, run->policy.batch_max_pages);
    snprintf(sh->letters_dir, sizeof sh->letters_dir, "%s/letters", dir);
    err = make_dir(sh->letters_dir, d);
    bool stage_used[AR_STAGES + 1] = {false};
    for (size_t k = 0; k < sh->norder; k++)
        stage_used[sh->jobs[sh->order[k]].stage] = true;
    for (int s = 1; s <= AR_STAGES && err == AR_OK; s++)
        if (stage_used[s]) {
            char path[4200];
            snprintf(path, sizeof path, "%s/%d", sh->letters_dir, s);
            err = make_dir(path, d);
        }
    if (err != AR_OK)
        goto out;

    /* 3: every letter and every batch */
    if (prog && prog->letters)
        prog->letters(prog->ctx, 0, sh->norder);
    sh->writer = ar_writer_new(AR_WRITER_THREADS, AR_WRITER_PENDING);
    run_phase(sh, 2, sh->nchunks, nthreads, prog);
    ar_diag wd;
    ar_diag_clear(&wd);
    ar_err werr = ar_writer_finish(sh->writer, &wd);
    sh->writer = NULL;
    if (werr != AR_OK) { /* the write that failed first says why */
        *d = wd;
        err = werr;
        goto out;
    }
    if (sh->err != AR_OK) {
        *d = sh->diag;
        err = sh->err;
        goto out;
    }
    err = write_manifest(sh, d);
    if (err != AR_OK)
        goto out;
    for (size_t k = 0; k < sh->norder; k++) {
        const job *jb = &sh->jobs[sh->order[k]];
        run->language_fallbacks += jb->fallback;
        /* --proof: review copies, nothing recorded in the history */
        if (!proof)
            run->letter_written[jb->result] = true;
    }
    if (prog && prog->letters)
        prog->letters(prog->ctx, sh->norder, sh->norder);
out:
    if (sh->writer)
        ar_writer_finish(sh->writer, NULL);
    free(sh->jobs);
    free(sh->order);
    free(sh->chunks);
    free(sh->chunk_order);
    free(sh->credit_first);
    free(sh->credit_by_client);
    pthread_mutex_destroy(&sh->lock);
    pthread_cond_destroy(&sh->finished);
    free(sh);
    ar_pdf_image_free(logo);
    ar_pdf_fonts_free(fonts);
    ar_layout_free(layout);
    return err;
}
