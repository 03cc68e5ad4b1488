/* part_letters.h - a letter's layout and drawn pages carried from a shard
 * run to the merge (issue #21): the shard keeps each of its letters as
 * an ar_part_letter (render.h) for its summary; the merge's letters
 * renderer fills its jobs from them and copies their pages into the
 * batches, laying out and drawing nothing. */
#ifndef AR_PART_LETTERS_H
#define AR_PART_LETTERS_H

#include "ar/render/letters/batches.h"

/* A merge: each job's layout (pages, holds, amount due, address, pages
 * drawn) from run->part_letters (sorted by client id). AR_ERR_IO with d
 * filled when no part has the letter of a job's client. */
ar_err ar_part_letters_fill(ar_run *run, ar_batches *plan, ar_diag *d);

/* A shard: the jobs of its own clients into run->part_letters (their
 * drawn pages handed on). */
void ar_part_letters_keep(ar_run *run, ar_batches *plan);

/* A shard: the spool its letters' pages go to, a file made in dir and
 * unlinked at once (it is never part of the set). AR_ERR_OUTPUT. */
ar_err ar_part_letters_spool_open(ar_run *run, const char *dir, ar_diag *d);

/* A shard: job jb's drawn pages rec (len bytes, freed here) onto the
 * spool; any thread. AR_ERR_OUTPUT when the write fails. */
ar_err ar_part_letters_spool(ar_run *run, ar_letter_job *jb,
                             unsigned char *rec, size_t len, ar_diag *d);

/* A shard's letter pl's pages back from the spool into *data (caller
 * frees). AR_ERR_OUTPUT. */
ar_err ar_part_letters_unspool(const ar_run *run, const ar_part_letter *pl,
                               unsigned char **data, ar_diag *d);

/* Free run->part_letters and run->part_held, and close the spool. */
void ar_part_letters_free(ar_run *run);

#endif
