/* summary_schema.h - the tables of summary.sqlite, version 1 (summary.h;
 * README "More than one machine" documents each). Amounts are integer
 * cents, dates integer days since 1970-01-01 (NULL: none), line numbers
 * those of the original files; currencies and clients are named by code
 * and id, rows refer to currencies by the part's own idx. */
#ifndef AR_SUMMARY_SCHEMA_H
#define AR_SUMMARY_SCHEMA_H

#define AR_SUMMARY_SCHEMA                                                    \
    "CREATE TABLE meta(key TEXT PRIMARY KEY, value TEXT NOT NULL);"          \
    "CREATE TABLE inputs(seq INTEGER PRIMARY KEY, role TEXT NOT NULL,"       \
    " path TEXT NOT NULL, file TEXT NOT NULL, sha256 TEXT NOT NULL);"        \
    "CREATE TABLE currencies(idx INTEGER PRIMARY KEY, code TEXT NOT NULL,"   \
    " first_line INTEGER NOT NULL, folded_docs INTEGER,"                     \
    " folded_first_line INTEGER, folded_invoiced INTEGER,"                   \
    " folded_settled INTEGER);"                                              \
    "CREATE TABLE clients(id TEXT PRIMARY KEY, first_line INTEGER NOT NULL," \
    " seen INTEGER, seen_base INTEGER, seen_other INTEGER,"                  \
    " last_payment INTEGER, last_payment_amount INTEGER,"                    \
    " days_late_sum INTEGER, revenue INTEGER, settled_count INTEGER,"        \
    " max_days_late INTEGER);"                                               \
    "CREATE TABLE docs(line INTEGER NOT NULL, client TEXT NOT NULL,"         \
    " currency INTEGER NOT NULL, type INTEGER NOT NULL,"                     \
    " amount INTEGER NOT NULL, doc_date INTEGER, due_date INTEGER,"          \
    " settled_date INTEGER, disputed INTEGER NOT NULL,"                      \
    " companion INTEGER NOT NULL, doc_no TEXT NOT NULL, applies_to TEXT);"   \
    "CREATE TABLE figures(name TEXT NOT NULL, i INTEGER NOT NULL,"           \
    " j INTEGER NOT NULL, value INTEGER NOT NULL);"                          \
    "CREATE TABLE derived(seq INTEGER PRIMARY KEY, " AR_SUMMARY_INFO_TEXTS   \
    ", segment INTEGER, strategic INTEGER, has_revenue INTEGER,"             \
    " annual_revenue INTEGER, prior_collections INTEGER, line INTEGER,"      \
    " from_ledger INTEGER, rejected_rows INTEGER);"                          \
    "CREATE TABLE rejects(seq INTEGER PRIMARY KEY, file TEXT, line INTEGER," \
    " col TEXT, reason INTEGER, value TEXT, detail TEXT,"                    \
    " has_amount INTEGER, currency TEXT, amount INTEGER,"                    \
    " has_client INTEGER, client_hash INTEGER);"                             \
    "CREATE TABLE skipped(seq INTEGER PRIMARY KEY, line INTEGER,"            \
    " reason INTEGER, first_field TEXT);"                                    \
    "CREATE TABLE letters(client TEXT PRIMARY KEY, stage INTEGER,"           \
    " pages INTEGER, qr INTEGER, tight INTEGER, out_of_range INTEGER,"       \
    " rejected INTEGER, abroad INTEGER, unmailable INTEGER, bad_cp INTEGER," \
    " amount_due INTEGER, sha256 TEXT, address TEXT, pages_data BLOB);"      \
    "CREATE TABLE held_statements(client TEXT, bad_cp INTEGER);"             \
    "CREATE TABLE chars(which INTEGER, cp INTEGER);"

/* The text columns of a client's master data, in the order of
 * AR_SUMMARY_INFO_FIELDS. */
#define AR_SUMMARY_INFO_TEXTS                                                \
    "id, name, contact, address1, address2, city, region, postal_code,"      \
    " country, email, phone, account_manager, language, title, family_name," \
    " manager_phone, manager_email"
#define AR_SUMMARY_INFO_COUNT 17

/* The ar_str fields of ar_client_info *in, as an initializer. */
#define AR_SUMMARY_INFO_FIELDS(in)                                           \
    {&(in)->id,          &(in)->name,          &(in)->contact,               \
     &(in)->address1,    &(in)->address2,      &(in)->city,                  \
     &(in)->region,      &(in)->postal_code,   &(in)->country,               \
     &(in)->email,       &(in)->phone,         &(in)->account_manager,       \
     &(in)->language,    &(in)->title,         &(in)->family_name,           \
     &(in)->manager_phone, &(in)->manager_email}

#endif
