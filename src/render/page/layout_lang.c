/* layout_lang.c - one language of layouts/: its strings.txt and letter
 * templates (format in layouts.h). layouts.h comes in through
 * layout_lang.h: including it here would count as using layouts.c, which
 * uses this file.
 */
#include "ar/render/page/layout_lang.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

static const char *const var_names[AR_VAR_COUNT_] = {
    [AR_VAR_CLIENT_NAME] = "client_name",
    [AR_VAR_CLIENT_ID] = "client_id",
    [AR_VAR_CONTACT] = "contact",
    [AR_VAR_CONTACT_NAME] = "contact_name",
    [AR_VAR_FAMILY_NAME] = "family_name",
    [AR_VAR_FORMAL_NAME] = "formal_name",
    [AR_VAR_SALUTATION] = "salutation",
    [AR_VAR_AMOUNT_DUE] = "amount_due",
    [AR_VAR_OVERDUE] = "overdue",
    [AR_VAR_CREDITS] = "credits",
    [AR_VAR_FEE] = "fee",
    [AR_VAR_INTEREST] = "interest",
    [AR_VAR_INTEREST_RATE] = "interest_rate",
    [AR_VAR_PAY_BY] = "pay_by",
    [AR_VAR_DATE] = "date",
    [AR_VAR_AS_OF] = "as_of",
    [AR_VAR_REFERENCE] = "reference",
    [AR_VAR_PAYMENT_REFERENCE] = "payment_reference",
    [AR_VAR_STAGE] = "stage",
    [AR_VAR_STAGE_NAME] = "stage_name",
    [AR_VAR_LETTERS_BEFORE] = "letters_before",
    [AR_VAR_LAST_LETTER_DATE] = "last_letter_date",
    [AR_VAR_LAST_LETTER_STAGE] = "last_letter_stage",
    [AR_VAR_ACCOUNT_MANAGER] = "account_manager",
    [AR_VAR_MANAGER_PHONE] = "manager_phone",
    [AR_VAR_MANAGER_EMAIL] = "manager_email",
    [AR_VAR_COMPANY] = "company",
    [AR_VAR_COMPANY_PHONE] = "company_phone",
    [AR_VAR_COMPANY_EMAIL] = "company_email",
    [AR_VAR_ITEM_COUNT] = "item_count",
    [AR_VAR_MAX_DAYS] = "max_days",
    [AR_VAR_OLDEST_DUE] = "oldest_due",
    [AR_VAR_CURRENCY] = "currency",
    [AR_VAR_DISPUTED] = "disputed",
    [AR_VAR_PAGE] = "page",
    [AR_VAR_PAGES] = "pages",
};

static const char *const cond_names[AR_COND_COUNT_] = {
    [AR_COND_AGENCY] = "agency",
    [AR_COND_AGENCY_POSSIBLE] = "agency_possible",
    [AR_COND_LEGAL] = "legal",
    [AR_COND_SUSPEND] = "suspend",
    [AR_COND_CALL] = "call",
    [AR_COND_ACCOUNT_MANAGER] = "account_manager",
    [AR_COND_FEE] = "fee",
    [AR_COND_INTEREST] = "interest",
    [AR_COND_CREDITS] = "credits",
    [AR_COND_DISPUTED] = "disputed",
    [AR_COND_NOT_YET_DUE] = "not_yet_due",
    [AR_COND_VIP] = "vip",
    [AR_COND_HIGH_RISK] = "high_risk",
    [AR_COND_CONTACT] = "contact",
    [AR_COND_REMINDED] = "reminded",
    [AR_COND_REMINDED_TWICE] = "reminded_twice",
    [AR_COND_MANAGER] = "manager",
    [AR_COND_MANAGER_PHONE] = "manager_phone",
    [AR_COND_BANK_ACCOUNT] = "bank_account",
};

/* strings.txt keys; raw ones are formats, not texts with placeholders;
 * an optional one left out takes the value of key `dflt` */
static const struct {
    const char *key;
    bool raw;
    int dflt;              /* optional: the ar_str_id it copies, else 0 */
} str_keys[AR_S_COUNT_] = {
    [AR_S_LANGUAGE] = {"language", true},
    [AR_S_DECIMAL_MARK] = {"decimal_mark", true},
    [AR_S_GROUP_MARK] = {"group_mark", true},
    [AR_S_AMOUNT_FORMAT] = {"amount_format", true},
    [AR_S_AMOUNT_FORMAT_CODE] = {"amount_format_code", true},
    [AR_S_DATE_SHORT] = {"date_short", true},
    [AR_S_DATE_LONG] = {"date_long", true},
    [AR_S_MONTHS] = {"months", true},
    [AR_S_MONTHS_SHORT] = {"months_short", true},
    [AR_S_STAGE1] = {"stage1", false},
    [AR_S_STAGE2] = {"stage2", false},
    [AR_S_STAGE3] = {"stage3", false},
    [AR_S_STAGE4] = {"stage4", false},
    [AR_S_STAGE5] = {"stage5", false},
    [AR_S_STAGE1_FIRST] = {"stage1_first", false, AR_S_STAGE1},
    [AR_S_STAGE2_FIRST] = {"stage2_first", false, AR_S_STAGE2},
    [AR_S_STAGE3_FIRST] = {"stage3_first", false, AR_S_STAGE3},
    [AR_S_STAGE4_FIRST] = {"stage4_first", false, AR_S_STAGE4},
    [AR_S_STAGE5_FIRST] = {"stage5_first", false, AR_S_STAGE5},
    [AR_S_VIP_STAGE1] = {"vip_stage1", false},
    [AR_S_VIP_STAGE2] = {"vip_stage2", false},
    [AR_S_VIP_STAGE3] = {"vip_stage3", false},
    [AR_S_VIP_STAGE4] = {"vip_stage4", false},
    [AR_S_VIP_STAGE5] = {"vip_stage5", false},
    [AR_S_INFO_DATE] = {"info_date", false},
    [AR_S_INFO_REFERENCE] = {"info_reference", false},
    [AR_S_INFO_CLIENT] = {"info_client", false},
    [AR_S_INFO_CONTACT] = {"info_contact", false},
    [AR_S_INFO_PHONE] = {"info_phone", false},
    [AR_S_INFO_EMAIL] = {"info_email", false},
    [AR_S_COL_NUMBER] = {"col_number", false},
    [AR_S_COL_DATE] = {"col_date", false},
    [AR_S_COL_DUE] = {"col_due", false},
    [AR_S_COL_DAYS] = {"col_days", false},
    [AR_S_COL_ORIGINAL] = {"col_original", false},
    [AR_S_COL_OPEN] = {"col_open", false},
    [AR_S_COL_NOTE] = {"col_note", false},
    [AR_S_COL_REMINDED] = {"col_reminded", false},
    [AR_S_UNDER_REVIEW] = {"under_review", false},
    [AR_S_NOT_YET_DUE] = {"not_yet_due", false},
    [AR_S_CREDITS_TITLE] = {"credits_title", false},
    [AR_S_CREDIT_PAYMENT] = {"credit_payment", false},
    [AR_S_CREDIT_NOTE] = {"credit_note", false},
    [AR_S_CREDIT_OTHER] = {"credit_other", false},
    [AR_S_SUM_PAST_DUE] = {"sum_past_due", false},
    [AR_S_SUM_CREDITS] = {"sum_credits", false},
    [AR_S_SUM_FEE] = {"sum_fee", false},
    [AR_S_SUM_INTEREST] = {"sum_interest", false},
    [AR_S_SUM_TOTAL] = {"sum_total", false},
    [AR_S_SUM_REVIEW] = {"sum_review", false},
    [AR_S_SUM_NOT_DUE] = {"sum_not_due", false},
    [AR_S_OTHER_CURRENCY] = {"other_currency", false},
    [AR_S_PAYMENT_TITLE] = {"payment_title", false},
    [AR_S_PAYMENT_TEXT] = {"payment_text", false},
    [AR_S_PAYMENT_NO_ACCOUNT] = {"payment_no_account", false},
    [AR_S_BANK_HOLDER] = {"bank_holder", false},
    [AR_S_BANK_IBAN] = {"bank_iban", false},
    [AR_S_BANK_BIC] = {"bank_bic", false},
    [AR_S_BANK_NAME] = {"bank_name", false},
    [AR_S_BANK_ACCOUNT_NUMBER] = {"bank_account_number", false},
    [AR_S_BANK_CODE] = {"bank_code", false},
    [AR_S_BANK_REFERENCE] = {"bank_reference", false},
    [AR_S_BANK_AMOUNT] = {"bank_amount", false},
    [AR_S_QR_LABEL] = {"qr_label", false},
    [AR_S_QR_VOID] = {"qr_void", false},
    [AR_S_CONTACT_LINE] = {"contact_line", false},
    [AR_S_PAGE_OF] = {"page_of", false},
    [AR_S_CONTINUED] = {"continued", false},
    [AR_S_TABLE_CONTINUES] = {"table_continues", false},
    [AR_S_SALUTATION_FEMALE] = {"salutation_female", false},
    [AR_S_SALUTATION_MALE] = {"salutation_male", false},
    [AR_S_SALUTATION_PERSON] = {"salutation_person", false},
    [AR_S_SALUTATION_GENERIC] = {"salutation_generic", false},
    [AR_S_FRIENDLY_FEMALE] = {"friendly_female", false, AR_S_SALUTATION_FEMALE},
    [AR_S_FRIENDLY_MALE] = {"friendly_male", false, AR_S_SALUTATION_MALE},
    [AR_S_FRIENDLY_PERSON] = {"friendly_person", false, AR_S_SALUTATION_PERSON},
    [AR_S_CLOSING] = {"closing", false},
    [AR_S_SIGNATURE_TEAM] = {"signature_team", false},
    [AR_S_SAMPLE] = {"sample", false},
};

static const char *const template_keys[] = {
    "subject", "salutation", "closing", "signature", "signature_title", NULL};

static ar_err parse_var_text(ar_layout_pool *pool, const char *s,
                             ar_ttext *out, const char *path, long line,
                             ar_diag *d)
{
    return ar_layout_parse_text(pool, s, var_names, AR_VAR_COUNT_, out, path,
                                line, d);
}

static ar_err load_strings(ar_layout_pool *pool, ar_lang *g, const char *dir,
                           ar_diag *d)
{
    char path[1200];
    snprintf(path, sizeof path, "%s/strings.txt", dir);
    ar_layout_file f;
    ar_err err = ar_layout_file_read(&f, path, false, d);
    if (err != AR_OK)
        goto out;
    for (size_t i = 0; i < f.pair_count; i++) {
        int k = 0;
        while (k < AR_S_COUNT_ && strcmp(str_keys[k].key, f.pairs[i].key))
            k++;
        if (k == AR_S_COUNT_) {
            err = ar_diag_set(d, AR_ERR_LAYOUT, path, f.pairs[i].line, NULL,
                              "unknown key \"%s\"", f.pairs[i].key);
            goto out;
        }
    }
    for (int k = 0; k < AR_S_COUNT_; k++) {
        const ar_layout_kv *p = ar_layout_file_find(&f, str_keys[k].key);
        if (!p && str_keys[k].dflt) /* its default comes before it */
            p = ar_layout_file_find(&f, str_keys[str_keys[k].dflt].key);
        if (!p) {
            err = ar_diag_set(d, AR_ERR_LAYOUT, path, 0, NULL,
                              "key \"%s\" is missing", str_keys[k].key);
            goto out;
        }
        if (str_keys[k].raw) {
            /* formats: one literal part holding the raw value */
            char *v = ar_layout_pool_str(pool, p->value, strlen(p->value));
            ar_tpart *part =
                ar_layout_pool_keep(pool, ar_xmalloc(sizeof *part));
            *part = (ar_tpart){v, strlen(v), -1, false};
            g->str[k] = (ar_ttext){part, 1};
        } else if ((err = parse_var_text(pool, p->value, &g->str[k], path,
                                         p->line, d)) != AR_OK) {
            goto out;
        }
    }
    /* marks: "nbsp" and "space" name the blanks that are hard to see */
    const char *marks[2] = {ar_layout_file_find(&f, "decimal_mark")->value,
                            ar_layout_file_find(&f, "group_mark")->value};
    char *outs[2] = {g->decimal_mark, g->group_mark};
    for (int i = 0; i < 2; i++) {
        const char *m = marks[i];
        if (strcmp(m, "nbsp") == 0)
            m = "\xC2\xA0";
        else if (strcmp(m, "space") == 0)
            m = " ";
        else if (strcmp(m, "none") == 0)
            m = "";
        snprintf(outs[i], sizeof g->decimal_mark, "%s", m);
    }
    const char *lists[2] = {ar_layout_file_find(&f, "months")->value,
                            ar_layout_file_find(&f, "months_short")->value};
    const char **names[2] = {g->months, g->months_short};
    for (int i = 0; i < 2; i++) {
        const char *s = lists[i];
        int n = 0;
        while (s && n < 12) {
            const char *comma = strchr(s, ',');
            char *name = ar_layout_pool_str(
                pool, s, comma ? (size_t)(comma - s) : strlen(s));
            names[i][n++] = ar_layout_trim(name);
            s = comma ? comma + 1 : NULL;
        }
        if (n != 12 || s) {
            err = ar_diag_set(d, AR_ERR_LAYOUT, path, 0,
                              i ? "months_short" : "months",
                              "expected 12 names separated by commas");
            goto out;
        }
    }
out:
    ar_layout_file_fini(&f);
    return err;
}

/* "[if agency][unless vip] text": conditions into need/forbid. */
static ar_err parse_conditions(char **text, ar_para *p, const char *path,
                               long line, ar_diag *d)
{
    char *s = *text;
    while (*s == '[') {
        char *end = strchr(s, ']');
        bool neg = strncmp(s, "[unless ", 8) == 0;
        if (!end || (!neg && strncmp(s, "[if ", 4) != 0))
            return ar_diag_set(d, AR_ERR_LAYOUT, path, line, NULL,
                               "expected [if condition] or [unless "
                               "condition]");
        const char *name = s + (neg ? 8 : 4);
        size_t len = (size_t)(end - name);
        int c = 0;
        while (c < AR_COND_COUNT_ && !(strlen(cond_names[c]) == len &&
                                       strncmp(cond_names[c], name, len) == 0))
            c++;
        if (c == AR_COND_COUNT_)
            return ar_diag_set(d, AR_ERR_LAYOUT, path, line, NULL,
                               "unknown condition \"%.*s\"", (int)len, name);
        if (neg)
            p->forbid |= 1u << c;
        else
            p->need |= 1u << c;
        s = end + 1;
        while (*s == ' ')
            s++;
    }
    *text = s;
    return AR_OK;
}

static ar_err load_template(ar_layout_pool *pool, ar_template *t,
                            const char *path, ar_diag *d)
{
    memset(t, 0, sizeof *t);
    snprintf(t->path, sizeof t->path, "%s", path);
    ar_layout_file f;
    ar_err err = ar_layout_file_read(&f, path, true, d);
    const ar_layout_kv *old = err == AR_OK
                                  ? ar_layout_file_find(&f, "greeting")
                                  : NULL;
    if (old)
        err = ar_diag_set(d, AR_ERR_LAYOUT, path, old->line, "greeting",
                          "the salutation follows the rules of strings.txt "
                          "(salutation_*): write \"salutation: formal\" or "
                          "\"salutation: friendly\" instead");
    if (err == AR_OK)
        err = ar_layout_file_check_keys(&f, template_keys, d);
    if (err != AR_OK)
        goto out;
    static const char *const keys[] = {"subject", "closing", "signature",
                                       "signature_title"};
    ar_ttext *fields[] = {&t->subject, &t->closing, &t->signature,
                          &t->signature_title};
    /* the salutation follows the rules of strings.txt (README
     * "Letters"): a template only says how warm it may be */
    const ar_layout_kv *sal = ar_layout_file_find(&f, "salutation");
    if (sal && strcmp(sal->value, "friendly") && strcmp(sal->value, "formal")) {
        err = ar_diag_set(d, AR_ERR_LAYOUT, path, sal->line, "salutation",
                          "expected friendly or formal, not \"%s\"",
                          sal->value);
        goto out;
    }
    t->friendly = sal && strcmp(sal->value, "friendly") == 0;
    for (size_t i = 0; i < 4; i++) {
        const ar_layout_kv *p = ar_layout_file_find(&f, keys[i]);
        if (!p && i < 1) {
            err = ar_diag_set(d, AR_ERR_LAYOUT, path, 0, NULL,
                              "key \"%s\" is missing", keys[i]);
            goto out;
        }
        if (p && (err = parse_var_text(pool, p->value, fields[i], path, p->line,
                                       d)) != AR_OK)
            goto out;
    }
    /* paragraphs: runs of non-blank lines, joined with spaces */
    size_t cap = 0;
    for (size_t i = 0; i < f.body_count;) {
        if (!f.body[i][0]) {
            i++;
            continue;
        }
        long line = f.body_line[i];
        size_t total = 0, j = i;
        for (; j < f.body_count && f.body[j][0]; j++)
            total += strlen(f.body[j]) + 1;
        char *text = ar_xmalloc(total + 1), *w = text;
        for (size_t k = i; k < j; k++)
            w += sprintf(w, k > i ? " %s" : "%s", f.body[k]);
        i = j;
        ar_para para = {0};
        char *s = text;
        err = parse_conditions(&s, &para, path, line, d);
        if (err == AR_OK) {
            if (strcmp(s, "{items}") == 0)
                para.block = AR_BLOCK_ITEMS;
            else if (strcmp(s, "{payment}") == 0)
                para.block = AR_BLOCK_PAYMENT;
            else if (strcmp(s, "{contact}") == 0)
                para.block = AR_BLOCK_CONTACT;
            else
                err = parse_var_text(pool, s, &para.text, path, line, d);
        }
        free(text);
        if (err != AR_OK)
            goto out;
        ar_xgrow((void **)&t->paras, &cap, t->para_count + 1,
                 sizeof *t->paras);
        t->paras[t->para_count++] = para;
    }
    if (t->paras)
        ar_layout_pool_keep(pool, t->paras);
    /* the blocks a letter must have go at the end when not placed */
    bool have[4] = {false};
    for (size_t i = 0; i < t->para_count; i++)
        have[t->paras[i].block] = true;
    ar_block want[] = {AR_BLOCK_ITEMS, AR_BLOCK_PAYMENT, AR_BLOCK_CONTACT};
    bool grew = false;
    for (size_t i = 0; i < 3; i++)
        if (!have[want[i]]) {
            if (!grew && t->paras) {
                /* paras is in the pool: copy it out to grow it */
                ar_para *copy = ar_layout_pool_keep(
                    pool, ar_xmalloc((t->para_count + 3) * sizeof *copy));
                memcpy(copy, t->paras, t->para_count * sizeof *copy);
                t->paras = copy;
            } else if (!grew) {
                t->paras = ar_layout_pool_keep(
                    pool, ar_xmalloc(3 * sizeof *t->paras));
            }
            grew = true;
            t->paras[t->para_count++] = (ar_para){.block = want[i]};
        }
out:
    ar_layout_file_fini(&f);
    return err;
}

static bool file_exists(const char *path)
{
    struct stat st;
    return stat(path, &st) == 0 && S_ISREG(st.st_mode);
}

ar_err ar_lang_load(ar_layout_pool *pool, ar_lang *g, const char *dir,
                    ar_diag *d)
{
    char path[1200];
    ar_err err = load_strings(pool, g, dir, d);
    for (int s = 1; err == AR_OK && s <= AR_STAGES; s++) {
        snprintf(path, sizeof path, "%s/stage%d.txt", dir, s);
        err = load_template(pool, &g->stage[s - 1], path, d);
    }
    /* VIP: vip<N>.txt, else the nearest lower one, else vip.txt */
    ar_template *prev = NULL;
    for (int s = 1; err == AR_OK && s <= AR_STAGES; s++) {
        snprintf(path, sizeof path, "%s/vip%d.txt", dir, s);
        if (!file_exists(path)) {
            if (prev) {
                g->vip[s - 1] = *prev;
                continue;
            }
            snprintf(path, sizeof path, "%s/vip.txt", dir);
        }
        err = load_template(pool, &g->vip[s - 1], path, d);
        prev = &g->vip[s - 1];
    }
    return err;
}
