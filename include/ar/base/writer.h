/* writer.h - new files written by a small pool of I/O threads.
 *
 * Creating a file costs a fixed wait on some disks (about 0.7 ms on this
 * project's machines) that does not use the CPU; creations in parallel
 * overlap those waits. Renderers hand finished buffers to the pool and go
 * on drawing. Files are created with O_EXCL: two outputs never silently
 * share one file.
 */
#ifndef AR_WRITER_H
#define AR_WRITER_H

#include <stdbool.h>
#include <stddef.h>

#include "ar/base/error.h"

/* File creation waits on the disk, not the CPU: more writers than cores
 * overlap those waits (8 threads created files 3.6 times faster than 1 on
 * this project's machines). About 1.5 MB of finished PDFs may wait. */
#define AR_WRITER_THREADS 8
#define AR_WRITER_PENDING 64

typedef struct ar_writer ar_writer;

/* A pool of threads I/O threads holding at most max_pending buffers
 * (put blocks while it is full). threads 0 writes synchronously in put. */
ar_writer *ar_writer_new(int threads, size_t max_pending);

/* Write data[0..len) to a new file at path. Takes ownership of data (it
 * is freed once written); path is copied. Returns false, freeing data,
 * when an earlier write has failed: the caller should stop. */
bool ar_writer_put(ar_writer *w, const char *path, unsigned char *data,
                   size_t len);

/* Wait for every queued write, stop the threads and free w. Returns AR_OK
 * or the first write's AR_ERR_OUTPUT with d naming the file. */
ar_err ar_writer_finish(ar_writer *w, ar_diag *d);

/* Write data[0..len) to a new file at path (O_EXCL) now, checking every
 * write and the close. AR_ERR_OUTPUT with d filled on failure. */
ar_err ar_write_new_file(const char *path, const void *data, size_t len,
                         ar_diag *d);

#endif
