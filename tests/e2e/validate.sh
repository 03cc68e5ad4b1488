#!/usr/bin/env bash
# validate.sh - `arbatch validate` end to end on the built binary: the IBM
# export (2,466 rows, 0 rejected, 147,703.18), every file of samples/bad/
# against samples/bad/expected*.tsv (exit code, the line, column and reason
# of every reject, the words of a refusal), samples/, usage and input
# errors; and validate writes no file. Exits non-zero on any mismatch.
set -u
BUILD=${BUILD:-build}
if [ ! -x "$BUILD/arbatch" ]; then
    echo "validate.sh: $BUILD/arbatch is not built" >&2
    exit 1
fi
BIN="$(cd "$BUILD" && pwd)/arbatch"
export BIN
exec /usr/bin/python3 - <<'PY'
import os, re, signal, subprocess, sys, tempfile

BIN = os.environ["BIN"]
ROOT = os.getcwd()
BAD = os.path.join(ROOT, "samples/bad")
IBM = None
for cand in ("../shared/data/ibm-late-payment/WA_Fn-UseC_-Accounts-Receivable.csv",
             "/work/shared/data/ibm-late-payment/WA_Fn-UseC_-Accounts-Receivable.csv"):
    if os.path.isfile(cand):
        IBM = os.path.abspath(cand)
        break

failures = []
checks = 0
# killed (timeout, Ctrl-C): unwind so that the temporary directory goes too
signal.signal(signal.SIGTERM, lambda *_: sys.exit(143))


def check(ok, what):
    global checks
    checks += 1
    if not ok:
        failures.append(what)
        print("FAIL: " + what, file=sys.stderr)
    return ok


def run(args, cwd):
    try:
        p = subprocess.run([BIN] + args, cwd=cwd, capture_output=True,
                           text=True, errors="replace", timeout=60,
                           stdin=subprocess.DEVNULL)
    except subprocess.TimeoutExpired:
        print("FAIL: arbatch %r did not finish in 60 s" % (args,),
              file=sys.stderr)
        print("validate.sh: stopped after %d checks" % checks)
        sys.exit(1)  # unwinds: the temporary directory is removed
    return p.returncode, p.stdout, p.stderr


def summary(out):
    """rows read, used, rejected, skipped from the first line of validate's
    report."""
    m = re.search(r"(\d+) rows read, (\d+) used, (\d+) rejected, (\d+) "
                  r"skipped", out)
    return tuple(int(x) for x in m.groups()) if m else None


def read_tsv(path):
    with open(path, encoding="utf-8") as f:
        lines = f.read().splitlines()
    head = lines[0].split("\t")
    return [dict(zip(head, l.split("\t"))) for l in lines[1:] if l.strip()]


def md_table(path):
    """file -> (content, rows read, used, rejected, skipped) from
    EXPECTED.md."""
    rows = {}
    if not os.path.exists(path):
        return rows
    for line in open(path, encoding="utf-8"):
        cells = [c.strip() for c in line.strip().strip("|").split("|")]
        if len(cells) >= 8 and cells[0].startswith("`"):
            nums = cells[4:8]
            rows[cells[0].strip("`")] = (
                cells[1], tuple(int(n) if n.isdigit() else None for n in nums))
    return rows


with tempfile.TemporaryDirectory(prefix="arbatch-validate-") as tmp:
    cwd = os.path.join(tmp, "cwd")
    os.mkdir(cwd)

    # ---- the IBM export with --format ibm ----------------------------------
    if IBM is None:
        print("SKIP: the IBM export is not in ../shared/data: its checks "
              "were not run", file=sys.stderr)
    else:
        rc, out, err = run(["validate", "--ledger", IBM, "--format", "ibm"],
                           cwd)
        check(rc == 0, "IBM validate: exit %d, expected 0 (%s)" % (rc, err))
        check(summary(out) == (2466, 2466, 0, 0),
              "IBM validate: expected 2466 rows read, 2466 used, 0 rejected; "
              "got %r" % (summary(out),))
        check("147,703.18" in out,
              "IBM validate: total 147,703.18 not in the report:\n" + out)
        # the default (canonical) columns cannot read it: refused, exit 3
        rc, out, err = run(["validate", "--ledger", IBM], cwd)
        check(rc == 3 and "doc_no" in err,
              "IBM without --format: exit %d, expected 3 naming the missing "
              "column (%s)" % (rc, err.strip()))

    # ---- samples/ ------------------------------------------------------------
    led = os.path.join(ROOT, "samples/ledger.csv")
    cli = os.path.join(ROOT, "samples/clients.csv")
    rc, out, err = run(["validate", "--ledger", led, "--clients", cli], cwd)
    s = summary(out)
    if check(s is not None, "samples validate: no summary line (exit %d): %s"
             % (rc, err.strip())):
        check(s[0] == s[1] + s[2] + s[3], "samples validate: read %d != used "
              "%d + rejected %d + skipped %d" % s)
        check(rc == (1 if s[2] else 0), "samples validate: exit %d with %d "
              "rejected rows" % (rc, s[2]))
        check(re.search(r"clients: \d+ in the ledger", out) is not None,
              "samples validate: no clients line in the report")
        check(re.search(r"document dates: \d{4}-\d\d-\d\d to \d{4}-\d\d-\d\d",
                        out) is not None,
              "samples validate: no date range in the report")
        check(re.search(r"totals \w+", out) is not None,
              "samples validate: no totals per currency in the report")

    # ---- samples/bad/ ------------------------------------------------------
    exp_rows = os.path.join(BAD, "expected.tsv")
    exp_files = os.path.join(BAD, "expected_files.tsv")
    if not check(os.path.exists(exp_rows) and os.path.exists(exp_files),
                 "samples/bad/expected.tsv or expected_files.tsv is missing"):
        pass
    else:
        expected = {}
        for r in read_tsv(exp_rows):
            expected.setdefault(r["file"], []).append(
                (int(r["line"]), r["column"], r["reason"]))
        table = md_table(os.path.join(BAD, "EXPECTED.md"))
        before = sorted(os.listdir(BAD))
        files = read_tsv(exp_files)
        check(len(files) > 0, "samples/bad/expected_files.tsv lists no file")
        for f in files:
            name, want_rc, word = f["file"], int(f["exit_code"]), f.get("word", "")
            path = os.path.join("samples/bad", name)
            rc, out, err = run(["validate", "--ledger", path,
                                "--clients", cli], ROOT)
            check(rc == want_rc, "validate %s: exit %d, expected %d (%s)"
                  % (name, rc, want_rc, err.strip()[:300]))
            if want_rc == 3:
                check(word == "" or word in err,
                      "validate %s: message lacks \"%s\": %s"
                      % (name, word, err.strip()))
                check(path in err, "validate %s: message does not name the "
                      "file: %s" % (name, err.strip()))
                m = re.search(r"on line (\d+)", table.get(name, ("",))[0])
                if m:
                    check("%s:%s" % (path, m.group(1)) in err,
                          "validate %s: message does not name line %s: %s"
                          % (name, m.group(1), err.strip()))
                continue
            rejects = expected.get(name, [])
            s = summary(out)
            if not check(s is not None, "validate %s: no summary line" % name):
                continue
            check(s[0] == s[1] + s[2] + s[3], "validate %s: read %d != used "
                  "%d + rejected %d + skipped %d" % ((name,) + s))
            check(s[2] == len(rejects), "validate %s: %d rejected, expected "
                  "%d" % (name, s[2], len(rejects)))
            counts = table.get(name, ("", (None, None, None, None)))[1]
            if None not in counts:
                check(s == counts, "validate %s: read/used/rejected/skipped "
                      "%r, "
                      "EXPECTED.md says %r" % (name, s, counts))
            # every reject is printed as file:line: column 'c': reason
            shown = re.findall(r"^arbatch: %s:(\d+): column '([^']*)': ([^\"]+?) \""
                               % re.escape(path), err, re.M)
            got = sorted((int(l), "" if c == "-" else c, r) for l, c, r in shown)
            check(got == sorted(rejects),
                  "validate %s: rejects printed %r, expected %r"
                  % (name, got, sorted(rejects)))
        check(sorted(os.listdir(BAD)) == before,
              "validate wrote into samples/bad/: %r" %
              sorted(set(os.listdir(BAD)) - set(before)))

    # ---- without a clients file every client is unknown: not a reject ------
    rc, out, err = run(["validate", "--ledger",
                        os.path.join(BAD, "crlf_bom.csv")], cwd)
    check(rc == 0, "validate crlf_bom.csv without clients: exit %d, expected "
          "0 (unknown clients are not rejected rows): %s" % (rc, err.strip()))
    check(summary(out) is not None and summary(out)[2] == 0,
          "validate crlf_bom.csv without clients: %r" % (summary(out),))
    # no clients file: none of them is "not in the clients file"
    check(re.search(r"^clients: \d+ in the ledger \(no clients file\)$", out,
                    re.M) is not None and "not in the clients file" not in out,
          "validate without clients: %r" % out)

    # ---- usage errors: exit 2 -----------------------------------------------
    for args, word in (
            (["validate"], "--ledger"),
            (["validate", "--ledger", led, "--as-of", "2024-01-31"], "--as-of"),
            (["validate", "--ledger", led, "--out", tmp], "--out"),
            (["validate", "--ledger", led, "--bogus"], "--bogus"),
            (["validate", "--ledger", led, "--format", "nope"], "nope"),
            (["frobnicate"], "frobnicate"),
            ([], "command")):
        rc, out, err = run(args, cwd)
        check(rc == 2, "%r: exit %d, expected 2" % (args, rc))
        check(word in err, "%r: message lacks \"%s\": %s" % (args, word,
                                                              err.strip()))
    rc, out, err = run(["--help"], cwd)
    check(rc == 0 and "validate" in out and "run" in out,
          "--help: exit %d, usage on stdout expected" % rc)
    rc, out, err = run(["--version"], cwd)
    check(rc == 0 and re.search(r"\d+\.\d+", out) is not None,
          "--version: exit %d, %r" % (rc, out))

    # ---- input errors: exit 3, naming the file -------------------------------
    missing = os.path.join(tmp, "no-such-ledger.csv")
    rc, out, err = run(["validate", "--ledger", missing], cwd)
    check(rc == 3 and missing in err,
          "missing ledger: exit %d, expected 3 naming it: %s" % (rc, err))
    rc, out, err = run(["validate", "--ledger", led, "--clients", missing], cwd)
    check(rc == 3 and missing in err,
          "missing clients file: exit %d, expected 3 naming it: %s" % (rc, err))
    pol = os.path.join(tmp, "bad.ini")
    with open(pol, "w") as f:
        f.write("[dunning]\nstage_days = 1, 8, 15, 30, 45\nfoo = 1\n")
    rc, out, err = run(["validate", "--ledger", led, "--policy", pol], cwd)
    check(rc == 3 and (pol + ":3") in err,
          "bad policy: exit %d, expected 3 naming %s:3: %s" % (rc, pol, err))
    nocol = os.path.join(tmp, "clients-noname.csv")
    with open(nocol, "w") as f:
        f.write("client_id,city\nC1001,Paris\n")
    rc, out, err = run(["validate", "--ledger", led, "--clients", nocol], cwd)
    check(rc == 3 and "name" in err,
          "clients without a name column: exit %d, expected 3: %s" % (rc, err))

    # ---- validate writes nothing ---------------------------------------------
    check(os.listdir(cwd) == [], "validate wrote files into its working "
          "directory: %r" % os.listdir(cwd))

print("validate.sh: %d checks, %d failed" % (checks, len(failures)))
sys.exit(1 if failures else 0)
PY
