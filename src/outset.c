/* outset.c - the output set is written into a temporary directory beside
 * its final place and renamed into place only when complete (SPEC §1). */
#include "ar/render.h"

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

static ar_err mkdir_p(const char *dir, ar_diag *d)
{
    char path[4096];
    if (snprintf(path, sizeof path, "%s", dir) >= (int)sizeof path)
        return ar_diag_set(d, AR_ERR_OUTPUT, dir, 0, NULL, "path too long");
    for (char *p = path + 1; *p; p++) {
        if (*p != '/')
            continue;
        *p = '\0';
        if (mkdir(path, 0777) != 0 && errno != EEXIST)
            return ar_diag_set(d, AR_ERR_OUTPUT, path, 0, NULL,
                               "cannot create directory: %s",
                               strerror(errno));
        *p = '/';
    }
    if (mkdir(path, 0777) != 0 && errno != EEXIST)
        return ar_diag_set(d, AR_ERR_OUTPUT, path, 0, NULL,
                           "cannot create directory: %s", strerror(errno));
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

/* Temporary directories are ".<as-of>.tmp-<pid>"; one whose process is
 * gone was left by a killed run. */
static void remove_stale(const char *dir, const char *prefix)
{
    DIR *dp = opendir(dir);
    if (!dp)
        return;
    struct dirent *e;
    size_t plen = strlen(prefix);
    while ((e = readdir(dp)) != NULL) {
        if (strncmp(e->d_name, prefix, plen) != 0)
            continue;
        long pid = strtol(e->d_name + plen, NULL, 10);
        if (pid > 0 && pid != getpid() && kill((pid_t)pid, 0) == 0)
            continue; /* another run for the same date is still going */
        char path[4096];
        if (snprintf(path, sizeof path, "%s/%s", dir, e->d_name) <
            (int)sizeof path)
            ar_remove_tree(path);
    }
    closedir(dp);
}

ar_err ar_outset_begin(ar_outset *o, const char *dir, ar_date as_of,
                       ar_diag *d)
{
    char day[16];
    ar_date_format_iso(as_of, day, sizeof day);
    ar_err err = mkdir_p(dir, d);
    if (err != AR_OK)
        return err;
    char prefix[64];
    snprintf(prefix, sizeof prefix, ".%s.tmp-", day);
    remove_stale(dir, prefix);
    /* a previous set moved aside by a swap that was killed halfway */
    char old_prefix[64];
    snprintf(old_prefix, sizeof old_prefix, "%s.old-", day);
    remove_stale(dir, old_prefix);
    if (snprintf(o->final_dir, sizeof o->final_dir, "%s/%s", dir, day) >=
            (int)sizeof o->final_dir ||
        snprintf(o->tmp_dir, sizeof o->tmp_dir, "%s/%s%ld", dir, prefix,
                 (long)getpid()) >= (int)sizeof o->tmp_dir)
        return ar_diag_set(d, AR_ERR_OUTPUT, dir, 0, NULL, "path too long");
    ar_remove_tree(o->tmp_dir);
    if (mkdir(o->tmp_dir, 0777) != 0)
        return ar_diag_set(d, AR_ERR_OUTPUT, o->tmp_dir, 0, NULL,
                           "cannot create directory: %s", strerror(errno));
    return AR_OK;
}

static void sync_dir(const char *path, bool whole_fs)
{
    int fd = open(path, O_RDONLY | O_DIRECTORY);
    if (fd >= 0) {
        /* one syncfs for the whole set is far cheaper than an fsync per
         * letter, and makes the rename durable together with its files */
        if (whole_fs)
            syncfs(fd);
        else
            fsync(fd);
        close(fd);
    }
}

ar_err ar_outset_commit(ar_outset *o, ar_diag *d)
{
    sync_dir(o->tmp_dir, true);
    /* Swap in one step when a previous set exists, so readers see the old
     * set or the new one, never neither. */
    if (renameat2(AT_FDCWD, o->tmp_dir, AT_FDCWD, o->final_dir,
                  RENAME_EXCHANGE) == 0) {
        /* tmp_dir now holds the previous set */
        ar_remove_tree(o->tmp_dir);
    } else if (errno == ENOENT || errno == EINVAL || errno == ENOSYS) {
        /* no previous set (or no exchange on this file system) */
        char old[4200];
        bool had_old = false;
        if (errno != ENOENT) {
            snprintf(old, sizeof old, "%s.old-%ld", o->final_dir,
                     (long)getpid());
            had_old = rename(o->final_dir, old) == 0;
        }
        if (rename(o->tmp_dir, o->final_dir) != 0)
            return ar_diag_set(d, AR_ERR_OUTPUT, o->final_dir, 0, NULL,
                               "cannot move the output set into place: %s",
                               strerror(errno));
        if (had_old)
            ar_remove_tree(old);
    } else {
        return ar_diag_set(d, AR_ERR_OUTPUT, o->final_dir, 0, NULL,
                           "cannot move the output set into place: %s",
                           strerror(errno));
    }
    char parent[4096];
    snprintf(parent, sizeof parent, "%s", o->final_dir);
    char *slash = strrchr(parent, '/');
    if (slash) {
        *slash = '\0';
        sync_dir(parent, false);
    }
    return AR_OK;
}

void ar_outset_abort(ar_outset *o)
{
    if (o->tmp_dir[0])
        ar_remove_tree(o->tmp_dir);
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
