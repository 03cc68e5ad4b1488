/* statement_front.c - the first page of an agency statement: title,
 * debtor and account facts, the warnings and the account summary
 * (statement_front.h). */
#include "ar/render/agency/statement_front.h"

#include <stdio.h>

#define MM(x) AR_PDF_MM(x)

/* The debtor: name, contact, postal address, e-mail and phone. Returns
 * the baseline below it. */
static double debtor_block(ar_statement *c, double x, double y, double w)
{
    const ar_placement *p = c->p;
    const ar_letterhead *h = c->env->h;
    ar_statement_put(c, x, y, AR_PDF_BOLD, 7.5, h->color_muted, AR_PDF_LEFT, w,
                     "DEBTOR");
    y += MM(5);
    if (!p->known) {
        ar_statement_put(c, x, y, AR_PDF_BOLD, 10, h->color_text, AR_PDF_LEFT,
                         w, p->id);
        y += MM(4.6);
        ar_statement_put(
            c, x, y, AR_PDF_REGULAR, 8.5, h->color_primary, AR_PDF_LEFT, w,
            "Not in the clients file: no name, address or contact on");
        y += MM(3.8);
        ar_statement_put(
            c, x, y, AR_PDF_REGULAR, 8.5, h->color_primary, AR_PDF_LEFT, w,
            "record. Known only by its client number in the ledger.");
        return y + MM(4.6);
    }
    /* the country too when it is the company's own: agencies work abroad;
     * a line break in a field starts a line of its own */
    const ar_page_address a = {p->name,        p->contact, p->address1,
                               p->address2,    p->postal_code, p->city,
                               p->region,      p->country};
    ar_page_address_lines al;
    ar_page_address_format(c->env->layout, c->env->g, &a, NULL, &al);
    /* #22 item 14: every line wraps (the name to 5 lines, the others to
     * 3), rather than squeezed into a bar */
    size_t names = 0;
    for (size_t i = 0; i < al.name_lines && names < 5; i++) {
        ar_page_span sp[5];
        size_t n = ar_page_wrap(&c->pg, AR_PDF_BOLD, 10, al.line[i], w, sp,
                                5 - names);
        for (size_t k = 0; k < n; k++, y += MM(4.6), names++)
            ar_statement_put_n(c, x, y, AR_PDF_BOLD, 10, h->color_text,
                               AR_PDF_LEFT, w, al.line[i] + sp[k].from,
                               sp[k].to - sp[k].from);
    }
    for (size_t i = al.name_lines; i < al.count; i++) {
        ar_page_span sp[3];
        size_t n = ar_page_wrap(&c->pg, AR_PDF_REGULAR, 9, al.line[i], w, sp,
                                3);
        for (size_t k = 0; k < n; k++, y += MM(4.1))
            ar_statement_put_n(c, x, y, AR_PDF_REGULAR, 9, h->color_text,
                               AR_PDF_LEFT, w, al.line[i] + sp[k].from,
                               sp[k].to - sp[k].from);
    }
    y += MM(1);
    const char *labels[2] = {"Email", "Phone"};
    const char *vals[2] = {p->email, p->phone};
    for (size_t i = 0; i < 2; i++) {
        ar_statement_put(c, x, y, AR_PDF_REGULAR, 7.5, h->color_muted,
                         AR_PDF_LEFT, MM(13), labels[i]);
        ar_statement_put(c, x + MM(14), y, AR_PDF_REGULAR, 9,
                         vals[i][0] ? h->color_text : h->color_muted,
                         AR_PDF_LEFT, w - MM(14),
                         vals[i][0] ? vals[i] : "not on record");
        y += MM(4.1);
    }
    return y;
}

/* Key facts beside the debtor. Returns the baseline below them. */
static double facts_block(ar_statement *c, double x, double y, double w)
{
    const ar_placement *p = c->p;
    const ar_client_result *cr = c->cr;
    const ar_letterhead *h = c->env->h;
    char as_of[48], due[48], last[120], tier[64], days[32], stage[48],
        prior[16];
    ar_statement_date(c, c->env->run->analysis.as_of, true, as_of,
                      sizeof as_of);
    ar_statement_date(c, p->oldest_due, false, due, sizeof due);
    if (p->last_payment != AR_DATE_NONE) {
        char d1[48], a1[48];
        snprintf(last, sizeof last, "%s, %s",
                 ar_statement_date(c, p->last_payment, false, d1, sizeof d1),
                 ar_statement_amount(c, p->last_payment_amount, c->cur, a1,
                                     sizeof a1));
    } else {
        snprintf(last, sizeof last, "none on record");
    }
    static const char *const tiers[AR_TIER_COUNT_] = {
        [AR_TIER_STANDARD] = "Standard", [AR_TIER_VIP] = "VIP",
        [AR_TIER_HIGH_RISK] = "High-Risk"};
    snprintf(tier, sizeof tier, "%s, risk score %d of 100",
             tiers[cr->risk.tier], cr->risk.score);
    snprintf(days, sizeof days, "%d", p->days_past_due);
    /* the stage its days past due reach, not a letter sent: a placed
     * client gets none in the run that places it (the letters sent are
     * listed below) */
    snprintf(stage, sizeof stage, "%d of 5, by days past due", cr->stage);
    snprintf(prior, sizeof prior, "%d", p->prior_collections);
    const char *cur = c->cur[0] ? c->cur : "base currency";
    struct {
        const char *label, *value;
    } rows[] = {
        {"Client no.", p->id},
        {"Statement date", as_of},
        {"Currency", cur},
        {"Risk tier", tier},
        {"Stage reached", stage},
        {"Oldest past due", due},
        {"Days past due", days},
        {"Last payment", last},
        {"Prior collections", prior},
    };
    double lw = MM(27);
    ar_statement_put(c, x, y, AR_PDF_BOLD, 7.5, h->color_muted, AR_PDF_LEFT, w,
                     "ACCOUNT");
    y += MM(5);
    for (size_t i = 0; i < sizeof rows / sizeof *rows; i++, y += MM(4.1)) {
        ar_statement_put(c, x, y, AR_PDF_REGULAR, 7.5, h->color_muted,
                         AR_PDF_LEFT, lw - MM(1), rows[i].label);
        ar_statement_put(c, x + lw, y, i == 0 ? AR_PDF_BOLD : AR_PDF_REGULAR,
                         8.5, h->color_text, AR_PDF_LEFT, w - lw,
                         rows[i].value);
    }
    return y;
}

/* Warnings the agency must see first: a line each, on a tinted band. */
void ar_statement_flags_draw(ar_statement *c)
{
    const ar_placement *p = c->p;
    const ar_run *run = c->env->run;
    const ar_page_geom *gm = c->env->gm;
    char lines[4][400];
    size_t n = 0;
    if (p->no_contact)
        snprintf(lines[n++], sizeof lines[0],
                 "No contact data: neither a contact name, an e-mail address "
                 "nor a phone number is on record%s.",
                 p->known ? "; only the postal address above" : "");
    if (p->legal) {
        char bal[48], lim[48];
        snprintf(
            lines[n++], sizeof lines[0],
            "Legal candidate: %d days past due and an overdue balance "
            "of %s (from %s at %d days). Requires legal approval before "
            "any legal step.",
            p->days_past_due,
            ar_statement_amount(c, p->overdue_net, c->cur, bal, sizeof bal),
            ar_statement_amount(c, run->policy.legal_min_balance, c->cur, lim,
                                sizeof lim),
            run->policy.legal_days);
    }
    if (p->other_items)
        snprintf(lines[n++], sizeof lines[0],
                 "Also open in other currencies, listed at the end and not "
                 "added to the totals: %s.",
                 p->other_open);
    if (n == 0)
        return;
    double w = gm->right - gm->left - MM(6);
    ar_page_span sp[4][4];
    size_t nl[4], total = 0;
    for (size_t i = 0; i < n; i++) {
        nl[i] =
            ar_page_wrap(&c->pg, AR_PDF_REGULAR, 8.5, lines[i], w, sp[i], 4);
        total += nl[i];
    }
    double hgt = (double)total * MM(4) + MM(3);
    ar_page_box(&c->pg, gm->left, c->pg.y - MM(1), gm->right - gm->left, hgt,
                0xFBEFE6);
    double y = c->pg.y + MM(3.2);
    for (size_t i = 0; i < n; i++)
        for (size_t k = 0; k < nl[i]; k++, y += MM(4))
            ar_statement_put_n(
                c, gm->left + MM(3), y, k == 0 ? AR_PDF_BOLD : AR_PDF_REGULAR,
                8.5, 0x8A3B12, AR_PDF_LEFT, w, lines[i] + sp[i][k].from,
                sp[i][k].to - sp[i][k].from);
    c->pg.y += hgt + MM(2);
}

/* The balance and how it is made up: it adds up line by line. */
void ar_statement_summary_draw(ar_statement *c)
{
    const ar_placement *p = c->p;
    const ar_run *run = c->env->run;
    const ar_letterhead *h = c->env->h;
    const ar_page_geom *gm = c->env->gm;
    char past[80], review[80], rate[32];
    unsigned past_n = 0;
    const ar_doc *docs = ar_ledger_docs(run->ledger);
    for (size_t k = 0; k < p->item_count; k++) {
        uint32_t i = c->env->pk->items[p->first_item + k];
        if (docs[i].currency == p->currency && !docs[i].disputed &&
            ar_days_past_due(&run->analysis, i) >= 1)
            past_n++;
    }
    snprintf(past, sizeof past, "Past due (%u item%s)", past_n,
             past_n == 1 ? "" : "s");
    snprintf(review, sizeof review, "Under review (disputed, not demanded)");
    snprintf(rate, sizeof rate, "%d.%02d %%",
             run->policy.agency_commission_bp / 100,
             run->policy.agency_commission_bp % 100);
    char commission[120];
    snprintf(commission, sizeof commission,
             "Expected agency commission at %s of the overdue balance", rate);
    struct {
        const char *label;
        ar_cents v;
        int style;   /* 0 plain, 1 total, 2 key figure, 3 muted */
        bool rule_above;
    } rows[] = {
        {past, p->overdue, 0, false},
        {review, p->disputed, 0, false},
        {"Not yet due", p->not_due, 0, false},
        {"Open items total", p->open, 1, true},
        {"Less unapplied credits", -p->unapplied, 0, false},
        {"Balance", p->open - p->unapplied, 1, true},
        {"Overdue balance placed (past due less unapplied credits)",
         p->overdue_net, 2, false},
        {commission, p->commission, 3, false},
        {"Net recovery after commission", p->overdue_net - p->commission, 3,
         false},
    };
    size_t n = sizeof rows / sizeof *rows;
    c->pg.y += AR_STATEMENT_SECTION_GAP;
    ar_page_ensure(&c->pg, MM(8) + (double)n * MM(4.6));
    ar_statement_put(c, gm->left, c->pg.y, AR_PDF_BOLD, 10.5, h->color_primary,
                     AR_PDF_LEFT, gm->right - gm->left, "Account summary");
    c->pg.y += MM(3);
    double top = c->pg.y, box_h = MM(3.4) + (double)n * MM(4.6);
    ar_page_box(&c->pg, gm->left, top, gm->right - gm->left, box_h, 0xF4F6F9);
    double y = top + MM(5), lx = gm->left + MM(3), ax = gm->right - MM(3);
    double aw = MM(40);
    for (size_t i = 0; i < n; i++, y += MM(4.6)) {
        char amt[64];
        ar_statement_amount(c, rows[i].v, c->cur, amt, sizeof amt);
        ar_pdf_face face = rows[i].style == 1 || rows[i].style == 2
                               ? AR_PDF_BOLD
                               : AR_PDF_REGULAR;
        uint32_t rgb = rows[i].style == 2   ? h->color_primary
                       : rows[i].style == 3 ? h->color_muted
                                            : h->color_text;
        if (rows[i].rule_above)
            ar_page_rule(&c->pg, y - MM(3.6), ax - aw, ax, 0.6);
        ar_statement_put(c, lx, y, face, 9, rgb, AR_PDF_LEFT,
                         ax - aw - lx - MM(2), rows[i].label);
        ar_statement_put(c, ax, y, face, 9, rgb, AR_PDF_RIGHT, aw, amt);
    }
    c->pg.y = top + box_h + MM(1);
}

void ar_statement_head_draw(ar_statement *c)
{
    const ar_page_geom *gm = c->env->gm;
    const ar_letterhead *h = c->env->h;
    ar_page_letterhead(&c->pg, c->env->logo);
    double y = MM(47);
    ar_statement_put(c, gm->left, y, AR_PDF_BOLD, 17, h->color_primary,
                     AR_PDF_LEFT, gm->right - gm->left,
                     "Statement of account");
    /* what the statement is, and the one rule the agency must keep */
    char sub[600], day[48];
    snprintf(sub, sizeof sub,
             "For the collections agency: every item open in our ledger at "
             "the end of %s and everything received against them. Items "
             "under review are disputed and must not be demanded. Questions "
             "about this account: %s, %s.",
             ar_statement_date(c, c->env->run->analysis.as_of, true, day,
                               sizeof day),
             h->phone, h->email);
    ar_page_span sp[4];
    size_t n = ar_page_wrap(&c->pg, AR_PDF_REGULAR, 8.5, sub,
                            gm->right - gm->left, sp, 4);
    y += MM(2);
    for (size_t i = 0; i < n; i++) {
        y += MM(3.9);
        ar_statement_put_n(c, gm->left, y, AR_PDF_REGULAR, 8.5, h->color_muted,
                           AR_PDF_LEFT, gm->right - gm->left, sub + sp[i].from,
                           sp[i].to - sp[i].from);
    }
    y += MM(3);
    ar_page_rule(&c->pg, y, gm->left, gm->right, 0.6);
    y += MM(7);
    double mid = gm->left + (gm->right - gm->left) * 0.53;
    double y1 = debtor_block(c, gm->left, y, mid - gm->left - MM(6));
    double y2 = facts_block(c, mid, y, gm->right - mid);
    c->pg.y = (y1 > y2 ? y1 : y2) + MM(2);
}
