#!/usr/bin/env python3
"""close_check.py OUT_SET LEDGER [--policy-open] [--ibm] [--from DATE]

Checks one output set (OUT_SET = DIR/<as-of>) of `arbatch run` against an
independent computation from the ledger CSV (README "Aging workbook",
issue 20):

  - the rollforward, per currency: Python reads the canonical ledger,
    applies the rules of SPEC §2.1, §2.6 (clearing: a PAY/CRN/WO with a
    settled_date is consumed that day; open-balance exports' companion
    settlements on the export date) and §8.6-§8.10 on its own, settles it
    as of the opening date and as of D, and derives opening, each line
    with its count, closing, open items, unapplied credits by kind, rows
    after D and rejected rows' values; opening + invoices + debit notes -
    cash - credit notes - write-offs = closing, to the cent; run.json and
    the Rollforward sheet (through its defined names) must say the same;
  - the IFRS 9 provision per bucket, half-up per bucket, from the same
    open items;
  - both workbooks as a controller prints them: a running header with the
    company, the workbook's title and the as-of date, a footer with page
    x of y, a print area, one page wide, the header row repeated on list
    sheets; money in accounting formats with the currency code and ISO
    4217 decimals (JPY 0, BHD 3), negatives in parentheses; percent cells;
    dates as dates; totals as SUBTOTAL(109, ...); every number fits its
    column (no ###); wrapped headers with room; no internal words.

Exit 1 naming every difference.
"""
import csv
import datetime as dt
import json
import os
import re
import sys
from collections import defaultdict

import openpyxl
from openpyxl.utils import get_column_letter

out, ledger = sys.argv[1], sys.argv[2]
opts = sys.argv[3:]
OPEN_BALANCES = "--policy-open" in opts
IBM = "--ibm" in opts  # the IBM invoice register (--format ibm)
FROM = opts[opts.index("--from") + 1] if "--from" in opts else None
COMPANY = "Kessler Industriebedarf GmbH"  # layouts/letterhead.txt

failed = False


def bad(msg):
    global failed
    failed = True
    print("FAIL close_check:", os.path.basename(os.path.dirname(out)), msg)


rj = json.load(open(os.path.join(out, "run.json")))
D = dt.date.fromisoformat(rj["as_of"])
S = dt.date.fromisoformat(FROM) if FROM else D.replace(day=1) - dt.timedelta(days=1)
TYPES = ("INV", "DEB", "CRN", "PAY", "WO")
LINE = {"INV": 0, "DEB": 1, "PAY": 2, "CRN": 3, "WO": 4}
KEYS = ("invoices", "debit_notes", "cash", "credit_notes", "write_offs")


def cents(s):
    m = re.fullmatch(r"\s*(-?)(\d+)(?:\.(\d{1,2}))?\s*", s or "")
    if not m:
        return None
    v = int(m.group(2)) * 100 + int((m.group(3) or "0").ljust(2, "0"))
    return -v if m.group(1) else v


def date(s):
    try:
        return dt.date.fromisoformat(s) if s else None
    except ValueError:
        return False


class Doc:
    pass


# ---- the ledger, read by SPEC §8.6's rules -------------------------------
docs, owners, rejected = [], set(), []   # rejected: (reason, cents, code)
first_code = None
# --format ibm: the register's columns as ours (layouts/formats/ibm.ini),
# its m/d/Y dates as ISO
IBM_COLS = {"invoicenumber": "doc_no", "customerid": "client_id",
            "invoicedate": "doc_date", "duedate": "due_date",
            "invoiceamount": "amount", "settleddate": "settled_date"}


def iso(s):
    m = re.fullmatch(r"(\d{1,2})/(\d{1,2})/(\d{4})", s.strip())
    return f"{m.group(3)}-{int(m.group(1)):02d}-{int(m.group(2)):02d}" if m else s


with open(ledger, newline="", encoding="utf-8-sig") as f:
    rd = csv.reader(f)
    head = [h.strip().lower() for h in next(rd)]
    if IBM:
        head = [IBM_COLS.get(h, h) for h in head]
    col = {h: i for i, h in enumerate(head)}
    line = rd.line_num
    for row in rd:
        start, line = line + 1, rd.line_num
        if not any(x.strip() for x in row):
            continue
        def get(k):
            v = row[col[k]].strip() if k in col and col[k] < len(row) else ""
            if IBM and k == "doc_type":
                return "INV"
            return iso(v) if IBM and k.endswith("_date") else v
        amt, code = cents(get("amount")), get("currency").upper()
        value = (abs(amt), code) if amt is not None and re.fullmatch(
            r"[A-Z]{3}|", code) else None

        def reject(reason):
            rejected.append((reason, value))

        t = get("doc_type").upper()
        if not t:
            reject("missing key")
            continue
        if t not in TYPES:
            reject("unknown doc_type")
            continue
        if not all(get(k) for k in ("doc_no", "client_id", "doc_date")):
            reject("missing key")
            continue
        dates = [date(get(k)) for k in ("doc_date", "due_date", "settled_date")]
        if False in dates:
            reject("invalid date")
            continue
        if amt is None:
            reject("invalid amount")
            continue
        if amt < 0:
            reject("negative amount")
            continue
        if (t, get("doc_no")) in owners:
            reject("duplicate doc_no")
            continue
        owners.add((t, get("doc_no")))
        d = Doc()
        d.type, d.no, d.client = t, get("doc_no"), get("client_id")
        d.date, d.settled, d.amount = dates[0], dates[2], amt
        d.code, d.applies = code, get("applies_to") if t not in ("INV", "DEB") else ""
        d.line = start
        if first_code is None:
            first_code = code
        docs.append(d)
        # SPEC §2.6: an open-balance export settles the difference to the
        # open amount on the export date (the as-of date here)
        if OPEN_BALANCES and get("open_amount"):
            open_ = cents(get("open_amount"))
            if open_ == amt:
                continue
            if open_ == 0:
                if d.settled is None:
                    d.settled = D
                continue
            p = Doc()
            p.client, p.code, p.line = d.client, d.code, d.line
            p.amount, p.no = amt - open_, d.no + " (export)"
            if t in ("INV", "DEB"):
                p.type, p.date, p.settled, p.applies = "PAY", D, None, d.no
            else:
                d.amount = open_
                p.type, p.date, p.settled, p.applies = t, d.date, D, d.applies
            docs.append(p)

base = rj["base_currency"]
for d in docs:
    d.cur = d.code or base
by_no = {(d.type, d.no): i for i, d in reversed(list(enumerate(docs)))}


def consumed(d, x):
    return d.type not in ("INV", "DEB") and d.settled is not None and d.settled <= x


def target(d, x):
    """SPEC §8.9: the same client's INV with that number, else its DEB."""
    for kind in ("INV", "DEB"):
        i = by_no.get((kind, d.applies))
        if i is not None and docs[i].client == d.client and docs[i].date <= x:
            return i
    return None


def settle(x):
    """SPEC §8.10: open items, credits and settled_date payments as of x."""
    open_ = {i: d.amount for i, d in enumerate(docs)
             if d.type in ("INV", "DEB") and d.date <= x}
    events = []
    for i, d in enumerate(docs):
        if d.date > x:
            continue
        if d.type not in ("INV", "DEB"):
            events.append((d.date, 0, i))
        elif d.settled is not None and d.settled <= x:
            events.append((d.settled, 1, i))
    credits, takes = [], []
    for when, cls, i in sorted(events):
        d = docs[i]
        if cls:
            if open_[i] > 0:
                takes.append((i, open_[i], when))
                open_[i] = 0
            continue
        if consumed(d, x):
            continue
        t = target(d, x) if d.applies else None
        if t is None or docs[t].cur != d.cur:
            credits.append((i, d.amount))
            continue
        take = min(d.amount, open_[t])
        open_[t] -= take
        if d.amount > take:
            credits.append((i, d.amount - take))
    return open_, credits, takes


def figures(x):
    open_, credits, takes = settle(x)
    flow = defaultdict(lambda: [0] * 5)
    for d in docs:
        if d.date <= x and not consumed(d, x):
            flow[d.cur][LINE[d.type]] += d.amount
    for i, amt, _ in takes:
        flow[docs[i].cur][2] += amt
    ar = defaultdict(int)
    for i, v in open_.items():
        ar[docs[i].cur] += v
    for i, v in credits:
        ar[docs[i].cur] -= v
    for c in set(flow) | set(ar):
        f = flow[c]
        if f[0] + f[1] - f[2] - f[3] - f[4] != ar[c]:
            bad(f"{c}: the independent computation does not tie at {x}: "
                f"flows {f}, AR {ar[c]}")
    return flow, ar, open_, credits, takes


fo, ar_o, _, _, _ = figures(S)
fd, ar_d, open_d, credits_d, takes_d = figures(D)
expect = {}
for c in set(fd) | set(ar_d):
    e = {"opening_cents": ar_o[c], "closing_cents": ar_d[c]}
    for k, key in enumerate(KEYS):
        e[key + "_cents"] = fd[c][k] - fo[c][k]
    counts = [0] * 5
    for d in docs:
        if d.cur == c and S < d.date <= D and not consumed(d, D):
            counts[LINE[d.type]] += 1
    counts[2] += sum(1 for i, _, w in takes_d if docs[i].cur == c and w > S)
    e["counts"] = dict(zip(KEYS, counts))
    e["open_items_cents"] = sum(v for i, v in open_d.items() if docs[i].cur == c)
    kinds = {"PAY": "cash", "CRN": "credit_notes", "WO": "write_offs"}
    un = {k: 0 for k in kinds.values()}
    for i, v in credits_d:
        if docs[i].cur == c:
            un[kinds[docs[i].type]] += v
    e["unapplied_credits_cents"] = un
    later = [d for d in docs if d.cur == c and d.date > D]
    e["after_as_of"] = {
        "items": sum(1 for d in later if d.type in ("INV", "DEB")),
        "items_cents": sum(d.amount for d in later if d.type in ("INV", "DEB")),
        "credits": sum(1 for d in later if d.type not in ("INV", "DEB")),
        "credits_cents": sum(d.amount for d in later if d.type not in ("INV", "DEB")),
    }
    rej = {}
    for reason, value in rejected:
        if value and (value[1] or base) == c:
            r = rej.setdefault(reason, {"rows": 0, "cents": 0})
            r["rows"] += 1
            r["cents"] += value[0]
    e["rejected_rows"] = rej
    if e["opening_cents"] + e["invoices_cents"] + e["debit_notes_cents"] - \
            e["cash_cents"] - e["credit_notes_cents"] - e["write_offs_cents"] \
            != e["closing_cents"]:
        bad(f"{c}: opening + activity != closing in the independent computation")
    expect[c] = e

got = rj.get("rollforward", {})
if sorted(got) != sorted(expect):
    bad(f"rollforward currencies {sorted(got)}, expected {sorted(expect)}")
for c, e in expect.items():
    g = got.get(c, {})
    if g.get("opening_date") != S.isoformat():
        bad(f"{c}: opening_date {g.get('opening_date')}, expected {S}")
    for k, v in e.items():
        if g.get(k) != v:
            bad(f"{c}: run.json rollforward {k} = {g.get(k)}, the ledger says {v}")
    t = rj["totals_cents"] if c == base else rj["totals_cents_by_currency"].get(c, {})
    if t and t["open_ar"] - t["unapplied_credits"] != e["closing_cents"]:
        bad(f"{c}: closing {e['closing_cents']} != open_ar - unapplied_credits")

DIGITS = {"JPY": 0, "KRW": 0, "BHD": 3, "KWD": 3, "OMR": 3}

# ---- IFRS 9: half-up per bucket ------------------------------------------
prov = rj.get("provision")
if prov:
    for c, p in prov["by_currency"].items():
        total = 0
        for label, bk in p["buckets"].items():
            rate = round(prov["loss_rates_percent"][label] * 100)  # bp
            # half-up to the cent, or to a whole yen (ISO 4217: no cents)
            unit = 100 if DIGITS.get(c) == 0 else 1
            want = (bk["gross_cents"] * rate + 5000 * unit) // (10000 * unit) * unit
            if bk["ecl_cents"] != want:
                bad(f"{c} {label}: ECL {bk['ecl_cents']}, half-up gives {want}")
            total += want
        if p["ecl_cents"] != total:
            bad(f"{c}: ECL total {p['ecl_cents']} != sum of buckets {total}")
        t = rj["totals_cents"] if c == base else rj["totals_cents_by_currency"][c]
        if sum(b["gross_cents"] for b in p["buckets"].values()) != t["open_ar"]:
            bad(f"{c}: the provision's buckets do not add up to open_ar")

# ---- the workbooks --------------------------------------------------------


def names(wb):
    dn = wb.defined_names
    items = dn.items() if hasattr(dn, "items") else ((d.name, d) for d in dn.definedName)
    return {k: v for k, v in items}


def cell_of(wb, defn):
    (sheet, ref), = list(defn.destinations)
    return wb[sheet][ref.replace("$", "")]


def shown(cell):
    """The text a spreadsheet shows for a number cell, about."""
    v, fmt = cell.value, cell.number_format or "General"
    if isinstance(v, (dt.datetime, dt.date)):
        return "2026-10-31"
    if not isinstance(v, (int, float)) or isinstance(v, bool):
        return None
    if "%" in fmt:
        d = len(fmt.split(".")[1].split("%")[0]) if "." in fmt else 0
        return f"{v * 100:.{d}f}%"
    m = re.search(r'"([A-Z]{3})"', fmt)
    d = len(re.search(r"0\.(0+)", fmt).group(1)) if re.search(r"0\.(0+)", fmt) else 0
    text = f"{abs(v):,.{d}f}"
    if m:
        text = f"{m.group(1)} {text}"
    return text + ("()" if v < 0 or "_)" in fmt else "")


def check_book(path, title, lists):
    wb = openpyxl.load_workbook(path)
    vals = openpyxl.load_workbook(path, data_only=True)
    label = os.path.basename(path)
    for ws in wb.worksheets:
        if ws.sheet_state == "hidden":
            continue
        where = f"{label} {ws.title!r}"
        widths = {}
        for key, cd in ws.column_dimensions.items():
            lo = cd.min or openpyxl.utils.column_index_from_string(key)
            for c in range(lo, (cd.max or lo) + 1):
                widths[c] = cd.width
        h, ft = ws.oddHeader, ws.oddFooter
        if COMPANY not in (h.left.text or "") or title not in (h.center.text or "") \
                or f"As of {D}" not in (h.right.text or ""):
            bad(f"{where}: header {h.left.text!r} {h.center.text!r} {h.right.text!r}")
        if "&P of &N" not in (ft.right.text or ""):
            bad(f"{where}: footer {ft.right.text!r} has no page x of y")
        if not ws.print_area:
            bad(f"{where}: no print area")
        ps = ws.page_setup
        if ws.sheet_properties.pageSetUpPr is None or \
                not ws.sheet_properties.pageSetUpPr.fitToPage or \
                str(ps.fitToWidth or 1) != "1" or \
                str(ps.fitToHeight if ps.fitToHeight is not None else 1) != \
                ("1" if ws.title == "Dashboard" else "0"):
            bad(f"{where}: not fitted one page wide (or the Dashboard on one page) ({ps.fitToWidth} x {ps.fitToHeight})")
        if ps.orientation not in ("landscape", "portrait"):
            bad(f"{where}: no orientation")
        if any(ws.title.startswith(x) for x in lists) and not ws.print_title_rows:
            bad(f"{where}: the header row is not repeated on every page")
        vws = vals[ws.title]
        for row in ws.iter_rows():
            for cell in row:
                v = cell.value
                # the Parameters sheet names the policy file's own keys
                keys = ws.title == "Parameters" and cell.column == 2
                if isinstance(v, str) and cell.data_type == "s" and not keys:
                    for word in ("SPEC", "applies_to", "HIGH_RISK", "STANDARD",
                                 "seed 0"):
                        if word in v:
                            bad(f"{where}!{cell.coordinate}: internal word "
                                f"{word!r} in {v!r}")
                if cell.data_type == "f":
                    v = vws[cell.coordinate].value
                    cell = vws[cell.coordinate]
                fmt = cell.number_format or ""
                if isinstance(v, (int, float)) and not isinstance(v, bool):
                    m = re.search(r'"([A-Z]{3})"', fmt)
                    if m:
                        want = DIGITS.get(m.group(1), 2)
                        got_d = re.search(r"0\.(0+)", fmt)
                        got_d = len(got_d.group(1)) if got_d else 0
                        if got_d != want:
                            bad(f"{where}!{cell.coordinate}: {m.group(1)} with "
                                f"{got_d} decimals ({fmt})")
                        if "\\(" not in fmt and "(#" not in fmt:
                            bad(f"{where}!{cell.coordinate}: negatives not in "
                                f"parentheses ({fmt})")
                    text = shown(cell)
                    if text:
                        width = widths.get(cell.column) or 8.43
                        if len(text) + 1 > width:
                            bad(f"{where}!{cell.coordinate}: {text!r} does not "
                                f"fit {width:.1f} characters (###)")
    return wb, vals


aging = os.path.join(out, "aging.xlsx")
if os.path.exists(aging):
    wb, vals = check_book(aging, "Aging and close",
                          ("Open items", "Unapplied credits", "Summary"))
    dn = names(wb)
    for c, e in expect.items():
        sfx = "_" + c if c else ""
        for name, want in ((f"AR_Open{sfx}", e["opening_cents"]),
                           (f"AR_Close{sfx}", e["closing_cents"])):
            if name not in dn:
                bad(f"aging.xlsx: no defined name {name}")
                continue
            v = cell_of(vals, dn[name]).value
            if v is None or round(v * 100) != want:
                bad(f"aging.xlsx {name} = {v}, the ledger says {want / 100}")
        for name in (f"GL{sfx}", f"GL_Diff{sfx}", f"ECL{sfx}"):
            if (name if c else {"GL": "GL_Balance", "GL_Diff": "GL_Diff",
                                "ECL": "ECL_Total"}[name]) not in dn:
                bad(f"aging.xlsx: no defined name {name}")
        # the lines between opening and closing, on the sheet
        if f"AR_Open{sfx}" in dn and f"AR_Close{sfx}" in dn:
            o = cell_of(vals, dn[f"AR_Open{sfx}"])
            cl = cell_of(vals, dn[f"AR_Close{sfx}"])
            ws = vals[o.parent.title]
            amounts = [round((ws.cell(r, o.column).value or 0) * 100)
                       for r in range(o.row + 1, cl.row)]
            want = [e["invoices_cents"], e["debit_notes_cents"],
                    -e["cash_cents"], -e["credit_notes_cents"],
                    -e["write_offs_cents"]]
            if amounts != want:
                bad(f"aging.xlsx {c}: Rollforward lines {amounts}, the ledger "
                    f"says {want}")
            f = wb[o.parent.title].cell(cl.row, cl.column).value
            if not str(f).startswith("=SUBTOTAL(109,"):
                bad(f"aging.xlsx {c}: closing is not a SUBTOTAL: {f!r}")
        gl = got.get(c, {}).get("gl_balance_cents")
        name = f"GL_Diff{sfx}" if c else "GL_Diff"
        if gl is not None and name in dn:
            v = cell_of(vals, dn[name]).value
            if v is None or round(v * 100) != gl - e["closing_cents"]:
                bad(f"aging.xlsx {name} = {v}, GL - closing = "
                    f"{(gl - e['closing_cents']) / 100}")
    # Summary totals follow the filter; a % of total row under them
    for ws in wb.worksheets:
        if not ws.title.startswith("Summary"):
            continue
        tot = [r for r in range(1, ws.max_row + 1) if ws.cell(r, 1).value == "Total"]
        if not tot or not str(ws.cell(tot[0], 6).value).startswith("=SUBTOTAL(109,"):
            bad(f"aging.xlsx {ws.title}: totals row is not SUBTOTAL(109)")
        elif ws.cell(tot[0] + 1, 1).value != "% of total":
            bad(f"aging.xlsx {ws.title}: no % of total row")
        elif "%" not in vals[ws.title].cell(tot[0] + 1, 6).number_format:
            bad(f"aging.xlsx {ws.title}: % of total is not a percent cell")
    for t in ("Open items", "Unapplied credits"):
        ws = wb[t]
        subs = [c for row in ws.iter_rows() for c in row
                if str(c.value).startswith("=SUBTOTAL(109,")]
        if not subs and ws.max_row > 1 and ws.cell(2, 1).value:
            bad(f"aging.xlsx {t}: no SUBTOTAL totals under the rows")
    ws = vals["Open items"]
    heads = [c.value for c in ws[1]]
    for h in ("Client name", "Type", "Doc no", "Currency"):
        if h not in heads:
            bad(f"aging.xlsx Open items: no column {h!r}")
    if "Doc date" in heads and ws.max_row > 1 and ws.cell(2, 1).value:
        v = ws.cell(2, heads.index("Doc date") + 1).value
        if not isinstance(v, dt.datetime):
            bad(f"aging.xlsx Open items: doc date {v!r} is not a date")

kpi = os.path.join(out, "kpi.xlsx")
if os.path.exists(kpi):
    wb, vals = check_book(kpi, "Collection KPIs", ())
    ws = vals["KPI"]
    for row in ws.iter_rows(min_row=5, max_row=12):
        name, value = row[0].value, row[1]
        if name and isinstance(value.value, (int, float)) and (
                "rate" in name.lower() or "CEI" in name or "Retention" in name
                or "Cost per" in name):
            if "%" not in value.number_format:
                bad(f"kpi.xlsx KPI {name!r}: {value.value} is not a percent cell")
            key = {"CEI": "cei", "Collection": "collection_rate_45",
                   "Retention": "retention", "Cost": "cost_per_recovery"}
            k = next(v for p, v in key.items() if name.startswith(p))
            if rj["kpi"][k] is not None and abs(value.value * 100 - rj["kpi"][k]) > 1e-9:
                bad(f"kpi.xlsx {name}: {value.value} is not run.json's {rj['kpi'][k]} %")

sys.exit(1 if failed else 0)
