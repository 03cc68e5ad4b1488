/* cli.h - the command line of SPEC §1, parsed into a struct (no I/O). */
#ifndef AR_CLI_H
#define AR_CLI_H

#include <stdbool.h>

#include "ar/date.h"
#include "ar/error.h"

typedef enum ar_command {
    AR_CMD_RUN,
    AR_CMD_VALIDATE,
    AR_CMD_HELP,
    AR_CMD_VERSION,
} ar_command;

/* Renderers chosen by --outputs (SPEC §1). */
enum {
    AR_OUT_AGING = 1u << 0,
    AR_OUT_KPI = 1u << 1,
    AR_OUT_LETTERS = 1u << 2,
    AR_OUT_AGENCY = 1u << 3,
    AR_OUT_ALL = (1u << 4) - 1,
};

typedef struct ar_cli {
    ar_command command;
    const char *ledger;     /* borrowed from argv */
    const char *clients;
    const char *policy;
    const char *costs;
    const char *history;
    const char *format;
    const char *out;
    ar_date as_of;          /* AR_DATE_NONE when not given */
    unsigned outputs;       /* AR_OUT_* bits */
    bool strict;
    bool quiet;
    bool proof;             /* letters watermarked SAMPLE, no history */
    int jobs;               /* 0 = number of cores */
} ar_cli;

/* Parse argv. Returns AR_OK, or AR_ERR_USAGE with d saying what is wrong
 * (a missing or repeated option, a bad date or number, an unknown output
 * name). Strings in cli point into argv. */
ar_err ar_cli_parse(int argc, char **argv, ar_cli *cli, ar_diag *d);

/* Threads to render on: --jobs, else the number of cores; at most max. */
int ar_cli_threads(const ar_cli *cli, int max);

/* The usage text, in man-page form. */
const char *ar_cli_usage(void);

/* The program version ("0.1.0"). */
const char *ar_version(void);

#endif
