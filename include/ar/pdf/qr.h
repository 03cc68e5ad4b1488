/* qr.h - QR codes as module grids, and the EPC "GiroCode" payload that
 * banking apps scan to fill in a SEPA credit transfer (EPC069-12). */
#ifndef AR_QR_H
#define AR_QR_H

#include <stdbool.h>
#include <stddef.h>

#include "ar/base/money.h"

typedef struct ar_qr {
    int width;                /* modules per side, without quiet zone */
    unsigned char *dark;      /* width * width, row by row: 1 = dark */
} ar_qr;

/* Encode text as bytes at error correction level M (the EPC's).
 * NULL when it does not fit a QR code. Free with ar_qr_free. */
ar_qr *ar_qr_encode(const char *text);
void ar_qr_free(ar_qr *qr);

/* Write the EPC payload (version 002, UTF-8) for a transfer of amount EUR
 * cents to name / iban (bic may be ""), with a structured creditor
 * reference (ISO 11649 "RF...", compact) in its remittance field. False
 * when the rules cannot be met: amount outside 0.01..999999999.99, no
 * IBAN, name over 70 or a reference over 35 characters. */
bool ar_epc_payload(char *buf, size_t size, const char *bic,
                    const char *name, const char *iban, ar_cents amount,
                    const char *creditor_ref);

#endif
