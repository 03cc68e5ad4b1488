/* pdf_internal.h - what the files of src/pdf/ share and nothing else may
 * use: the run's font tables and the objects made once a run
 * (pdf_fonts.c), a document's state (pdf.c, pdf_draw.c, pdf_obj.c,
 * pdf_meta.c) and a loaded image's data (pdf_image.c). libharu's types
 * stay out of it: only the sources in src/pdf/ may include hpdf.h, and
 * they keep libharu's objects behind void pointers here.
 */
#ifndef AR_PDF_INTERNAL_H
#define AR_PDF_INTERNAL_H

#include <pthread.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "ar/base/digest.h"
#include "ar/pdf/pdf.h"
#include "ar/pdf/pdf_fonts.h"
#include "ar/pdf/pdf_image.h"

/* The font files behind the faces. */
enum {
    AR_PDF_FONT_REGULAR,
    AR_PDF_FONT_BOLD,
    AR_PDF_FONT_FALLBACK,
    AR_PDF_FONT_COUNT_
};

/* draw_font values from here on: the font (value - AR_PDF_CID) sets the
 * character by glyph id, in a composite font of the document's own (a
 * character no 8-bit encoding has: kanji, hangul, Vietnamese). */
#define AR_PDF_CID 8

/* The 8-bit encodings a text is cut into: libharu's names, in order of
 * preference (a run of text uses the first that covers it). */
#define AR_PDF_ENC_COUNT 11
extern const char *const ar_pdf_encodings[AR_PDF_ENC_COUNT];

/* A PDF object made once a run and written into every document that
 * uses it: its dictionary's entries, already serialized, and its
 * stream's data, already filtered (data NULL: a plain dictionary).
 * Entries that point at other objects are added per document. */
typedef struct ar_pdf_tmpl {
    char *body;
    size_t body_len;
    unsigned char *data;
    size_t data_len;
} ar_pdf_tmpl;

struct ar_pdf_fonts {
    ar_font *font[AR_PDF_FONT_COUNT_];     /* NULL fallback = none */
    unsigned char *embed[AR_PDF_FONT_COUNT_]; /* the simple fonts' program
                                                 (the run's subset after
                                                 ar_pdf_fonts_subset) */
    size_t embed_len[AR_PDF_FONT_COUNT_];
    ar_cpset *kept[AR_PDF_FONT_COUNT_]; /* what the subset holds, NULL:
                                            the whole font */
    uint16_t *mask;                  /* per BMP code point: encodings */
    int8_t *draw_font[AR_PDF_FACE_COUNT_]; /* per code point: the font that
                                       draws it in a face (+ AR_PDF_CID by
                                       glyph id), -1 = none */
    int16_t *draw_width[AR_PDF_FACE_COUNT_]; /* its width, 1/1000 em */
    uint8_t *code[AR_PDF_ENC_COUNT]; /* per encoding: code point -> byte */
    char *enc_entry[AR_PDF_ENC_COUNT]; /* "/Encoding ..." as libharu
                                          writes it */
    /* the objects every document shares, made once (lock) */
    pthread_mutex_t lock;
    bool ready;
    ar_pdf_tmpl file[AR_PDF_FONT_COUNT_];   /* FontFile2, deflated */
    ar_pdf_tmpl desc[AR_PDF_FONT_COUNT_];   /* its FontDescriptor */
    ar_pdf_tmpl simple[AR_PDF_FONT_COUNT_][AR_PDF_ENC_COUNT]; /* Font */
    ar_pdf_tmpl icc;                 /* the output intent's profile */
    char icc_name[64];               /* its description, "" = no profile */
};

/* The font (AR_PDF_FONT_*, + AR_PDF_CID by glyph id) that draws cp in
 * face, or -1: one lookup, as drawing asks for every character. */
static inline int ar_pdf_font_for(const ar_pdf_fonts *f, ar_pdf_face face,
                                  uint32_t cp)
{
    return cp < 65536 ? f->draw_font[face][cp] : -1;
}

/* Make the shared objects if no document has yet (takes f's lock). */
void ar_pdf_fonts_prepare(ar_pdf_fonts *f);

struct ar_pdf_image {
    unsigned width, height;
    bool rgb;
    unsigned char *idat;         /* the PNG's zlib data, as it is */
    size_t idat_len;
    ar_pdf_tmpl xobject;         /* its image XObject */
    char digest[65];             /* SHA-256 of the XObject: the image's
                                    name in a page record (pdf_record.c) */
};

#define AR_PDF_MAX_IMAGES 4

/* A composite font of one document: the code points it sets by glyph
 * id, kept sorted; its objects are made when the document is saved. */
typedef struct ar_pdf_cid {
    void *font;                  /* the Type0 dictionary (HPDF_Dict) */
    uint16_t *cps;
    size_t n, cap;
    bool done;                   /* its objects are made */
} ar_pdf_cid;

/* The operators of the page being drawn. */
typedef struct ar_pdf_ops {
    char *buf;
    size_t len, cap;
} ar_pdf_ops;

struct ar_pdf {
    ar_pdf_fonts *fonts;
    void *doc;                   /* HPDF_Doc */
    void *page;                  /* HPDF_Page being drawn */
    double page_h;
    int pages;
    unsigned long error, detail; /* first libharu error */
    uint32_t bad_cp;             /* an undrawable character was drawn */
    /* graphics state already set on the page: skipping repeats keeps
     * the content stream (and its compression) small */
    bool fill_set;
    uint32_t fill;
    void *cur_font;
    double cur_size;
    ar_pdf_ops ops;
    bool page_open;              /* ops not yet handed to the page */
    void **page_list;            /* every page (HPDF_Page) */
    unsigned char **page_z;      /* its content, deflated */
    size_t *page_zlen;
    size_t page_cap;
    void *desc[AR_PDF_FONT_COUNT_];  /* FontDescriptor dictionaries */
    void *simple[AR_PDF_FONT_COUNT_][AR_PDF_ENC_COUNT]; /* Font dicts */
    ar_pdf_cid cid[AR_PDF_FONT_COUNT_];
    const ar_pdf_image *img_src[AR_PDF_MAX_IMAGES];
    void *img[AR_PDF_MAX_IMAGES];    /* their XObjects */
    ar_pdf_info info;
    char **owned;                /* texts the objects point into */
    size_t nowned, owned_cap;
};

/* ---- objects (pdf_obj.c) ------------------------------------------------ */

/* An object of the document from template t (borrowed: it must outlive
 * the document), added to the cross-reference table. NULL on failure
 * (libharu's error recorded). */
void *ar_pdf_obj(ar_pdf *p, const ar_pdf_tmpl *t);

/* Write t's body (borrowed) among dict's entries. */
void ar_pdf_obj_body(void *dict, const ar_pdf_tmpl *t);

/* Keep mem (taken, freed with the document) and return it. */
void *ar_pdf_keep(ar_pdf *p, void *mem);

/* Make data[0..len) (borrowed: it must outlive the document) the stream
 * of dict (an HPDF_Dict with a stream), written as it is. */
bool ar_pdf_stream_data(void *dict, const unsigned char *data, size_t len);

/* The Font object for (font, encoding), made on first use. */
void *ar_pdf_simple_font(ar_pdf *p, int fi, size_t enc);

/* The composite font of font fi, made on first use; cp is added to the
 * code points it sets. */
void *ar_pdf_cid_font(ar_pdf *p, int fi, uint32_t cp);

/* The image XObject of img in this document, made on first use. */
void *ar_pdf_doc_image(ar_pdf *p, const ar_pdf_image *img);

/* Give each composite font its descendant, descriptor, subset program,
 * widths and ToUnicode map (at save). False on failure (d filled). */
bool ar_pdf_cid_finish(ar_pdf *p, ar_diag *d);

/* Hand the page's operators to libharu, deflated (pdf.c). */
void ar_pdf_finish_page(ar_pdf *p);

/* ---- copying finished pages (pdf.c; page records: pdf_record.c) ------- */

/* The longest resource name a copied page may have ("F12", "X1"). */
#define AR_PDF_KEY_MAX 32

/* The most fonts a page can name: each font under each encoding and its
 * composite font. */
#define AR_PDF_PAGE_FONTS (AR_PDF_FONT_COUNT_ * (AR_PDF_ENC_COUNT + 1))

/* The enc of a page's composite font. */
#define AR_PDF_COMPOSITE 255

/* A font a page names: font fi under encoding enc, or its composite font
 * setting chars (the whole document's, sorted). */
typedef struct ar_pdf_copy_font {
    int fi;
    int enc;
    const uint16_t *chars;
    size_t nchars;
    char key[AR_PDF_KEY_MAX];    /* its name on the page */
} ar_pdf_copy_font;

typedef struct ar_pdf_copy_image {
    const ar_pdf_image *img;
    char key[AR_PDF_KEY_MAX];
} ar_pdf_copy_image;

/* What copying a finished page takes, in the order its resources were
 * registered (the copy registers them in that order to get the same
 * names). */
typedef struct ar_pdf_page_copy {
    float width, height;         /* as libharu holds them (HPDF_REAL) */
    size_t nfonts, nimages;
    ar_pdf_copy_font font[AR_PDF_PAGE_FONTS];
    ar_pdf_copy_image image[AR_PDF_MAX_IMAGES];
    const unsigned char *z;      /* the content, deflated */
    size_t zlen;
} ar_pdf_page_copy;

/* Page i of p (finished) into *out, pointing into p; false when it cannot
 * be copied (never drawn, or a resource not of p's fonts or images). */
bool ar_pdf_page_describe(const ar_pdf *p, int i, ar_pdf_page_copy *out);

/* Append to dst a page as pc describes, with content z (pc->zlen bytes,
 * taken: freed with dst, or at once on failure). False when it cannot be
 * made as the original was (dst is then incomplete). */
bool ar_pdf_page_add(ar_pdf *dst, const ar_pdf_page_copy *pc,
                     unsigned char *z);

/* ---- metadata (pdf_meta.c) ---------------------------------------------- */

/* The trailer's ID, the Info dictionary, the XMP metadata and the
 * output intent, from the pages' content and p->info (at save). */
bool ar_pdf_meta_finish(ar_pdf *p, ar_diag *d);

#endif
