/* fuzz_ingest.c - the CSV ingest and the engine on arbitrary bytes.
 *
 * Byte 0 picks options (which input file the bytes are, decimal mark,
 * date format, apply_unapplied); bytes 1-2 the as-of date; the rest is the
 * file. A ledger is ingested, finished and analysed; a clients, costs or
 * history file is read beside a small fixed ledger. Invariants: rows read =
 * used + rejected, and the analysis reconciles (engine_check.h). */
#include <string.h>

#include "ar/engine/analysis.h"
#include "ar/engine/metrics.h"
#include "ar/ingest/fields.h"
#include "ar/ingest/ledger_file.h"
#include "ar/ingest/small_files.h"
#include "engine_check.h"
#include "fuzz.h"

static const char fixed_ledger[] =
    "doc_type,doc_no,client_id,doc_date,due_date,amount,currency,"
    "applies_to,settled_date,disputed\n"
    "INV,1,A,2026-01-10,2026-02-09,1000.00,EUR,,,N\n"
    "PAY,P1,A,2026-03-01,,400.00,EUR,1,,\n"
    "INV,2,B,2026-06-01,2026-07-01,250.00,,,2026-07-20,\n"
    "CRN,C1,B,2026-07-02,,50.00,EUR,9,,\n"
    "DEB,3,C,2026-09-01,,75.50,USD,,,Y\n";

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    if (size < 3)
        return 0;
    uint8_t opt = data[0];
    ar_date as_of = ar_date_from_ymd(2020, 1, 1) +
                    ((data[1] << 8 | data[2]) % 4000);
    data += 3;
    size -= 3;

    ar_policy p;
    ar_policy_defaults(&p);
    if (opt & 0x04)
        p.decimal_mark = ',';
    if (opt & 0x08)
        snprintf(p.date_format, sizeof p.date_format, "%s", "%d.%m.%Y");
    if (opt & 0x10)
        p.apply_unapplied_oldest = true;
    if (opt & 0x20)
        p.delimiter = ';';
    int role = opt & 0x03; /* 0 ledger, 1 clients, 2 costs, 3 history */

    const char *path = fuzz_file(0, data, size);
    const char *fixed = fuzz_file(1, fixed_ledger, sizeof fixed_ledger - 1);
    if (!path || !fixed)
        return 0;
    ar_ledger *lg = ar_ledger_new();
    ar_rejects rej;
    ar_rejects_init(&rej);
    ar_ingest_stats st;
    ar_diag d;
    ar_diag_clear(&d);
    ar_err err = ar_ingest_ledger(lg, role == 0 ? path : fixed, &p, NULL, &rej,
                                  &st, NULL, NULL, &d);
    if (err == AR_OK) {
        FUZZ_CHECK(st.rows_read == st.rows_used + st.rows_rejected);
        FUZZ_CHECK(st.rows_used == ar_ledger_doc_count(lg));
        if (role == 1)
            err = ar_ingest_clients(lg, path, &p, &rej, NULL, &d);
        else if (role == 2)
            err = ar_ingest_costs(lg, path, &p, &rej, NULL, &d);
        else if (role == 3) {
            ar_kept_rows kept = {0};
            err = ar_ingest_history(lg, path, &p, &rej, &kept, NULL, &d);
            FUZZ_CHECK(kept.rows <= rej.count);
            ar_kept_rows_fini(&kept);
        }
    }
    if (err == AR_OK) {
        ar_ledger_finish(lg, p.base_currency);
        if (fuzz_totals_fit(lg)) {
            ar_analysis a;
            ar_analyse(lg, &p, as_of, &a);
            fuzz_check_analysis(&a);
            ar_analysis_fini(&a);
        }
    } else {
        FUZZ_CHECK(d.message[0] != '\0'); /* a refusal always says why */
    }
    ar_rejects_fini(&rej);
    ar_ledger_free(lg);
    return 0;
}
