/* statement_ctx.c - the text helpers of a statement's parts
 * (statement_ctx.h). */
#include "ar/render/agency/statement_ctx.h"

#include <string.h>

#include "ar/render/page/format.h"

void ar_statement_put_n(ar_statement *s, double x, double y,
                        ar_pdf_face face, double size, uint32_t rgb,
                        ar_pdf_align align, double max_width,
                        const char *text, size_t len)
{
    ar_pdf_style st = {face, size, rgb, align, max_width};
    ar_page_text_n(&s->pg, x, y, &st, text, len);
}

void ar_statement_put(ar_statement *s, double x, double y, ar_pdf_face face,
                      double size, uint32_t rgb, ar_pdf_align align,
                      double max_width, const char *text)
{
    ar_statement_put_n(s, x, y, face, size, rgb, align, max_width, text,
                       strlen(text));
}

char *ar_statement_amount(const ar_statement *s, ar_cents v,
                          const char *currency, char *buf, size_t size)
{
    return ar_format_amount(s->env->g, v, currency, buf, size);
}

char *ar_statement_date(const ar_statement *s, ar_date d, bool long_form,
                        char *buf, size_t size)
{
    if (d == AR_DATE_NONE) {
        buf[0] = '\0';
        return buf;
    }
    return ar_format_date(s->env->g, d, long_form, buf, size);
}
