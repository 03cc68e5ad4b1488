/* no_exchange.c - an LD_PRELOAD shim that gives arbatch a file system
 * without RENAME_EXCHANGE (as some network and FUSE file systems are):
 * renameat2 with that flag fails with EINVAL, everything else passes.
 *
 *   NO_EXCHANGE_LOG=FILE   append a line to FILE for each refusal, so that
 *                          a test can tell the shim was in effect;
 *   NO_EXCHANGE_KILL=TEXT  SIGKILL the process right before a rename()
 *                          whose source path contains TEXT: ".tmp-" kills
 *                          a run between moving the previous set aside
 *                          and moving the new one into place;
 *   SIBLING_RMDIR=TEXT     before the first mkstemp() whose template holds
 *                          TEXT, remove its directory if empty, as a shard
 *                          beside this one that made the --out directory
 *                          does when it is done (tests/e2e/shard.sh).
 *
 * Built by the Makefile as $(BUILD)/soak/no_exchange.so (make test, make
 * soak); used by tests/e2e/publish.sh and tests/soak/soak.sh. */
#define _GNU_SOURCE
#include <dlfcn.h>
#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

typedef int (*renameat2_fn)(int, const char *, int, const char *,
                            unsigned int);

int renameat2(int olddirfd, const char *oldpath, int newdirfd,
              const char *newpath, unsigned int flags)
{
    if (flags & RENAME_EXCHANGE) {
        const char *log = getenv("NO_EXCHANGE_LOG");
        FILE *f = log && *log ? fopen(log, "a") : NULL;
        if (f) {
            fprintf(f, "renameat2 RENAME_EXCHANGE refused: %s\n", newpath);
            fclose(f);
        }
        errno = EINVAL;
        return -1;
    }
    renameat2_fn real = (renameat2_fn)dlsym(RTLD_NEXT, "renameat2");
    if (!real) {
        errno = ENOSYS;
        return -1;
    }
    return real(olddirfd, oldpath, newdirfd, newpath, flags);
}

int rename(const char *oldpath, const char *newpath)
{
    const char *kill_at = getenv("NO_EXCHANGE_KILL");
    if (kill_at && *kill_at && strstr(oldpath, kill_at))
        kill(getpid(), SIGKILL);
    return renameat(AT_FDCWD, oldpath, AT_FDCWD, newpath);
}

/* SIBLING_RMDIR: the directory of the template, gone (once) */
static void sibling_rmdir(const char *tmpl)
{
    static int done;
    const char *text = getenv("SIBLING_RMDIR");
    if (done || !text || !*text || !strstr(tmpl, text))
        return;
    done = 1;
    char dir[4096];
    snprintf(dir, sizeof dir, "%s", tmpl);
    char *slash = strrchr(dir, '/');
    if (slash) {
        *slash = '\0';
        rmdir(dir);
    }
}

typedef int (*mkstemp_fn)(char *);

int mkstemp(char *tmpl)
{
    sibling_rmdir(tmpl);
    mkstemp_fn real = (mkstemp_fn)dlsym(RTLD_NEXT, "mkstemp");
    return real ? real(tmpl) : (errno = ENOSYS, -1);
}

int mkstemp64(char *tmpl)
{
    sibling_rmdir(tmpl);
    mkstemp_fn real = (mkstemp_fn)dlsym(RTLD_NEXT, "mkstemp64");
    return real ? real(tmpl) : (errno = ENOSYS, -1);
}
