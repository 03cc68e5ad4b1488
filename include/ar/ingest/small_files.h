/* small_files.h - our own small input files into the ledger: clients
 * (SPEC §2.2), collection costs (§2.3) and the dunning history (§2.4). */
#ifndef AR_SMALL_FILES_H
#define AR_SMALL_FILES_H

#include "ar/base/error.h"
#include "ar/engine/ledger.h"
#include "ar/engine/policy.h"
#include "ar/ingest/rejects.h"

/* Read the clients file (SPEC §2.2, §8.11). sha256 (may be NULL) gets
 * the file's digest, as for the two below. */
ar_err ar_ingest_clients(ar_ledger *lg, const char *path,
                         const ar_policy *p, ar_rejects *rej,
                         char sha256[65], ar_diag *d);

/* Read the collection costs file (SPEC §2.3). */
ar_err ar_ingest_costs(ar_ledger *lg, const char *path, const ar_policy *p,
                       ar_rejects *rej, char sha256[65], ar_diag *d);

/* Read the dunning history file (SPEC §2.4). */
ar_err ar_ingest_history(ar_ledger *lg, const char *path,
                         const ar_policy *p, ar_rejects *rej,
                         char sha256[65], ar_diag *d);

#endif
