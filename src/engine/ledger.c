/* ledger.c - the ingested model: a string pool, client and document
 * indexes (open addressing), and the arrays the analysis reads. */
#include "ar/engine/ledger.h"

#include "ar/base/sort.h"

#include <stdlib.h>
#include <string.h>

/* An open-addressing set of uint32 indexes whose keys live elsewhere.
 * Each slot keeps 32 bits of the key's hash beside the index, so a probe
 * touches the key itself (a cache miss) only when the hashes agree. */
typedef struct index_map {
    uint64_t *slots; /* hash << 32 | index; EMPTY_SLOT = empty */
    size_t cap;      /* power of two */
    size_t used;
} index_map;

#define EMPTY_SLOT UINT64_MAX

/* A string pool: NUL-terminated texts by offset, offset 0 = "". */
typedef struct text_pool {
    char *bytes;
    size_t len, cap;
} text_pool;

struct ar_ledger {
    text_pool text;        /* every text but applies_to */
    /* applies_to texts apart: only ar_ledger_finish reads them, and a
     * run drops them after it (ar_ledger_drop_refs: bytes NULL) */
    text_pool refs;

    ar_doc *docs;
    size_t doc_count, doc_cap;
    uint64_t *doc_keys;    /* hash << 32 | index, sorted; only between
                              indexing and ar_ledger_finish */
    bool indexed;          /* duplicates dropped */
    uint32_t *target_inv;  /* per doc: applies_to resolved to an INV */
    uint32_t *target_deb;  /*          ... and to a DEB */
    bool targets_dropped;  /* ar_ledger_drop_targets was called */

    ar_client *clients;
    size_t client_count, client_cap;
    index_map client_map;

    ar_client_info *infos;
    size_t info_count, info_cap;

    ar_cost *costs;
    size_t cost_count, cost_cap;

    ar_letter_sent *letters;
    size_t letter_count, letter_cap;

    char (*currencies)[4];
    size_t currency_count, currency_cap;
    uint16_t base_currency;
    bool base_decided;      /* finish() has set base_currency */
    uint16_t first_currency;
    bool have_first;
    bool costs_loaded;
    bool open_balances;
    ar_fx_rate *fx;        /* --fx, in file order */
    size_t fx_count, fx_cap;
    bool fx_loaded;
    ar_folded *folded;     /* NULL unless the rows were spooled (fold.c) */
};

/* FNV-1a folded to 32 bits; seed keeps doc types apart. */
static uint32_t hash_bytes(const char *s, size_t len, uint32_t seed)
{
    uint64_t h = 1469598103934665603ULL ^ seed;
    for (size_t i = 0; i < len; i++) {
        h ^= (unsigned char)s[i];
        h *= 1099511628211ULL;
    }
    return (uint32_t)(h ^ (h >> 32));
}

static void map_init(index_map *m)
{
    m->cap = 1024;
    m->used = 0;
    m->slots = ar_xmalloc(m->cap * sizeof *m->slots);
    memset(m->slots, 0xff, m->cap * sizeof *m->slots);
}

static void map_fini(index_map *m)
{
    free(m->slots);
    m->slots = NULL;
}

static uint32_t slot_hash(uint64_t slot) { return (uint32_t)(slot >> 32); }
static uint32_t slot_index(uint64_t slot) { return (uint32_t)slot; }

/* Insert index v with hash h (v is known to be absent). */
static void map_put(index_map *m, uint32_t h, uint32_t v)
{
    if ((m->used + 1) * 2 > m->cap) {
        size_t cap = m->cap * 2;
        uint64_t *slots = ar_xmalloc(cap * sizeof *slots);
        memset(slots, 0xff, cap * sizeof *slots);
        for (size_t i = 0; i < m->cap; i++) {
            if (m->slots[i] == EMPTY_SLOT)
                continue;
            size_t j = slot_hash(m->slots[i]) & (cap - 1);
            while (slots[j] != EMPTY_SLOT)
                j = (j + 1) & (cap - 1);
            slots[j] = m->slots[i];
        }
        free(m->slots);
        m->slots = slots;
        m->cap = cap;
    }
    size_t j = h & (m->cap - 1);
    while (m->slots[j] != EMPTY_SLOT)
        j = (j + 1) & (m->cap - 1);
    m->slots[j] = (uint64_t)h << 32 | v;
    m->used++;
}

static void pool_init(text_pool *p)
{
    p->cap = 4096;
    p->bytes = ar_xmalloc(p->cap);
    p->bytes[0] = '\0';
    p->len = 1; /* offset 0 is the empty string */
}

ar_ledger *ar_ledger_new(void)
{
    ar_ledger *lg = ar_xcalloc(1, sizeof *lg);
    pool_init(&lg->text);
    pool_init(&lg->refs);
    map_init(&lg->client_map);
    ar_ledger_currency(lg, "", 0);
    return lg;
}

void ar_ledger_free(ar_ledger *lg)
{
    if (!lg)
        return;
    free(lg->text.bytes);
    free(lg->refs.bytes);
    free(lg->docs);
    free(lg->doc_keys);
    free(lg->target_inv);
    free(lg->target_deb);
    free(lg->clients);
    map_fini(&lg->client_map);
    free(lg->infos);
    free(lg->costs);
    free(lg->fx);
    free(lg->letters);
    free(lg->currencies);
    if (lg->folded) {
        free(lg->folded->currencies);
        free(lg->folded->clients);
        free(lg->folded->type_totals);
        free(lg->folded->kpi_rows);
        free(lg->folded->history);
        free(lg->folded->rollforward);
        free(lg->folded);
    }
    free(lg);
}

static ar_str pool_add(text_pool *p, const char *s, size_t len)
{
    if (len == 0)
        return 0;
    if (p->len + len + 1 > UINT32_MAX) {
        ar_die("string pool over 4 GiB");
    }
    ar_xgrow((void **)&p->bytes, &p->cap, p->len + len + 1, 1);
    ar_str at = (ar_str)p->len;
    memcpy(p->bytes + at, s, len);
    p->bytes[at + len] = '\0';
    p->len += len + 1;
    return at;
}

ar_str ar_ledger_intern(ar_ledger *lg, const char *s, size_t len)
{
    return pool_add(&lg->text, s, len);
}

const char *ar_ledger_text(const ar_ledger *lg, ar_str s)
{
    return lg->text.bytes + s;
}

/* A run frees what it no longer needs (ar_ledger_drop_refs, _targets);
 * a later use is a bug that must not pass for "no target". */
static void still_there(bool dropped, const char *what)
{
    if (dropped) {
        ar_die("internal error: %s used after they were dropped", what);
    }
}

ar_str ar_ledger_intern_ref(ar_ledger *lg, const char *s, size_t len)
{
    still_there(!lg->refs.bytes, "applies_to texts");
    return pool_add(&lg->refs, s, len);
}

const char *ar_ledger_ref_text(const ar_ledger *lg, ar_str s)
{
    still_there(!lg->refs.bytes, "applies_to texts");
    return lg->refs.bytes + s;
}

void ar_ledger_drop_refs(ar_ledger *lg)
{
    free(lg->refs.bytes);
    lg->refs = (text_pool){0};
}

static bool text_equals(const ar_ledger *lg, ar_str s, const char *t,
                        size_t len)
{
    const char *p = lg->text.bytes + s;
    return strncmp(p, t, len) == 0 && p[len] == '\0';
}

static uint32_t find_client(const ar_ledger *lg, const char *id, size_t len,
                            uint32_t h)
{
    const index_map *m = &lg->client_map;
    for (size_t j = h & (m->cap - 1);; j = (j + 1) & (m->cap - 1)) {
        uint64_t slot = m->slots[j];
        if (slot == EMPTY_SLOT)
            return AR_NONE;
        if (slot_hash(slot) == h &&
            text_equals(lg, lg->clients[slot_index(slot)].id, id, len))
            return slot_index(slot);
    }
}

uint32_t ar_ledger_find_client(const ar_ledger *lg, const char *id,
                               size_t len)
{
    return find_client(lg, id, len, hash_bytes(id, len, 0));
}

uint32_t ar_ledger_client(ar_ledger *lg, const char *id, size_t len)
{
    uint32_t h = hash_bytes(id, len, 0);
    uint32_t found = find_client(lg, id, len, h);
    if (found != AR_NONE)
        return found;
    ar_xgrow((void **)&lg->clients, &lg->client_cap, lg->client_count + 1,
             sizeof *lg->clients);
    uint32_t c = (uint32_t)lg->client_count++;
    lg->clients[c] = (ar_client){.id = ar_ledger_intern(lg, id, len),
                                 .info = AR_NONE};
    map_put(&lg->client_map, h, c);
    return c;
}

uint16_t ar_ledger_currency(ar_ledger *lg, const char *code, size_t len)
{
    char key[4] = "";
    if (len > 3)
        len = 3;
    memcpy(key, code, len);
    for (size_t i = 0; i < lg->currency_count; i++)
        if (strcmp(lg->currencies[i], key) == 0)
            return (uint16_t)i;
    if (lg->currency_count >= UINT16_MAX)
        return 0;
    ar_xgrow((void **)&lg->currencies, &lg->currency_cap,
             lg->currency_count + 1, sizeof *lg->currencies);
    memcpy(lg->currencies[lg->currency_count], key, 4);
    return (uint16_t)lg->currency_count++;
}

static uint32_t doc_hash(const ar_ledger *lg, const ar_doc *d)
{
    const char *no = lg->text.bytes + d->doc_no;
    return hash_bytes(no, strlen(no), d->type);
}

static bool same_number(const ar_ledger *lg, uint32_t a, uint32_t b)
{
    return lg->docs[a].type == lg->docs[b].type &&
           strcmp(lg->text.bytes + lg->docs[a].doc_no,
                  lg->text.bytes + lg->docs[b].doc_no) == 0;
}

/* Sorted (hash, index) keys of every document. */
static void build_keys(ar_ledger *lg)
{
    size_t n = lg->doc_count;
    free(lg->doc_keys);
    lg->doc_keys = ar_xmalloc((n + 1) * sizeof *lg->doc_keys);
    uint64_t *tmp = ar_xmalloc((n + 1) * sizeof *tmp);
    for (size_t i = 0; i < n; i++)
        lg->doc_keys[i] = (uint64_t)doc_hash(lg, &lg->docs[i]) << 32 | i;
    ar_sort_keys_from(lg->doc_keys, tmp, n, 32); /* index ascends */
    free(tmp);
}

size_t ar_ledger_drop_duplicates(ar_ledger *lg, ar_duplicate **out)
{
    size_t n = lg->doc_count;
    build_keys(lg);
    /* owner[i] = the earlier document with the same number, or AR_NONE.
     * Within a run of equal hashes (sorted by index), each key is compared
     * with the distinct numbers seen so far in the run only. */
    uint32_t *owner = ar_xmalloc((n + 1) * sizeof *owner);
    size_t dropped = 0, rep_cap = 0;
    uint32_t *reps = NULL;
    for (size_t i = 0; i < n;) {
        size_t j = i;
        uint32_t h = (uint32_t)(lg->doc_keys[i] >> 32);
        size_t nrep = 0;
        for (; j < n && (uint32_t)(lg->doc_keys[j] >> 32) == h; j++) {
            uint32_t d = (uint32_t)lg->doc_keys[j];
            owner[d] = AR_NONE;
            for (size_t k = 0; k < nrep; k++)
                if (same_number(lg, reps[k], d)) {
                    owner[d] = reps[k];
                    dropped++;
                    break;
                }
            if (owner[d] == AR_NONE) {
                ar_xgrow((void **)&reps, &rep_cap, nrep + 1, sizeof *reps);
                reps[nrep++] = d;
            }
        }
        i = j;
    }
    free(reps);
    /* a companion row goes with the row it was made from, the one before
     * it, and is never a rejected row of its own (ledger.h) */
    for (size_t i = 1; i < n; i++)
        if (lg->docs[i].companion && owner[i - 1] != AR_NONE &&
            owner[i] == AR_NONE) {
            owner[i] = (uint32_t)i;
            dropped++;
        }
    ar_duplicate *dups = ar_xmalloc((dropped + 1) * sizeof *dups);
    size_t kept = 0, nd = 0;
    /* a folded ledger's clients were marked a partition at a time, folded
     * rows included (fold.c) */
    for (size_t c = 0; c < lg->client_count && !lg->folded; c++)
        lg->clients[c].in_ledger = false;
    /* the owners' lines first: the compaction below moves documents */
    for (size_t i = 0; i < n; i++) {
        if (owner[i] == AR_NONE || lg->docs[i].companion)
            continue;
        ar_duplicate *dup = &dups[nd++];
        *dup = (ar_duplicate){lg->docs[i], lg->docs[owner[i]].line};
        /* a credit's applied part is its companion (ingest: the open
         * amount stays on the credit): the row's value is the two
         * together, as a shard folder's run notes it from the row */
        if (i + 1 < n && lg->docs[i + 1].companion &&
            !ar_doc_is_item((ar_doc_type)lg->docs[i].type))
            dup->doc.amount += lg->docs[i + 1].amount;
    }
    for (size_t i = 0; i < n; i++) {
        if (owner[i] != AR_NONE)
            continue;
        lg->clients[lg->docs[i].client].in_ledger = true;
        lg->docs[kept++] = lg->docs[i];
    }
    lg->doc_count = kept;
    free(owner);
    if (dropped)
        build_keys(lg); /* indexes moved */
    lg->indexed = true;
    if (out)
        *out = dups;
    else
        free(dups);
    return nd; /* the rows rejected; companions went unlisted */
}

uint32_t ar_ledger_find_doc(const ar_ledger *lg, ar_doc_type t,
                            const char *doc_no, size_t len)
{
    if (!lg->doc_keys) { /* the keys are gone once the ledger is finished */
        for (size_t i = 0; i < lg->doc_count; i++)
            if (lg->docs[i].type == t &&
                text_equals(lg, lg->docs[i].doc_no, doc_no, len))
                return (uint32_t)i;
        return AR_NONE;
    }
    uint32_t h = hash_bytes(doc_no, len, t);
    size_t lo = 0, hi = lg->doc_count;
    while (lo < hi) {
        size_t mid = lo + (hi - lo) / 2;
        if ((uint32_t)(lg->doc_keys[mid] >> 32) < h)
            lo = mid + 1;
        else
            hi = mid;
    }
    for (; lo < lg->doc_count && (uint32_t)(lg->doc_keys[lo] >> 32) == h;
         lo++) {
        const ar_doc *d = &lg->docs[(uint32_t)lg->doc_keys[lo]];
        if (d->type == t && text_equals(lg, d->doc_no, doc_no, len))
            return (uint32_t)lg->doc_keys[lo];
    }
    return AR_NONE;
}

/* Resolve every applies_to to a document of type t with one merge of two
 * sorted key lists (no probe per payment). */
static void resolve_targets(ar_ledger *lg, ar_doc_type t, uint32_t *target)
{
    size_t n = lg->doc_count, m = 0;
    still_there(!lg->refs.bytes, "applies_to texts");
    uint64_t *refs = ar_xmalloc((n + 1) * sizeof *refs);
    for (size_t i = 0; i < n; i++) {
        target[i] = AR_NONE;
        const char *to = lg->refs.bytes + lg->docs[i].applies_to;
        if (lg->docs[i].applies_to && !ar_doc_is_item(lg->docs[i].type))
            refs[m++] = (uint64_t)hash_bytes(to, strlen(to), t) << 32 | i;
    }
    uint64_t *tmp = ar_xmalloc((m + 1) * sizeof *tmp);
    ar_sort_keys_from(refs, tmp, m, 32); /* index ascends */
    free(tmp);
    size_t k = 0;
    for (size_t r = 0; r < m; r++) {
        uint32_t h = (uint32_t)(refs[r] >> 32);
        while (k < n && (uint32_t)(lg->doc_keys[k] >> 32) < h)
            k++;
        uint32_t pay = (uint32_t)refs[r];
        const char *to = lg->refs.bytes + lg->docs[pay].applies_to;
        for (size_t q = k; q < n && (uint32_t)(lg->doc_keys[q] >> 32) == h;
             q++) {
            uint32_t d = (uint32_t)lg->doc_keys[q];
            if (lg->docs[d].type == t &&
                strcmp(lg->text.bytes + lg->docs[d].doc_no, to) == 0) {
                target[pay] = d;
                break;
            }
        }
    }
    free(refs);
}

uint32_t ar_ledger_target(const ar_ledger *lg, uint32_t doc, ar_doc_type kind)
{
    still_there(lg->targets_dropped, "applies_to targets");
    if (!lg->target_inv)
        return AR_NONE;
    return kind == AR_DOC_DEB ? lg->target_deb[doc] : lg->target_inv[doc];
}

uint32_t ar_ledger_add_doc(ar_ledger *lg, const ar_doc *doc)
{
    ar_xgrow((void **)&lg->docs, &lg->doc_cap, lg->doc_count + 1,
             sizeof *lg->docs);
    uint32_t i = (uint32_t)lg->doc_count++;
    lg->docs[i] = *doc;
    ar_ledger_note_used_client(lg, doc->client);
    ar_ledger_note_first_currency(lg, doc->currency);
    free(lg->doc_keys); /* the index no longer covers every document */
    lg->doc_keys = NULL;
    lg->indexed = false;
    return i;
}

bool ar_ledger_add_info(ar_ledger *lg, const ar_client_info *info)
{
    /* The id is already in the pool: a new client reuses that copy.
     * (Passing a pointer into the pool to ar_ledger_client would read
     * freed memory when interning grows the pool.) */
    const char *id = lg->text.bytes + info->id;
    size_t len = strlen(id);
    uint32_t h = hash_bytes(id, len, 0);
    uint32_t c = find_client(lg, id, len, h);
    if (c == AR_NONE) {
        ar_xgrow((void **)&lg->clients, &lg->client_cap, lg->client_count + 1,
                 sizeof *lg->clients);
        c = (uint32_t)lg->client_count++;
        lg->clients[c] = (ar_client){.id = info->id, .info = AR_NONE};
        map_put(&lg->client_map, h, c);
    }
    if (lg->clients[c].info != AR_NONE)
        return false;
    ar_xgrow((void **)&lg->infos, &lg->info_cap, lg->info_count + 1,
             sizeof *lg->infos);
    lg->infos[lg->info_count] = *info;
    lg->clients[c].info = (uint32_t)lg->info_count++;
    return true;
}

void ar_ledger_add_cost(ar_ledger *lg, const ar_cost *cost)
{
    ar_xgrow((void **)&lg->costs, &lg->cost_cap, lg->cost_count + 1,
             sizeof *lg->costs);
    lg->costs[lg->cost_count++] = *cost;
}

void ar_ledger_add_letter(ar_ledger *lg, const ar_letter_sent *letter)
{
    ar_xgrow((void **)&lg->letters, &lg->letter_cap, lg->letter_count + 1,
             sizeof *lg->letters);
    lg->letters[lg->letter_count++] = *letter;
}

bool ar_ledger_add_fx(ar_ledger *lg, const ar_fx_rate *rate)
{
    lg->fx_loaded = true;
    for (size_t i = 0; i < lg->fx_count; i++)
        if (strcmp(lg->fx[i].code, rate->code) == 0)
            return false;
    ar_xgrow((void **)&lg->fx, &lg->fx_cap, lg->fx_count + 1, sizeof *lg->fx);
    lg->fx[lg->fx_count++] = *rate;
    return true;
}

void ar_ledger_set_fx_loaded(ar_ledger *lg) { lg->fx_loaded = true; }
bool ar_ledger_fx_loaded(const ar_ledger *lg) { return lg->fx_loaded; }
size_t ar_ledger_fx_count(const ar_ledger *lg) { return lg->fx_count; }
const ar_fx_rate *ar_ledger_fx_rates(const ar_ledger *lg) { return lg->fx; }

const ar_fx_rate *ar_ledger_fx_of(const ar_ledger *lg, uint16_t c)
{
    const char *code = ar_ledger_currency_code(lg, c);
    for (size_t i = 0; code[0] && i < lg->fx_count; i++)
        if (strcmp(lg->fx[i].code, code) == 0)
            return &lg->fx[i];
    return NULL;
}

void ar_ledger_set_costs_loaded(ar_ledger *lg) { lg->costs_loaded = true; }
bool ar_ledger_costs_loaded(const ar_ledger *lg) { return lg->costs_loaded; }

void ar_ledger_set_open_balances(ar_ledger *lg) { lg->open_balances = true; }
bool ar_ledger_open_balances(const ar_ledger *lg) { return lg->open_balances; }

uint16_t ar_ledger_pick_base(ar_ledger *lg, const char *base_currency)
{
    if (base_currency && base_currency[0])
        return ar_ledger_currency(lg, base_currency, strlen(base_currency));
    return lg->have_first ? lg->first_currency : 0;
}

static void finish(ar_ledger *lg, uint16_t base, bool targets);

void ar_ledger_finish(ar_ledger *lg, const char *base_currency)
{
    finish(lg, ar_ledger_pick_base(lg, base_currency), true);
}

void ar_ledger_finish_without_targets(ar_ledger *lg,
                                      const char *base_currency)
{
    finish(lg, ar_ledger_pick_base(lg, base_currency), false);
}

/* SPEC §8.23 for the folded rows: blank currency is the base currency. */
static void fold_into_base(ar_folded *f, uint16_t base)
{
    if (base == 0 || f->currency_count == 0)
        return;
    if (base >= f->currency_count) { /* a policy base_currency unseen */
        size_t n = (size_t)base + 1;
        f->currencies = ar_xrealloc(f->currencies, n * sizeof *f->currencies);
        memset(f->currencies + f->currency_count, 0,
               (n - f->currency_count) * sizeof *f->currencies);
        f->type_totals = ar_xrealloc(f->type_totals, n * AR_DOC_COUNT_ *
                                                         sizeof *f->type_totals);
        memset(f->type_totals + f->currency_count * AR_DOC_COUNT_, 0,
               (n - f->currency_count) * AR_DOC_COUNT_ *
                   sizeof *f->type_totals);
        f->currency_count = n;
    }
    ar_folded_currency *to = &f->currencies[base], *from = &f->currencies[0];
    if (from->docs && (!to->docs || from->first_line < to->first_line))
        to->first_line = from->first_line;
    to->docs += from->docs;
    to->invoiced += from->invoiced;
    to->settled += from->settled;
    memset(from, 0, sizeof *from);
    for (int t = 0; t < AR_DOC_COUNT_; t++) {
        ar_cents *x = &f->type_totals[base * AR_DOC_COUNT_ + t];
        if (!ar_cents_add(x, f->type_totals[t]))
            f->type_totals_ok = false;
        f->type_totals[t] = 0;
    }
}

void ar_ledger_finish_with_base(ar_ledger *lg, uint16_t base)
{
    finish(lg, base, true);
}

static void finish(ar_ledger *lg, uint16_t base, bool targets)
{
    if (!lg->indexed)
        ar_ledger_drop_duplicates(lg, NULL);
    else if (!lg->doc_keys && targets)
        build_keys(lg); /* finished once before */
    size_t n = lg->doc_count;
    free(lg->target_inv);
    free(lg->target_deb);
    lg->target_inv = lg->target_deb = NULL;
    lg->targets_dropped = !targets; /* ar_ledger_target would abort */
    if (targets) {
        lg->target_inv = ar_xmalloc((n + 1) * sizeof *lg->target_inv);
        lg->target_deb = ar_xmalloc((n + 1) * sizeof *lg->target_deb);
        resolve_targets(lg, AR_DOC_INV, lg->target_inv);
        resolve_targets(lg, AR_DOC_DEB, lg->target_deb);
    }
    /* 8 bytes a document that nothing needs from here on */
    free(lg->doc_keys);
    lg->doc_keys = NULL;

    lg->base_currency = base;
    lg->base_decided = true;
    if (lg->folded)
        fold_into_base(lg->folded, base);
    if (base == 0)
        return;
    /* SPEC §8.23: a blank currency means the base currency. */
    for (size_t i = 0; i < lg->doc_count; i++)
        if (lg->docs[i].currency == 0)
            lg->docs[i].currency = base;
    for (size_t i = 0; i < lg->letter_count; i++)
        if (lg->letters[i].currency == 0)
            lg->letters[i].currency = base;
}

void ar_ledger_drop_targets(ar_ledger *lg)
{
    free(lg->target_inv);
    free(lg->target_deb);
    lg->target_inv = lg->target_deb = NULL;
    lg->targets_dropped = true;
}

size_t ar_ledger_doc_count(const ar_ledger *lg) { return lg->doc_count; }
const ar_doc *ar_ledger_docs(const ar_ledger *lg) { return lg->docs; }
size_t ar_ledger_client_count(const ar_ledger *lg) { return lg->client_count; }
const ar_client *ar_ledger_clients(const ar_ledger *lg) { return lg->clients; }
const ar_client_info *ar_ledger_infos(const ar_ledger *lg) { return lg->infos; }

void ar_ledger_set_info_country(ar_ledger *lg, size_t i, const char *code)
{
    if (i < lg->info_count)
        lg->infos[i].country = ar_ledger_intern(lg, code, strlen(code));
}
size_t ar_ledger_info_count(const ar_ledger *lg) { return lg->info_count; }
size_t ar_ledger_cost_count(const ar_ledger *lg) { return lg->cost_count; }
const ar_cost *ar_ledger_costs(const ar_ledger *lg) { return lg->costs; }
size_t ar_ledger_letter_count(const ar_ledger *lg) { return lg->letter_count; }
const ar_letter_sent *ar_ledger_letters(const ar_ledger *lg)
{
    return lg->letters;
}
size_t ar_ledger_currency_count(const ar_ledger *lg)
{
    return lg->currency_count;
}
const char *ar_ledger_currency_code(const ar_ledger *lg, uint16_t c)
{
    return c < lg->currency_count ? lg->currencies[c] : "";
}
uint16_t ar_ledger_base_currency(const ar_ledger *lg)
{
    return lg->base_currency;
}
bool ar_ledger_base_decided(const ar_ledger *lg) { return lg->base_decided; }

const ar_client_info *ar_ledger_info_of(const ar_ledger *lg, uint32_t c)
{
    uint32_t i = lg->clients[c].info;
    return i == AR_NONE ? NULL : &lg->infos[i];
}

void ar_ledger_mark_rejected(ar_ledger *lg, uint32_t c)
{
    uint32_t i = lg->clients[c].info;
    if (i != AR_NONE)
        lg->infos[i].rejected_rows = true;
}

bool ar_ledger_type_totals(const ar_ledger *lg, ar_cents *out)
{
    memset(out, 0, lg->currency_count * AR_DOC_COUNT_ * sizeof *out);
    if (lg->folded) { /* the rows were never all in memory */
        const ar_folded *f = lg->folded;
        memcpy(out, f->type_totals,
               f->currency_count * AR_DOC_COUNT_ * sizeof *out);
        return f->type_totals_ok;
    }
    for (size_t i = 0; i < lg->doc_count; i++) {
        const ar_doc *d = &lg->docs[i];
        if (!ar_cents_add(&out[d->currency * AR_DOC_COUNT_ + d->type],
                          d->amount))
            return false;
    }
    return true;
}

ar_folded *ar_ledger_fold_begin(ar_ledger *lg)
{
    ar_folded *f = lg->folded = ar_xcalloc(1, sizeof *f);
    f->currency_count = lg->currency_count;
    f->currencies = ar_xcalloc(f->currency_count + 1, sizeof *f->currencies);
    f->client_count = lg->client_count;
    f->clients = ar_xcalloc(f->client_count + 1, sizeof *f->clients);
    for (size_t c = 0; c < f->client_count; c++)
        f->clients[c].last_payment = AR_DATE_NONE;
    f->type_totals = ar_xcalloc(f->currency_count * AR_DOC_COUNT_ + 1,
                                sizeof *f->type_totals);
    f->type_totals_ok = true;
    return f;
}

const ar_folded *ar_ledger_folded(const ar_ledger *lg) { return lg->folded; }

void ar_ledger_note_used_client(ar_ledger *lg, uint32_t client)
{
    lg->clients[client].in_ledger = true;
}

void ar_ledger_note_first_currency(ar_ledger *lg, uint16_t currency)
{
    if (!lg->have_first) {
        lg->have_first = true;
        lg->first_currency = currency;
    }
}

void ar_ledger_order_by_line(ar_ledger *lg)
{
    size_t n = lg->doc_count;
    uint64_t *keys = ar_xmalloc((2 * n + 1) * sizeof *keys);
    for (size_t i = 0; i < n; i++)
        keys[i] = (uint64_t)lg->docs[i].line << 32 | i;
    ar_sort_keys_from(keys, keys + n, n, 32); /* index ascends */
    ar_doc *docs = ar_xmalloc((lg->doc_cap + 1) * sizeof *docs);
    for (size_t i = 0; i < n; i++)
        docs[i] = lg->docs[(uint32_t)keys[i]];
    free(keys);
    free(lg->docs);
    lg->docs = docs;
    free(lg->doc_keys);
    lg->doc_keys = NULL;
    lg->indexed = false;
}
