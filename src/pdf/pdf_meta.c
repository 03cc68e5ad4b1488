/* pdf_meta.c - what a document says about itself: the trailer's ID, the
 * Info dictionary, and for PDF/A-1b the XMP metadata and the output
 * intent (ISO 19005-1 6.1.3, 6.2.2, 6.7).
 *
 * Nothing here reads the clock: the ID is a digest of the pages'
 * content, the composite fonts' characters and the info, and the dates
 * are the letter date, so a rerun writes the same bytes. (libharu's own
 * PDF/A code takes the ID from ctime(): it is not used.)
 */
#include <hpdf.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "ar/base/utf8.h"
#include "ar/base/version.h"
#include "ar/pdf/pdf_internal.h"

/* A growable text. */
typedef struct text {
    char *s;
    size_t len, cap;
} text;

static void tadd(text *t, const char *s, size_t n)
{
    ar_xgrow((void **)&t->s, &t->cap, t->len + n + 1, 1);
    memcpy(t->s + t->len, s, n);
    t->len += n;
    t->s[t->len] = '\0';
}

__attribute__((format(printf, 2, 3))) static void tprintf(text *t,
                                                         const char *fmt, ...)
{
    char buf[600];
    va_list ap;
    va_start(ap, fmt);
    int n = vsnprintf(buf, sizeof buf, fmt, ap);
    va_end(ap);
    if (n > 0)
        tadd(t, buf, (size_t)n < sizeof buf ? (size_t)n : sizeof buf - 1);
}

/* s as a PDF text string: UTF-16BE with its byte order mark, in hex. */
static void pdf_text(text *t, const char *s)
{
    static const char hex[] = "0123456789ABCDEF";
    tadd(t, "<FEFF", 5);
    uint32_t cp;
    while ((cp = ar_utf8_next(&s)) != 0) {
        uint16_t u[2] = {(uint16_t)cp, 0};
        int n = 1;
        if (cp >= 0x10000) {
            u[0] = (uint16_t)(0xD800 + ((cp - 0x10000) >> 10));
            u[1] = (uint16_t)(0xDC00 + ((cp - 0x10000) & 0x3FF));
            n = 2;
        }
        for (int i = 0; i < n; i++) {
            char b[4] = {hex[u[i] >> 12], hex[(u[i] >> 8) & 15],
                         hex[(u[i] >> 4) & 15], hex[u[i] & 15]};
            tadd(t, b, 4);
        }
    }
    tadd(t, ">", 1);
}

/* s escaped for XML character data (control characters left out). */
static void xml_text(text *t, const char *s)
{
    for (; *s; s++) {
        switch (*s) {
        case '&': tadd(t, "&amp;", 5); break;
        case '<': tadd(t, "&lt;", 4); break;
        case '>': tadd(t, "&gt;", 4); break;
        case '"': tadd(t, "&quot;", 6); break;
        default:
            if ((unsigned char)*s >= 0x20)
                tadd(t, s, 1);
        }
    }
}

/* YYYY-MM-DD of the info, or 2000-01-01 when it is not a date. */
static void info_date(const ar_pdf_info *in, int ymd[3])
{
    ymd[0] = 2000;
    ymd[1] = ymd[2] = 1;
    int y, m, d;
    if (sscanf(in->date, "%4d-%2d-%2d", &y, &m, &d) == 3 && y > 1900 &&
        y < 10000 && m >= 1 && m <= 12 && d >= 1 && d <= 31) {
        ymd[0] = y;
        ymd[1] = m;
        ymd[2] = d;
    }
}

/* The trailer's ID: the pages' content, the composite fonts' characters
 * and the info, digested; both halves the same (a first version). */
static bool add_id(ar_pdf *p)
{
    HPDF_Doc pdf = p->doc;
    ar_sha256 *h = ar_sha256_new();
    ar_sha256_update(h, p->info.title, strlen(p->info.title) + 1);
    ar_sha256_update(h, p->info.author, strlen(p->info.author) + 1);
    ar_sha256_update(h, p->info.date, strlen(p->info.date) + 1);
    for (int i = 0; i < p->pages; i++)
        if (p->page_z[i])
            ar_sha256_update(h, p->page_z[i], p->page_zlen[i]);
    for (int fi = 0; fi < AR_PDF_FONT_COUNT_; fi++)
        ar_sha256_update(h, p->cid[fi].cps,
                         p->cid[fi].n * sizeof *p->cid[fi].cps);
    char hex[65];
    ar_sha256_peek(h, hex);
    ar_sha256_free(h);
    HPDF_BYTE id[16];
    for (int i = 0; i < 16; i++) {
        unsigned v;
        sscanf(hex + 2 * i, "%2x", &v);
        id[i] = (HPDF_BYTE)v;
    }
    HPDF_Array arr = HPDF_Array_New(pdf->mmgr);
    return arr && HPDF_Dict_Add(pdf->trailer, "ID", arr) == HPDF_OK &&
           HPDF_Array_Add(arr, HPDF_Binary_New(pdf->mmgr, id, 16)) ==
               HPDF_OK &&
           HPDF_Array_Add(arr, HPDF_Binary_New(pdf->mmgr, id, 16)) == HPDF_OK;
}

static const char *producer(char *buf, size_t size)
{
    snprintf(buf, size, "arbatch %s with libharu %s", ar_version(),
             HPDF_GetVersion());
    return buf;
}

/* The Info dictionary: what the XMP metadata says too (ISO 19005-1
 * 6.7.3: the two must agree). */
static bool write_info(ar_pdf *p, const int ymd[3])
{
    HPDF_Doc pdf = p->doc;
    if (!pdf->info) {
        pdf->info = HPDF_Dict_New(pdf->mmgr);
        if (!pdf->info || HPDF_Xref_Add(pdf->xref, pdf->info) != HPDF_OK)
            return false;
    }
    /* libharu's own Producer line names only itself */
    while (pdf->info->list->count > 0) {
        HPDF_DictElement e = HPDF_List_ItemAt(pdf->info->list, 0);
        if (HPDF_Dict_RemoveElement(pdf->info, e->key) != HPDF_OK)
            return false;
    }
    text t = {0};
    char buf[128];
    if (p->info.title[0]) {
        tadd(&t, "/Title ", 7);
        pdf_text(&t, p->info.title);
        tadd(&t, "\n", 1);
    }
    if (p->info.author[0]) {
        tadd(&t, "/Author ", 8);
        pdf_text(&t, p->info.author);
        tadd(&t, "\n", 1);
    }
    tprintf(&t, "/Creator (arbatch)\n/Producer (%s)\n",
            producer(buf, sizeof buf));
    tprintf(&t, "/CreationDate (D:%04d%02d%02d000000Z)\n"
                "/ModDate (D:%04d%02d%02d000000Z)\n",
            ymd[0], ymd[1], ymd[2], ymd[0], ymd[1], ymd[2]);
    ar_pdf_tmpl *tm = ar_pdf_keep(p, ar_xcalloc(1, sizeof *tm));
    tm->body = ar_pdf_keep(p, t.s);
    tm->body_len = t.len;
    ar_pdf_obj_body(pdf->info, tm);
    return true;
}

/* XMP metadata for PDF/A-1b, unfiltered (ISO 19005-1 6.7.2). */
static char *xmp(const ar_pdf *p, const int ymd[3], size_t *len)
{
    char date[32], buf[128];
    snprintf(date, sizeof date, "%04d-%02d-%02dT00:00:00Z", ymd[0], ymd[1],
             ymd[2]);
    text t = {0};
    tprintf(&t, "<?xpacket begin=\"\xEF\xBB\xBF\" "
                "id=\"W5M0MpCehiHzreSzNTczkc9d\"?>\n"
                "<x:xmpmeta xmlns:x=\"adobe:ns:meta/\">\n"
                "<rdf:RDF xmlns:rdf=\"http://www.w3.org/1999/02/"
                "22-rdf-syntax-ns#\">\n");
    tprintf(&t, "<rdf:Description rdf:about=\"\" "
                "xmlns:pdfaid=\"http://www.aiim.org/pdfa/ns/id/\">\n"
                "<pdfaid:part>1</pdfaid:part>\n"
                "<pdfaid:conformance>B</pdfaid:conformance>\n"
                "</rdf:Description>\n");
    tprintf(&t, "<rdf:Description rdf:about=\"\" "
                "xmlns:dc=\"http://purl.org/dc/elements/1.1/\">\n"
                "<dc:format>application/pdf</dc:format>\n");
    if (p->info.title[0]) {
        tprintf(&t, "<dc:title><rdf:Alt><rdf:li xml:lang=\"x-default\">");
        xml_text(&t, p->info.title);
        tprintf(&t, "</rdf:li></rdf:Alt></dc:title>\n");
    }
    if (p->info.author[0]) {
        tprintf(&t, "<dc:creator><rdf:Seq><rdf:li>");
        xml_text(&t, p->info.author);
        tprintf(&t, "</rdf:li></rdf:Seq></dc:creator>\n");
    }
    tprintf(&t, "</rdf:Description>\n");
    tprintf(&t, "<rdf:Description rdf:about=\"\" "
                "xmlns:xmp=\"http://ns.adobe.com/xap/1.0/\">\n"
                "<xmp:CreatorTool>arbatch</xmp:CreatorTool>\n"
                "<xmp:CreateDate>%s</xmp:CreateDate>\n"
                "<xmp:ModifyDate>%s</xmp:ModifyDate>\n"
                "<xmp:MetadataDate>%s</xmp:MetadataDate>\n"
                "</rdf:Description>\n",
            date, date, date);
    tprintf(&t, "<rdf:Description rdf:about=\"\" "
                "xmlns:pdf=\"http://ns.adobe.com/pdf/1.3/\">\n"
                "<pdf:Producer>%s</pdf:Producer>\n"
                "</rdf:Description>\n",
            producer(buf, sizeof buf));
    tprintf(&t, "</rdf:RDF>\n</x:xmpmeta>\n<?xpacket end=\"w\"?>");
    *len = t.len;
    return t.s;
}

/* The catalog's Metadata and OutputIntents (the run's ICC profile). */
static bool add_pdfa(ar_pdf *p, const int ymd[3])
{
    HPDF_Doc pdf = p->doc;
    const ar_pdf_fonts *f = p->fonts;
    size_t len;
    char *x = ar_pdf_keep(p, xmp(p, ymd, &len));
    static const char meta_body[] = "/Type /Metadata\n/Subtype /XML\n";
    ar_pdf_tmpl *tm = ar_pdf_keep(p, ar_xcalloc(1, sizeof *tm));
    *tm = (ar_pdf_tmpl){(char *)meta_body, sizeof meta_body - 1,
                        (unsigned char *)x, len};
    HPDF_Dict meta = ar_pdf_obj(p, tm);
    HPDF_Dict profile = ar_pdf_obj(p, &f->icc);
    HPDF_Dict intent = HPDF_Dict_New(pdf->mmgr);
    HPDF_Array intents = HPDF_Array_New(pdf->mmgr);
    if (!meta || !profile || !intent || !intents)
        return false;
    HPDF_STATUS r = HPDF_Dict_Add(pdf->catalog, "Metadata", meta);
    r |= HPDF_Dict_AddName(intent, "Type", "OutputIntent");
    r |= HPDF_Dict_AddName(intent, "S", "GTS_PDFA1");
    r |= HPDF_Dict_Add(intent, "OutputConditionIdentifier",
                       HPDF_String_New(pdf->mmgr, f->icc_name, NULL));
    r |= HPDF_Dict_Add(intent, "Info",
                       HPDF_String_New(pdf->mmgr, f->icc_name, NULL));
    r |= HPDF_Dict_Add(intent, "DestOutputProfile", profile);
    r |= HPDF_Array_Add(intents, intent);
    r |= HPDF_Dict_Add(pdf->catalog, "OutputIntents", intents);
    return r == HPDF_OK;
}

bool ar_pdf_meta_finish(ar_pdf *p, ar_diag *d)
{
    int ymd[3];
    info_date(&p->info, ymd);
    if (!add_id(p) || !write_info(p, ymd) ||
        (p->fonts->icc.data && !add_pdfa(p, ymd))) {
        ar_diag_set(d, AR_ERR_OUTPUT, NULL, 0, NULL,
                    "the PDF library failed (metadata)");
        return false;
    }
    return true;
}
