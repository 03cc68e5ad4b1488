/* aging_params.c - the Parameters sheet of aging.xlsx (SPEC §6): every
 * policy value of the run, the tier and risk score rules, and the input
 * files. */
#include "ar/render/xlsx/aging_book.h"
#include "ar/base/version.h"

#include <stddef.h>
#include <stdio.h>
#include <string.h>
#include <xlsxwriter.h>

/* How a policy value is shown. */
typedef enum pkind {
    P_WHOLE,      /* int32_t (or int) */
    P_MONEY,      /* ar_cents */
    P_PERCENT,    /* int32_t basis points */
    P_BOOL,
    P_TEXT,       /* char[] */
    P_BASE,       /* base_currency */
    P_APPLY,      /* apply_unapplied_oldest */
    P_DECIMAL,    /* decimal_mark */
    P_DELIMITER,  /* delimiter */
    P_BUCKETS,    /* the buckets' upper limits */
    P_DAYS5,      /* int32_t[AR_STAGES] */
    P_FEES,       /* ar_cents[AR_STAGES] */
    P_PAGE,       /* page_size */
    P_MARKS,      /* insert_marks */
    P_ZONE,       /* mark_zone, 1/10 mm */
    P_COLUMNS,    /* the [columns] section, one row per column */
    P_DATES,      /* date_format.<column>, one row each */
    P_HEADER,     /* header_line: 0 = auto */
    P_TYPE,       /* negative_type */
    P_GROUP,      /* group_lines */
    P_ROUND,      /* round_amounts */
    P_OPEN_IN,    /* open_amount_in_company */
    P_DATE,       /* export_date */
    P_DOC_TYPES,  /* the [doc_types] section, one row per value */
} pkind;

typedef struct pfield {
    const char *section;
    const char *key;       /* as in layouts/policy.ini */
    pkind kind;
    size_t offset;
    const char *meaning;
} pfield;

#define PF(sec, key, kind, field, meaning)                                  \
    { sec, key, kind, offsetof(ar_policy, field), meaning }

/* Every field of ar_policy, in the order of layouts/policy.ini. A field
 * added to ar_policy needs its line here (policy.h has no way to list
 * its keys). */
static const pfield policy_fields[] = {
    PF("general", "base_currency", P_BASE, base_currency,
       "ISO 4217 code of the totals' currency; blank = first row's"),
    PF("general", "apply_unapplied", P_APPLY, apply_unapplied_oldest,
       "off: credits net against the balance; oldest: applied to the "
       "oldest items"),
    PF("input", "date_format", P_TEXT, date_format,
       "date pattern of the ledger"),
    PF("input", "date_format.", P_DATES, date_formats,
       "date pattern of this column (blank: date_format)"),
    PF("input", "decimal_mark", P_DECIMAL, decimal_mark,
       "decimal mark of the ledger's amounts"),
    PF("input", "delimiter", P_DELIMITER, delimiter,
       "field delimiter (auto: the commonest in the header line)"),
    PF("input", "header_line", P_HEADER, header_line,
       "the header line (auto: the first naming every required column)"),
    PF("input", "skip_rows", P_TEXT, skip_rows,
       "rows whose first field matches are skipped (skipped.csv)"),
    PF("input", "signed_amounts", P_BOOL, signed_amounts,
       "credits and payments are written negative"),
    PF("input", "negative_type", P_TYPE, negative_type,
       "type of a negative row when there is no doc_type column"),
    PF("input", "group_lines", P_GROUP, group_lines,
       "a document written as several lines: same total, or summed"),
    PF("input", "entity", P_TEXT, entity,
       "the one entity read (blank: every entity)"),
    PF("input", "round_amounts", P_ROUND, round_amounts,
       "amounts with more decimals: rounded half-even, or rejected"),
    PF("input", "open_amount_currency", P_OPEN_IN, open_amount_in_company,
       "currency of open_amount"),
    PF("input", "client_id_strip_zeros", P_BOOL, client_id_strip_zeros,
       "client ids match with and without leading zeros"),
    PF("input", "export_date", P_DATE, export_date,
       "open amounts describe this day (blank: the as-of date)"),
    PF("columns", "", P_COLUMNS, columns,
       "the ledger's header for this column"),
    PF("doc_types", "", P_DOC_TYPES, doc_types,
       "the export's document type and what it is (by sign: X/Y)"),
    PF("aging", "buckets", P_BUCKETS, buckets,
       "upper limits of the aging buckets in days past due"),
    PF("aging", "sheet_max_rows", P_WHOLE, sheet_max_rows,
       "rows per Open items sheet before it continues on the next"),
    PF("dunning", "stage_days", P_DAYS5, stage_days,
       "days past due at which stages 1-5 start (Standard path)"),
    PF("dunning", "wait_days", P_DAYS5, wait_days,
       "days after a letter of stages 1-5 before the next letter"),
    PF("dunning", "min_item_amount", P_MONEY, min_item_amount,
       "items with a smaller open amount do not set the stage"),
    PF("dunning", "min_letter_amount", P_MONEY, min_letter_amount,
       "no letter when the overdue balance net of credits is below this"),
    PF("dunning", "pay_within_days", P_WHOLE, pay_within_days,
       "a letter's new pay-by date is this many days after the letter "
       "date, on a business day"),
    PF("tiers", "history_days", P_WHOLE, history_days,
       "history window in days for days late and revenue"),
    PF("tiers", "vip_grace_days", P_WHOLE, vip_grace_days,
       "days added to every stage threshold for VIP clients"),
    PF("tiers", "high_risk_avg_days_late", P_WHOLE, high_risk_avg_days_late,
       "High-Risk when the average days late is above this"),
    PF("tiers", "high_risk_past_due_items", P_WHOLE,
       high_risk_past_due_items, "High-Risk at this many past-due items"),
    PF("tiers", "high_risk_prior_collections", P_WHOLE,
       high_risk_prior_collections,
       "High-Risk at this many earlier collections cases"),
    PF("tiers", "vip_revenue", P_MONEY, vip_revenue,
       "VIP when revenue is above this and the two limits below hold"),
    PF("tiers", "vip_max_days_late", P_WHOLE, vip_max_days_late,
       "VIP only when no item was settled more days late than this"),
    PF("tiers", "vip_avg_days_late", P_WHOLE, vip_avg_days_late,
       "VIP only when the average days late is at most this"),
    PF("actions", "call_stage", P_WHOLE, call_stage,
       "stage whose threshold on the client's path triggers a call"),
    PF("actions", "suspend_days", P_WHOLE, suspend_days,
       "Standard clients: suspend service at this many days past due"),
    PF("actions", "agency_days", P_WHOLE, agency_days,
       "agency placement at this many days past due"),
    PF("actions", "agency_days_high_risk", P_WHOLE, agency_days_high_risk,
       "agency placement of High-Risk clients at this many days"),
    PF("actions", "agency_min_balance", P_MONEY, agency_min_balance,
       "agency placement only for an overdue balance of at least this"),
    PF("actions", "legal_days", P_WHOLE, legal_days,
       "legal candidate at this many days past due"),
    PF("actions", "legal_min_balance", P_MONEY, legal_min_balance,
       "legal candidate only for an overdue balance of at least this"),
    PF("actions", "agency_commission", P_PERCENT, agency_commission_bp,
       "agency commission on what it recovers"),
    PF("fees", "fees_enabled", P_BOOL, fees_enabled,
       "stage fees and interest on letters"),
    PF("fees", "stage_fee", P_FEES, stage_fee, "fixed fee of stages 1-5"),
    PF("fees", "interest_rate", P_PERCENT, interest_rate_bp,
       "annual late-payment interest, simple, per day past due"),
    PF("kpi", "kpi_window_days", P_WHOLE, kpi_window_days,
       "KPI window in days ending at the as-of date"),
    PF("kpi", "collection_days", P_WHOLE, collection_days,
       "collection rate counts what is settled this many days after due"),
    PF("kpi", "retention_days", P_WHOLE, retention_days,
       "retention looks back this many days"),
    PF("kpi", "trend_months", P_WHOLE, trend_months,
       "months in the KPI trends"),
    PF("letters", "page_size", P_PAGE, page_size, "letter paper size"),
    PF("letters", "batch_max_pages", P_WHOLE, batch_max_pages,
       "largest number of pages in one combined batch PDF"),
    PF("letters", "mailing_lag_days", P_WHOLE, mailing_lag_days,
       "the letter date is the as-of date plus this, on a business day"),
    PF("letters", "duplex", P_BOOL, duplex,
       "printed on both sides: every letter starts on a front side"),
    PF("letters", "insert_marks", P_MARKS, marks,
       "marks for the inserting machine on every sheet's front"),
    PF("letters", "mark_zone", P_ZONE, mark_zone,
       "the marks' zone: x, y, width, height in mm from the top-left"),
};

/* "1, 8, 15, 30, 45" */
static void join_days(const int32_t *v, int n, char *buf, size_t size)
{
    size_t used = 0;
    buf[0] = '\0';
    for (int i = 0; i < n && used < size; i++)
        used += (size_t)snprintf(buf + used, size - used, "%s%ld",
                                 i ? ", " : "", (long)v[i]);
}

/* Write one policy value into column 2 of row. */
static void write_policy_value(ar_aging_book *b, lxw_worksheet *ws,
                               uint32_t row, const pfield *pf)
{
    const ar_policy *p = b->p;
    const char *field = (const char *)p + pf->offset;
    char buf[160];
    int32_t v32;
    ar_cents cents;
    switch (pf->kind) {
    case P_WHOLE:
        memcpy(&v32, field, sizeof v32);
        KEEP(b, worksheet_write_number(ws, row, 2, v32, b->left[0]));
        return;
    case P_MONEY:
        memcpy(&cents, field, sizeof cents);
        KEEP(b, ar_xlsx_cents(ws, row, 2, cents, b->left[1]));
        return;
    case P_PERCENT:
        memcpy(&v32, field, sizeof v32);
        snprintf(buf, sizeof buf, "%ld.%02ld %%", (long)v32 / 100,
                 (long)v32 % 100);
        break;
    case P_BOOL:
        snprintf(buf, sizeof buf, "%s", *(const bool *)field ? "yes" : "no");
        break;
    case P_TEXT:
        snprintf(buf, sizeof buf, "%s", field);
        break;
    case P_BASE:
        if (*p->base_currency)
            snprintf(buf, sizeof buf, "%s", p->base_currency);
        else
            snprintf(buf, sizeof buf, "(blank: %s)",
                     *b->cur[0].code ? b->cur[0].code
                                     : "the ledger has no codes");
        break;
    case P_APPLY:
        snprintf(buf, sizeof buf, "%s",
                 p->apply_unapplied_oldest ? "oldest" : "off");
        break;
    case P_DECIMAL:
        snprintf(buf, sizeof buf, "%s",
                 p->decimal_mark == ',' ? "comma" : "dot");
        break;
    case P_DELIMITER:
        snprintf(buf, sizeof buf, "%s",
                 p->delimiter == ','    ? "comma"
                 : p->delimiter == ';'  ? "semicolon"
                 : p->delimiter == '\t' ? "tab"
                 : p->delimiter == '|'  ? "pipe"
                                        : "auto");
        break;
    case P_HEADER:
        if (p->header_line)
            snprintf(buf, sizeof buf, "%ld", (long)p->header_line);
        else
            snprintf(buf, sizeof buf, "auto");
        break;
    case P_TYPE:
        snprintf(buf, sizeof buf, "%s", ar_doc_type_name(p->negative_type));
        break;
    case P_GROUP:
        snprintf(buf, sizeof buf, "%s",
                 p->group_lines == AR_GROUP_SAME  ? "same"
                 : p->group_lines == AR_GROUP_SUM ? "sum"
                                                  : "no");
        break;
    case P_ROUND:
        snprintf(buf, sizeof buf, "%s", p->round_amounts ? "half-even" : "off");
        break;
    case P_OPEN_IN:
        snprintf(buf, sizeof buf, "%s",
                 p->open_amount_in_company ? "company" : "document");
        break;
    case P_DATE:
        ar_date_format_iso(p->export_date, buf, sizeof buf);
        break;
    case P_BUCKETS: {
        int32_t limits[AR_MAX_BUCKETS];
        int n = 0;
        for (int k = 1; k + 1 < p->bucket_count; k++)
            limits[n++] = p->buckets[k].max_days;
        join_days(limits, n, buf, sizeof buf);
        break;
    }
    case P_DAYS5:
        join_days((const int32_t *)(const void *)field, AR_STAGES, buf,
                  sizeof buf);
        break;
    case P_FEES: {
        size_t used = 0;
        buf[0] = '\0';
        for (int i = 0; i < AR_STAGES; i++) {
            char m[32];
            ar_money_format(p->stage_fee[i], ',', '.', m, sizeof m);
            used += (size_t)snprintf(buf + used, sizeof buf - used, "%s%s",
                                     i ? ", " : "", m);
        }
        break;
    }
    case P_PAGE:
        snprintf(buf, sizeof buf, "%s",
                 p->page_size == AR_PAGE_LETTER ? "Letter" : "A4");
        break;
    case P_MARKS:
        snprintf(buf, sizeof buf, "%s",
                 p->marks == AR_MARKS_OMR          ? "omr"
                 : p->marks == AR_MARKS_DATAMATRIX ? "datamatrix"
                                                   : "none");
        break;
    case P_ZONE:
        snprintf(buf, sizeof buf, "%d.%d, %d.%d, %d.%d, %d.%d",
                 p->mark_zone[0] / 10, p->mark_zone[0] % 10,
                 p->mark_zone[1] / 10, p->mark_zone[1] % 10,
                 p->mark_zone[2] / 10, p->mark_zone[2] % 10,
                 p->mark_zone[3] / 10, p->mark_zone[3] % 10);
        break;
    case P_COLUMNS: /* written row by row by the caller */
    case P_DATES:
    case P_DOC_TYPES:
        return;
    }
    KEEP(b, ar_xlsx_text(ws, row, 2, buf, NULL));
}

static void param_row(ar_aging_book *b, lxw_worksheet *ws, uint32_t row,
                      const char *section, const char *key,
                      const char *value, const char *meaning)
{
    KEEP(b, worksheet_write_string(ws, row, 0, section, NULL));
    KEEP(b, ar_xlsx_text(ws, row, 1, key, NULL));
    if (value)
        KEEP(b, ar_xlsx_text(ws, row, 2, value, NULL));
    KEEP(b, ar_xlsx_text(ws, row, 3, meaning, NULL));
}

static void param_header(ar_aging_book *b, lxw_worksheet *ws, uint32_t row,
                         const char *const names[4])
{
    for (uint16_t c = 0; c < 4; c++)
        KEEP(b, worksheet_write_string(ws, row, c, names[c], b->f.header));
}

void ar_aging_write_parameters(ar_aging_book *b)
{
    const ar_run *run = b->run;
    const ar_policy *p = b->p;
    lxw_worksheet *ws = b->parameters;
    char buf[400];
    KEEP(b, worksheet_write_string(ws, 0, 0, "Parameters of this run",
                                   b->f.title));
    KEEP(b, worksheet_write_string(
                ws, 1, 0,
                "Every policy value used (layouts/policy.ini, the --format "
                "preset and --policy), the risk score and the input files.",
                b->f.note));
    static const char *const head[4] = { "Section", "Key", "Value",
                                          "Meaning" };
    uint32_t row = 3;
    param_header(b, ws, row++, head);

    KEEP(b, worksheet_write_string(ws, row, 0, "run", NULL));
    KEEP(b, worksheet_write_string(ws, row, 1, "as_of", NULL));
    KEEP(b, ar_xlsx_date(ws, row, 2, b->a->as_of, b->left[2]));
    KEEP(b, worksheet_write_string(
                ws, row++, 3,
                "close date: items aged as they stood at the end of this "
                "day",
                NULL));
    /* SPEC §5: the date the letters bear and the pay-by date they give */
    if (run->letter_date != AR_DATE_NONE) {
        KEEP(b, worksheet_write_string(ws, row, 0, "run", NULL));
        KEEP(b, worksheet_write_string(ws, row, 1, "letter_date", NULL));
        KEEP(b, ar_xlsx_date(ws, row, 2, run->letter_date, b->left[2]));
        KEEP(b, worksheet_write_string(
                    ws, row++, 3,
                    "the date the letters bear (--letter-date, else as_of "
                    "+ mailing_lag_days on a business day)",
                    NULL));
        KEEP(b, worksheet_write_string(ws, row, 0, "run", NULL));
        KEEP(b, worksheet_write_string(ws, row, 1, "pay_by", NULL));
        KEEP(b, ar_xlsx_date(ws, row, 2, run->pay_by, b->left[2]));
        KEEP(b, worksheet_write_string(
                    ws, row++, 3,
                    "the letters' pay-by date: letter_date + "
                    "pay_within_days, moved to the next business day",
                    NULL));
    }
    snprintf(buf, sizeof buf, "arbatch %s", ar_version());
    param_row(b, ws, row++, "run", "program", buf, "program and version");
    param_row(b, ws, row++, "run", "base_currency",
              ar_aging_shown_code(b->cur[0].code),
              "currency of the Summary sheet and run.json totals");
    size_t used = 0;
    buf[0] = '\0';
    for (size_t ci = 0; ci < b->ncur && used < sizeof buf; ci++)
        used += (size_t)snprintf(buf + used, sizeof buf - used, "%s%s",
                                 ci ? ", " : "",
                                 ar_aging_shown_code(b->cur[ci].code));
    param_row(b, ws, row++, "run", "currencies", buf,
              "each totalled on its own, never converted");

    for (size_t i = 0; i < sizeof policy_fields / sizeof policy_fields[0];
         i++) {
        const pfield *pf = &policy_fields[i];
        if (pf->kind == P_COLUMNS) {
            for (int c = 0; c < AR_COL_COUNT_; c++)
                param_row(b, ws, row++, pf->section,
                          ar_column_name((ar_column)c),
                          *p->columns[c]            ? p->columns[c]
                          : c < AR_COL_CANONICAL_ ? "(same name)"
                                                    : "(not read)",
                          pf->meaning);
            continue;
        }
        if (pf->kind == P_DATES) {
            static const char *const cols[AR_DATE_COLUMNS] = {
                "date_format.doc_date", "date_format.due_date",
                "date_format.settled_date"};
            for (int k = 0; k < AR_DATE_COLUMNS; k++)
                param_row(b, ws, row++, pf->section, cols[k],
                          p->date_formats[k], pf->meaning);
            continue;
        }
        if (pf->kind == P_DOC_TYPES) {
            for (int k = 0; k < p->doc_type_count; k++) {
                const ar_type_map *m = &p->doc_types[k];
                char v[24];
                const char *pos = m->positive == AR_TYPE_SKIP
                                      ? "skip"
                                      : ar_doc_type_name(m->positive);
                const char *neg = m->negative == AR_TYPE_SKIP
                                      ? "skip"
                                      : ar_doc_type_name(m->negative);
                if (m->positive == m->negative)
                    snprintf(v, sizeof v, "%s", pos);
                else
                    snprintf(v, sizeof v, "%s/%s", pos, neg);
                param_row(b, ws, row++, pf->section, m->value, v,
                          pf->meaning);
            }
            continue;
        }
        KEEP(b, worksheet_write_string(ws, row, 0, pf->section, NULL));
        KEEP(b, worksheet_write_string(ws, row, 1, pf->key, NULL));
        write_policy_value(b, ws, row, pf);
        KEEP(b, worksheet_write_string(ws, row, 3, pf->meaning, NULL));
        row++;
    }

    /* What the limits mean, spelled out. */
    for (int k = 0; k < p->bucket_count; k++) {
        const ar_bucket *bk = &p->buckets[k];
        if (k == 0)
            snprintf(buf, sizeof buf, "not yet due (0 or fewer days past "
                                      "due)");
        else if (bk->max_days == INT32_MAX)
            snprintf(buf, sizeof buf, "%ld or more days past due",
                     (long)bk->min_days);
        else
            snprintf(buf, sizeof buf, "%ld to %ld days past due",
                     (long)bk->min_days, (long)bk->max_days);
        char title[32];
        param_row(b, ws, row++, "bucket", ar_bucket_title(p, k, title,
                                                          sizeof title),
                  buf, "aging bucket");
    }
    /* the IFRS 9 loss rates and the GL balances of the close */
    for (int k = 0; k < p->loss_rate_count; k++) {
        char title[32];
        snprintf(buf, sizeof buf, "%ld.%02ld %%",
                 (long)p->loss_rate_bp[k] / 100,
                 (long)p->loss_rate_bp[k] % 100);
        param_row(b, ws, row++, "aging",
                  ar_bucket_title(p, k, title, sizeof title), buf,
                  "loss rate of the bucket (loss_rates): IFRS 9 provision "
                  "matrix");
    }
    for (int k = 0; k < p->gl_count; k++) {
        char key[32], m[40];
        snprintf(key, sizeof key, "gl_balance%s%s",
                 p->gl[k].currency[0] ? "." : "", p->gl[k].currency);
        ar_money_format(p->gl[k].cents, ',', '.', m, sizeof m);
        param_row(b, ws, row++, "close", key, m,
                  "the general ledger's AR balance at the as-of date "
                  "(--gl-balance or the policy)");
    }
    {
        char d0[16];
        param_row(b, ws, row++, "run", "rollforward from",
                  ar_date_format_iso(b->run->rollforward.opening_date, d0,
                                     sizeof d0),
                  "opening date of the rollforward (--from, else the "
                  "month-end before the as-of date)");
    }
    for (int t = 0; t < AR_TIER_COUNT_; t++) {
        int32_t thr[AR_STAGES];
        ar_policy_thresholds(p, (ar_tier)t, thr);
        join_days(thr, AR_STAGES, buf, sizeof buf);
        param_row(b, ws, row++, "stage path", ar_tier_label((ar_tier)t), buf,
                  t == AR_TIER_VIP ? "stages 1-5 start: Standard + grace"
                  : t == AR_TIER_HIGH_RISK
                      ? "stages 1-5 start: Standard halved, at least 1"
                      : "stages 1-5 start (days past due)");
    }

    /* SPEC §3.3: the tier, first match wins; then the risk score
     * (engine/risk.c): five capped parts, 0-100. */
    char m1[32];
    param_row(b, ws, row++, "tier", "1. segment", "clients file",
              "the segment given in the clients file, if any");
    snprintf(buf, sizeof buf,
             "average days late > %ld, or %ld or more past-due items, or "
             "%ld or more earlier collections cases",
             (long)p->high_risk_avg_days_late,
             (long)p->high_risk_past_due_items,
             (long)p->high_risk_prior_collections);
    param_row(b, ws, row++, "tier", "2. High-Risk", "first match", buf);
    snprintf(buf, sizeof buf,
             "strategic, or revenue > %s with no item more than %ld days "
             "late and average days late <= %ld",
             ar_money_format(p->vip_revenue, ',', '.', m1, sizeof m1),
             (long)p->vip_max_days_late, (long)p->vip_avg_days_late);
    param_row(b, ws, row++, "tier", "3. VIP", "first match", buf);
    param_row(b, ws, row++, "tier", "4. Standard", "otherwise",
              "every other client");
    static const char *const score[][3] = {
        { "late history", "0-30",
          "average days late of the items settled in the history window, "
          "in whole days (rounded down), at most 30" },
        { "overdue share", "0-25",
          "round(25 x overdue / open balance) in the client's main "
          "currency" },
        { "past-due items", "0-20",
          "4 per open, undisputed item at least 1 day past due, at most "
          "20" },
        { "disputes", "0-10", "5 per open disputed item, at most 10" },
        { "prior collections", "0-15",
          "5 per earlier collections case (clients file), at most 15" },
        { "risk score", "0-100",
          "the sum of the five parts above; higher is riskier" },
    };
    for (size_t k = 0; k < sizeof score / sizeof score[0]; k++)
        param_row(b, ws, row++, "risk score", score[k][0], score[k][1],
                  score[k][2]);

    /* Input files, as in run.json. */
    row++;
    static const char *const in_head[4] = { "Input", "Role", "Path",
                                            "SHA-256" };
    param_header(b, ws, row++, in_head);
    for (size_t i = 0; i < run->input_count; i++) {
        const ar_input_file *in = &run->inputs[i];
        KEEP(b, worksheet_write_string(ws, row, 0, "input", NULL));
        KEEP(b, ar_xlsx_text(ws, row, 1, in->role, NULL));
        KEEP(b, ar_xlsx_text(ws, row, 2, in->path, NULL));
        KEEP(b, ar_xlsx_text(ws, row, 3, in->sha256, NULL));
        row++;
    }
    worksheet_freeze_panes(ws, 4, 0);
    ar_aging_print(b, ws, true, 3, row - 1, 3);
    KEEP(b, worksheet_set_column(ws, 0, 0, 14, NULL));
    KEEP(b, worksheet_set_column(ws, 1, 1, 28, NULL));
    KEEP(b, worksheet_set_column(ws, 2, 2, 30, NULL));
    KEEP(b, worksheet_set_column(ws, 3, 3, 80, NULL));
}
