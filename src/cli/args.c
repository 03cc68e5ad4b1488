/* args.c - getopt_long over one sorted option table (SPEC §1). */
#include "ar/cli/args.h"

#include "ar/base/shard.h"
#include "ar/base/version.h"

#include <getopt.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

/* The help text, in two literals (each within C's 4095 bytes). */
static const char *const usage_parts[] = {
    "Usage:\n"
           "  arbatch run --ledger FILE --as-of YYYY-MM-DD --out DIR\n"
           "              [--clients FILE] [--policy FILE] [--costs FILE]\n"
           "              [--history FILE] [--format NAME] [--outputs LIST]\n"
           "              [--strict] [--quiet] [--proof] [--jobs N]\n"
           "              [--entity CODE] [--letter-date YYYY-MM-DD]\n"
           "              [--holidays FILE] [--fx FILE] [--from DATE]\n"
           "              [--gl-balance [CUR=]AMOUNT]...\n"
           "              [--shard K/N | --shard auto/N [--split DIR]]\n"
           "  arbatch split --ledger FILE --as-of YYYY-MM-DD --shards N --out DIR\n"
           "              [--clients FILE] [--costs FILE] [--history FILE]\n"
           "              [--policy FILE] [--format NAME] [--entity CODE]\n"
           "              [--letter-date YYYY-MM-DD] [--holidays FILE] [--fx FILE]\n"
           "  arbatch merge --as-of YYYY-MM-DD --out DIR [--quiet] [--jobs N]\n"
           "              PART...\n"
           "  arbatch merge --group --as-of YYYY-MM-DD --out DIR [--fx FILE]\n"
           "              [--policy FILE] [--quiet] SET...\n"
           "  arbatch validate --ledger FILE [--clients FILE]\n"
           "              [--policy FILE] [--format NAME] [--entity CODE]\n"
           "              [--strict]\n"
           "  arbatch inspect --ledger FILE [--write-policy FILE]\n"
           "  arbatch --help | --version\n"
           "\n"
           "Ages every open item of an accounts-receivable ledger as of the\n"
           "close date, tiers clients by risk, decides dunning stages and\n"
           "actions, and writes the month-end output set to DIR/<as-of>/.\n"
           "\n",
           "Options:\n"
           "  --as-of DATE      close date; later documents are ignored and\n"
           "                    later payments have not happened yet\n"
           "  --clients FILE    client master data (names, addresses, tiers)\n"
           "  --costs FILE      collection costs (date,client_id,action,cost)\n"
           "  --entity CODE     read only this entity (company code) of a\n"
           "                    ledger with an entity column\n"
           "  --format NAME     built-in export format (layouts/formats/):\n"
           "                    canonical, ibm, quickbooks, xero, sap-fbl5n,\n"
           "                    bc, odoo, erpnext\n"
           "  --from DATE       the AR rollforward's opening date (default:\n"
           "                    the month-end before --as-of)\n"
           "  --fx FILE         exchange rates to the base currency as of the\n"
           "                    close (currency,rate[,source,date]): the\n"
           "                    KPIs and the aging also over every currency\n"
           "  --group           merge: SET... are entity output sets\n"
           "                    (DIR/<as-of>/ of run --entity CODE): one\n"
           "                    group-kpi.xlsx and group.json per entity,\n"
           "                    per currency and, with --fx, consolidated,\n"
           "                    in DIR/<as-of>-group/\n"
           "  --gl-balance [CUR=]AMOUNT\n"
           "                    the general ledger's AR balance at --as-of to\n"
           "                    tie the rollforward to (EUR=1234567.89; no\n"
           "                    code: the base currency); once per currency\n"
           "  --history FILE    letters sent by earlier runs\n"
           "  --holidays FILE   public holidays (a column date): no letter\n"
           "                    date or pay-by date falls on one\n"
           "  --jobs N          threads for rendering (default: cores)\n"
           "  --ledger FILE     the AR ledger export (CSV)\n"
           "  --letter-date D   the date the letters bear (the day they are\n"
           "                    mailed; default: as-of + the policy's\n"
           "                    mailing_lag_days, on a business day)\n"
           "  --out DIR         where the output set is written\n"
           "  --outputs LIST    comma list of aging,kpi,letters,agency\n"
           "                    (default all; actions, rejects, history and\n"
           "                    run.json are always written)\n"
           "  --policy FILE     policy INI (default: built-in, as in\n"
           "                    layouts/policy.ini)\n"
           "  --proof           a proof set in DIR/<as-of>-proof/: letters\n"
           "                    marked SAMPLE, payment codes voided, no\n"
           "                    history; the live set is never touched\n"
           "  --quiet           no progress display\n"
           "  --shard K/N       write the letters and statements of shard K\n"
           "                    of N (clients by FNV-1a 64 of their id) into\n"
           "                    DIR/<as-of>-shard-K-of-N/; auto/N takes K from\n"
           "                    SLURM_ARRAY_TASK_ID or JOB_COMPLETION_INDEX\n"
           "  --split DIR       with --shard: read shard K's folder of\n"
           "                    `arbatch split --out DIR` instead of --ledger,\n"
           "                    --clients, --costs and --history\n"
           "  --shards N        split: into N shards (1 to 512)\n"
           "  --strict          refuse the run (exit 3) if any row is rejected\n"
           "  --write-policy F  inspect: write the policy that reads the file\n"
           "                    (the preset that fits, or the one proposed)\n"
           "                    to F; an existing F is never replaced\n"
           "  -h, --help        this text\n"
           "  -V, --version     the version\n"
           "\n"
           "inspect looks at an export it does not know and says what it sees:\n"
           "delimiter, header line, each column's likely role, date formats,\n"
           "decimal mark, document types and signs; the preset that fits, or\n"
           "a policy to run it with. It reads the first 5,000 lines only, and\n"
           "tries each preset and its proposal on them for real.\n"
           "\n"
           "Exit status: 0 success; 1 done but rows were rejected; 2 usage\n"
           "error; 3 input error; 4 output error.\n",
};

const char *ar_cli_usage(void)
{
    /* built once, on the first call (main, before any thread starts) */
    static char text[8192];
    if (!text[0])
        for (size_t i = 0; i < sizeof usage_parts / sizeof *usage_parts; i++)
            strncat(text, usage_parts[i], sizeof text - strlen(text) - 1);
    return text;
}

enum {
    OPT_AS_OF = 256, OPT_CLIENTS, OPT_COSTS, OPT_ENTITY, OPT_FORMAT,
    OPT_FROM, OPT_FX, OPT_GL_BALANCE, OPT_GROUP, OPT_HISTORY, OPT_HOLIDAYS, OPT_JOBS,
    OPT_LEDGER, OPT_LETTER_DATE, OPT_OUT, OPT_OUTPUTS, OPT_POLICY,
    OPT_PROOF, OPT_QUIET, OPT_SHARD, OPT_SHARDS, OPT_SPLIT, OPT_STRICT, OPT_WRITE_POLICY,
};

/* Sorted by name. */
static const struct option options[] = {
    {"as-of", required_argument, NULL, OPT_AS_OF},
    {"clients", required_argument, NULL, OPT_CLIENTS},
    {"costs", required_argument, NULL, OPT_COSTS},
    {"entity", required_argument, NULL, OPT_ENTITY},
    {"format", required_argument, NULL, OPT_FORMAT},
    {"from", required_argument, NULL, OPT_FROM},
    {"fx", required_argument, NULL, OPT_FX},
    {"gl-balance", required_argument, NULL, OPT_GL_BALANCE},
    {"group", no_argument, NULL, OPT_GROUP},
    {"help", no_argument, NULL, 'h'},
    {"history", required_argument, NULL, OPT_HISTORY},
    {"holidays", required_argument, NULL, OPT_HOLIDAYS},
    {"jobs", required_argument, NULL, OPT_JOBS},
    {"ledger", required_argument, NULL, OPT_LEDGER},
    {"letter-date", required_argument, NULL, OPT_LETTER_DATE},
    {"out", required_argument, NULL, OPT_OUT},
    {"outputs", required_argument, NULL, OPT_OUTPUTS},
    {"policy", required_argument, NULL, OPT_POLICY},
    {"proof", no_argument, NULL, OPT_PROOF},
    {"quiet", no_argument, NULL, OPT_QUIET},
    {"shard", required_argument, NULL, OPT_SHARD},
    {"shards", required_argument, NULL, OPT_SHARDS},
    {"split", required_argument, NULL, OPT_SPLIT},
    {"strict", no_argument, NULL, OPT_STRICT},
    {"version", no_argument, NULL, 'V'},
    {"write-policy", required_argument, NULL, OPT_WRITE_POLICY},
    {NULL, 0, NULL, 0},
};

static ar_err usage_error(ar_diag *d, const char *fmt, ...)
    __attribute__((format(printf, 2, 3)));

static ar_err usage_error(ar_diag *d, const char *fmt, ...)
{
    ar_diag_set(d, AR_ERR_USAGE, NULL, 0, NULL, "%s", "");
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(d->message, sizeof d->message, fmt, ap);
    va_end(ap);
    return AR_ERR_USAGE;
}

/* Edits (insert, delete, replace) from a[0..n) to b, or 3 when more than
 * 2: enough to tell "leters" from "letters". */
static int near_edits(const char *a, size_t n, const char *b)
{
    size_t m = strlen(b);
    if (n > 16 || m > 16 || (n > m ? n - m : m - n) > 2)
        return 3;
    int row[17];
    for (size_t j = 0; j <= m; j++)
        row[j] = (int)j;
    for (size_t i = 1; i <= n; i++) {
        int diag = row[0];
        row[0] = (int)i;
        for (size_t j = 1; j <= m; j++) {
            int up = row[j];
            int best = diag + (a[i - 1] != b[j - 1]);
            best = up + 1 < best ? up + 1 : best;
            best = row[j - 1] + 1 < best ? row[j - 1] + 1 : best;
            diag = up;
            row[j] = best;
        }
    }
    return row[m] > 3 ? 3 : row[m];
}

static ar_err parse_outputs(const char *s, unsigned *out, ar_diag *d)
{
    static const struct { const char *name; unsigned bit; } names[] = {
        {"aging", AR_OUT_AGING}, {"kpi", AR_OUT_KPI},
        {"letters", AR_OUT_LETTERS}, {"agency", AR_OUT_AGENCY},
        {"all", AR_OUT_ALL},
    };
    *out = 0;
    const char *p = s;
    while (*p) {
        size_t n = strcspn(p, ",");
        const char *item = p;
        size_t len = n;
        /* "aging, kpi": blanks around a name are no part of it */
        while (len && (*item == ' ' || *item == '\t'))
            item++, len--;
        while (len && (item[len - 1] == ' ' || item[len - 1] == '\t'))
            len--;
        bool found = false;
        const char *near = NULL;
        for (size_t i = 0; i < sizeof names / sizeof *names; i++) {
            if (strlen(names[i].name) == len &&
                strncmp(item, names[i].name, len) == 0) {
                *out |= names[i].bit;
                found = true;
            } else if (!near && near_edits(item, len, names[i].name) <= 2) {
                near = names[i].name;
            }
        }
        if (!found && len > 0)
            return usage_error(d,
                               "--outputs: unknown output \"%.*s\"%s%s%s "
                               "(use a comma list of aging, kpi, letters, "
                               "agency)",
                               (int)(len > 64 ? 64 : len), item,
                               near ? ": did you mean \"" : "",
                               near ? near : "", near ? "\"?" : "");
        p += n;
        if (*p == ',')
            p++;
    }
    return AR_OK;
}

static ar_err set_once(const char **slot, const char *value, const char *name,
                       ar_diag *d)
{
    if (*slot)
        return usage_error(d, "option --%s given twice", name);
    if (!value[0])
        return usage_error(d, "option --%s needs a value", name);
    *slot = value;
    return AR_OK;
}

/* --gl-balance [CUR=]AMOUNT: an ISO code (any case) and an amount with
 * '.' decimals, negative with '-' or parentheses; once per currency. */
static ar_err parse_gl(const char *s, ar_options *cli, ar_diag *d)
{
    ar_gl_balance g = {.currency = ""};
    const char *eq = strchr(s, '=');
    const char *amount = s;
    if (eq) {
        size_t n = (size_t)(eq - s);
        for (size_t i = 0; i < n && n == 3; i++)
            if (!((s[i] >= 'A' && s[i] <= 'Z') || (s[i] >= 'a' && s[i] <= 'z')))
                n = 0;
        if (n != 3)
            return usage_error(d, "--gl-balance: \"%s\" does not start with "
                               "a 3-letter currency code (EUR=1234567.89)", s);
        for (int i = 0; i < 3; i++)
            g.currency[i] = (char)(s[i] & ~0x20);
        amount = eq + 1;
    }
    if (ar_money_parse(amount, strlen(amount), '.', &g.cents) != AR_OK ||
        g.cents > AR_CENTS_TOTAL_MAX || g.cents < -AR_CENTS_TOTAL_MAX)
        return usage_error(d, "--gl-balance: \"%s\" is not an amount such "
                           "as 1234567.89 (at most two decimals)", amount);
    for (int i = 0; i < cli->gl_count; i++)
        if (strcmp(cli->gl[i].currency, g.currency) == 0)
            return usage_error(d, "--gl-balance: %s given twice",
                               g.currency[0] ? g.currency
                                             : "the base currency");
    if (cli->gl_count == AR_MAX_GL)
        return usage_error(d, "--gl-balance: more than %d currencies",
                           AR_MAX_GL);
    cli->gl[cli->gl_count++] = g;
    return AR_OK;
}

/* merge --as-of D --out DIR PART...: the parts say the rest (summary.h) */
static ar_err merge_args(ar_options *cli, char **parts, size_t n,
                         const char *as_of, const char *jobs, bool other,
                         ar_diag *d)
{
    if (jobs) {
        char *end;
        long j = strtol(jobs, &end, 10);
        if (*end || end == jobs || j < 1 || j > 256)
            return usage_error(d, "--jobs: \"%s\" is not a number from 1 "
                               "to 256", jobs);
        cli->jobs = (int)j;
    }
    /* --group: entity sets, added up under --policy at the --fx rates */
    if (other || (cli->group && jobs) || cli->ledger || cli->clients || cli->costs || cli->history ||
        (!cli->group && (cli->policy || cli->fx)) || cli->format ||
        cli->entity || cli->holidays || cli->gl_count || cli->split_dir ||
        cli->proof || cli->strict)
        return usage_error(d, "%s", cli->group
                           ? "merge --group takes --as-of, --out, --fx, "
                             "--policy, --quiet and the entity sets"
                           : "merge takes --as-of, --out, --quiet, "
                             "--jobs and the part folders: the parts carry "
                             "the run's inputs and options (--fx and "
                             "--policy go with merge --group)");
    if (!as_of || ar_date_parse_iso(as_of, &cli->as_of) != AR_OK || !cli->out)
        return usage_error(d, "%s", "merge needs --as-of YYYY-MM-DD and "
                           "--out DIR");
    if (n == 0)
        return usage_error(d, "%s", cli->group
                           ? "merge --group needs the entities' output "
                             "sets (DIR/<as-of>)"
                           : "merge needs the part folders of the "
                             "shard runs (DIR/<as-of>-shard-K-of-N)");
    cli->parts = parts;
    cli->part_count = n;
    return AR_OK;
}

ar_err ar_cli_parse(int argc, char **argv, ar_options *cli, ar_diag *d)
{
    memset(cli, 0, sizeof *cli);
    cli->as_of = AR_DATE_NONE;
    cli->letter_date = AR_DATE_NONE;
    cli->from = AR_DATE_NONE;
    cli->outputs = AR_OUT_ALL;
    if (argc < 2)
        return usage_error(d, "%s", "no command given (run, validate, inspect, split, merge, --help)");
    const char *cmd = argv[1];
    int first = 2;
    if (strcmp(cmd, "run") == 0) {
        cli->command = AR_CMD_RUN;
    } else if (strcmp(cmd, "validate") == 0) {
        cli->command = AR_CMD_VALIDATE;
    } else if (strcmp(cmd, "split") == 0) {
        cli->command = AR_CMD_SPLIT;
    } else if (strcmp(cmd, "merge") == 0) {
        cli->command = AR_CMD_MERGE;
    } else if (strcmp(cmd, "inspect") == 0) {
        cli->command = AR_CMD_INSPECT;
    } else if (strcmp(cmd, "--help") == 0 || strcmp(cmd, "-h") == 0 ||
               strcmp(cmd, "help") == 0) {
        cli->command = AR_CMD_HELP;
        return AR_OK;
    } else if (strcmp(cmd, "--version") == 0 || strcmp(cmd, "-V") == 0) {
        cli->command = AR_CMD_VERSION;
        return AR_OK;
    } else {
        return usage_error(d, "unknown command '%s' (run, validate, inspect, split, merge, --help)",
                           cmd);
    }

    /* getopt keeps global state: restart it for every parse */
    optind = 0;
    opterr = 0;
    int c;
    const char *as_of = NULL, *outputs = NULL, *jobs = NULL,
               *letter_date = NULL, *from = NULL, *shard = NULL,
               *shards = NULL;
    ar_err err = AR_OK;
    while (err == AR_OK && (c = getopt_long(argc - first + 1, argv + first - 1,
                                            ":hV", options, NULL)) != -1) {
        switch (c) {
        case 'h': cli->command = AR_CMD_HELP; return AR_OK;
        case 'V': cli->command = AR_CMD_VERSION; return AR_OK;
        case OPT_AS_OF: err = set_once(&as_of, optarg, "as-of", d); break;
        case OPT_CLIENTS: err = set_once(&cli->clients, optarg, "clients", d); break;
        case OPT_COSTS: err = set_once(&cli->costs, optarg, "costs", d); break;
        case OPT_ENTITY: err = set_once(&cli->entity, optarg, "entity", d); break;
        case OPT_FORMAT: err = set_once(&cli->format, optarg, "format", d); break;
        case OPT_FROM: err = set_once(&from, optarg, "from", d); break;
        case OPT_FX: err = set_once(&cli->fx, optarg, "fx", d); break;
        case OPT_GL_BALANCE: err = parse_gl(optarg, cli, d); break;
        case OPT_GROUP: cli->group = true; break;
        case OPT_HISTORY: err = set_once(&cli->history, optarg, "history", d); break;
        case OPT_HOLIDAYS: err = set_once(&cli->holidays, optarg, "holidays", d); break;
        case OPT_JOBS: err = set_once(&jobs, optarg, "jobs", d); break;
        case OPT_LEDGER: err = set_once(&cli->ledger, optarg, "ledger", d); break;
        case OPT_LETTER_DATE:
            err = set_once(&letter_date, optarg, "letter-date", d);
            break;
        case OPT_OUT: err = set_once(&cli->out, optarg, "out", d); break;
        case OPT_OUTPUTS: err = set_once(&outputs, optarg, "outputs", d); break;
        case OPT_POLICY: err = set_once(&cli->policy, optarg, "policy", d); break;
        case OPT_PROOF: cli->proof = true; break;
        case OPT_QUIET: cli->quiet = true; break;
        case OPT_SHARD: err = set_once(&shard, optarg, "shard", d); break;
        case OPT_SHARDS: err = set_once(&shards, optarg, "shards", d); break;
        case OPT_SPLIT: err = set_once(&cli->split_dir, optarg, "split", d); break;
        case OPT_STRICT: cli->strict = true; break;
        case OPT_WRITE_POLICY:
            err = set_once(&cli->write_policy, optarg, "write-policy", d);
            break;
        case ':':
            return usage_error(d, "option %s needs a value",
                               argv[first - 1 + optind - 1]);
        default:
            return usage_error(d, "unknown option '%s'",
                               argv[first - 1 + optind - 1]);
        }
    }
    if (err != AR_OK)
        return err;
    if (cli->command == AR_CMD_MERGE)
        return merge_args(cli, argv + first - 1 + optind,
                          (size_t)(argc - first + 1 - optind), as_of, jobs,
                          outputs || letter_date || from || shard || shards,
                          d);
    if (cli->group)
        return usage_error(d, "%s", "--group belongs to merge");
    if (optind < argc - first + 1)
        return usage_error(d, "unexpected argument '%s'",
                           argv[first - 1 + optind]);

    if (cli->split_dir && (cli->ledger || cli->clients || cli->costs ||
                           cli->history))
        return usage_error(d, "%s", "--split DIR reads the shard's ledger, "
                           "clients, costs and history from DIR: give "
                           "none of --ledger, --clients, --costs, --history");
    if (cli->split_dir && (cli->command != AR_CMD_RUN || !shard))
        return usage_error(d, "%s", "--split DIR belongs to run --shard K/N");
    if (!cli->ledger && !cli->split_dir)
        return usage_error(d, "%s", "--ledger FILE is required");
    if (as_of) {
        if (ar_date_parse_iso(as_of, &cli->as_of) != AR_OK)
            return usage_error(d,
                               "--as-of: \"%s\" is not a real date written "
                               "YYYY-MM-DD",
                               as_of);
    }
    if (letter_date &&
        ar_date_parse(letter_date, strlen(letter_date), "%Y-%m-%d",
                      &cli->letter_date) != AR_OK)
        return usage_error(d,
                           "--letter-date: \"%s\" is not a real date written "
                           "YYYY-MM-DD",
                           letter_date);
    /* SPEC §5: a letter is mailed on or after the close it reports */
    if (letter_date && cli->as_of != AR_DATE_NONE &&
        cli->letter_date < cli->as_of)
        return usage_error(d,
                           "--letter-date %s is before --as-of %s: letters "
                           "are mailed on or after the close",
                           letter_date, as_of);
    if (from) {
        if (ar_date_parse(from, strlen(from), "%Y-%m-%d", &cli->from) != AR_OK)
            return usage_error(d,
                               "--from: \"%s\" is not a real date written "
                               "YYYY-MM-DD",
                               from);
        if (cli->as_of != AR_DATE_NONE && cli->from >= cli->as_of)
            return usage_error(d, "--from %s is not before --as-of %s: the "
                               "rollforward runs from the opening date to "
                               "the close", from, as_of);
    }
    if (outputs && (err = parse_outputs(outputs, &cli->outputs, d)) != AR_OK)
        return err;
    if (jobs) {
        char *end;
        long n = strtol(jobs, &end, 10);
        if (*end || end == jobs || n < 1 || n > 256)
            return usage_error(d, "--jobs: \"%s\" is not a number from 1 to 256",
                               jobs);
        cli->jobs = (int)n;
    }
    if (shard) {
        char msg[400];
        if (ar_shard_parse(shard, getenv("SLURM_ARRAY_TASK_ID"),
                           getenv("JOB_COMPLETION_INDEX"), &cli->shard_k,
                           &cli->shard_n, msg, sizeof msg) != AR_OK)
            return usage_error(d, "%s", msg);
        if (cli->proof)
            return usage_error(d, "%s", "--shard and --proof: a proof set "
                               "is made by one run");
    }
    if (cli->command == AR_CMD_SPLIT) {
        char *end;
        long n = shards ? strtol(shards, &end, 10) : 0;
        if (!shards)
            return usage_error(d, "%s", "split needs --shards N");
        if (*end || end == shards || n < 1 || n > 512)
            return usage_error(d, "--shards: \"%s\" is not a number from 1 "
                               "to 512", shards);
        cli->shard_n = (unsigned)n;
        const char *not_split = shard ? "--shard" : outputs ? "--outputs"
                                : cli->proof ? "--proof" : from ? "--from"
                                : cli->gl_count ? "--gl-balance"
                                : cli->strict ? "--strict" : NULL;
        if (not_split)
            return usage_error(d, "%s belongs to run, not split", not_split);
        if (cli->as_of == AR_DATE_NONE || !cli->out)
            return usage_error(d, "%s", "split needs --as-of YYYY-MM-DD and "
                               "--out DIR (the letters it lays out are "
                               "those of that date)");
        return AR_OK;
    }
    if (shards)
        return usage_error(d, "%s", "--shards belongs to split (run takes "
                           "--shard K/N)");
    if (cli->command == AR_CMD_RUN) {
        if (cli->as_of == AR_DATE_NONE)
            return usage_error(d, "%s", "run needs --as-of YYYY-MM-DD");
        if (!cli->out)
            return usage_error(d, "%s", "run needs --out DIR");
    } else {
        const char *run_only = as_of      ? "--as-of"
                               : cli->out ? "--out"
                               : outputs  ? "--outputs"
                               : cli->costs ? "--costs"
                               : cli->history ? "--history"
                               : cli->holidays ? "--holidays"
                               : letter_date ? "--letter-date"
                               : cli->fx    ? "--fx"
                               : from         ? "--from"
                               : cli->gl_count ? "--gl-balance"
                               : shard ? "--shard"
                                            : NULL;
        if (run_only)
            return usage_error(d, "%s belongs to run, not %s", run_only,
                               cli->command == AR_CMD_INSPECT ? "inspect"
                                                              : "validate");
    }
    if (cli->write_policy && cli->command != AR_CMD_INSPECT)
        return usage_error(d, "%s", "--write-policy belongs to inspect");
    if (cli->command == AR_CMD_INSPECT &&
        (cli->clients || cli->policy || cli->format || cli->entity ||
         cli->strict))
        return usage_error(d, "%s", "inspect takes --ledger and "
                           "--write-policy only");
    return AR_OK;
}
