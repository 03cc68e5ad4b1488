/* complete.h - the last check before an output set is published: does the
 * temporary directory hold everything the run planned? (issue 22 item 1:
 * a set whose files another process removed must never be published). */
#ifndef AR_COMPLETE_H
#define AR_COMPLETE_H

#include "ar/base/error.h"
#include "ar/render/render.h"

/* Check dir against what run asked for and wrote: run.json and the CSV
 * files always, each workbook --outputs names, the letters (manifest.csv,
 * one letter file per manifest row and no other, each row's file, a batch
 * for each stage with letters, as many rows as letters written) and the
 * agency packet (placement.csv and .xlsx, a statement per placement).
 * AR_ERR_OUTPUT with d naming what is missing. */
ar_err ar_outset_check(const ar_run *run, const char *dir, ar_diag *d);

/* The same for a shard run's part (issue #21): rejects.csv, skipped.csv
 * and shard.json, a letter file for each letter of its clients the
 * renderer wrote and no other, as many statements as it wrote. */
ar_err ar_outset_check_part(const ar_run *run, const char *dir, ar_diag *d);

#endif
