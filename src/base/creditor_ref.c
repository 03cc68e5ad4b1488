/* creditor_ref.c - ISO 11649 creditor references (creditor_ref.h). */
#include "ar/base/creditor_ref.h"

#include <ctype.h>
#include <stdio.h>
#include <string.h>

#include "ar/base/digest.h"

int ar_mod97(const char *s)
{
    int rem = 0;
    for (; *s; s++) {
        unsigned char c = (unsigned char)toupper((unsigned char)*s);
        if (c >= '0' && c <= '9')
            rem = (rem * 10 + (c - '0')) % 97;
        else if (c >= 'A' && c <= 'Z')
            rem = (rem * 100 + (c - 'A' + 10)) % 97;
        else
            return -1;
    }
    return rem;
}

bool ar_rf_make(const char *body, char out[AR_RF_MAX + 1])
{
    size_t n = strlen(body);
    out[0] = '\0';
    if (n < 1 || n > 21)
        return false;
    for (size_t i = 0; i < n; i++)
        if (!isalnum((unsigned char)body[i]))
            return false;
    /* ISO 11649: body + "RF00", mod 97, check = 98 - remainder */
    char buf[32];
    snprintf(buf, sizeof buf, "%sRF00", body);
    int check = 98 - ar_mod97(buf);
    snprintf(out, AR_RF_MAX + 1, "RF%02d", check);
    for (size_t i = 0; i < n; i++)
        out[4 + i] = (char)toupper((unsigned char)body[i]);
    out[4 + n] = '\0';
    return true;
}

bool ar_rf_valid(const char *s)
{
    char c[AR_RF_MAX + 1];
    size_t n = 0;
    for (; *s; s++) {
        if (*s == ' ')
            continue;
        if (n == AR_RF_MAX || !isalnum((unsigned char)*s))
            return false;
        c[n++] = (char)toupper((unsigned char)*s);
    }
    c[n] = '\0';
    if (n < 5 || c[0] != 'R' || c[1] != 'F' ||
        !isdigit((unsigned char)c[2]) || !isdigit((unsigned char)c[3]))
        return false;
    /* the first four characters go to the end, as in an IBAN */
    char moved[AR_RF_MAX + 1];
    snprintf(moved, sizeof moved, "%s%.4s", c + 4, c);
    return ar_mod97(moved) == 1;
}

char *ar_rf_print(const char *s, char *out, size_t size)
{
    size_t n = 0, k = 0;
    if (!size)
        return out;
    for (; *s && n + 2 < size; s++) {
        if (*s == ' ')
            continue;
        if (k && k % 4 == 0)
            out[n++] = ' ';
        out[n++] = *s;
        k++;
    }
    out[n] = '\0';
    return out;
}

void ar_rf_for_letter(const char *client_id, ar_date run_date, int stage,
                      char out[AR_RF_MAX + 1])
{
    char key[16];
    size_t n = strlen(client_id);
    bool plain = n >= 1 && n <= 14;
    for (size_t i = 0; plain && i < n; i++)
        plain = isdigit((unsigned char)client_id[i]) ||
                (client_id[i] >= 'A' && client_id[i] <= 'Z');
    if (plain) {
        memcpy(key, client_id, n + 1);
    } else {
        /* any other id: 11 base-36 digits of its digest, after an X */
        static const char digits[] = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ";
        char hex[65];
        ar_sha256_hex(client_id, n, hex);
        unsigned long long v = 0;
        for (int i = 0; i < 15; i++) {
            char h = hex[i];
            v = v * 16 + (unsigned)(h <= '9' ? h - '0' : h - 'a' + 10);
        }
        key[0] = 'X';
        for (int i = 11; i >= 1; i--, v /= 36)
            key[i] = digits[v % 36];
        key[12] = '\0';
    }
    int y, m, d;
    ar_date_to_ymd(run_date, &y, &m, &d);
    char body[32];
    snprintf(body, sizeof body, "%s%02d%02d%02d%d", key, y % 100, m, d,
             stage % 10);
    ar_rf_make(body, out);
}
