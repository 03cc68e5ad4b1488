/* digest.c - SHA-256 (nettle): input files for run.json, the letters
 * manifest and safe file names. */
#include "ar/base/digest.h"

#include <nettle/sha2.h>
#include <dirent.h>
#include <errno.h>
#include <sys/stat.h>
#include <stdbool.h>
#include <stdio.h>
#include <string.h>
#include <stdint.h>
#include <stdlib.h>

#include "ar/base/error.h"

struct ar_sha256 {
    struct sha256_ctx ctx;
};

static char *to_hex(const uint8_t digest[SHA256_DIGEST_SIZE], char hex[65])
{
    static const char digits[] = "0123456789abcdef";
    for (size_t i = 0; i < SHA256_DIGEST_SIZE; i++) {
        hex[2 * i] = digits[digest[i] >> 4];
        hex[2 * i + 1] = digits[digest[i] & 15];
    }
    hex[64] = '\0';
    return hex;
}

char *ar_sha256_hex(const void *data, size_t len, char hex[65])
{
    struct sha256_ctx ctx;
    uint8_t digest[SHA256_DIGEST_SIZE];
    sha256_init(&ctx);
    sha256_update(&ctx, len, data);
    sha256_digest(&ctx, sizeof digest, digest);
    return to_hex(digest, hex);
}

ar_sha256 *ar_sha256_new(void)
{
    ar_sha256 *h = ar_xmalloc(sizeof *h);
    sha256_init(&h->ctx);
    return h;
}

void ar_sha256_update(ar_sha256 *h, const void *data, size_t len)
{
    sha256_update(&h->ctx, len, data);
}

char *ar_sha256_peek(const ar_sha256 *h, char hex[65])
{
    struct sha256_ctx copy = h->ctx; /* digest() resets its context */
    uint8_t digest[SHA256_DIGEST_SIZE];
    sha256_digest(&copy, sizeof digest, digest);
    return to_hex(digest, hex);
}

void ar_sha256_free(ar_sha256 *h)
{
    free(h);
}

ar_err ar_sha256_file(const char *path, char hex[65], ar_diag *d)
{
    snprintf(hex, 65, "-");
    if (!path)
        return AR_OK;
    FILE *f = fopen(path, "rb");
    if (!f)
        return ar_diag_set(d, AR_ERR_IO, path, 0, NULL, "cannot open: %s",
                           strerror(errno));
    ar_sha256 *h = ar_sha256_new();
    char buf[65536];
    size_t n;
    while ((n = fread(buf, 1, sizeof buf, f)) > 0)
        ar_sha256_update(h, buf, n);
    bool bad = ferror(f);
    fclose(f);
    ar_sha256_peek(h, hex);
    ar_sha256_free(h);
    return bad ? ar_diag_set(d, AR_ERR_IO, path, 0, NULL, "read error")
               : AR_OK;
}

static int cmp_name(const void *a, const void *b)
{
    return strcmp(*(char *const *)a, *(char *const *)b);
}

/* Every regular file under dir (rel: its path below the top), in name
 * order: its relative path, a NUL, its bytes, a NUL. */
/* The directories from the top down to this one, by device and inode:
 * a symbolic link back to one of them (layouts/self -> .) is left out,
 * not followed until the kernel's ELOOP, hashing the tree 40 times over
 * (or, for a link to .., the folders beside the layouts). */
typedef struct up_dir {
    dev_t dev;
    ino_t ino;
    const struct up_dir *up;
} up_dir;

static bool hash_tree(ar_sha256 *h, const char *dir, const char *rel,
                      const up_dir *up)
{
    struct stat self;
    if (stat(dir, &self) != 0)
        return false;
    for (const up_dir *u = up; u; u = u->up)
        if (u->dev == self.st_dev && u->ino == self.st_ino)
            return true; /* a loop: already being hashed */
    const up_dir here = {self.st_dev, self.st_ino, up};
    DIR *dp = opendir(dir);
    if (!dp)
        return false;
    char **names = NULL;
    size_t n = 0, cap = 0;
    struct dirent *e;
    while ((e = readdir(dp)) != NULL) {
        if (e->d_name[0] == '.')
            continue; /* ., .., and hidden files are no part of a layout */
        ar_xgrow((void **)&names, &cap, n + 1, sizeof *names);
        names[n++] = ar_xstrdup(e->d_name);
    }
    closedir(dp);
    if (n)
        qsort(names, n, sizeof *names, cmp_name);
    bool ok = true;
    for (size_t i = 0; i < n; i++) {
        char path[4096], sub[4096];
        if ((size_t)snprintf(path, sizeof path, "%s/%s", dir, names[i]) >=
                sizeof path ||
            (size_t)snprintf(sub, sizeof sub, "%s%s%s", rel,
                             rel[0] ? "/" : "", names[i]) >= sizeof sub) {
            errno = ENAMETOOLONG; /* not another, shorter path's file */
            ok = false;
        }
        struct stat st;
        if (ok && stat(path, &st) == 0 && S_ISDIR(st.st_mode)) {
            ok = hash_tree(h, path, sub, &here);
        } else if (ok && stat(path, &st) == 0 && S_ISREG(st.st_mode)) {
            FILE *f = fopen(path, "rb");
            ok = f != NULL;
            ar_sha256_update(h, sub, strlen(sub) + 1);
            char buf[65536];
            size_t got;
            while (f && (got = fread(buf, 1, sizeof buf, f)) > 0)
                ar_sha256_update(h, buf, got);
            if (f && ferror(f))
                ok = false;
            if (f)
                fclose(f);
            ar_sha256_update(h, "", 1);
        }
        free(names[i]);
    }
    free(names);
    return ok;
}

ar_err ar_sha256_tree(const char *dir, char hex[65], ar_diag *d)
{
    ar_sha256 *h = ar_sha256_new();
    bool ok = hash_tree(h, dir, "", NULL);
    ar_sha256_peek(h, hex);
    ar_sha256_free(h);
    return ok ? AR_OK
              : ar_diag_set(d, AR_ERR_IO, dir, 0, NULL,
                            "cannot read the directory: %s", strerror(errno));
}
