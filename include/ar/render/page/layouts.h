/* layouts.h - the letter layouts of layouts/ (SPEC §5), read once per run.
 *
 * layouts/letterhead.txt    company, address, bank details, logo, colours,
 *                           fonts
 * layouts/postal.txt        postal-line formats by country (the
 *                           countries' names come from iso-codes)
 * layouts/letters/<lang>/   strings.txt (labels, date and number formats)
 *                           and one template per stage (stage1.txt ...
 *                           stage5.txt) plus the personal VIP letter
 *                           (vip<N>.txt or vip.txt)
 *
 * Every file is UTF-8 text: '#' starts a comment line, then "key: value"
 * lines up to the first blank line; a template's body follows as
 * paragraphs separated by blank lines. In any text, {name} is a
 * placeholder (AR_VAR_*), *text* is set in bold, and a paragraph that
 * starts with "[if X]" or "[unless X]" is kept only when condition X
 * (AR_COND_*) holds. A body paragraph "{items}", "{payment}" or
 * "{contact}" places the item table, the payment instructions or the
 * contact and dispute line. Errors name the file and line.
 */
#ifndef AR_LAYOUTS_H
#define AR_LAYOUTS_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "ar/base/error.h"
#include "ar/engine/policy.h"

/* Placeholders; values are formatted per letter in its language. */
typedef enum ar_var {
    AR_VAR_CLIENT_NAME,     /* legal name */
    AR_VAR_CLIENT_ID,
    AR_VAR_CONTACT,         /* attention line, may be "" */
    AR_VAR_CONTACT_NAME,    /* the contact up to its first comma */
    AR_VAR_FAMILY_NAME,     /* clients' family_name */
    AR_VAR_FORMAL_NAME,     /* academic title and family name ("Dr.
                               Schmidt"), from title and family_name */
    AR_VAR_SALUTATION,      /* the letter's salutation without its final
                               comma ("Madame, Monsieur") */
    AR_VAR_AMOUNT_DUE,      /* total asked for, fees and interest included */
    AR_VAR_OVERDUE,         /* past due items net of credits */
    AR_VAR_CREDITS,         /* unapplied credits */
    AR_VAR_FEE,
    AR_VAR_INTEREST,
    AR_VAR_INTEREST_RATE,   /* "8.00 %" */
    AR_VAR_PAY_BY,          /* long date */
    AR_VAR_DATE,            /* letter date, long */
    AR_VAR_AS_OF,           /* the run's as-of date, long */
    AR_VAR_REFERENCE,       /* the letter's own reference */
    AR_VAR_PAYMENT_REFERENCE, /* its ISO 11649 creditor reference */
    AR_VAR_STAGE,           /* 1..5 */
    AR_VAR_STAGE_NAME,
    AR_VAR_LETTERS_BEFORE,  /* earlier letters about this letter's items */
    AR_VAR_LAST_LETTER_DATE, /* the date the last of them bore, long */
    AR_VAR_LAST_LETTER_STAGE, /* its stage's name in this language */
    AR_VAR_ACCOUNT_MANAGER,
    AR_VAR_MANAGER_PHONE,   /* the account manager's, else the company's */
    AR_VAR_MANAGER_EMAIL,
    AR_VAR_COMPANY,
    AR_VAR_COMPANY_PHONE,
    AR_VAR_COMPANY_EMAIL,
    AR_VAR_ITEM_COUNT,      /* past due items counted in the amount */
    AR_VAR_MAX_DAYS,        /* days past due of the oldest */
    AR_VAR_OLDEST_DUE,      /* due date of the oldest, long */
    AR_VAR_CURRENCY,
    AR_VAR_DISPUTED,        /* open amount under review */
    AR_VAR_PAGE,            /* page numbers (footer strings only) */
    AR_VAR_PAGES,
    AR_VAR_COUNT_
} ar_var;

/* Paragraph conditions: what the engine decided for the client, so a
 * letter never announces a step the policy will not take (seeds 001, 003). */
typedef enum ar_cond {
    AR_COND_AGENCY,          /* qualifies for agency placement now */
    AR_COND_AGENCY_POSSIBLE, /* placement could follow later: not VIP and
                                the balance reaches agency_min_balance */
    AR_COND_LEGAL,           /* legal candidate */
    AR_COND_SUSPEND,         /* service suspension */
    AR_COND_CALL,            /* a collector will call */
    AR_COND_ACCOUNT_MANAGER, /* VIP follow-up by the account manager */
    AR_COND_FEE,
    AR_COND_INTEREST,
    AR_COND_CREDITS,
    AR_COND_DISPUTED,
    AR_COND_NOT_YET_DUE,
    AR_COND_VIP,
    AR_COND_HIGH_RISK,
    AR_COND_CONTACT,         /* the client has a contact name */
    AR_COND_REMINDED,        /* an earlier letter (history rows dated on or
                                before the as-of date) named one of the
                                items this letter asks for, or named none */
    AR_COND_REMINDED_TWICE,  /* at least two such letters */
    AR_COND_MANAGER,         /* the client has an account manager */
    AR_COND_MANAGER_PHONE,   /* ... with a phone number of their own */
    AR_COND_BANK_ACCOUNT,    /* the letterhead has an account in the
                                letter's currency */
    AR_COND_COUNT_
} ar_cond;

/* Labels and formats of one language (strings.txt). */
typedef enum ar_str_id {
    AR_S_LANGUAGE,          /* the language's own name */
    AR_S_DECIMAL_MARK,      /* "." */
    AR_S_GROUP_MARK,        /* ",", ".", "nbsp" */
    AR_S_AMOUNT_FORMAT,     /* "{symbol}{amount}" / "{amount} {symbol}" */
    AR_S_AMOUNT_FORMAT_CODE,/* for currencies without a symbol */
    AR_S_DATE_SHORT,        /* "%d.%m.%Y" (%d %m %Y %b %B) */
    AR_S_DATE_LONG,
    AR_S_MONTHS,            /* 12 names, comma separated */
    AR_S_MONTHS_SHORT,
    AR_S_STAGE1, AR_S_STAGE2, AR_S_STAGE3, AR_S_STAGE4, AR_S_STAGE5,
    /* the stage's name on a letter that no earlier letter preceded
     * (optional: the stage's own name) */
    AR_S_STAGE1_FIRST, AR_S_STAGE2_FIRST, AR_S_STAGE3_FIRST,
    AR_S_STAGE4_FIRST, AR_S_STAGE5_FIRST,
    AR_S_VIP_STAGE1, AR_S_VIP_STAGE2, AR_S_VIP_STAGE3, AR_S_VIP_STAGE4,
    AR_S_VIP_STAGE5,
    AR_S_INFO_DATE, AR_S_INFO_REFERENCE, AR_S_INFO_CLIENT, AR_S_INFO_CONTACT,
    AR_S_INFO_PHONE, AR_S_INFO_EMAIL,
    AR_S_COL_NUMBER, AR_S_COL_DATE, AR_S_COL_DUE, AR_S_COL_DAYS,
    AR_S_COL_ORIGINAL, AR_S_COL_OPEN, AR_S_COL_NOTE,
    AR_S_COL_REMINDED,      /* times an item was named by earlier letters */
    AR_S_UNDER_REVIEW, AR_S_NOT_YET_DUE,
    AR_S_CREDITS_TITLE,     /* "Credit balance (deducted)" */
    AR_S_CREDIT_PAYMENT,    /* an unapplied payment */
    AR_S_CREDIT_NOTE,       /* an unapplied credit note */
    AR_S_CREDIT_OTHER,      /* any other credit (a write-off) */
    AR_S_SUM_PAST_DUE, AR_S_SUM_CREDITS, AR_S_SUM_FEE, AR_S_SUM_INTEREST,
    AR_S_SUM_TOTAL, AR_S_SUM_REVIEW, AR_S_SUM_NOT_DUE, AR_S_OTHER_CURRENCY,
    AR_S_PAYMENT_TITLE, AR_S_PAYMENT_TEXT,
    AR_S_PAYMENT_NO_ACCOUNT, /* no account in the letter's currency */
    AR_S_BANK_HOLDER, AR_S_BANK_IBAN, AR_S_BANK_BIC, AR_S_BANK_NAME,
    AR_S_BANK_ACCOUNT_NUMBER, AR_S_BANK_CODE,
    AR_S_BANK_REFERENCE, AR_S_BANK_AMOUNT,
    AR_S_QR_LABEL,
    AR_S_QR_VOID,           /* across a proof's voided payment code */
    AR_S_CONTACT_LINE,
    AR_S_PAGE_OF,           /* "Page {page} of {pages}" */
    AR_S_CONTINUED,         /* header of continuation pages */
    AR_S_TABLE_CONTINUES,   /* "continued on the next page" */
    /* salutations (README "Letters"): formal, and the friendlier ones a
     * template may ask for at stages 1-3 */
    AR_S_SALUTATION_FEMALE, AR_S_SALUTATION_MALE, AR_S_SALUTATION_PERSON,
    AR_S_SALUTATION_GENERIC,
    AR_S_FRIENDLY_FEMALE, AR_S_FRIENDLY_MALE, AR_S_FRIENDLY_PERSON,
    AR_S_CLOSING,           /* default closing, a template may override */
    AR_S_SIGNATURE_TEAM,    /* "Accounts Receivable" */
    AR_S_SAMPLE,            /* proof watermark */
    AR_S_COUNT_
} ar_str_id;

/* One piece of parsed text: literal bytes or a placeholder, in a face. */
typedef struct ar_tpart {
    const char *text;       /* literal (owned by the layout), or NULL */
    size_t len;
    int var;                /* ar_var when text is NULL */
    bool bold;
} ar_tpart;

/* A parsed text: parts in order. */
typedef struct ar_ttext {
    ar_tpart *parts;
    size_t count;
} ar_ttext;

typedef enum ar_block {
    AR_BLOCK_TEXT,
    AR_BLOCK_ITEMS,
    AR_BLOCK_PAYMENT,
    AR_BLOCK_CONTACT,
} ar_block;

/* A body paragraph and when to print it. */
typedef struct ar_para {
    ar_block block;
    ar_ttext text;          /* AR_BLOCK_TEXT */
    uint32_t need, forbid;  /* bits of ar_cond: all of need, none of forbid */
} ar_para;

/* One letter template. */
typedef struct ar_template {
    char path[512];
    ar_ttext subject, closing, signature, signature_title;
    bool friendly;          /* "salutation: friendly": the friendlier
                               salutations at stages 1-3 */
    ar_para *paras;
    size_t para_count;
} ar_template;

/* One language: strings and templates. */
typedef struct ar_lang {
    char code[16];          /* "en", "de", ... */
    ar_ttext str[AR_S_COUNT_];
    const char *months[12];
    const char *months_short[12];
    char decimal_mark[8], group_mark[8];
    ar_template stage[AR_STAGES];
    ar_template vip[AR_STAGES];
} ar_lang;

/* A country's postal line(s), when not "{postal_code} {city}". */
typedef struct ar_country {
    char code[4];
    ar_ttext postal;        /* {postal_code} {city} {region}; '|' = new line */
} ar_country;

/* A bank account of the letterhead for one currency ("" = not given). */
#define AR_MAX_ACCOUNTS 16
typedef struct ar_bank_account {
    char currency[4];           /* ISO 4217 */
    const char *bank_name, *account_holder, *iban, *bic;
    const char *account_number, *bank_code; /* without an IBAN */
    const char *bank_code_label; /* "Sort code", "ABA routing number"; ""
                                    = the language's bank_code */
} ar_bank_account;

/* letterhead.txt */
typedef struct ar_letterhead {
    const char *company;
    const char *address[4];     /* '|' separated lines */
    size_t address_lines;
    const char *country;        /* ISO code of the sender */
    const char *return_line;    /* small line in the window above the
                                   recipient */
    const char *phone, *email, *web;
    const char *legal[3];       /* footer lines: register, VAT id, ... */
    size_t legal_lines;
    ar_bank_account accounts[AR_MAX_ACCOUNTS]; /* one per currency */
    size_t account_count;
    const char *logo;           /* absolute path or NULL */
    double logo_width_mm;
    uint32_t color_primary, color_text, color_muted, color_rule; /* RGB */
    const char *font_regular, *font_bold, *font_fallback; /* paths;
                                   fallback NULL: none */
    const char *icc_profile;    /* path; NULL: not PDF/A */
    bool qr;                    /* EPC QR for EUR with an IBAN */
} ar_letterhead;

typedef struct ar_layout ar_layout;

/* Read every layout file under dir (each file once). Errors: AR_ERR_IO
 * (unreadable file) or AR_ERR_LAYOUT (bad content), d naming the file and
 * line. English ("en") must exist and be complete; another language may
 * leave strings out (English is used for them). */
ar_err ar_layout_load(const char *dir, ar_layout **out, ar_diag *d);
void ar_layout_free(ar_layout *l);

/* The hex SHA-256 of everything the letters and statements are drawn
 * from: every file of the layouts directory dir (ar_sha256_tree) and the
 * font, colour profile and logo files its letterhead names, wherever
 * they are (issue #21: every machine of a split run must draw with the
 * same). AR_ERR_IO / AR_ERR_LAYOUT with d filled. */
ar_err ar_layout_digest(const char *dir, char hex[65], ar_diag *d);

/* The layouts directory to use: $ARBATCH_LAYOUTS, else ./layouts when it
 * exists, else the installed AR_LAYOUTS_DIR. */
const char *ar_layout_default_dir(void);

/* The company of dir/letterhead.txt into buf ("" when it has none), for
 * the workbooks' page headers: one file read, nothing else loaded.
 * AR_ERR_IO or AR_ERR_LAYOUT (d says why) with buf "". */
ar_err ar_layout_company(const char *dir, char *buf, size_t size,
                         ar_diag *d);

/* letterhead.txt as loaded (owned by l). */
const ar_letterhead *ar_layout_letterhead(const ar_layout *l);

/* The language for a client's language field ("de", "de-AT", "FR"):
 * *fallback is set when it is not available and English is used (a blank
 * field is English by definition, not a fallback: the caller maps a
 * blank field through the policy's country_languages first). */
const ar_lang *ar_layout_lang(const ar_layout *l, const char *language,
                              bool *fallback);

/* The letterhead's account in currency (ISO code), or NULL: a letter
 * never shows another currency's account. */
const ar_bank_account *ar_letterhead_account(const ar_letterhead *h,
                                             const char *currency);

/* The currency of an account whose IBAN is a published example (the
 * bundled letterhead's, ISO 13616's and the banks' own samples), or NULL
 * when every IBAN looks like the user's own: letters must not ask
 * clients to pay into an account that belongs to nobody. */
const char *ar_letterhead_sample_account(const ar_letterhead *h);

/* The postal format of the country with ISO code code (case-insensitive),
 * or NULL for "{postal_code} {city}". */
const ar_country *ar_layout_country(const ar_layout *l, const char *code);

/* The country's name in g's language (NULL: English), in capitals, from
 * iso-codes (countries.h); NULL for a code that is no country. */
const char *ar_layout_country_name(const ar_layout *l, const char *code,
                                   const ar_lang *g);

/* Every language loaded, for checks. */
size_t ar_layout_lang_count(const ar_layout *l);
const ar_lang *ar_layout_lang_at(const ar_layout *l, size_t i);

/* The template for a letter of stage 1..5; vip picks the personal one. */
const ar_template *ar_lang_template(const ar_lang *g, int stage, bool vip);

#endif
