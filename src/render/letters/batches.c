/* batches.c - the letters in mailing order, cut into per-stage batches
 * (blank backs for duplex), and the manifest that lists them for the
 * mailing house (SPEC §5, #19).
 */
#include "ar/render/letters/batches.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "ar/base/files.h"
#include "ar/render/csv_field.h"

static void upper2(char out[4], const char *s)
{
    for (int i = 0; i < 3; i++)
        out[i] = s[i] >= 'a' && s[i] <= 'z' ? (char)(s[i] - 32) : s[i];
    out[3] = '\0';
}

/* Mailing order: country, postal code, client id. */
static int cmp_mailing(const void *x, const void *y, void *arg)
{
    const ar_batches *bs = arg;
    const ar_run *run = bs->run;
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

static int cmp_batch_size(const void *x, const void *y, void *arg)
{
    const ar_batches *bs = arg;
    const ar_batch *a = &bs->batches[*(const uint32_t *)x];
    const ar_batch *b = &bs->batches[*(const uint32_t *)y];
    if (a->count != b->count)
        return a->count > b->count ? -1 : 1;
    return a < b ? -1 : a > b;
}

void ar_batches_plan(ar_batches *b, int32_t max_pages)
{
    order_key *keys = ar_xmalloc((b->njobs + 1) * sizeof *keys);
    size_t n = 0;
    for (size_t j = 0; j < b->njobs; j++)
        if (!b->jobs[j].rejected)
            keys[n++] = (order_key){(uint32_t)j, b->jobs[j].result,
                                    b->jobs[j].stage};
    qsort_r(keys, n, sizeof *keys, cmp_order, b);
    b->order = ar_xmalloc((n + 1) * sizeof *b->order);
    for (size_t k = 0; k < n; k++)
        b->order[k] = keys[k].job;
    b->norder = n;
    free(keys);

    size_t cap = 0;
    for (size_t k = 0; k < n;) {
        int stage = b->jobs[b->order[k]].stage;
        size_t first_batch = b->nbatches;
        while (k < n && b->jobs[b->order[k]].stage == stage) {
            ar_xgrow((void **)&b->batches, &cap, b->nbatches + 1,
                     sizeof *b->batches);
            ar_batch *bt = &b->batches[b->nbatches++];
            *bt = (ar_batch){.stage = stage, .first = k};
            while (k < n && b->jobs[b->order[k]].stage == stage) {
                ar_letter_job *jb = &b->jobs[b->order[k]];
                int pages = ar_batches_pages(b, jb->pages);
                if (bt->count > 0 && bt->pages + pages > max_pages)
                    break;
                jb->batch = (int)(b->nbatches - 1);
                jb->first_page = bt->pages + 1;
                jb->seq = (int)bt->count + 1;
                bt->pages += pages;
                bt->count++;
                k++;
            }
        }
        size_t parts = b->nbatches - first_batch;
        for (size_t c = first_batch; c < b->nbatches; c++) {
            if (parts == 1)
                snprintf(b->batches[c].name, sizeof b->batches[c].name,
                         "batch-stage%d.pdf", stage);
            else
                snprintf(b->batches[c].name, sizeof b->batches[c].name,
                         "batch-stage%d-%zu.pdf", stage, c - first_batch + 1);
        }
    }
    b->batch_order = ar_xmalloc((b->nbatches + 1) * sizeof *b->batch_order);
    for (size_t c = 0; c < b->nbatches; c++)
        b->batch_order[c] = (uint32_t)c;
    qsort_r(b->batch_order, b->nbatches, sizeof *b->batch_order,
            cmp_batch_size, b);
}

/* The manifest's address columns: the lines as printed in the window;
 * more lines than columns go into the last one. */
#define ADDRESS_COLS 8

ar_err ar_batches_manifest(const ar_batches *b, const char *letters_dir,
                           ar_diag *d)
{
    const ar_run *run = b->run;
    const ar_ledger *lg = run->ledger;
    FILE *f = ar_out_open(letters_dir, "manifest.csv", d);
    if (!f)
        return AR_ERR_OUTPUT;
    fputs("sequence,batch,first_page,sheets,client_id,name,stage,pages,"
          "postage_zone,postal_code,country",
          f);
    for (int i = 1; i <= ADDRESS_COLS; i++)
        fprintf(f, ",address_%d", i);
    fputs(",amount_due,currency,file,sha256\n", f);
    /* #19: batch by batch, in mailing order (within a batch by country,
     * then postal code: SPEC §5), the sequence counted per batch */
    for (size_t k = 0; k < b->norder; k++) {
        const ar_letter_job *jb = &b->jobs[b->order[k]];
        const ar_client_result *cr = &run->analysis.clients[jb->result];
        const ar_client_info *info = ar_ledger_info_of(lg, cr->client);
        /* SPEC §6: a file for machines, every value exactly */
        fprintf(f, "%d,", jb->seq);
        ar_csv_put_exact(f, b->batches[jb->batch].name);
        fprintf(f, ",%d,%d,", jb->first_page,
                ar_batches_sheets(b, jb->pages));
        ar_csv_put_exact(
            f, ar_ledger_text(lg, ar_ledger_clients(lg)[cr->client].id));
        putc(',', f);
        ar_csv_put_exact(f, ar_ledger_text(lg, info->name));
        fprintf(f, ",%d,%d,%s,", jb->stage, jb->pages,
                jb->abroad ? "international" : "domestic");
        ar_csv_put_exact(f, ar_ledger_text(lg, info->postal_code));
        putc(',', f);
        ar_csv_put_exact(f, ar_ledger_text(lg, info->country));
        const char *line = jb->address ? jb->address : "";
        for (int i = 1; i <= ADDRESS_COLS; i++) {
            putc(',', f);
            size_t n = i < ADDRESS_COLS ? strcspn(line, "\n") : strlen(line);
            char *one = ar_xstrndup(line, n);
            if (i == ADDRESS_COLS) /* the rest, on one line */
                for (char *q = one; *q; q++)
                    if (*q == '\n')
                        *q = ' ';
            ar_csv_put_exact(f, one);
            free(one);
            line += n;
            if (*line == '\n')
                line++;
        }
        putc(',', f);
        ar_csv_put_cents(f, jb->amount_due);
        putc(',', f);
        ar_csv_put_exact(f, ar_ledger_currency_code(lg, cr->currency));
        char file[AR_SAFE_NAME_MAX + 16];
        snprintf(file, sizeof file, "%d/%s.pdf", jb->stage, jb->file);
        putc(',', f);
        ar_csv_put_exact(f, file);
        fprintf(f, ",%s\n", jb->sha256);
    }
    return ar_out_close(f, letters_dir, "manifest.csv", d);
}

void ar_batches_fini(ar_batches *b)
{
    for (size_t j = 0; j < b->njobs; j++)
        free(b->jobs[j].address);
    free(b->jobs);
    free(b->order);
    free(b->batches);
    free(b->batch_order);
    memset(b, 0, sizeof *b);
}
