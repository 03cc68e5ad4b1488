/* layout_lang.h - one language of layouts/letters/<code>/: strings.txt
 * and the letter templates (format in layouts.h). Used by layouts.c.
 */
#ifndef AR_LAYOUT_LANG_H
#define AR_LAYOUT_LANG_H

#include "ar/base/error.h"
#include "ar/render/page/layout_file.h"

/* Read dir (layouts/letters/<code>) into g, whose code is set: strings.txt,
 * stage1.txt .. stage5.txt and the VIP templates (vip<N>.txt, else the
 * nearest lower one, else vip.txt). Everything g points to is kept in
 * pool. AR_ERR_IO or AR_ERR_LAYOUT with d naming the file and line. */
ar_err ar_lang_load(ar_layout_pool *pool, ar_lang *g, const char *dir,
                    ar_diag *d);

#endif
