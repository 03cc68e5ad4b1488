/* inspect.h - `arbatch inspect` (SPEC §2.6): what an export arbatch has
 * never seen holds, from its first lines only (fast on any size): its
 * delimiter, header line, decimal mark, line ends, each column's likely
 * role and date format, the document-type words with their counts and
 * signs, open amounts, clearing dates, entities and line items; then
 * every built-in preset tried on those lines for real, and a policy of its
 * own proposed and checked the same way when none fits. The report is
 * data: the command line prints it (nothing here prints). Texts taken
 * from the file are untrusted: show them with ar_text_show.
 */
#ifndef AR_INSPECT_H
#define AR_INSPECT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "ar/base/error.h"
#include "ar/ingest/inspect_guess.h"

/* inspect reads at most this much of the file's start. */
#define AR_INSPECT_LINES 5000
#define AR_INSPECT_BYTES (4u << 20)

/* One column of the export. */
typedef struct ar_inspect_column {
    char *header;             /* as the file names it */
    ar_value_kind kind;
    int role;                 /* the ledger column it likely is (an
                                 ar_column), or AR_ROLE_NONE */
    int info_role;            /* also the client's name (the same header
                                 as key and name), or AR_ROLE_NONE */
    bool by_content;          /* the role was guessed from the values
                                 (the name said nothing) */
    size_t filled;            /* non-blank values among the rows */
    size_t distinct;          /* distinct non-blank values */
    char *example;            /* its first non-blank value ("" none) */
    ar_date_guess date;       /* kind AR_KIND_DATE */
    bool date_decided;        /* date.other was ruled out by the other
                                 date columns (a day above 12 there) or
                                 by due dates after document dates */
    size_t negative;          /* amounts below zero */
    size_t trailing_minus;    /* of them written "425,50-" */
    size_t noisy;             /* amounts with more than two decimals */
} ar_inspect_column;

/* One document-type value. */
typedef struct ar_inspect_type {
    char *value;
    size_t count, positive, negative;  /* rows, by the amount's sign */
    uint8_t pos, neg;         /* proposed: ar_doc_type or AR_TYPE_SKIP,
                                 for a positive and a negative amount */
    bool known;               /* a known word; else guessed from words
                                 inside it or its signs */
} ar_inspect_type;

/* The file read with one policy: a preset, or the proposed one. */
typedef struct ar_inspect_trial {
    char name[32];            /* the preset's name, or "proposed" */
    ar_err err;               /* AR_OK, or why the file could not be read
                                 with it (message says) */
    char message[300];
    uint64_t read, used, rejected, skipped;
    size_t matched;           /* header names of the policy found */
    ar_err top_reason;        /* the commonest reject (AR_OK: none) */
    uint64_t top_count;
    char top_example[200];    /* its first: line, column, value, why */
} ar_inspect_trial;

/* A title line above the header. */
typedef struct ar_inspect_title {
    long line;
    char *text;
} ar_inspect_title;

#define AR_INSPECT_NOTES 16

/* What inspect concludes. */
typedef enum ar_inspect_verdict {
    AR_VERDICT_NONE,          /* nothing reads a row: exit 3 */
    AR_VERDICT_PRESET,        /* preset best fits: it rejects few rows */
    AR_VERDICT_PROPOSED,      /* no preset fits; the proposed policy reads
                                 rows (more than any preset) */
    AR_VERDICT_PRESET_ROUGH,  /* no preset fits and nothing reads more
                                 than preset best, which rejects many */
} ar_inspect_verdict;

typedef struct ar_inspect_report {
    /* the file */
    uint64_t file_bytes;
    bool whole_file;          /* the lines looked at are the whole file */
    size_t lines;             /* physical lines looked at */
    bool bom;
    size_t crlf, lf, cr;      /* line ends seen */
    /* the table */
    char delimiter;           /* 0 when no header line was found */
    long header_line;         /* physical line, 0 when none found */
    ar_inspect_title *titles; /* lines above the header */
    size_t title_count;
    size_t rows;              /* rows looked at below the header */
    size_t data_rows;         /* of them rows of data (the rest below) */
    size_t layout_rows;       /* of them blank, section or total lines */
    size_t odd_rows;          /* of them with another field count */
    char skip_rows[128];      /* a skip_rows pattern for the total lines
                                 seen ("" none) */
    char decimal_mark;
    bool decimal_sure;        /* some value told '.' from ',' */
    ar_inspect_column *columns;
    size_t column_count;
    /* what it means */
    long type_column;         /* index of the doc_type column, -1 none */
    ar_inspect_type *types;   /* by count, most first */
    size_t type_count;
    long amount_column;       /* -1 when debit and credit (or nothing) */
    bool signed_amounts;      /* credits come negative (or a trailing
                                 minus): signed_amounts = yes */
    size_t negative_amounts, trailing_minus;
    size_t negative_open;     /* open amounts below zero */
    bool debit_credit;        /* debit and credit columns give the sign */
    bool open_balances;       /* an open_amount or open column */
    bool settled;             /* a settled (clearing) date column */
    size_t entities;          /* distinct values of the entity column */
    char entity_codes[160];   /* the first of them, sorted, ", " between
                                 ("..." when there are more) */
    bool doc_no_per_entity;   /* a number repeats across entities */
    size_t unnumbered;        /* data rows with a blank document number */
    bool strip_zeros;         /* client ids differ only by leading zeros */
    size_t line_item_rows;    /* rows repeating the number of the row
                                 before them (type and client alike) */
    int group_lines;          /* ar_group_lines proposed */
    bool round_amounts;       /* amounts with float noise */
    /* the presets, and the policy proposed */
    ar_inspect_trial *trials; /* one per preset, in ar_formats order */
    size_t trial_count;
    long best;                /* the preset that reads the most rows, -1
                                 when none reads any */
    ar_inspect_trial proposed;
    char *policy;             /* the proposed policy's text */
    ar_inspect_verdict verdict;
    /* things to say in words */
    char notes[AR_INSPECT_NOTES][240];
    size_t note_count;
} ar_inspect_report;

/* Inspect the export at path into r (released with ar_inspect_fini, also
 * after an error). Reads at most AR_INSPECT_LINES lines or
 * AR_INSPECT_BYTES bytes of it; the trials read those lines from a
 * temporary copy in $TMPDIR (else /tmp), removed before returning.
 * Returns AR_OK when the file could be looked at (r->verdict says whether
 * and how it can be read), or AR_ERR_IO,
 * AR_ERR_EMPTY, AR_ERR_UTF8, AR_ERR_BINARY with d filled. */
ar_err ar_inspect(const char *path, ar_inspect_report *r, ar_diag *d);

void ar_inspect_fini(ar_inspect_report *r);

#endif
