/* args.h - the command line of SPEC §1, parsed into a struct (no I/O). */
#ifndef AR_ARGS_H
#define AR_ARGS_H

#include "ar/base/error.h"
#include "ar/base/options.h"

/* Parse argv. Returns AR_OK, or AR_ERR_USAGE with d saying what is wrong
 * (a missing or repeated option, a bad date or number, an unknown output
 * name). Strings in cli point into argv. */
ar_err ar_cli_parse(int argc, char **argv, ar_options *cli, ar_diag *d);

/* The usage text, in man-page form. */
const char *ar_cli_usage(void);

#endif
