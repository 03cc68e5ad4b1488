/* publish.c - the output set is written into a temporary directory beside
 * its final place and renamed into place only when complete (SPEC §1).
 * Ownership is decided by locks, never by process ids (publish.h).
 *
 * The names arbatch keeps in DIR, and who may touch them:
 *   .<as-of>.new-<token>  a temporary directory being made; it gets its
 *                         lock file, locked, before it is renamed to
 *   .<as-of>.tmp-<token>  a run's temporary directory: born locked, so a
 *                         free or missing lock means its run is gone;
 *   <as-of>.old-<token>   a previous set moved aside while publishing on a
 *                         file system without RENAME_EXCHANGE;
 *   .<as-of>.lock         held while a set of that date is published, and
 *                         while one of the names above is tidied away.
 * A proof set (--proof) is a set of its own name, <as-of>-proof, with the
 * same names around it: it never replaces or touches the live set.
 * Publishing holds the date's lock, so a tidying run never sees a set half
 * published: an .old- directory it sees is a killed run's, and is put back
 * when no set is in place. */
#include "ar/cli/publish.h"

#include "ar/base/files.h"

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/file.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#define PATH_SIZE 4096
/* a path made from one of ar_outset's and a name of our own */
#define SUB_SIZE (PATH_SIZE + 64)

/* The length of "-shard-K-of-N" at the start of s (K and N decimal, at
 * most 5 digits each), or 0 when s does not start with one. */
static size_t shard_suffix(const char *s)
{
    size_t n = strlen(AR_OUTSET_SHARD), d = 0;
    while (s[n + d] >= '0' && s[n + d] <= '9' && d < 6)
        d++;
    if (d == 0 || d > 5 || strncmp(s + n + d, "-of-", 4) != 0)
        return 0;
    n += d + 4;
    for (d = 0; s[n + d] >= '0' && s[n + d] <= '9' && d < 6;)
        d++;
    return d == 0 || d > 5 ? 0 : n + d;
}

/* What a name in DIR is to arbatch (above). */
typedef enum kind { K_NONE, K_NEW, K_TMP, K_OLD, K_LOCK } kind;

/* The kind of name, with its set's name (the date, or the date and
 * "-proof") in day; K_NONE for anything else, which is never touched.
 * The date is exactly as arbatch writes it: the date parser alone also
 * reads " 2026-10-3" and "2026-1-5.0". */
static kind name_kind(const char *name, char day[AR_OUTSET_DAY])
{
    const char *p = name[0] == '.' ? name + 1 : name;
    ar_date date;
    char iso[16];
    if (strlen(p) < 10 || ar_date_parse(p, 10, "%Y-%m-%d", &date) != AR_OK ||
        strncmp(ar_date_format_iso(date, iso, sizeof iso), p, 10) != 0)
        return K_NONE;
    size_t n = 10;
    if (strncmp(p + n, AR_OUTSET_PROOF, strlen(AR_OUTSET_PROOF)) == 0)
        n += strlen(AR_OUTSET_PROOF);
    else if (strncmp(p + n, AR_OUTSET_SHARD, strlen(AR_OUTSET_SHARD)) == 0)
        n += shard_suffix(p + n);
    if (n >= AR_OUTSET_DAY)
        return K_NONE;
    memcpy(day, p, n);
    day[n] = '\0';
    const char *tail = p + n;
    if (name[0] != '.')
        return strncmp(tail, ".old-", 5) == 0 && tail[5] ? K_OLD : K_NONE;
    if (strcmp(tail, ".lock") == 0)
        return K_LOCK;
    if (strncmp(tail, ".tmp-", 5) == 0 && tail[5])
        return K_TMP;
    if (strncmp(tail, ".new-", 5) == 0 && tail[5])
        return K_NEW;
    return K_NONE;
}

/* True when fd is the file now at path: a lock file that was removed (or
 * replaced) after it was opened locks nothing. */
static bool is_at(int fd, const char *path)
{
    struct stat a, b;
    return fstat(fd, &a) == 0 && stat(path, &b) == 0 &&
           a.st_dev == b.st_dev && a.st_ino == b.st_ino;
}

static int lock_file(int fd, int how)
{
    int rc;
    while ((rc = flock(fd, how)) != 0 && errno == EINTR)
        ;
    return rc;
}

/* Lock the date lock at path, making it if need be; waits for it, or with
 * wait false gives up at once. Returns its descriptor, or -1 with errno
 * (EWOULDBLOCK: another process holds it). */
static int date_lock(const char *path, bool wait)
{
    for (int i = 0; i < 1000; i++) {
        int fd = open(path, O_RDWR | O_CREAT | O_CLOEXEC, 0666);
        if (fd < 0)
            return -1;
        if (lock_file(fd, LOCK_EX | (wait ? 0 : LOCK_NB)) != 0) {
            int e = errno;
            close(fd);
            errno = e;
            return -1;
        }
        if (is_at(fd, path))
            return fd;
        close(fd); /* its last holder removed it: lock the next one */
    }
    errno = EAGAIN;
    return -1;
}

/* Remove the date lock and release it (it exists only while held). */
static void date_unlock(int fd, const char *path)
{
    unlink(path);
    close(fd);
}

/* Whether the temporary directory tdir belongs to a run still going: its
 * lock file is locked by another process (or cannot be opened to tell).
 * False when the lock is free, which *fd then holds (-1 when the lock file
 * is missing): its run was killed, or it is an earlier set. */
static bool in_use(const char *tdir, int *fd)
{
    char lock[PATH_SIZE];
    *fd = -1;
    if (snprintf(lock, sizeof lock, "%s/%s", tdir, AR_OUTSET_LOCK) >=
        (int)sizeof lock)
        return true;
    *fd = open(lock, O_RDWR | O_CLOEXEC);
    if (*fd < 0)
        return errno != ENOENT && errno != ENOTDIR;
    if (lock_file(*fd, LOCK_EX | LOCK_NB) == 0)
        return false;
    close(*fd);
    *fd = -1;
    return true;
}

/* Tidy DIR, for every date, each name under its date's lock (none is
 * touched while a set of that date is published or another run tidies
 * it): temporary directories whose run is gone are removed; a previous
 * set moved aside by a run killed while publishing is put back when no
 * set is in place, else removed; a date lock left by a killed run goes. */
static void tidy(const char *dir)
{
    DIR *dp = opendir(dir);
    if (!dp)
        return;
    struct dirent *e;
    while ((e = readdir(dp)) != NULL) {
        char day[AR_OUTSET_DAY], path[PATH_SIZE], lock[PATH_SIZE],
            set[PATH_SIZE];
        kind k = name_kind(e->d_name, day);
        if (k == K_NONE ||
            snprintf(path, sizeof path, "%s/%s", dir, e->d_name) >=
                (int)sizeof path ||
            snprintf(lock, sizeof lock, "%s/.%s.lock", dir, day) >=
                (int)sizeof lock ||
            snprintf(set, sizeof set, "%s/%s", dir, day) >= (int)sizeof set)
            continue;
        int dl = date_lock(lock, false);
        if (dl < 0)
            continue; /* being published or tidied: not now */
        int tl = -1;
        struct stat st;
        if ((k == K_NEW || k == K_TMP) && !in_use(path, &tl))
            ar_remove_tree(path);
        else if (k == K_OLD && lstat(set, &st) == 0)
            ar_remove_tree(path); /* a newer set is in place */
        else if (k == K_OLD)
            rename(path, set); /* the killed run's previous set, back */
        if (tl >= 0)
            close(tl);
        date_unlock(dl, lock);
    }
    closedir(dp);
}

/* 16 hex digits, random: the names of a run's directories, unique across
 * hosts and PID namespaces (mkdir says when one is taken all the same). */
static void make_token(char token[17])
{
    unsigned char r[8];
    if (getentropy(r, sizeof r) != 0) {
        struct timespec ts;
        clock_gettime(CLOCK_REALTIME, &ts);
        unsigned long long x = (unsigned long long)ts.tv_nsec ^
                               ((unsigned long long)ts.tv_sec << 30) ^
                               ((unsigned long long)getpid() << 12);
        memcpy(r, &x, sizeof r);
    }
    for (int i = 0; i < 8; i++)
        snprintf(token + 2 * i, 3, "%02x", r[i]);
}

/* Give the new directory made its lock file, locked, and its name
 * o->tmp_dir. Returns 1 when done, 0 to try again with another name (a
 * tidying run took it for abandoned), or -1 with d filled. */
static int claim(ar_outset *o, const char *made, ar_diag *d)
{
    char lock[SUB_SIZE];
    if (snprintf(lock, sizeof lock, "%s/%s", made, AR_OUTSET_LOCK) >=
        (int)sizeof lock)
        return 0; /* never: begin measured dir */
    int fd = open(lock, O_RDWR | O_CREAT | O_EXCL | O_CLOEXEC, 0666);
    if (fd < 0 && errno == ENOENT)
        return 0;
    if (fd < 0 || lock_file(fd, LOCK_EX | LOCK_NB) != 0) {
        int e = errno;
        if (fd >= 0)
            close(fd);
        if (fd >= 0 && e == EWOULDBLOCK)
            return 0;
        ar_remove_tree(made);
        ar_diag_set(d, AR_ERR_OUTPUT, lock, 0, NULL,
                    "cannot %s the lock file of the output set: %s%s",
                    fd < 0 ? "create" : "lock", strerror(e),
                    fd < 0 ? ""
                           : " (the output directory must be on a file "
                             "system with file locks)");
        return -1;
    }
    if (!is_at(fd, lock) || rename(made, o->tmp_dir) != 0) {
        close(fd);
        ar_remove_tree(made);
        return 0;
    }
    snprintf(lock, sizeof lock, "%s/%s", o->tmp_dir, AR_OUTSET_LOCK);
    if (!is_at(fd, lock)) { /* a tidying run was removing it as we came */
        ar_remove_tree(o->tmp_dir);
        close(fd);
        return 0;
    }
    o->lock_fd = fd;
    return 1;
}

ar_err ar_outset_begin(ar_outset *o, const char *dir, ar_date as_of,
                       const char *suffix, ar_diag *d)
{
    memset(o, 0, sizeof *o);
    o->lock_fd = -1;
    ar_date_format_iso(as_of, o->day, sizeof o->day);
    if (strlen(o->day) + strlen(suffix) >= sizeof o->day)
        return ar_diag_set(d, AR_ERR_OUTPUT, dir, 0, NULL,
                           "set name too long");
    strcat(o->day, suffix);
    ar_err err = ar_mkdir_p(dir, d);
    if (err != AR_OK)
        return err;
    /* room for "/.<as-of>.tmp-<token>/<lock>" and more after every name */
    if (strlen(dir) > PATH_SIZE - 256)
        return ar_diag_set(d, AR_ERR_OUTPUT, dir, 0, NULL, "path too long");
    snprintf(o->dir, sizeof o->dir, "%s", dir);
    snprintf(o->final_dir, sizeof o->final_dir, "%s/%s", dir, o->day);
    tidy(dir);
    for (int attempt = 0; attempt < 100; attempt++) {
        char made[SUB_SIZE];
        make_token(o->token);
        snprintf(made, sizeof made, "%s/.%s.new-%s", o->dir, o->day,
                 o->token);
        if (snprintf(o->tmp_dir, sizeof o->tmp_dir, "%s/.%s.tmp-%s", o->dir,
                     o->day, o->token) >= (int)sizeof o->tmp_dir)
            break; /* never: dir was measured */
        if (mkdir(made, 0777) != 0) {
            if (errno == EEXIST)
                continue;
            o->tmp_dir[0] = '\0';
            return ar_diag_set(d, AR_ERR_OUTPUT, made, 0, NULL,
                               "cannot create directory: %s", strerror(errno));
        }
        int got = claim(o, made, d);
        if (got != 0) {
            if (got < 0)
                o->tmp_dir[0] = '\0';
            return got > 0 ? AR_OK : AR_ERR_OUTPUT;
        }
    }
    o->tmp_dir[0] = '\0';
    return ar_diag_set(d, AR_ERR_OUTPUT, dir, 0, NULL,
                       "cannot make a temporary directory of my own here: "
                       "other processes keep removing them");
}

/* Move the temporary directory into place, the date's lock held. prev
 * receives where the previous set now is ("" when there was none). */
static ar_err swap_in(ar_outset *o, char prev[SUB_SIZE], ar_diag *d)
{
    prev[0] = '\0';
    const char *why = "cannot move the output set into place";
    if (renameat2(AT_FDCWD, o->tmp_dir, AT_FDCWD, o->final_dir,
                  RENAME_EXCHANGE) == 0) {
        snprintf(prev, SUB_SIZE, "%s", o->tmp_dir); /* the previous set */
        return AR_OK;
    }
    if (errno == ENOENT) { /* no previous set */
        if (rename(o->tmp_dir, o->final_dir) == 0)
            return AR_OK;
    } else if (errno == EINVAL || errno == ENOSYS) {
        /* No exchange on this file system: the previous set is moved aside
         * first. Killed before the new set is in place, the next run puts
         * it back (tidy); a failed rename puts it back here. */
        snprintf(prev, SUB_SIZE, "%s.old-%s", o->final_dir, o->token);
        bool moved = rename(o->final_dir, prev) == 0;
        if (!moved && errno != ENOENT) {
            why = "cannot move the previous output set aside";
        } else if (rename(o->tmp_dir, o->final_dir) == 0) {
            if (!moved)
                prev[0] = '\0';
            return AR_OK;
        } else if (moved) {
            int e = errno;
            rename(prev, o->final_dir);
            errno = e;
        }
        prev[0] = '\0';
    }
    return ar_diag_set(d, AR_ERR_OUTPUT, o->final_dir, 0, NULL, "%s: %s", why,
                       strerror(errno));
}

ar_err ar_outset_commit(ar_outset *o, ar_diag *d)
{
    char dlock[SUB_SIZE], lock[SUB_SIZE], prev[SUB_SIZE] = "";
    snprintf(dlock, sizeof dlock, "%s/.%s.lock", o->dir, o->day);
    snprintf(lock, sizeof lock, "%s/%s", o->tmp_dir, AR_OUTSET_LOCK);
    int dl = date_lock(dlock, true);
    if (dl < 0)
        return ar_diag_set(d, AR_ERR_OUTPUT, dlock, 0, NULL,
                           "cannot lock the output directory: %s",
                           strerror(errno));
    ar_err err;
    if (o->lock_fd < 0 || !is_at(o->lock_fd, lock)) {
        err = ar_diag_set(d, AR_ERR_OUTPUT, o->tmp_dir, 0, NULL,
                          "the temporary directory of this run was removed "
                          "or replaced by another process: nothing was "
                          "published");
    } else {
        /* the set goes out without its lock file: with the date's lock
         * held no other run tidies it meanwhile */
        unlink(lock);
        err = swap_in(o, prev, d);
    }
    date_unlock(dl, dlock);
    if (err != AR_OK)
        return err;
    if (prev[0])
        ar_remove_tree(prev);
    close(o->lock_fd);
    o->lock_fd = -1;
    o->tmp_dir[0] = '\0';
    return AR_OK;
}

void ar_outset_abort(ar_outset *o)
{
    if (o->tmp_dir[0])
        ar_remove_tree(o->tmp_dir);
    if (o->lock_fd >= 0)
        close(o->lock_fd);
    o->lock_fd = -1;
    o->tmp_dir[0] = '\0';
}
