/* publish.h - the output set is written into a temporary directory
 * beside its final place and renamed into place only when complete
 * (SPEC §1).
 *
 * Who owns a temporary directory is decided by a lock, never by a process
 * id: each holds a lock file (AR_OUTSET_LOCK) that its run keeps locked
 * (flock) from the moment the directory has its name until the set is
 * published or removed. Locks work across PID namespaces and, on a file
 * system that supports them (NFS with its lock service), across hosts;
 * process ids do neither. What a killed run left is found by its lock
 * being free. Publishing, and putting back a previous set that a killed
 * run had moved aside, hold a second lock per date, DIR/.<as-of>.lock,
 * which exists only while held. */
#ifndef AR_PUBLISH_H
#define AR_PUBLISH_H

#include <stdbool.h>

#include "ar/base/date.h"
#include "ar/base/error.h"

/* The lock file inside a temporary directory. */
#define AR_OUTSET_LOCK ".arbatch.lock"

/* What a proof set's name adds to the date: DIR/<as-of>-proof. */
#define AR_OUTSET_PROOF "-proof"
/* What a shard run's set adds to the date (issue #21):
 * DIR/<as-of>-shard-K-of-N, K and N in decimal. */
#define AR_OUTSET_SHARD "-shard-"
/* What a group's set adds to the date (merge --group, issue #21):
 * DIR/<as-of>-group. */
#define AR_OUTSET_GROUP "-group"
#define AR_OUTSET_DAY 40       /* bytes of a set's name */

typedef struct ar_outset {
    char dir[4096];         /* DIR */
    char day[AR_OUTSET_DAY]; /* the set's name: the as-of date, YYYY-MM-DD,
                               and AR_OUTSET_PROOF for a proof set,
                               -shard-K-of-N for a shard run's */
    char final_dir[4096];   /* DIR/<day> */
    char tmp_dir[4096];     /* DIR/.<as-of>.tmp-<token> */
    char token[17];         /* random, 16 hex digits */
    int lock_fd;            /* tmp_dir's lock file, locked; -1 when none */
} ar_outset;

/* Create DIR (and parents) and a fresh temporary directory beside the
 * final one, DIR/<as-of> followed by suffix: "" for the live set,
 * AR_OUTSET_PROOF for a proof set (a proof run never touches the live
 * set), "-shard-K-of-N" for a shard run's; locked for this run. First tidy DIR, for every date, under
 * that date's lock: remove temporary directories whose lock is free, and
 * put back a previous set that a run killed while publishing had moved
 * aside (or remove it when a newer set is in place). AR_ERR_OUTPUT when
 * the directory cannot be made or locked. */
ar_err ar_outset_begin(ar_outset *o, const char *dir, ar_date as_of,
                       const char *suffix, ar_diag *d);

/* Replace DIR/<as-of> with the temporary directory: in one exchange where
 * the file system has RENAME_EXCHANGE, else by moving the previous set
 * aside first (it is put back if the second rename fails, and by the next
 * run if this one is killed in between). The previous set is removed
 * afterwards. AR_ERR_OUTPUT when the directory is no longer this run's or
 * cannot be moved; the temporary directory is then still there (abort). */
ar_err ar_outset_commit(ar_outset *o, ar_diag *d);

/* Remove the temporary directory and release its lock (a failed run
 * leaves nothing). Safe after a commit. */
void ar_outset_abort(ar_outset *o);

#endif
