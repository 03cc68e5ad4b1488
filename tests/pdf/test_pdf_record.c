/* test_pdf_record.c - page records (issue #21): a batch built from the
 * letters' records is the very batch ar_pdf_append builds from the
 * letters, byte for byte; a truncated, corrupt, foreign or other-version
 * record is refused and leaves the batch as it was. */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <libdeflate.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "ar/pdf/pdf.h"

#define REGULAR "/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf"
#define BOLD "/usr/share/fonts/truetype/dejavu/DejaVuSans-Bold.ttf"
#define FALLBACK "/usr/share/fonts-droid-fallback/truetype/DroidSansFallback.ttf"
#define LOGO "layouts/logo.png"
#define A4_W 595.28
#define A4_H 841.89
#define LETTERS 3

typedef struct fixture {
    ar_pdf_fonts *fonts;
    ar_pdf_image *logo;
} fixture;

static int setup(void **state)
{
    if (access(REGULAR, R_OK) || access(BOLD, R_OK) || access(FALLBACK, R_OK))
        return -1; /* the fonts the layouts name (make deps) */
    fixture *fx = calloc(1, sizeof *fx);
    ar_diag d;
    if (ar_pdf_fonts_new(REGULAR, BOLD, FALLBACK, &fx->fonts, &d) != AR_OK ||
        ar_pdf_image_load(LOGO, &fx->logo, &d) != AR_OK)
        return -1;
    *state = fx;
    return 0;
}

static int teardown(void **state)
{
    fixture *fx = *state;
    ar_pdf_image_free(fx->logo);
    ar_pdf_fonts_free(fx->fonts);
    free(fx);
    return 0;
}

/* Letter n: n + 1 pages (odd ones get a blank back in duplex) with the
 * logo, text in both faces and two encodings, kanji set by glyph id
 * (the composite font) and a rule. */
static ar_pdf *draw_letter(const fixture *fx, int n)
{
    static const char *const names[LETTERS] = {
        "Müller GmbH", "Ωμέγα Α.Ε. — Αθήνα", "山田商事 株式会社"};
    ar_pdf *doc = ar_pdf_new(fx->fonts);
    ar_pdf_style body = {AR_PDF_REGULAR, 10, 0x000000, AR_PDF_LEFT, 0};
    ar_pdf_style head = {AR_PDF_BOLD, 14, 0x1F3864, AR_PDF_RIGHT, 200};
    for (int pg = 0; pg <= n; pg++) {
        ar_pdf_add_page(doc, A4_W, A4_H);
        if (pg == 0)
            ar_pdf_image_draw(doc, fx->logo, AR_PDF_MM(20), AR_PDF_MM(12),
                              40, 40);
        ar_pdf_text(doc, A4_W - 60, 100, &head, "Payment reminder");
        ar_pdf_text(doc, 60, 160, &body, names[n]);
        ar_pdf_line(doc, 60, 170, A4_W - 60, 170, 0.5, 0x808080);
        ar_pdf_text(doc, 60, 190, &body, "Amount due: EUR 1.234,56");
    }
    return doc;
}

/* The saved bytes of doc (asserted to save). */
static unsigned char *save(ar_pdf *doc, size_t *len)
{
    unsigned char *out;
    ar_diag d;
    assert_int_equal(ar_pdf_save(doc, &out, len, &d), AR_OK);
    return out;
}

static ar_pdf *new_batch(const fixture *fx)
{
    ar_pdf *b = ar_pdf_new(fx->fonts);
    ar_pdf_info info = {"Stage 1 batch", "Test GmbH", "2024-05-31"};
    ar_pdf_set_info(b, &info);
    return b;
}

/* Each letter's record, made as a shard makes it: after the letter is
 * saved, before its pages go anywhere else; batch gets the letters
 * themselves (duplex). */
static void record_letters(const fixture *fx, ar_pdf *batch,
                           unsigned char *rec[LETTERS], size_t rec_len[LETTERS])
{
    for (int n = 0; n < LETTERS; n++) {
        ar_pdf *doc = draw_letter(fx, n);
        size_t len;
        free(save(doc, &len));
        ar_diag d;
        assert_int_equal(ar_pdf_record(doc, &rec[n], &rec_len[n], &d), AR_OK);
        assert_true(ar_pdf_append(batch, doc));
        if ((n + 1) % 2 == 1)
            ar_pdf_blank_page(batch, A4_W, A4_H);
        ar_pdf_free(doc);
    }
}

/* Append the records to b as the letters went into a (duplex), then both
 * batches must have the same pages and save to the same bytes. Frees a,
 * b and the records. */
static void finish_and_compare(const fixture *fx, ar_pdf *a, ar_pdf *b,
                               unsigned char *rec[LETTERS],
                               const size_t rec_len[LETTERS])
{
    const ar_pdf_image *images[] = {fx->logo};
    for (int n = 0; n < LETTERS; n++) {
        assert_true(ar_pdf_append_record(b, rec[n], rec_len[n], images, 1));
        if ((n + 1) % 2 == 1)
            ar_pdf_blank_page(b, A4_W, A4_H);
        free(rec[n]);
    }
    /* 1 + blank, 2, 3 + blank */
    assert_int_equal(ar_pdf_page_count(a), 8);
    assert_int_equal(ar_pdf_page_count(b), 8);
    size_t alen, blen;
    unsigned char *abytes = save(a, &alen), *bbytes = save(b, &blen);
    assert_int_equal(alen, blen);
    assert_memory_equal(abytes, bbytes, alen);
    free(abytes);
    free(bbytes);
    ar_pdf_free(a);
    ar_pdf_free(b);
}

static void test_record_batch_is_append_batch(void **state)
{
    fixture *fx = *state;
    unsigned char *rec[LETTERS];
    size_t rec_len[LETTERS];
    ar_pdf *a = new_batch(fx);
    record_letters(fx, a, rec, rec_len);
    finish_and_compare(fx, a, new_batch(fx), rec, rec_len);
}

/* The record with its closing CRC made right again after an edit. */
static void fix_crc(unsigned char *rec, size_t len)
{
    uint32_t crc = libdeflate_crc32(0, rec, len - 4);
    for (int k = 0; k < 4; k++)
        rec[len - 4 + k] = (unsigned char)(crc >> (8 * k));
}

/* Every bad record of the first letter is refused and leaves b as it was:
 * appending the good ones then still gives batch a's bytes. */
static void test_record_refused_when_bad(void **state)
{
    fixture *fx = *state;
    const ar_pdf_image *images[] = {fx->logo};
    unsigned char *rec[LETTERS];
    size_t rec_len[LETTERS];
    ar_pdf *a = new_batch(fx);
    record_letters(fx, a, rec, rec_len);
    ar_pdf *b = new_batch(fx);
    size_t len = rec_len[0];
    unsigned char *bad = malloc(len);

    for (size_t cut = 0; cut < len; cut++) /* truncated */
        assert_false(ar_pdf_append_record(b, rec[0], cut, images, 1));
    assert_false(ar_pdf_append_record(b, NULL, 0, images, 1));
    memcpy(bad, rec[0], len); /* a bit flipped in the content */
    bad[len - 10] ^= 0x10;
    assert_false(ar_pdf_append_record(b, bad, len, images, 1));
    memcpy(bad, rec[0], len); /* another magic */
    bad[0] = 'X';
    fix_crc(bad, len);
    assert_false(ar_pdf_append_record(b, bad, len, images, 1));
    memcpy(bad, rec[0], len); /* another version */
    bad[8] = 2;
    fix_crc(bad, len);
    assert_false(ar_pdf_append_record(b, bad, len, images, 1));
    /* without its logo */
    assert_false(ar_pdf_append_record(b, rec[0], len, NULL, 0));
    assert_int_equal(ar_pdf_page_count(b), 0);

    free(bad);
    finish_and_compare(fx, a, b, rec, rec_len);
}

/* A record drawn with other fonts (here: no fallback font) is refused:
 * its glyphs would be wrong. */
static void test_record_refused_with_other_fonts(void **state)
{
    fixture *fx = *state;
    const ar_pdf_image *images[] = {fx->logo};
    ar_pdf_fonts *other;
    ar_diag d;
    assert_int_equal(ar_pdf_fonts_new(REGULAR, BOLD, NULL, &other, &d), AR_OK);
    ar_pdf *doc = draw_letter(fx, 0);
    unsigned char *rec;
    size_t len;
    assert_int_equal(ar_pdf_record(doc, &rec, &len, &d), AR_OK);
    ar_pdf *b = ar_pdf_new(other);
    assert_false(ar_pdf_append_record(b, rec, len, images, 1));
    assert_int_equal(ar_pdf_page_count(b), 0);
    free(rec);
    ar_pdf_free(b);
    ar_pdf_free(doc);
    ar_pdf_fonts_free(other);
}

/* Any byte changed, the CRC made right again: refused or appended, never
 * a crash (run it under ASan). */
static void test_record_edited_never_crashes(void **state)
{
    fixture *fx = *state;
    const ar_pdf_image *images[] = {fx->logo};
    ar_pdf *doc = draw_letter(fx, 2);
    unsigned char *rec;
    size_t len;
    ar_diag d;
    assert_int_equal(ar_pdf_record(doc, &rec, &len, &d), AR_OK);
    unsigned char *bad = malloc(len);
    unsigned seed = 12345;
    for (int k = 0; k < 3000; k++) {
        memcpy(bad, rec, len);
        seed = seed * 1103515245u + 12345u;
        /* mostly the head and the pages' resources, before the content */
        size_t at = (seed >> 8) % (len < 400 ? len - 4 : 400);
        bad[at] = (unsigned char)(seed >> 20);
        fix_crc(bad, len);
        ar_pdf *b = ar_pdf_new(fx->fonts);
        (void)ar_pdf_append_record(b, bad, len, images, 1);
        ar_pdf_free(b);
    }
    free(bad);
    free(rec);
    ar_pdf_free(doc);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_record_batch_is_append_batch),
        cmocka_unit_test(test_record_refused_when_bad),
        cmocka_unit_test(test_record_refused_with_other_fonts),
        cmocka_unit_test(test_record_edited_never_crashes),
    };
    return cmocka_run_group_tests(tests, setup, teardown);
}
