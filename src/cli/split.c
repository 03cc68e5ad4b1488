/* split.c - `arbatch split`: every record of the inputs into the folder of
 * its client's shard, and what no shard can decide alone into split.txt
 * (split.h). */
#include "ar/cli/split.h"

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/file.h>
#include <sys/resource.h>
#include <sys/stat.h>
#include <unistd.h>

#include "ar/base/digest.h"
#include "ar/base/files.h"
#include "ar/ingest/small_files.h"

/* One shard's copy of the file being split, and its line numbers. */
typedef struct part {
    FILE *data, *lines;
    ar_dup_line *dups;          /* its duplicates (the ledger's) */
    size_t ndups, dups_cap;
} part;

struct ar_splitter {
    const ar_options *cli;
    unsigned n;
    char tmp[4200];             /* DIR.tmp-XXXXXX */
    char file[16];              /* the file being split: "ledger", ... */
    part *parts;
    ar_err err;                 /* the first write error */
    ar_diag diag;
    char sha[4][65];            /* of the small files, by role */
    int lock_fd;                /* tmp/.arbatch.lock, locked while we live */
};

#define SPLIT_LOCK ".arbatch.lock"

static const char *const roles[4] = {"ledger", "clients", "costs",
                                     "history"};

static void shard_dir(const ar_splitter *s, unsigned k, char *buf,
                      size_t size)
{
    snprintf(buf, size, "%s/shard-%u-of-%u", s->tmp, k, s->n);
}

/* Open every shard's copy of file (and its .lines). */
static ar_err open_parts(ar_splitter *s, const char *file, ar_diag *d)
{
    snprintf(s->file, sizeof s->file, "%s", file);
    for (unsigned k = 0; k < s->n; k++) {
        char dir[4300], name[64];
        shard_dir(s, k, dir, sizeof dir);
        snprintf(name, sizeof name, "%s.csv", file);
        s->parts[k].data = ar_out_open(dir, name, d);
        snprintf(name, sizeof name, "%s.lines", file);
        s->parts[k].lines = s->parts[k].data ? ar_out_open(dir, name, d)
                                             : NULL;
        if (!s->parts[k].lines)
            return AR_ERR_OUTPUT;
    }
    return AR_OK;
}

/* Close every shard's copy, checking each write. */
static ar_err close_parts(ar_splitter *s, ar_diag *d)
{
    ar_err err = AR_OK;
    for (unsigned k = 0; k < s->n; k++) {
        char dir[4300], name[64];
        shard_dir(s, k, dir, sizeof dir);
        part *pt = &s->parts[k];
        snprintf(name, sizeof name, "%s.csv", s->file);
        if (pt->data && ar_out_close(pt->data, dir, name, d) != AR_OK)
            err = AR_ERR_OUTPUT;
        snprintf(name, sizeof name, "%s.lines", s->file);
        if (pt->lines && ar_out_close(pt->lines, dir, name, d) != AR_OK)
            err = AR_ERR_OUTPUT;
        pt->data = pt->lines = NULL;
    }
    return err;
}

/* A record to its shard (-1: the header, to every shard): its text as
 * it was, ended by a line end, and its first line. */
static ar_err put_record(void *ctx, const char *raw, long line, int shard,
                         ar_diag *d)
{
    ar_splitter *s = ctx;
    size_t len = strlen(raw);
    bool ends = len && (raw[len - 1] == '\n' || raw[len - 1] == '\r');
    for (unsigned k = shard < 0 ? 0 : (unsigned)shard;
         k < (shard < 0 ? s->n : (unsigned)shard + 1); k++) {
        part *pt = &s->parts[k];
        if (fwrite(raw, 1, len, pt->data) != len ||
            (!ends && putc('\n', pt->data) == EOF) ||
            fprintf(pt->lines, "%ld\n", line) < 0) {
            char dir[4300];
            shard_dir(s, k, dir, sizeof dir);
            return ar_diag_set(d, AR_ERR_OUTPUT, dir, 0, NULL,
                               "cannot write the shard's %s: %s", s->file,
                               strerror(errno));
        }
    }
    return AR_OK;
}

static void put_duplicate(void *ctx, long line, long owner, long doc,
                          unsigned shard)
{
    ar_splitter *s = ctx;
    part *pt = &s->parts[shard];
    ar_xgrow((void **)&pt->dups, &pt->dups_cap, pt->ndups + 1,
             sizeof *pt->dups);
    pt->dups[pt->ndups++] = (ar_dup_line){line, owner, doc};
}

/* Remove the temporary directories of splits into out that were killed:
 * those whose lock nobody holds (a live split holds its own). One without
 * a lock file is left alone: it may be being published. */
static void tidy(const char *out)
{
    char parent[4200], base[4300];
    snprintf(parent, sizeof parent, "%s", out);
    char *slash = strrchr(parent, '/');
    snprintf(base, sizeof base, "%s.tmp-", slash ? slash + 1 : parent);
    if (!slash)
        snprintf(parent, sizeof parent, ".");
    else if (slash == parent) /* "/x": in the root */
        parent[1] = '\0';
    else
        *slash = '\0';
    DIR *dir = opendir(parent);
    struct dirent *e;
    while (dir && (e = readdir(dir)) != NULL) {
        if (strncmp(e->d_name, base, strlen(base)) != 0 ||
            strlen(e->d_name) != strlen(base) + 6)
            continue;
        char path[8500], lock[8600];
        snprintf(path, sizeof path, "%s/%s", parent, e->d_name);
        snprintf(lock, sizeof lock, "%s/" SPLIT_LOCK, path);
        int fd = open(lock, O_RDWR);
        if (fd >= 0 && flock(fd, LOCK_EX | LOCK_NB) == 0)
            ar_remove_tree(path);
        if (fd >= 0)
            close(fd);
    }
    if (dir)
        closedir(dir);
}

/* Whether dir holds nothing (an unreadable one counts as not empty). */
static bool dir_is_empty(const char *dir)
{
    DIR *dp = opendir(dir);
    if (!dp)
        return false;
    struct dirent *e;
    bool empty = true;
    while (empty && (e = readdir(dp)) != NULL)
        empty = strcmp(e->d_name, ".") == 0 || strcmp(e->d_name, "..") == 0;
    closedir(dp);
    return empty;
}

ar_err ar_split_start(const ar_options *cli, ar_splitter **out, ar_diag *d)
{
    *out = NULL;
    /* split.txt names them one a line */
    const char *in[] = {cli->ledger, cli->clients, cli->costs, cli->history};
    for (size_t i = 0; i < 4; i++)
        if (in[i] && strpbrk(in[i], "\n\r"))
            return ar_diag_set(d, AR_ERR_USAGE, NULL, 0, NULL,
                               "split cannot name an input whose path has "
                               "a line break: rename it");
    /* say so before the inputs are read, not after (publish checks
     * again: the directory may change meanwhile) */
    struct stat st;
    char manifest[4300];
    snprintf(manifest, sizeof manifest, "%s/split.txt", cli->out);
    if (stat(cli->out, &st) == 0 &&
        (!S_ISDIR(st.st_mode) ||
         (stat(manifest, &st) != 0 && !dir_is_empty(cli->out))))
        return ar_diag_set(d, AR_ERR_OUTPUT, cli->out, 0, NULL,
                           "is there and is not an earlier split: give "
                           "split a new --out directory");
    ar_splitter *s = ar_xcalloc(1, sizeof *s);
    s->lock_fd = -1;
    s->cli = cli;
    s->n = cli->shard_n;
    s->parts = ar_xcalloc(s->n, sizeof *s->parts);
    /* two files a shard are open at once: room for them */
    struct rlimit rl;
    if (getrlimit(RLIMIT_NOFILE, &rl) == 0 && rl.rlim_cur < 2 * s->n + 64) {
        rl.rlim_cur = rl.rlim_max;
        setrlimit(RLIMIT_NOFILE, &rl);
    }
    char parent[4200];
    snprintf(parent, sizeof parent, "%s", cli->out);
    char *slash = strrchr(parent, '/');
    ar_err err = AR_OK;
    if (slash && slash != parent) {
        *slash = '\0';
        err = ar_mkdir_p(parent, d);
    }
    if (err == AR_OK && (size_t)snprintf(s->tmp, sizeof s->tmp, "%s.tmp-XXXXXX",
                                         cli->out) >= sizeof s->tmp - 64)
        err = ar_diag_set(d, AR_ERR_OUTPUT, cli->out, 0, NULL,
                          "path too long");
    if (err == AR_OK)
        tidy(cli->out);
    if (err == AR_OK && !mkdtemp(s->tmp))
        err = ar_diag_set(d, AR_ERR_OUTPUT, s->tmp, 0, NULL,
                          "cannot create directory: %s", strerror(errno));
    if (err == AR_OK) {
        /* mkdtemp makes it 0700: the shards may run as other users, so
         * it gets the mode a plain mkdir would (0777 less the umask) */
        mode_t mask = umask(0);
        umask(mask);
        chmod(s->tmp, 0777 & ~mask);
    }
    if (err == AR_OK) { /* ours while we live: tidy leaves it alone */
        char lock[4300];
        snprintf(lock, sizeof lock, "%s/" SPLIT_LOCK, s->tmp);
        s->lock_fd = open(lock, O_RDWR | O_CREAT, 0666);
        if (s->lock_fd < 0 || flock(s->lock_fd, LOCK_EX | LOCK_NB) != 0)
            err = ar_diag_set(d, AR_ERR_OUTPUT, lock, 0, NULL,
                              "cannot lock: %s", strerror(errno));
    }
    for (unsigned k = 0; err == AR_OK && k < s->n; k++) {
        char dir[4300];
        shard_dir(s, k, dir, sizeof dir);
        if (mkdir(dir, 0777) != 0)
            err = ar_diag_set(d, AR_ERR_OUTPUT, dir, 0, NULL,
                              "cannot create directory: %s", strerror(errno));
    }
    if (err == AR_OK)
        err = open_parts(s, "ledger", d);
    if (err != AR_OK) {
        if (s->tmp[0] && s->tmp[strlen(s->tmp) - 1] != 'X')
            ar_split_abort(s);
        else {
            free(s->parts);
            free(s);
        }
        return err;
    }
    *out = s;
    return AR_OK;
}

ar_ingest_shard ar_split_hooks(ar_splitter *s)
{
    return (ar_ingest_shard){.n = s->n, .record = put_record,
                             .duplicate = put_duplicate, .ctx = s};
}

ar_err ar_split_ingest_small(ar_splitter *s, const char *role,
                             ar_ledger *lg, const char *path,
                             const ar_policy *p, ar_rejects *rej,
                             ar_kept_rows *kept, char sha256[65],
                             ar_diag *d)
{
    int i = 1;
    while (i < 4 && strcmp(roles[i], role) != 0)
        i++;
    ar_err err = close_parts(s, d); /* the ledger's, or the file before */
    if (err == AR_OK)
        err = open_parts(s, role, d);
    ar_small_split sp = {s->n, put_record, s};
    if (err == AR_OK)
        err = ar_ingest_small_split(lg, role, path, p, rej, kept, &sp,
                                    sha256, d);
    if (err == AR_OK)
        snprintf(s->sha[i], sizeof s->sha[i], "%s", sha256);
    ar_diag ignore;
    ar_err cerr = close_parts(s, err == AR_OK ? d : &ignore);
    return err != AR_OK ? err : cerr;
}

static int cmp_dup(const void *a, const void *b)
{
    const ar_dup_line *x = a, *y = b;
    return x->line < y->line ? -1 : x->line > y->line;
}

/* The set's code points as ranges of hex ("20-7e,a0,..."), or "-". */
static void put_chars(FILE *f, const char *what, const ar_cpset *set)
{
    fprintf(f, "chars %s ", what);
    bool any = false;
    for (uint32_t cp = 0; set && cp < 65536; cp++) {
        if (!ar_cpset_has(set, cp))
            continue;
        uint32_t end = cp;
        while (end + 1 < 65536 && ar_cpset_has(set, end + 1))
            end++;
        fprintf(f, any ? ",%x" : "%x", (unsigned)cp);
        if (end > cp)
            fprintf(f, "-%x", (unsigned)end);
        any = true;
        cp = end;
    }
    fputs(any ? "\n" : "-\n", f);
}

/* The manifest split.txt (README "More than one machine"). */
static ar_err write_manifest(ar_splitter *s, const ar_run *run, ar_diag *d)
{
    const ar_options *cli = s->cli;
    char policy[65], holidays[65], fx[65], day[16], letter[16];
    ar_err err = ar_sha256_file(cli->policy, policy, d);
    if (err == AR_OK)
        err = ar_sha256_file(cli->holidays, holidays, d);
    if (err == AR_OK)
        err = ar_sha256_file(cli->fx, fx, d);
    if (err != AR_OK)
        return err;
    FILE *f = ar_out_open(s->tmp, "split.txt", d);
    if (!f)
        return AR_ERR_OUTPUT;
    const char *base = ar_ledger_currency_code(
        run->ledger, ar_ledger_base_currency(run->ledger));
    fprintf(f, "arbatch split 1\nshards %u\n"
               "hash fnv1a64(client_id) mod shards\nas_of %s\n"
               "letter_date %s\nformat %s\nentity %s\npolicy %s\n"
               "holidays %s\nfx %s\nbase_currency %s\n",
            s->n, ar_date_format_iso(cli->as_of, day, sizeof day),
            ar_date_format_iso(run->letter_date, letter, sizeof letter),
            cli->format ? cli->format : "-", cli->entity ? cli->entity : "-",
            policy, holidays, fx, base[0] ? base : "-");
    const char *paths[4] = {cli->ledger, cli->clients, cli->costs,
                            cli->history};
    for (int i = 0; i < 4; i++)
        if (paths[i])
            fprintf(f, "input %s %s %s\n", roles[i],
                    i == 0 ? run->stats.sha256 : s->sha[i], paths[i]);
    /* the directory the paths above are relative to: the merge reads
     * the small files again (summary.h) */
    char cwd[4096];
    if (getcwd(cwd, sizeof cwd))
        fprintf(f, "cwd %s\n", cwd);
    put_chars(f, "letters", run->chars[0]);
    put_chars(f, "statements", run->chars[1]);
    err = ar_out_close(f, s->tmp, "split.txt", d);
    for (unsigned k = 0; err == AR_OK && k < s->n; k++) {
        part *pt = &s->parts[k];
        if (pt->ndups)
            qsort(pt->dups, pt->ndups, sizeof *pt->dups, cmp_dup);
        char dir[4300];
        shard_dir(s, k, dir, sizeof dir);
        f = ar_out_open(dir, "duplicates.csv", d);
        if (!f)
            return AR_ERR_OUTPUT;
        fputs("line,owner_line,document_line\n", f);
        for (size_t i = 0; i < pt->ndups; i++)
            fprintf(f, "%ld,%ld,%ld\n", pt->dups[i].line, pt->dups[i].owner,
                    pt->dups[i].doc);
        err = ar_out_close(f, dir, "duplicates.csv", d);
    }
    return err;
}

/* Put the split in place of DIR: an earlier split there moves aside and
 * goes; anything else there is refused. */
static ar_err publish(ar_splitter *s, ar_diag *d)
{
    const char *dir = s->cli->out;
    struct stat st;
    char old[4300] = "";
    char lock[4300];
    snprintf(lock, sizeof lock, "%s/" SPLIT_LOCK, s->tmp);
    unlink(lock); /* the published split holds no lock file */
    /* an empty directory (made for the large-ledger read's temporary
     * files by a split that was killed, or by the user) is no split */
    if (stat(dir, &st) == 0 && S_ISDIR(st.st_mode))
        rmdir(dir);
    if (stat(dir, &st) == 0) {
        char manifest[4300];
        snprintf(manifest, sizeof manifest, "%s/split.txt", dir);
        if (!S_ISDIR(st.st_mode) || stat(manifest, &st) != 0)
            return ar_diag_set(d, AR_ERR_OUTPUT, dir, 0, NULL,
                               "is there and is not an earlier split: "
                               "give split a new --out directory");
        snprintf(old, sizeof old, "%s.old-%s", dir,
                 s->tmp + strlen(s->tmp) - 6);
        if (rename(dir, old) != 0)
            return ar_diag_set(d, AR_ERR_OUTPUT, dir, 0, NULL,
                               "cannot move the earlier split aside: %s",
                               strerror(errno));
    }
    if (rename(s->tmp, dir) != 0) {
        ar_err err = ar_diag_set(d, AR_ERR_OUTPUT, dir, 0, NULL,
                                 "cannot put the split in place: %s",
                                 strerror(errno));
        if (old[0])
            rename(old, dir);
        return err;
    }
    if (old[0])
        ar_remove_tree(old);
    return AR_OK;
}

static void free_splitter(ar_splitter *s)
{
    if (s->lock_fd >= 0)
        close(s->lock_fd);
    for (unsigned k = 0; k < s->n; k++)
        free(s->parts[k].dups);
    free(s->parts);
    free(s);
}

ar_err ar_split_finish(ar_splitter *s, const ar_run *run, ar_diag *d)
{
    ar_err err = close_parts(s, d);
    if (err == AR_OK)
        err = write_manifest(s, run, d);
    if (err == AR_OK)
        err = publish(s, d);
    if (err != AR_OK) {
        ar_split_abort(s);
        return err;
    }
    free_splitter(s);
    return AR_OK;
}

void ar_split_abort(ar_splitter *s)
{
    if (!s)
        return;
    ar_diag ignore;
    close_parts(s, &ignore);
    ar_remove_tree(s->tmp);
    free_splitter(s);
}
