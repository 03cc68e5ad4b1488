/* letter_text.c - a letter's placeholders: their values formatted in
 * the letter's language, its salutation (salutation.h), and templates
 * expanded with them (letter_ctx.h, layouts.h).
 */
#include "ar/render/letters/letter_ctx.h"

#include <stdio.h>
#include <string.h>

#include "ar/base/creditor_ref.h"
#include "ar/render/letters/salutation.h"
#include "ar/render/page/format.h"

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

/* Whether hay holds needle as a whole word (a name inside a name). */
static bool has_word(const char *hay, const char *needle)
{
    size_t n = strlen(needle);
    for (const char *p = hay; n && (p = strstr(p, needle)); p++) {
        bool start = p == hay || p[-1] == ' ' || p[-1] == '.';
        bool end = p[n] == '\0' || p[n] == ' ' || p[n] == ',';
        if (start && end)
            return true;
    }
    return false;
}

/* README "Letters": the salutation. A contact without a family name (a
 * department, a desk, blank) gets the language's generic one; stages 4
 * and 5 are always formal; a template that asks for it is friendlier at
 * stages 1-3. */
static void salutation(ar_letter_ctx *c, const ar_template *t)
{
    const ar_letter *l = c->l;
    const ar_lang *g = c->g;
    char academic[128];
    ar_salutation_kind kind = ar_salutation_kind_of(
        l->title, l->family_name, academic, sizeof academic);
    /* "Frau Sabine Krüger, Buchhaltung": the person, not the desk (nor
     * the field's second line) */
    snprintf(c->contact_name, sizeof c->contact_name, "%.*s",
             (int)strcspn(l->contact, ",\r\n"), l->contact);
    snprintf(c->formal_name, sizeof c->formal_name, "%s%s%s", academic,
             academic[0] ? " " : "", l->family_name);
    /* a name without a form of address is greeted by the contact's name
     * when it is theirs, else by the academic title and family name, else
     * generically */
    if (kind == AR_SALUTATION_PERSON &&
        !has_word(c->contact_name, l->family_name)) {
        if (academic[0])
            snprintf(c->contact_name, sizeof c->contact_name, "%s",
                     c->formal_name);
        else
            kind = AR_SALUTATION_GENERIC;
    }
    bool friendly = t->friendly && l->stage <= 3;
    ar_str_id id = AR_S_SALUTATION_GENERIC;
    switch (kind) {
    case AR_SALUTATION_GENERIC: id = AR_S_SALUTATION_GENERIC; break;
    case AR_SALUTATION_FEMALE:
        id = friendly ? AR_S_FRIENDLY_FEMALE : AR_S_SALUTATION_FEMALE;
        break;
    case AR_SALUTATION_MALE:
        id = friendly ? AR_S_FRIENDLY_MALE : AR_S_SALUTATION_MALE;
        break;
    case AR_SALUTATION_PERSON:
        id = friendly ? AR_S_FRIENDLY_PERSON : AR_S_SALUTATION_PERSON;
        break;
    }
    c->salutation_text = &g->str[id];
    c->var[AR_VAR_CONTACT_NAME] = c->contact_name;
    c->var[AR_VAR_FAMILY_NAME] = l->family_name;
    c->var[AR_VAR_FORMAL_NAME] = c->formal_name;
    /* {salutation}: the line without its final comma, for a closing that
     * repeats it ("Veuillez agréer, Madame, ...") */
    ar_page_rich r;
    const char *text = ar_letter_expand_plain(c, c->salutation_text, &r);
    size_t n = strlen(text);
    while (n && (text[n - 1] == ',' || text[n - 1] == ' '))
        n--;
    snprintf(c->salutation, sizeof c->salutation, "%.*s", (int)n, text);
    c->var[AR_VAR_SALUTATION] = c->salutation;
}

/* src with its blanks as no-break spaces into dst (size bytes): a phone
 * number or a reference never breaks across lines. Returns dst. */
static const char *unbroken(char *dst, size_t size, const char *src)
{
    dst[0] = '\0';
    for (const char *p = src; *p; p++)
        ar_page_cat(dst, size, *p == ' ' ? "\xC2\xA0" : (char[2]){*p, '\0'});
    return dst;
}

static const char *stage_name(ar_letter_ctx *c, int stage, bool vip,
                              bool first, char *buf, size_t size)
{
    ar_str_id sid = vip     ? AR_S_VIP_STAGE1
                    : first ? AR_S_STAGE1_FIRST
                            : AR_S_STAGE1;
    ar_page_rich r;
    buf[0] = '\0';
    ar_page_cat(buf, size,
                ar_letter_expand_plain(c, &c->g->str[sid + (stage - 1)], &r));
    return buf;
}

void ar_letter_set_vars(ar_letter_ctx *c, const ar_template *t)
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
#define AMOUNT(var, x)                                                        \
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
#define DATE(var, x)                                                          \
    v[var] = (x) != AR_DATE_NONE                                              \
                 ? ar_format_date(g, x, true, b[var], sizeof b[var])          \
                 : ""
    DATE(AR_VAR_PAY_BY, l->pay_by);
    DATE(AR_VAR_DATE, l->date);
    DATE(AR_VAR_AS_OF, l->as_of);
    DATE(AR_VAR_OLDEST_DUE, l->oldest_due);
    DATE(AR_VAR_LAST_LETTER_DATE, l->last_letter_date);
#undef DATE
    v[AR_VAR_REFERENCE] = l->reference;
    /* in groups of four, joined by no-break spaces: never split */
    char groups[48];
    ar_rf_print(l->payment_reference, groups, sizeof groups);
    v[AR_VAR_PAYMENT_REFERENCE] =
        unbroken(b[AR_VAR_PAYMENT_REFERENCE], sizeof b[0], groups);
    snprintf(b[AR_VAR_STAGE], sizeof b[0], "%d", l->stage);
    v[AR_VAR_STAGE] = b[AR_VAR_STAGE];
    snprintf(b[AR_VAR_LETTERS_BEFORE], sizeof b[0], "%u", l->letters_before);
    v[AR_VAR_LETTERS_BEFORE] = b[AR_VAR_LETTERS_BEFORE];
    /* the last letter's name as its reader saw it: a standard letter's
     * (VIP letters have their own, but the history does not say which) */
    if (l->letters_before && l->last_letter_stage >= 1 &&
        l->last_letter_stage <= AR_STAGES)
        v[AR_VAR_LAST_LETTER_STAGE] =
            stage_name(c, l->last_letter_stage, false, false,
                       b[AR_VAR_LAST_LETTER_STAGE], sizeof b[0]);
    v[AR_VAR_ACCOUNT_MANAGER] = l->account_manager;
    /* a VIP letter's direct line: the manager's, else the company's */
    v[AR_VAR_MANAGER_PHONE] =
        unbroken(b[AR_VAR_MANAGER_PHONE], sizeof b[0],
                 l->manager_phone[0] ? l->manager_phone : h->phone);
    v[AR_VAR_MANAGER_EMAIL] = l->manager_email[0] ? l->manager_email
                                                  : h->email;
    v[AR_VAR_COMPANY] = h->company;
    v[AR_VAR_COMPANY_PHONE] =
        unbroken(b[AR_VAR_COMPANY_PHONE], sizeof b[0], h->phone);
    v[AR_VAR_COMPANY_EMAIL] = h->email;
    snprintf(b[AR_VAR_ITEM_COUNT], sizeof b[0], "%u", l->past_due_count);
    v[AR_VAR_ITEM_COUNT] = b[AR_VAR_ITEM_COUNT];
    snprintf(b[AR_VAR_MAX_DAYS], sizeof b[0], "%d", l->max_days);
    v[AR_VAR_MAX_DAYS] = b[AR_VAR_MAX_DAYS];
    v[AR_VAR_CURRENCY] = l->currency;
    /* the stage name: VIP letters have their own, gentler names; a letter
     * no other preceded never calls itself a second one */
    v[AR_VAR_STAGE_NAME] =
        stage_name(c, l->stage, l->vip, l->letters_before == 0,
                   b[AR_VAR_STAGE_NAME], sizeof b[0]);
    salutation(c, t);
}
