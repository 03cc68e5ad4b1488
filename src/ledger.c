/* ledger.c - the ingested model: a string pool, client and document
 * indexes (open addressing), and the arrays the analysis reads. */
#include "ar/ledger.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* An open-addressing set of uint32 indexes; keys live elsewhere. */
typedef struct index_map {
    uint32_t *slots; /* AR_NONE = empty */
    size_t cap;      /* power of two */
    size_t used;
} index_map;

struct ar_ledger {
    char *pool;
    size_t pool_len, pool_cap;

    ar_doc *docs;
    size_t doc_count, doc_cap;
    index_map doc_map;

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
    uint16_t first_currency;
    bool have_first;
    bool costs_loaded;
};

static const char *const doc_type_names[AR_DOC_COUNT_] = {
    [AR_DOC_INV] = "INV", [AR_DOC_DEB] = "DEB", [AR_DOC_CRN] = "CRN",
    [AR_DOC_PAY] = "PAY", [AR_DOC_WO] = "WO",
};

const char *ar_doc_type_name(ar_doc_type t)
{
    return (unsigned)t < AR_DOC_COUNT_ ? doc_type_names[t] : "?";
}

static uint64_t hash_bytes(const char *s, size_t len, uint64_t seed)
{
    uint64_t h = 1469598103934665603ULL ^ seed;
    for (size_t i = 0; i < len; i++) {
        h ^= (unsigned char)s[i];
        h *= 1099511628211ULL;
    }
    return h ^ (h >> 29);
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

/* Key accessors, so one probe loop serves both maps. */
static uint64_t doc_hash(const ar_ledger *lg, uint32_t i)
{
    const ar_doc *d = &lg->docs[i];
    const char *s = lg->pool + d->doc_no;
    return hash_bytes(s, strlen(s), d->type);
}

static uint64_t client_hash(const ar_ledger *lg, uint32_t i)
{
    const char *s = lg->pool + lg->clients[i].id;
    return hash_bytes(s, strlen(s), 0);
}

static void map_grow(ar_ledger *lg, index_map *m,
                     uint64_t (*hash)(const ar_ledger *, uint32_t))
{
    size_t cap = m->cap * 2;
    uint32_t *slots = ar_xmalloc(cap * sizeof *slots);
    memset(slots, 0xff, cap * sizeof *slots);
    for (size_t i = 0; i < m->cap; i++) {
        uint32_t v = m->slots[i];
        if (v == AR_NONE)
            continue;
        size_t j = hash(lg, v) & (cap - 1);
        while (slots[j] != AR_NONE)
            j = (j + 1) & (cap - 1);
        slots[j] = v;
    }
    free(m->slots);
    m->slots = slots;
    m->cap = cap;
}

ar_ledger *ar_ledger_new(void)
{
    ar_ledger *lg = ar_xcalloc(1, sizeof *lg);
    lg->pool_cap = 4096;
    lg->pool = ar_xmalloc(lg->pool_cap);
    lg->pool[0] = '\0';
    lg->pool_len = 1; /* offset 0 is the empty string */
    map_init(&lg->doc_map);
    map_init(&lg->client_map);
    ar_ledger_currency(lg, "", 0);
    return lg;
}

void ar_ledger_free(ar_ledger *lg)
{
    if (!lg)
        return;
    free(lg->pool);
    free(lg->docs);
    map_fini(&lg->doc_map);
    free(lg->clients);
    map_fini(&lg->client_map);
    free(lg->infos);
    free(lg->costs);
    free(lg->letters);
    free(lg->currencies);
    free(lg);
}

ar_str ar_ledger_intern(ar_ledger *lg, const char *s, size_t len)
{
    if (len == 0)
        return 0;
    if (lg->pool_len + len + 1 > UINT32_MAX) {
        fprintf(stderr, "arbatch: string pool over 4 GiB\n");
        abort();
    }
    ar_xgrow((void **)&lg->pool, &lg->pool_cap, lg->pool_len + len + 1, 1);
    ar_str at = (ar_str)lg->pool_len;
    memcpy(lg->pool + at, s, len);
    lg->pool[at + len] = '\0';
    lg->pool_len += len + 1;
    return at;
}

const char *ar_ledger_text(const ar_ledger *lg, ar_str s)
{
    return lg->pool + s;
}

static bool text_equals(const ar_ledger *lg, ar_str s, const char *t,
                        size_t len)
{
    const char *p = lg->pool + s;
    return strncmp(p, t, len) == 0 && p[len] == '\0';
}

uint32_t ar_ledger_find_client(const ar_ledger *lg, const char *id,
                               size_t len)
{
    const index_map *m = &lg->client_map;
    size_t j = hash_bytes(id, len, 0) & (m->cap - 1);
    for (;; j = (j + 1) & (m->cap - 1)) {
        uint32_t v = m->slots[j];
        if (v == AR_NONE || text_equals(lg, lg->clients[v].id, id, len))
            return v;
    }
}

uint32_t ar_ledger_client(ar_ledger *lg, const char *id, size_t len)
{
    uint32_t found = ar_ledger_find_client(lg, id, len);
    if (found != AR_NONE)
        return found;
    ar_xgrow((void **)&lg->clients, &lg->client_cap, lg->client_count + 1,
             sizeof *lg->clients);
    uint32_t c = (uint32_t)lg->client_count++;
    lg->clients[c] = (ar_client){.id = ar_ledger_intern(lg, id, len),
                                 .info = AR_NONE};
    index_map *m = &lg->client_map;
    if ((m->used + 1) * 2 > m->cap)
        map_grow(lg, m, client_hash);
    size_t j = hash_bytes(id, len, 0) & (m->cap - 1);
    while (m->slots[j] != AR_NONE)
        j = (j + 1) & (m->cap - 1);
    m->slots[j] = c;
    m->used++;
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

uint32_t ar_ledger_find_doc(const ar_ledger *lg, ar_doc_type t,
                            const char *doc_no, size_t len)
{
    const index_map *m = &lg->doc_map;
    size_t j = hash_bytes(doc_no, len, t) & (m->cap - 1);
    for (;; j = (j + 1) & (m->cap - 1)) {
        uint32_t v = m->slots[j];
        if (v == AR_NONE)
            return AR_NONE;
        if (lg->docs[v].type == t &&
            text_equals(lg, lg->docs[v].doc_no, doc_no, len))
            return v;
    }
}

uint32_t ar_ledger_add_doc(ar_ledger *lg, const ar_doc *doc)
{
    ar_xgrow((void **)&lg->docs, &lg->doc_cap, lg->doc_count + 1,
             sizeof *lg->docs);
    uint32_t i = (uint32_t)lg->doc_count++;
    lg->docs[i] = *doc;
    lg->clients[doc->client].in_ledger = true;
    if (!lg->have_first) {
        lg->have_first = true;
        lg->first_currency = doc->currency;
    }
    index_map *m = &lg->doc_map;
    if ((m->used + 1) * 2 > m->cap)
        map_grow(lg, m, doc_hash);
    size_t j = doc_hash(lg, i) & (m->cap - 1);
    while (m->slots[j] != AR_NONE)
        j = (j + 1) & (m->cap - 1);
    m->slots[j] = i;
    m->used++;
    return i;
}

bool ar_ledger_add_info(ar_ledger *lg, const ar_client_info *info)
{
    const char *id = lg->pool + info->id;
    uint32_t c = ar_ledger_client(lg, id, strlen(id));
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

void ar_ledger_set_costs_loaded(ar_ledger *lg) { lg->costs_loaded = true; }
bool ar_ledger_costs_loaded(const ar_ledger *lg) { return lg->costs_loaded; }

void ar_ledger_finish(ar_ledger *lg, const char *base_currency)
{
    uint16_t base = lg->have_first ? lg->first_currency : 0;
    if (base_currency && base_currency[0])
        base = ar_ledger_currency(lg, base_currency, strlen(base_currency));
    lg->base_currency = base;
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

size_t ar_ledger_doc_count(const ar_ledger *lg) { return lg->doc_count; }
const ar_doc *ar_ledger_docs(const ar_ledger *lg) { return lg->docs; }
size_t ar_ledger_client_count(const ar_ledger *lg) { return lg->client_count; }
const ar_client *ar_ledger_clients(const ar_ledger *lg) { return lg->clients; }
const ar_client_info *ar_ledger_infos(const ar_ledger *lg) { return lg->infos; }
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

const ar_client_info *ar_ledger_info_of(const ar_ledger *lg, uint32_t c)
{
    uint32_t i = lg->clients[c].info;
    return i == AR_NONE ? NULL : &lg->infos[i];
}

bool ar_ledger_type_totals(const ar_ledger *lg, ar_cents *out)
{
    memset(out, 0, lg->currency_count * AR_DOC_COUNT_ * sizeof *out);
    for (size_t i = 0; i < lg->doc_count; i++) {
        const ar_doc *d = &lg->docs[i];
        if (!ar_cents_add(&out[d->currency * AR_DOC_COUNT_ + d->type],
                          d->amount))
            return false;
    }
    return true;
}
