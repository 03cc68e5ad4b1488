/* agency.c - agency/ (SPEC §3.4, §6): the accounts placed with the
 * collections agency, as placement.csv and placement.xlsx (Accounts,
 * Items, Payments, Letters; xlsx/placement.c), plus a statement PDF per
 * debtor (statement.c).
 *
 * Everything is gathered once into an ar_agency_packet, so the CSV, the
 * workbook and the statements cannot disagree: each column of the file
 * is one entry of a table (placement_rows.c) that both the CSV and the
 * workbook's Placement sheet read.
 */
#include "ar/render/render.h"

#include "ar/base/files.h"
#include "ar/render/agency/accounts.h"
#include "ar/render/agency/packet.h"
#include "ar/render/agency/placement_rows.h"
#include "ar/render/agency/statement.h"
#include "ar/render/csv_field.h"
#include "ar/render/xlsx/placement.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#define CSV_NAME "placement.csv"

/* ---- placement.csv ------------------------------------------------------ */

static void csv_value(FILE *f, ar_cell_kind k, ar_cell v)
{
    char buf[32];
    if (v.blank)
        return;
    switch (k) {
    /* SPEC §6: a file for machines, every value exactly */
    case AR_CELL_TEXT: ar_csv_put_exact(f, v.text); break;
    case AR_CELL_MONEY: ar_csv_put_cents(f, v.n); break;
    case AR_CELL_INT: fprintf(f, "%lld", (long long)v.n); break;
    case AR_CELL_DATE:
        fputs(ar_date_format_iso((ar_date)v.n, buf, sizeof buf), f);
        break;
    case AR_CELL_FLAG: putc(v.n ? 'Y' : 'N', f); break;
    case AR_CELL_RATE:
        fprintf(f, "%lld.%02lld", (long long)(v.n / 100),
                (long long)(v.n % 100));
        break;
    }
}

/* One row of the file: lot l's debtor row (item < 0) or an invoice. */
static void csv_row(FILE *f, const ar_run *run, const ar_agency_packet *pk,
                    const ar_letterhead *h, const ar_lot *l, long item)
{
    char buf[4096];
    for (int c = 0; c < AR_PLACEMENT_COLS; c++) {
        if (c)
            putc(',', f);
        csv_value(f, ar_placement_cols[c].kind,
                  ar_placement_value(run, pk, h, l, item, c, buf,
                                     sizeof buf));
    }
    putc('\n', f);
}

/* README "Agency packet": per placement a debtor row, then a row per
 * placed invoice. */
static ar_err write_csv(const ar_run *run, const ar_agency_packet *pk,
                        const ar_letterhead *h, const char *dir, ar_diag *d)
{
    FILE *f = ar_out_open(dir, CSV_NAME, d);
    if (!f)
        return AR_ERR_OUTPUT;
    for (int c = 0; c < AR_PLACEMENT_COLS; c++) {
        if (c)
            putc(',', f);
        fputs(ar_placement_cols[c].name, f);
    }
    putc('\n', f);
    for (size_t k = 0; k < pk->lot_count; k++) {
        const ar_lot *l = &pk->lots[k];
        csv_row(f, run, pk, h, l, -1);
        for (size_t i = 0; i < l->item_count; i++)
            csv_row(f, run, pk, h, l, (long)i);
    }
    return ar_out_close(f, dir, CSV_NAME, d);
}

/* ---- the renderer ---------------------------------------------------------- */

ar_err ar_render_agency(ar_run *run, const char *dir, ar_diag *d)
{
    ar_agency_packet pk;
    ar_agency_collect(run, &pk);
    char adir[4200];
    ar_err err = AR_OK;
    if (run->chars_only) { /* split: the statements' characters */
        err = ar_render_statements(run, &pk, NULL, d);
        ar_agency_fini(&pk);
        return err;
    }
    if ((size_t)snprintf(adir, sizeof adir, "%s/agency", dir) >= sizeof adir)
        err = ar_diag_set(d, AR_ERR_OUTPUT, dir, 0, NULL,
                          "output directory path is too long");
    else if (mkdir(adir, 0755) != 0 && errno != EEXIST)
        err = ar_diag_set(d, AR_ERR_OUTPUT, adir, 0, NULL,
                          "cannot create the directory: %s", strerror(errno));
    /* the creditor: the letters' letterhead */
    ar_layout *layout = NULL;
    if (err == AR_OK)
        err = ar_layout_load(ar_layout_default_dir(), &layout, d);
    const ar_letterhead *h = layout ? ar_layout_letterhead(layout) : NULL;
    /* issue #21: a shard writes its clients' statements; the placement
     * file and workbook are the merge's */
    if (err == AR_OK && !ar_run_sharded(run))
        err = write_csv(run, &pk, h, adir, d);
    if (err == AR_OK && !ar_run_sharded(run))
        err = ar_render_placement_xlsx(run, &pk, h, adir, d);
    ar_layout_free(layout);
    if (err == AR_OK)
        err = ar_render_statements(run, &pk, adir, d);
    ar_agency_fini(&pk);
    return err;
}
