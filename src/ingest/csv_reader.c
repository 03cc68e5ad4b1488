/* csv_reader.c - the streaming CSV record reader, the only user of libcsv.
 *
 * The file is read in blocks and fed to libcsv one physical line at a time,
 * so that every record knows the line it starts on even when quoted fields
 * span lines (SPEC §8.3). Lines end at LF, CRLF or a lone CR. Each line is
 * checked for UTF-8 before parsing (SPEC §8.5). libcsv runs in strict mode:
 * bad quoting becomes a malformed record, and parsing resumes on the next
 * line (SPEC §8.4).
 *
 * Records are collected in batches. On a large file a thread of its own
 * reads, checks and tokenises a few batches ahead while the caller turns
 * records into rows: tokenising is about half the cost of reading a
 * ledger, so the two halves overlap. Everything the thread produces (the
 * records, a file-level error with its message, the bytes read, the
 * digest) reaches the caller in file order through the batches, so what
 * the caller sees never depends on the thread.
 */
#include "ar/ingest/csv_reader.h"
#include "ar/ingest/line_map.h"

#include <csv.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/stat.h>

#include "ar/base/digest.h"
#include "ar/base/ring.h"
#include "ar/base/utf8.h"
#include "ar/ingest/fields.h"

#define BLOCK (256 * 1024)
#define RAW_MAX 200
#define MAX_LINE (64 << 20) /* bytes of one physical line, at most */

/* Records go from the tokenizer to the caller in batches: a batch closes
 * at BATCH_RECORDS records or BATCH_BYTES of field text, whichever comes
 * first, so a ring of BATCHES holds a few MiB however long the file is. */
#define BATCH_RECORDS 4096
#define BATCH_BYTES (1u << 20)
#define BATCHES 4
/* A batch that grew for one huge record gives the memory back. */
#define BATCH_KEEP (4u << 20)
/* Smaller files are read on the caller's thread: nothing to overlap. */
#define READ_AHEAD_MIN (1 << 20)

static bool ar_csv_read_ahead_on = true;

void ar_csv_set_read_ahead(bool on) { ar_csv_read_ahead_on = on; }

/* libcsv's parser state before any field of a record (libcsv.c). */
#define CSV_ROW_NOT_BEGUN 0

/* One record of a batch: its fields are foff/flens[first .. first + nf). */
typedef struct rec_meta {
    long line, end_line;
    ar_record_status status;
    size_t first, nf;
    size_t raw;               /* offset of its raw text in raws */
} rec_meta;

typedef struct batch {
    char *fbuf;               /* field bytes, each NUL-terminated */
    size_t flen, fcap;
    size_t *foff, *flens;     /* start and length of each field */
    size_t nf, nf_cap;
    char *raws;               /* each record's first line, cut */
    size_t rlen, rcap;
    rec_meta *recs;
    size_t nrec, rec_cap;
    int end;                  /* after these records: 0 more, 1 end of
                                 file, -1 a file-level error */
    ar_err err;               /* with end -1 */
    ar_diag diag;
    uint64_t bytes;           /* bytes read when the batch closed */
    char *hashed;             /* the bytes read while it was filled, in */
    size_t hlen, hcap;        /* file order: the caller digests them */
} batch;

struct ar_csv_reader {
    /* The tokenizer's side (the read-ahead thread, when there is one). */
    FILE *fp;
    char *path;
    char *buf;            /* read buffer: unread bytes are [pos, len) */
    size_t len, pos, cap;
    size_t lf_at, lf_end;   /* next_line's searches, remembered (find_eol) */
    size_t cr_at, cr_end;
    bool eof;
    uint64_t bytes;
    ar_sha256 *sha;       /* of every byte read, for run.json: the
                             caller's, fed as it takes each batch */
    long line;            /* physical lines consumed */
    struct csv_parser parser;
    char delim;
    batch *fill;          /* the batch records go to */
    bool record_done;
    long rec_start;
    size_t rec_nf0, rec_flen0; /* where the record's fields began */
    size_t raw_len;       /* of its raw text, kept at rlen */
    bool raw_kept;
    bool verbatim;        /* raw: the whole record (ar_csv_open_verbatim) */
    ar_err err;           /* why read_record returned -1 */
    size_t blk_size;      /* libcsv's growth step, once raised */

    size_t ncols;
    char **cols;
    long header_line;
    ar_csv_preamble *pre; /* records above the header */
    long first_malformed; /* the first of them, when it is malformed */
    size_t pre_count, pre_cap;

    /* The ring, and the caller's side of it. */
    batch ring[BATCHES];
    size_t nslots;        /* BATCHES with a thread, else 1 */
    ar_ring *ahead;       /* the read-ahead thread, NULL when none */
    size_t take;          /* next slot the caller takes */
    batch *cur;           /* the batch being handed out */
    size_t cur_i;
    char **fields;        /* the current record's field pointers */
    size_t fields_cap;
    ar_err last_err;      /* why ar_csv_next returned -1 */
    ar_line_map *map;     /* a shard folder's copy: the original's lines */
    char *map_sha;        /* and digest (line_map.h) */
    char *header_raw;     /* verbatim: the header's text */
};

static int is_blank(unsigned char c)
{
    return c == ' ';
}

static void on_field(void *s, size_t len, void *data)
{
    ar_csv_reader *r = data;
    batch *b = r->fill;
    const char *p = s ? s : "";
    /* Trim blanks (and tabs unless tab delimits) on both sides. */
    while (len && (p[0] == ' ' || (p[0] == '\t' && r->delim != '\t'))) {
        p++;
        len--;
    }
    while (len && (p[len - 1] == ' ' ||
                   (p[len - 1] == '\t' && r->delim != '\t')))
        len--;
    /* called ten million times on a large ledger: grow rarely */
    if (b->flen + len + 1 > b->fcap)
        ar_xgrow((void **)&b->fbuf, &b->fcap, b->flen + len + 1, 1);
    if (b->nf + 1 > b->nf_cap) {
        ar_xgrow((void **)&b->foff, &b->nf_cap, b->nf + 1, sizeof *b->foff);
        b->flens = ar_xrealloc(b->flens, b->nf_cap * sizeof *b->flens);
    }
    memcpy(b->fbuf + b->flen, p, len);
    b->fbuf[b->flen + len] = '\0';
    b->foff[b->nf] = b->flen;
    b->flens[b->nf] = len;
    b->nf++;
    b->flen += len + 1;
}

static void on_record(int c, void *data)
{
    (void)c;
    ((ar_csv_reader *)data)->record_done = true;
}

static void parser_start(ar_csv_reader *r)
{
    csv_init(&r->parser, CSV_STRICT | CSV_STRICT_FINI | CSV_APPEND_NULL);
    csv_set_delim(&r->parser, (unsigned char)r->delim);
    /* libcsv's own test trims spaces and tabs around every field, quoted
     * ones included, and makes a line of blanks an empty line (README,
     * Inputs); only a tab delimiter needs tabs kept */
    if (r->delim == '\t')
        csv_set_space_func(&r->parser, is_blank);
    if (r->blk_size)
        csv_set_blk_size(&r->parser, r->blk_size);
}

static void batch_reset(batch *b)
{
    if (b->fcap > BATCH_KEEP) { /* one huge record: give it back */
        free(b->fbuf);
        b->fbuf = NULL;
        b->fcap = 0;
    }
    if (b->nf_cap > BATCH_KEEP / sizeof(size_t)) { /* or its fields */
        free(b->foff);
        free(b->flens);
        b->foff = b->flens = NULL;
        b->nf_cap = 0;
    }
    b->flen = b->nf = b->rlen = b->nrec = 0;
    b->end = 0;
}

static void batch_free(batch *b)
{
    free(b->hashed);
    free(b->fbuf);
    free(b->foff);
    free(b->flens);
    free(b->raws);
    free(b->recs);
}

/* Refill the buffer, keeping unread bytes. False on a read error. */
static bool refill(ar_csv_reader *r)
{
    if (r->eof)
        return true;
    if (r->pos > 0) {
        memmove(r->buf, r->buf + r->pos, r->len - r->pos);
        r->len -= r->pos;
        /* a search that looked only at consumed bytes starts afresh
         * (at == end == 0), else it moves with the bytes */
        size_t *offs[][2] = {{&r->lf_at, &r->lf_end}, {&r->cr_at, &r->cr_end}};
        for (size_t i = 0; i < 2; i++) {
            bool stale = *offs[i][0] < r->pos || *offs[i][1] < r->pos;
            *offs[i][0] = stale ? 0 : *offs[i][0] - r->pos;
            *offs[i][1] = stale ? 0 : *offs[i][1] - r->pos;
        }
        r->pos = 0;
    }
    ar_xgrow((void **)&r->buf, &r->cap, r->len + BLOCK, 1);
    size_t n = fread(r->buf + r->len, 1, r->cap - r->len, r->fp);
    /* the digest is the caller's work: the tokenizer is the slower side */
    if (r->fill && n > 0) {
        batch *b = r->fill;
        ar_xgrow((void **)&b->hashed, &b->hcap, b->hlen + n, 1);
        memcpy(b->hashed + b->hlen, r->buf + r->len, n);
        b->hlen += n;
    } else if (!r->fill) { /* the first block, read at open by the caller */
        ar_sha256_update(r->sha, r->buf + r->len, n);
    }
    r->len += n;
    r->bytes += n;
    if (n == 0) {
        if (ferror(r->fp))
            return false;
        r->eof = true;
    }
    return true;
}

/* The offset in buf of the next c at or after pos, or len if none. *at and
 * *end remember the last search (the c found, how far it looked): each byte
 * is searched once, where looking for an LF on every line of a file of bare
 * CRs made reading it quadratic (issue 22 item 7). */
static size_t find_eol(const ar_csv_reader *r, char c, size_t *at,
                       size_t *end)
{
    if (*at < r->pos || *end < r->pos) /* consumed: search afresh */
        *at = *end = r->pos;
    if (*at == *end && *end < r->len) { /* none so far: look further */
        const char *p = memchr(r->buf + *end, c, r->len - *end);
        *at = p ? (size_t)(p - r->buf) : r->len;
        *end = r->len;
    }
    return *at < *end ? *at : r->len;
}

/* The next physical line [*start, *start + *n), terminator included.
 * Returns 1, 0 at end of file, -1 on a read error, -2 for a line longer
 * than MAX_LINE. */
static int next_line(ar_csv_reader *r, const char **start, size_t *n)
{
    for (;;) {
        size_t lf = find_eol(r, '\n', &r->lf_at, &r->lf_end);
        size_t cr = find_eol(r, '\r', &r->cr_at, &r->cr_end);
        size_t end = 0; /* of the line, when the buffer holds all of it */
        if (cr < lf) {
            /* a CR at the very end may be the first half of a CRLF */
            if (cr + 1 < r->len)
                end = cr + (r->buf[cr + 1] == '\n' ? 2 : 1);
            else if (r->eof)
                end = cr + 1;
        } else if (lf < r->len) {
            end = lf + 1;
        } else if (r->eof) {
            if (r->pos == r->len)
                return 0;
            end = r->len; /* no final line end */
        }
        if (end) {
            *start = r->buf + r->pos;
            *n = end - r->pos;
            r->pos = end;
            return 1;
        }
        if (r->len - r->pos > MAX_LINE)
            return -2; /* no line end in sight: not a text file */
        if (!refill(r))
            return -1;
    }
}

/* Add a line to the record's raw text. */
static void append_raw(ar_csv_reader *r, const char *line, size_t n)
{
    batch *b = r->fill;
    ar_xgrow((void **)&b->raws, &b->rcap, b->rlen + r->raw_len + n + 1, 1);
    memcpy(b->raws + b->rlen + r->raw_len, line, n);
    r->raw_len += n;
    b->raws[b->rlen + r->raw_len] = '\0';
}

/* Keep the start of the record's first line (for messages), or the whole
 * line when verbatim (append_raw adds the record's other lines). */
static void keep_raw(ar_csv_reader *r, const char *line, size_t n)
{
    while (!r->verbatim && n && (line[n - 1] == '\n' || line[n - 1] == '\r'))
        n--;
    r->raw_len = 0;
    append_raw(r, line, r->verbatim || n <= RAW_MAX ? n : RAW_MAX);
    r->raw_kept = true;
}

/* Append a record to the batch being filled; its fields are the ones
 * on_field added since the record began. */
static void add_record(ar_csv_reader *r, ar_record_status status)
{
    batch *b = r->fill;
    if (status != AR_RECORD_OK) { /* the fields of a malformed record go */
        b->nf = r->rec_nf0;
        b->flen = r->rec_flen0;
    }
    ar_xgrow((void **)&b->recs, &b->rec_cap, b->nrec + 1, sizeof *b->recs);
    rec_meta *m = &b->recs[b->nrec++];
    m->line = r->rec_start;
    m->end_line = r->line;
    if (r->map) { /* a shard folder's copy: the original's line, or -1 */
        long o = ar_line_map_next(r->map);
        m->end_line = o < 0 ? -1 : o + (r->line - r->rec_start);
        m->line = o;
    }
    m->status = status;
    m->first = r->rec_nf0;
    m->nf = b->nf - r->rec_nf0;
    if (!r->raw_kept) /* cannot happen: every record has a first line */
        keep_raw(r, "", 0);
    m->raw = b->rlen;
    b->rlen += r->raw_len + 1;
    r->raw_kept = false;
}

/* Read one record into the batch being filled, without the header and
 * field-count logic. 1: a record was added; 0: end of file; -1: a
 * file-level error (d filled, r->err set). */
static int read_record(ar_csv_reader *r, ar_diag *d)
{
    batch *b = r->fill;
    r->record_done = false;
    r->rec_nf0 = b->nf;
    r->rec_flen0 = b->flen;
    for (;;) {
        const char *line;
        size_t n;
        int got = next_line(r, &line, &n);
        if (got == -2) {
            /* say why, if the bytes say it: NUL or invalid UTF-8 */
            bool nul;
            size_t span = r->len - r->pos < (1u << 20) ? r->len - r->pos
                                                        : (1u << 20);
            size_t at = ar_utf8_check((const unsigned char *)r->buf + r->pos,
                                   span, &nul);
            if (at + 4 < span) /* not a character cut at the span's end */
                r->err = ar_diag_set(d, nul ? AR_ERR_BINARY : AR_ERR_UTF8,
                                     r->path, r->line + 1, NULL,
                                     nul ? "NUL byte at byte %zu of the "
                                           "line: this is not a text CSV "
                                           "file"
                                         : "invalid UTF-8 at byte %zu of "
                                           "the line: save the file as "
                                           "UTF-8",
                                     at + 1);
            else
                r->err = ar_diag_set(d, AR_ERR_MALFORMED, r->path,
                                     r->line + 1, NULL,
                                     "a line longer than %d MiB: this is "
                                     "not a CSV export",
                                     MAX_LINE >> 20);
            return -1;
        }
        if (got < 0) {
            r->err = ar_diag_set(d, AR_ERR_IO, r->path, r->line + 1, NULL,
                                 "read error: %s", strerror(errno));
            return -1;
        }
        if (got == 0) {
            if (r->parser.pstate == CSV_ROW_NOT_BEGUN && !r->record_done)
                return 0;
            /* End of file inside a record: no final newline, or an
             * unterminated quoted field. */
            if (csv_fini(&r->parser, on_field, on_record, r) != 0) {
                csv_free(&r->parser);
                parser_start(r);
                add_record(r, AR_RECORD_MALFORMED);
                return 1;
            }
            add_record(r, AR_RECORD_OK);
            return 1;
        }
        r->line++;
        bool nul;
        size_t bad = ar_utf8_check((const unsigned char *)line, n, &nul);
        if (bad < n) {
            r->err = ar_diag_set(d, nul ? AR_ERR_BINARY : AR_ERR_UTF8,
                                 r->path, r->line, NULL,
                                 nul ? "NUL byte at byte %zu of the line: "
                                       "this is not a text CSV file"
                                     : "invalid UTF-8 at byte %zu of the "
                                       "line: save the file as UTF-8",
                                 bad + 1);
            return -1;
        }
        if (r->parser.pstate == CSV_ROW_NOT_BEGUN) {
            r->rec_start = r->line;
            keep_raw(r, line, n);
        } else if (r->verbatim) { /* the record's next line */
            append_raw(r, line, n);
        }
        if (n > r->blk_size) {
            /* libcsv grows a field 128 bytes at a time: a 2 MB field would
             * take 16,000 reallocations */
            r->blk_size = n;
            csv_set_blk_size(&r->parser, n);
        }
        size_t done = csv_parse(&r->parser, line, n, on_field, on_record, r);
        if (done < n || csv_error(&r->parser) != CSV_SUCCESS) {
            /* Bad quoting: the record is malformed; the rest of this line
             * is dropped with it and parsing starts afresh. */
            csv_free(&r->parser);
            parser_start(r);
            add_record(r, AR_RECORD_MALFORMED);
            return 1;
        }
        if (r->record_done) {
            add_record(r, AR_RECORD_OK);
            return 1;
        }
    }
}

/* Fill b with the next records: up to a batch's worth, or to the end of
 * the file or a file-level error (which then ends the batch). */
static void fill_batch(ar_csv_reader *r, batch *b)
{
    batch_reset(b);
    r->fill = b;
    while (b->nrec < BATCH_RECORDS && b->flen < BATCH_BYTES) {
        int got = read_record(r, &b->diag);
        if (got == 1)
            continue;
        b->end = got == 0 ? 1 : -1;
        b->err = r->err;
        break;
    }
    b->bytes = r->bytes;
}

/* The read-ahead thread's work: one slot of the ring (ring.h). */
static bool fill_slot(void *ctx, size_t slot)
{
    ar_csv_reader *r = ctx;
    fill_batch(r, &r->ring[slot]);
    return r->ring[slot].end != 0;
}

/* The next filled batch, in file order. */
static batch *take_batch(ar_csv_reader *r)
{
    batch *b = &r->ring[r->take];
    if (r->ahead)
        ar_ring_wait(r->ahead, r->take);
    else
        fill_batch(r, b);
    return b;
}

static void give_back(ar_csv_reader *r)
{
    if (r->ahead)
        ar_ring_release(r->ahead, r->take);
    r->take = (r->take + 1) % r->nslots;
}

/* Point rec at record m of batch b. */
static void expose(ar_csv_reader *r, const batch *b, const rec_meta *m,
                   ar_csv_record *rec)
{
    ar_xgrow((void **)&r->fields, &r->fields_cap, m->nf + 1,
             sizeof *r->fields);
    for (size_t i = 0; i < m->nf; i++)
        r->fields[i] = b->fbuf + b->foff[m->first + i];
    rec->line = m->line;
    rec->end_line = m->end_line;
    rec->status = m->status;
    rec->nfields = m->status == AR_RECORD_OK ? m->nf : 0;
    rec->fields = r->fields;
    rec->lens = b->flens ? b->flens + m->first : NULL;
    rec->raw = b->raws + m->raw;
}

/* The bytes read while b was filled go into the digest, in file order
 * (batches are taken in order), and the batch keeps no more than a
 * usual batch's worth of room. */
static void digest(ar_csv_reader *r, batch *b)
{
    if (b->hlen)
        ar_sha256_update(r->sha, b->hashed, b->hlen);
    b->hlen = 0;
    if (b->hcap > BATCH_KEEP) {
        free(b->hashed);
        b->hashed = NULL;
        b->hcap = 0;
    }
}

/* The next record, or 0 at the end, or -1 on a file-level error. */
static int next_record(ar_csv_reader *r, ar_csv_record *rec, ar_diag *d)
{
    for (;;) {
        batch *b = r->cur;
        if (b && r->cur_i < b->nrec) {
            expose(r, b, &b->recs[r->cur_i++], rec);
            return 1;
        }
        if (b && b->end) { /* stays at the end: later calls say the same */
            if (b->end > 0)
                return 0;
            *d = b->diag;
            r->last_err = b->err;
            return -1;
        }
        if (b)
            give_back(r);
        r->cur = b = take_batch(r);
        r->cur_i = 0;
        digest(r, b);
    }
}

/* Keep a record above the header: its line and first non-empty field. */
static void keep_preamble(ar_csv_reader *r, const batch *b,
                          const rec_meta *m)
{
    const char *first = "";
    for (size_t i = 0; i < m->nf && !*first; i++)
        first = b->fbuf + b->foff[m->first + i];
    if (!*first) /* malformed: no fields kept, the raw line says it */
        first = b->raws + m->raw;
    ar_xgrow((void **)&r->pre, &r->pre_cap, r->pre_count + 1,
             sizeof *r->pre);
    r->pre[r->pre_count++] = (ar_csv_preamble){
        .line = m->line,
        .first_field = ar_xstrndup(first, strnlen(first, 200)),
        .raw = ar_xstrdup(b->raws + m->raw)};
}

/* Read records until the header: the first one (no rule), the one on the
 * rule's line, or the first the rule accepts within AR_CSV_HEADER_SCAN
 * lines (SPEC §2.6). Records above it are kept as the preamble. With no
 * fixed delimiter, each candidate line's own is detected (a title line
 * above the header says nothing about the table's). */
static ar_err find_header(ar_csv_reader *r, char delimiter,
                          const ar_csv_header_rule *h, ar_diag *d)
{
    batch *b = r->fill;
    for (;;) {
        if (!delimiter && r->line > 0) {
            size_t at = r->pos; /* the next non-empty line's own */
            if (r->len - at < 4096 && !r->eof && !refill(r))
                return r->err = ar_diag_set(d, AR_ERR_IO, r->path, 0, NULL,
                                            "read error: %s",
                                            strerror(errno));
            at = r->pos;
            while (at < r->len && (r->buf[at] == '\n' ||
                                   r->buf[at] == '\r' || r->buf[at] == ' '))
                at++;
            char dl = ar_detect_delimiter(r->buf + at, r->len - at);
            if (dl != r->delim) {
                r->delim = dl;
                csv_free(&r->parser);
                parser_start(r);
            }
        }
        batch_reset(b);
        int got = read_record(r, d);
        if (got < 0)
            return r->err;
        if (got == 0 && r->pre_count == 0)
            return ar_diag_set(d, AR_ERR_EMPTY, r->path, 0, NULL,
                               "the file is empty: a header line naming "
                               "the columns is required");
        const rec_meta *m = got ? &b->recs[0] : NULL;
        bool take;
        bool at_line = false; /* the line header_line names, and no header */
        if (!m)
            take = false;
        else if (!h || (h->line == 0 && !h->is_header))
            take = true;
        else if (h->line > 0 && (m->line < h->line || !h->is_header ||
                                 m->status != AR_RECORD_OK))
            take = m->line >= h->line;
        else {
            char **f = ar_xmalloc((m->nf + 1) * sizeof *f);
            for (size_t i = 0; i < m->nf; i++)
                f[i] = b->fbuf + b->foff[m->first + i];
            take = m->status == AR_RECORD_OK &&
                   h->is_header(h->ctx, m->line, (const char *const *)f,
                                m->nf);
            free(f);
            at_line = !take && h->line > 0;
        }
        if (take && m->status != AR_RECORD_OK)
            return ar_diag_set(d, AR_ERR_MALFORMED, r->path, m->line, NULL,
                               "the header line has bad quoting");
        if (take && m->line < 0)
            return ar_line_map_error(r->map, r->path, d);
        if (take) {
            r->header_line = m->line;
            if (r->verbatim)
                r->header_raw = ar_xstrdup(b->raws + m->raw);
            r->ncols = m->nf;
            r->cols = ar_xcalloc(m->nf + 1, sizeof *r->cols);
            for (size_t i = 0; i < m->nf; i++)
                r->cols[i] = ar_xstrdup(b->fbuf + b->foff[m->first + i]);
            batch_reset(b);
            return AR_OK;
        }
        if (m)
            keep_preamble(r, b, m);
        if (m && r->pre_count == 1 && m->status != AR_RECORD_OK)
            r->first_malformed = m->line;
        if (!m || at_line ||
            (h->line == 0 && m->end_line >= AR_CSV_HEADER_SCAN)) {
            if (r->first_malformed && !at_line) /* a header, bad quotes */
                return ar_diag_set(d, AR_ERR_MALFORMED, r->path,
                                   r->first_malformed, NULL,
                                   "the header line has bad quoting");
            char msg[400];
            ar_header_missing(msg, sizeof msg, h, r->pre, r->pre_count);
            return ar_diag_set(d, AR_ERR_COLUMN, r->path, 0, NULL, "%s",
                               msg);
        }
    }
}

ar_err ar_csv_open(ar_csv_reader **out, const char *path, char delimiter,
                   ar_diag *d)
{
    return ar_csv_open_at(out, path, delimiter, NULL, d);
}

ar_err ar_csv_open_at(ar_csv_reader **out, const char *path, char delimiter,
                      const ar_csv_header_rule *h, ar_diag *d)
{
    *out = NULL;
    ar_line_map *map;
    char *sha;
    FILE *fp = ar_line_map_fopen(path, &map, &sha, d);
    if (!fp)
        return AR_ERR_IO;
    ar_csv_reader *r = ar_xcalloc(1, sizeof *r);
    r->fp = fp;
    r->map = map;
    r->map_sha = sha;
    r->verbatim = h && h->verbatim;
    r->path = ar_xstrdup(path);
    r->sha = ar_sha256_new();
    r->nslots = 1;
    ar_err err = AR_OK;
    if (!refill(r)) {
        err = ar_diag_set(d, AR_ERR_IO, path, 0, NULL, "read error: %s",
                          strerror(errno));
        goto out;
    }
    /* A UTF-8 byte order mark is allowed and skipped. */
    if (r->len >= 3 && memcmp(r->buf, "\xEF\xBB\xBF", 3) == 0)
        r->pos = 3;
    if (delimiter) {
        r->delim = delimiter;
    } else {
        /* SPEC §8.2/§8.3: the header is the first non-empty line */
        size_t at = r->pos;
        while (at < r->len && (r->buf[at] == '\n' || r->buf[at] == '\r' ||
                               r->buf[at] == ' '))
            at++;
        r->delim = ar_detect_delimiter(r->buf + at, r->len - at);
    }
    parser_start(r);

    /* The header, read here on the caller's thread. */
    batch *b = &r->ring[0];
    batch_reset(b);
    r->fill = b;
    err = find_header(r, delimiter, h, d);
    if (err != AR_OK)
        goto out;
    batch_reset(b);

    /* A large file is tokenised on a thread of its own, a few batches
     * ahead of the caller, who turns the records into rows meanwhile. */
    struct stat st;
    if (ar_csv_read_ahead_on && fstat(fileno(fp), &st) == 0 &&
        S_ISREG(st.st_mode) && st.st_size >= READ_AHEAD_MIN) {
        r->nslots = BATCHES;
        r->ahead = ar_ring_start(BATCHES, fill_slot, r);
        if (!r->ahead)
            r->nslots = 1;
    }
out:
    if (err != AR_OK) {
        ar_csv_close(r);
        return err;
    }
    *out = r;
    return AR_OK;
}

long ar_csv_header_line(const ar_csv_reader *r) { return r->header_line; }

size_t ar_csv_column_count(const ar_csv_reader *r) { return r->ncols; }

const char *ar_csv_column(const ar_csv_reader *r, size_t i)
{
    return i < r->ncols ? r->cols[i] : "";
}

char ar_csv_delimiter(const ar_csv_reader *r) { return r->delim; }

size_t ar_csv_preamble_count(const ar_csv_reader *r) { return r->pre_count; }

const ar_csv_preamble *ar_csv_preamble_at(const ar_csv_reader *r, size_t i)
{
    return i < r->pre_count ? &r->pre[i] : NULL;
}

int ar_csv_next(ar_csv_reader *r, ar_csv_record *rec, ar_diag *d)
{
    int got = next_record(r, rec, d);
    if (got == 1 && rec->line < 0)
        return r->last_err = ar_line_map_error(r->map, r->path, d), -1;
    if (got == 1 && rec->status == AR_RECORD_OK && rec->nfields != r->ncols)
        rec->status = AR_RECORD_FIELD_COUNT;
    return got;
}

uint64_t ar_csv_bytes_read(const ar_csv_reader *r)
{
    /* as of the batch being handed out: the thread reads further ahead */
    return r->cur ? r->cur->bytes : 0;
}

ar_err ar_csv_error(const ar_csv_reader *r) { return r->last_err; }

void ar_csv_sha256(const ar_csv_reader *r, char hex[65])
{
    /* at the end of the file every batch, the one that says so last,
     * was taken and digested in order (next_record) */
    if (r->map_sha)
        snprintf(hex, 65, "%s", r->map_sha);
    else
        ar_sha256_peek(r->sha, hex);
}

const char *ar_csv_header_raw(const ar_csv_reader *r)
{
    return r->header_raw ? r->header_raw : "";
}

void ar_csv_close(ar_csv_reader *r)
{
    if (!r)
        return;
    ar_ring_stop(r->ahead);
    if (r->fp)
        fclose(r->fp);
    csv_free(&r->parser);
    ar_sha256_free(r->sha);
    for (size_t i = 0; i < r->ncols; i++)
        free(r->cols[i]);
    free(r->cols);
    for (size_t i = 0; i < r->pre_count; i++) {
        free((char *)r->pre[i].first_field);
        free((char *)r->pre[i].raw);
    }
    free(r->pre);
    free(r->path);
    ar_line_map_free(r->map);
    free(r->map_sha);
    free(r->header_raw);
    free(r->buf);
    for (size_t k = 0; k < BATCHES; k++)
        batch_free(&r->ring[k]);
    free(r->fields);
    free(r);
}
