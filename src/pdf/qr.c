/* qr.c - QR codes (libqrencode, its only user) and the EPC payload. */
#include "ar/pdf/qr.h"

#include <qrencode.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "ar/base/utf8.h"

ar_qr *ar_qr_encode(const char *text)
{
    QRcode *code = QRcode_encodeData((int)strlen(text),
                                     (const unsigned char *)text, 0,
                                     QR_ECLEVEL_M);
    if (!code)
        return NULL;
    ar_qr *qr = ar_xmalloc(sizeof *qr);
    qr->width = code->width;
    size_t n = (size_t)code->width * (size_t)code->width;
    qr->dark = ar_xmalloc(n);
    for (size_t i = 0; i < n; i++)
        qr->dark[i] = code->data[i] & 1;
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
