/* test_qr.c - QR codes: the mask qr.c picks (its own scoring of
 * libqrencode's rules) is the one libqrencode picks, module for module,
 * over thousands of payloads of every length an EPC code has; and the EPC
 * payload's rules. */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <qrencode.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "ar/pdf/qr.h"

/* A payload like an EPC code's of about len bytes, from seed. */
static void payload(char *buf, size_t len, unsigned seed)
{
    static const char chars[] = "ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789 "
                                "abcdefghijklmnopqrstuvwxyz.-/\n";
    int n = snprintf(buf, len + 1, "BCD\n002\n1\nSCT\nCOBADEFFXXX\n");
    for (size_t i = (size_t)n; i < len; i++) {
        seed = seed * 1103515245u + 12345u;
        buf[i] = chars[(seed >> 16) % (sizeof chars - 1)];
    }
    buf[len] = '\0';
}

static void test_qr_mask_is_libqrencodes_choice(void **state)
{
    (void)state;
    char text[400];
    int differ = 0, versions[41] = {0};
    for (unsigned k = 0; k < 3000; k++) {
        payload(text, 40 + k % 291, k * 2654435761u);
        QRcode *want = QRcode_encodeData((int)strlen(text),
                                         (const unsigned char *)text, 0,
                                         QR_ECLEVEL_M);
        ar_qr *got = ar_qr_encode(text);
        assert_non_null(want);
        assert_non_null(got);
        assert_int_equal(got->width, want->width);
        versions[want->version]++;
        size_t n = (size_t)want->width * (size_t)want->width;
        for (size_t i = 0; i < n; i++)
            if (got->dark[i] != (want->data[i] & 1)) {
                differ++;
                break;
            }
        QRcode_free(want);
        ar_qr_free(got);
    }
    assert_int_equal(differ, 0);
    int sizes = 0; /* the payloads reach several versions */
    for (int v = 0; v <= 40; v++)
        sizes += versions[v] > 0;
    assert_true(sizes >= 5);
}

static void test_qr_epc_payload_rules(void **state)
{
    (void)state;
    char buf[400];
    /* the ISO 11649 creditor reference in the structured remittance
     * field (line 10), no unstructured text after it (#19) */
    assert_true(ar_epc_payload(buf, sizeof buf, "COBADEFFXXX", "Kessler",
                               "DE89 3704 0044 0532 0130 00", 238450,
                               "RF18539007547034"));
    assert_string_equal(buf, "BCD\n002\n1\nSCT\nCOBADEFFXXX\nKessler\n"
                             "DE89370400440532013000\nEUR2384.50\n\n"
                             "RF18539007547034");
    /* EPC069-12: at least a cent, an IBAN, a reference of at most 35 */
    assert_false(ar_epc_payload(buf, sizeof buf, "", "K", "DE89", 0, "x"));
    assert_false(ar_epc_payload(buf, sizeof buf, "", "K", "", 100, "x"));
    assert_false(ar_epc_payload(buf, sizeof buf, "", "K", "DE89", 100,
                                "RF18539007547034539007547034539007547"));
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_qr_mask_is_libqrencodes_choice),
        cmocka_unit_test(test_qr_epc_payload_rules),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
