/* csv_field.c - one CSV field, quoted and guarded against formulas. */
#include "ar/render/csv_field.h"

#include <stdbool.h>
#include <string.h>

void ar_csv_put_text(FILE *f, const char *s)
{
    bool formula = s[0] == '=' || s[0] == '+' || s[0] == '-' ||
                   s[0] == '@' || s[0] == '\t' || s[0] == '\r';
    bool quote = formula || strpbrk(s, ",\"\r\n") != NULL;
    if (!quote) {
        fputs(s, f);
        return;
    }
    putc('"', f);
    if (formula)
        putc('\'', f);
    for (; *s; s++) {
        if (*s == '"')
            putc('"', f);
        putc(*s, f);
    }
    putc('"', f);
}

void ar_csv_put_cents(FILE *f, ar_cents v)
{
    char buf[32];
    fputs(ar_money_format_plain(v, buf, sizeof buf), f);
}
