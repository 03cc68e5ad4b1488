#!/usr/bin/python3
"""Writes the seed corpus of the fuzz harnesses into tests/fuzz/corpus/.

    tests/fuzz/seeds.py        (run from the repo root; same bytes each time)

Seeds are small, valid-looking inputs that the fuzzer mutates; `make test`
replays them (and tests/fuzz/regress/) through the harnesses.
"""
import os
import struct

ROOT = "tests/fuzz/corpus"


def put(target, name, data):
    d = os.path.join(ROOT, target)
    os.makedirs(d, exist_ok=True)
    with open(os.path.join(d, name), "wb") as f:
        f.write(data if isinstance(data, bytes) else data.encode())


def head(path, lines):
    with open(path, "rb") as f:
        return b"".join(f.readlines()[:lines])


def main():
    # ingest: option byte, as-of (2 bytes), then the file
    asof = struct.pack(">H", 2495)  # 2026-10-31 from 2020-01-01
    put("fuzz_ingest", "ledger", b"\x00" + asof + head("samples/ledger.csv", 60))
    put("fuzz_ingest", "ledger_oldest", b"\x10" + asof + head("samples/ledger.csv", 30))
    put("fuzz_ingest", "clients", b"\x01" + asof + head("samples/clients.csv", 8))
    put("fuzz_ingest", "costs", b"\x02" + asof + head("samples/costs.csv", 10))
    put("fuzz_ingest", "history", b"\x03" + asof + head("samples/history.csv", 10))
    put("fuzz_ingest", "european", b"\x2c" + asof + (
        "doc_type;doc_no;client_id;doc_date;due_date;amount;currency;applies_to;settled_date;disputed\n"
        "INV;1;A;01.02.2026;03.03.2026;1.234,56;EUR;;;N\n"
        "PAY;2;A;05.03.2026;;\"1.000,00\";EUR;1;;\n"
        "INV;3;B;01.02.2026;;(5,00);EUR;;15.03.2026;ja\n").encode())
    put("fuzz_ingest", "quoting", b"\x00" + asof + (
        "\ufeffdoc_type,doc_no,client_id,doc_date,due_date,amount\r\n"
        "INV,\"A,1\",\"C\"\"1\",2026-01-01,2026-01-31,\"1,000.00\"\r\n"
        "INV,\"multi\nline\",C2,2026-01-01,,$12.50\r\n"
        "\r\n"
        "WO,x,C2,2026-02-01,,12.50,EUR,multi\nline\r\n"
        "CRN,\"unterminated,C1,2026-01-01,,1\n").encode())
    for name in ("bad_amount.csv", "bad_date.csv", "duplicate_doc_no.csv",
                 "malformed_quote.csv", "multiline_field.csv", "semicolon.csv",
                 "tab.csv", "wrong_field_count.csv", "crlf_bom.csv"):
        p = os.path.join("samples/bad", name)
        if os.path.exists(p):
            put("fuzz_ingest", "bad_" + name.replace(".csv", ""), b"\x00" + asof + head(p, 40))

    # money: mode 0 '.', 1 ',', 2 arithmetic on three int64
    for i, s in enumerate(["1234.56", "1,234.56", "(1,234.56)", "$ 5", "5 €",
                           "-0.01", "92233720368547758.07", "¥1,000", "₹12.5",
                           "+7.00", "  42 ", "£(3.10)", "1,234.56-",
                           "2309.7899999999995"]):
        put("fuzz_money", f"dot{i}", b"\x00" + s.encode())
    for i, s in enumerate(["1.234,56", "1 234,56", "1\u00a0234,56", "1\u202f234,56",
                           "(12,00)", "€ 3,5", "0,00", "425,50-"]):
        put("fuzz_money", f"comma{i}", b"\x01" + s.encode())
    put("fuzz_money", "arith", b"\x02" + struct.pack(">qqq", 2**62, 3, -7))
    put("fuzz_money", "arith_min", b"\x02" + struct.pack(">qqq", -2**63, -1, 1))

    # date: pattern index, 255 = own pattern up to NUL, 254 = day number
    for i, s in enumerate([b"\x00" b"2024-02-29", b"\x01" b"2/29/2024", b"\x02" b"29.02.2024",
                           b"\x03" b"31/12/9999", b"\x04" b"00010101", b"\x05" b"2023/1/9",
                           b"\x00" b" 2026-10-31\t", b"\xff" b"%d-%m-%Y\x0001-02-2024",
                           b"\xff" b"Y%Y M%m D%d\x00Y2024 M2 D9",
                           b"\xfe" b"\x00\x0a\xbc\xde",
                           b"\x00" b"2020-04-15 12:25:01.718750000",
                           b"\x00" b"2026-07-25T00:00:00+02:00", b"\x01" b"07/25/2026 3:04Z",
                           b"\x04" b"20190307.000",
                           b"\xff" b"%b %d, %Y\x00Jul 25, 2026",
                           b"\xff" b"%d. %B %y\x00" + "25. März 26".encode(),
                           b"\xff%d-%b-%Y\x0003-f\xc3\xa9vr.-2026"]):
        put("fuzz_date", f"d{i}", s)

    # policy: the default file and a few variants
    put("fuzz_policy", "default.ini", open("layouts/policy.ini", "rb").read())
    put("fuzz_policy", "variant.ini",
        "[general]\nbase_currency = eur\napply_unapplied = oldest\n"
        "[input]\ndate_format = %d.%m.%Y\ndecimal_mark = comma\ndelimiter = semicolon\n"
        "[columns]\namount = Betrag\ndoc_no = Beleg\n"
        "[aging]\nbuckets = 15, 45\nsheet_max_rows = 2\n"
        "[dunning]\nstage_days = 2, 4, 6, 8, 10\nwait_days = 0, 0, 0, 0, 0\n"
        "[fees]\nfees_enabled = yes\nstage_fee = 1.00, 2.00, 3.00, 4.00, 5.00\n"
        "interest_rate = 8.12\n[kpi]\ntrend_months = 60\n[letters]\npage_size = letter\n")
    put("fuzz_policy", "bad.ini", "[nope]\nkey = 1\n[aging]\nbuckets = 60, 30\n")
    put("fuzz_policy", "empty.ini", "")

    # safe_name: two ids separated by NUL
    for i, s in enumerate([b"C1001\x00C1002", b"a/b\x00a_b", b"../../etc/passwd\x00..",
                           b"con.txt\x00CON", b"\xc5\x81\xc3\xb3d\xc5\xba\x00Lodz",
                           b"x" * 70 + b"\x00" + b"x" * 71, b"-rf\x00.hidden",
                           b"a b\x00a\tb"]):
        put("fuzz_safe_name", f"ids{i}", s)


if __name__ == "__main__":
    main()
