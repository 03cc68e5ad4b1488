/* letters.c - letters/ (SPEC §5): one PDF per letter the engine decided,
 * the per-stage batches in mailing order and the manifest. This file runs
 * the passes on the threads and draws; a letter's data is gathered in
 * gather.c, the order, batches and manifest are batches.c's.
 *
 * Three passes. (1) Every letter is laid out without drawing, on all
 * threads: that gives its page count, the characters it uses and its EPC
 * QR code; a letter with a character the fonts cannot draw, or with an
 * amount due out of range, is held back as a reject. (2) The fonts are
 * cut down once to the characters used, and the letters are put in
 * mailing order (stage, then country, postal code, client id) and cut
 * into batches of at most batch_max_pages pages.
 * (3) Each batch is one task on the threads: its letters are drawn in
 * order, each into its own file, and their finished pages are copied
 * into the batch (no drawing or compressing twice). Layouts are read
 * once per run.
 */
#include "ar/render/render.h"

#include <assert.h>
#include <errno.h>
#include <pthread.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/stat.h>
#include <time.h>

#include "ar/base/date.h"
#include "ar/base/digest.h"
#include "ar/base/safe_name.h"
#include "ar/base/writer.h"
#include "ar/pdf/pdf.h"
#include "ar/render/letters/batches.h"
#include "ar/render/letters/gather.h"
#include "ar/render/letters/letter.h"
#include "ar/render/letters/part_letters.h"
#include "ar/render/page/layouts.h"
#include "ar/render/page/page.h"

#define BLOCK 32 /* letters per task of the layout pass */
#define MAX_THREADS 64

typedef struct shared {
    ar_run *run;
    const ar_letter_style *style;
    const ar_layout *layout;
    ar_batches plan;  /* the letters, their order and batches */
    ar_gather gather; /* what a letter is gathered from */
    char letters_dir[4096];
    int phase; /* 1 count, 2 draw */
    size_t ntasks;
    atomic_size_t next_task;
    atomic_size_t done; /* letters written */
    atomic_bool failed;
    pthread_mutex_t lock; /* err, d */
    pthread_cond_t finished;
    size_t running;
    ar_err err;
    ar_diag diag;
    ar_cpset used;     /* union of the threads' characters */
    ar_writer *writer; /* files go out on I/O threads */
    double page_w, page_h;        /* a blank back's size */
} shared;

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
                           "cannot create the directory: %s", strerror(errno));
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

/* The manifest's view of l: its address lines as printed in the window
 * and its postage zone (#19). */
static void set_address(shared *sh, ar_letter_job *jb, const ar_letter *l)
{
    const ar_letterhead *h = ar_layout_letterhead(sh->layout);
    const ar_page_address a = {l->name,        l->contact, l->address1,
                               l->address2,    l->postal_code, l->city,
                               l->region,      l->country};
    ar_page_address_lines al;
    ar_page_address_format(sh->layout, l->lang, &a, h->country, &al);
    size_t n = 0;
    for (size_t i = 0; i < al.count; i++)
        n += strlen(al.line[i]) + 1;
    char *s = ar_xmalloc(n + 1), *w = s;
    for (size_t i = 0; i < al.count; i++)
        w += sprintf(w, "%s%s", i ? "\n" : "", al.line[i]);
    *w = '\0';
    free(jb->address);
    jb->address = s;
    jb->abroad = l->country[0] && h->country[0] &&
                 strcasecmp(l->country, h->country) != 0;
}

/* Draw one letter into its own file; *doc_out keeps the document for
 * its batch (caller frees). */
static ar_err write_letter(shared *sh, ar_letter_job *jb, ar_gather_scratch *sc,
                           ar_pdf **doc_out, ar_diag *d)
{
    ar_letter l;
    ar_gather_letter(&sh->gather, jb->result, jb->stage, jb->lang, sc, &l);
    char payload[400];
    ar_qr *code = NULL;
    if (jb->qr) {
        ar_gather_payload(ar_layout_letterhead(sh->layout), &l, payload,
                          sizeof payload);
        /* a proof's code pays nothing: it holds words, not a transfer
         * (and is drawn crossed out) */
        if (sh->style->proof)
            snprintf(payload, sizeof payload,
                     "SAMPLE - VOID - NOT A PAYMENT CODE - %s", l.reference);
        code = ar_qr_encode(payload);
        l.qr = code ? code : &no_code;
    }
    l.tight = jb->tight;
    ar_pdf *doc = ar_pdf_new(sh->style->fonts);
    int pages = ar_letter_compose(sh->style, &l, doc, jb->pages, NULL, NULL);
    ar_qr_free(code);
    set_address(sh, jb, &l);
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
static ar_err write_batch(shared *sh, const ar_batch *bt, ar_gather_scratch *sc,
                          ar_diag *d)
{
    ar_pdf *batch = ar_pdf_new(sh->style->fonts);
    char path[4200];
    snprintf(path, sizeof path, "%s/%s", sh->letters_dir, bt->name);
    ar_pdf_info info = {{0}, {0}, {0}};
    snprintf(info.title, sizeof info.title, "%s", bt->name);
    snprintf(info.author, sizeof info.author, "%s",
             ar_layout_letterhead(sh->layout)->company);
    /* the date its letters bear (their own Info and XMP have it too) */
    ar_date_format_iso(sh->run->letter_date != AR_DATE_NONE
                           ? sh->run->letter_date
                           : sh->run->analysis.as_of,
                       info.date, sizeof info.date);
    ar_pdf_set_info(batch, &info);
    ar_err err = AR_OK;
    if (ar_run_sharded(sh->run)) {
        /* issue #21: a shard writes its clients' letters, each in its
         * final form; the batches are the merge's */
        ar_pdf_free(batch);
        for (size_t k = 0; k < bt->count && err == AR_OK; k++) {
            ar_letter_job *jb = &sh->plan.jobs[sh->plan.order[bt->first + k]];
            ar_pdf *doc = NULL;
            if (jb->mine)
                err = write_letter(sh, jb, sc, &doc, d);
            /* its pages, for the merge's batch (its summary): to the
             * spool, not held */
            if (err == AR_OK && doc) {
                unsigned char *rec = NULL;
                size_t len = 0;
                err = ar_pdf_record(doc, &rec, &len, d);
                if (err == AR_OK)
                    err = ar_part_letters_spool(sh->run, jb, rec, len, d);
                else
                    free(rec);
            }
            ar_pdf_free(doc);
            if (err == AR_OK)
                atomic_fetch_add(&sh->done, 1);
        }
        return err;
    }
    for (size_t k = 0; k < bt->count && err == AR_OK; k++) {
        ar_letter_job *jb = &sh->plan.jobs[sh->plan.order[bt->first + k]];
        ar_pdf *doc = NULL;
        bool copied;
        if (sh->run->merging) { /* drawn by a shard: its pages as they are */
            const ar_pdf_image *images[1] = {sh->style->logo};
            unsigned char *rec = NULL;
            size_t len = 0;
            err = sh->run->load_pages(sh->run->load_pages_ctx, jb->from_part,
                                      &rec, &len, d);
            copied = err == AR_OK &&
                     ar_pdf_append_record(batch, rec, len, images,
                                          sh->style->logo ? 1 : 0);
            free(rec);
        } else {
            err = write_letter(sh, jb, sc, &doc, d);
            copied = err == AR_OK && ar_pdf_append(batch, doc);
        }
        if (err == AR_OK && !copied && sh->run->merging)
            /* the part's record: damaged (its CRC), or drawn with other
             * fonts or logo than this machine's layouts */
            err = ar_diag_set(d, AR_ERR_IO, path, 0, NULL,
                              "the shard's page record of the letter of %s "
                              "cannot be appended: its part's summary is "
                              "damaged, or the shard drew it with other "
                              "fonts or logo than the layouts here; copy "
                              "the part again, or merge with the shards' "
                              "layouts",
                              jb->file);
        else if (err == AR_OK && !copied)
            err = ar_diag_set(d, AR_ERR_OUTPUT, path, 0, NULL,
                              "cannot copy the letter of %s into the batch",
                              jb->file);
        /* #19: duplex, the next letter starts on a front side */
        if (err == AR_OK && sh->plan.duplex && jb->pages % 2 == 1)
            ar_pdf_blank_page(batch, sh->page_w, sh->page_h);
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
    if (err == AR_OK && ar_pdf_page_count(batch) != bt->pages)
        err = ar_diag_set(d, AR_ERR_OUTPUT, path, 0, NULL,
                          "%d pages expected, %d made (internal)", bt->pages,
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
static void count_letter(shared *sh, ar_letter_job *jb, ar_gather_scratch *sc,
                         ar_cpset *used)
{
    ar_letter l;
    ar_gather_letter(&sh->gather, jb->result, jb->stage, jb->lang, sc, &l);
    char payload[400];
    jb->qr = ar_gather_payload(ar_layout_letterhead(sh->layout), &l, payload,
                               sizeof payload);
    l.qr = jb->qr ? &no_code : NULL;
    jb->pages = ar_letter_compose(sh->style, &l, NULL, 0, used, &jb->bad_cp);
    if (jb->pages > 1 && !jb->bad_cp) {
        /* #19: a short closing kept on the page before, when tighter
         * spacing saves the near-empty page */
        l.tight = true;
        ar_cpset *none = NULL;
        int tight = ar_letter_compose(sh->style, &l, NULL, 0, none, NULL);
        if (tight < jb->pages) {
            jb->pages = tight;
            jb->tight = true;
        }
    }
    jb->out_of_range = l.out_of_range;
    jb->unmailable = (int)ar_gather_mailable(&l);
    jb->rejected = jb->bad_cp != 0 || l.out_of_range ||
                   jb->unmailable != AR_MAILABLE;
    jb->amount_due = l.amount_due;
}

typedef struct worker {
    shared *sh;
    ar_cpset used;
    bool report; /* the only thread: report progress itself */
    const ar_progress *prog;
} worker;

static void *work(void *arg)
{
    worker *w = arg;
    shared *sh = w->sh;
    ar_gather_scratch sc = {0};
    ar_diag d;
    for (;;) {
        size_t t = atomic_fetch_add(&sh->next_task, 1);
        if (t >= sh->ntasks || atomic_load(&sh->failed))
            break;
        ar_diag_clear(&d);
        ar_err err = AR_OK;
        if (sh->phase == 1) {
            size_t end = (t + 1) * BLOCK < sh->plan.njobs ? (t + 1) * BLOCK
                                                          : sh->plan.njobs;
            for (size_t j = t * BLOCK; j < end; j++)
                count_letter(sh, &sh->plan.jobs[j], &sc, &w->used);
        } else {
            size_t b = sh->plan.batch_order[t];
            err = write_batch(sh, &sh->plan.batches[b], &sc, &d);
            if (w->report && w->prog && w->prog->letters)
                w->prog->letters(w->prog->ctx, atomic_load(&sh->done),
                                 sh->plan.norder);
        }
        if (err != AR_OK) {
            fail(sh, err, &d);
            break;
        }
    }
    ar_gather_scratch_fini(&sc);
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
        if (nthreads > 1 &&
            pthread_create(&tid[started], NULL, work, &ws[i]) == 0) {
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
                prog->letters(prog->ctx, atomic_load(&sh->done),
                              sh->plan.norder);
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
                const ar_ttext *fields[] = {&t->subject, &t->closing,
                                            &t->signature,
                                            &t->signature_title};
                for (size_t k = 0; k < 4; k++) {
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

/* ---- the renderer ------------------------------------------------------- */

ar_err ar_render_letters(ar_run *run, const char *dir, const ar_progress *prog,
                         ar_diag *d)
{
    const ar_analysis *a = &run->analysis;
    const ar_ledger *lg = run->ledger;
    bool proof = run->opts && run->opts->proof;
    ar_layout *layout = NULL;
    ar_pdf_fonts *fonts = NULL;
    ar_pdf_image *logo = NULL;
    ar_dmtx **symbols = NULL;
    size_t nsymbols = 0;
    shared *sh = ar_xcalloc(1, sizeof *sh);
    pthread_mutex_init(&sh->lock, NULL);
    pthread_cond_init(&sh->finished, NULL);
    sh->run = run;
    sh->plan.run = run;

    ar_err err = ar_layout_load(ar_layout_default_dir(), &layout, d);
    if (err != AR_OK)
        goto out;
    const ar_letterhead *head = ar_layout_letterhead(layout);
    err = ar_pdf_fonts_new(head->font_regular, head->font_bold,
                           head->font_fallback, &fonts, d);
    if (err == AR_OK && head->icc_profile)
        err = ar_pdf_fonts_set_profile(fonts, head->icc_profile, d);
    if (err == AR_OK)
        err = check_layouts(layout, fonts, d);
    if (err == AR_OK && head->logo)
        err = ar_pdf_image_load(head->logo, &logo, d);
    if (err != AR_OK)
        goto out;
    const ar_policy *pol = &run->policy;
    ar_letter_style style = {
        layout, fonts, logo, pol->page_size, proof, pol->no_account_text,
        {pol->marks, pol->duplex, AR_PDF_MM(pol->mark_zone[0] / 10.0),
         AR_PDF_MM(pol->mark_zone[1] / 10.0),
         AR_PDF_MM(pol->mark_zone[2] / 10.0),
         AR_PDF_MM(pol->mark_zone[3] / 10.0), NULL, 0}};
    sh->style = &style;
    sh->layout = layout;
    sh->plan.duplex = pol->duplex;
    sh->page_w = pol->page_size == AR_PAGE_LETTER ? 612 : AR_PDF_MM(210);
    sh->page_h = pol->page_size == AR_PAGE_LETTER ? 792 : AR_PDF_MM(297);

    /* the letters the engine decided (SPEC §3.2, §8.12) */
    size_t letters = 0; /* one job a letter, not a client: 200 B each */
    for (int s = 1; s <= AR_STAGES; s++)
        letters += a->letters[s];
    sh->plan.jobs = ar_xcalloc(letters + 1, sizeof *sh->plan.jobs);
    for (size_t r = 0; r < a->client_count; r++) {
        const ar_client_result *cr = &a->clients[r];
        const ar_client_info *info = ar_ledger_info_of(lg, cr->client);
        if (cr->letter_stage <= 0 || !info)
            continue;
        /* every letter stage is counted in a->letters (analysis.c) */
        assert(sh->plan.njobs < letters);
        ar_letter_job *jb = &sh->plan.jobs[sh->plan.njobs++];
        jb->result = (uint32_t)r;
        jb->stage = cr->letter_stage;
        /* SPEC §2.2: a blank language from the country through the
         * policy's map, else English; one without templates is English
         * too, and counted */
        const char *language = ar_ledger_text(lg, info->language);
        if (!language[0])
            language = ar_policy_country_language(
                &run->policy, ar_ledger_text(lg, info->country));
        jb->lang = ar_layout_lang(layout, language, &jb->fallback);
        ar_safe_name(ar_ledger_text(lg, ar_ledger_clients(lg)[cr->client].id),
                     jb->file);
        jb->mine = ar_run_mine(run, cr->client);
    }
    ar_gather_init(&sh->gather, run);
    int nthreads = ar_options_threads(run->opts, MAX_THREADS);

    /* 1: pages and characters of every letter (a merge: as its shard
     * laid it out) */
    if (run->merging)
        err = ar_part_letters_fill(run, &sh->plan, d);
    else
        run_phase(sh, 1, (sh->plan.njobs + BLOCK - 1) / BLOCK, nthreads,
                  NULL);
    if (err != AR_OK)
        goto out;
    for (size_t j = 0; j < sh->plan.njobs; j++) {
        const ar_letter_job *jb = &sh->plan.jobs[j];
        if (jb->out_of_range)
            ar_gather_reject_amount(run, jb->result, jb->stage);
        else if (jb->unmailable != AR_MAILABLE)
            ar_gather_reject_unmailable(run, jb->result, jb->stage,
                                        (ar_mailable)jb->unmailable);
        else if (jb->rejected) {
            char what[40];
            snprintf(what, sizeof what, "letter of stage %d", jb->stage);
            ar_gather_reject(run, jb->result, what, jb->bad_cp);
        }
    }

    /* the Data Matrix symbols of every sheet n of m, once a run */
    if (pol->marks == AR_MARKS_DATAMATRIX) {
        for (size_t j = 0; j < sh->plan.njobs; j++) {
            int m = ar_batches_sheets(&sh->plan, sh->plan.jobs[j].pages);
            if (!sh->plan.jobs[j].rejected && m > style.marks.max_sheets)
                style.marks.max_sheets = m;
        }
        int m = style.marks.max_sheets;
        symbols = ar_xcalloc((size_t)(m * (m + 1) / 2 + 1), sizeof *symbols);
        for (int k = 1; k <= m; k++)
            for (int n = 1; n <= k; n++) {
                char text[8];
                ar_letter_mark_text(n, k, text);
                symbols[k * (k - 1) / 2 + n - 1] = ar_dmtx_encode(text);
            }
        nsymbols = (size_t)(m * (m + 1) / 2);
        style.marks.symbols = (const ar_dmtx *const *)symbols;
    }

    /* 2: fonts cut to what is used, mailing order, batches, folders */
    if (run->chars_only) { /* split: the characters, and who gets one */
        run->chars[0] = ar_xcalloc(1, sizeof *run->chars[0]);
        *run->chars[0] = sh->used;
        ar_batches_plan(&sh->plan, run->policy.batch_max_pages);
        for (size_t k = 0; k < sh->plan.norder; k++)
            run->letter_written[sh->plan.jobs[sh->plan.order[k]].result] =
                !proof;
        goto out;
    }
    const ar_cpset *cut;
    err = ar_run_cut_chars(run, 0, &sh->used, &cut, d);
    if (err == AR_OK && ar_run_sharded(run) && !run->chars[0]) {
        /* the summary says what the fonts were cut to (the merge's
         * batches embed the same subsets) */
        run->chars[0] = ar_xmalloc(sizeof *run->chars[0]);
        *run->chars[0] = *cut;
    }
    if (err == AR_OK)
        err = ar_pdf_fonts_subset(fonts, cut, d);
    if (err != AR_OK)
        goto out;
    ar_batches_plan(&sh->plan, run->policy.batch_max_pages);
    snprintf(sh->letters_dir, sizeof sh->letters_dir, "%s/letters", dir);
    err = make_dir(sh->letters_dir, d);
    bool stage_used[AR_STAGES + 1] = {false};
    for (size_t k = 0; k < sh->plan.norder; k++)
        stage_used[sh->plan.jobs[sh->plan.order[k]].stage] = true;
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
        prog->letters(prog->ctx, 0, sh->plan.norder);
    sh->writer = ar_writer_new(AR_WRITER_THREADS, AR_WRITER_PENDING);
    run_phase(sh, 2, sh->plan.nbatches, nthreads, prog);
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
    if (!ar_run_sharded(run))
        err = ar_batches_manifest(&sh->plan, sh->letters_dir, d);
    else /* its summary keeps its letters for the merge */
        ar_part_letters_keep(run, &sh->plan);
    if (err != AR_OK)
        goto out;
    for (size_t k = 0; k < sh->plan.norder; k++) {
        const ar_letter_job *jb = &sh->plan.jobs[sh->plan.order[k]];
        run->language_fallbacks += jb->fallback;
        /* --proof: review copies, nothing recorded in the history */
        if (!proof)
            run->letter_written[jb->result] = true;
    }
    if (prog && prog->letters)
        prog->letters(prog->ctx, sh->plan.norder, sh->plan.norder);
    /* the warning is for letters that go out, not a run that wrote none */
    const char *sample = ar_letterhead_sample_account(head);
    if (sh->plan.norder && sample)
        snprintf(run->sample_account, sizeof run->sample_account, "%s",
                 sample);
out:
    if (sh->writer)
        ar_writer_finish(sh->writer, NULL);
    ar_batches_fini(&sh->plan);
    ar_gather_fini(&sh->gather);
    pthread_mutex_destroy(&sh->lock);
    pthread_cond_destroy(&sh->finished);
    free(sh);
    for (size_t i = 0; i < nsymbols; i++)
        ar_dmtx_free(symbols[i]);
    free(symbols);
    ar_pdf_image_free(logo);
    ar_pdf_fonts_free(fonts);
    ar_layout_free(layout);
    return err;
}
