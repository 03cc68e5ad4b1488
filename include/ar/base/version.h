/* version.h - the program version, as run.json and --version print it. */
#ifndef AR_VERSION_H
#define AR_VERSION_H

#define AR_VERSION "0.1.0"

/* The program version ("0.1.0"). */
static inline const char *ar_version(void)
{
    return AR_VERSION;
}

#endif
