/* letter_text.c - a letter's placeholders: their values formatted in
 * the letter's language, and templates expanded with them (layouts.h).
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "ar/render/letters/letter_ctx.h"
#include "ar/render/page/format.h"

/* ---- placeholders in text ------------------------------------------ */

/* Expand t into r (appending), placeholders from c->var. */
void ar_letter_expand(const ar_letter_ctx *c, const ar_ttext *t,
                      ar_page_rich *r)
{
    for (size_t i = 0; i < t->count; i++) {
        const ar_tpart *p = &t->parts[i];
        const char *s = p->text ? p->text : c->var[p->var];
        size_t n = p->text ? p->len : strlen(s);
        if (r->len + n >= AR_PAGE_RICH_MAX) { /* cut at a character boundary */
            n = AR_PAGE_RICH_MAX - 1 - r->len;
            while (n > 0 && (s[n] & 0xC0) == 0x80)
                n--;
        }
        memcpy(r->text + r->len, s, n);
        memset(r->bold + r->len, p->bold, n);
        r->len += n;
    }
    r->text[r->len] = '\0';
}

const char *ar_letter_expand_plain(const ar_letter_ctx *c, const ar_ttext *t,
                                   ar_page_rich *r)
{
    r->len = 0;
    ar_letter_expand(c, t, r);
    return r->text;
}

/* ---- placeholders ------------------------------------------------------ */

void ar_letter_set_vars(ar_letter_ctx *c)
{
    const ar_letter *l = c->l;
    const ar_lang *g = c->g;
    const ar_letterhead *h = c->h;
    char(*b)[96] = c->buf;
    const char **v = c->var;
    for (int i = 0; i < AR_VAR_COUNT_; i++)
        v[i] = "";
    v[AR_VAR_CLIENT_NAME] = l->name;
    v[AR_VAR_CLIENT_ID] = l->client_id;
    /* a contact field of several lines reads as one in running text */
    size_t cn = 0;
    for (const char *q = l->contact; *q && cn + 3 < sizeof c->contact; q++) {
        if (*q == '\r' || *q == '\n') {
            q += q[0] == '\r' && q[1] == '\n';
            if (cn > 0 && q[1])
                cn += (size_t)snprintf(c->contact + cn, 3, ", ");
            continue;
        }
        c->contact[cn++] = *q;
    }
    c->contact[cn] = '\0';
    v[AR_VAR_CONTACT] = c->contact;
    /* "Frau Sabine Krüger, Buchhaltung": greet the person, not the desk */
    snprintf(c->greeting, sizeof c->greeting, "%.*s",
             (int)strcspn(l->contact, ",\r\n"), l->contact);
    v[AR_VAR_GREETING_NAME] = c->greeting[0] ? c->greeting : l->name;
#define AMOUNT(var, x)                                                         \
    v[var] = ar_format_amount(g, x, l->currency, b[var], sizeof b[var])
    AMOUNT(AR_VAR_AMOUNT_DUE, l->amount_due);
    AMOUNT(AR_VAR_OVERDUE, l->past_due - l->credit_total);
    AMOUNT(AR_VAR_CREDITS, l->credit_total);
    AMOUNT(AR_VAR_FEE, l->fee);
    AMOUNT(AR_VAR_INTEREST, l->interest);
    AMOUNT(AR_VAR_DISPUTED, l->disputed_total);
#undef AMOUNT
    snprintf(b[AR_VAR_INTEREST_RATE], sizeof b[0], "%d%s%02d\xC2\xA0%%",
             l->interest_rate_bp / 100, g->decimal_mark,
             l->interest_rate_bp % 100);
    v[AR_VAR_INTEREST_RATE] = b[AR_VAR_INTEREST_RATE];
    v[AR_VAR_PAY_BY] =
        ar_format_date(g, l->pay_by, true, b[AR_VAR_PAY_BY], sizeof b[0]);
    v[AR_VAR_DATE] =
        ar_format_date(g, l->date, true, b[AR_VAR_DATE], sizeof b[0]);
    v[AR_VAR_OLDEST_DUE] =
        l->oldest_due != AR_DATE_NONE
            ? ar_format_date(g, l->oldest_due, true, b[AR_VAR_OLDEST_DUE],
                             sizeof b[0])
            : "";
    v[AR_VAR_REFERENCE] = l->reference;
    snprintf(b[AR_VAR_STAGE], sizeof b[0], "%d", l->stage);
    v[AR_VAR_STAGE] = b[AR_VAR_STAGE];
    v[AR_VAR_ACCOUNT_MANAGER] = l->account_manager;
    v[AR_VAR_COMPANY] = h->company;
    v[AR_VAR_COMPANY_PHONE] = h->phone;
    v[AR_VAR_COMPANY_EMAIL] = h->email;
    snprintf(b[AR_VAR_ITEM_COUNT], sizeof b[0], "%u", l->past_due_count);
    v[AR_VAR_ITEM_COUNT] = b[AR_VAR_ITEM_COUNT];
    snprintf(b[AR_VAR_MAX_DAYS], sizeof b[0], "%d", l->max_days);
    v[AR_VAR_MAX_DAYS] = b[AR_VAR_MAX_DAYS];
    v[AR_VAR_CURRENCY] = l->currency;
    /* the stage name: VIP letters have their own, gentler names */
    ar_str_id sid = (l->vip ? AR_S_VIP_STAGE1 : AR_S_STAGE1) + (l->stage - 1);
    ar_page_rich r;
    b[AR_VAR_STAGE_NAME][0] = '\0';
    ar_page_cat(b[AR_VAR_STAGE_NAME], sizeof b[0],
                ar_letter_expand_plain(c, &g->str[sid], &r));
    v[AR_VAR_STAGE_NAME] = b[AR_VAR_STAGE_NAME];
}
