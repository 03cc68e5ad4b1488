/* rollforward.c - opening AR + activity = closing AR per currency, and
 * the provision matrix's rounding (rollforward.h). */
#include "ar/engine/rollforward.h"

#include <stdlib.h>
#include <string.h>

ar_date ar_rollforward_opening(ar_date as_of, ar_date from)
{
    return from != AR_DATE_NONE ? from : ar_date_prev_month_end(as_of);
}

static ar_rf_line line_of(ar_doc_type t)
{
    switch (t) {
    case AR_DOC_INV: return AR_RF_INVOICES;
    case AR_DOC_DEB: return AR_RF_DEBIT_NOTES;
    case AR_DOC_CRN: return AR_RF_CREDIT_NOTES;
    case AR_DOC_WO: return AR_RF_WRITE_OFFS;
    default: return AR_RF_CASH;
    }
}

/* What each kind adds to invoiced or settled as of x (SPEC §8.19), per
 * currency: flow[c * AR_RF_LINE_COUNT_ + line]. Settlements at their full
 * amount unless consumed by x (SPEC §2.6: the item's settled_date counts
 * instead), settled_date payments for what they took. */
static void flows_at(const ar_ledger *lg, const ar_settlement *s, ar_date x,
                     ar_cents *flow)
{
    const ar_doc *docs = ar_ledger_docs(lg);
    for (size_t i = 0; i < ar_ledger_doc_count(lg); i++) {
        const ar_doc *d = &docs[i];
        if (d->doc_date > x || ar_doc_consumed(d, x))
            continue;
        flow[(size_t)d->currency * AR_RF_LINE_COUNT_ +
             line_of((ar_doc_type)d->type)] += d->amount;
    }
    for (size_t k = 0; k < s->app_count; k++) {
        const ar_application *ap = &s->apps[k];
        if (ap->source == ap->item)
            flow[(size_t)docs[ap->item].currency * AR_RF_LINE_COUNT_ +
                 AR_RF_CASH] += ap->amount;
    }
}

/* Whether the settlement as of D, cut at O < D, is the settlement as of
 * O as far as the flows go: every settled_date payment dated on or
 * before O took the same amount in both. It is not when a settlement
 * dated on or before O may have gone elsewhere as of O: one naming an
 * item that a clearing after O consumed (as of O it still applies), one
 * applied to an item dated after O (as of O it is a credit, or goes to a
 * debit note of that number), one whose item is in another currency (the
 * same, conservatively). Everything else the flows count exactly,
 * wherever a settlement went. */
static bool cut_exact(const ar_analysis *a, ar_date O)
{
    const ar_doc *docs = ar_ledger_docs(a->ledger);
    const ar_settlement *s = &a->settlement;
    for (size_t i = 0; i < ar_ledger_doc_count(a->ledger); i++) {
        const ar_doc *d = &docs[i];
        if (!ar_doc_is_item((ar_doc_type)d->type) && d->doc_date <= O &&
            d->applies_to && d->settled_date != AR_DATE_NONE &&
            d->settled_date > O && d->settled_date <= a->as_of)
            return false;
    }
    for (size_t k = 0; k < s->app_count; k++) {
        const ar_application *ap = &s->apps[k];
        if (ap->source != ap->item && docs[ap->source].doc_date <= O &&
            docs[ap->item].doc_date > O)
            return false;
    }
    for (size_t k = 0; k < s->credit_count; k++)
        if (s->credits[k].reason == AR_CREDIT_CURRENCY &&
            docs[s->credits[k].source].doc_date <= O)
            return false;
    return true;
}

/* flows_at(O) from the settlement as of D (cut_exact): the documents as
 * of O, and D's settled_date payments that had happened by O (a payment
 * cannot take from an item before the item exists). */
static void flows_cut(const ar_analysis *a, ar_date O, ar_cents *flow)
{
    const ar_ledger *lg = a->ledger;
    const ar_doc *docs = ar_ledger_docs(lg);
    const ar_settlement *s = &a->settlement;
    for (size_t i = 0; i < ar_ledger_doc_count(lg); i++) {
        const ar_doc *d = &docs[i];
        if (d->doc_date > O || ar_doc_consumed(d, O))
            continue;
        flow[(size_t)d->currency * AR_RF_LINE_COUNT_ +
             line_of((ar_doc_type)d->type)] += d->amount;
    }
    for (size_t k = 0; k < s->app_count; k++) {
        const ar_application *ap = &s->apps[k];
        const ar_doc *it = &docs[ap->item];
        ar_date when = ap->date > it->doc_date ? ap->date : it->doc_date;
        if (ap->source == ap->item && when <= O)
            flow[(size_t)it->currency * AR_RF_LINE_COUNT_ + AR_RF_CASH] +=
                ap->amount;
    }
}

ar_cents ar_rf_computed_closing(const ar_rf_figures *f)
{
    return f->opening + f->line[AR_RF_INVOICES] +
           f->line[AR_RF_DEBIT_NOTES] - f->line[AR_RF_CASH] -
           f->line[AR_RF_CREDIT_NOTES] - f->line[AR_RF_WRITE_OFFS];
}

static ar_cents ar_of(const ar_cents *flow)
{
    return flow[AR_RF_INVOICES] + flow[AR_RF_DEBIT_NOTES] -
           flow[AR_RF_CASH] - flow[AR_RF_CREDIT_NOTES] -
           flow[AR_RF_WRITE_OFFS];
}

/* The documents of the period and what stands at D. */
static void period(const ar_analysis *a, ar_date from, ar_rf_figures *cur)
{
    const ar_ledger *lg = a->ledger;
    const ar_doc *docs = ar_ledger_docs(lg);
    const ar_settlement *s = &a->settlement;
    ar_date D = a->as_of;
    for (size_t i = 0; i < ar_ledger_doc_count(lg); i++) {
        const ar_doc *d = &docs[i];
        ar_rf_figures *f = &cur[d->currency];
        bool item = ar_doc_is_item((ar_doc_type)d->type);
        f->used = true;
        if (d->doc_date > D) { /* SPEC §1: not yet happened */
            if (item) {
                f->later_items += d->amount;
                f->later_items_count++;
            } else {
                f->later_credits += d->amount;
                f->later_credits_count++;
            }
            continue;
        }
        if (item && s->open[i] > 0) {
            f->open_items += s->open[i];
            f->open_count++;
        }
        if (d->doc_date <= from || ar_doc_consumed(d, D))
            continue;
        ar_rf_line l = line_of((ar_doc_type)d->type);
        f->count[l]++;
        f->earlier[l] -= d->amount; /* line - what the period's own make */
    }
    for (size_t k = 0; k < s->app_count; k++) {
        const ar_application *ap = &s->apps[k];
        if (ap->source != ap->item || ap->date <= from)
            continue;
        ar_rf_figures *f = &cur[docs[ap->item].currency];
        f->count[AR_RF_CASH]++;
        f->earlier[AR_RF_CASH] -= ap->amount;
    }
    for (size_t k = 0; k < s->credit_count; k++) {
        const ar_credit *c = &s->credits[k];
        ar_doc_type t = (ar_doc_type)docs[c->source].type;
        ar_rf_credit kind = t == AR_DOC_CRN  ? AR_RF_UNAPPLIED_CREDIT_NOTES
                            : t == AR_DOC_WO ? AR_RF_UNAPPLIED_WRITE_OFFS
                                             : AR_RF_UNAPPLIED_CASH;
        cur[c->currency].unapplied[kind] += c->amount;
        cur[c->currency].unapplied_count[kind]++;
    }
}

void ar_rollforward_compute(const ar_analysis *a, ar_date from,
                            ar_rollforward *out)
{
    const ar_ledger *lg = a->ledger;
    memset(out, 0, sizeof *out);
    out->as_of = a->as_of;
    out->opening_date = ar_rollforward_opening(a->as_of, from);
    const ar_folded *fd = ar_ledger_folded(lg);
    if (fd && fd->rollforward) {
        /* the partitions had every row (fold.c) */
        out->count = fd->rollforward_count;
        out->cur = ar_xcalloc(out->count + 1, sizeof *out->cur);
        memcpy(out->cur, fd->rollforward, out->count * sizeof *out->cur);
        return;
    }
    size_t nc = ar_ledger_currency_count(lg);
    out->count = nc;
    out->cur = ar_xcalloc(nc + 1, sizeof *out->cur);
    ar_date O = out->opening_date;
    ar_cents *at_o = ar_xcalloc(nc * AR_RF_LINE_COUNT_ + 1, sizeof *at_o);
    ar_cents *at_d = ar_xcalloc(nc * AR_RF_LINE_COUNT_ + 1, sizeof *at_d);
    /* AR at O is what a run as of O shows: the ledger settled as of O
     * (the same rules, the same consumption and clearing as of O); read
     * off the settlement as of D when that is exact, else settled again */
    if (cut_exact(a, O)) {
        flows_cut(a, O, at_o);
    } else {
        ar_settlement s0;
        ar_settle(lg, a->policy, O, &s0);
        flows_at(lg, &s0, O, at_o);
        ar_settlement_fini(&s0);
    }
    flows_at(lg, &a->settlement, a->as_of, at_d);
    period(a, O, out->cur);
    for (size_t c = 0; c < nc; c++) {
        ar_rf_figures *f = &out->cur[c];
        const ar_cents *x = &at_o[c * AR_RF_LINE_COUNT_];
        const ar_cents *y = &at_d[c * AR_RF_LINE_COUNT_];
        f->opening = ar_of(x);
        f->closing = ar_of(y);
        for (int l = 0; l < AR_RF_LINE_COUNT_; l++) {
            f->line[l] = y[l] - x[l];
            f->earlier[l] += f->line[l];
        }
    }
    free(at_o);
    free(at_d);
}

void ar_rollforward_add(ar_rollforward *to, const ar_rollforward *x)
{
    if (x->count > to->count) {
        to->cur = ar_xrealloc(to->cur, (x->count + 1) * sizeof *to->cur);
        memset(to->cur + to->count, 0,
               (x->count + 1 - to->count) * sizeof *to->cur);
        to->count = x->count;
    }
    to->opening_date = x->opening_date;
    to->as_of = x->as_of;
    for (size_t c = 0; c < x->count; c++) {
        ar_rf_figures *t = &to->cur[c];
        const ar_rf_figures *f = &x->cur[c];
        t->used |= f->used;
        t->opening += f->opening;
        t->closing += f->closing;
        for (int l = 0; l < AR_RF_LINE_COUNT_; l++) {
            t->line[l] += f->line[l];
            t->count[l] += f->count[l];
            t->earlier[l] += f->earlier[l];
        }
        t->open_items += f->open_items;
        t->open_count += f->open_count;
        for (int k = 0; k < AR_RF_CREDIT_COUNT_; k++) {
            t->unapplied[k] += f->unapplied[k];
            t->unapplied_count[k] += f->unapplied_count[k];
        }
        t->later_items += f->later_items;
        t->later_credits += f->later_credits;
        t->later_items_count += f->later_items_count;
        t->later_credits_count += f->later_credits_count;
    }
}

void ar_rollforward_fini(ar_rollforward *rf)
{
    free(rf->cur);
    memset(rf, 0, sizeof *rf);
}

const ar_rf_figures *ar_rollforward_of(const ar_rollforward *rf, uint16_t c)
{
    static const ar_rf_figures none;
    return c < rf->count ? &rf->cur[c] : &none;
}

ar_cents ar_provision_ecl(ar_cents gross, int32_t rate_bp, bool whole)
{
    /* hundredths of a percent: 10,000 is 100 %; muldiv rounds half away
     * from zero, which for a positive amount is half-up */
    if (whole)
        return ar_cents_muldiv(gross, rate_bp, 1000000) * 100;
    return ar_cents_muldiv(gross, rate_bp, 10000);
}
