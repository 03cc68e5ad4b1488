#!/usr/bin/env bash
# letters_content.sh - what the letters say, read back with pdftotext and
# zbarimg (issue #19 items 1-4, 8, 9; SPEC §5):
#  - truth from the history: every template (stage1-5, vip, vip4) in every
#    language (en, de, fr) for clients with 0, 1 and 3 earlier letters. With
#    none, no earlier reminder is mentioned (nor the reminders column, nor
#    "second notice"); with 1, the last letter's date is quoted and nothing
#    plural; with 3, the date the last one bore (history letter_date) and
#    the count, a history row dated after the close not counted; a history
#    row about paid items only does not make a letter "reminded";
#  - salutations per case and language (female, male, academic title,
#    gender-neutral, department, blank contact, stages 4-5 formal, VIP
#    friendly, a Polish title on an English letter); French closings repeat
#    them; the language from the country when blank (counted fallbacks);
#  - VIP letters carry the account manager's phone and e-mail;
#  - dates: the letter date is as-of + mailing lag on a business day, the
#    pay-by date a business day (weekends and --holidays) no more than the
#    policy's days after it, --letter-date honoured; history.csv keeps
#    run_date = as-of and writes letter_date;
#  - payment details per currency: a USD letter never shows the EUR (or any)
#    IBAN and says how to get the details (the language's text, or the
#    policy's no_account_text); a GBP letter shows the GBP account only; the
#    EUR letter's QR code is an EPC transfer to the EUR IBAN with the RF
#    creditor reference the letter prints, which is valid (mod 97);
#  - a --proof run into the same --out leaves the live set byte-identical,
#    writes DIR/<as-of>-proof, and its QR codes are no payment codes and are
#    labelled void.
set -u
BUILD=${BUILD:-build}
BIN=$(realpath "$BUILD/arbatch")
PY=/usr/bin/python3

tmp=$(mktemp -d)
trap '[ -n "${KEEP:-}" ] || rm -rf "$tmp"' EXIT
fail=0
bad() {
    echo "FAIL letters_content: $*"
    fail=1
}
for tool in pdftotext pdftoppm zbarimg; do
    command -v "$tool" >/dev/null || { bad "$tool is not installed (make deps)"; exit 1; }
done

# ---- the fixture ---------------------------------------------------------
$PY - "$tmp" <<'EOF'
import csv, datetime, os, sys
tmp = sys.argv[1]
D = datetime.date(2026, 10, 30)          # a Friday
day = lambda n: (D + datetime.timedelta(days=n)).isoformat()

ledger = [["doc_type", "doc_no", "client_id", "doc_date", "due_date",
           "amount", "currency"]]
clients = [["client_id", "name", "contact", "address1", "city",
            "postal_code", "country", "segment", "account_manager",
            "language", "title", "family_name", "account_manager_phone",
            "account_manager_email"]]
history = [["run_date", "client_id", "stage", "doc_nos", "amount",
            "letter_date"]]
n = [0]

def invoice(cid, dpd, cur="EUR", amount=None):
    n[0] += 1
    no = "INV-%04d" % n[0]
    due = D - datetime.timedelta(days=dpd)
    ledger.append(["INV", no, cid, (due - datetime.timedelta(days=30))
                   .isoformat(), due.isoformat(),
                   amount or "%d.00" % (1000 + n[0]), cur])
    return no

def client(cid, lang, seg="STANDARD", contact="Accounts Payable",
           title="", family="", country="DE", manager="", phone="",
           email=""):
    clients.append([cid, "Firma %s" % cid, contact, "Street 1", "City",
                    "12345", country, seg, manager, lang, title, family,
                    phone, email])

# every template in every language, with 0, 1 and 3 earlier letters
TEMPLATES = {"s1": ("STANDARD", 3), "s2": ("STANDARD", 10),
             "s3": ("STANDARD", 20), "s4": ("STANDARD", 35),
             "s5": ("STANDARD", 60), "vip2": ("VIP", 16),
             "vip5": ("VIP", 60)}
for lang in ("en", "de", "fr"):
    for t, (seg, dpd) in TEMPLATES.items():
        for h in (0, 1, 3):
            cid = "%s-%s-h%d" % (lang, t, h)
            client(cid, lang, seg, manager="Petra Albers" if seg == "VIP"
                   else "", phone="+49 40 555 0101" if seg == "VIP" else "",
                   email="p.albers@example.com" if seg == "VIP" else "")
            no = invoice(cid, dpd)
            if h == 1:
                history.append([day(-45), cid, 1, no, "100.00", ""])
            if h == 3:
                history.append([day(-100), cid, 1, no, "100.00", ""])
                history.append([day(-70), cid, 2, no, "100.00", ""])
                # the date the letter bore differs from its run's
                history.append([day(-40), cid, 3, "X-1;" + no, "100.00",
                                day(-38)])
                # after the close: has not happened as of D
                history.append([day(3), cid, 3, no, "100.00", ""])
# earlier letters about paid items only: this letter's items are new
client("en-s3-paid", "en")
invoice("en-s3-paid", 20)
history.append([day(-60), "en-s3-paid", 4, "OLD-1 OLD-2", "50.00", ""])

# salutations: (id, lang, stage dpd, segment, contact, title, family)
SAL = [
    ("sal-de-f", "de", 3, "STANDARD", "Frau Sabine Krüger, Buchhaltung",
     "Frau", "Krüger"),
    ("sal-de-dr", "de", 3, "STANDARD", "Frau Dr. Anna Schmidt",
     "Frau Dr.", "Schmidt"),
    ("sal-de-m5", "de", 60, "STANDARD", "Herr Markus Brandl", "Herr",
     "Brandl"),
    ("sal-de-vip2", "de", 16, "VIP", "Frau Katrin Albers", "Frau",
     "Albers"),
    ("sal-de-vip5", "de", 60, "VIP", "Frau Katrin Albers", "Frau",
     "Albers"),
    ("sal-de-dept", "de", 3, "STANDARD", "Kreditorenbuchhaltung", "", ""),
    ("sal-de-blank", "de", 3, "STANDARD", "", "", ""),
    ("sal-de-neutral", "de", 60, "STANDARD", "Alex Morgan", "", "Morgan"),
    ("sal-fr-f", "fr", 3, "STANDARD", "Mme Nathalie Rousseau", "Mme",
     "Rousseau"),
    ("sal-fr-vip2", "fr", 16, "VIP", "M. Étienne Lefèvre", "M.",
     "Lefèvre"),
    ("sal-fr-dept", "fr", 3, "STANDARD", "Service Comptabilité", "", ""),
    ("sal-en-f", "en", 3, "STANDARD", "Ms Jane Krüger", "Ms", "Krüger"),
    ("sal-en-m5", "en", 60, "STANDARD", "Mr. Oliver Pemberton", "Mr",
     "Pemberton"),
    ("sal-en-dept", "en", 3, "STANDARD", "Accounts Payable Dept.", "", ""),
    ("sal-en-neutral", "en", 3, "STANDARD", "Alex Morgan, Finance", "",
     "Morgan"),
    ("sal-en-pani", "pl", 3, "STANDARD", "Pani Agnieszka Wójcik", "Pani",
     "Wójcik"),
]
for cid, lang, dpd, seg, contact, title, family in SAL:
    client(cid, lang, seg, contact=contact, title=title, family=family,
           manager="Katrin Albers" if seg == "VIP" else "")
    invoice(cid, dpd)
# the language from the country when blank
for cid, country in (("lang-DE", "DE"), ("lang-FR", "FR"),
                     ("lang-PL", "PL")):
    client(cid, "", country=country)
    invoice(cid, 3)
# currencies: a USD letter (no USD account), a GBP one, a EUR one
for cid, cur in (("cur-usd", "USD"), ("cur-gbp", "GBP"),
                 ("cur-eur", "EUR")):
    client(cid, "en")
    invoice(cid, 20, cur, "2500.00")
# a VIP without a phone of their own
client("vip-nophone", "en", "VIP", manager="Carlos Medina",
       email="c.medina@example.com")
invoice("vip-nophone", 16)

for name, rows in (("ledger", ledger), ("clients", clients),
                   ("history", history)):
    with open(os.path.join(tmp, name + ".csv"), "w", newline="",
              encoding="utf-8") as f:
        csv.writer(f).writerows(rows)
with open(os.path.join(tmp, "holidays.csv"), "w") as f:
    f.write("date,name\n2026-11-09,a holiday on the pay-by date\n")
with open(os.path.join(tmp, "proof.ini"), "w") as f:
    f.write("[dunning]\npay_within_days = 2\n[letters]\n"
            "no_account_text = For our US dollar account, call Anna on "
            "+49 40 555 0199.\n")
EOF

run() {
    local out=$1
    shift
    "$BIN" run --ledger "$tmp/ledger.csv" --clients "$tmp/clients.csv" \
        --history "$tmp/history.csv" --holidays "$tmp/holidays.csv" \
        --as-of 2026-10-30 --out "$out" --quiet "$@" >"$tmp/log" 2>&1
    local rc=$?
    [ "$rc" -le 1 ] || bad "run $*: exit $rc: $(cat "$tmp/log")"
}

run "$tmp/out"
live="$tmp/out/2026-10-30"
[ -d "$live/letters" ] || { bad "no letters written"; exit 1; }
(cd "$live" && find . -type f -print0 | sort -z | xargs -0 sha256sum) \
    >"$tmp/live.sha"

# ---- the live set ----------------------------------------------------------
$PY - "$live" "$tmp" <<'EOF' || fail=1
import csv, datetime, json, os, re, subprocess, sys
live, tmp = sys.argv[1], sys.argv[2]
bad = []
rows = {r["client_id"]: r for r in csv.DictReader(
    open(os.path.join(live, "letters", "manifest.csv"), encoding="utf-8"))}

def text(cid):
    r = rows.get(cid)
    if not r:
        bad.append("%s: no letter" % cid)
        return ""
    out = subprocess.run(["pdftotext", os.path.join(live, "letters",
                                                    r["file"]), "-"],
                         capture_output=True, text=True).stdout
    return re.sub(r"\s+", " ", out.replace("\u00a0", " "))

MONTHS = {"en": ["January", "February", "March", "April", "May", "June",
                 "July", "August", "September", "October", "November",
                 "December"],
          "de": ["Januar", "Februar", "März", "April", "Mai", "Juni", "Juli",
                 "August", "September", "Oktober", "November", "Dezember"],
          "fr": ["janvier", "février", "mars", "avril", "mai", "juin",
                 "juillet", "août", "septembre", "octobre", "novembre",
                 "décembre"]}
def long_date(lang, d):
    m = MONTHS[lang][d.month - 1]
    return {"en": "%d %s %d", "fr": "%d %s %d"}.get(lang, "%d. %s %d") % (
        d.day, m, d.year)

D = datetime.date(2026, 10, 30)
# what no letter without history may say, per language
NEVER = {"en": ["wrote to you", "written to you", "Despite", "despite",
                "our reminder", "our letter", "earlier", "previous",
                "Second notice", "Times reminded", "last wrote",
                "remain on hold"],
         "de": ["geschrieben", "erinnert", "trotz", "Trotz", "Erinnerung vom",
                "Schreibens", "bisherig", "mehrfach", "Zweite",
                "Bisher gemahnt", "Zuletzt", "bleiben bis"],
         "fr": ["Nous vous avons écrit", "malgré", "Malgré", "précédent",
                "Deuxième", "Déjà relancé", "à plusieurs reprises",
                "courrier du", "rappel du", "restent suspendues"]}
# a dunning letter is a letter, not a statement (the agency's are)
STATEMENT = {"en": "this statement", "de": "dieser Aufstellung",
             "fr": "ce relevé"}
PLURAL = {"en": r"\b\d+ (times|reminders|letters)\b",
          "de": r"\b\d+(-mal| Erinnerungen| Schreiben)\b",
          "fr": r"\b\d+ (fois|rappels|courriers)\b"}
COUNTED = ("s2", "s3", "s4", "s5", "vip5")   # templates that say how many
checked = 0
for lang in ("en", "de", "fr"):
    for t in ("s1", "s2", "s3", "s4", "s5", "vip2", "vip5"):
        for h in (0, 1, 3):
            cid = "%s-%s-h%d" % (lang, t, h)
            s = text(cid)
            if not s:
                continue
            checked += 1
            if STATEMENT[lang] in s:
                bad.append("%s: calls itself a statement" % cid)
            if h == 0:
                for w in NEVER[lang]:
                    if w in s:
                        bad.append("%s: no history, yet says %r" % (cid, w))
                continue
            want = D - datetime.timedelta(days=45 if h == 1 else 38)
            if long_date(lang, want) not in s:
                bad.append("%s: the last letter's date %s is not quoted" %
                           (cid, long_date(lang, want)))
            plural = re.search(PLURAL[lang], s)
            if h == 1 and plural:
                bad.append("%s: one earlier letter, yet %r" %
                           (cid, plural.group(0)))
            if h == 3 and t in COUNTED and (not plural or
                                             not plural.group(0)
                                             .startswith("3")):
                bad.append("%s: three earlier letters not counted (%r)" %
                           (cid, plural and plural.group(0)))
            col = {"en": "Times reminded", "de": "Bisher gemahnt",
                   "fr": "Déjà relancé"}[lang]
            if col not in s:
                bad.append("%s: the reminders column is missing" % cid)
s = text("en-s3-paid")
for w in NEVER["en"]:
    if w in s:
        bad.append("en-s3-paid: earlier letters about paid items only, "
                   "yet says %r" % w)

# salutations
SAL = {"sal-de-f": "Sehr geehrte Frau Krüger,",
       "sal-de-dr": "Sehr geehrte Frau Dr. Schmidt,",
       "sal-de-m5": "Sehr geehrter Herr Brandl,",
       "sal-de-vip2": "Guten Tag Frau Albers,",
       "sal-de-vip5": "Sehr geehrte Frau Albers,",
       "sal-de-dept": "Sehr geehrte Damen und Herren,",
       "sal-de-blank": "Sehr geehrte Damen und Herren,",
       "sal-de-neutral": "Guten Tag Alex Morgan,",
       "sal-fr-f": "Madame,",
       "sal-fr-vip2": "Cher Monsieur,",
       "sal-fr-dept": "Madame, Monsieur,",
       "sal-en-f": "Dear Ms Krüger,",
       "sal-en-m5": "Dear Mr Pemberton,",
       "sal-en-dept": "Dear Sir or Madam,",
       "sal-en-neutral": "Dear Alex Morgan,",
       "sal-en-pani": "Dear Ms Wójcik,"}
for cid, want in SAL.items():
    s = text(cid)
    if want not in s:
        bad.append("%s: salutation %r not in %r" % (cid, want, s[600:760]))
for cid, wrong in (("sal-de-m5", "Guten Tag"), ("sal-de-vip5", "Guten Tag"),
                   ("sal-en-dept", "Dear Accounts"), ("sal-en-pani", "Pani"),
                   ("sal-fr-dept", "Dear"), ("sal-de-dept",
                                             "Kreditorenbuchhaltung,")):
    s = text(cid)
    i = s.find("Firma %s" % cid)
    if wrong in s[s.find(SAL[cid]) - 20:s.find(SAL[cid]) + 60]:
        bad.append("%s: %r in the salutation" % (cid, wrong))
if "Veuillez agréer, Madame, l'expression" not in text("sal-fr-f"):
    bad.append("sal-fr-f: the French closing does not repeat 'Madame'")
if "Veuillez agréer, Madame, Monsieur, l'expression" not in \
        text("sal-fr-dept"):
    bad.append("sal-fr-dept: the closing does not repeat the salutation")

# the language from the country; fallbacks counted
if "Zahlungserinnerung" not in text("lang-DE"):
    bad.append("lang-DE: a blank language in DE is not German")
if "Rappel de paiement" not in text("lang-FR"):
    bad.append("lang-FR: a blank language in FR is not French")
if "Payment reminder" not in text("lang-PL"):
    bad.append("lang-PL: a blank language in PL is not English")
run = json.load(open(os.path.join(live, "run.json")))
fb = run["counts"].get("letter_language_fallbacks")
if fb != 1:     # sal-en-pani (pl); lang-PL is English by the policy
    bad.append("letter_language_fallbacks %r, want 1" % fb)

# VIP letters: the manager's own line
for cid in ("en-vip2-h0", "de-vip5-h1", "fr-vip2-h3"):
    s = text(cid)
    for w in ("Petra Albers", "+49 40 555 0101", "p.albers@example.com"):
        if w not in s:
            bad.append("%s: VIP letter without %r" % (cid, w))
s = text("vip-nophone")
if "call me directly" in s or "c.medina@example.com" not in s:
    bad.append("vip-nophone: 'call me directly' without a number of "
               "their own, or no e-mail")

# dates: letter 2 Nov 2026 (Mon), pay by 9 Nov -> holiday -> 10 Nov
for cid in rows:
    s = text(cid)
    lang = "de" if "Datum" in s[:400] else "fr" if "Notre réf" in s else "en"
    for what, d in (("letter date", datetime.date(2026, 11, 2)),
                    ("pay-by", datetime.date(2026, 11, 10))):
        if long_date(lang, d) not in s:
            bad.append("%s: %s %s not in the letter" % (cid, what,
                                                        long_date(lang, d)))
    if long_date(lang, datetime.date(2026, 11, 9)) in s:
        bad.append("%s: a date on the holiday 9 Nov" % cid)
hist = list(csv.DictReader(open(os.path.join(live, "history.csv"),
                                encoding="utf-8")))
mine = [h for h in hist if h["letter_date"] == "2026-11-02"]
if len(mine) != len(rows) or any(h["run_date"] != "2026-10-30"
                                 for h in mine):
    bad.append("history.csv: %d rows with letter_date 2026-11-02 and "
               "run_date 2026-10-30, %d letters" % (len(mine), len(rows)))

# currencies
def rf_valid(ref):
    ref = ref.replace(" ", "")
    moved = ref[4:] + ref[:4]
    num = "".join(str(int(c, 36)) for c in moved)
    return re.fullmatch(r"RF\d\d[0-9A-Z]{1,21}", ref) and int(num) % 97 == 1
usd, gbp, eur = text("cur-usd"), text("cur-gbp"), text("cur-eur")
if "DE89" in usd or "IBAN" in usd or "GB29" in usd:
    bad.append("cur-usd: the USD letter shows an IBAN")
if "For our bank details in USD" not in usd:
    bad.append("cur-usd: no text saying how to get the USD details")
if "GB29 NWBK 6016 1331 9268 19" not in gbp or "DE89" in gbp:
    bad.append("cur-gbp: not the GBP account alone")
if "DE89 3704 0044 0532 0130 00" not in eur:
    bad.append("cur-eur: no EUR IBAN")
refs = {}
for cid, s in (("cur-usd", usd), ("cur-gbp", gbp), ("cur-eur", eur)):
    m = re.search(r"RF\d\d(?: [0-9A-Z]{1,4})+", s)
    if not m or not rf_valid(m.group(0)):
        bad.append("%s: no valid RF creditor reference (%r)" %
                   (cid, m and m.group(0)))
    else:
        refs[cid] = m.group(0).replace(" ", "")
png = os.path.join(tmp, "qr")
def qr(cid):
    subprocess.run(["pdftoppm", "-png", "-r", "300", "-f", "1", "-l", "1",
                    "-singlefile", os.path.join(live, "letters",
                                                rows[cid]["file"]), png])
    return subprocess.run(["zbarimg", "-q", "--raw", png + ".png"],
                          capture_output=True, text=True).stdout
code = qr("cur-eur").split("\n")
if code[:4] != ["BCD", "002", "1", "SCT"] or \
        code[6] != "DE89370400440532013000" or code[7] != "EUR2500.00" or \
        code[9] != refs.get("cur-eur"):
    bad.append("cur-eur: the QR code is not the EPC transfer with the RF "
               "reference: %r" % code)
for cid in ("cur-usd", "cur-gbp"):
    if qr(cid).strip():
        bad.append("%s: a QR code on a letter not in EUR" % cid)

for b in bad:
    print("FAIL letters_content:", b)
print("letters_content: %d history letters, %d letters checked" %
      (checked, len(rows)))
sys.exit(1 if bad else 0)
EOF

# ---- a proof run into the same --out --------------------------------------
run "$tmp/out" --proof --letter-date 2026-11-05 --policy "$tmp/proof.ini"
proof="$tmp/out/2026-10-30-proof"
(cd "$live" && find . -type f -print0 | sort -z | xargs -0 sha256sum) \
    >"$tmp/live2.sha"
cmp -s "$tmp/live.sha" "$tmp/live2.sha" ||
    bad "the proof run changed the live set: $(diff "$tmp/live.sha" "$tmp/live2.sha" | head -5)"
[ -d "$proof/letters" ] || bad "the proof set is not in $proof"
left=$(cd "$tmp/out" && ls -A | grep -v -x -e 2026-10-30 -e 2026-10-30-proof)
[ -z "$left" ] || bad "the proof run left $left in --out"
$PY - "$proof" "$tmp" <<'EOF' || fail=1
import csv, os, re, subprocess, sys
proof, tmp = sys.argv[1], sys.argv[2]
bad = []
rows = {r["client_id"]: r for r in csv.DictReader(
    open(os.path.join(proof, "letters", "manifest.csv"), encoding="utf-8"))}
def text(cid):
    out = subprocess.run(["pdftotext", os.path.join(proof, "letters",
                                                    rows[cid]["file"]), "-"],
                         capture_output=True, text=True).stdout
    return re.sub(r"\s+", " ", out.replace("\u00a0", " "))
s = text("cur-eur")
# --letter-date 5 Nov (Thu) + 2 days = Sat -> Mon 9 Nov, a holiday -> 10 Nov
for want in ("5 November 2026", "10 November 2026", "VOID – SAMPLE",
             "SAMPLE"):
    if want not in s:
        bad.append("proof cur-eur: %r not in the letter" % want)
if "call Anna on +49 40 555 0199" not in text("cur-usd"):
    bad.append("proof cur-usd: the policy's no_account_text not printed")
png = os.path.join(tmp, "pq")
subprocess.run(["pdftoppm", "-png", "-r", "300", "-f", "1", "-l", "1",
                "-singlefile", os.path.join(proof, "letters",
                                            rows["cur-eur"]["file"]), png])
code = subprocess.run(["zbarimg", "-q", "--raw", png + ".png"],
                      capture_output=True, text=True).stdout
if code.startswith("BCD") or "DE89" in code:
    bad.append("proof: the QR code is a live payment code: %r" % code)
hist = open(os.path.join(proof, "history.csv"), encoding="utf-8").read()
if "2026-11-05" in hist:
    bad.append("proof: history.csv records the proof's letters")
for b in bad:
    print("FAIL letters_content:", b)
sys.exit(1 if bad else 0)
EOF

[ "$fail" -eq 0 ] && echo "letters_content: all checks passed"
exit "$fail"
