/* replay.c - runs a harness's LLVMFuzzerTestOneInput over files, without
 * libFuzzer, so that `make test` replays the seed corpus and every input a
 * fuzzing run found (tests/fuzz/regress/) with any C compiler.
 *
 *   replay_fuzz_X [FILE|DIR]...   (default: the corpus and regress dirs of
 *                                  fuzz_X, relative to the repo root) */
#include <dirent.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "ar/base/error.h"
#include "fuzz.h"

#ifndef FUZZ_TARGET
#error "compile with -DFUZZ_TARGET=\"fuzz_X\""
#endif

static int replay_file(const char *path)
{
    FILE *f = fopen(path, "rb");
    if (!f) {
        fprintf(stderr, "replay: cannot open %s\n", path);
        return -1;
    }
    size_t cap = 4096, len = 0;
    uint8_t *buf = ar_xmalloc(cap);
    size_t n;
    while ((n = fread(buf + len, 1, cap - len, f)) > 0) {
        len += n;
        if (len == cap)
            buf = ar_xrealloc(buf, cap *= 2);
    }
    int bad = ferror(f);
    fclose(f);
    if (bad) {
        free(buf);
        fprintf(stderr, "replay: cannot read %s\n", path);
        return -1;
    }
    /* like libFuzzer: a copy of exactly len bytes, so overreads show */
    uint8_t *copy = ar_xmalloc(len ? len : 1);
    memcpy(copy, buf, len);
    free(buf);
    LLVMFuzzerTestOneInput(copy, len);
    free(copy);
    return 1;
}

static int cmp_names(const void *a, const void *b)
{
    return strcmp(*(char *const *)a, *(char *const *)b);
}

/* Replays path (a file, or every file of a directory in name order);
 * returns the number of inputs or -1 on an error. */
static long replay(const char *path, int must_exist)
{
    struct stat st;
    if (stat(path, &st) != 0) {
        if (!must_exist)
            return 0;
        fprintf(stderr, "replay: no such file %s\n", path);
        return -1;
    }
    if (!S_ISDIR(st.st_mode))
        return replay_file(path);
    DIR *dir = opendir(path);
    if (!dir)
        return -1;
    char **names = NULL;
    size_t n = 0, cap = 0;
    struct dirent *e;
    while ((e = readdir(dir)) != NULL) {
        if (e->d_name[0] == '.' || strcmp(e->d_name, "README") == 0)
            continue;
        if (n == cap)
            names = ar_xrealloc(names,
                                (cap = cap ? 2 * cap : 64) * sizeof *names);
        size_t len = strlen(path) + strlen(e->d_name) + 2;
        names[n] = ar_xmalloc(len);
        snprintf(names[n++], len, "%s/%s", path, e->d_name);
    }
    closedir(dir);
    qsort(names, n, sizeof *names, cmp_names);
    long count = 0;
    for (size_t i = 0; i < n; i++) {
        long r = replay(names[i], 1);
        count = (r < 0 || count < 0) ? -1 : count + r;
        free(names[i]);
    }
    free(names);
    return count;
}

int main(int argc, char **argv)
{
    long total = 0;
    if (argc > 1) {
        for (int i = 1; i < argc && total >= 0; i++) {
            long r = replay(argv[i], 1);
            total = r < 0 ? -1 : total + r;
        }
    } else {
        long a = replay("tests/fuzz/corpus/" FUZZ_TARGET, 0);
        long b = replay("tests/fuzz/regress/" FUZZ_TARGET, 0);
        total = a < 0 || b < 0 ? -1 : a + b;
    }
    if (total <= 0) {
        fprintf(stderr, "replay %s: %s\n", FUZZ_TARGET,
                total ? "failed" : "no inputs found (run from the repo root)");
        return 1;
    }
    printf("replay %s: %ld inputs, no failure\n", FUZZ_TARGET, total);
    return 0;
}
