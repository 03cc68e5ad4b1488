#!/usr/bin/python3
"""convert.py SAMPLES OUT: samples/ledger.csv and clients.csv (our layout,
SPEC §2.1) written as each preset's export (SPEC §2.6), the way that system
writes it (layouts/formats/<preset>.ini and its fixture under
tests/fixtures/exports/<preset>/ show how), for tests/e2e/roundtrip.sh.

What is open, and when each document was settled, is worked out here from
the canonical rows alone (SPEC §2.1, §8.9, §8.10: PAY/CRN/WO by applies_to
in date order, settled_date on an invoice after the credits of its day, the
excess an unapplied credit), never from arbatch's outputs. Writes
OUT/<preset>/ (the export, a clients file where the preset needs one) and
OUT/manifest.json: per preset its files, its client keys (-> our ids) and
what the test must expect where the layout cannot say what our ledger says.

Constant exchange rates (EUR per unit) stand for the books' rates: no
exchange differences arise."""
import csv
import io
import json
import os
import sys
from datetime import date, timedelta
from decimal import ROUND_HALF_UP, Decimal

AS_OF = date(2026, 10, 31)  # the close of `make run`; open-balance exports
EXPORT_SAP = date(2026, 11, 6)  # SAP: all items, exported after the last row
RATES = {"GBP": Decimal("1.17"), "USD": Decimal("0.92")}
BUCKETS = ("current", "1-30", "31-60", "61-90", "91-120", "over-120")


class Doc:
    """One canonical row; amounts in cents, dates as date."""

    def __init__(self, i, r):
        d = lambda s: date.fromisoformat(s) if s else None
        self.i, self.type, self.no, self.client = i, r["doc_type"], r["doc_no"], r["client_id"]
        self.date, self.settled = d(r["doc_date"]), d(r["settled_date"])
        self.due = d(r["due_date"]) or self.date  # SPEC §2.1: blank = due on doc_date
        self.cents = int(Decimal(r["amount"]) * 100)
        self.cur, self.applies = r["currency"] or "EUR", r["applies_to"]
        self.disputed = r["disputed"].strip().lower() in ("y", "yes", "true", "1")

    @property
    def item(self):
        return self.type in ("INV", "DEB")


class Book:
    """The settlements of the ledger up to `until` (SPEC §2.1, §8.9-§8.10).
    open[item], apps[item] = [(date, source doc or None for settled_date,
    cents)], settled_on[item]; applied[credit] = (item, cents),
    unapplied[credit] = cents not applied."""

    def __init__(self, docs, until):
        self.open, self.apps, self.settled_on, self.applied, self.unapplied = {}, {}, {}, {}, {}
        by_no = {}
        for d in docs:
            if d.item:
                by_no.setdefault((d.type, d.no), d)
            if d.item and d.date <= until:
                self.open[d], self.apps[d] = d.cents, []
        events = []
        for d in docs:
            if d.date > until:
                continue
            if not d.item:
                events.append((d.date, 0, d.i, d))
            elif d.settled and d.settled <= until:
                events.append((d.settled, 1, d.i, d))
        for when, kind, _, d in sorted(events, key=lambda e: e[:3]):
            if kind == 1:
                if self.open[d] > 0:
                    self.settle(d, when, None, self.open[d])
                continue
            t = None
            for k in ("INV", "DEB"):
                x = by_no.get((k, d.applies))
                if d.applies and x and x.client == d.client and x.date <= until:
                    t = x
                    break
            take = min(d.cents, self.open[t]) if t and t.cur == d.cur else 0
            if take:
                self.settle(t, when, d, take)
                self.applied[d] = (t, take)
            if d.cents > take:
                self.unapplied[d] = d.cents - take

    def settle(self, item, when, source, cents):
        self.apps[item].append((when, source, cents))
        self.open[item] -= cents
        if self.open[item] == 0:
            self.settled_on[item] = when


def bucket(due, as_of=AS_OF):
    days = (as_of - due).days
    if days <= 0:
        return "current"
    return BUCKETS[min(5, (days - 1) // 30 + 1)]


def home(cents, cur):
    """A foreign amount in EUR at the constant rate, to the cent."""
    if cur == "EUR":
        return cents
    return int((Decimal(cents) * RATES[cur]).quantize(Decimal(1), ROUND_HALF_UP))


def money(cents, mark=".", group="", trail=False):
    """-1234567 -> -12345.67, -12,345.67 (group ','), 12.345,67- (SAP)."""
    s = "{:,}".format(abs(cents) // 100).replace(",", group)
    s = "%s%s%02d" % (s, mark, abs(cents) % 100)
    return s if cents >= 0 else s + "-" if trail else "-" + s


def pyfloat(cents):
    """What a Python export writes for an amount: 2480.0, 3366.99."""
    return repr(cents / 100)


def us_date(d):
    return "%d/%d/%d" % (d.month, d.day, d.year)


def write(path, rows, delimiter=",", lineterminator="\r\n", bom=False,
          quoting=csv.QUOTE_MINIMAL, head=""):
    buf = io.StringIO()
    buf.write(head)
    csv.writer(buf, delimiter=delimiter, lineterminator=lineterminator,
               quoting=quoting).writerows(rows)
    with open(path, "w", encoding="utf-8-sig" if bom else "utf-8", newline="") as f:
        f.write(buf.getvalue())


def write_clients(path, clients, key):
    """The clients file under the keys a preset gives its clients."""
    cols = list(next(iter(clients.values())).keys())
    rows = [cols] + [[key(c) if k == "client_id" else v for k, v in c.items()]
                     for c in clients.values()]
    write(path, rows, lineterminator="\n")


# ---- SAP FBL5N: every item, cleared ones with their clearing -----------------

def sap(docs, clients, out):
    """All line items of company code 1000, exported on EXPORT_SAP. A cleared
    invoice and every credit that went into it carry the clearing date (the
    day its open amount reached zero) and clearing document; a partial
    payment or credit stays an open item until then (SAP's partial payment
    method). The direct debits of settled_date are DZ payments; an
    overpayment's excess is a residual item of the clearing document (F-32,
    AB), which posts it twice: + cleared with the rest, - open."""
    book = Book(docs, EXPORT_SAP)
    ranges = {"INV": 1800000000, "DEB": 1600000000, "CRN": 1700000000,
              "PAY": 1400000000, "WO": 100000000, "AB": 200000000}
    sap_type = {"INV": "RV", "DEB": "DA", "CRN": "DG", "PAY": "DZ", "WO": "AB"}
    seq = dict.fromkeys(ranges, 0)

    def number(kind):
        seq[kind] += 1
        return str(ranges[kind] + seq[kind])

    lines = []  # [client, assignment, number, type, date, due, cents, cur, clearing, text]
    no = {d: number(d.type) for d in sorted(docs, key=lambda d: (d.date, d.i))}
    clearing, pairs = {}, []  # doc -> (clearing document, date)
    for t, when in book.settled_on.items():
        last = book.apps[t][-1][1]
        clear_no = no.get(last)
        if last is None:  # the direct debit of settled_date
            clear_no = number("PAY")
            lines.append([t.client, t.no, clear_no, "DZ", when, when,
                          -book.apps[t][-1][2], t.cur, (clear_no, when),
                          "Direct debit " + t.no])
        elif last in book.unapplied:  # an overpayment: residual processing
            clear_no = number("AB")  # the clearing document (F-32) holds the
            excess = book.unapplied[last]  # excess twice: cleared, and open
            lines.append([t.client, t.no, clear_no, "AB", when, when, excess, t.cur,
                          (clear_no, when), "Clearing " + last.no])
            lines.append([t.client, t.no, clear_no, "AB", when, when, -excess, t.cur,
                          None, "Residual item " + last.no])
            pairs.append({"client": t.client, "currency": t.cur, "cents": excess,
                          "date": when.isoformat()})
        clearing[t] = (clear_no, when)
        for _, src, _ in book.apps[t]:
            if src is not None:
                clearing[src] = (clear_no, when)
    for d in docs:
        sign = 1 if d.item else -1
        text = ("Invoice " if d.item else "Payment ") + (d.no if d.item else d.applies or "on account")
        lines.append([d.client, d.no if d.item else d.applies or d.no, no[d],
                      sap_type[d.type], d.date, d.due, sign * d.cents, d.cur,
                      clearing.get(d), text])
    lines.sort(key=lambda x: (x[0], x[4], x[2]))
    rows, total, cust_total = [], 0, {}
    for c in sorted({x[0] for x in lines}):
        for cl, assign, num, typ, when, due, cents, cur, clr, text in (x for x in lines if x[0] == c):
            local = home(cents, cur)
            rows.append(["1000", c, assign, num, typ, when.strftime("%d.%m.%Y"),
                         when.strftime("%d.%m.%Y"), due.strftime("%d.%m.%Y"),
                         money(local, ",", ".", trail=True), "EUR",
                         money(cents, ",", ".", trail=True), cur,
                         clr[0] if clr else "", clr[1].strftime("%d.%m.%Y") if clr else "", text])
            cust_total[c] = cust_total.get(c, 0) + local
        rows.append(["*", c] + [""] * 6 + [money(cust_total[c], ",", ".", trail=True), "EUR"] + [""] * 5)
        total += cust_total[c]
    rows.append(["*", "1000"] + [""] * 6 + [money(total, ",", ".", trail=True), "EUR"] + [""] * 5)
    rows.append(["**"] + [""] * 14)
    head = ("Customer Line Item Display\r\nCompany code 1000;All items;Key date %s\r\n\r\n"
            % EXPORT_SAP.strftime("%d.%m.%Y"))
    header = ("Company Code;Account;Assignment;Document Number;Document Type;Document Date;"
              "Posting Date;Net due date;Amount in local currency;Local Currency;"
              "Amount in doc. curr.;Document currency;Clearing Document;Clearing date;"
              "Text").split(";")
    write(os.path.join(out, "fbl5n_all_items.csv"), [header] + rows, ";", bom=True, head=head)
    # as of the close, an item settled in part is open in full and its
    # partial payments are open credits: SAP clears only when it is settled
    at = Book(docs, AS_OF)
    partial = [{"client": t.client, "currency": t.cur, "bucket": bucket(t.due),
                "cents": t.cents - at.open[t], "doc_no": t.no}
               for t in at.open if 0 < at.open[t] < t.cents]
    coll = collection(at, "sap")  # a residual pair is an item settled on its day
    for p in pairs:
        due = date.fromisoformat(p["date"])
        if p["currency"] == "EUR" and AS_OF - timedelta(135) < due <= AS_OF - timedelta(45):
            coll = [coll[0] + p["cents"], coll[1] + p["cents"]]
    return {"ledger": "fbl5n_all_items.csv", "partial_open": partial, "residual_pairs": pairs,
            "collection": coll}


# ---- Business Central: Customer Ledger Entries --------------------------------

def bc(docs, clients, out):
    """Every entry posted up to the export (the close): Remaining Amount on
    that day, Closed at Date when an entry was closed (an invoice: the day it
    was fully applied; a payment or credit memo: the day it was applied in
    full). Direct debits are Payment entries; a write-off is a journal entry
    (blank type); a debit note a Finance Charge Memo. LCY = EUR (blank)."""
    book = Book(docs, AS_OF)
    kinds = {"INV": "Invoice", "DEB": "Finance Charge Memo", "CRN": "Credit Memo",
             "PAY": "Payment", "WO": ""}
    entries = [(d.date, 0, d.i, d, None) for d in docs if d.date <= AS_OF]
    n = 0
    for t, apps in book.apps.items():
        for when, src, cents in apps:
            if src is None:
                n += 1
                entries.append((when, 1, n, t, cents))
    entries.sort(key=lambda e: e[:3])
    entry_no = {}
    for k, (when, kind, _, d, cents) in enumerate(entries):
        entry_no[(d, kind)] = 1000 + k
    rows = []
    for when, kind, _, d, cents in entries:
        name = clients.get(d.client, {}).get("name", "")
        if kind == 1:  # the direct debit of settled_date: applied in full
            rows.append([when, "Payment", "DD-" + d.no, d.client, name, "Direct debit " + d.no,
                         d.cur, -cents, 0, when, "No", entry_no[(d, 0)], when])
            continue
        if d.item:
            rem, closed, by = book.open[d], book.settled_on.get(d), 0
            if closed:  # closed by the entry that applied last
                last = book.apps[d][-1][1]
                by = entry_no[(last, 0)] if last else entry_no[(d, 1)]
            rows.append([d.date, kinds[d.type], d.no, d.client, name, "Order " + d.no,
                         d.cur, d.cents, rem, d.due, "No" if closed else "Yes", by, closed])
        else:
            rem = -book.unapplied.get(d, 0)
            t = book.applied.get(d, (None,))[0]
            closed = d.date if rem == 0 else None
            rows.append([d.date, kinds[d.type], d.no, d.client, name,
                         "Payment " + (d.applies or "on account"), d.cur, -d.cents, rem,
                         d.date, "No" if closed else "Yes",
                         entry_no[(t, 0)] if closed else 0, closed])
    out_rows = [("Posting Date,Document Type,Document No.,Customer No.,Customer Name,"
                 "Description,Currency Code,Original Amount,Amount,Remaining Amount,Due Date,"
                 "Open,Closed by Entry No.,Closed at Date,Entry No.").split(",")]
    for k, (when, typ, no, client, name, text, cur, amt, rem, due, opn, by, closed) in enumerate(rows):
        out_rows.append([us_date(when), typ, no, client, name, text,
                         "" if cur == "EUR" else cur, money(amt, group=","), money(amt, group=","),
                         money(rem, group=","), us_date(due), opn, by,
                         us_date(closed) if closed else "", 1000 + k])
    write(os.path.join(out, "customer_ledger_entries.csv"), out_rows, bom=True)
    return {"ledger": "customer_ledger_entries.csv", "collection": collection(book, "bc")}


# ---- Odoo: Journal Items of the receivable account ---------------------------

def odoo(docs, clients, out):
    """Every receivable line posted up to the export (the close), newest
    first: debit/credit in the company currency (EUR), Amount in Currency in
    the line's, Residual Amount (company currency) on the export day, the
    Matching # of each reconciliation (P.. while one of its lines is still
    open). No date of any reconciliation: Odoo exports none. A direct debit
    is a bank line; credit notes and write-offs are credit lines."""
    book = Book(docs, AS_OF)
    partner = lambda c: clients[c]["name"] if c in clients else c
    match, lines = {}, []
    for k, (t, apps) in enumerate(sorted(book.apps.items(), key=lambda x: x[0].i)):
        if not apps:
            continue
        group = [t] + [s for _, s, _ in apps if s]
        full = book.open[t] == 0 and not any(s in book.unapplied for s in group[1:])
        for x in group:
            match[x] = ("%d" if full else "P%d") % (k + 1)
        for when, src, cents in apps:
            if src is None:
                lines.append((when, "BNK1/%s" % t.no, t.client, "Direct debit " + t.no,
                              when, -cents, t.cur, 0, match[t]))
    for d in docs:
        if d.date > AS_OF:
            continue
        sign = 1 if d.item else -1
        res = book.open[d] if d.item else -book.unapplied.get(d, 0)
        lines.append((d.date, d.no, d.client, d.no if d.item else "Customer Payment - " + (d.applies or d.no),
                      d.due, sign * d.cents, d.cur, res, match.get(d, "")))
    lines.sort(key=lambda x: (x[0], x[1]), reverse=True)
    rows = [("Date,Journal Entry,Account,Partner,Label,Due Date,Debit,Credit,Matching #,"
             "Amount in Currency,Currency,Residual Amount").split(",")]
    for when, move, client, label, due, cents, cur, res, m in lines:
        company = home(cents, cur)
        rows.append([when.isoformat(), move, "121000 Account Receivable", partner(client), label,
                     due.isoformat(), pyfloat(max(company, 0)), pyfloat(max(-company, 0)), m,
                     pyfloat(cents), cur, pyfloat(home(res, cur))])
    write(os.path.join(out, "journal_items.csv"), rows, quoting=csv.QUOTE_ALL)
    write_clients(os.path.join(out, "clients.csv"), clients, lambda c: c["name"])
    # our ledger as far as this export can say it: every settlement on the
    # export day, the open parts of credits at their own dates, no disputes
    said = ["doc_type doc_no client_id doc_date due_date amount currency applies_to "
            "settled_date disputed".split()]
    for d in docs:
        if d.date > AS_OF or (not d.item and d not in book.unapplied):
            continue
        amount = d.cents if d.item else book.unapplied[d]
        settled = AS_OF.isoformat() if d.item and book.open[d] == 0 else ""
        said.append([d.type, d.no, d.client, d.date.isoformat(), d.due.isoformat() if d.item else "",
                     money(amount), d.cur, "", settled, ""])
        if d.item and 0 < book.open[d] < d.cents:
            said.append(["PAY", d.no + " paid", d.client, AS_OF.isoformat(), "",
                         money(d.cents - book.open[d]), d.cur, d.no, "", ""])
    write(os.path.join(out, "as_exported.csv"), said, lineterminator="\n")
    return {"ledger": "journal_items.csv", "clients": "clients.csv",
            "ids": {partner(c): c for c in {d.client for d in docs}},
            "as_exported": "as_exported.csv"}


# ---- the open-balance exports: what is open on the close ---------------------

def open_docs(book):
    """(doc, original cents, open cents) of every document with something
    open on the close: items and unapplied credits, in date order."""
    res = []
    for d in sorted(list(book.open) + list(book.unapplied), key=lambda d: (d.date, d.i)):
        if d.item and book.open[d] > 0:
            res.append((d, d.cents, book.open[d]))
        elif not d.item:
            res.append((d, d.cents, book.unapplied[d]))
    return res


def quickbooks(docs, clients, out):
    """A/R Aging Detail as of the close: one row per open transaction under
    its aging section, Amount the whole transaction, Open balance what is
    open (credits negative). One home currency (EUR): a GBP or USD item is
    in EUR at the rate. The report's default columns: a multicurrency
    company can add Currency and Foreign Amount, but the preset would read
    that Currency (our own column's name) beside amounts in EUR."""
    book = Book(docs, AS_OF)
    name = lambda c: clients[c]["name"] if c in clients else c
    kinds = {"INV": "Invoice", "DEB": "Invoice", "CRN": "Credit Memo", "PAY": "Payment",
             "WO": "Journal Entry"}
    sections = [("91 or more days past due", ("91-120", "over-120")),
                ("61 - 90 days past due", ("61-90",)), ("31 - 60 days past due", ("31-60",)),
                ("1 - 30 days past due", ("1-30",)), ("Current", ("current",))]
    width = 8
    pad = lambda *v: list(v) + [""] * (width - len(v))
    euro = lambda c: "€" + money(c, group=",")
    rows = [pad("Lumen Wholesale Europe"), pad("A/R Aging Detail Report"),
            pad("As of October 31, 2026"), [],
            ["", "Date", "Transaction type", "Num", "Customer full name", "Due date", "Amount",
             "Open balance"]]
    converted, total = [], [0, 0]
    items = open_docs(book)
    for title, keys in sections:
        rows.append(pad(title))
        sub = [0, 0]
        for d, amount, opn in items:
            if bucket(d.due if d.item else d.date) not in keys:
                continue
            sign = 1 if d.item else -1
            a, o = home(sign * amount, d.cur), home(sign * opn, d.cur)
            rows.append(["", us_date(d.date), kinds[d.type], "" if d.type == "PAY" else d.no,
                         name(d.client), us_date(d.due if d.item else d.date),
                         money(a, group=","), money(o, group=",")])
            sub = [sub[0] + a, sub[1] + o]
            if d.cur != "EUR":
                converted.append({"client": d.client, "currency": d.cur, "item": d.item,
                                  "bucket": bucket(d.due), "cents": opn, "home_cents": abs(o)})
        rows.append(pad("Total for " + title, "", "", "", "", "", euro(sub[0]), euro(sub[1])))
        total = [total[0] + sub[0], total[1] + sub[1]]
    rows.append(pad("TOTAL", "", "", "", "", "", euro(total[0]), euro(total[1])))
    rows += [[], [], [], pad(" Saturday, October 31, 2026 05:42 PM GMT+01:00")]
    write(os.path.join(out, "AR_Aging_Detail.csv"), rows)
    write_clients(os.path.join(out, "clients.csv"), clients, lambda c: c["name"])
    return {"ledger": "AR_Aging_Detail.csv", "clients": "clients.csv",
            "ids": {name(c): c for c in {d.client for d in docs}}, "converted": converted}


def xero(docs, clients, out):
    """The invoice export's All tab on the close: every invoice, debit note
    and credit note up to then, one row per line item (the document's
    totals on each), Paid or Awaiting Payment with what is due; payments
    are not documents, but what is left of one (an overpayment) or one
    that settles nothing of the contact's (a prepayment) is, with no
    number. Contacts with their postal addresses (no clients file)."""
    book = Book(docs, AS_OF)
    name = lambda c: clients[c]["name"] if c in clients else c
    rows = [("ContactName EmailAddress POAddressLine1 POAddressLine2 POAddressLine3 "
             "POAddressLine4 POCity PORegion POPostalCode POCountry InvoiceNumber Reference "
             "InvoiceDate DueDate PlannedDate Total TaxTotal InvoiceAmountPaid InvoiceAmountDue "
             "InventoryItemCode Description Quantity UnitAmount Discount LineAmount AccountCode "
             "TaxType TaxAmount TrackingName1 TrackingOption1 TrackingName2 TrackingOption2 "
             "Currency Type Sent Status").split()]
    dmy = lambda d: "%d/%02d/%d" % (d.day, d.month, d.year) if d else ""
    for d in sorted((d for d in docs if d.date <= AS_OF), key=lambda d: (d.date, d.i)):
        c = clients.get(d.client, {})
        if d.item:
            kind, number, ref, total, due = "Sales invoice", d.no, "", d.cents, book.open[d]
        elif d.type == "CRN":
            kind, number, ref = "Sales credit note", d.no, d.applies
            total, due = -d.cents, -book.unapplied.get(d, 0)
        elif d in book.unapplied:  # what is left of a payment or write-off
            kind = "Sales overpayment" if d in book.applied or d.applies else "Sales prepayment"
            number, ref, total = "", d.no, -book.unapplied[d]
            due = total
        else:
            continue  # a payment applied in full: not a document in Xero
        vat = d.cur == "EUR" and kind != "Sales overpayment" and kind != "Sales prepayment"
        tax = int((Decimal(total) * 19 / 119).quantize(Decimal(1), ROUND_HALF_UP)) if vat else 0
        parts = 1 + d.i % 3 if d.item else 1
        status = "Paid" if due == 0 else "Awaiting Payment"
        for k in range(parts):
            net, ltax = (total - tax) // parts, tax // parts
            if k == parts - 1:
                net, ltax = total - tax - net * (parts - 1), tax - ltax * (parts - 1)
            rows.append([name(d.client), c.get("email", ""), c.get("address1", ""),
                         c.get("address2", ""), "", "", c.get("city", ""), c.get("region", ""),
                         c.get("postal_code", ""), c.get("country", ""), number, ref,
                         dmy(d.date), dmy(d.due) if d.item else "", "", money(total),
                         money(tax), money(total - due), money(due),
                         "SVC-%d" % (k + 1) if d.item else "",
                         "%s, part %d" % (d.no, k + 1) if d.item else kind[6:].capitalize(),
                         "1.0000", money(net), "", money(net), "200" if d.item else "610",
                         "19% (VAT on Income)" if vat else "Zero Rated", money(ltax),
                         "", "", "", "", d.cur, kind, "Sent" if d.item else "", status])
    write(os.path.join(out, "SalesInvoices.csv"), rows, lineterminator="\n",
          quoting=csv.QUOTE_ALL)
    return {"ledger": "SalesInvoices.csv", "ids": {name(c): c for c in {d.client for d in docs}}}


def erpnext(docs, clients, out):
    """Accounts Receivable on the close (v15, CSV with its filter lines, in
    party currency): one row per voucher with something outstanding;
    Payment Entries and write-off Journal Entries not allocated, returns
    not made against an invoice, with a negative outstanding; the table's
    unlabelled total row. Debit notes are Sales Invoices (is_debit_note)."""
    book = Book(docs, AS_OF)
    kinds = {"PAY": "Payment Entry", "CRN": "Sales Invoice", "WO": "Journal Entry"}
    head = ("Posting Date,Party Type,Party,Receivable Account,Customer Name,Customer Contact,"
            "Cost Center,Voucher Type,Voucher No,Due Date,Invoiced Amount,Paid Amount,"
            "Credit Note,Outstanding Amount,Age (Days),0-30,31-60,61-90,91-120,121-Above,"
            "Currency,Customer LPO,Territory,Customer Group").split(",")
    rows, sums = [head], [0.0] * 10
    for d, amount, opn in open_docs(book):
        c = clients.get(d.client, {})
        if d.item:
            paid = sum((x / 100 for _, s, x in book.apps[d] if s is None or s.type != "CRN"), 0.0)
            credit = sum((x / 100 for _, s, x in book.apps[d] if s is not None and s.type == "CRN"), 0.0)
            inv, due = amount / 100, d.due
        else:
            inv, due = 0.0, d.date if d.type == "CRN" else None
            paid, credit = (0.0, opn / 100) if d.type == "CRN" else (opn / 100, 0.0)
        outstanding = inv - paid - credit  # floats, as ERPNext sums them
        age = (AS_OF - (due or d.date)).days
        ranges = [0.0] * 5
        if age >= 0:
            ranges[min(4, max(0, age - 1) // 30)] = outstanding
        nums = [inv, paid, credit, outstanding, age] + ranges
        sums = [a + b for a, b in zip(sums, nums)]
        rows.append([d.date.isoformat(), "Customer", d.client, "Debtors - LW", c.get("name", d.client),
                     c.get("contact", ""), "Main - LW", "Sales Invoice" if d.item else kinds[d.type],
                     d.no, due.isoformat() if due else ""] + nums +
                    [d.cur, "", c.get("country", ""), "Commercial"])
    rows.append([""] * 10 + sums + ["EUR", "", "", ""])
    filters = [["Company", "Lumen Wholesale Europe"], ["Posting Date", AS_OF.isoformat()],
               ["Ageing Based On", "Due Date"], ["In Party Currency", 1], []]
    write(os.path.join(out, "Accounts Receivable.csv"), filters + rows,
          quoting=csv.QUOTE_NONNUMERIC)
    return {"ledger": "Accounts Receivable.csv"}


def collection(book, view):
    """SPEC §4's collection rate within 45 days in EUR as a layout dates the
    settlements: [amount settled by due + 45, amount] of the items due in
    (D-135, D-45]. "canonical": each application on its date; "sap": only
    the clearing, in full; "bc": the same, and an entry open at the export
    (the close) settled in part on that day."""
    lo, hi, got, total = AS_OF - timedelta(135), AS_OF - timedelta(45), 0, 0
    for t in book.open:
        if t.cur != "EUR" or not lo < t.due <= hi:
            continue
        total += t.cents
        if view == "canonical":
            apps = [(when, cents) for when, _, cents in book.apps[t]]
        elif t in book.settled_on:
            apps = [(book.settled_on[t], t.cents)]
        else:
            apps = [(AS_OF, t.cents - book.open[t])] if view == "bc" else []
        got += sum(cents for when, cents in apps if when <= t.due + timedelta(45))
    return [got, total]


def main():
    samples, out = sys.argv[1], sys.argv[2]
    with open(os.path.join(samples, "ledger.csv"), encoding="utf-8", newline="") as f:
        docs = [Doc(i, r) for i, r in enumerate(csv.DictReader(f))]
    with open(os.path.join(samples, "clients.csv"), encoding="utf-8", newline="") as f:
        clients = {r["client_id"]: r for r in csv.DictReader(f)}
    at = Book(docs, AS_OF)
    window = AS_OF - timedelta(90)
    manifest = {"as_of": AS_OF.isoformat(),
                "sales_w": sum(d.cents for d in at.open if d.cur == "EUR" and d.date > window),
                "collection": collection(at, "canonical"),
                "disputed_open": sorted({d.client for d in at.open if d.disputed and at.open[d] > 0}),
                "presets": {}}
    os.makedirs(out, exist_ok=True)
    # our ledger without its dispute flags: no preset reads a dispute marker
    with open(os.path.join(samples, "ledger.csv"), encoding="utf-8", newline="") as f:
        rows = list(csv.reader(f))
    write(os.path.join(out, "undisputed.csv"),
          [rows[0]] + [r[:9] + [""] for r in rows[1:]], lineterminator="\n")
    manifest["undisputed"] = os.path.join(out, "undisputed.csv")
    for preset, convert, own_ids in (("sap-fbl5n", sap, True), ("bc", bc, True),
                                     ("odoo", odoo, False), ("quickbooks", quickbooks, False),
                                     ("xero", xero, False), ("erpnext", erpnext, True)):
        folder = os.path.join(out, preset)
        os.makedirs(folder, exist_ok=True)
        entry = convert(docs, clients, folder)
        if own_ids:  # the export keys clients by our ids: our clients file
            write_clients(os.path.join(folder, "clients.csv"), clients, lambda c: c["client_id"])
            entry["clients"] = "clients.csv"
            entry["ids"] = {d.client: d.client for d in docs}
        for k in ("ledger", "clients", "as_exported"):
            if k in entry:
                entry[k] = os.path.join(folder, entry[k])
        manifest["presets"][preset] = entry
    with open(os.path.join(out, "manifest.json"), "w") as f:
        json.dump(manifest, f, indent=1, sort_keys=True)


if __name__ == "__main__":
    main()
