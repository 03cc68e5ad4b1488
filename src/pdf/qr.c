/* qr.c - QR codes (libqrencode, its only user) and the EPC payload.
 *
 * Speed. libqrencode picks the mask (ISO/IEC 18004 §7.8.3: the one of
 * eight with the lowest penalty) by applying each with a division per
 * module and measuring runs into int arrays: a sixth of a full run's CPU
 * went there. Here libqrencode only lays out the unmasked symbol
 * (QRcode_encodeMask with mask -2, which libqrencode exports without
 * declaring it in qrencode.h), and the masks are applied without a
 * division per module and scored with libqrencode's own scoring
 * (mask.c of 4.1: the same N1..N4 weights, run and 2x2 rules, ties to
 * the lower mask). test_qr.c holds both choices equal over thousands of
 * payloads.
 */
#include "ar/pdf/qr.h"

#include <qrencode.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "ar/base/utf8.h"

/* Exported by libqrencode 4 (qrencode_inner.h). mask -2: the symbol with
 * function patterns and data, no mask and no format information. */
extern QRcode *QRcode_encodeMask(QRinput *input, int mask);

#define N1 3
#define N2 3
#define N3 40
#define N4 10
#define MAX_WIDTH 128 /* the bits of a line */

/* Format information of level M and each mask (qrspec.c). */
static const unsigned format_m[8] = {0x5412, 0x5125, 0x5e7c, 0x5b4b,
                                     0x45f9, 0x40ce, 0x4f97, 0x4aa0};

/* A line of up to 128 modules as bits, bit i = module i (dark = 1). */
typedef struct bits {
    uint64_t lo, hi;
} bits;

static inline void bit_set(bits *b, int i)
{
    if (i < 64)
        b->lo |= (uint64_t)1 << i;
    else
        b->hi |= (uint64_t)1 << (i - 64);
}

static inline bool bit_get(const bits *b, int i)
{
    return i < 64 ? (b->lo >> i) & 1 : (b->hi >> (i - 64)) & 1;
}

/* Set bits of v (SWAR: without a CPU popcount, libgcc's is a call). */
static inline int popcount64(uint64_t v)
{
    v = v - ((v >> 1) & 0x5555555555555555ULL);
    v = (v & 0x3333333333333333ULL) + ((v >> 2) & 0x3333333333333333ULL);
    v = (v + (v >> 4)) & 0x0F0F0F0F0F0F0F0FULL;
    return (int)((v * 0x0101010101010101ULL) >> 56);
}

/* b >> 1 */
static inline bits bits_shr(bits b)
{
    return (bits){b.lo >> 1 | b.hi << 63, b.hi >> 1};
}

/* The low n bits set. */
static inline bits bits_low(int n)
{
    return (bits){n >= 64 ? ~(uint64_t)0 : ((uint64_t)1 << n) - 1,
                  n >= 128 ? ~(uint64_t)0
                  : n > 64 ? ((uint64_t)1 << (n - 64)) - 1
                           : 0};
}

/* The rows of mask m for y = 0..11 (every mask's rows repeat with a
 * period dividing 12), ISO/IEC 18004 Table 10: 1 where the mask flips a
 * module. x % 3 and x / 3 come precomputed, so that no module costs a
 * division. */
static void make_flips(int m, int w, const int *xm3, const int *xd3,
                       bits flips[12])
{
    static const uint8_t mul3[3][3] = {{0, 0, 0}, {0, 1, 2}, {0, 2, 1}};
    for (int y = 0; y < 12; y++) {
        bits b = {0, 0};
        int ym3 = y % 3;
        for (int x = 0; x < w; x++) {
            bool on;
            switch (m) {
            case 0: on = ((x + y) & 1) == 0; break;
            case 1: on = (y & 1) == 0; break;
            case 2: on = xm3[x] == 0; break;
            case 3: on = xm3[x] + ym3 == 0 || xm3[x] + ym3 == 3; break;
            case 4: on = (((y >> 1) + xd3[x]) & 1) == 0; break;
            case 5: on = ((x & y) & 1) + mul3[xm3[x]][ym3] == 0; break;
            case 6:
                on = ((((x & y) & 1) + mul3[xm3[x]][ym3]) & 1) == 0;
                break;
            default:
                on = ((mul3[xm3[x]][ym3] + ((x + y) & 1)) & 1) == 0;
                break;
            }
            if (on)
                bit_set(&b, x);
        }
        flips[y] = b;
    }
}

/* Set the format information of mask m at level M in the rows, each bit
 * twice, where libqrencode writes it (mask.c); the area is light before. */
static void put_format(int w, bits *row, int m)
{
    unsigned f = format_m[m];
    for (int i = 0; i < 8; i++, f >>= 1)
        if (f & 1) {
            bit_set(&row[8], w - 1 - i);
            bit_set(&row[i < 6 ? i : i + 1], 8);
        }
    for (int i = 0; i < 7; i++, f >>= 1)
        if (f & 1) {
            bit_set(&row[w - 7 + i], 8);
            bit_set(&row[8], i == 0 ? 7 : 6 - i);
        }
}

/* N1 and N3 of one line of w modules (Mask_calcRunLength and
 * Mask_calcN1N3: a line that starts dark has a light run of -1 first, so
 * that dark runs sit at odd places). The runs come from the bits where a
 * module differs from the next. */
static int line_penalty(bits v, int w)
{
    int run[MAX_WIDTH + 2];
    int len = 0;
    if (v.lo & 1)
        run[len++] = -1;
    bits t = bits_shr(v);
    bits low = bits_low(w - 1);
    t.lo = (t.lo ^ v.lo) & low.lo;
    t.hi = (t.hi ^ v.hi) & low.hi;
    int start = 0, d = 0;
    for (int half = 0; half < 2; half++) {
        uint64_t x = half ? t.hi : t.lo;
        while (x) {
            int i = __builtin_ctzll(x) + 64 * half;
            int r = i + 1 - start;
            run[len++] = r;
            if (r >= 5) /* N1 + (run - 5) */
                d += r - 2;
            start = i + 1;
            x &= x - 1;
        }
    }
    int r = w - start;
    run[len++] = r;
    if (r >= 5)
        d += r - 2;
    /* N3: a dark run of 3f between dark and light runs of f, with 4f of
     * light on one side (or the line's end); dark runs are the odd ones */
    for (int i = 3; i < len - 2; i += 2) {
        if (run[i] % 3 != 0)
            continue;
        int f = run[i] / 3;
        if (run[i - 2] == f && run[i - 1] == f && run[i + 1] == f &&
            run[i + 2] == f &&
            (i == 3 || run[i - 3] >= 4 * f || i + 4 >= len ||
             run[i + 3] >= 4 * f))
            d += N3;
    }
    return d;
}

/* The penalty of the symbol whose rows (and columns) are given as bits,
 * with dark modules (Mask_mask, Mask_evaluateSymbol). */
static int penalty(int w, const bits *row, const bits *col, int dark)
{
    int w2 = w * w;
    int ratio = (200 * dark + w2) / w2 / 2;
    int d = (abs(ratio - 50) / 5) * N4;
    /* N2: each 2x2 block of one colour (overlapping) */
    bits low = bits_low(w - 1);
    for (int y = 1; y < w; y++) {
        bits a = row[y - 1], b = row[y];
        bits a1 = bits_shr(a), b1 = bits_shr(b);
        uint64_t dl = (a.lo & b.lo & a1.lo & b1.lo) |
                      (~a.lo & ~b.lo & ~a1.lo & ~b1.lo);
        uint64_t dh = (a.hi & b.hi & a1.hi & b1.hi) |
                      (~a.hi & ~b.hi & ~a1.hi & ~b1.hi);
        d += N2 * (popcount64(dl & low.lo) +
                   popcount64(dh & low.hi));
    }
    for (int i = 0; i < w; i++)
        d += line_penalty(row[i], w) + line_penalty(col[i], w);
    return d;
}

/* Modules of a libqrencode symbol as a module grid. */
static ar_qr *grid_of(const QRcode *code)
{
    ar_qr *qr = ar_xmalloc(sizeof *qr);
    qr->width = code->width;
    size_t n = (size_t)code->width * (size_t)code->width;
    qr->dark = ar_xmalloc(n);
    for (size_t i = 0; i < n; i++)
        qr->dark[i] = code->data[i] & 1;
    return qr;
}

ar_qr *ar_qr_encode(const char *text)
{
    QRinput *in = QRinput_new2(0, QR_ECLEVEL_M);
    if (!in)
        return NULL;
    QRcode *code = NULL;
    if (QRinput_append(in, QR_MODE_8, (int)strlen(text),
                       (const unsigned char *)text) == 0)
        code = QRcode_encodeMask(in, -2);
    QRinput_free(in);
    if (code && code->width > MAX_WIDTH) { /* past version 27: libqrencode */
        QRcode_free(code);
        code = QRcode_encodeData((int)strlen(text),
                                 (const unsigned char *)text, 0, QR_ECLEVEL_M);
        ar_qr *qr = code ? grid_of(code) : NULL;
        QRcode_free(code);
        return qr;
    }
    if (!code)
        return NULL;
    int w = code->width;
    int xm3[MAX_WIDTH], xd3[MAX_WIDTH];
    for (int x = 0; x < w; x++) {
        xm3[x] = x % 3;
        xd3[x] = x / 3;
    }
    /* the modules and which of them a mask may flip (data and error
     * correction: bit 7 clear), as rows of bits */
    bits base[MAX_WIDTH], data[MAX_WIDTH], row[MAX_WIDTH], col[MAX_WIDTH];
    for (int y = 0; y < w; y++) {
        base[y] = data[y] = (bits){0, 0};
        for (int x = 0; x < w; x++) {
            unsigned char v = code->data[y * w + x];
            if (v & 1)
                bit_set(&base[y], x);
            if (!(v & 0x80))
                bit_set(&data[y], x);
        }
    }
    /* each mask scored; then the best one made again (m = 8) */
    int best = 0, best_d = 0;
    for (int m = 0; m <= 8; m++) {
        int k = m < 8 ? m : best;
        /* a mask's rows repeat every 12 rows at most (periods 1 to 6) */
        bits flips[12];
        make_flips(k, w, xm3, xd3, flips);
        for (int y = 0; y < w; y++) {
            bits flip = flips[y % 12];
            row[y].lo = base[y].lo ^ (flip.lo & data[y].lo);
            row[y].hi = base[y].hi ^ (flip.hi & data[y].hi);
        }
        put_format(w, row, k);
        if (m == 8)
            break;
        int dark = 0;
        for (int y = 0; y < w; y++) {
            dark += popcount64(row[y].lo) + popcount64(row[y].hi);
            col[y] = (bits){0, 0};
        }
        for (int y = 0; y < w; y++)
            for (int half = 0; half < 2; half++) {
                uint64_t v = half ? row[y].hi : row[y].lo;
                while (v) {
                    int x = __builtin_ctzll(v) + 64 * half;
                    bit_set(&col[x], y);
                    v &= v - 1;
                }
            }
        int d = penalty(w, row, col, dark);
        if (m == 0 || d < best_d) { /* ties: the lower mask */
            best_d = d;
            best = m;
        }
    }
    for (int y = 0; y < w; y++)
        for (int x = 0; x < w; x++)
            code->data[y * w + x] = bit_get(&row[y], x);
    ar_qr *qr = grid_of(code);
    QRcode_free(code);
    return qr;
}

void ar_qr_free(ar_qr *qr)
{
    if (!qr)
        return;
    free(qr->dark);
    free(qr);
}

static size_t utf8_chars(const char *s)
{
    size_t n = 0;
    while (ar_utf8_next(&s))
        n++;
    return n;
}

bool ar_epc_payload(char *buf, size_t size, const char *bic,
                    const char *name, const char *iban, ar_cents amount,
                    const char *creditor_ref)
{
    /* EPC069-12: amount EUR 0.01 to 999999999.99; a structured reference
     * of at most 35 characters (line 10), and then no text (line 11) */
    if (amount < 1 || amount > 99999999999LL || !iban[0] || !name[0] ||
        utf8_chars(name) > 70 || strlen(creditor_ref) > 35)
        return false;
    char compact[64];
    size_t n = 0;
    for (const char *p = iban; *p && n + 1 < sizeof compact; p++)
        if (*p != ' ')
            compact[n++] = *p;
    compact[n] = '\0';
    char value[32];
    ar_money_format_plain(amount, value, sizeof value);
    int len = snprintf(buf, size, "BCD\n002\n1\nSCT\n%s\n%s\n%s\nEUR%s\n\n%s",
                       bic, name, compact, value, creditor_ref);
    /* the standard caps the whole payload at 331 bytes */
    return len > 0 && (size_t)len < size && len <= 331;
}
