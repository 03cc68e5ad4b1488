#!/usr/bin/python3
"""Writes the hostile-input corpus of tests/hostile/expected.tsv into OUTDIR.

    tests/hostile/gen.py OUTDIR

Every file is generated (same bytes on every run, no randomness but a seeded
generator) so that the big ones (a 2 MB field, 20,000 columns, 5,000
duplicates) need not be committed. Client ids are those of
samples/clients.csv where a case wants letters; hostile.sh runs each file
with --clients tests/hostile/clients.csv.
"""
import os
import random
import sys

HEADER = "doc_type,doc_no,client_id,doc_date,due_date,amount,currency,applies_to,settled_date,disputed"
NL = "\n"


def rows(*lines):
    return (HEADER + NL + NL.join(lines) + NL).encode()


def good(n, client="H1", start=1):
    """n plain overdue invoices of client."""
    return [f"INV,G{start + i},{client},2026-08-01,2026-08-31,100.00,EUR,,,N" for i in range(n)]


def write(out, name, data):
    with open(os.path.join(out, name), "wb") as f:
        f.write(data)


def main():
    out = sys.argv[1]
    os.makedirs(out, exist_ok=True)
    rng = random.Random(8)

    write(out, "empty.csv", b"")
    write(out, "bom_only.csv", b"\xef\xbb\xbf")
    write(out, "bom_newline.csv", b"\xef\xbb\xbf\r\n\r\n")
    write(out, "header_only.csv", (HEADER + NL).encode())
    write(out, "header_only_no_newline.csv", HEADER.encode())
    write(out, "missing_columns.csv",
          b"doc_type,doc_no,doc_date,due_date\nINV,A1,2026-01-01,2026-01-31\n")
    write(out, "header_bad_quote.csv", b'doc_type,"doc_no,client_id\nINV,1,2\n')

    # noise: 64 KiB from a seeded generator, NUL bytes included
    write(out, "random_binary.bin", bytes(rng.getrandbits(8) for _ in range(65536)))
    # noise without any NUL byte (invalid UTF-8 on line 1)
    write(out, "random_high_bytes.bin",
          bytes(rng.randrange(0x80, 0x100) for _ in range(4096)))
    # a ZIP/xlsx header mistaken for CSV
    write(out, "zip_magic.csv", b"PK\x03\x04\x14\x00\x06\x00" + bytes(200))

    write(out, "nul_in_row.csv",
          rows(*good(2)) + b"INV,N1,H1,2026-08-01,2026-08-31,1\x0000.00,EUR,,,N\n")
    write(out, "invalid_utf8.csv",
          rows(*good(3)) + b"INV,U1,H1,2026-08-01,2026-08-31,100.00,EUR,,,\xc3\x28\n")
    write(out, "utf8_overlong.csv",
          rows(*good(1)) + b"INV,U2,\xc0\xafH1,2026-08-01,2026-08-31,1.00,EUR,,,N\n")
    write(out, "utf8_surrogate.csv",
          rows(*good(1)) + b"INV,U3,H\xed\xa0\x80,2026-08-01,2026-08-31,1.00,EUR,,,N\n")
    write(out, "utf8_truncated_at_eof.csv", rows(*good(1)) + b"INV,U4,H1\xe2\x82")
    # valid UTF-8 of every length, 4-byte sequences included: not an error
    # (the emoji sits in an ignored column: the letter fonts lack it)
    write(out, "utf8_valid_exotic.csv",
          ((HEADER + ",note\n") +
           "INV,Ω-1,H1,2026-08-01,2026-08-31,100.00,EUR,,,N,é€😀\n"
           "INV,Ж-2,H1,2026-08-01,2026-08-31,100.00,EUR,,,N,􏿿\n").encode())

    big = "9" * (2 * 1024 * 1024)
    write(out, "field_2mb_amount.csv",
          rows(*good(2), f"INV,B1,H1,2026-08-01,2026-08-31,{big},EUR,,,N"))
    write(out, "field_2mb_quoted_multiline.csv",
          rows(*good(2), 'INV,B2,H1,2026-08-01,2026-08-31,"' +
               ("x" * 1023 + "\n") * 2048 + '",EUR,,,N', *good(1, start=3)))
    write(out, "field_2mb_ignored_column.csv",
          ((HEADER + ",note" + NL).encode() +
           f"INV,B3,H1,2026-08-01,2026-08-31,100.00,EUR,,,N,{'n' * (2 << 20)}\n".encode()))
    write(out, "field_2mb_doc_no.csv",
          rows(*good(1), f"INV,{'D' * (2 << 20)},H1,2026-08-01,2026-08-31,100.00,EUR,,,N"))
    write(out, "field_2mb_client_id.csv",
          rows(*good(1), f"INV,B5,{'C' * (2 << 20)},2026-08-01,2026-08-31,100.00,EUR,,,N"))

    extra = ",".join(f"x{i}" for i in range(20000 - 10))
    vals = ",".join("v" for _ in range(20000 - 10))
    write(out, "cols_20000.csv",
          (HEADER + "," + extra + NL +
           "".join(f"INV,W{i},H1,2026-08-01,2026-08-31,100.00,EUR,,,N,{vals}\n"
                   for i in range(20))).encode())
    write(out, "fields_20000_in_row.csv",
          rows(*good(2), "INV,W1,H1,2026-08-01,2026-08-31,100.00,EUR,,,N," + vals))

    write(out, "unterminated_quote.csv",
          rows(*good(2), 'INV,Q1,H1,"2026-08-01,2026-08-31,100.00,EUR,,,N', *good(3, start=3)))
    write(out, "stray_quotes.csv",
          rows(*good(1), 'INV,Q2,H1,2026-08-01,2026-08-31,1"00.00,EUR,,,N',
               'INV,"Q3"x,H1,2026-08-01,2026-08-31,100.00,EUR,,,N', *good(1, start=2)))
    write(out, "cr_only.csv", rows(*good(5)).replace(b"\n", b"\r"))
    write(out, "mixed_line_ends.csv",
          (HEADER + "\r\n" + good(1)[0] + "\r" + good(1, start=2)[0] + "\n" +
           good(1, start=3)[0] + "\r\n\r\n\n" + good(1, start=4)[0]).encode())
    write(out, "no_final_newline.csv", rows(*good(3))[:-1])
    write(out, "no_final_newline_quoted.csv",
          rows(*good(1), 'INV,"NF,1",H1,2026-08-01,2026-08-31,"1,000.00",EUR,,,"N"')[:-1])
    write(out, "blank_lines_only.csv", (HEADER + NL + NL * 500 + " \n").encode())

    write(out, "amount_overflow_single.csv",
          rows(*good(1),
               "INV,O1,H1,2026-08-01,2026-08-31,92233720368547758.08,EUR,,,N",
               "INV,O2,H1,2026-08-01,2026-08-31,99999999999999999999999999999.99,EUR,,,N",
               "INV,O3,H1,2026-08-01,2026-08-31,-92233720368547758.08,EUR,,,N",
               "INV,O4,H1,2026-08-01,2026-08-31,\"(92,233,720,368,547,758.09)\",EUR,,,N"))
    # each amount fits, their sum does not: 2,000 x 90 trillion
    write(out, "amount_overflow_sum.csv",
          rows(*[f"INV,S{i},H{i % 7 + 1},2026-08-01,2026-08-31,90000000000000.00,EUR,,,N"
                 for i in range(2000)]))
    # the sum of payments overflows, the invoices are small
    write(out, "amount_overflow_sum_payments.csv",
          rows(*good(1), *[f"PAY,P{i},H1,2026-08-01,,90000000000000.00,EUR,,,"
                           for i in range(2000)]))
    # the largest amount that parses, once: no sum overflows
    write(out, "amount_max_single.csv",
          rows("INV,M1,H1,2026-08-01,2026-08-31,92233720368547758.07,EUR,,,N"))

    write(out, "impossible_dates.csv", rows(
        *good(1),
        "INV,D1,H1,2023-02-29,2023-03-31,1.00,EUR,,,N",      # not a leap year
        "INV,D2,H1,2024-13-01,,1.00,EUR,,,N",                # month 13
        "INV,D3,H1,2024-04-31,,1.00,EUR,,,N",                # April 31
        "INV,D4,H1,0000-01-01,,1.00,EUR,,,N",                # year 0
        "INV,D5,H1,10000-01-01,,1.00,EUR,,,N",               # year 10000
        "INV,D6,H1,2024-00-10,,1.00,EUR,,,N",                # month 0
        "INV,D7,H1,2024-01-00,,1.00,EUR,,,N",                # day 0
        "INV,D8,H1,2024-01-01,2024-02-30,1.00,EUR,,,N",      # bad due date
        "INV,D9,H1,2024-01-01,,1.00,EUR,,2024-06-31,N",      # bad settled date
        "INV,D10,H1,2024-01-01T24:00,,1.00,EUR,,,N",         # hour 24
        "INV,D11,H1,-2024-01-01,,1.00,EUR,,,N",              # sign
        "INV,D12,H1,2024-1-1x,,1.00,EUR,,,N",                # trailing junk
        "INV,D13,H1,99999999999-01-01,,1.00,EUR,,,N",        # year overflow
        "INV,D14,H1,2024-01-99999999999,,1.00,EUR,,,N",      # day overflow
        "PAY,D15,H1,2024-02-30,,1.00,EUR,G1,,",              # bad PAY date
    ))
    # the extremes of the calendar are real dates and must age without wrap
    write(out, "extreme_dates.csv", rows(
        "INV,E1,H1,0001-01-01,0001-01-01,10.00,EUR,,,N",
        "INV,E2,H1,2026-01-01,9999-12-31,20.00,EUR,,,N",
        "INV,E3,H2,9999-12-31,9999-12-31,30.00,EUR,,,N",     # after D: not yet
        "PAY,E4,H1,0001-06-01,,5.00,EUR,E1,,",
    ))
    # pre-1970 settlements must apply in date order (SPEC §8.10): the 1969
    # PAY comes before the 1970 settled_date payment, which takes the rest
    write(out, "dates_before_1970.csv", rows(
        "INV,P1,H1,1969-01-01,1969-01-31,1000.00,EUR,,1970-01-05,N",
        "PAY,P2,H1,1969-06-01,,400.00,EUR,P1,,",
        "INV,P3,H1,2026-08-01,2026-08-31,100.00,EUR,,,N",
    ))

    write(out, "duplicates_5000.csv",
          rows(*["INV,DUP-1,H1,2026-08-01,2026-08-31,100.00,EUR,,,N"] * 5000))

    formulas = ["=HYPERLINK(\"http://x\",\"y\")", "+1 555", "-2+3", "@SUM(A1)",
                "\t=1+1", "=cmd|'/C calc'!A0"]
    def q(s):
        return '"' + s.replace('"', '""') + '"'
    write(out, "formula_every_column.csv",
          rows(*[",".join(q(f) for _ in range(10)) for f in formulas]))
    # formulas in the text columns of rows that are otherwise valid
    write(out, "formula_keys.csv", rows(
        *[f"INV,{q(f + '-' + str(i))},{q(f)},2026-06-01,2026-06-30,700.00,EUR,,,N"
          for i, f in enumerate(formulas)]))

    # many clients and one row each: ids with path and shell characters
    ids = ["../../etc/passwd", "/abs/path", "a/b", "..", ".", "con", "x\\y",
           "id with space", "ÄÖÜ", "a:b*c?d", "-rf", ".hidden", "~root", "$(id)"]
    write(out, "hostile_client_ids.csv", rows(
        *[f"INV,HC{i},{q(c)},2026-06-01,2026-06-30,700.00,EUR,,,N" for i, c in enumerate(ids)]))
    with open(os.path.join(out, "hostile_clients.csv"), "w", encoding="utf-8") as f:
        f.write("client_id,name,address1,city,postal_code,country\n")
        for c in ids:
            name = '=HYPERLINK("http://evil","' + c + '")'
            f.write(q(c) + "," + q(name) + ',"+1 Main St",@city,-12345,DE\n')

    # clients files: noise, a 2 MB name, formula-looking text
    write(out, "clients_binary.csv", b"client_id,name\n" + bytes(range(256)))
    write(out, "clients_2mb_name.csv",
          ("client_id,name,address1,city,postal_code,country\n"
           f"H1,{'N' * (2 << 20)},{'A' * (1 << 20)},Berlin,10115,DE\n").encode())


if __name__ == "__main__":
    main()
