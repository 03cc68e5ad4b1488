/* formats.h - the --format presets: the policy texts of
 * layouts/formats/NAME.ini, compiled in (the Makefile writes the table into
 * build/gen/formats.c), so that a preset reads like any policy file and a
 * user can copy one to start their own. */
#ifndef AR_FORMATS_H
#define AR_FORMATS_H

#include <stddef.h>

typedef struct ar_format {
    const char *name;   /* the file's name without .ini: "sap-fbl5n" */
    const char *text;   /* its policy text */
} ar_format;

/* The presets, sorted by name. */
extern const ar_format ar_formats[];
extern const size_t ar_format_count;

#endif
