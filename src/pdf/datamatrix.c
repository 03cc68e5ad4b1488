/* datamatrix.c - Data Matrix symbols by libdmtx (datamatrix.h). */
#include "ar/pdf/datamatrix.h"

#include <dmtx.h>
#include <stdlib.h>
#include <string.h>

#include "ar/base/error.h"

ar_dmtx *ar_dmtx_encode(const char *text)
{
    DmtxEncode *enc = dmtxEncodeCreate();
    if (!enc)
        return NULL;
    ar_dmtx *m = NULL;
    /* one pixel a module and no margin: the image is the module grid */
    dmtxEncodeSetProp(enc, DmtxPropModuleSize, 1);
    dmtxEncodeSetProp(enc, DmtxPropMarginSize, 0);
    dmtxEncodeSetProp(enc, DmtxPropSizeRequest, DmtxSymbolSquareAuto);
    if (dmtxEncodeDataMatrix(enc, (int)strlen(text),
                             (unsigned char *)text) == DmtxPass &&
        enc->image) {
        int w = dmtxImageGetProp(enc->image, DmtxPropWidth);
        int h = dmtxImageGetProp(enc->image, DmtxPropHeight);
        m = ar_xmalloc(sizeof *m);
        m->rows = h;
        m->cols = w;
        m->dark = ar_xcalloc((size_t)w * (size_t)h, 1);
        /* libdmtx's images count rows from the bottom */
        for (int y = 0; y < h; y++)
            for (int x = 0; x < w; x++) {
                int v = 255;
                dmtxImageGetPixelValue(enc->image, x, y, 0, &v);
                m->dark[(size_t)(h - 1 - y) * (size_t)w + (size_t)x] =
                    v < 128;
            }
    }
    dmtxEncodeDestroy(&enc);
    return m;
}

void ar_dmtx_free(ar_dmtx *m)
{
    if (!m)
        return;
    free(m->dark);
    free(m);
}
