/* no_exchange.c - an LD_PRELOAD shim that gives arbatch a file system
 * without RENAME_EXCHANGE (as some network and FUSE file systems are):
 * renameat2 with that flag fails with EINVAL, everything else passes.
 *
 *   NO_EXCHANGE_LOG=FILE   append a line to FILE for each refusal, so that
 *                          a test can tell the shim was in effect;
 *   NO_EXCHANGE_KILL=TEXT  SIGKILL the process right before a rename()
 *                          whose source path contains TEXT: ".tmp-" kills
 *                          a run between moving the previous set aside
 *                          and moving the new one into place.
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
