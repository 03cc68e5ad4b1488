#!/usr/bin/env python3
"""The 10-currency case of tests/e2e/currencies.sh (issue 20 item 2).

    currencies_case.py gen DIR        write ledger.csv, clients.csv,
                                      costs.csv, fx.csv, policy.ini
    currencies_case.py expect DIR     print the figures a run must give,
                                      as JSON, computed here from the
                                      files alone

The ledger is simple enough to settle by hand: invoices, payments that
name their invoice (never more than is open), credit notes that name
theirs, and payments that name none (unapplied credits). Each client bills
in one currency (EUR is the base), 10 currencies in all; costs fall in the
KPI window for clients of every currency, and one for a client with no
ledger row. Same arguments, same bytes.
"""
import datetime as dt
import json
import os
import random
import sys
from fractions import Fraction

AS_OF = dt.date(2026, 10, 31)
CURRENCIES = [  # code, rate to EUR as of D (exact decimal text), source
    ("EUR", "1", "base"),
    ("USD", "0.9234567", "ECB reference rate 2026-10-30"),
    ("GBP", "1.1532", "ECB reference rate 2026-10-30"),
    ("CHF", "1.0581", "ECB reference rate 2026-10-30"),
    ("JPY", "0.006123", "ECB reference rate 2026-10-30"),
    ("SEK", "0.08715", "ECB reference rate 2026-10-30"),
    ("PLN", "0.2315", "ECB reference rate 2026-10-30"),
    ("CZK", "0.03977", "ECB reference rate 2026-10-30"),
    ("DKK", "0.134061", "ECB reference rate 2026-10-30"),
    ("NOK", "0.085123456789", "ECB reference rate 2026-10-30"),
]
BUCKETS = [("current", None, 0), ("1-30", 1, 30), ("31-60", 31, 60),
           ("61-90", 61, 90), ("91-120", 91, 120), ("over-120", 121, None)]
W, C, R = 90, 45, 365


def money(cents):
    sign = "-" if cents < 0 else ""
    cents = abs(cents)
    return "%s%d.%02d" % (sign, cents // 100, cents % 100)


def gen(out):
    rng = random.Random(20261031)
    os.makedirs(out, exist_ok=True)
    led = ["doc_type,doc_no,client_id,doc_date,due_date,amount,currency,"
           "applies_to"]
    cli = ["client_id,name,address1,city,postal_code,country"]
    cst = ["date,client_id,action,cost"]
    n = 0
    start = AS_OF - dt.timedelta(days=560)
    for k in range(60):
        cur = CURRENCIES[k % len(CURRENCIES)][0]
        cid = "K%03d" % k
        cli.append("%s,Client %d %s,Street %d,City,%05d,DE" % (cid, k, cur,
                                                             k, k))
        scale = 100 if cur == "JPY" else 1  # yen amounts are larger
        day = start + dt.timedelta(days=rng.randint(0, 20))
        while day <= AS_OF + dt.timedelta(days=10):
            n += 1
            no = "I%05d" % n
            amount = rng.randint(5000, 900000) * scale
            due = day + dt.timedelta(days=rng.choice([14, 30, 45]))
            led.append("INV,%s,%s,%s,%s,%s,%s," % (no, cid, day, due,
                                                   money(amount), cur))
            fate = rng.random()
            open_ = amount
            pays = []
            if fate < 0.55:  # paid, on time or late, maybe in two parts
                when = due + dt.timedelta(days=rng.randint(-10, 70))
                if rng.random() < 0.3:
                    part = amount // 3
                    pays.append((when - dt.timedelta(days=12), part, "PAY"))
                    pays.append((when, amount - part, "PAY"))
                else:
                    pays.append((when, amount, "PAY"))
            elif fate < 0.65:  # partly paid, partly credited
                pays.append((due + dt.timedelta(days=rng.randint(0, 40)),
                             amount // 2, "PAY"))
                pays.append((due + dt.timedelta(days=rng.randint(41, 80)),
                             amount // 5, "CRN"))
            for when, amt, kind in pays:
                if when < day:
                    when = day
                n += 1
                led.append("%s,%s%05d,%s,%s,,%s,%s,%s" % (
                    kind, "P" if kind == "PAY" else "C", n, cid, when,
                    money(amt), cur, no))
                open_ -= amt
            day += dt.timedelta(days=rng.randint(12, 45))
        if k % 7 == 3:  # cash on account
            n += 1
            led.append("PAY,U%05d,%s,%s,,%s,%s," % (
                n, cid, AS_OF - dt.timedelta(days=rng.randint(1, 200)),
                money(rng.randint(1000, 50000) * scale), cur))
        for _ in range(rng.randint(1, 3)):
            cst.append("%s,%s,%s,%s" % (
                AS_OF - dt.timedelta(days=rng.randint(0, 130)), cid,
                rng.choice(["letter", "call", "collector"]),
                money(rng.randint(500, 20000))))
    cst.append("%s,NOBODY,letter,12.34" % (AS_OF - dt.timedelta(days=5)))
    with open(os.path.join(out, "ledger.csv"), "w") as f:
        f.write("\n".join(led) + "\n")
    with open(os.path.join(out, "clients.csv"), "w") as f:
        f.write("\n".join(cli) + "\n")
    with open(os.path.join(out, "costs.csv"), "w") as f:
        f.write("\n".join(cst) + "\n")
    with open(os.path.join(out, "fx.csv"), "w") as f:
        f.write("currency,rate,source\n")
        for code, rate, src in CURRENCIES[1:]:
            f.write("%s,%s,%s\n" % (code, rate, src))
    with open(os.path.join(out, "policy.ini"), "w") as f:
        f.write("[general]\nbase_currency = EUR\n")


def cents(text):
    return int((Fraction(text) * 100).limit_denominator(1))


def read(out):
    import csv
    with open(os.path.join(out, "ledger.csv"), newline="") as f:
        rows = list(csv.DictReader(f))
    with open(os.path.join(out, "costs.csv"), newline="") as f:
        costs = list(csv.DictReader(f))
    return rows, costs


def half_even(x):
    """Fraction -> int, half to even."""
    fl = x.numerator // x.denominator
    rem = x - fl
    if rem > Fraction(1, 2) or (rem == Fraction(1, 2) and fl % 2):
        fl += 1
    return fl


def expect(out):
    rows, costs = read(out)
    D = AS_OF
    S = D.replace(day=1) - dt.timedelta(days=1)
    date = dt.date.fromisoformat
    items, apps, credits = {}, [], []
    for r in rows:
        d = date(r["doc_date"])
        a = cents(r["amount"])
        if r["doc_type"] == "INV":
            items[r["doc_no"]] = dict(client=r["client_id"],
                                      cur=r["currency"], date=d,
                                      due=date(r["due_date"]), amount=a)
        elif r["applies_to"]:
            apps.append(dict(item=r["applies_to"], date=d, amount=a,
                             kind=r["doc_type"]))
        else:
            credits.append(dict(client=r["client_id"], cur=r["currency"],
                                date=d, amount=a))
    # settle date of each item (apps in date order, never past open)
    settled = {}
    for no, it in items.items():
        paid = 0
        for ap in sorted((x for x in apps if x["item"] == no),
                         key=lambda x: x["date"]):
            paid += ap["amount"]
            if paid >= it["amount"] and no not in settled:
                settled[no] = ap["date"]

    def open_at(no, day):
        it = items[no]
        return it["amount"] - sum(ap["amount"] for ap in apps
                                  if ap["item"] == no and ap["date"] <= day)

    curs = [c for c, _, _ in CURRENCIES]
    fig = {c: dict(buckets=[0] * 6, credits=0, sales_w=0, ar_s=0,
                   sales_s=0, due_amount=0, collected_45=0,
                   recovered_w=0, late_days=0, late_count=0, over_90=0,
                   items=0, clients=set())
           for c in curs}
    for no, it in items.items():
        f = fig[it["cur"]]
        if it["date"] > D:
            continue
        o = open_at(no, D)
        dpd = (D - it["due"]).days
        if o > 0:
            b = 0 if dpd <= 0 else next(i for i, (_, lo, hi) in
                                        enumerate(BUCKETS) if i and
                                        dpd >= lo and (hi is None or
                                                       dpd <= hi))
            f["buckets"][b] += o
            f["items"] += 1
            f["clients"].add(it["client"])
            if dpd > 90:
                f["over_90"] += o
        if it["date"] > D - dt.timedelta(days=W):
            f["sales_w"] += it["amount"]
        if it["date"] > S:
            f["sales_s"] += it["amount"]
        if it["date"] <= S:
            f["ar_s"] += open_at(no, S)
        lo, hi = D - dt.timedelta(days=W + C), D - dt.timedelta(days=C)
        if lo < it["due"] <= hi:
            f["due_amount"] += it["amount"]
            f["collected_45"] += sum(
                ap["amount"] for ap in apps if ap["item"] == no and
                ap["date"] <= it["due"] + dt.timedelta(days=C))
        on = settled.get(no)
        if on and on <= D and on > it["due"] and \
                on > D - dt.timedelta(days=W):
            f["late_days"] += (on - it["due"]).days
            f["late_count"] += 1
    for ap in apps:
        it = items[ap["item"]]
        if ap["kind"] == "PAY" and D - dt.timedelta(days=W) < ap["date"] <= D \
                and ap["date"] > it["due"]:
            fig[it["cur"]]["recovered_w"] += ap["amount"]
    for cr in credits:
        if cr["date"] <= D:
            fig[cr["cur"]]["credits"] += cr["amount"]
        if cr["date"] <= S:
            fig[cr["cur"]]["ar_s"] -= cr["amount"]
    # retention: per client (each bills in one currency)
    ret = {c: [0, 0] for c in curs}
    for cl in sorted({it["client"] for it in items.values()}):
        mine = [(no, it) for no, it in items.items() if it["client"] == cl]
        late = [settled[no] for no, it in mine if no in settled and
                settled[no] > it["due"] and
                D - dt.timedelta(days=R) < settled[no] <=
                D - dt.timedelta(days=W)]
        if not late:
            continue
        cur = mine[0][1]["cur"]
        last = max(late)
        ret[cur][0] += 1
        if any(last < it["date"] <= D for _, it in mine):
            ret[cur][1] += 1
    client_cur = {it["client"]: it["cur"] for it in items.values()}
    cost_all = cost_base = 0
    left_rows = 0
    for c in costs:
        d = date(c["date"])
        if not (D - dt.timedelta(days=W) < d <= D):
            continue
        v = cents(c["cost"])
        cost_all += v
        if client_cur.get(c["client_id"], "EUR") == "EUR":
            cost_base += v
        else:
            left_rows += 1

    def kpis(f, ret_b, ret_k, cost):
        ar_d = sum(f["buckets"]) - f["credits"]
        cur_d = f["buckets"][0]

        def ratio(n, d, s):
            return None if d == 0 else n / d * s
        return {
            "dso": ratio(ar_d, f["sales_w"], W),
            "best_possible_dso": ratio(cur_d, f["sales_w"], W),
            "add": ratio(ar_d - cur_d, f["sales_w"], W),
            "cei": ratio(f["ar_s"] + f["sales_s"] - ar_d,
                         f["ar_s"] + f["sales_s"] - cur_d, 100),
            "collection_rate_45": ratio(f["collected_45"], f["due_amount"],
                                        100),
            "days_to_payment": ratio(f["late_days"], f["late_count"], 1),
            "retention": ratio(ret_k, ret_b, 100),
            "cost_per_recovery": ratio(cost, f["recovered_w"], 100),
        }

    rate = {c: Fraction(r) for c, r, _ in CURRENCIES}
    cons = dict(buckets=[0] * 6, credits=0, sales_w=0, ar_s=0, sales_s=0,
                due_amount=0, collected_45=0, recovered_w=0, late_days=0,
                late_count=0, over_90=0)
    for c in curs:
        f = fig[c]

        def conv(v):
            return half_even(v * rate[c])
        for b in range(6):
            cons["buckets"][b] += conv(f["buckets"][b])
        for key in ("credits", "sales_w", "ar_s", "sales_s", "due_amount",
                    "collected_45", "recovered_w", "over_90"):
            cons[key] += conv(f[key])
        cons["late_days"] += f["late_days"]
        cons["late_count"] += f["late_count"]
    ret_all = [sum(v[0] for v in ret.values()),
               sum(v[1] for v in ret.values())]
    base = fig["EUR"]
    every = set().union(*(fig[c]["clients"] for c in curs))
    return {
        "kpi": kpis(base, ret["EUR"][0], ret["EUR"][1], cost_base),
        "kpi_consolidated": kpis(cons, ret_all[0], ret_all[1], cost_all),
        "consolidated_buckets": cons["buckets"],
        "consolidated_credits": cons["credits"],
        "consolidated_over_90": cons["over_90"],
        "coverage": {
            "clients_with_balance": len(base["clients"]),
            "clients_with_balance_all": len(every),
            "open_items": base["items"],
            "open_items_all": sum(fig[c]["items"] for c in curs),
            "cost_rows_left_out": left_rows,
            "costs_left_out_cents": cost_all - cost_base,
        },
        "per_currency": {c: {"open": sum(fig[c]["buckets"]),
                             "credits": fig[c]["credits"],
                             "buckets": fig[c]["buckets"]} for c in curs},
        "costs_base": cost_base,
        "costs_all": cost_all,
    }


if __name__ == "__main__":
    if sys.argv[1] == "gen":
        gen(sys.argv[2])
    else:
        json.dump(expect(sys.argv[2]), sys.stdout, indent=1)
