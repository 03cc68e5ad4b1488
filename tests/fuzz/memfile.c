/* memfile.c - in-memory files for the harnesses (see fuzz.h). */
#include "fuzz.h"

#include <sys/mman.h>
#include <unistd.h>

const char *fuzz_file(int slot, const void *data, size_t size)
{
    static int fds[4] = {-1, -1, -1, -1};
    static char paths[4][32];
    if (slot < 0 || slot > 3)
        return NULL;
    if (fds[slot] < 0) {
        fds[slot] = memfd_create("arbatch-fuzz", MFD_CLOEXEC);
        if (fds[slot] < 0)
            return NULL;
        snprintf(paths[slot], sizeof paths[slot], "/proc/self/fd/%d",
                 fds[slot]);
    }
    if (ftruncate(fds[slot], 0) != 0)
        return NULL;
    size_t done = 0;
    while (done < size) {
        ssize_t n = pwrite(fds[slot], (const char *)data + done, size - done,
                           (off_t)done);
        if (n <= 0)
            return NULL;
        done += (size_t)n;
    }
    return paths[slot];
}
