#!/usr/bin/env python3
"""Older, settled history in front of a ledger (performance issue: memory
grows with the open items and clients, not with the file size).

    add_history.py LEDGER OUT ROWS

Writes OUT: ROWS rows of history (an invoice and the payment that settles
it in full, dated 2019-2022, in each client's own currency) followed by
LEDGER unchanged. The open items, clients, stages and letters as of
2026-10-31 stay the same, so what a run needs more is the price of the
settled history alone. Same arguments, same bytes.
"""
import sys


def main():
    src, dst, rows = sys.argv[1], sys.argv[2], int(sys.argv[3])
    currency = {}  # client -> the currency of its first row
    with open(src, encoding="utf-8") as f:
        cols = f.readline().rstrip("\r\n").split(",")
        ci, cu = cols.index("client_id"), cols.index("currency")
        for line in f:
            fields = line.split(",")
            currency.setdefault(fields[ci], fields[cu])
    clients = list(currency)
    col = {c: i for i, c in enumerate(cols)}

    def row(**values):
        r = [""] * len(cols)
        for k, v in values.items():
            r[col[k]] = v
        return ",".join(r) + "\n"

    with open(dst, "w", encoding="utf-8", newline="") as out, \
            open(src, encoding="utf-8", newline="") as f:
        out.write(f.readline())
        for k in range(rows // 2):
            c = clients[k % len(clients)]
            y, m, d = 2019 + k % 4, 1 + k % 12, 1 + k % 27
            amount = "%d.%02d" % (100 + k % 9000, k % 100)
            out.write(row(doc_type="INV", doc_no="HINV-%08d" % k, client_id=c,
                          doc_date="%d-%02d-%02d" % (y, m, d),
                          due_date="%d-%02d-%02d" % (y, m, d),
                          amount=amount, currency=currency[c]))
            out.write(row(doc_type="PAY", doc_no="HPAY-%08d" % k, client_id=c,
                          doc_date="%d-%02d-%02d" % (y, m, d + 1),
                          amount=amount, currency=currency[c],
                          applies_to="HINV-%08d" % k))
        for line in f:
            out.write(line)


if __name__ == "__main__":
    main()
