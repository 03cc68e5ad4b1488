/* csv_files.c - rejects.csv, skipped.csv and actions.csv (for people:
 * guarded against formulas), history.csv (for machines: exact), SPEC §6,
 * and history_rejected.csv (the history's rejected rows, as read). */
#include "ar/render/render.h"
#include "ar/base/files.h"
#include "ar/render/csv_field.h"

#include <stdlib.h>
#include <string.h>

static void put_sep(FILE *f)
{
    putc(',', f);
}

/* Files for people open in a spreadsheet by a double click: a UTF-8 byte
 * order mark is what makes Excel read "Łódź" instead of "ÅÃ³dÅº" (files
 * for machines stay without one, as their importers expect). */
static void put_header_for_people(FILE *f, const char *header)
{
    fputs("\xEF\xBB\xBF", f);
    fputs(header, f);
}

static void put_rejects(FILE *f, const ar_rejects *rj)
{
    for (size_t i = 0; i < rj->count; i++) {
        const ar_reject *r = &rj->items[i];
        ar_csv_put_text(f, r->file);
        put_sep(f);
        if (r->line > 0)
            fprintf(f, "%ld", r->line);
        put_sep(f);
        ar_csv_put_text(f, r->column);
        put_sep(f);
        ar_csv_put_text(f, ar_strerror(r->reason));
        put_sep(f);
        ar_csv_put_text(f, r->value);
        putc('\n', f);
    }
}

ar_err ar_render_rejects(const ar_run *run, const char *dir, ar_diag *d)
{
    FILE *f = ar_out_open(dir, "rejects.csv", d);
    if (!f)
        return AR_ERR_OUTPUT;
    put_header_for_people(f, "file,line,column,reason,value\n");
    put_rejects(f, &run->rejects);
    put_rejects(f, &run->held); /* the letters and statements held back */
    return ar_out_close(f, dir, "rejects.csv", d);
}

ar_err ar_render_skipped(const ar_run *run, const char *dir, ar_diag *d)
{
    FILE *f = ar_out_open(dir, "skipped.csv", d);
    if (!f)
        return AR_ERR_OUTPUT;
    put_header_for_people(f, "file,line,reason,first_field\n");
    const ar_skips *s = &run->stats.skips;
    for (size_t i = 0; i < s->count; i++) {
        ar_csv_put_text(f, run->opts->ledger);
        fprintf(f, ",%ld,", s->items[i].line);
        ar_csv_put_text(f, ar_skip_phrase(s->items[i].reason));
        put_sep(f);
        ar_csv_put_text(f, s->items[i].first_field);
        putc('\n', f);
    }
    return ar_out_close(f, dir, "skipped.csv", d);
}

static void action_reason(const ar_run *run, const ar_client_result *cr,
                          ar_action_kind k, char *buf, size_t size)
{
    const ar_policy *p = &run->policy;
    int32_t thr[AR_STAGES];
    ar_policy_thresholds(p, cr->risk.tier, thr);
    char bal[32], lim[32];
    ar_money_format(cr->overdue_net, ',', '.', bal, sizeof bal);
    switch (k) {
    case AR_ACTION_CALL:
        snprintf(buf, size,
                 "%d days past due (calls from %d days on the %s path)",
                 cr->max_dpd, thr[p->call_stage - 1],
                 ar_tier_label(cr->risk.tier));
        break;
    case AR_ACTION_SUSPEND:
        if (cr->risk.tier == AR_TIER_HIGH_RISK)
            snprintf(buf, size, "High-Risk client with items past due");
        else
            snprintf(buf, size, "%d days past due (suspension from %d)",
                     cr->max_dpd, p->suspend_days);
        break;
    case AR_ACTION_AGENCY:
    case AR_ACTION_ACCOUNT_MANAGER:
        ar_money_format(p->agency_min_balance, ',', '.', lim, sizeof lim);
        snprintf(buf, size,
                 "%d days past due (placement from %d), overdue balance "
                 "%s >= %s%s",
                 cr->max_dpd,
                 cr->risk.tier == AR_TIER_HIGH_RISK ? p->agency_days_high_risk
                                                    : p->agency_days,
                 bal, lim,
                 k == AR_ACTION_ACCOUNT_MANAGER
                     ? "; VIP accounts are never placed: account manager "
                       "to follow up"
                     : "");
        break;
    case AR_ACTION_LEGAL:
        ar_money_format(p->legal_min_balance, ',', '.', lim, sizeof lim);
        snprintf(buf, size,
                 "%d days past due (from %d), overdue balance %s >= %s, "
                 "qualifies for agency placement",
                 cr->max_dpd, p->legal_days, bal, lim);
        break;
    default:
        buf[0] = '\0';
    }
}

static void action_note(const ar_run *run, const ar_client_result *cr,
                        ar_action_kind k, char *buf, size_t size)
{
    const ar_policy *p = &run->policy;
    buf[0] = '\0';
    if (k == AR_ACTION_AGENCY && cr->agency_hold != AR_AGENCY_PLACED) {
        snprintf(buf, size,
                 "held, not placed: %s (agency/placement.xlsx, Held)",
                 ar_agency_hold_words((ar_agency_hold)cr->agency_hold));
    } else if (k == AR_ACTION_AGENCY) {
        /* SPEC §3.4: cost-benefit, expected commission vs balance */
        ar_cents fee = ar_cents_muldiv(cr->overdue_net,
                                       p->agency_commission_bp, 10000);
        char fee_s[32], bal[32], net[32];
        ar_money_format(fee, ',', '.', fee_s, sizeof fee_s);
        ar_money_format(cr->overdue_net, ',', '.', bal, sizeof bal);
        ar_money_format(cr->overdue_net - fee, ',', '.', net, sizeof net);
        snprintf(buf, size,
                 "expected commission %s (%d.%02d%%) on balance %s; net "
                 "recovery %s",
                 fee_s, p->agency_commission_bp / 100,
                 p->agency_commission_bp % 100, bal, net);
    } else if (k == AR_ACTION_LEGAL) {
        snprintf(buf, size, "requires legal approval");
    } else if (k == AR_ACTION_SUSPEND) {
        snprintf(buf, size, "reversible upon payment");
    } else if (k == AR_ACTION_ACCOUNT_MANAGER) {
        const ar_client_info *info = ar_ledger_info_of(run->ledger,
                                                       cr->client);
        const char *am = info ? ar_ledger_text(run->ledger,
                                               info->account_manager)
                              : "";
        if (am[0])
            snprintf(buf, size, "account manager: %s", am);
    }
    /* what the client owes is not certain: say so before anyone acts */
    const ar_client_info *info = ar_ledger_info_of(run->ledger, cr->client);
    if (info && info->rejected_rows && k != AR_ACTION_AGENCY) {
        size_t n = strlen(buf);
        snprintf(buf + n, size - n,
                 "%sa ledger row of the client was rejected "
                 "(rejects.csv): check the balance first",
                 n ? "; " : "");
    }
}

typedef struct action_row {
    uint32_t result;
    ar_action_kind kind;
} action_row;

static int cmp_action(const void *x, const void *y, void *ctx)
{
    const ar_analysis *a = ctx;
    const action_row *p = x, *q = y;
    if (p->kind != q->kind)
        return p->kind < q->kind ? -1 : 1;
    return ar_analysis_work_order(a, p->result, q->result);
}

ar_err ar_render_actions(const ar_run *run, const char *dir, ar_diag *d)
{
    const ar_analysis *a = &run->analysis;
    const ar_ledger *lg = a->ledger;
    size_t n = 0, cap = 0;
    action_row *rows = NULL;
    for (size_t r = 0; r < a->client_count; r++)
        for (int k = 0; k < AR_ACTION_COUNT_; k++)
            if (a->clients[r].actions & (1u << k)) {
                ar_xgrow((void **)&rows, &cap, n + 1, sizeof *rows);
                rows[n++] = (action_row){(uint32_t)r, (ar_action_kind)k};
            }
    /* a collector works from the top: legal and agency first; within an
     * action the base currency first, then the largest balance, the most
     * days past due (the agency packet uses the same order) */
    if (n > 1)
        qsort_r(rows, n, sizeof *rows, cmp_action, (void *)a);

    FILE *f = ar_out_open(dir, "actions.csv", d);
    if (!f) {
        free(rows);
        return AR_ERR_OUTPUT;
    }
    put_header_for_people(
        f, "priority,action,client_id,name,contact,phone,email,tier,"
           "risk_score,stage,days_past_due,overdue_balance,currency,items,"
           "reason,note\n");
    char reason[400], note[300];
    for (size_t i = 0; i < n; i++) {
        const ar_client_result *cr = &a->clients[rows[i].result];
        const ar_client_info *info = ar_ledger_info_of(lg, cr->client);
        fprintf(f, "%zu,", i + 1);
        ar_csv_put_text(f, ar_action_name(rows[i].kind));
        put_sep(f);
        ar_csv_put_text(f,
                        ar_ledger_text(lg, ar_ledger_clients(lg)[cr->client].id));
        put_sep(f);
        ar_csv_put_text(f, info ? ar_ledger_text(lg, info->name) : "");
        /* who to call or write to, so the list works on its own */
        const ar_str reach[3] = {info ? info->contact : 0,
                                 info ? info->phone : 0,
                                 info ? info->email : 0};
        for (int k = 0; k < 3; k++) {
            put_sep(f);
            ar_csv_put_text(f, ar_ledger_text(lg, reach[k]));
        }
        fprintf(f, ",%s,%d,%d,%d,", ar_tier_label(cr->risk.tier),
                cr->risk.score, cr->stage, cr->max_dpd);
        ar_csv_put_cents(f, cr->overdue_net);
        put_sep(f);
        ar_csv_put_text(f, ar_ledger_currency_code(lg, cr->currency));
        put_sep(f);
        char *items = ar_analysis_overdue_docs(a, cr);
        ar_csv_put_text(f, items);
        free(items);
        put_sep(f);
        action_reason(run, cr, rows[i].kind, reason, sizeof reason);
        ar_csv_put_text(f, reason);
        put_sep(f);
        action_note(run, cr, rows[i].kind, note, sizeof note);
        ar_csv_put_text(f, note);
        putc('\n', f);
    }
    free(rows);
    return ar_out_close(f, dir, "actions.csv", d);
}

static void put_history_row(FILE *f, const ar_ledger *lg, ar_date date,
                            uint32_t client, int stage, const char *docs,
                            ar_cents amount, uint16_t currency,
                            ar_date letter_date)
{
    char day[16];
    fputs(ar_date_format_iso(date, day, sizeof day), f);
    put_sep(f);
    /* SPEC §6: the next run reads it back, so every value exactly (a
     * guarded "'-100" would be another client) */
    ar_csv_put_exact(f, ar_ledger_text(lg, ar_ledger_clients(lg)[client].id));
    fprintf(f, ",%d,", stage);
    ar_csv_put_exact(f, docs);
    put_sep(f);
    ar_csv_put_cents(f, amount);
    put_sep(f);
    ar_csv_put_exact(f, ar_ledger_currency_code(lg, currency));
    put_sep(f);
    if (letter_date != AR_DATE_NONE)
        fputs(ar_date_format_iso(letter_date, day, sizeof day), f);
    putc('\n', f);
}

ar_err ar_render_history(const ar_run *run, const char *dir, ar_diag *d)
{
    const ar_analysis *a = &run->analysis;
    const ar_ledger *lg = a->ledger;
    FILE *f = ar_out_open(dir, "history.csv", d);
    if (!f)
        return AR_ERR_OUTPUT;
    /* run_date is the run's as-of date, which the wait counts from
     * (SPEC §8.12); letter_date the date the letter bears (SPEC §5) */
    fputs("run_date,client_id,stage,doc_nos,amount,currency,letter_date\n",
          f);
    const ar_letter_sent *sent = ar_ledger_letters(lg);
    for (size_t i = 0; i < ar_ledger_letter_count(lg); i++)
        put_history_row(f, lg, sent[i].run_date, sent[i].client,
                        sent[i].stage, ar_ledger_text(lg, sent[i].doc_nos),
                        sent[i].amount, sent[i].currency,
                        sent[i].letter_date);
    /* SPEC §2.4: this run's letters, only those actually written */
    for (size_t r = 0; r < a->client_count; r++) {
        const ar_client_result *cr = &a->clients[r];
        if (!run->letter_written || !run->letter_written[r])
            continue;
        char *list = ar_analysis_overdue_docs(a, cr);
        put_history_row(f, lg, a->as_of, cr->client, cr->letter_stage, list,
                        cr->overdue_net, cr->currency, run->letter_date);
        free(list);
    }
    return ar_out_close(f, dir, "history.csv", d);
}

ar_err ar_render_history_rejected(const ar_run *run, const char *dir,
                                  ar_diag *d)
{
    const ar_kept_rows *k = &run->history_rejected;
    if (!k->rows)
        return AR_OK;
    FILE *f = ar_out_open(dir, AR_HISTORY_REJECTED, d);
    if (!f)
        return AR_ERR_OUTPUT;
    fwrite(k->text, 1, k->len, f);
    return ar_out_close(f, dir, AR_HISTORY_REJECTED, d);
}
