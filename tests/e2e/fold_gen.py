#!/usr/bin/env python3
"""A small ledger made to trip the fold of closed history (fold.c), for
tests/e2e/fold.sh: every row kind, old and recent, for a run as of
2026-10-31, and the cases that link rows to each other.

    fold_gen.py SEED DIR [DOMINANT]

Writes DIR/ledger.csv and DIR/clients.csv. Same seed, same bytes.
DOMINANT adds that many rows more of one client (K000), spread through
the file: invoices from 2018 to 2026 with their payments, every 50th paid
in part, so that one partition by client holds most of the ledger.
Besides plain paid invoices from 2018 on, it has: partial payments and
overpayments; payments dated before their invoice; payments naming a DEB,
an unknown number, another client's invoice, an invoice in another
currency, or nothing; a DEB and an INV sharing a number; settled_date
items (old and recent, some settled before their own date, and on an
item paid in part); zero
amounts; items due years after they were issued; rows dated after the
as-of date; blank currencies; disputed items; duplicate numbers in the
same client and across clients, the first one old and closed.
"""
import random
import sys
from datetime import date, timedelta

COLS = ("doc_type,doc_no,client_id,doc_date,due_date,amount,currency,"
        "applies_to,settled_date,disputed")


def main():
    seed, out = int(sys.argv[1]), sys.argv[2]
    dominant = int(sys.argv[3]) if len(sys.argv) > 3 else 0
    rnd = random.Random(seed)
    clients = ["K%03d" % k for k in range(40)]
    money = {c: rnd.choice(["EUR", "EUR", "USD", ""]) for c in clients}
    rows = []
    serial = [0]

    def no(prefix):
        serial[0] += 1
        return "%s-%05d" % (prefix, serial[0])

    def day(lo, hi):
        return lo + timedelta(days=rnd.randrange((hi - lo).days + 1))

    def amount():
        return rnd.choice([0, 1, 99, 1250, 10000, 123456, 5000000])

    def add(t, n, c, d, amt, due="", cur=None, ref="", settled="", disp=""):
        cur = money[c] if cur is None else cur
        rows.append([t, n, c, d.isoformat(), due and due.isoformat(),
                     "%d.%02d" % divmod(amt, 100), cur, ref,
                     settled and settled.isoformat(), disp])

    first, last = date(2018, 1, 1), date(2027, 2, 28)
    for _ in range(900):
        c = rnd.choice(clients)
        d = day(first, last)
        kind = "DEB" if rnd.random() < 0.1 else "INV"
        n = no(kind)
        amt = amount()
        due = d + timedelta(days=rnd.choice([0, 14, 30, 60, 900]))
        settled = ""
        r = rnd.random()
        if r < 0.08:
            # (some before the item's own date: an export can say so)
            settled = d + timedelta(days=rnd.randrange(-60, 200))
        add(kind, n, c, d, amt, due, settled=settled,
            disp=rnd.choice(["", "", "", "N", "Y"]))
        # its settlements
        r = rnd.random()
        pay = d + timedelta(days=rnd.randrange(-20, 400))
        if r < 0.55:
            add("PAY", no("PAY"), c, pay, amt, ref=n)
        elif r < 0.65:
            part = amt // 2
            add("PAY", no("PAY"), c, pay, part, ref=n)
            if rnd.random() < 0.5:
                add(rnd.choice(["CRN", "WO"]), no("CRN"), c,
                    pay + timedelta(days=rnd.randrange(0, 300)),
                    amt - part, ref=n)
        elif r < 0.70:
            add("PAY", no("PAY"), c, pay, amt + 500, ref=n)  # overpaid
        elif r < 0.73:
            other = rnd.choice(clients)
            add("PAY", no("PAY"), other, pay, amt, ref=n)  # wrong client
        elif r < 0.76:
            add("PAY", no("PAY"), c, pay, amt,
                cur=rnd.choice(["GBP", "USD", "EUR"]), ref=n)
        elif r < 0.80:
            add("PAY", no("PAY"), c, pay, amt)  # no applies_to
        elif r < 0.82:
            add("PAY", no("PAY"), c, pay, amt, ref="NOPE-%d" % serial[0])
        # else: still open
    # an INV and a DEB with one number, paid by number
    for k in range(15):
        c = rnd.choice(clients)
        d = day(first, date(2026, 9, 30))
        n = "SHARED-%d" % k
        add("DEB", n, c, d, 700, d + timedelta(days=30))
        add("INV", n, c, d + timedelta(days=rnd.randrange(0, 2000)), 900,
            d + timedelta(days=60))
        add("PAY", no("PAY"), c, d + timedelta(days=rnd.randrange(1, 90)),
            700, ref=n)
    # duplicates: an old closed original, then copies in the same and in
    # other clients
    for k in range(30):
        src = rnd.choice(rows[:len(rows) // 3])
        dup = list(src)
        if rnd.random() < 0.5:
            dup[2] = rnd.choice(clients)
        dup[3] = day(first, last).isoformat()
        rows.append(dup)
    # apply_unapplied = oldest has credits to spread
    for k in range(40):
        c = rnd.choice(clients)
        add("CRN", no("CRN"), c, day(first, last), amount())
    for k in range(dominant // 2):
        d = day(date(2018, 1, 1), date(2026, 10, 1))
        amt = 100 + k % 90000
        n = "DOM-%07d" % k
        add("INV", n, "K000", d, amt, d + timedelta(days=30))
        add("PAY", "DOMP-%07d" % k, "K000", d + timedelta(days=k % 60),
            amt // 2 if k % 50 == 0 else amt, ref=n)
    rnd.shuffle(rows)
    with open(out + "/ledger.csv", "w", encoding="utf-8", newline="") as f:
        f.write(COLS + "\n")
        for r in rows:
            f.write(",".join(r) + "\n")
    with open(out + "/clients.csv", "w", encoding="utf-8",
              newline="") as f:
        f.write("client_id,name,address1,city,postal_code,country,email,"
                "language\n")
        for k, c in enumerate(clients):
            if k % 5 == 4:
                continue  # unknown clients are aged, get no letter
            f.write("%s,Client %d GmbH,Street %d,Town,%05d,DE,"
                    "ap%d@example.com,%s\n"
                    % (c, k, k, 10000 + k, k, ["en", "de", "fr"][k % 3]))


if __name__ == "__main__":
    main()
