#!/usr/bin/env bash
# run_samples.sh - `arbatch run` end to end on the built binary:
#  - samples/ and the IBM export at five month-ends: run.json reconciles
#    (its booleans, and the identities recomputed here from its numbers),
#    rows read = used + rejected, and for the IBM export every total,
#    bucket and count recomputed independently from the CSV;
#  - every file of samples/bad/: exit code, each expected reject in
#    rejects.csv with its line, column and reason, nothing else; no output
#    set when the input is refused; --strict turns rejects into exit 3 and
#    writes nothing;
#  - exit codes 0/1/2/3/4, the atomic output set (a rerun replaces the set
#    whole, leftovers of killed runs are removed, a failed write leaves the
#    previous set as it was).
# Exits non-zero on any mismatch.
set -u
BUILD=${BUILD:-build}
if [ ! -x "$BUILD/arbatch" ]; then
    echo "run_samples.sh: $BUILD/arbatch is not built" >&2
    exit 1
fi
BIN="$(cd "$BUILD" && pwd)/arbatch"
export BIN
exec /usr/bin/python3 - <<'PY'
import csv, datetime, decimal, hashlib, json, os, re, resource, shutil
import signal, subprocess, sys, tempfile

BIN = os.environ["BIN"]
ROOT = os.getcwd()
BAD = "samples/bad"
IBM = None
for cand in ("../shared/data/ibm-late-payment/WA_Fn-UseC_-Accounts-Receivable.csv",
             "/work/shared/data/ibm-late-payment/WA_Fn-UseC_-Accounts-Receivable.csv"):
    if os.path.isfile(cand):
        IBM = os.path.abspath(cand)
        break
SAMPLE_ARGS = ["--ledger", "samples/ledger.csv", "--clients",
               "samples/clients.csv", "--costs", "samples/costs.csv",
               "--history", "samples/history.csv"]
SAMPLE_DATE = "2026-10-31"
ALWAYS = ["run.json", "rejects.csv", "actions.csv", "history.csv"]
BUCKETS = ["current", "1-30", "31-60", "61-90", "91-120", "over-120"]

failures = []
checks = 0
# killed (timeout, Ctrl-C): unwind so that the temporary directory goes too
signal.signal(signal.SIGTERM, lambda *_: sys.exit(143))
RUN_TMP = None  # TMPDIR of every run: temporary files must not outlive it


def check(ok, what):
    global checks
    checks += 1
    if not ok:
        failures.append(what)
        print("FAIL: " + what, file=sys.stderr)
    return ok


def run(args, preexec=None, user=None, binary=None, cwd=None):
    cmd = [binary or BIN] + args
    if user is not None:
        cmd = ["setpriv", "--reuid=%d" % user, "--regid=%d" % user,
               "--clear-groups"] + cmd
    env = dict(os.environ)
    if RUN_TMP:
        env["TMPDIR"] = RUN_TMP
    try:
        p = subprocess.run(cmd, cwd=cwd or ROOT, capture_output=True, text=True,
                           errors="replace", timeout=60, env=env,
                           stdin=subprocess.DEVNULL, preexec_fn=preexec)
    except subprocess.TimeoutExpired:
        # a hung run: say so and stop (every later run would hang too)
        print("FAIL: %r did not finish in 60 s" % cmd[cmd.index(binary or BIN):],
              file=sys.stderr)
        print("run_samples.sh: stopped after %d checks" % checks)
        sys.exit(1)  # unwinds: the temporary directory is removed
    return p.returncode, p.stdout, p.stderr


def leftovers(out):
    """Hidden temporary or old sets left in the output directory."""
    if not os.path.isdir(out):
        return []
    return [n for n in os.listdir(out) if ".tmp-" in n or ".old-" in n]


def read_csv(path):
    with open(path, newline="", encoding="utf-8-sig") as f:
        return list(csv.DictReader(f))


def sha(path):
    with open(path, "rb") as f:
        return hashlib.sha256(f.read()).hexdigest()


def tree(path):
    """Every file under path with its digest."""
    got = {}
    for d, _, files in os.walk(path):
        for n in files:
            p = os.path.join(d, n)
            got[os.path.relpath(p, path)] = sha(p)
    return got


def check_totals(label, t):
    ok = True
    for k in ("invoiced", "settled", "open_ar", "unapplied_credits", "buckets"):
        ok = check(k in t, "%s: totals lack '%s'" % (label, k)) and ok
    if not ok:
        return
    for k in ("invoiced", "settled", "open_ar", "unapplied_credits"):
        check(isinstance(t[k], int), "%s: %s is not an integer number of "
              "cents: %r" % (label, k, t[k]))
    check(t["unapplied_credits"] >= 0, "%s: unapplied_credits %d < 0"
          % (label, t["unapplied_credits"]))
    check(t["invoiced"] - t["settled"] == t["open_ar"] - t["unapplied_credits"],
          "%s: invoiced %d - settled %d != open_ar %d - unapplied %d"
          % (label, t["invoiced"], t["settled"], t["open_ar"],
             t["unapplied_credits"]))
    check(sum(t["buckets"].values()) == t["open_ar"],
          "%s: buckets %r sum to %d, open_ar %d" % (label, t["buckets"],
                                                    sum(t["buckets"].values()),
                                                    t["open_ar"]))


def check_set(label, out, date, outputs=None):
    """The output set DIR/<date>: always-written files, run.json
    reconciled, rejects.csv and actions.csv agreeing with it. Returns
    run.json (or None)."""
    d = os.path.join(out, date)
    if not check(os.path.isdir(d), "%s: no output set %s" % (label, d)):
        return None
    for n in ALWAYS:
        check(os.path.isfile(os.path.join(d, n)), "%s: %s missing" % (label, n))
    check(leftovers(out) == [], "%s: leftovers %r" % (label, leftovers(out)))
    try:
        j = json.load(open(os.path.join(d, "run.json")))
    except Exception as e:
        check(False, "%s: run.json unreadable: %s" % (label, e))
        return None
    for k in ("version", "as_of", "inputs", "counts", "totals_cents",
              "stages", "tiers", "kpi", "elapsed_ms"):
        check(k in j, "%s: run.json lacks '%s'" % (label, k))
    check(j.get("as_of") == date, "%s: as_of %r" % (label, j.get("as_of")))
    c = j.get("counts", {})
    for k in ("rows_read", "rows_used", "rows_rejected", "clients",
              "clients_with_balance", "open_items", "letters",
              "agency_placements"):
        check(k in c, "%s: counts lack '%s'" % (label, k))
    check(c.get("rows_read") == c.get("rows_used", 0) +
          c.get("rows_rejected", 0) + c.get("rows_skipped", 0),
          "%s: rows_read %r != used %r + rejected %r + skipped %r" % (
              label, c.get("rows_read"), c.get("rows_used"),
              c.get("rows_rejected"), c.get("rows_skipped")))
    rec = j.get("reconciliation", {})
    for k in ("rows_read_eq_used_rejected_skipped",
              "invoiced_minus_settled_eq_open_minus_credits",
              "buckets_sum_to_open_ar"):
        check(rec.get(k) is True, "%s: reconciliation.%s is %r"
              % (label, k, rec.get(k)))
    if "totals_cents" in j:
        check_totals(label + " totals_cents", j["totals_cents"])
        check(list(j["totals_cents"].get("buckets", {})) == BUCKETS,
              "%s: bucket keys %r" % (label, list(j["totals_cents"]["buckets"])))
    for cur, t in j.get("totals_cents_by_currency", {}).items():
        check_totals("%s totals_cents_by_currency.%s" % (label, cur), t)
    tiers = j.get("tiers", {})
    check(sorted(tiers) == ["HIGH_RISK", "STANDARD", "VIP"],
          "%s: tiers keys %r" % (label, sorted(tiers)))
    check(sum(tiers.values()) == c.get("clients"),
          "%s: tiers sum %d != clients %r" % (label, sum(tiers.values()),
                                              c.get("clients")))
    stages = j.get("stages", {})
    check(sorted(stages) == ["1", "2", "3", "4", "5"], "%s: stages keys %r"
          % (label, sorted(stages)))
    check(sum(stages.values()) <= c.get("clients", 0),
          "%s: more clients staged than counted" % label)
    letters = c.get("letters", {})
    for s in ("1", "2", "3", "4", "5"):
        check(letters.get(s, 0) <= stages.get(s, 0),
              "%s: %r stage-%s letters for %r clients at that stage"
              % (label, letters.get(s), s, stages.get(s)))
    check(c.get("clients_with_balance", 0) <= c.get("clients", 0),
          "%s: clients_with_balance > clients" % label)
    kpi = j.get("kpi", {})
    for k in ("dso", "best_possible_dso", "add", "cei", "collection_rate_45",
              "days_to_payment", "retention", "cost_per_recovery"):
        check(k in kpi and (kpi[k] is None or isinstance(kpi[k], (int, float))),
              "%s: kpi.%s missing or not a number/null" % (label, k))
    # files for people begin with a UTF-8 byte order mark (Excel reads
    # them as UTF-8), files for machines never
    for name, bom in (("rejects.csv", True), ("actions.csv", True),
                      ("skipped.csv", True), ("history.csv", False)):
        path = os.path.join(d, name)
        if os.path.exists(path):
            with open(path, "rb") as f:
                check(f.read(3) == b"\xef\xbb\xbf" if bom
                      else f.read(3) != b"\xef\xbb\xbf",
                      "%s: %s %s a byte order mark" %
                      (label, name, "lacks" if bom else "has"))
    # rejects.csv: one line per rejected row, plus the unknown clients
    rj = read_csv(os.path.join(d, "rejects.csv"))
    if rj:
        check(list(rj[0].keys()) == ["file", "line", "column", "reason", "value"],
              "%s: rejects.csv columns %r" % (label, list(rj[0].keys())))
    ledger = [i.get("path") for i in j.get("inputs", [])
              if i.get("role") == "ledger"]
    check(len(ledger) == 1, "%s: inputs name %d ledgers" % (label, len(ledger)))
    rows = [r for r in rj if r["line"] != "" and r["file"] in ledger]
    notes = [r for r in rj if r["line"] == ""]
    check(len(rows) == c.get("rows_rejected"), "%s: rejects.csv has %d ledger "
          "rows, run.json rows_rejected %r" % (label, len(rows),
                                               c.get("rows_rejected")))
    check(all(r["reason"] == "unknown client" for r in notes),
          "%s: rejects.csv lines without a line number that are not "
          "'unknown client'" % label)
    if "unknown_clients" in c:
        check(len(notes) == c["unknown_clients"], "%s: %d unknown client lines, "
              "run.json says %d" % (label, len(notes), c["unknown_clients"]))
    # actions.csv agrees with run.json's action counts
    act = read_csv(os.path.join(d, "actions.csv"))
    if "actions" in j and act and "action" in act[0]:
        for k, n in j["actions"].items():
            got = sum(1 for r in act if r["action"] == k)
            check(got == n, "%s: actions.csv has %d '%s' rows, run.json %d"
                  % (label, got, k, n))
    if outputs is not None:
        names = set(os.listdir(d))
        if "aging" not in outputs:
            check("aging.xlsx" not in names, "%s: aging.xlsx written though "
                  "--outputs %s" % (label, outputs))
        if "kpi" not in outputs:
            check("kpi.xlsx" not in names, "%s: kpi.xlsx written though "
                  "--outputs %s" % (label, outputs))
        if "letters" not in outputs:
            check("letters" not in names, "%s: letters/ written though "
                  "--outputs %s" % (label, outputs))
            check(sum(letters.values()) == 0, "%s: letters counted though "
                  "none written" % label)
        if "agency" not in outputs:
            check("agency" not in names, "%s: agency/ written though "
                  "--outputs %s" % (label, outputs))
    return j


def cents(s):
    return int(decimal.Decimal(s.replace(",", "")) * 100)


def day(s, fmt):
    return datetime.datetime.strptime(s.strip(), fmt).date()


def ibm_expected(d):
    """Totals of the IBM export as of d, straight from the CSV."""
    e = {"invoiced": 0, "settled": 0, "open_ar": 0, "open_items": 0,
         "buckets": dict.fromkeys(BUCKETS, 0)}
    clients, with_balance, every = set(), set(), set()
    for r in read_csv(IBM):
        every.add(r["customerID"])
        doc = day(r["InvoiceDate"], "%m/%d/%Y")
        if doc > d:
            continue
        amount = cents(r["InvoiceAmount"])
        clients.add(r["customerID"])
        e["invoiced"] += amount
        st = r["SettledDate"].strip()
        if st and day(st, "%m/%d/%Y") <= d:
            e["settled"] += amount
            continue
        if amount == 0:
            continue
        e["open_ar"] += amount
        e["open_items"] += 1
        with_balance.add(r["customerID"])
        dpd = (d - day(r["DueDate"], "%m/%d/%Y")).days
        b = 0 if dpd <= 0 else min(5, (dpd - 1) // 30 + 1)
        e["buckets"][BUCKETS[b]] += amount
    return e, len(clients), len(with_balance), len(every)


with tempfile.TemporaryDirectory(prefix="arbatch-run-") as tmp:
    os.chmod(tmp, 0o755)
    RUN_TMP = os.path.join(tmp, "tmpdir")
    os.mkdir(RUN_TMP)
    os.chmod(RUN_TMP, 0o1777)

    # ---- samples/ ------------------------------------------------------------
    out = os.path.join(tmp, "samples")
    rc, _, err = run(["run"] + SAMPLE_ARGS + ["--as-of", SAMPLE_DATE,
                                              "--out", out, "--quiet"])
    j = check_set("samples", out, SAMPLE_DATE)
    if j:
        rej = j["counts"]["rows_rejected"]
        check(rc == (1 if rej else 0), "samples: exit %d with %d rejected "
              "rows: %s" % (rc, rej, err.strip()[:300]))
        # invoiced and clients, recomputed from the ledger (no rejects)
        if rej == 0:
            base = j.get("base_currency", "")
            d = day(SAMPLE_DATE, "%Y-%m-%d")
            inv, clients = 0, set()
            for r in read_csv("samples/ledger.csv"):
                if day(r["doc_date"], "%Y-%m-%d") > d:
                    continue
                clients.add(r["client_id"])
                if r["doc_type"].upper() in ("INV", "DEB") and \
                        r["currency"] in ("", base):
                    inv += cents(r["amount"])
            check(j["totals_cents"]["invoiced"] == inv, "samples: invoiced %d, "
                  "the ledger says %d" % (j["totals_cents"]["invoiced"], inv))
            check(j["counts"]["clients"] == len(clients), "samples: clients "
                  "%d, the ledger has %d with a row dated <= %s"
                  % (j["counts"]["clients"], len(clients), SAMPLE_DATE))
        # history.csv: the earlier rows and this run's letters
        hist_in = read_csv("samples/history.csv")
        hist_out = read_csv(os.path.join(out, SAMPLE_DATE, "history.csv"))
        sent = sum(j["counts"]["letters"].values())
        check(len(hist_out) == len(hist_in) + sent,
              "samples: history.csv has %d rows, expected %d earlier + %d "
              "letters" % (len(hist_out), len(hist_in), sent))
        # unknown clients: in the ledger, not in the clients file
        known = {r["client_id"] for r in read_csv("samples/clients.csv")}
        ledger_ids = {r["client_id"] for r in read_csv("samples/ledger.csv")}
        notes = sorted(r["value"] for r in read_csv(
            os.path.join(out, SAMPLE_DATE, "rejects.csv")) if r["line"] == "")
        check(notes == sorted(ledger_ids - known),
              "samples: unknown clients %r, expected %r"
              % (notes, sorted(ledger_ids - known)))

    # the same ledger at other dates reconciles too
    for date in ("2025-12-31", "2026-03-31", "2026-06-30"):
        o = os.path.join(tmp, "samples-dates")
        rc, _, err = run(["run"] + SAMPLE_ARGS + ["--as-of", date, "--out", o,
                                                  "--quiet", "--outputs", "kpi"])
        check(rc in (0, 1), "samples %s: exit %d: %s" % (date, rc, err[:300]))
        check_set("samples " + date, o, date, outputs="kpi")

    # --outputs picks renderers; the four always-written files stay
    o = os.path.join(tmp, "outputs")
    rc, _, err = run(["run"] + SAMPLE_ARGS + ["--as-of", SAMPLE_DATE, "--out",
                                              o, "--outputs", "kpi", "--quiet"])
    check(rc in (0, 1), "--outputs kpi: exit %d: %s" % (rc, err[:300]))
    check_set("--outputs kpi", o, SAMPLE_DATE, outputs="kpi")
    # history records only letters actually written: none without letters
    if os.path.exists(os.path.join(o, SAMPLE_DATE, "history.csv")):
        check(len(read_csv(os.path.join(o, SAMPLE_DATE, "history.csv"))) ==
              len(read_csv("samples/history.csv")),
              "--outputs kpi: history.csv gained rows without letters")

    # progress on stderr only when it is a terminal, and not with --quiet
    import pty
    for quiet in (False, True):
        master, slave = pty.openpty()
        o = os.path.join(tmp, "progress")
        args = [BIN, "run"] + SAMPLE_ARGS + ["--as-of", SAMPLE_DATE, "--out", o,
                                             "--outputs", "aging"]
        p = subprocess.Popen(args + (["--quiet"] if quiet else []), cwd=ROOT,
                             stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL,
                             stderr=slave)
        os.close(slave)
        chunks = []
        while True:
            try:
                b = os.read(master, 65536)
            except OSError:
                break
            if not b:
                break
            chunks.append(b)
        p.wait(timeout=60)
        os.close(master)
        text = b"".join(chunks).decode("utf-8", "replace")
        shown = "\r" in text and "rows" in text
        check(shown != quiet, "progress on a terminal%s: %r"
              % (" with --quiet" if quiet else "", text[:200]))
    rc, _, err = run(["run"] + SAMPLE_ARGS + ["--as-of", SAMPLE_DATE, "--out",
                                              os.path.join(tmp, "progress"),
                                              "--outputs", "aging"])
    check("\r" not in err, "progress drawn on stderr that is not a terminal")

    # ---- the IBM export at month-ends ----------------------------------------
    if IBM is None:
        print("SKIP: the IBM export is not in ../shared/data: its checks "
              "were not run", file=sys.stderr)
    else:
        for date in ("2012-12-31", "2013-03-31", "2013-06-30", "2013-09-30",
                     "2013-12-31"):
            o = os.path.join(tmp, "ibm")
            rc, _, err = run(["run", "--ledger", IBM, "--format", "ibm",
                              "--as-of", date, "--out", o, "--quiet",
                              "--outputs", "aging"])
            label = "IBM " + date
            check(rc == 0, "%s: exit %d: %s" % (label, rc, err.strip()[:300]))
            j = check_set(label, o, date, outputs="aging")
            if not j:
                continue
            e, clients, with_balance, every = ibm_expected(day(date, "%Y-%m-%d"))
            t = j["totals_cents"]
            for k in ("invoiced", "settled", "open_ar"):
                check(t[k] == e[k], "%s: %s %d, the CSV says %d"
                      % (label, k, t[k], e[k]))
            check(t["unapplied_credits"] == 0, "%s: unapplied %d"
                  % (label, t["unapplied_credits"]))
            check(t["buckets"] == e["buckets"], "%s: buckets %r, the CSV says "
                  "%r" % (label, t["buckets"], e["buckets"]))
            c = j["counts"]
            check((c["rows_read"], c["rows_used"], c["rows_rejected"]) ==
                  (2466, 2466, 0), "%s: rows %r" % (label, c))
            check(c["open_items"] == e["open_items"], "%s: open_items %d, "
                  "expected %d" % (label, c["open_items"], e["open_items"]))
            check(c["clients"] == clients, "%s: clients %d, expected %d"
                  % (label, c["clients"], clients))
            check(c["clients_with_balance"] == with_balance,
                  "%s: clients_with_balance %d, expected %d"
                  % (label, c["clients_with_balance"], with_balance))
            # no clients file: every client unknown, no letter at all
            check(c.get("unknown_clients", every) == every,
                  "%s: unknown_clients %r, expected %d"
                  % (label, c.get("unknown_clients"), every))
            check(sum(c["letters"].values()) == 0, "%s: letters without a "
                  "clients file: %r" % (label, c["letters"]))
            check(j.get("totals_cents_by_currency", {}) == {},
                  "%s: other currencies %r" % (label,
                                               j["totals_cents_by_currency"]))

    # ---- samples/bad/ ----------------------------------------------------------
    exp_rows = os.path.join(BAD, "expected.tsv")
    exp_files = os.path.join(BAD, "expected_files.tsv")
    if check(os.path.exists(exp_rows) and os.path.exists(exp_files),
             "samples/bad/expected.tsv or expected_files.tsv is missing"):
        def tsv(path):
            lines = open(path, encoding="utf-8").read().splitlines()
            head = lines[0].split("\t")
            return [dict(zip(head, l.split("\t"))) for l in lines[1:] if l.strip()]
        expected = {}
        for r in tsv(exp_rows):
            expected.setdefault(r["file"], []).append(
                (int(r["line"]), r["column"], r["reason"]))
        for f in tsv(exp_files):
            name, want, word = f["file"], int(f["exit_code"]), f.get("word", "")
            path = os.path.join(BAD, name)
            for strict in (False, True):
                o = os.path.join(tmp, "bad-" + name + ("-strict" if strict else ""))
                args = ["run", "--ledger", path, "--clients",
                        "samples/clients.csv", "--as-of", SAMPLE_DATE,
                        "--out", o, "--quiet", "--outputs", "aging"] + \
                    (["--strict"] if strict else [])
                rc, _, err = run(args)
                label = "run %s%s" % (name, " --strict" if strict else "")
                w = 3 if strict and want == 1 else want
                check(rc == w, "%s: exit %d, expected %d: %s"
                      % (label, rc, w, err.strip()[:300]))
                if w == 3:
                    # refused: no output set, nothing half-written
                    check(not os.path.exists(os.path.join(o, SAMPLE_DATE)),
                          "%s: an output set was written" % label)
                    check(leftovers(o) == [], "%s: leftovers %r"
                          % (label, leftovers(o)))
                    if not strict:
                        check(word == "" or word in err, "%s: message lacks "
                              "\"%s\": %s" % (label, word, err.strip()))
                        check(path in err, "%s: message does not name the "
                              "file: %s" % (label, err.strip()))
                    elif want == 1:
                        check("strict" in err, "%s: message does not say "
                              "why (--strict): %s" % (label, err.strip()))
                    continue
                j = check_set(label, o, SAMPLE_DATE)
                if not j:
                    continue
                rj = read_csv(os.path.join(o, SAMPLE_DATE, "rejects.csv"))
                got = sorted((int(r["line"]), r["column"], r["reason"])
                             for r in rj if r["line"] != "")
                check(got == sorted(expected.get(name, [])),
                      "%s: rejects.csv has %r, expected %r"
                      % (label, got, sorted(expected.get(name, []))))
                check(all(r["file"] == path for r in rj if r["line"] != ""),
                      "%s: rejects.csv names another file" % label)
                check(j["counts"]["rows_rejected"] == len(expected.get(name, [])),
                      "%s: rows_rejected %d, expected %d"
                      % (label, j["counts"]["rows_rejected"],
                         len(expected.get(name, []))))

    # ---- exit codes ----------------------------------------------------------
    o = os.path.join(tmp, "codes")
    rc, _, err = run(["run", "--ledger", "samples/bad/crlf_bom.csv",
                      "--clients", "samples/clients.csv", "--as-of",
                      SAMPLE_DATE, "--out", o, "--quiet"])
    check(rc == 0, "clean ledger: exit %d, expected 0: %s" % (rc, err[:300]))
    rc, _, err = run(["run", "--ledger", "samples/bad/crlf_bom.csv",
                      "--as-of", SAMPLE_DATE, "--out", o, "--quiet"])
    check(rc == 0, "clean ledger without clients file: exit %d, expected 0 "
          "(unknown clients are not rejected rows): %s" % (rc, err[:300]))
    rc, _, err = run(["run", "--ledger", "samples/bad/bad_amount.csv",
                      "--as-of", SAMPLE_DATE, "--out", o, "--quiet"])
    check(rc == 1, "ledger with rejects: exit %d, expected 1" % rc)
    for args, word in (
            (["run", "--ledger", "samples/ledger.csv", "--as-of", "2023-02-29",
              "--out", o], "2023-02-29"),
            (["run", "--ledger", "samples/ledger.csv", "--as-of", "2024-13-01",
              "--out", o], "2024-13-01"),
            (["run", "--ledger", "samples/ledger.csv", "--as-of", "tomorrow",
              "--out", o], "tomorrow"),
            (["run", "--ledger", "samples/ledger.csv", "--out", o], "--as-of"),
            (["run", "--ledger", "samples/ledger.csv", "--as-of", SAMPLE_DATE],
             "--out"),
            (["run", "--as-of", SAMPLE_DATE, "--out", o], "--ledger"),
            (["run", "--ledger", "samples/ledger.csv", "--as-of", SAMPLE_DATE,
              "--out", o, "--jobs", "0"], "jobs"),
            (["run", "--ledger", "samples/ledger.csv", "--as-of", SAMPLE_DATE,
              "--out", o, "--outputs", "aging,pdf"], "outputs"),
            (["run", "--ledger", "samples/ledger.csv", "--as-of", SAMPLE_DATE,
              "--out", o, "--format", "nope"], "nope")):
        before = tree(o) if os.path.isdir(o) else {}
        rc, _, err = run(args)
        check(rc == 2, "%r: exit %d, expected 2" % (args[1:], rc))
        check(word in err, "%r: message lacks \"%s\": %s" % (args[1:], word,
                                                               err.strip()))
        check((tree(o) if os.path.isdir(o) else {}) == before,
              "%r: a usage error changed the output directory" % (args[1:],))
    # a rejected row of the clients file is a rejected row too (exit 1)
    cl = os.path.join(tmp, "clients-bad.csv")
    with open(cl, "w") as f:
        f.write("client_id,name\nC1001,M\u00fcller GmbH\nC1004,\n"
                "C1001,Again\n")
    o2 = os.path.join(tmp, "codes-clients")
    rc, _, err = run(["run", "--ledger", "samples/bad/crlf_bom.csv",
                      "--clients", cl, "--as-of", SAMPLE_DATE, "--out", o2,
                      "--quiet"])
    check(rc == 1, "clients file with rejects: exit %d, expected 1" % rc)
    j = check_set("clients file with rejects", o2, SAMPLE_DATE)
    if j:
        rj = read_csv(os.path.join(o2, SAMPLE_DATE, "rejects.csv"))
        got = sorted((r["file"], r["line"], r["column"], r["reason"])
                     for r in rj if r["file"] == cl)
        check(got == [(cl, "3", "name", "missing key"),
                      (cl, "4", "client_id", "duplicate client_id")],
              "clients file with rejects: rejects.csv has %r" % got)
        # C1004 was not loaded: it is an unknown client now
        check(any(r["line"] == "" and r["value"] == "C1004" for r in rj),
              "clients file with rejects: C1004 not listed as unknown client")
    rc, _, err = run(["run", "--ledger", os.path.join(tmp, "none.csv"),
                      "--as-of", SAMPLE_DATE, "--out", o, "--quiet"])
    check(rc == 3, "missing ledger: exit %d, expected 3" % rc)

    # ---- --strict with rejects writes nothing, keeps the previous set ---------
    o = os.path.join(tmp, "strict")
    rc, _, _ = run(["run", "--ledger", "samples/bad/bad_amount.csv", "--as-of",
                    SAMPLE_DATE, "--out", o, "--quiet"])
    before = tree(os.path.join(o, SAMPLE_DATE))
    rc, _, err = run(["run", "--ledger", "samples/bad/bad_amount.csv", "--as-of",
                      SAMPLE_DATE, "--out", o, "--quiet", "--strict"])
    check(rc == 3, "--strict with rejects: exit %d, expected 3" % rc)
    check(tree(os.path.join(o, SAMPLE_DATE)) == before,
          "--strict with rejects changed the previous output set")
    check(leftovers(o) == [], "--strict: leftovers %r" % leftovers(o))

    # ---- a rerun replaces the previous set whole ------------------------------
    o = os.path.join(tmp, "rerun")
    run(["run"] + SAMPLE_ARGS + ["--as-of", SAMPLE_DATE, "--out", o, "--quiet"])
    stale = os.path.join(o, SAMPLE_DATE, "stale-from-last-month.txt")
    check(os.path.isdir(os.path.join(o, SAMPLE_DATE)),
          "rerun: the first run wrote no output set")
    os.makedirs(os.path.join(o, SAMPLE_DATE, "letters", "9"), exist_ok=True)
    with open(stale, "w") as f:
        f.write("old\n")
    rc, _, err = run(["run", "--ledger", "samples/bad/crlf_bom.csv",
                      "--clients", "samples/clients.csv", "--as-of",
                      SAMPLE_DATE, "--out", o, "--quiet"])
    check(rc == 0, "rerun: exit %d: %s" % (rc, err[:300]))
    check(not os.path.exists(stale), "rerun: a file of the previous set "
          "survived the rerun")
    check(not os.path.exists(os.path.join(o, SAMPLE_DATE, "letters", "9")),
          "rerun: a directory of the previous set survived the rerun")
    j = check_set("rerun", o, SAMPLE_DATE)
    check(j is not None and j["counts"]["rows_read"] == 6,
          "rerun: run.json is not the new run's")

    # ---- leftovers of killed runs are removed by the next run -----------------
    o = os.path.join(tmp, "leftover")
    dead = subprocess.Popen(["true"])
    dead.wait()
    tmpset = os.path.join(o, ".%s.tmp-%d" % (SAMPLE_DATE, dead.pid))
    os.makedirs(os.path.join(tmpset, "letters"))
    with open(os.path.join(tmpset, "run.json"), "w") as f:
        f.write("{half")
    rc, _, err = run(["run", "--ledger", "samples/bad/crlf_bom.csv", "--as-of",
                      SAMPLE_DATE, "--out", o, "--quiet"])
    check(rc == 0, "leftover: exit %d: %s" % (rc, err[:300]))
    check(not os.path.exists(tmpset), "leftover: %s was not removed" % tmpset)
    check_set("leftover", o, SAMPLE_DATE)
    # a previous set moved aside ("<as-of>.old-<token>") by a run killed
    # between its two renames, with a newer set in place: removed (with no
    # set in place it is put back: tests/e2e/publish.sh)
    oldset = os.path.join(o, "%s.old-%d" % (SAMPLE_DATE, dead.pid))
    os.makedirs(oldset)
    run(["run", "--ledger", "samples/bad/crlf_bom.csv", "--as-of", SAMPLE_DATE,
         "--out", o, "--quiet"])
    check(not os.path.exists(oldset), "leftover: the previous set %s moved "
          "aside by a killed run was not removed" % oldset)

    # ---- output errors: exit 4, message, nothing half-written -----------------
    # (a) a file where the output directory should be
    blocker = os.path.join(tmp, "a-file")
    with open(blocker, "w") as f:
        f.write("not a directory\n")
    rc, _, err = run(["run", "--ledger", "samples/bad/crlf_bom.csv", "--as-of",
                      SAMPLE_DATE, "--out", blocker, "--quiet"])
    check(rc == 4, "--out is a file: exit %d, expected 4" % rc)
    check(blocker in err, "--out is a file: message does not name it: %s"
          % err.strip())
    check(open(blocker).read() == "not a directory\n",
          "--out is a file: the file was changed")

    # (b) a directory this user may not write to
    o = os.path.join(tmp, "readonly")
    os.mkdir(o)
    user = None
    if os.geteuid() == 0:
        if shutil.which("setpriv"):
            user = 65534  # nobody: the directory is root's, mode 755
            os.chmod(o, 0o755)
        else:
            print("SKIP: running as root without setpriv: the unwritable "
                  "directory check was not run", file=sys.stderr)
            o = None
    else:
        os.chmod(o, 0o555)
    if o is not None:
        # the other user reads copies in a directory of the test's own
        # (mode 755): the checkout, and the build in it, need not be
        # readable by others
        mine = os.path.join(tmp, "as-another-user")
        os.mkdir(mine)
        os.chmod(mine, 0o755)
        ledger = shutil.copy(os.path.join(ROOT, "samples/bad/crlf_bom.csv"),
                             mine)
        binary = shutil.copy(BIN, mine)
        for f in (ledger, binary):
            os.chmod(f, 0o755)
        # no letters: the copy has no layouts/ (letters would be refused
        # for that first, before the output directory is tried)
        rc, _, err = run(["run", "--ledger", ledger, "--as-of", SAMPLE_DATE,
                          "--out", o, "--quiet", "--outputs", "aging,kpi"],
                         user=user, binary=binary, cwd=mine)
        check(rc == 4, "unwritable --out: exit %d, expected 4: %s"
              % (rc, err.strip()))
        check(o in err, "unwritable --out: message does not name it: %s"
              % err.strip())
        check(os.listdir(o) == [], "unwritable --out: %r" % os.listdir(o))
        os.chmod(o, 0o755)

    # (c) a write that fails half way (file size limit): exit 4, the
    # previous set untouched, no temporary directory left
    o = os.path.join(tmp, "halfway")
    rc, _, err = run(["run"] + SAMPLE_ARGS + ["--as-of", SAMPLE_DATE, "--out",
                                              o, "--quiet"])
    before = tree(os.path.join(o, SAMPLE_DATE))
    check(len(before) >= 4, "halfway: the first run wrote %r" % sorted(before))

    def small_files():
        # the limit's signal as a shell leaves it, which kills a process
        # that does not ignore it: arbatch must, and say exit 4
        signal.signal(signal.SIGXFSZ, signal.SIG_DFL)
        resource.setrlimit(resource.RLIMIT_FSIZE, (2048, 2048))

    rc, _, err = run(["run"] + SAMPLE_ARGS + ["--as-of", SAMPLE_DATE, "--out",
                                              o, "--quiet"],
                     preexec=small_files)
    check(rc == 4, "halfway: exit %d, expected 4 when a write fails: %s"
          % (rc, err.strip()[:300]))
    check(err.strip() != "", "halfway: no message")
    check(tree(os.path.join(o, SAMPLE_DATE)) == before,
          "halfway: the previous output set was changed by a failed run")
    check(leftovers(o) == [], "halfway: leftovers %r" % leftovers(o))
    check(os.listdir(RUN_TMP) == [], "halfway: the failed run left %r in "
          "TMPDIR" % os.listdir(RUN_TMP))
    for n in os.listdir(RUN_TMP):
        shutil.rmtree(os.path.join(RUN_TMP, n), ignore_errors=True)

    check(os.listdir(RUN_TMP) == [], "runs left %r in TMPDIR"
          % os.listdir(RUN_TMP))

print("run_samples.sh: %d checks, %d failed" % (checks, len(failures)))
sys.exit(1 if failures else 0)
PY
