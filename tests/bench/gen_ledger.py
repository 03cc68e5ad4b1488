#!/usr/bin/env python3
"""Deterministic synthetic AR data for `make bench` (issue: performance).

    gen_ledger.py ROWS OUTDIR [--seed N] [--as-of YYYY-MM-DD]

Writes OUTDIR/ledger.csv (about ROWS rows), clients.csv (ROWS/10 clients),
costs.csv and history.csv. Same arguments, same bytes. The mix: invoices and
debit notes, payments with and without applies_to, partial payments, credit
notes, write-offs, unapplied cash, disputes, every aging bucket and dunning
stage, UTF-8 client names from several countries, a few foreign-currency
clients. About one client in six ends up with a letter.
"""
import argparse
import datetime as dt
import os
import random

COUNTRIES = [
    ("DE", "de", "EUR", ["Müller", "Schäfer", "Groß", "Köhler", "Weiß"], ["GmbH", "AG", "KG"],
     ["Berlin", "München", "Köln", "Düsseldorf"], "{:05d}"),
    ("FR", "fr", "EUR", ["Société", "Lefèvre", "Bérénice", "Château", "Crémieux"], ["SARL", "SA", "SAS"],
     ["Paris", "Lyon", "Orléans", "Besançon"], "{:05d}"),
    ("PL", "pl", "EUR", ["Łódź", "Gdańsk", "Żabka", "Wrocław", "Świętokrzyskie"], ["Sp. z o.o.", "S.A."],
     ["Łódź", "Kraków", "Poznań"], "{:02d}-{:03d}"),
    ("GB", "en", "GBP", ["Smith", "O'Brien", "Whitfield", "Ashworth", "Hale"], ["Ltd", "PLC", "LLP"],
     ["London", "Leeds", "Bristol"], "SW{:d} {:d}AB"),
    ("US", "en", "EUR", ["Acme", "Northwind", "Contoso", "Fabrikam", "Initech"], ["Inc.", "LLC", "Corp."],
     ["Boston", "Austin", "Denver"], "{:05d}"),
    ("ES", "es", "EUR", ["Núñez", "Peña", "Ibáñez", "Muñoz"], ["S.L.", "S.A."],
     ["Madrid", "Sevilla", "A Coruña"], "{:05d}"),
    ("SE", "en", "EUR", ["Åkesson", "Öberg", "Ängström", "Björk"], ["AB"],
     ["Göteborg", "Malmö", "Uppsala"], "{:03d} {:02d}"),
    ("CZ", "en", "EUR", ["Čapek", "Dvořák", "Šťastný", "Růžička"], ["s.r.o.", "a.s."],
     ["Praha", "Brno", "Plzeň"], "{:03d} {:02d}"),
]


def postal(rng, fmt):
    n = fmt.count("{")
    return fmt.format(*[rng.randint(1, 99999 if n == 1 else 99) for _ in range(n)])


def money(cents):
    return "%d.%02d" % (cents // 100, cents % 100)


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("rows", type=int)
    ap.add_argument("outdir")
    ap.add_argument("--seed", type=int, default=20261031)
    ap.add_argument("--as-of", default="2026-10-31")
    a = ap.parse_args()
    rng = random.Random(a.seed)
    as_of = dt.date.fromisoformat(a.as_of)
    n_clients = max(1, a.rows // 10)
    os.makedirs(a.outdir, exist_ok=True)

    clients = open(os.path.join(a.outdir, "clients.csv"), "w", encoding="utf-8", newline="")
    ledger = open(os.path.join(a.outdir, "ledger.csv"), "w", encoding="utf-8", newline="")
    costs = open(os.path.join(a.outdir, "costs.csv"), "w", encoding="utf-8", newline="")
    history = open(os.path.join(a.outdir, "history.csv"), "w", encoding="utf-8", newline="")
    clients.write("client_id,name,contact,address1,address2,city,region,postal_code,country,"
                  "email,phone,segment,annual_revenue,strategic,prior_collections,account_manager,language\n")
    ledger.write("doc_type,doc_no,client_id,doc_date,due_date,amount,currency,applies_to,settled_date,disputed\n")
    costs.write("date,client_id,action,cost,doc_no,note\n")
    history.write("run_date,client_id,stage,doc_nos,amount\n")

    rows = 0
    inv_no = pay_no = crn_no = wo_no = deb_no = 0
    start = as_of - dt.timedelta(days=730)
    for c in range(n_clients):
        cid = "C%07d" % (c + 1)
        cc, lang, cur, stems, forms, cities, pfmt = COUNTRIES[c % len(COUNTRIES)]
        name = "%s %s %s" % (rng.choice(stems), rng.choice(stems), rng.choice(forms))
        if '"' in name or "," in name:
            name = '"%s"' % name.replace('"', '""')
        segment = ""
        strategic = "N"
        prior = 0
        r = rng.random()
        if r < 0.02:
            segment = "VIP"
        elif r < 0.04:
            strategic = "Y"
        elif r < 0.07:
            prior = 1
        revenue = money(rng.randint(5_000_00, 250_000_00)) if rng.random() < 0.3 else ""
        manager = "Anna Berger" if (segment == "VIP" or strategic == "Y") else ""
        clients.write("%s,%s,Accounts Payable,%d Main Street,,%s,,%s,%s,ap%d@example.com,+49 30 %07d,"
                      "%s,%s,%s,%d,%s,%s\n" % (cid, name, rng.randint(1, 200), rng.choice(cities),
                                               postal(rng, pfmt), cc, c, c, segment, revenue, strategic,
                                               prior, manager, lang))
        # behaviour: how late this client pays and whether it stops paying
        late_mean = rng.choice([0, 0, 0, 2, 5, 10, 20, 40])
        stops = rng.random() < 0.04        # leaves recent invoices unpaid
        unpaid_age = rng.choice([3, 10, 20, 35, 50, 80, 100, 150, 200])
        n_inv = 6
        for k in range(n_inv):
            inv_no += 1
            doc_no = "INV-%08d" % inv_no
            if k < n_inv - 1:
                d = start + dt.timedelta(days=rng.randint(0, 680))
            else:
                d = as_of - dt.timedelta(days=rng.randint(0, 60))
            terms = rng.choice([14, 30, 30, 30, 60])
            due = d + dt.timedelta(days=terms)
            amount = rng.randint(50_00, 20_000_00)
            disputed = "Y" if rng.random() < 0.03 else "N"
            last_open = stops and k >= n_inv - 2
            if last_open:
                # backdate so that the item is unpaid_age days past due
                due = as_of - dt.timedelta(days=unpaid_age + rng.randint(0, 5))
                d = due - dt.timedelta(days=terms)
            register = rng.random() < 0.3 and not last_open
            late = max(0, int(rng.expovariate(1 / late_mean)) if late_mean else 0)
            pay_day = due + dt.timedelta(days=late - rng.randint(0, 5))
            if pay_day < d:
                pay_day = d
            settled = pay_day.isoformat() if register and pay_day <= as_of + dt.timedelta(days=20) else ""
            ledger.write("INV,%s,%s,%s,%s,%s,%s,,%s,%s\n" % (doc_no, cid, d, due, money(amount),
                                                            cur, settled, disputed))
            rows += 1
            if register or last_open:
                continue
            if pay_day > as_of + dt.timedelta(days=20):
                continue
            x = rng.random()
            if x < 0.80:                       # full payment
                pay_no += 1
                ledger.write("PAY,PAY-%08d,%s,%s,,%s,%s,%s,,\n" % (pay_no, cid, pay_day, money(amount),
                                                                  cur, doc_no))
                rows += 1
            elif x < 0.90:                     # partial payment + credit note
                part = amount * rng.randint(30, 90) // 100
                pay_no += 1
                crn_no += 1
                ledger.write("PAY,PAY-%08d,%s,%s,,%s,%s,%s,,\n" % (pay_no, cid, pay_day, money(part),
                                                                  cur, doc_no))
                ledger.write("CRN,CRN-%08d,%s,%s,,%s,%s,%s,,\n" % (crn_no, cid, pay_day, money(amount - part),
                                                                  cur, doc_no))
                rows += 2
            elif x < 0.95 and due > as_of - dt.timedelta(days=60):
                # partial payment of a recent invoice, the rest stays open
                pay_no += 1
                ledger.write("PAY,PAY-%08d,%s,%s,,%s,%s,%s,,\n" % (pay_no, cid, pay_day,
                                                                  money(amount // 2), cur, doc_no))
                rows += 1
            elif x < 0.95:                     # paid in full after all
                pay_no += 1
                ledger.write("PAY,PAY-%08d,%s,%s,,%s,%s,%s,,\n" % (pay_no, cid, pay_day, money(amount),
                                                                  cur, doc_no))
                rows += 1
            elif x < 0.97:                     # written off late
                wo_no += 1
                ledger.write("WO,WO-%08d,%s,%s,,%s,%s,%s,,\n" % (wo_no, cid, due + dt.timedelta(days=92),
                                                                money(amount), cur, doc_no))
                rows += 1
            elif due > as_of - dt.timedelta(days=60):  # cash without a reference
                pay_no += 1
                ledger.write("PAY,PAY-%08d,%s,%s,,%s,%s,,,\n" % (pay_no, cid, pay_day, money(amount), cur))
                rows += 1
            else:                              # old: matched by now
                pay_no += 1
                ledger.write("PAY,PAY-%08d,%s,%s,,%s,%s,%s,,\n" % (pay_no, cid, pay_day, money(amount),
                                                                  cur, doc_no))
                rows += 1
        if rng.random() < 0.05:
            deb_no += 1
            d = as_of - dt.timedelta(days=rng.randint(0, 120))
            ledger.write("DEB,DEB-%08d,%s,%s,%s,%s,%s,,,N\n" % (deb_no, cid, d, d + dt.timedelta(days=14),
                                                               money(rng.randint(10_00, 500_00)), cur))
            rows += 1
        if stops and rng.random() < 0.5:
            for m in (1, 2):
                run = as_of - dt.timedelta(days=(30 * m - 25) + rng.randint(0, 12))
                history.write("%s,%s,%d,,%s\n" % (run, cid, rng.randint(1, 4), money(rng.randint(100_00, 9_000_00))))
            costs.write("%s,%s,letter,1.20,,\n" % (as_of - dt.timedelta(days=rng.randint(1, 80)), cid))
            if rng.random() < 0.3:
                costs.write("%s,%s,call,8.50,,\n" % (as_of - dt.timedelta(days=rng.randint(1, 80)), cid))
            if unpaid_age >= 80 and rng.random() < 0.3:
                costs.write("%s,%s,agency fee,45.00,,\n" % (as_of - dt.timedelta(days=rng.randint(1, 80)), cid))
        if rows >= a.rows:
            break
    for f in (clients, ledger, costs, history):
        f.close()
    print("%s: %d ledger rows, %d clients" % (a.outdir, rows, c + 1))


if __name__ == "__main__":
    main()
