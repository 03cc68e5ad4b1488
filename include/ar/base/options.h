/* options.h - what the user asked of a run (SPEC §1): the command line
 * parsed into values every stage may read. Plain values, no behaviour but
 * the thread count. */
#ifndef AR_OPTIONS_H
#define AR_OPTIONS_H

#include <stdbool.h>

#include "ar/base/date.h"
#include "ar/base/money.h"

typedef enum ar_command {
    AR_CMD_RUN,
    AR_CMD_VALIDATE,
    AR_CMD_INSPECT,
    AR_CMD_SPLIT,           /* issue #21: the inputs into shard folders */
    AR_CMD_MERGE,           /* issue #21: shard parts into one output set */
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

/* A general-ledger balance of the AR control account to tie the
 * rollforward to (--gl-balance, policy [close] gl_balance.XXX). */
#define AR_MAX_GL 32
typedef struct ar_gl_balance {
    char currency[4];       /* ISO 4217; "" = the base currency */
    ar_cents cents;         /* may be negative */
} ar_gl_balance;

typedef struct ar_options {
    ar_command command;
    const char *ledger;     /* borrowed from argv */
    const char *clients;
    const char *policy;
    const char *costs;
    const char *history;
    const char *holidays;   /* --holidays: public holidays (SPEC §5) */
    const char *fx;         /* --fx: exchange rates (README "Currencies") */
    const char *format;
    const char *entity;     /* --entity: overrides [input] entity */
    const char *write_policy; /* inspect --write-policy */
    const char *out;
    ar_date as_of;          /* AR_DATE_NONE when not given */
    ar_date letter_date;    /* --letter-date, AR_DATE_NONE: from the
                               policy's mailing lag (calendar.h) */
    ar_date from;           /* --from: the rollforward's opening date;
                               AR_DATE_NONE = the month-end before as_of */
    ar_gl_balance gl[AR_MAX_GL]; /* --gl-balance, in the order given */
    int gl_count;
    unsigned outputs;       /* AR_OUT_* bits */
    bool strict;
    bool quiet;
    bool proof;             /* a proof set (DIR/<as-of>-proof/): letters
                               watermarked SAMPLE, void payment codes, no
                               history */
    int jobs;               /* 0 = number of cores */
    unsigned shard_k;       /* --shard K/N: this run writes the clients of
                               shard K (shard.h); shard_n 0 = no shard */
    unsigned shard_n;       /* split: --shards N */
    const char *split_dir;  /* run --split DIR: a shard folder of split's */
    const struct ar_split_in *split_in; /* its split.txt, read (split.h) */
    char **parts;           /* merge: the part folders (argv) */
    size_t part_count;
    const struct ar_parts *merge; /* merge: the parts, open (merge.h) */
    bool group;             /* merge --group: the parts are entity sets */
} ar_options;

/* Threads to work on: --jobs, else the number of cores; at most max. */
int ar_options_threads(const ar_options *o, int max);

#endif
