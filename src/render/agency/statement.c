/* statement.c - agency/<client>.pdf: a statement of account for
 * each debtor placed with the collections agency (SPEC §6), on the
 * letters' letterhead and fonts (layouts/).
 *
 * A statement holds what an agency needs to pursue the debt without
 * calling back: who the debtor is and how to reach them, why the account
 * was placed, a summary that adds up to the balance, every open item,
 * the payments, credits and write-offs already applied to those items,
 * the unapplied credits, the dunning letters sent and "page x of y".
 *
 * Two passes, as for the letters: every statement is laid out without
 * drawing (its page count and the characters it uses), the fonts are cut
 * down once to those characters, then every statement is drawn into its
 * own file. Both passes run on the render threads. The statements are in
 * English, the company's working language with its agency; amounts and
 * dates use the English letters' formats. The fonts' rules are the
 * letters' (#22 item 11): a character none of the fonts can print is
 * never replaced by '?' or a box, the statement is held back and listed
 * in rejects.csv; the account is still placed (placement.csv and
 * placement.xlsx keep the exact text).
 *
 * Here: the pages' running heads and footers, the two passes and the
 * files. What a statement says is in statement_front.c (before the
 * tables) and statement_tables.c, set through the page layout the letters
 * use too (render/page/page.h).
 */
#include "ar/render/agency/statement.h"

#include <pthread.h>
#include <stdatomic.h>
#include <stdlib.h>
#include <string.h>

#include "ar/base/writer.h"
#include "ar/render/letters/gather.h"
#include "ar/render/agency/statement_ctx.h"
#include "ar/render/agency/statement_front.h"
#include "ar/render/agency/statement_tables.h"

#define MM(x) AR_PDF_MM(x)
#define MAX_THREADS 64

/* A4 and US Letter, nothing in the printer's margins (as the letters). */
static const ar_page_geom a4 = {
    .w = MM(210), .h = MM(297), .left = MM(20), .right = MM(190),
    .top_cont = MM(30), .bottom = MM(266),
    .footer_rule = MM(273), .footer_y = MM(277),
};
static const ar_page_geom us_letter = {
    .w = 612, .h = 792, .left = MM(19), .right = 612 - MM(19),
    .top_cont = MM(30), .bottom = 792 - MM(32),
    .footer_rule = 792 - MM(25), .footer_y = 792 - MM(21),
};

/* The statements of a run: what they share and the threads' state. */
typedef struct shared {
    ar_statement_env env;
    const char *dir;
    int *pages;               /* per placement, from the counting pass */
    uint32_t *bad;            /* per placement: a character the fonts
                                 lack (held back), 0: none */
    int phase;                /* 1 count, 2 draw */
    atomic_size_t next;
    atomic_bool failed;
    pthread_mutex_t lock;     /* err, diag */
    ar_err err;
    ar_diag diag;
    ar_writer *writer;            /* files go out on I/O threads */
} shared;

/* ---- pages ---------------------------------------------------------- */

/* s cut to at most max bytes at a character boundary, with an ellipsis
 * when cut: a long client id in a running header or footer line. */
static const char *shortened(const char *s, size_t max, char *buf,
                             size_t size)
{
    size_t n = strlen(s);
    if (n <= max || size < max + 4)
        return s;
    while (n > max || (n > 0 && (s[n] & 0xC0) == 0x80))
        n--;
    memcpy(buf, s, n);
    memcpy(buf + n, "\xE2\x80\xA6", 4);
    return buf;
}

static void footer(void *owner)
{
    ar_statement *c = owner;
    char line[700], page[64], id[48];
    snprintf(page, sizeof page, "Page %d of %d", c->pg.page, c->pg.pages);
    snprintf(line, sizeof line,
             "Statement of account \xC2\xB7 %s \xC2\xB7 %s \xC2\xB7 %s",
             shortened(c->p->id, 40, id, sizeof id), c->env->h->company,
             c->env->h->phone);
    /* the account of the statement's currency only */
    ar_page_footer(&c->pg, line, page,
                   ar_letterhead_account(c->env->h, c->cur));
}

static void continuation_head(ar_statement *c)
{
    const ar_page_geom *gm = c->env->gm;
    double half = (gm->right - gm->left) / 2;
    char line[600], id[48], name[80];
    snprintf(line, sizeof line,
             "%s \xC2\xB7 %s \xC2\xB7 statement of account, continued",
             shortened(c->p->name[0] ? c->p->name : c->p->id, 60, name,
                       sizeof name),
             shortened(c->p->id, 40, id, sizeof id));
    ar_page_running_head(&c->pg, half - MM(4), line, half + MM(4));
}

static void head(void *owner)
{
    ar_statement *c = owner;
    if (c->pg.page == 1)
        ar_statement_head_draw(c);
    else
        continuation_head(c);
}

/* Lay out (doc NULL: count pages, note characters) or draw one
 * statement. Returns its pages. */
static int compose(const shared *sh, size_t r, ar_pdf *doc, int pages,
                   ar_cpset *used, uint32_t *bad)
{
    const ar_statement_env *env = &sh->env;
    ar_statement *c = ar_xcalloc(1, sizeof *c);
    c->pg = (ar_page){.fonts = env->fonts, .h = env->h, .gm = env->gm,
                      .doc = doc, .used = used,
                      .head = head, .foot = footer, .owner = c,
                      .pages = pages};
    c->env = env;
    c->p = &env->pk->rows[r];
    c->cr = &env->run->analysis.clients[c->p->result];
    c->cur = ar_ledger_currency_code(env->run->ledger, c->p->currency);
    ar_page_new(&c->pg);
    ar_statement_flags_draw(c);
    ar_statement_summary_draw(c);
    ar_statement_tables_draw(c);
    footer(c);
    int n = c->pg.page;
    if (bad)
        *bad = c->pg.bad_cp;
    free(c);
    return n;
}

/* ---- files and threads ---------------------------------------------- */

static ar_err draw_statement(shared *sh, size_t r, ar_diag *d)
{
    const ar_placement *p = &sh->env.pk->rows[r];
    char path[4400];
    snprintf(path, sizeof path, "%s/%s.pdf", sh->dir, p->file);
    ar_pdf *doc = ar_pdf_new(sh->env.fonts);
    ar_pdf_info info = {{0}, {0}, {0}};
    snprintf(info.title, sizeof info.title, "Statement of account %s",
             p->id);
    snprintf(info.author, sizeof info.author, "%s", sh->env.h->company);
    ar_date_format_iso(sh->env.run->analysis.as_of, info.date,
                       sizeof info.date);
    ar_pdf_set_info(doc, &info);
    int pages = compose(sh, r, doc, sh->pages[r], NULL, NULL);
    unsigned char *data = NULL;
    size_t len = 0;
    ar_err err = ar_pdf_status(doc, d);
    if (err == AR_OK)
        err = ar_pdf_save(doc, &data, &len, d);
    if (err == AR_OK && pages != sh->pages[r])
        err = ar_diag_set(d, AR_ERR_OUTPUT, path, 0, NULL,
                          "laid out on %d pages, drawn on %d (internal)",
                          sh->pages[r], pages);
    if (err == AR_OK) {
        /* the I/O threads own data from here */
        if (!ar_writer_put(sh->writer, path, data, len))
            err = ar_diag_set(d, AR_ERR_OUTPUT, path, 0, NULL,
                              "not written after an earlier write failed");
        data = NULL;
    } else if (!d->file[0]) {
        snprintf(d->file, sizeof d->file, "%.500s", path);
    }
    free(data);
    ar_pdf_free(doc);
    return err;
}

typedef struct worker {
    shared *sh;
    ar_cpset used;
} worker;

static void *work(void *arg)
{
    worker *w = arg;
    shared *sh = w->sh;
    ar_diag d;
    for (;;) {
        size_t r = atomic_fetch_add(&sh->next, 1);
        if (r >= sh->env.pk->count || atomic_load(&sh->failed))
            break;
        if (sh->phase == 1) {
            sh->pages[r] = compose(sh, r, NULL, 0, &w->used, &sh->bad[r]);
            continue;
        }
        if (sh->bad[r])
            continue; /* held back */
        if (!ar_run_mine(sh->env.run,
                         sh->env.run->analysis.clients[sh->env.pk->rows[r].result]
                             .client))
            continue; /* issue #21: another shard's client */
        ar_diag_clear(&d);
        ar_err err = draw_statement(sh, r, &d);
        if (err != AR_OK) {
            pthread_mutex_lock(&sh->lock);
            if (sh->err == AR_OK) {
                sh->err = err;
                sh->diag = d;
            }
            pthread_mutex_unlock(&sh->lock);
            atomic_store(&sh->failed, true);
        }
    }
    return NULL;
}

/* Run one pass over every statement on up to nthreads threads; the
 * workers' characters are added to used. */
static void run_phase(shared *sh, int phase, int nthreads, ar_cpset *used)
{
    sh->phase = phase;
    atomic_store(&sh->next, 0);
    if ((size_t)nthreads > sh->env.pk->count)
        nthreads = sh->env.pk->count ? (int)sh->env.pk->count : 1;
    worker *ws = ar_xcalloc((size_t)nthreads, sizeof *ws);
    pthread_t tid[MAX_THREADS];
    int started = 0;
    for (int i = 0; i < nthreads; i++) {
        ws[i].sh = sh;
        if (nthreads > 1 &&
            pthread_create(&tid[started], NULL, work, &ws[started]) == 0)
            started++;
    }
    if (started == 0)
        work(&ws[0]);
    for (int i = 0; i < started; i++)
        pthread_join(tid[i], NULL);
    for (int i = 0; i < nthreads; i++)
        ar_cpset_union(used, &ws[i].used);
    free(ws);
}

/* issue #21: a shard's statement held back, for its summary. */
static void keep_hold(ar_run *run, uint32_t result, uint32_t bad)
{
    uint32_t c = run->analysis.clients[result].client;
    if (!ar_run_sharded(run) || !ar_run_mine(run, c))
        return;
    const char *id = ar_ledger_text(run->ledger,
                                    ar_ledger_clients(run->ledger)[c].id);
    run->part_held = ar_xrealloc(run->part_held, (run->part_held_count + 1) *
                                                     sizeof *run->part_held);
    run->part_held[run->part_held_count++] =
        (ar_part_held){ar_xstrdup(id), bad};
}

static int cmp_held_id(const void *key, const void *x)
{
    return strcmp(key, ((const ar_part_held *)x)->client_id);
}

/* A merge: the statements the shards held back, held again in the
 * packet's order (as a single run holds them). The parts' holds are
 * sorted by client id (summary_read.c): one lookup per packet row. */
static void merge_holds(ar_run *run, const ar_agency_packet *pk)
{
    const ar_ledger *lg = run->ledger;
    if (!run->part_held_count)
        return;
    for (size_t r = 0; r < pk->count; r++) {
        uint32_t c = run->analysis.clients[pk->rows[r].result].client;
        const char *id = ar_ledger_text(lg, ar_ledger_clients(lg)[c].id);
        const ar_part_held *h =
            bsearch(id, run->part_held, run->part_held_count,
                    sizeof *run->part_held, cmp_held_id);
        if (h) {
            ar_gather_reject(run, pk->rows[r].result, "agency statement",
                             h->bad_cp);
            run->statements_held++;
        }
    }
}

ar_err ar_render_statements(ar_run *run, const ar_agency_packet *pk,
                            const char *agency_dir, ar_diag *d)
{
    if (pk->count == 0)
        return AR_OK;
    ar_layout *layout = NULL;
    ar_pdf_fonts *fonts = NULL;
    ar_pdf_image *logo = NULL;
    ar_cpset *used = ar_xcalloc(1, sizeof *used);
    shared *sh = ar_xcalloc(1, sizeof *sh);
    pthread_mutex_init(&sh->lock, NULL);
    sh->env.run = run;
    sh->env.pk = pk;
    sh->dir = agency_dir;
    sh->env.gm = run->policy.page_size == AR_PAGE_LETTER ? &us_letter : &a4;
    sh->pages = ar_xcalloc(pk->count + 1, sizeof *sh->pages);
    sh->bad = ar_xcalloc(pk->count + 1, sizeof *sh->bad);

    /* the letters' layouts and fonts; a fonts object of our own, cut
     * down to the statements' characters */
    ar_err err = ar_layout_load(ar_layout_default_dir(), &layout, d);
    if (err != AR_OK)
        goto out;
    bool fallback;
    sh->env.layout = layout;
    sh->env.g = ar_layout_lang(layout, "en", &fallback);
    sh->env.h = ar_layout_letterhead(layout);
    /* the statements' footer shows the accounts too */
    const char *sample = ar_letterhead_sample_account(sh->env.h);
    if (sample && !run->sample_account[0])
        snprintf(run->sample_account, sizeof run->sample_account, "%s",
                 sample);
    if (run->merging) { /* drawn by the shards: only their holds */
        merge_holds(run, pk);
        goto out;
    }
    err = ar_pdf_fonts_new(sh->env.h->font_regular, sh->env.h->font_bold,
                           sh->env.h->font_fallback, &fonts, d);
    if (err == AR_OK && sh->env.h->icc_profile)
        err = ar_pdf_fonts_set_profile(fonts, sh->env.h->icc_profile, d);
    if (err == AR_OK && sh->env.h->logo)
        err = ar_pdf_image_load(sh->env.h->logo, &logo, d);
    if (err != AR_OK)
        goto out;
    sh->env.fonts = fonts;
    sh->env.logo = logo;
    int nthreads = ar_options_threads(run->opts, MAX_THREADS);

    /* 1: pages and characters of every statement; "page x of y" needs
     * every digit */
    for (uint32_t cp = '0'; cp <= '9'; cp++)
        ar_cpset_add(used, cp);
    ar_cpset_add(used, '?');
    run_phase(sh, 1, nthreads, used);
    for (size_t r = 0; r < pk->count; r++)
        if (sh->bad[r]) {
            ar_gather_reject(run, pk->rows[r].result, "agency statement",
                             sh->bad[r]);
            run->statements_held++;
            keep_hold(run, pk->rows[r].result, sh->bad[r]);
        }
    /* 2: fonts cut to what is used, then every statement */
    if (run->chars_only) { /* split: the characters only */
        run->chars[1] = used;
        used = NULL;
        goto out;
    }
    const ar_cpset *cut;
    err = ar_run_cut_chars(run, 1, used, &cut, d);
    if (err == AR_OK && ar_run_sharded(run) && !run->chars[1]) {
        /* the summary says what the fonts were cut to (the merge's
         * batches embed the same subsets) */
        run->chars[1] = ar_xmalloc(sizeof *run->chars[1]);
        *run->chars[1] = *cut;
    }
    if (err == AR_OK)
        err = ar_pdf_fonts_subset(fonts, cut, d);
    if (err != AR_OK)
        goto out;
    sh->writer = ar_writer_new(AR_WRITER_THREADS, AR_WRITER_PENDING);
    run_phase(sh, 2, nthreads, used);
    for (size_t r = 0; r < pk->count; r++) /* as phase 2 chose them */
        run->statements_written +=
            !sh->bad[r] &&
            ar_run_mine(run, run->analysis.clients[pk->rows[r].result].client);
    ar_diag wd;
    ar_diag_clear(&wd);
    if (ar_writer_finish(sh->writer, &wd) != AR_OK) {
        *d = wd; /* the write that failed first says why */
        err = AR_ERR_OUTPUT;
    } else if (sh->err != AR_OK) {
        *d = sh->diag;
        err = sh->err;
    }
out:
    pthread_mutex_destroy(&sh->lock);
    free(sh->pages);
    free(sh->bad);
    free(sh);
    free(used);
    ar_pdf_image_free(logo);
    ar_pdf_fonts_free(fonts);
    ar_layout_free(layout);
    return err;
}
