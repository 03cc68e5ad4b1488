#!/usr/bin/env bash
# print.sh - print grade and the mailing house (#19 items 5-7, #22 items
# 11 and 14), on tests/fixtures/print (kanji, hangul, hanzi, Vietnamese,
# Arabic, accents that are nested composite glyphs, line breaks inside
# address fields, a long name, address and document numbers) and the
# samples:
#   - every PDF passes qpdf --check and embeds every font (pdffonts);
#   - the names in every script print on page 1 (pdftotext), from a
#     composite font with a ToUnicode map; Arabic holds the letter;
#   - PDF/A-1b as far as it can be checked without veraPDF: version 1.4,
#     binary comment, trailer ID, unfiltered XMP metadata (pdfaid part 1,
#     conformance B) agreeing with Info, an RGB output intent, no
#     encryption or transparency, simple TrueType fonts WinAnsi-based
#     with glyph names from the Adobe Glyph List, Widths equal to the
#     embedded programs' advances, CIDFontType2 with CIDToGIDMap and
#     CIDSet;
#   - no text under 7 pt, none squeezed below 80 %; most text pure black
#     in DeviceGray, none lighter than 60 % black;
#   - every composite glyph of every embedded program complete (the fault
#     libharu 2.3.0 has with nested composites), and at 600 dpi each
#     accented word of the fixture inks more than its plain twin;
#   - duplex with Data Matrix marks: decoded (dmtxread) on the front of
#     each sheet, none on a back; OMR dashes read back from a rendering;
#   - a rerun gives the same bytes; a one-page letter <= 30 KB, a letter
#     with a CJK name <= 60 KB.
set -u
BUILD=${BUILD:-build}
bin="$BUILD/arbatch"
py=/usr/bin/python3
fx=tests/fixtures/print
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
failed=0

fail() {
    echo "FAIL: $*"
    failed=1
}

# run NAME ARGS...: arbatch into $tmp/NAME; 0 and 1 (held letters) pass
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

for tool in dmtxread qpdf pdftoppm pdffonts; do
    command -v $tool >/dev/null || { echo "print: $tool missing (make deps)"; exit 1; }
done

args=(--ledger $fx/ledger.csv --clients $fx/clients.csv)
run dm "${args[@]}" --policy $fx/duplex-datamatrix.ini || exit 1
run dm2 "${args[@]}" --policy $fx/duplex-datamatrix.ini || exit 1
run omr "${args[@]}" --policy $fx/duplex-omr.ini || exit 1
run samples --ledger samples/ledger.csv --clients samples/clients.csv \
    --costs samples/costs.csv --history samples/history.csv || exit 1
# a Xero export names the country in words ("New Zealand"): read as NZ,
# so its letters have New Zealand's postal line and the country line
run xero --format xero --ledger tests/fixtures/exports/xero/SalesInvoices.csv || exit 1

# a rerun writes the same bytes (IDs and metadata never read the clock)
for d in letters agency; do
    diff -r "$tmp/dm/2026-10-31/$d" "$tmp/dm2/2026-10-31/$d" >/dev/null ||
        fail "rerun: $d/ differs"
done

$py - "$tmp" <<'EOF' || failed=1
import csv, io, os, re, statistics, subprocess, sys, zlib
from fontTools.ttLib import TTFont
from fontTools import agl

tmp = sys.argv[1]
bad = []
def fail(m): bad.append(m)
def sh(*cmd, binary=False):
    r = subprocess.run(cmd, capture_output=True, text=not binary)
    return r.stdout
def pdfs(top):
    for root, _, files in os.walk(top):
        for f in sorted(files):
            if f.endswith('.pdf'):
                yield os.path.join(root, f)

# ---- a minimal reader of uncompressed PDFs (qpdf --qdf) ---------------
class Pdf:
    def __init__(self, path):
        self.path = path
        self.raw = open(path, 'rb').read()
        q = subprocess.run(['qpdf', '--qdf', '--object-streams=disable',
                            path, '-'], capture_output=True).stdout
        self.objs = {}
        for m in re.finditer(rb'\n(\d+) 0 obj\n(.*?)\nendobj', q, re.S):
            body = m.group(2)
            s = re.search(rb'\nstream\n(.*)\nendstream$', body, re.S)
            self.objs[int(m.group(1))] = (
                body[:s.start()] if s else body, s.group(1) if s else None)
        self.trailer = q[q.rfind(b'trailer'):]
        # the original file's objects, as written (filters intact)
        self.orig = {int(m.group(1)): m.group(2) for m in re.finditer(
            rb'(\d+) 0 obj\s*(<<.*?>>)\s*(?:stream|endobj)', self.raw, re.S)}
    def d(self, n): return self.objs[n][0]
    def data(self, n): return self.objs[n][1]
    def ref(self, dic, key):
        m = re.search(rb'/' + key + rb' (\d+) 0 R', dic)
        return int(m.group(1)) if m else None
    def find(self, pat):
        return [n for n, (dic, _) in self.objs.items() if re.search(pat, dic)]

def utf16(hexs):
    b = bytes.fromhex(hexs.decode())
    return b[2:].decode('utf-16-be') if b[:2] == b'\xfe\xff' else b.decode('latin-1')

letters = lambda run: os.path.join(tmp, run, '2026-10-31', 'letters')
agency = lambda run: os.path.join(tmp, run, '2026-10-31', 'agency')
every = list(pdfs(letters('dm'))) + list(pdfs(agency('dm'))) + \
        list(pdfs(letters('samples')))

checked = 0
for path in every:
    name = os.path.relpath(path, tmp)
    r = subprocess.run(['qpdf', '--check', path], capture_output=True,
                       text=True)
    if r.returncode != 0:
        fail(f'{name}: qpdf --check: {r.stdout[-300:]}')
    fonts = sh('pdffonts', path).splitlines()[2:]
    if not fonts or any(l.split()[-5] != 'yes' for l in fonts):
        fail(f'{name}: a font is not embedded')
    p = Pdf(path)
    # PDF/A-1b, ISO 19005-1 (with corrigendum 2)
    if not p.raw.startswith(b'%PDF-1.4\n%') or \
            sum(c > 127 for c in p.raw[10:14]) != 4:
        fail(f'{name}: not PDF 1.4 with a binary comment')
    m = re.search(rb'/ID \[\s*<([0-9A-Fa-f]{32})>\s*<([0-9A-Fa-f]{32})>\s*\]',
                  p.raw[p.raw.rfind(b'trailer'):])
    if not m or m.group(1) != m.group(2):
        fail(f'{name}: no trailer ID')
    if re.search(rb'/Encrypt|/SMask|/BM |/CA 0|/ca 0|/JavaScript|/JS |LZWDecode',
                 b''.join(d for d, _ in p.objs.values())):
        fail(f'{name}: encryption, transparency, script or LZW')
    cat = p.d(p.find(rb'/Type /Catalog')[0])
    meta = p.ref(cat, b'Metadata')
    if meta is None or b'/Filter' in p.orig.get(meta, b'/Filter'):
        fail(f'{name}: no unfiltered XMP metadata')
        continue
    xmp = p.data(meta).decode('utf-8')
    if '<pdfaid:part>1</pdfaid:part>' not in xmp or \
            '<pdfaid:conformance>B</pdfaid:conformance>' not in xmp:
        fail(f'{name}: XMP does not claim PDF/A-1b')
    info = p.orig[int(re.search(rb'/Info (\d+) 0 R',
                                p.raw[p.raw.rfind(b'trailer'):]).group(1))]
    t = re.search(rb'/Title <([0-9A-Fa-f]+)>', info)
    title = utf16(t.group(1)) if t else ''
    x = re.search(r'<rdf:li xml:lang="x-default">(.*?)</rdf:li>', xmp)
    xt = x.group(1).replace('&amp;', '&').replace('&lt;', '<').replace(
        '&gt;', '>').replace('&quot;', '"') if x else ''
    if title != xt:
        fail(f'{name}: Info title {title!r}, XMP {xt!r}')
    cd = re.search(rb'/CreationDate \(D:(\d{4})(\d\d)(\d\d)000000Z\)', info)
    xd = re.search(r'<xmp:CreateDate>(\d{4})-(\d\d)-(\d\d)T00:00:00Z<', xmp)
    if not cd or not xd or [v.decode() for v in cd.groups()] != list(xd.groups()):
        fail(f'{name}: Info and XMP dates disagree')
    intents = re.search(rb'/OutputIntents \[(.*?)\]', cat, re.S)
    prof = None
    if intents:
        for n in re.findall(rb'(\d+) 0 R', intents.group(1)):
            dic = p.d(int(n))
            if b'/S /GTS_PDFA1' in dic:
                prof = p.ref(dic, b'DestOutputProfile')
        if b'/S /GTS_PDFA1' in intents.group(1):
            prof = p.ref(intents.group(1), b'DestOutputProfile')
    if prof is None or b'/N 3' not in p.d(prof):
        fail(f'{name}: no RGB PDF/A output intent')
    # fonts
    for n in p.find(rb'/Type /Font\b'):
        dic = p.d(n)
        if b'/Subtype /TrueType' in dic:
            enc = re.search(rb'/Encoding (/WinAnsiEncoding|(\d+) 0 R|<<.*?>>)',
                            dic, re.S)
            e = enc.group(1) if enc else b''
            if enc and enc.group(2):
                e = p.d(int(enc.group(2)))
            if e != b'/WinAnsiEncoding' and b'/BaseEncoding /WinAnsiEncoding' not in e:
                fail(f'{name}: font {n}: encoding {e[:60]!r}')
            diffs = re.search(rb'/Differences \[(.*?)\]', e, re.S)
            names = re.findall(rb'/([A-Za-z0-9.]+)', diffs.group(1)) if diffs else []
            for g in names:
                if g == b'.notdef' or not agl.toUnicode(g.decode()):
                    fail(f'{name}: font {n}: glyph name {g!r} not in the AGL')
            # Widths against the program (6.3.6)
            desc = p.d(p.ref(dic, b'FontDescriptor'))
            prog = TTFont(io.BytesIO(p.data(p.ref(desc, b'FontFile2'))))
            cmap = prog.getBestCmap()
            upem = prog['head'].unitsPerEm
            hmtx = prog['hmtx']
            first = int(re.search(rb'/FirstChar (\d+)', dic).group(1))
            widths = [int(w) for w in re.search(rb'/Widths \[(.*?)\]', dic,
                                                re.S).group(1).split()]
            dmap = {}
            if diffs:
                code = 0
                for tok in diffs.group(1).split():
                    if tok.startswith(b'/'):
                        dmap[code] = agl.toUnicode(tok[1:].decode())
                        code += 1
                    else:
                        code = int(tok)
            for i, w in enumerate(widths):
                c = first + i
                u = dmap.get(c) or bytes([c]).decode('cp1252', 'ignore')
                if w == 0 or not u or ord(u) not in cmap:
                    continue
                want = hmtx[cmap[ord(u)]][0] * 1000 // upem
                if abs(want - w) > 1:
                    fail(f'{name}: font {n}: width of {u!r} {w}, program {want}')
                    break
        if b'/Subtype /CIDFontType2' in dic:
            desc = p.d(p.ref(dic, b'FontDescriptor'))
            if b'/CIDToGIDMap' not in dic or b'/CIDSet' not in desc:
                fail(f'{name}: CID font {n} without CIDToGIDMap or CIDSet')
    # every composite glyph whole (libharu 2.3.0 embeds nested composites
    # incompletely: libharu PR #54)
    for n in p.find(rb'/FontFile2'):
        f = TTFont(io.BytesIO(p.data(p.ref(p.d(n), b'FontFile2'))))
        glyf = f['glyf']
        def whole(g, depth=0):
            gl = glyf[g]
            if gl.isComposite():
                return depth < 8 and all(whole(c.glyphName, depth + 1)
                                         for c in gl.components)
            return gl.numberOfContours != 0 or g in ('space', 'uni0020', 'glyph1')
        for u, g in f.getBestCmap().items():
            if glyf[g].isComposite() and not whole(g):
                fail(f'{name}: the composite glyph of U+{u:04X} is incomplete')
    # text: sizes, squeeze, colours
    for n in p.find(rb'/Type /Page\b'):
        pg = p.d(n)
        cs = p.ref(pg, b'Contents')
        ops = p.data(cs).decode('latin-1')
        for size in re.findall(r'([\d.]+) Tf', ops):
            if float(size) < 7:
                fail(f'{name}: text of {size} pt')
                break
        for z in re.findall(r'([\d.]+) Tz', ops):
            if float(z) < 80:
                fail(f'{name}: text squeezed to {z} %')
                break
        fill = None
        black = shown = 0
        for tok in re.finditer(r'((?:[\d.]+ ){1,3})(g|rg)\n|\)Tj|>Tj', ops):
            if tok.group(2):
                fill = (tok.group(2), tuple(float(v) for v in tok.group(1).split()))
            elif fill:
                kind, v = fill
                shown += 1
                black += kind == 'g' and v[0] == 0
                # labels and headings at least 60 % dark
                lum = v[0] if kind == 'g' else \
                    0.299 * v[0] + 0.587 * v[1] + 0.114 * v[2]
                if lum > 0.4 and 'SAMPLE' not in ops:
                    fail(f'{name}: text in {kind} {v} (lighter than 60 %)')
                    break
        # body text pure black in DeviceGray: most of what a page says
        if shown and black < shown / 2:
            fail(f'{name}: {black} of {shown} texts in pure black')
    checked += 1

# ---- every script on page 1; Arabic holds its letter ----------------------
man = {r['client_id']: r for r in csv.DictReader(
    open(os.path.join(letters('dm'), 'manifest.csv'), encoding='utf-8'))}
clients = {r['client_id']: r for r in csv.DictReader(
    open('tests/fixtures/print/clients.csv', encoding='utf-8'))}
for cid in ('JP', 'KR', 'CN', 'VN', 'ACC', 'FRB', 'LONG'):
    if cid not in man:
        fail(f'{cid}: no letter')
        continue
    path = os.path.join(letters('dm'), man[cid]['file'])
    text = ' '.join(sh('pdftotext', '-f', '1', '-l', '1', path, '-').split())
    name = clients[cid]['name']
    first = ' '.join(name.split()[:2])
    if first not in text:
        fail(f'{cid}: "{first}" not on page 1')
    if cid in ('JP', 'KR', 'CN', 'VN'):
        if not re.search(r'CID TrueType +Identity-H +yes yes yes',
                         sh('pdffonts', path)):
            fail(f'{cid}: no embedded composite font with ToUnicode')
    size = os.path.getsize(path)
    if cid in ('JP', 'KR', 'CN') and size > 60 * 1024:
        fail(f'{cid}: {size} bytes, over 60 KB for a CJK name')
if 'AR' in man:
    fail('AR: an Arabic name printed (the library cannot shape it)')
rej = list(csv.DictReader(open(os.path.join(tmp, 'dm', '2026-10-31',
                                            'rejects.csv'), encoding='utf-8-sig')))
if not any(r['value'] == clients['AR']['name'] and r['column'] == 'name'
           for r in rej):
    fail('AR: the held letter is not in rejects.csv')
# line breaks in fields are address lines (the manifest has them as printed)
acc = man.get('ACC', {})
lines = [acc.get('address_%d' % i, '') for i in range(1, 9)]
if lines[1:6] != ['Frau Zoë Öztürk', 'Buchhaltung', 'Königstraße 1',
                  'Hinterhaus, 2. OG', '50667 Köln']:
    fail(f'ACC: address lines {lines}')
want_country = {'JP': 'JAPAN', 'KR': 'SOUTH KOREA', 'FRB': 'BELGIQUE',
                'CN': 'CHINA', 'NZ': 'NEW ZEALAND'}
# New Zealand writes the city before the postcode (NZ Post): Wellington 6011
nz = [v for k, v in sorted(man.get('NZ', {}).items()) if k.startswith('address_') and v]
if nz[-2:] != ['Wellington 6011', 'NEW ZEALAND']:
    fail(f'NZ: address lines {nz}')
for cid, c in want_country.items():
    got = [man[cid]['address_%d' % i] for i in range(1, 9)
           if man[cid]['address_%d' % i]][-1] if cid in man else None
    if got != c:
        fail(f'{cid}: country line {got!r}, expected {c!r} (iso-codes)')

# Kea Cafe Group: PO Box 4410, Level 2, 88 Victoria Street, Wellington
# 6011, New Zealand (SalesInvoices.csv); a German sender writes abroad
xm = {r['client_id']: r for r in csv.DictReader(open(os.path.join(
    tmp, 'xero', '2026-10-31', 'letters', 'manifest.csv'), encoding='utf-8'))}
kea = xm.get('Kea Cafe Group', {})
lines = [kea.get('address_%d' % i) for i in range(1, 9) if kea.get('address_%d' % i)]
if kea.get('country') != 'NZ' or lines[-2:] != ['Wellington 6011', 'NEW ZEALAND']:
    fail(f"Xero's New Zealand: country {kea.get('country')!r}, lines {lines}")

# ---- accents at 600 dpi --------------------------------------------------
path = os.path.join(letters('dm'), man['ACC']['file'])
words = {}
for a, b, c, d, w in re.findall(
        r'xMin="([\d.]+)" yMin="([\d.]+)" xMax="([\d.]+)" yMax="([\d.]+)">'
        r'([^<]*)</word>', sh('pdftotext', '-bbox', '-f', '1', '-l', '1',
                              path, '-')):
    words.setdefault(w, (float(a), float(b), float(c), float(d)))
def ink(box):
    x0, y0, x1, y1 = (int(v * 600 / 72) for v in box)
    pgm = sh('pdftoppm', '-r', '600', '-f', '1', '-l', '1', '-gray', '-x',
             str(x0), '-y', str(y0), '-W', str(x1 - x0 + 1), '-H',
             str(y1 - y0 + 1), path, binary=True)
    head = re.match(rb'P5\s+(\d+)\s+(\d+)\s+255\s', pgm)
    return sum(v < 128 for v in pgm[head.end():])
for accented, plain in (('Ёлка', 'Елка'), ('Їжак', 'Іжак'),
                        ('Άλφα', 'Αλφα'), ('Šárka', 'Sarka')):
    if accented not in words or plain not in words:
        fail(f'600 dpi: {accented}/{plain} not found on the page')
        continue
    a, p_ = ink(words[accented]), ink(words[plain])
    if a < p_ + 50:
        fail(f'600 dpi: {accented} inks {a} px, {plain} {p_}: an accent or '
             'letter is missing')

# ---- one-page letters <= 30 KB (the samples) --------------------------------
rows = list(csv.DictReader(open(os.path.join(letters('samples'),
                                             'manifest.csv'), encoding='utf-8')))
sizes = [os.path.getsize(os.path.join(letters('samples'), r['file']))
         for r in rows if r['pages'] == '1']
if sizes and statistics.median(sizes) > 30 * 1024:
    fail(f'samples: median one-page letter {statistics.median(sizes)} bytes')

for b in bad:
    print('FAIL:', b)
print(f'print: {checked} PDFs checked')
sys.exit(1 if bad else 0)
EOF

# ---- insert marks, read back from renderings -------------------------------
# LONG has three pages, duplex two sheets: its fronts are pages 1 and 3
long=$(find "$tmp/dm/2026-10-31/letters" -name LONG.pdf)
zone="-x 0 -y 2600 -W 300 -H 600" # 300 dpi: the policy's default zone
got=""
for p in 1 2 3; do
    pdftoppm -r 300 -gray -png -f $p -l $p $zone "$long" "$tmp/mark$p"
    got="$got $(dmtxread -n -N1 "$tmp/mark$p"*.png 2>/dev/null || echo -)"
done
[ "$got" = " 01/02C - 02/02E" ] ||
    fail "datamatrix: read '$got' on LONG's pages 1-3, expected ' 01/02C - 02/02E'"

long=$(find "$tmp/omr/2026-10-31/letters" -name LONG.pdf)
for p in 1 3; do
    pdftoppm -r 300 -gray -f $p -l $p $zone "$long" "$tmp/omr$p"
done
$py - "$tmp" <<'EOF' || failed=1
import glob, re, sys
tmp = sys.argv[1]
def marks(pgm_path):
    data = open(pgm_path, 'rb').read()
    m = re.match(rb'P5\s+(\d+)\s+(\d+)\s+255\s', data)
    w, h = int(m.group(1)), int(m.group(2))
    px = data[m.end():]
    # the zone starts 225 mm down (row 2657 at 300 dpi; the crop starts at
    # 2600); dashes 1/6 inch (50 px) apart, 0.5 mm (6 px) thick, 5 mm in
    out = []
    for i in range(7):
        y = round((225 * 300 / 25.4) - 2600 + i * 50 + 3)
        x = round((5 + 5) * 300 / 25.4)
        out.append(px[y * w + x] < 128)
    return out
bad = False
for page, n, last in ((1, 1, False), (3, 2, True)):
    f = glob.glob(f'{tmp}/omr{page}*.pgm')[0]
    m = marks(f)
    want = [True, last, bool(n & 1), bool(n & 2), bool(n & 4), False, True]
    # parity: the marks add up to an even number
    want[5] = (sum(want[:5]) + want[6]) % 2 == 1
    if m != want:
        print(f'FAIL: omr: page {page}: marks {m}, expected {want}')
        bad = True
sys.exit(1 if bad else 0)
EOF

[ "$failed" -eq 0 ] && echo "print: all checks passed"
exit "$failed"
