#!/usr/bin/env bash
# inspect.sh - `arbatch inspect` end to end on the built binary (SPEC §2.6):
#  - the IBM export names the ibm preset (skipped with a message when the
#    export is not there), a copy of samples/ledger.csv names canonical,
#    and each export fixture tests/fixtures/exports/<preset>/*.csv names
#    the preset of its folder (whichever folders exist);
#  - an unknown layout (tests/fixtures/inspect/de_export.csv: samples/
#    ledger.csv with German headers, ';', decimal comma, dd.mm.yyyy, type
#    words, signed credits, title lines and a 'Summe' line, made by
#    make_de_export.py) gets a policy from --write-policy whose run gives
#    the canonical run's open AR, unapplied credits, buckets and stages;
#  - the policy file is never replaced and no temporary file is left;
#  - exit 3 for files with nothing usable, no control character from a
#    file reaches the terminal, and a 1 GB file is inspected in seconds.
# Exits non-zero on any mismatch.
set -u
BUILD=${BUILD:-build}
if [ ! -x "$BUILD/arbatch" ]; then
    echo "inspect.sh: $BUILD/arbatch is not built" >&2
    exit 1
fi
BIN="$(cd "$BUILD" && pwd)/arbatch"
export BIN
exec /usr/bin/python3 - <<'PY'
import glob, json, os, re, shutil, signal, subprocess, sys, tempfile, time

BIN = os.environ["BIN"]
ROOT = os.getcwd()
IBM = None
for cand in ("../shared/data/ibm-late-payment/WA_Fn-UseC_-Accounts-Receivable.csv",
             "/work/shared/data/ibm-late-payment/WA_Fn-UseC_-Accounts-Receivable.csv"):
    if os.path.isfile(cand):
        IBM = os.path.abspath(cand)
        break
AS_OF = "2026-10-31"
failures = []
checks = 0
signal.signal(signal.SIGTERM, lambda *_: sys.exit(143))


def check(ok, what):
    global checks
    checks += 1
    if not ok:
        failures.append(what)
        print("FAIL: " + what, file=sys.stderr)
    return ok


def run(args, timeout=60):
    try:
        p = subprocess.run([BIN] + args, cwd=ROOT, capture_output=True,
                           timeout=timeout, stdin=subprocess.DEVNULL)
    except subprocess.TimeoutExpired:
        print("FAIL: arbatch %r did not finish in %d s" % (args, timeout),
              file=sys.stderr)
        sys.exit(1)
    return (p.returncode, p.stdout.decode("utf-8", "replace"),
            p.stderr.decode("utf-8", "replace"), p.stdout)


def preset_named(out):
    m = re.search(r"^preset:\s+(\S+) fits", out, re.M)
    return m.group(1) if m and m.group(1) != "none" else None


def names(path, preset):
    rc, out, err, _ = run(["inspect", "--ledger", path])
    got = preset_named(out)
    check(rc == 0 and got == preset,
          "inspect %s: expected preset %s, got %s (exit %d)\n%s%s"
          % (path, preset, got, rc, out[-1500:], err))
    return out


tmp = tempfile.mkdtemp(prefix="inspect-e2e.")
try:
    # (a) the IBM export
    if IBM:
        out = names(IBM, "ibm")
        check("delimiter:     comma" in out, "IBM: delimiter comma")
        check("2466 rows read: 2466 used, 0 rejected" in out,
              "IBM: the ibm preset reads every row")
        check(re.search(r"InvoiceDate\s+doc_date\s+dates %m/%d/%Y", out),
              "IBM: InvoiceDate is the doc_date, %m/%d/%Y")
    else:
        print("inspect.sh: the IBM export is not in ../shared/data: its "
              "check is skipped")

    # (b) our own layout, under another name
    own = os.path.join(tmp, "my-export.csv")
    shutil.copy("samples/ledger.csv", own)
    out = names(own, "canonical")
    check("580 rows read: 580 used, 0 rejected, 0 skipped" in out,
          "samples: the canonical preset reads every row")

    # (c) an unknown layout: the fixture is what its script makes
    made = os.path.join(tmp, "de_export.csv")
    subprocess.run([sys.executable, "tests/fixtures/inspect/make_de_export.py",
                    "samples/ledger.csv", made], check=True)
    fixture = "tests/fixtures/inspect/de_export.csv"
    check(open(made, "rb").read() == open(fixture, "rb").read(),
          "de_export.csv is what make_de_export.py makes of samples/ledger.csv")
    policy = os.path.join(tmp, "de.ini")
    rc, out, err, _ = run(["inspect", "--ledger", fixture,
                           "--write-policy", policy])
    check(rc == 0, "inspect de_export.csv --write-policy: exit 0, got %d: %s"
          % (rc, err))
    check(preset_named(out) is None and "preset:        none fits" in out,
          "de_export.csv: no preset fits")
    for want in ("delimiter:     semicolon", "header:        line 3",
                 "decimal mark:  comma", "line ends:     CRLF",
                 "signed_amounts = yes", "583 rows read: 580 used, 0 "
                 "rejected, 3 skipped", "wrote " + policy):
        check(want in out, "de_export.csv: the report says %r" % want)
    text = open(policy, encoding="utf-8").read() if os.path.exists(policy) else ""
    for want in ("delimiter = semicolon", "decimal_mark = ,",
                 "date_format = %d.%m.%Y", "signed_amounts = yes",
                 "skip_rows = ^(Summe)([^[:alpha:]]|$)", "doc_no = Belegnummer",
                 "due_date = Fällig am", "Rechnung = INV",
                 "Gutschrift = CRN", "Zahlung = PAY", "Belastung = DEB",
                 "Abschreibung = WO"):
        check(want in text, "the written policy holds %r" % want)
    check(not glob.glob(policy + ".tmp-*"), "no temporary policy file left")
    # the same figures as the canonical file it was made from
    runs = {}
    for name, args in (("canonical", ["--ledger", "samples/ledger.csv"]),
                       ("renamed", ["--ledger", fixture, "--policy", policy])):
        o = os.path.join(tmp, "out-" + name)
        rc, _, err, _ = run(["run"] + args + ["--as-of", AS_OF, "--out", o,
                                              "--outputs", "aging", "--quiet"])
        check(rc in (0, 1), "run %s: exit %d: %s" % (name, rc, err))
        path = os.path.join(o, AS_OF, "run.json")
        runs[name] = json.load(open(path)) if os.path.exists(path) else {}
    a, b = runs["canonical"], runs["renamed"]
    for key in ("totals_cents", "totals_cents_by_currency", "stages", "tiers",
                "reconciliation"):
        check(a.get(key) is not None and a.get(key) == b.get(key),
              "renamed run: %s as the canonical run's\n%s\n%s"
              % (key, a.get(key), b.get(key)))
    counts = b.get("counts", {})
    check(counts.get("rows_used") == 580 and counts.get("rows_rejected") == 0
          and counts.get("skipped_by_reason") == {"above_header": 2,
                                                  "skip_rows": 1},
          "renamed run: 580 used, 0 rejected, the titles and Summe skipped: %s"
          % counts)
    # never over an existing file: refused, and the file is as it was
    rc, out, err, _ = run(["inspect", "--ledger", fixture,
                           "--write-policy", policy])
    check(rc == 4 and "exists" in err, "a second --write-policy is refused "
          "(exit 4), got %d: %s" % (rc, err))
    check(open(policy, encoding="utf-8").read() == text,
          "the refused write left the policy as it was")
    # a preset that fits is written as its text
    p2 = os.path.join(tmp, "own.ini")
    rc, out, err, _ = run(["inspect", "--ledger", own, "--write-policy", p2])
    check(rc == 0 and os.path.exists(p2) and "preset 'canonical' fits"
          in open(p2).read(), "--write-policy with a preset that fits writes "
          "the preset")

    # (d) nothing usable: exit 3
    cases = {
        "prose.txt": b"Dear customer,\nplease pay.\n",
        "latin1.csv": "Kunde;Betrag\nM\xfcller;1,00\n".encode("latin-1"),
        "binary.csv": b"a,b\n\x00\x01\x02\n",
        "empty.csv": b"",
        "header_only.csv": b"doc_no,client_id,doc_date,amount\n",
    }
    for name, data in cases.items():
        path = os.path.join(tmp, name)
        open(path, "wb").write(data)
        rc, out, err, _ = run(["inspect", "--ledger", path,
                               "--write-policy", path + ".ini"])
        check(rc == 3, "inspect %s: exit 3, got %d" % (name, rc))
        check(not os.path.exists(path + ".ini"),
              "inspect %s wrote no policy" % name)
    rc, out, err, _ = run(["inspect", "--ledger", os.path.join(tmp, "latin1.csv")])
    check("iconv" in err, "a Latin-1 file: the message says how to convert it")
    rc, _, err, _ = run(["inspect", "--ledger", os.path.join(tmp, "missing.csv")])
    check(rc == 3, "a missing file: exit 3, got %d" % rc)
    rc, _, err, _ = run(["inspect", "--ledger", own, "--format", "ibm"])
    check(rc == 2, "inspect --format: a usage error (exit 2), got %d" % rc)

    # (e) control characters from the file never reach the terminal
    hostile = os.path.join(tmp, "hostile.csv")
    open(hostile, "wb").write(
        b"\x1b]0;title\x07Report \x1b[2J\n"
        b"Invoice No,Customer\x1b[31m,Invoice Date,Amount,Type\xc2\x9b1m\n"
        b"A1\x1b[5m,C1,2026-01-02,10.00,Invoice\x1b[0m\n"
        b"A2,C\xe2\x80\xae1,2026-01-03,-5.00,\xc2\x9b2JCredit\n")
    rc, _, err, raw = run(["inspect", "--ledger", hostile])
    check(b"\x1b" not in raw and b"\x07" not in raw and b"\xc2\x9b" not in raw
          and b"\xe2\x80\xae" not in raw and b"\x1b" not in err.encode(),
          "no control character of the file reaches the terminal")
    check(b"\\x1b" in raw, "control characters are shown escaped")

    # (f) a 1 GB file: only its start is read
    big = os.path.join(tmp, "big.csv")
    with open(big, "w") as f:
        f.write(open("samples/ledger.csv").readline())
        rows = open("samples/ledger.csv").read().splitlines()[1:]
        n = 0
        while f.tell() < (6 << 20):
            for r in rows:
                n += 1
                t, _, rest = r.split(",", 2)
                f.write("%s,D%d,%s\n" % (t, n, rest))
    os.truncate(big, 1 << 30)  # sparse: no disk used past the rows
    started = time.time()
    rc, out, err, _ = run(["inspect", "--ledger", big], timeout=60)
    took = time.time() - started
    check(rc == 0 and "looked at:     the first 5000 lines of 1.07 GB" in out,
          "a 1 GB file: the first 5000 lines looked at (exit %d)\n%s%s"
          % (rc, out[:600], err))
    check(took < 10, "a 1 GB file is inspected in seconds, took %.1f s" % took)

    # (g) the export fixtures of each preset, when they are there
    for folder in sorted(glob.glob("tests/fixtures/exports/*/")):
        preset = os.path.basename(folder.rstrip("/"))
        for path in sorted(glob.glob(folder + "*.csv")):
            base = os.path.basename(path).lower()
            if re.search(r"client|cost|history|expected|renamed|policy", base):
                continue  # not a ledger export of the preset
            out = names(path, preset)
            # what the summary says of open amounts and types is what a
            # run of the preset does
            if preset == "sap-fbl5n":
                # its company codes, as a grep of the file finds them
                codes = sorted({l.split(";")[0] for l in open(
                    path, encoding="utf-8-sig") if re.match(r"\d{4};", l)})
                check("the file holds %d entities (%s): add --entity CODE"
                      % (len(codes), ", ".join(codes)) in out,
                      "sap: inspect names the entities and --entity:\n"
                      + out[-800:])
            if preset == "bc":
                check('open amounts:  column "Remaining Amount"' in out
                      and "open-balance export" not in out,
                      "bc: the open amount column is Remaining Amount (not "
                      "the Open flag), beside clearing dates:\n" + out)
            if preset == "odoo":
                check("every row is an invoice\n" not in out
                      and "a credit note (negative_type = CRN)" in out,
                      "odoo: with debit and credit a credit row is no "
                      "invoice:\n" + out)
            if preset == "xero":
                check("an open-balance export" in out,
                      "xero: an open-balance export:\n" + out)

    # (h) the command inspect suggests runs as printed, also for a file
    # name with a blank and a quote in it (the shell reads it back)
    odd = os.path.join(tmp, "it's an export.csv")
    shutil.copy("samples/ledger.csv", odd)
    rc, out, err, _ = run(["inspect", "--ledger", odd])
    m = re.search(r"^preset: +canonical fits: (arbatch run .*)$", out, re.M)
    if check(m is not None, "no command suggested for %r:\n%s" % (odd, out)):
        cmd = m.group(1).replace("YYYY-MM-DD", "2026-10-31").replace(
            "--out DIR", "--out " + os.path.join(tmp, "suggested"))
        cmd = cmd.replace("arbatch run", os.path.join(BIN) + " run", 1)
        p = subprocess.run(["bash", "-c", cmd], capture_output=True,
                           text=True)
        check(p.returncode in (0, 1) and os.path.exists(
                  os.path.join(tmp, "suggested", "2026-10-31", "run.json")),
              "the suggested command did not run (%d): %s\n%s"
              % (p.returncode, cmd, p.stderr[:300]))
finally:
    shutil.rmtree(tmp, ignore_errors=True)

print("inspect.sh: %d checks, %d failed" % (checks, len(failures)))
sys.exit(1 if failures else 0)
PY
