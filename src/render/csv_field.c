/* csv_field.c - one CSV field: quoted, and for people guarded against
 * formulas (csv_field.h). */
#include "ar/render/csv_field.h"

#include <stdbool.h>
#include <string.h>

/* SPEC §6: a delimiter of any locale, a quote or a line break. */
static bool needs_quotes(const char *s)
{
    return strpbrk(s, ",;\t\"\r\n") != NULL;
}

/* Where an importer may start a new cell inside a field: after a
 * delimiter of any locale or a line break. */
static bool splits(char c)
{
    return c == ',' || c == ';' || c == '\t' || c == '\r' || c == '\n';
}

static bool starts_formula(char c)
{
    return c == '=' || c == '+' || c == '-' || c == '@';
}

/* Whether the character at s[i] starts a cell that must be guarded:
 * cell says a cell may start here (blanks since then skipped). */
static bool guard_here(const char *s, size_t i, bool cell)
{
    if (!cell)
        return false;
    if (i == 0)
        return starts_formula(s[0]) || s[0] == '\t' || s[0] == '\r';
    /* a quote at a cell start opens a quoted value, whose text could
     * start a formula in turn */
    return starts_formula(s[i]) || s[i] == '"';
}

/* Whether s needs a guard anywhere, and where: the next place from i on
 * (strlen(s) when none). */
static size_t next_guard(const char *s, size_t i, bool *cell)
{
    for (; s[i]; i++) {
        if (guard_here(s, i, *cell))
            return i;
        /* blanks after a split keep the cell start (an importer may trim
         * them) */
        if (splits(s[i]))
            *cell = true;
        else if (s[i] != ' ')
            *cell = false;
    }
    return i;
}

static void put_field(FILE *f, const char *s, bool guard)
{
    bool cell = true;
    size_t g = guard ? next_guard(s, 0, &cell) : strlen(s);
    if (!s[g] && !needs_quotes(s)) {
        fputs(s, f);
        return;
    }
    putc('"', f);
    for (size_t i = 0; s[i]; i++) {
        if (i == g) {
            putc('\'', f);
            cell = splits(s[i]);
            g = next_guard(s, i + 1, &cell);
        }
        if (s[i] == '"')
            putc('"', f);
        putc(s[i], f);
    }
    putc('"', f);
}

void ar_csv_put_text(FILE *f, const char *s)
{
    put_field(f, s, true);
}

void ar_csv_put_exact(FILE *f, const char *s)
{
    put_field(f, s, false);
}

void ar_csv_put_cents(FILE *f, ar_cents v)
{
    char buf[32];
    fputs(ar_money_format_plain(v, buf, sizeof buf), f);
}
