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

/* Free run->part_letters and run->part_held. */
void ar_part_letters_free(ar_run *run);

#endif
