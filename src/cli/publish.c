/* publish.c - the output set is written into a temporary directory beside
 * its final place and renamed into place only when complete (SPEC §1). */
#include "ar/cli/publish.h"

#include "ar/base/files.h"

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

/* True when a process with this pid is running (EPERM: it runs, as
 * another user). */
static bool pid_alive(long pid)
{
    return pid > 0 && (kill((pid_t)pid, 0) == 0 || errno == EPERM);
}

/* Remove what killed runs left in dir, for any date: temporary sets
 * ".<as-of>.tmp-<pid>" and previous sets moved aside, "<as-of>.old-<pid>",
 * whose process is gone. Nothing else in dir is touched. */
static void remove_stale(const char *dir)
{
    DIR *dp = opendir(dir);
    if (!dp)
        return;
    struct dirent *e;
    while ((e = readdir(dp)) != NULL) {
        const char *tag = strstr(e->d_name, ".tmp-");
        if (!tag || e->d_name[0] != '.')
            tag = e->d_name[0] != '.' ? strstr(e->d_name, ".old-") : NULL;
        if (!tag)
            continue;
        /* only our own names: an ISO date right before the tag */
        const char *day = e->d_name[0] == '.' ? e->d_name + 1 : e->d_name;
        ar_date unused;
        if (tag - day != 10 ||
            ar_date_parse(day, 10, "%Y-%m-%d", &unused) != AR_OK)
            continue;
        char *end;
        long pid = strtol(tag + 5, &end, 10);
        if (*end || pid == getpid() || pid_alive(pid))
            continue; /* not ours to remove, or still being written */
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
    ar_err err = ar_mkdir_p(dir, d);
    if (err != AR_OK)
        return err;
    remove_stale(dir);
    char prefix[64];
    snprintf(prefix, sizeof prefix, ".%s.tmp-", day);
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

ar_err ar_outset_commit(ar_outset *o, ar_diag *d)
{
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
        if (rename(o->tmp_dir, o->final_dir) != 0) {
            int e = errno;
            if (had_old)
                rename(old, o->final_dir); /* put the previous set back */
            return ar_diag_set(d, AR_ERR_OUTPUT, o->final_dir, 0, NULL,
                               "cannot move the output set into place: %s",
                               strerror(e));
        }
        if (had_old)
            ar_remove_tree(old);
    } else {
        return ar_diag_set(d, AR_ERR_OUTPUT, o->final_dir, 0, NULL,
                           "cannot move the output set into place: %s",
                           strerror(errno));
    }
    return AR_OK;
}

void ar_outset_abort(ar_outset *o)
{
    if (o->tmp_dir[0])
        ar_remove_tree(o->tmp_dir);
}
