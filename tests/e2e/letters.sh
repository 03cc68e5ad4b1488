#!/usr/bin/env bash
# letters.sh - the dunning letters end to end (SPEC §5, §8.12): every
# manifest row against its PDF (pages, sha256, embedded fonts, the client's
# name, reference, amount and items in the text, the name inside the
# envelope window), the batches against the manifest per stage, the
# history against the letters written, hostile client ids, a glyph the
# fonts lack, a chunked batch, US Letter paper, --proof and a rerun that
# gives the same files.
set -u
BUILD=${BUILD:-build}
bin="$BUILD/arbatch"
py=/usr/bin/python3
fx=tests/fixtures/letters
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
failed=0

fail() {
    echo "FAIL: $*"
    failed=1
}

# run NAME ARGS...: arbatch into $tmp/NAME; 0 and 1 (rows rejected) pass
run() {
    local name=$1
    shift
    "$bin" run --quiet --as-of 2026-10-31 --out "$tmp/$name" "$@" \
        >"$tmp/$name.log" 2>&1
    local rc=$?
    if [ "$rc" -gt 1 ] || [ ! -d "$tmp/$name/2026-10-31" ]; then
        fail "$name: exit $rc: $(cat "$tmp/$name.log")"
        return 1
    fi
}

# check SET [PAGE=A4|Letter] [DUPLEX=no|yes]: every check on one output set
check() {
    $py - "$1" "${2:-A4}" "${3:-no}" <<'EOF'
import csv, hashlib, json, os, re, subprocess, sys
from collections import defaultdict

out, paper, duplex = sys.argv[1], sys.argv[2], sys.argv[3] == 'yes'
letters = os.path.join(out, 'letters')
bad = []

def sh(*cmd):
    return subprocess.run(cmd, capture_output=True, text=True).stdout

def norm(s):
    return re.sub(r'\s+', ' ', s.replace('\u00a0', ' '))

def digits(s):
    return re.sub(r'[^0-9]', '', s)

rows = list(csv.DictReader(open(os.path.join(letters, 'manifest.csv'),
                                encoding='utf-8')))
want = ['sequence', 'batch', 'first_page', 'sheets', 'client_id', 'name',
        'stage', 'pages', 'postage_zone', 'postal_code', 'country'] + \
       ['address_%d' % i for i in range(1, 9)] + \
       ['amount_due', 'currency', 'file', 'sha256']
if rows and list(rows[0].keys()) != want:
    bad.append('manifest header %s' % list(rows[0].keys()))
# #19: batch by batch, the sequence counted per batch; within a batch
# SPEC §5's order: country, then postal code
by_batch = defaultdict(list)
for r in rows:
    by_batch[r['batch']].append(r)
for b, rs in by_batch.items():
    keys = [(r['country'].upper(), r['postal_code']) for r in rs]
    if keys != sorted(keys):
        bad.append('%s: not sorted by country, postal code' % b)
    if [int(r['sequence']) for r in rs] != list(range(1, len(rs) + 1)):
        bad.append('%s: sequence is not 1..n' % b)
    # the first pages follow each other: each letter's pages (and its
    # blank back in duplex) and nothing else
    page = 1
    for r in rs:
        if int(r['first_page']) != page:
            bad.append('%s: %s starts on page %s, expected %d' %
                       (b, r['client_id'], r['first_page'], page))
        p = int(r['pages'])
        sheets = int(r['sheets'])
        if sheets != ((p + 1) // 2 if duplex else p):
            bad.append('%s: %d pages on %d sheets' % (r['client_id'], p,
                                                      sheets))
        # duplex: every letter starts on a front side, its pages in the
        # batch are even
        page += 2 * sheets if duplex else p
    r0 = rs[0]
    info = sh('pdfinfo', os.path.join(letters, b))
    got = int(re.search(r'Pages:\s+(\d+)', info).group(1))
    if got != page - 1:
        bad.append('%s: %d pages, the manifest adds up to %d' % (b, got,
                                                                 page - 1))
    # every letter's first page is its batch's page first_page
    for r in rs:
        t = sh('pdftotext', '-f', r['first_page'], '-l', r['first_page'],
               os.path.join(letters, b), '-')
        ref = '%s-' % r['client_id'][:60]
        if norm(r['client_id']) not in norm(t):
            bad.append('%s page %s is not the letter of %s' %
                       (b, r['first_page'], r['client_id']))

hist = list(csv.DictReader(open(os.path.join(out, 'history.csv'),
                                encoding='utf-8')))
docs_of = {h['client_id']: h['doc_nos'].split(';')
           for h in hist if h['run_date'] == '2026-10-31'}

# the envelope window, points from the top-left corner
if paper == 'A4':   # DIN 5008: 20 mm from the left, 45 mm down, 85 x 45 mm
    mm = 72 / 25.4
    win = (20 * mm, 45 * mm, 105 * mm, 90 * mm)
else:               # #10 window: 7/8" from the left, 2" down, 4" x 1"
    win = (63, 144, 63 + 288, 144 + 72)

pages_by_stage = defaultdict(int)
for r in rows:
    # the address lines as printed, and the postage zone
    lines = [r['address_%d' % i] for i in range(1, 9) if r['address_%d' % i]]
    if not lines or norm(lines[0]) != norm(r['name'].splitlines()[0]):
        bad.append('%s: address lines %s do not start with the name' %
                   (r['client_id'], lines))
    if r['postage_zone'] != ('domestic' if r['country'].upper() in ('DE', '')
                             else 'international'):
        bad.append('%s: postage zone %s for %s' % (r['client_id'],
                                                  r['postage_zone'],
                                                  r['country']))
    path = os.path.join(letters, r['file'])
    real = os.path.realpath(path)
    if not real.startswith(os.path.realpath(letters) + os.sep):
        bad.append('%s: file %s is outside letters/' % (r['client_id'], path))
        continue
    if not os.path.isfile(path):
        bad.append('%s: no file %s' % (r['client_id'], r['file']))
        continue
    data = open(path, 'rb').read()
    if hashlib.sha256(data).hexdigest() != r['sha256']:
        bad.append('%s: sha256 differs from the manifest' % r['client_id'])
    info = sh('pdfinfo', path)
    pages = int(re.search(r'Pages:\s+(\d+)', info).group(1))
    if pages != int(r['pages']):
        bad.append('%s: %d pages, manifest says %s' % (r['client_id'], pages,
                                                       r['pages']))
    if (paper == 'A4') != ('A4' in info):
        bad.append('%s: page size is not %s' % (r['client_id'], paper))
    pages_by_stage[r['stage']] += 2 * int(r['sheets']) if duplex else pages
    fonts = sh('pdffonts', path).splitlines()[2:]
    if not fonts or any(l.split()[-5] != 'yes' for l in fonts):
        bad.append('%s: a font is not embedded:\n%s' % (r['client_id'],
                                                        '\n'.join(fonts)))
    text = norm(sh('pdftotext', path, '-'))
    for what in (r['name'], r['client_id']):
        if norm(what) not in text:
            bad.append('%s: "%s" not in the text' % (r['client_id'], what))
    if digits(r['amount_due']) not in digits(text):
        bad.append('%s: amount %s not in the text' % (r['client_id'],
                                                      r['amount_due']))
    for doc in docs_of.get(r['client_id'], []):
        if doc not in text:
            bad.append('%s: item %s not in the text' % (r['client_id'], doc))
    # the recipient's name lies inside the window on page 1
    html = sh('pdftotext', '-bbox', '-f', '1', '-l', '1', path, '-')
    boxes = [(float(a), float(b), float(c), float(d),
              w.replace('&amp;', '&').replace('&quot;', '"')
               .replace('&apos;', "'").replace('&lt;', '<').replace('&gt;', '>'))
             for a, b, c, d, w in re.findall(
                 r'xMin="([\d.]+)" yMin="([\d.]+)" xMax="([\d.]+)" '
                 r'yMax="([\d.]+)">([^<]*)</word>', html)]
    for token in r['name'].split():
        inside = [b for b in boxes if b[4] == token and b[0] >= win[0] and
                  b[1] >= win[1] and b[2] <= win[2] and b[3] <= win[3]]
        if not inside:
            bad.append('%s: "%s" of the name is not inside the window %s' %
                       (r['client_id'], token, win))

# batches: every stage's pages, in files of at most batch_max_pages
batch_pages = defaultdict(int)
for f in os.listdir(letters):
    m = re.fullmatch(r'batch-stage(\d)(?:-(\d+))?\.pdf', f)
    if m:
        info = sh('pdfinfo', os.path.join(letters, f))
        batch_pages[m.group(1)] += int(re.search(r'Pages:\s+(\d+)',
                                                 info).group(1))
if dict(batch_pages) != dict(pages_by_stage):
    bad.append('batch pages %s, manifest pages %s' % (dict(batch_pages),
                                                      dict(pages_by_stage)))

# a batch page looks exactly like the letter's own page (batches copy the
# letters' finished pages)
first = {}
for r in rows:
    first.setdefault(r['stage'], r)
for stage, r in first.items():
    name = 'batch-stage%s.pdf' % stage
    if not os.path.exists(os.path.join(letters, name)):
        name = 'batch-stage%s-1.pdf' % stage
    shots = []
    for f in (os.path.join(letters, name), os.path.join(letters, r['file'])):
        subprocess.run(['pdftoppm', '-r', '30', '-f', '1', '-l', '1', '-singlefile',
                        f, os.path.join(out, 'shot')], check=False)
        shots.append(open(os.path.join(out, 'shot.ppm'), 'rb').read())
    if shots[0] != shots[1]:
        bad.append('%s page 1 differs from %s' % (name, r['file']))

# history.csv records exactly the letters written; run.json counts them
written = {r['client_id'] for r in rows}
if set(docs_of) != written:
    bad.append('history rows %s, letters %s' % (sorted(docs_of),
                                               sorted(written)))
counts = json.load(open(os.path.join(out, 'run.json')))['counts']['letters']
per_stage = defaultdict(int)
for r in rows:
    per_stage[r['stage']] += 1
if {k: v for k, v in counts.items() if v} != dict(per_stage):
    bad.append('run.json letters %s, manifest %s' % (counts, dict(per_stage)))

for b in bad:
    print('FAIL:', b)
print('%d letters checked' % len(rows))
sys.exit(1 if bad else 0)
EOF
}

# 1. the bundled samples
if run samples --ledger samples/ledger.csv --clients samples/clients.csv \
    --costs samples/costs.csv --history samples/history.csv; then
    check "$tmp/samples/2026-10-31" || fail "samples: letters do not check out"
    n=$(($(wc -l <"$tmp/samples/2026-10-31/letters/manifest.csv") - 1))
    [ "$n" -gt 0 ] || fail "samples: no letters written"
fi

# 2. the same run again writes the same files (SPEC §6)
if run again --ledger samples/ledger.csv --clients samples/clients.csv \
    --costs samples/costs.csv --history samples/history.csv; then
    cmp -s "$tmp/samples/2026-10-31/letters/manifest.csv" \
        "$tmp/again/2026-10-31/letters/manifest.csv" ||
        fail "rerun: the manifest (files, sha256) differs"
fi

# 3. hostile ids, a name the fonts cannot print, a two-page item list
if run hostile --ledger $fx/ledger.csv --clients $fx/clients.csv; then
    set_dir="$tmp/hostile/2026-10-31"
    check "$set_dir" || fail "hostile: letters do not check out"
    # nothing outside letters/<stage>/, one file per id (a/b and a_b apart)
    outside=$(find "$tmp/hostile" -name '*.pdf' ! -path "$set_dir/letters/*" \
        ! -path "$set_dir/agency/*")
    [ -z "$outside" ] || fail "hostile: PDFs outside letters/: $outside"
    find "$tmp" -name passwd -o -name x -o -name CON | grep -q . &&
        fail "hostile: a file named after a hostile id"
    files=$(find "$set_dir/letters" -mindepth 2 -name '*.pdf' | wc -l)
    rows=$(($(wc -l <"$set_dir/letters/manifest.csv") - 1))
    [ "$files" -eq "$rows" ] || fail "hostile: $files files for $rows letters"
    for id in '../../x' '/etc/passwd' 'CON' 'a/b' 'a_b'; do
        cut -d, -f5 "$set_dir/letters/manifest.csv" | grep -qxF -- "$id" ||
            fail "hostile: no letter for id $id"
    done
    # #19: a kanji name prints (the CJK fallback font), on page 1
    cut -d, -f5 "$set_dir/letters/manifest.csv" | grep -qx JP1 ||
        fail "hostile: JP1 (a kanji name) got no letter"
    jp=$(find "$set_dir/letters" -name JP1.pdf | head -1)
    [ -n "$jp" ] && { pdftotext -f 1 -l 1 "$jp" - | grep -q '株式会社 Tanaka' ||
        fail "hostile: the kanji name is not on page 1 of $jp"; }
    [ -n "$jp" ] && { pdffonts "$jp" | grep -q 'CID TrueType.*Identity-H *yes yes yes' ||
        fail "hostile: the kanji are not in an embedded CID font with ToUnicode"; }
    pdftotext "$set_dir/letters/5/M1.pdf" - | grep -q 'in Prüfung' ||
        fail "hostile: the disputed item is not marked under review"
    [ "$(pdfinfo "$set_dir/letters/5/M1.pdf" | awk '/^Pages/{print $2}')" -ge 2 ] ||
        fail "hostile: 47 items did not continue on a second page"
fi

# 4. batches of at most 2 pages: split into numbered chunks
if run chunks --ledger $fx/ledger.csv --clients $fx/clients.csv \
    --policy $fx/small-batches.ini; then
    set_dir="$tmp/chunks/2026-10-31"
    check "$set_dir" || fail "chunks: letters do not check out"
    [ -e "$set_dir/letters/batch-stage5-2.pdf" ] ||
        fail "chunks: stage 5 (3 pages) not split: $(ls "$set_dir/letters")"
    [ -e "$set_dir/letters/batch-stage5.pdf" ] &&
        fail "chunks: an unsplit batch-stage5.pdf beside the chunks"
    for f in "$set_dir"/letters/batch-stage*.pdf; do
        p=$(pdfinfo "$f" | awk '/^Pages/{print $2}')
        [ "$p" -le 2 ] || fail "chunks: $(basename "$f") has $p pages"
    done
fi

# 5. US Letter, #10 window envelope
if run letter --ledger $fx/ledger.csv --clients $fx/clients.csv \
    --policy $fx/letter-size.ini; then
    check "$tmp/letter/2026-10-31" Letter || fail "letter: does not check out"
fi

# 6. duplex with Data Matrix marks (#19): every letter starts on a front
#    side of its batch, its sheets counted in the manifest
if run duplex --ledger $fx/ledger.csv --clients $fx/clients.csv \
    --policy $fx/duplex.ini; then
    check "$tmp/duplex/2026-10-31" A4 yes || fail "duplex: does not check out"
fi

# 7. --proof: a set of its own (DIR/<as-of>-proof), SAMPLE on every page,
# nothing recorded in the history (letters_content.sh checks that it
# leaves a live set byte-identical and voids its payment codes)
"$bin" run --quiet --as-of 2026-10-31 --out "$tmp/proof" \
    --ledger samples/ledger.csv --clients samples/clients.csv \
    --costs samples/costs.csv --history samples/history.csv --proof \
    >"$tmp/proof.log" 2>&1
set_dir="$tmp/proof/2026-10-31-proof"
if [ ! -d "$set_dir" ] || [ -e "$tmp/proof/2026-10-31" ]; then
    fail "proof: not written to 2026-10-31-proof alone: $(ls "$tmp/proof") $(cat "$tmp/proof.log")"
else
    f=$(find "$set_dir/letters" -mindepth 2 -name '*.pdf' | head -1)
    [ -n "$f" ] || fail "proof: no letters written"
    [ -n "$f" ] && { pdftotext -raw "$f" - | tr -d '\n' | grep -q SAMPLE ||
        fail "proof: no SAMPLE watermark in $f"; }
    grep -q ',2026-10-31,\|^2026-10-31,' "$set_dir/history.csv" &&
        fail "proof: history.csv records letters"
    $py -c "
import json, sys
c = json.load(open('$set_dir/run.json'))['counts']['letters']
sys.exit(1 if any(c.values()) else 0)" || fail "proof: run.json counts letters"
fi

[ "$failed" -eq 0 ] && echo "letters: all checks passed"
exit "$failed"
