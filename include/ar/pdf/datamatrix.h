/* datamatrix.h - Data Matrix (ECC 200) symbols as module grids, for the
 * letters' insert marks: libdmtx encodes them (datamatrix.c is its only
 * user); the letters draw the modules like a QR code's (ar_pdf_grid). */
#ifndef AR_DATAMATRIX_H
#define AR_DATAMATRIX_H

#include <stddef.h>

typedef struct ar_dmtx {
    int rows, cols;           /* modules, without quiet zone */
    unsigned char *dark;      /* rows * cols, top row first: 1 = dark */
} ar_dmtx;

/* The smallest square symbol holding text (ASCII). NULL when libdmtx
 * cannot encode it. Free with ar_dmtx_free. */
ar_dmtx *ar_dmtx_encode(const char *text);
void ar_dmtx_free(ar_dmtx *m);

#endif
