/* options.c - the thread count a run works with. */
#include "ar/base/options.h"

#include <unistd.h>

int ar_options_threads(const ar_options *o, int max)
{
    int n = o ? o->jobs : 0;
    if (n <= 0) {
        long cores = sysconf(_SC_NPROCESSORS_ONLN);
        n = cores > 0 ? (int)cores : 1;
    }
    return n > max ? max : n;
}
