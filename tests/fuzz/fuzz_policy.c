/* fuzz_policy.c - the policy reader (SPEC §3) on arbitrary text, then the
 * ingest and the engine of a small fixed ledger under whatever policy was
 * accepted. Invariants: a refusal names what is wrong; an accepted policy
 * keeps its documented bounds and the analysis reconciles. */
#include <string.h>

#include "ar/engine/analysis.h"
#include "ar/ingest/policy_file.h"
#include "ar/engine/metrics.h"
#include "ar/ingest/fields.h"
#include "ar/ingest/ledger_file.h"
#include "ar/ingest/small_files.h"
#include "engine_check.h"
#include "fuzz.h"

static const char ledger[] =
    "doc_type,doc_no,client_id,doc_date,due_date,amount,currency,"
    "applies_to,settled_date,disputed\n"
    "INV,1,A,2026-01-10,2026-02-09,1000.00,EUR,,,N\n"
    "INV,2,A,2026-05-10,2026-06-09,\"1,200.00\",EUR,,,N\n"
    "PAY,P1,A,2026-03-01,,400.00,EUR,1,,\n"
    "INV,3,B,2026-06-01,2026-07-01,250.00,,,2026-07-20,\n"
    "CRN,C1,B,2026-07-02,,50.00,EUR,9,,\n"
    "DEB,4,C,2026-09-01,,75.50,USD,,,Y\n"
    "INV,5,D,2025-09-01,2025-10-01,9000.00,EUR,,,\n"
    "PAY,P2,D,2026-09-20,,10.00,EUR,,,\n";

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    char *text = malloc(size + 1);
    memcpy(text, data, size);
    text[size] = '\0';
    ar_policy p;
    ar_policy_defaults(&p);
    ar_diag d;
    ar_diag_clear(&d);
    ar_err err = ar_policy_load_string(&p, text, "fuzz.ini", &d);
    free(text);
    if (err != AR_OK) {
        FUZZ_CHECK(err == AR_ERR_POLICY || err == AR_ERR_IO);
        FUZZ_CHECK(d.message[0] != '\0');
        return 0;
    }
    FUZZ_CHECK(p.bucket_count >= 1 && p.bucket_count <= AR_MAX_BUCKETS);
    FUZZ_CHECK(p.decimal_mark == '.' || p.decimal_mark == ',');
    FUZZ_CHECK(ar_date_pattern_valid(p.date_format));
    for (int32_t dpd = -5; dpd < 400; dpd += 7) {
        int b = ar_policy_bucket_for(&p, dpd);
        FUZZ_CHECK(b >= 0 && b < p.bucket_count);
    }
    for (int t = 0; t < AR_TIER_COUNT_; t++) {
        int32_t thr[AR_STAGES];
        ar_policy_thresholds(&p, (ar_tier)t, thr);
        for (int s = 0; s < AR_STAGES; s++)
            FUZZ_CHECK(thr[s] >= 1);
    }

    const char *path = fuzz_file(0, ledger, sizeof ledger - 1);
    if (!path)
        return 0;
    ar_ledger *lg = ar_ledger_new();
    ar_rejects rej;
    ar_rejects_init(&rej);
    ar_ingest_stats st;
    err = ar_ingest_ledger(lg, path, &p, NULL, &rej, &st, NULL, NULL, &d);
    if (err == AR_OK) {
        FUZZ_CHECK(st.rows_read == st.rows_used + st.rows_rejected);
        ar_ledger_finish(lg, p.base_currency);
        ar_analysis a;
        ar_analyse(lg, &p, ar_date_from_ymd(2026, 10, 31), &a);
        fuzz_check_analysis(&a);
        ar_analysis_fini(&a);
    }
    ar_rejects_fini(&rej);
    ar_ledger_free(lg);
    return 0;
}
