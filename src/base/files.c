/* files.c - output files and directories: open and close with every error
 * checked, mkdir -p, rm -r. */
#include "ar/base/files.h"

#include <dirent.h>
#include <errno.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

/* mkdir -p: 0, or the errno of the directory in path that could not be
 * made (path then ends there). */
static int make_dirs(char *path)
{
    for (char *p = path + 1; *p; p++) {
        if (*p != '/')
            continue;
        *p = '\0';
        if (mkdir(path, 0777) != 0 && errno != EEXIST)
            return errno;
        *p = '/';
    }
    return mkdir(path, 0777) != 0 && errno != EEXIST ? errno : 0;
}

ar_err ar_mkdir_p(const char *dir, ar_diag *d)
{
    char path[4096];
    if (snprintf(path, sizeof path, "%s", dir) >= (int)sizeof path)
        return ar_diag_set(d, AR_ERR_OUTPUT, dir, 0, NULL, "path too long");
    /* a parent just made can vanish when another run removes the ones it
     * made for its temporary files (cli/job.c): then make them again */
    int e = make_dirs(path);
    for (int again = 0; e == ENOENT && again < 3; again++) {
        snprintf(path, sizeof path, "%s", dir);
        e = make_dirs(path);
    }
    if (e != 0)
        return ar_diag_set(d, AR_ERR_OUTPUT, path, 0, NULL,
                           "cannot create directory: %s", strerror(e));
    return AR_OK;
}

bool ar_remove_tree(const char *path)
{
    struct stat st;
    if (lstat(path, &st) != 0)
        return errno == ENOENT;
    if (!S_ISDIR(st.st_mode))
        return unlink(path) == 0;
    DIR *dir = opendir(path);
    if (!dir)
        return false;
    bool ok = true;
    struct dirent *e;
    while ((e = readdir(dir)) != NULL) {
        if (strcmp(e->d_name, ".") == 0 || strcmp(e->d_name, "..") == 0)
            continue;
        char child[4096];
        if (snprintf(child, sizeof child, "%s/%s", path, e->d_name) >=
            (int)sizeof child) {
            ok = false;
            continue;
        }
        ok = ar_remove_tree(child) && ok;
    }
    closedir(dir);
    return rmdir(path) == 0 && ok;
}

FILE *ar_out_open(const char *dir, const char *name, ar_diag *d)
{
    char path[4096];
    if (snprintf(path, sizeof path, "%s/%s", dir, name) >= (int)sizeof path) {
        ar_diag_set(d, AR_ERR_OUTPUT, dir, 0, NULL, "path too long");
        return NULL;
    }
    FILE *f = fopen(path, "wb");
    if (!f)
        ar_diag_set(d, AR_ERR_OUTPUT, path, 0, NULL, "cannot write: %s",
                    strerror(errno));
    return f;
}

ar_err ar_out_close(FILE *f, const char *dir, const char *name, ar_diag *d)
{
    bool bad = ferror(f) != 0;
    int saved = errno;
    if (fflush(f) != 0) {
        bad = true;
        saved = errno;
    }
    if (fclose(f) != 0 && !bad) {
        bad = true;
        saved = errno;
    }
    if (bad)
        return ar_diag_set(d, AR_ERR_OUTPUT, dir, 0, NULL,
                           "cannot write %s: %s", name,
                           saved ? strerror(saved) : "write error");
    return AR_OK;
}
