#!/usr/bin/python3
"""make_samples.py - build the bundled sample job and the bad-input fixtures.

    /usr/bin/python3 samples/tools/make_samples.py

writes, deterministically and with the Python standard library only:

    samples/clients.csv  samples/ledger.csv  samples/costs.csv
    samples/history.csv  samples/bad/*      (+ bad/expected.tsv, ...)

and then checks what it wrote: a small reference model of SPEC §2-§4 and §8
(independent of arbatch) re-reads samples/ledger.csv, ages it as of
2026-10-31 and asserts every designed case listed in samples/README.md
(tier, stage, letter sent or held, actions, buckets, KPIs); a second,
independent CSV reader re-derives every rejected row of samples/bad/ and
compares it with bad/expected.tsv, line numbers included.

Nothing here reads the clock, the environment or the network. The only
randomness is a fixed splitmix64 generator seeded from the client id, so the
output is byte-identical on every run. Run it with --check to verify the
existing files without rewriting them, and with --report to print the
model's view of every client.
"""

import csv
import datetime as dt
import hashlib
import os
import re
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
SAMPLES = os.path.dirname(HERE)
BAD = os.path.join(SAMPLES, "bad")

AS_OF = dt.date(2026, 10, 31)
EXPORT = dt.date(2026, 11, 10)      # the ledger export was taken on this day
D = AS_OF


def day(s):
    return dt.date.fromisoformat(s)


def ago(n):
    """The date n days before the as-of date (a due date n days past due)."""
    return D - dt.timedelta(days=n)


def plus(d, n):
    return d + dt.timedelta(days=n)


def money(c):
    """cents -> '1234.56'"""
    assert c >= 0
    return "%d.%02d" % (c // 100, c % 100)


def cents(s):
    whole, _, frac = s.partition(".")
    return int(whole) * 100 + int((frac + "00")[:2])


# --------------------------------------------------------------------------
# deterministic random numbers (splitmix64), seeded per client

class Rng:
    M = (1 << 64) - 1

    def __init__(self, key):
        self.s = int.from_bytes(hashlib.sha256(key.encode()).digest()[:8],
                                "big")

    def next(self):
        self.s = (self.s + 0x9E3779B97F4A7C15) & self.M
        z = self.s
        z = ((z ^ (z >> 30)) * 0xBF58476D1CE4E5B9) & self.M
        z = ((z ^ (z >> 27)) * 0x94D049BB133111EB) & self.M
        return z ^ (z >> 31)

    def int(self, a, b):
        return a + self.next() % (b - a + 1)

    def pick(self, seq):
        return seq[self.int(0, len(seq) - 1)]


# --------------------------------------------------------------------------
# clients.csv

CLIENT_COLUMNS = ["client_id", "name", "contact", "address1", "address2",
                  "city", "region", "postal_code", "country", "email",
                  "phone", "segment", "annual_revenue", "strategic",
                  "prior_collections", "account_manager", "language",
                  "title", "family_name", "account_manager_phone",
                  "account_manager_email"]

# How the letters greet each contact (README "Letters": title is the form
# of address, with an academic title after it; family_name the name; a
# department or a blank contact has neither and is greeted generically)
# and the account managers' direct lines on VIP letters. C1022 has a name
# but no form of address (greeted by name, gender-neutral); C1016's
# manager has no phone of their own (the letter gives the company's).
GREETING = {
    "C1001": ("Frau", "Krüger"), "C1003": ("Pani", "Wójcik"),
    "C1004": ("Mr", "Ærenlund"), "C1005": ("Mr Ing.", "Dvořák"),
    "C1006": ("Ms", "Sigurðardóttir"), "C1007": ("Herr", "Schönleben"),
    "C1009": ("Ms Dott.ssa", "Ferretti"), "C1010": ("D.", "Iglesias"),
    "C1012": ("Herr", "Baumann"), "C1013": ("Mr", "van der Berg"),
    "C1015": ("M.", "Lefèvre"), "C1016": ("Dña.", "Fernández"),
    "C1019": ("Mme", "Rousseau"), "C1020": ("Herr", "Brandl"),
    "C1022": ("", "Lindqvist"), "C1023": ("M.", "Le Goff"),
    "C1024": ("M.", "Moreau"), "C1025": ("Frau Dr.", "Schmidt"),
    "C1026": ("Dhr.", "de Vries"), "C1027": ("Frau", "Keller"),
    "C1028": ("Mr", "Pemberton"), "C1029": ("Sig.", "Fiorucci"),
    "C1032": ("Mevr.", "Jansen"), "C1035": ("Mme", "Lambert"),
    "C1036": ("Herr", "Gröber"), "C1037": ("Mr", "Åkesson"),
    "C1038": ("Mr Avv.", "Bianchi"), "C1039": ("Mme", "Petit"),
    "C1040": ("Frau", "Weber"), "C1041": ("Dhr.", "Mulder"),
    "C1042": ("Dña.", "Sánchez"), "C1043": ("Frau", "Eichhorn"),
    "C1044": ("Sig.ra", "Rinaldi"), "C1045": ("Mr Ing.", "Novák"),
    "C1046": ("Herr", "Vogt"), "C-9/../x": ("M.", "Ducret"),
}
MANAGER_LINE = {
    "C1002": ("+49 40 3259 4412", "claire.dubois@kessler-industrie.example"),
    "C1013": ("+49 40 3259 4417", "jan.dewit@kessler-industrie.example"),
    "C1014": ("+49 40 3259 4421", "katrin.albers@kessler-industrie.example"),
    "C1015": ("+49 40 3259 4415", "sophie.marchand@kessler-industrie.example"),
    "C1016": ("", "carlos.medina@kessler-industrie.example"),
}

# (id, name, contact, address1, address2, city, region, postal, country,
#  email, phone, segment, annual_revenue, strategic, prior, am, language)
CLIENTS = [
    ("C1001", "Müller GmbH", "Frau Sabine Krüger, Buchhaltung",
     "Industriestraße 14", "", "Stuttgart", "", "70565", "DE",
     "buchhaltung@mueller-gmbh.de", "+49 711 7845 210", "", "68000.00",
     "N", "0", "", "de"),
    ("C1002", "Société Générale", "Service Comptabilité Fournisseurs",
     "29 boulevard Haussmann", "", "Paris", "", "75009", "FR",
     "comptabilite.fournisseurs@sg-achats.fr", "+33 1 42 14 20 00", "VIP",
     "480000.00", "Y", "0", "Claire Dubois", "fr"),
    ("C1003", "Łódź Sp. z o.o.", "Pani Agnieszka Wójcik",
     "ul. Piotrkowska 104", "lokal 12", "Łódź", "łódzkie", "90-006", "PL",
     "faktury@lodz-spzoo.pl", "+48 42 630 14 77", "", "", "N", "0", "",
     "pl"),
    ("C1004", "Ærø Fisk ApS", "Mads Ærenlund", "Havnegade 5", "",
     "Marstal", "", "5960", "DK", "bogholderi@aeroe-fisk.dk",
     "+45 62 53 10 44", "", "", "N", "0", "", "en"),
    ("C1005", "Čapek s.r.o.", "Ing. Tomáš Dvořák", "Národní 12", "",
     "Praha 1", "", "110 00", "CZ", "ucetni@capek-sro.cz",
     "+420 224 930 118", "", "", "N", "0", "", "en"),
    ("C1006", "Þór ehf.", "Guðrún Sigurðardóttir", "Laugavegur 28", "",
     "Reykjavík", "", "101", "IS", "bokhald@thor-ehf.is", "+354 551 2040",
     "", "", "N", "0", "", "en"),
    ("C1007", "Bäckerei Schönleben KG", "Herr Florian Schönleben",
     "Mariahilfer Straße 88", "", "Wien", "", "1070", "AT",
     "office@schoenleben.at", "+43 1 523 44 90", "", "9500.00", "N", "0",
     "", "de"),
    ("C1008", "Hendriksen & Zonen B.V.", "Afd. Crediteuren",
     "Keizersgracht 221", "", "Amsterdam", "", "1016 DV", "NL",
     "crediteuren@hendriksen-zonen.nl", "+31 20 624 18 30", "", "",
     "N", "0", "", "en"),
    ("C1009", "Ferretti Arredamenti S.r.l.", "Dott.ssa Giulia Ferretti",
     "Via Roma 15", "", "Milano", "MI", "20121", "IT",
     "amministrazione@ferretti-arredamenti.it", "+39 02 8646 1203", "",
     "", "N", "0", "", "en"),
    ("C1010", "Talleres Iglesias S.L.", "D. Javier Iglesias",
     "Calle de Alcalá 45", "Nave 3", "Madrid", "Madrid", "28014", "ES",
     "administracion@talleres-iglesias.es", "+34 915 21 40 88", "", "",
     "N", "0", "", "es"),
    ("C1011", "Nordvik Byggvaror AB", "Ekonomiavdelningen", "Storgatan 12",
     "", "Stockholm", "", "114 51", "SE", "ekonomi@nordvik-bygg.se",
     "+46 8 660 41 20", "", "", "N", "0", "", "en"),
    ("C1012", "Zürcher Feinmechanik AG", "Herr Urs Baumann",
     "Bahnhofstrasse 21", "", "Zürich", "ZH", "8001", "CH",
     "kreditoren@zfm-ag.ch", "+41 44 211 37 60", "STANDARD", "",
     "N", "1", "", "de"),
    ("C1013", "Van der Berg Retail N.V.", "Mr. Pieter van der Berg",
     "Coolsingel 42", "", "Rotterdam", "", "3011 AD", "NL",
     "ap@vanderberg-retail.nl", "+31 10 414 72 00", "", "95000.00", "Y",
     "0", "Jan de Wit", "en"),
    ("C1014", "Hanseatische Logistik AG", "Kreditorenbuchhaltung",
     "Am Sandtorkai 50", "", "Hamburg", "", "20457", "DE",
     "kreditoren@hanse-logistik.de", "+49 40 3008 4410", "", "250000.00",
     "N", "0", "Katrin Albers", "de"),
    ("C1015", "Groupe Lefèvre SA", "M. Étienne Lefèvre, Directeur financier",
     "12 rue de la République", "", "Lyon", "", "69002", "FR",
     "compta@groupe-lefevre.fr", "+33 4 78 42 16 90", "VIP", "210000.00",
     "N", "0", "Sophie Marchand", "fr"),
    ("C1016", "Castellana Hoteles S.A.", "Dña. Lucía Fernández",
     "Paseo de la Castellana 110", "Planta 4", "Madrid", "Madrid", "28046",
     "ES", "cuentas.pagar@castellana-hoteles.es", "+34 914 11 62 00", "",
     "", "Y", "0", "Carlos Medina", "en"),
    ("C1017", "Oakridge Partners LLP", "Accounts Payable",
     "Unit 3, Riverside Park", "Kings Road", "Reading", "Berkshire",
     "RG1 3AA", "GB", "ap@oakridge-partners.co.uk", "+44 118 950 2214", "",
     "", "N", "0", "", "en"),
    ("C1018", "Kingsbridge Hotels plc", "Group Finance", "1 Kingsbridge Row",
     "", "Bristol", "", "BS1 4DJ", "GB", "payables@kingsbridge-hotels.co.uk",
     "+44 117 929 4410", "", "180000.00", "N", "0", "", "en"),
    ("C1019", "Transports Rousseau SARL", "Mme Nathalie Rousseau",
     "Zone Industrielle des Chanoux", "8 allée des Transporteurs",
     "Marseille", "", "13015", "FR", "compta@transports-rousseau.fr",
     "+33 4 91 58 22 17", "HIGH_RISK", "", "N", "0", "", "fr"),
    ("C1020", "Kaffeerösterei Brandl e.U.", "Herr Markus Brandl",
     "Getreidegasse 31", "", "Salzburg", "", "5020", "AT",
     "office@roesterei-brandl.at", "+43 662 84 12 90", "high-risk", "",
     "N", "0", "", "de"),
    ("C1021", "Marchetti Costruzioni S.p.A.", "Ufficio Contabilità",
     "Corso Vittorio Emanuele II 84", "", "Torino", "TO", "10121", "IT",
     "contabilita@marchetti-costruzioni.it", "+39 011 562 38 10", "", "",
     "N", "0", "", "en"),
    ("C1022", "Lindqvist Event AB", "Karin Lindqvist", "Avenyn 18", "",
     "Göteborg", "", "411 36", "SE", "faktura@lindqvist-event.se",
     "+46 31 711 20 45", "", "", "N", "1", "", "en"),
    ("C1023", "Brasserie du Port SARL", "M. Yann Le Goff",
     "3 quai de la Fosse", "", "Nantes", "", "44000", "FR",
     "contact@brasserie-du-port.fr", "+33 2 40 47 61 30", "", "", "N", "0",
     "", "fr"),
    ("C1024", "Atelier Moreau & Fils", "M. Henri Moreau",
     "45 rue Sainte-Catherine", "", "Bordeaux", "", "33000", "FR",
     "atelier@moreau-fils.fr", "+33 5 56 44 28 71", "", "", "N", "0", "",
     "fr"),
    ("C1025", "Schmidt & Partner Steuerberatung", "Frau Dr. Anna Schmidt",
     "Königsallee 60", "", "Düsseldorf", "", "40212", "DE",
     "kanzlei@schmidt-partner-stb.de", "+49 211 864 92 0", "", "", "N",
     "0", "", "de"),
    ("C1026", "De Vries Installatietechniek B.V.", "Dhr. Bram de Vries",
     "Oudegracht 158", "", "Utrecht", "", "3511 AZ", "NL",
     "administratie@devries-installatie.nl", "+31 30 231 55 09", "", "",
     "N", "0", "", "en"),
    ("C1027", "Keller Haustechnik AG", "Frau Monika Keller",
     "Aeschenvorstadt 36", "", "Basel", "BS", "4051", "CH",
     "buchhaltung@keller-haustechnik.ch", "+41 61 272 18 44", "", "", "N",
     "0", "", "de"),
    ("C1028", "Pemberton & Hale Ltd", "Mr. Oliver Pemberton",
     "22 Deansgate", "", "Manchester", "", "M3 1RH", "GB",
     "accounts@pembertonhale.co.uk", "+44 161 834 7720", "", "", "N", "0",
     "", "en"),
    ("C1029", "Fiorucci Ottica S.n.c.", "Sig. Marco Fiorucci",
     "Via dei Calzaiuoli 7", "", "Firenze", "FI", "50122", "IT",
     "info@fiorucci-ottica.it", "+39 055 239 88 41", "", "", "N", "0", "",
     "en"),
    ("C1030", "Hofer Landtechnik GmbH & Co. KG", "", "Bahnhofstraße 3",
     "", "Ried im Innkreis", "", "4910", "AT", "", "", "", "", "N", "0",
     "", ""),
    ("C1031", "Laboratoires Girard SA", "Service Comptabilité",
     "18 avenue Jean Jaurès", "", "Toulouse", "", "31000", "FR",
     "comptabilite@labo-girard.fr", "+33 5 61 22 47 90", "", "", "N", "0",
     "", "fr"),
    ("C1032", "Rijnmond Havendiensten B.V.", "Mevr. Els Jansen",
     "Waalhaven Zuidzijde 19", "", "Rotterdam", "", "3089 JH", "NL",
     "finance@rijnmond-haven.nl", "+31 10 428 61 70", "", "", "N", "0",
     "", "en"),
    ("C1033", "Thames Valley Logistics Ltd", "Purchase Ledger",
     "Unit 7, Thames Gateway Park", "Crayford Road", "Dartford", "Kent",
     "DA1 4RF", "GB", "purchaseledger@tvlogistics.co.uk",
     "+44 1322 558 310", "", "", "N", "0", "", "en"),
    ("C1034", "Brightwater Analytics, Inc.", "Accounts Payable Dept.",
     "1200 Market Street", "Suite 400", "Philadelphia", "PA", "19107",
     "US", "ap@brightwater-analytics.com", "+1 215 555 0148", "", "",
     "N", "0", "", "en"),
    ("C1035", "Papeterie Lambert SPRL", "Mme Chantal Lambert",
     "Rue Neuve 45", "", "Bruxelles", "", "1000", "BE",
     "compta@papeterie-lambert.be", "+32 2 218 44 06", "", "", "N", "0",
     "", "fr"),
    ("C1036", "Gröber Werkzeugbau GmbH", "Herr Jens Gröber",
     "Gewerbepark Süd 7", "", "Chemnitz", "", "09120", "DE",
     "info@groeber-werkzeugbau.de", "+49 371 520 66 0", "", "", "N", "1",
     "", "de"),
    ("C1037", "Åkesson Trädgård AB", "Lars Åkesson", "Drottninggatan 9",
     "", "Uppsala", "", "753 10", "SE", "ekonomi@akesson-tradgard.se",
     "+46 18 12 40 77", "", "", "N", "0", "", "en"),
    ("C1038", "Studio Legale Bianchi", "Avv. Paolo Bianchi",
     "Piazza Navona 49", "", "Roma", "RM", "00186", "IT",
     "segreteria@studiolegalebianchi.it", "+39 06 6880 2241", "", "", "N",
     "0", "", "en"),
    ("C1039", "Nouvelle Boulangerie Petit", "Mme Camille Petit",
     "7 place du Marché", "", "Annecy", "", "74000", "FR",
     "boulangerie.petit@orange-mail.fr", "+33 4 50 45 12 63", "", "", "N",
     "0", "", "fr"),
    ("C1040", "Weber Medizintechnik GmbH", "Frau Petra Weber",
     "Siemensstraße 21", "", "Erlangen", "", "91052", "DE",
     "rechnungen@weber-medtech.de", "+49 9131 77 82 0", "", "", "N", "0",
     "", "de"),
    ("C1041", "Brouwerij De Kroon B.V.", "Dhr. Kees Mulder",
     "Markt 11", "", "Breda", "", "4811 XK", "NL",
     "boekhouding@dekroon-brouwerij.nl", "+31 76 521 30 88", "", "",
     "N", "0", "", "en"),
    ("C1042", "Sánchez Distribuciones S.L.", "Dña. Carmen Sánchez",
     "Avenida de la Constitución 22", "", "Sevilla", "Sevilla", "41004",
     "ES", "pagos@sanchez-distribuciones.es", "+34 954 21 87 30", "", "",
     "N", "0", "", "en"),
    ("C1043", "Gasthaus \"Zur Post\" GmbH", "Frau Elisabeth Eichhorn",
     "Hauptplatz 2", "", "Graz", "", "8010", "AT",
     "rechnung@zurpost-graz.at", "+43 316 82 14 55", "", "", "N", "0",
     "", "de"),
    ("C1044", "Pasticceria Rinaldi S.r.l.", "Sig.ra Francesca Rinaldi",
     "Via Toledo 256", "", "Napoli", "NA", "80134", "IT",
     "amministrazione@pasticceria-rinaldi.it", "+39 081 551 42 30", "", "",
     "N", "0", "", "en"),
    ("C1045", "Novák Stavby a.s.", "Ing. Petr Novák", "Masarykova 31", "",
     "Brno", "", "602 00", "CZ", "fakturace@novak-stavby.cz",
     "+420 543 210 876", "High Risk", "", "N", "0", "", "en"),
    ("C1046", "Vogt Optik AG", "Herr Daniel Vogt", "Marktgasse 50", "",
     "Bern", "BE", "3011", "CH", "info@vogt-optik.ch", "+41 31 311 22 48",
     "", "", "N", "0", "", "de"),
    ("C-9/../x", "Imprimerie Ducret & Cie", "M. Luc Ducret",
     "14 rue des Tanneurs", "", "Strasbourg", "", "67000", "FR",
     "compta@imprimerie-ducret.fr", "+33 3 88 32 15 09", "", "", "N", "0",
     "", "fr"),
]

# Ledger clients that are deliberately missing from clients.csv.
UNKNOWN = ["C1901", "C1902", "C1903", "C1904"]

# Currency per client (everything else is EUR).
CURRENCY = {"C1033": "GBP", "C1034": "USD"}


# --------------------------------------------------------------------------
# ledger.csv: documents are built as objects first, numbered at the end

LEDGER_COLUMNS = ["doc_type", "doc_no", "client_id", "doc_date", "due_date",
                  "amount", "currency", "applies_to", "settled_date",
                  "disputed"]

TYPE_ORDER = {"INV": 0, "DEB": 1, "CRN": 2, "PAY": 3, "WO": 4}


class Doc:
    def __init__(self, typ, client, doc_date, amount, due=None,
                 applies=None, settled=None, disputed=None, currency=None):
        self.typ = typ
        self.client = client
        self.doc_date = doc_date
        self.amount = amount
        self.due = due
        self.applies = applies      # a Doc, or a literal doc_no string
        self.settled = settled
        if disputed is None:
            disputed = "N" if typ in ("INV", "DEB") else ""
        self.disputed = disputed
        self.currency = currency or CURRENCY.get(client, "EUR")
        self.no = None
        self.seq = 0


class Book:
    def __init__(self):
        self.docs = []

    def add(self, doc):
        doc.seq = len(self.docs)
        self.docs.append(doc)
        return doc

    def inv(self, client, doc_date, amount, terms=30, due=None, typ="INV",
            **kw):
        doc_date = day(doc_date) if isinstance(doc_date, str) else doc_date
        if due is None and terms is not None:
            due = plus(doc_date, terms)
        elif isinstance(due, str):
            due = day(due)
        if isinstance(kw.get("settled"), str):
            kw["settled"] = day(kw["settled"])
        return self.add(Doc(typ, client, doc_date, amount, due=due, **kw))

    def deb(self, client, doc_date, amount, terms=14, **kw):
        return self.inv(client, doc_date, amount, terms=terms, typ="DEB",
                        **kw)

    def pay(self, client, date, amount, applies=None, typ="PAY"):
        date = day(date) if isinstance(date, str) else date
        return self.add(Doc(typ, client, date, amount, applies=applies))

    def crn(self, client, date, amount, applies=None):
        return self.pay(client, date, amount, applies, typ="CRN")

    def wo(self, client, date, amount, applies=None):
        return self.pay(client, date, amount, applies, typ="WO")

    def number(self):
        """Sort by posting date and number each (type, year) in order."""
        self.docs.sort(key=lambda x: (x.doc_date, TYPE_ORDER[x.typ],
                                      x.seq))
        counters = {}
        for x in self.docs:
            k = (x.typ, x.doc_date.year)
            counters[k] = counters.get(k, 0) + 1
            x.no = "%s-%d-%04d" % (x.typ, x.doc_date.year, counters[k])

    def rows(self):
        out = []
        for x in self.docs:
            ap = x.applies.no if isinstance(x.applies, Doc) else \
                (x.applies or "")
            out.append([x.typ, x.no, x.client, x.doc_date.isoformat(),
                        x.due.isoformat() if x.due else "", money(x.amount),
                        x.currency, ap,
                        x.settled.isoformat() if x.settled else "",
                        x.disputed])
        return out


# Lateness profiles (days after due; negative = paid early).
PROMPT = [-6, -3, -2, -1, 0, 0, 0, 0, 1, 2]                  # ~0 days
GOOD = [-4, -2, 0, 0, 0, 1, 2, 3, 5, 7, 9, 12, 16, 21]       # ~5 days
FAIR = [-2, 0, 0, 2, 4, 6, 8, 11, 14, 18, 22, 27, 33, 41]    # ~13 days
SLOW = [24, 29, 33, 37, 40, 44, 48, 52, 57, 63, 70]          # ~43 days


def months(start, end, dom):
    """Dates on day-of-month dom from start's month to end (inclusive)."""
    y, m = start.year, start.month
    while True:
        d = dt.date(y, m, min(dom, 28))
        if d > end:
            return
        if d >= start:
            yield d
        m += 1
        if m == 13:
            y, m = y + 1, 1


STREAMS = {}


def october_orders(book):
    """Every client still trading in August has an order in October that is
    not yet due at the close (the 'current' bucket of a real book)."""
    has = {x.client for x in book.docs if x.typ == "INV" and
           day("2026-10-01") <= x.doc_date <= D}
    for client, (end, lo, hi, terms) in sorted(STREAMS.items()):
        if end >= day("2026-08-01") and client not in has:
            rng = Rng("october:" + client)
            d = dt.date(2026, 10, rng.int(max(2, 32 - terms), 30))
            book.inv(client, d, rng.int(lo, hi))


def stream(book, client, start, end, lo, hi, profile, terms=30, every=1,
           dom=None, step_days=None, style="pay", partial=0, round_to=1):
    """A client's ordinary trade: invoices from start to end, each paid
    according to profile. An invoice already due at the as-of date is always
    paid by then (only the designed invoices are overdue); one due later is
    paid early or not yet. style 'pay' writes PAY rows (applies_to), 'settled'
    sets settled_date (invoice-register style). partial = 1 in n payments
    is split in two."""
    rng = Rng("stream:" + client)
    start, end = day(start), day(end)
    STREAMS[client] = (end, lo, hi, terms)
    if step_days:
        dates = []
        d = start
        while d <= end:
            dates.append(d)
            d = plus(d, step_days + rng.int(0, 1))
    else:
        dates = list(months(start, end, dom or start.day))[::every]
    made = []
    for d in dates:
        amount = rng.int(lo, hi) // round_to * round_to
        inv = book.inv(client, d, amount, terms=terms)
        made.append(inv)
        due = inv.due
        settle = plus(due, rng.pick(profile))
        if settle <= d:
            settle = plus(d, 1 + rng.int(0, 2))
        if due < D and settle >= D:
            # everything already due is paid before the close
            settle = plus(D, -1 - rng.int(0, 4))
            if settle <= d:
                settle = plus(d, 1)
        if settle > EXPORT:
            continue                       # not paid yet: stays open
        if style == "settled":
            inv.settled = settle
        elif partial and rng.int(1, partial) == 1 and \
                (settle - d).days > 12:
            first = amount * rng.int(3, 6) // 10
            book.pay(client, plus(settle, -rng.int(6, 11)), first, inv)
            book.pay(client, settle, amount - first, inv)
        else:
            book.pay(client, settle, amount, inv)
    return made


def build_ledger():
    b = Book()
    C = CURRENCY

    # --- regular trade ---------------------------------------------------
    # C1001 Müller: the oldest account; the first row of the file (EUR).
    stream(b, "C1001", "2024-09-02", "2026-10-31", 180000, 520000, GOOD,
           every=3, partial=4)
    # C1002 Société Générale: large, net-60, billed quarterly.
    stream(b, "C1002", "2025-01-16", "2026-10-31", 1800000, 4200000, FAIR,
           terms=60, every=3, dom=16)
    # C1003 Łódź: a quiet account until summer 2026, then daily deliveries
    # (below).
    stream(b, "C1003", "2025-09-09", "2026-07-20", 90000, 260000, FAIR,
           every=2, dom=9)
    stream(b, "C1004", "2025-09-04", "2026-10-15", 60000, 240000, GOOD,
           every=3, dom=4)
    stream(b, "C1005", "2025-07-20", "2026-10-20", 90000, 300000, GOOD,
           every=3, dom=20, style="settled")
    stream(b, "C1006", "2025-08-11", "2026-10-11", 150000, 450000, FAIR,
           every=3, dom=11, style="settled")
    stream(b, "C1007", "2025-08-07", "2026-10-26", 30000, 90000, GOOD,
           terms=14, every=2, dom=7, style="settled")
    stream(b, "C1008", "2025-04-08", "2026-10-08", 80000, 250000, GOOD,
           every=3, dom=8)
    stream(b, "C1009", "2025-07-22", "2026-09-22", 100000, 300000, FAIR,
           terms=60, every=3, dom=22)
    stream(b, "C1010", "2025-08-17", "2026-10-17", 30000, 120000, FAIR,
           every=3, dom=17, style="settled")
    # Nordvik stopped ordering after its two big orders went unpaid.
    stream(b, "C1011", "2025-05-12", "2026-05-12", 200000, 500000, GOOD,
           every=3, dom=12)
    stream(b, "C1012", "2025-07-28", "2026-09-28", 80000, 220000, GOOD,
           every=3, dom=28)
    stream(b, "C1013", "2025-03-14", "2026-10-14", 1200000, 2000000, GOOD,
           every=3, dom=14)
    stream(b, "C1014", "2025-06-03", "2026-10-03", 1800000, 2400000,
           PROMPT, every=1, dom=3, style="settled")
    stream(b, "C1015", "2025-05-05", "2026-10-05", 1000000, 2400000, FAIR,
           terms=60, every=3, dom=5)
    stream(b, "C1016", "2025-04-27", "2026-09-27", 800000, 1800000, FAIR,
           terms=60, every=3, dom=27, style="settled")
    stream(b, "C1017", "2025-06-10", "2026-10-10", 2800000, 3300000, PROMPT,
           every=3, dom=10)
    stream(b, "C1018", "2025-05-19", "2026-10-19", 2400000, 3200000, GOOD,
           every=4, dom=19)
    stream(b, "C1019", "2025-08-12", "2026-09-12", 80000, 260000, FAIR,
           every=3, dom=12)
    stream(b, "C1020", "2025-09-06", "2026-09-06", 40000, 120000, FAIR,
           terms=14, every=2, dom=6, style="settled")
    stream(b, "C1021", "2025-03-03", "2026-09-03", 300000, 900000, SLOW,
           every=3, dom=3)
    stream(b, "C1022", "2025-09-15", "2026-09-15", 90000, 240000, FAIR,
           every=3, dom=15)
    stream(b, "C1024", "2025-10-09", "2026-08-09", 60000, 180000, GOOD,
           every=3, dom=9)
    stream(b, "C1025", "2025-01-15", "2026-07-15", 150000, 300000, GOOD,
           every=4, dom=15)
    stream(b, "C1026", "2025-08-17", "2026-08-17", 80000, 200000, GOOD,
           every=2, dom=17, style="settled")
    stream(b, "C1027", "2025-06-17", "2026-06-17", 60000, 160000, GOOD,
           every=3, dom=17)
    stream(b, "C1028", "2025-09-03", "2026-08-03", 70000, 200000, GOOD,
           every=3, dom=3)
    stream(b, "C1029", "2025-07-13", "2026-07-13", 60000, 150000, GOOD,
           every=3, dom=13)
    stream(b, "C1030", "2025-07-22", "2026-07-22", 150000, 450000, GOOD,
           every=3, dom=22)
    stream(b, "C1031", "2025-09-21", "2026-07-21", 50000, 150000, GOOD,
           every=3, dom=21)
    stream(b, "C1032", "2025-08-24", "2026-09-24", 100000, 350000, GOOD,
           every=3, dom=24, style="settled")
    stream(b, "C1033", "2025-09-11", "2026-10-11", 200000, 500000, GOOD,
           every=3, dom=11, partial=3)
    stream(b, "C1034", "2025-04-28", "2026-08-28", 300000, 800000, FAIR,
           every=3, dom=28, style="settled")
    stream(b, "C1037", "2025-08-02", "2026-07-02", 80000, 220000, GOOD,
           every=3, dom=2, style="settled")
    stream(b, "C1038", "2025-09-26", "2026-09-26", 40000, 160000, GOOD,
           every=3, dom=26)
    stream(b, "C1040", "2025-05-06", "2026-10-06", 120000, 380000, GOOD,
           every=2, dom=6, style="settled")
    stream(b, "C1041", "2025-06-19", "2026-10-19", 100000, 300000, GOOD,
           every=3, dom=19, style="settled")
    stream(b, "C1042", "2025-09-23", "2026-08-23", 60000, 200000, GOOD,
           every=3, dom=23)
    stream(b, "C1043", "2025-05-13", "2026-08-13", 40000, 120000, GOOD,
           every=3, dom=13, style="settled")
    stream(b, "C1044", "2025-08-28", "2026-08-29", 50000, 150000, GOOD,
           every=3, dom=28)
    stream(b, "C1045", "2025-10-01", "2026-08-01", 200000, 500000, FAIR,
           every=3, dom=1)
    stream(b, "C1901", "2025-11-20", "2026-06-20", 100000, 260000, FAIR,
           every=3, dom=20)
    stream(b, "C1902", "2026-03-16", "2026-10-16", 50000, 150000, GOOD,
           every=2, dom=16, style="settled")
    stream(b, "C1903", "2025-05-07", "2026-06-07", 80000, 200000, GOOD,
           every=3, dom=7, style="settled")
    stream(b, "C1904", "2026-02-25", "2026-08-25", 40000, 90000, GOOD,
           every=3, dom=25)

    # --- designed cases (as of 2026-10-31) ---------------------------------
    # Standard path, one client per stage.
    b.inv("C1001", plus(ago(3), -30), 238450)                 # 3 dpd  -> 1
    b.inv("C1004", plus(ago(10), -30), 114500)                # 10 dpd -> 2
    b.inv("C1005", plus(ago(20), -30), 276000)                # 20 dpd -> 3
    b.inv("C1005", plus(ago(60), -30), 118000, disputed="Y")  # under review
    b.inv("C1006", plus(ago(35), -30), 341280)                # 35 dpd -> 4
    b.inv("C1007", plus(ago(44), -14), 68430, terms=14)       # exactly 44
    b.inv("C1008", plus(ago(45), -30), 132000)                # exactly 45
    # Ferretti: 1250.00 less a part payment of 750.00 = exactly 500.00.
    fe = b.inv("C1009", plus(ago(60), -60), 125000, terms=60)
    b.pay("C1009", "2026-10-05", 75000, fe)
    b.inv("C1010", plus(ago(60), -30), 49999)                 # 499.99
    # Nordvik: legal candidate, 130 and 100 days past due.
    b.inv("C1011", plus(ago(130), -30), 418000)
    b.inv("C1011", plus(ago(100), -30), 224550)
    b.inv("C1012", plus(ago(65), -30), 187040)                # 61-90 bucket

    # VIP path.
    b.inv("C1002", plus(ago(50), -60), 3648000, terms=60)     # VIP stage 4
    b.inv("C1013", plus(ago(10), -30), 894000)                # VIP stage 1
    b.inv("C1014", plus(ago(5), -30), 2135000, settled=None)  # VIP grace
    b.inv("C1015", plus(ago(25), -60), 987000, terms=60)      # VIP stage 3
    b.inv("C1016", plus(ago(95), -60), 840000, terms=60)      # VIP stage 5
    b.inv("C1017", plus(ago(3), -30), 1024000)                # VIP grace
    b.inv("C1018", plus(ago(2), -30), 1406000)                # Standard 1
    # Kingsbridge once paid 38 days late: not VIP despite its revenue.
    kb = b.inv("C1018", "2026-01-26", 1318000)
    b.pay("C1018", plus(kb.due, 38), 1318000, kb)

    # High-Risk path.
    b.inv("C1019", plus(ago(5), -30), 231840)                 # HR stage 2
    b.inv("C1020", plus(ago(20), -14), 109600, terms=14)      # HR stage 4
    b.inv("C1021", plus(ago(30), -30), 745000)                # exactly 30
    # late-payment interest re-charged, due on issue (blank due date)
    ir = b.deb("C1021", "2026-05-18", 18740, terms=None)
    b.pay("C1021", "2026-06-19", 18740, ir)
    b.inv("C1022", plus(ago(8), -30), 194000)                 # HR stage 3
    # Brasserie du Port: HR only because a write-off 92 days after due
    # counts as a settlement 92 days late: (0 + 2 + 92) / 3 > 30.
    b.inv("C1023", "2025-03-10", 62000, settled="2025-04-09")
    bp1 = b.inv("C1023", "2026-01-12", 58500)
    b.pay("C1023", bp1.due, 58500, bp1)
    bp2 = b.inv("C1023", "2026-03-09", 71250)
    b.pay("C1023", plus(bp2.due, 2), 71250, bp2)
    bp3 = b.inv("C1023", "2026-04-10", 54000)
    b.pay("C1023", "2026-06-01", 30000, bp3)
    b.wo("C1023", plus(bp3.due, 92), 24000, bp3)
    b.inv("C1023", plus(ago(25), -30), 86500)                 # 25 dpd
    # Łódź: daily deliveries since late August, none paid; an on-account
    # payment of 1500.00 without a reference.
    rng = Rng("lodz")
    d = plus(ago(40), -30)
    while d <= day("2026-10-30"):
        b.inv("C1003", d, rng.int(18000, 95000))
        d = plus(d, 2 if rng.int(0, 2) else 3)
    b.pay("C1003", "2026-10-15", 150000)
    b.inv("C1045", plus(ago(2), -30), 315000)                 # HR stage 1

    # The waiting rule (history.csv holds the earlier letters).
    mo = b.inv("C1024", plus(ago(12), -30), 153000)           # held
    b.pay("C1024", "2026-11-03", 153000, mo)                  # after D
    b.inv("C1025", plus(ago(16), -30), 297500)                # held
    b.inv("C1026", plus(ago(14), -30), 121875, settled=None)  # sent
    b.inv("C1027", plus(ago(75), -30), 124000)                # held
    ph = b.inv("C1028", "2026-08-11", 168000)                 # paid 10-26
    b.pay("C1028", "2026-10-26", 168000, ph)
    b.inv("C1028", plus(ago(4), -30), 94500)                  # held (4 < 14)
    b.inv("C1029", plus(ago(18), -30), 136400)                # sent

    # Contact, credits, disputes.
    b.inv("C1030", plus(ago(9), -30), 389000)                 # no e-mail
    b.inv("C1031", plus(ago(10), -30), 125000)
    b.pay("C1031", "2026-10-29", 124680)                      # no reference
    b.inv("C1032", plus(ago(40), -30), 274000, disputed="Yes")
    b.inv("C1032", plus(ago(70), -30), 131500, disputed="true")
    # Thames Valley (GBP): 4800.00 less a part payment of 2000.00.
    tv = b.inv("C1033", plus(ago(20), -30), 480000)
    b.pay("C1033", "2026-10-20", 200000, tv)
    b.inv("C1034", plus(ago(33), -30), 625000)                # USD
    # Papeterie Lambert: last (late) settlement in March, no orders since.
    for dd, amt, late in (("2025-02-18", 84020, 3), ("2025-05-20", 61250, 0),
                          ("2025-08-19", 92700, 6), ("2025-11-18", 70480, 4),
                          ("2026-02-03", 55610, 15)):
        x = b.inv("C1035", dd, amt)
        b.pay("C1035", plus(x.due, late), amt, x)
    # Gröber: placed with the agency in April, recovered in May, gone.
    for dd, amt, late in (("2024-10-15", 248000, 2), ("2025-01-14", 312500, 9),
                          ("2025-04-15", 198060, 12), ("2025-07-15", 275300, 21),
                          ("2025-10-14", 231900, 18)):
        x = b.inv("C1036", dd, amt)
        b.pay("C1036", plus(x.due, late), amt, x)
    gr = b.inv("C1036", "2026-01-16", 286450)
    b.pay("C1036", "2026-05-12", 286450, gr)
    # Åkesson overpaid an invoice by 100.00.
    ak = b.inv("C1037", "2026-09-10", 218000)
    b.pay("C1037", "2026-10-08", 228000, ak)
    b.inv("C1037", "2026-10-21", 145000)
    # Bianchi: an open debit note (courier costs re-charged).
    b.deb("C1038", plus(ago(38), -14), 18500)
    # Nouvelle Boulangerie Petit: first order after the close only.
    b.inv("C1039", "2026-11-03", 46800)
    # Weber (settled dates): one settled after the close is still open.
    b.inv("C1040", plus(ago(11), -30), 264000, settled="2026-11-04")
    wb = b.inv("C1040", "2026-05-26", 312000, settled="2026-06-25")
    b.crn("C1040", "2026-06-25", 12000, wb)     # same day as settled_date
    # De Kroon: a volume rebate credited without a reference.
    b.crn("C1041", "2026-09-30", 84000)
    # Sánchez paid its invoice quoting Gasthaus "Zur Post"'s number.
    sa = b.inv("C1042", "2026-10-12", 164000)
    zp = b.inv("C1043", "2026-10-14", 92800)
    b.pay("C1042", "2026-10-28", 164000, zp)
    # Rinaldi: bank charges written off; a payment quoting no such invoice.
    ri = b.inv("C1044", "2026-09-14", 150000)
    b.pay("C1044", "2026-10-13", 149750, ri)
    b.wo("C1044", "2026-10-16", 250, ri)
    b.inv("C1044", "2026-10-09", 86000)
    b.pay("C1044", "2026-10-30", 86000, "INV-2026-9999")
    # Credit notes: a price adjustment and a cancelled invoice.
    mu = b.inv("C1001", "2026-04-14", 215000)
    b.crn("C1001", "2026-04-28", 21500, mu)
    b.pay("C1001", plus(mu.due, 4), 193500, mu)
    ca = b.inv("C1008", "2026-06-02", 88000)
    b.crn("C1008", "2026-06-05", 88000, ca)               # billing error
    # A dispute that was resolved: part credited, the rest paid. The export
    # still carries the flag.
    zu = b.inv("C1012", "2026-03-02", 142000, disputed="Y")
    b.crn("C1012", "2026-04-10", 22000, zu)
    b.pay("C1012", "2026-04-14", 120000, zu)
    # A debit note settled by a payment quoting its number.
    fr = b.deb("C1008", "2026-03-10", 14500)
    b.pay("C1008", "2026-03-30", 14500, fr)
    # Rows dated after the close: valid, but not yet effective on 10-31.
    b.inv("C1001", "2026-11-02", 296040)
    b.inv("C1013", "2026-11-04", 1587500)
    b.inv("C1002", "2026-11-06", 2914000, terms=60)
    b.pay("C1017", "2026-11-05", 1024000,
          [x for x in b.docs if x.client == "C1017" and x.amount == 1024000][0])
    # The odd client id (letter file names must be sanitised).
    b.inv("C-9/../x", plus(ago(22), -30), 31000)
    # Unknown clients.
    b.inv("C1901", plus(ago(70), -30), 230000)                # agency
    b.inv("C1904", plus(ago(5), -30), 78000)
    b.pay("C1904", "2026-10-27", 20000)                       # on account

    october_orders(b)
    b.number()
    return b


# --------------------------------------------------------------------------
# writing CSV (minimal quoting, LF line ends)

def csv_field(s):
    if any(c in s for c in ',"\n\r') or s != s.strip():
        return '"' + s.replace('"', '""') + '"'
    return s


def csv_line(fields, sep=","):
    return sep.join(csv_field(f) for f in fields) + "\n"


def write_text(path, text):
    with open(path, "w", encoding="utf-8", newline="") as f:
        f.write(text)


def write_bytes(path, data):
    with open(path, "wb") as f:
        f.write(data)


# --------------------------------------------------------------------------
# reference model (reads the written CSV back; SPEC §2.1, §3, §4, §8)

STAGE_DAYS = [1, 8, 15, 30, 45]
WAIT_DAYS = [7, 7, 14, 14, 30]
MIN_LETTER = 500
AGENCY_MIN = 50000
LEGAL_MIN = 500000


def read_csv_simple(path):
    """The generated files are plain: quoted fields never span lines."""
    with open(path, encoding="utf-8", newline="") as f:
        rows = list(csv.reader(f))
    head = [h.strip().lower() for h in rows[0]]
    return [dict(zip(head, r)) for r in rows[1:] if r]


def yes(s):
    return s.strip().lower() in ("y", "yes", "true", "1")


def thresholds(tier):
    if tier == "VIP":
        return [t + 7 for t in STAGE_DAYS]
    if tier == "HIGH_RISK":
        return [max(1, t // 2) for t in STAGE_DAYS]
    return list(STAGE_DAYS)


def segment_of(s):
    k = s.strip().upper().replace("-", "_").replace(" ", "_")
    return k if k in ("VIP", "STANDARD", "HIGH_RISK") else ""


class Item:
    pass


class Model:
    """Everything about the ledger as it stood at the end of day d."""

    def __init__(self, ledger, clients, d, history=(), costs=()):
        self.d = d
        self.clients = clients
        self.items = []
        by_key = {}
        self.credits = {}       # client -> cents (positive)
        self.settlements = []   # (date, client, cents, kind) every one <= d
        for i, r in enumerate(ledger):
            if r["doc_type"] in ("INV", "DEB") and day(r["doc_date"]) <= d:
                it = Item()
                it.client, it.typ, it.no = r["client_id"], r["doc_type"], \
                    r["doc_no"]
                it.doc_date = day(r["doc_date"])
                it.due = day(r["due_date"]) if r["due_date"] else it.doc_date
                it.amount = it.open = cents(r["amount"])
                it.currency = r["currency"] or "EUR"
                it.disputed = yes(r["disputed"])
                it.settle_day = None
                it.apps = []            # (date, cents, kind)
                self.items.append(it)
                by_key[(it.client, it.typ, it.no)] = it
        events = []
        for i, r in enumerate(ledger):
            if r["doc_type"] in ("PAY", "CRN", "WO") and \
                    day(r["doc_date"]) <= d:
                events.append((day(r["doc_date"]), 0, i, r))
            elif r["doc_type"] in ("INV", "DEB") and r["settled_date"] and \
                    day(r["settled_date"]) <= d and day(r["doc_date"]) <= d:
                events.append((day(r["settled_date"]), 1, i, r))
        events.sort(key=lambda e: e[:3])
        for date, kind, _, r in events:
            c = r["client_id"]
            if kind == 0:
                amt = cents(r["amount"])
                self.settlements.append((date, c, amt, r["doc_type"]))
                t = None
                if r["applies_to"]:
                    t = by_key.get((c, "INV", r["applies_to"])) or \
                        by_key.get((c, "DEB", r["applies_to"]))
                take = min(amt, t.open) if t else 0
                if t and take:
                    t.open -= take
                    t.apps.append((date, take, r["doc_type"]))
                    if t.open == 0:
                        t.settle_day = date
                if amt - take:
                    self.credits[c] = self.credits.get(c, 0) + amt - take
            else:
                t = by_key[(c, r["doc_type"], r["doc_no"])]
                # a settled_date pays whatever is still open (§8.10)
                take = t.open
                if take:
                    self.settlements.append((date, c, take, "SETTLED"))
                    t.open = 0
                    t.apps.append((date, take, "SETTLED"))
                    t.settle_day = date
        self.ledger_clients = sorted({r["client_id"] for r in ledger
                                      if day(r["doc_date"]) <= d})
        self.history = [h for h in history if day(h["run_date"]) <= d]
        self.costs = costs
        self.analyse(ledger)

    # ---- per client ------------------------------------------------------
    def analyse(self, ledger):
        d = self.d
        self.c = {}
        for cid in self.ledger_clients:
            cl = self.clients.get(cid)
            its = [i for i in self.items if i.client == cid]
            open_ = [i for i in its if i.open > 0]
            for i in open_:
                i.dpd = (d - i.due).days
            elig = [i for i in open_ if not i.disputed and i.dpd >= 1]
            settled = [i for i in its if i.settle_day and
                       0 <= (d - i.settle_day).days < 365]
            lates = [max(0, (i.settle_day - i.due).days) for i in settled]
            avg = sum(lates) / len(lates) if lates else 0
            mx = max(lates) if lates else 0
            credit = self.credits.get(cid, 0)
            overdue = sum(i.open for i in elig) - credit
            if cl and cl["annual_revenue"]:
                revenue = cents(cl["annual_revenue"])
            else:
                revenue = sum(i.amount for i in its
                              if 0 <= (d - i.doc_date).days < 365)
            seg = segment_of(cl["segment"]) if cl else ""
            prior = int(cl["prior_collections"] or 0) if cl else 0
            strategic = yes(cl["strategic"]) if cl else False
            if seg:
                tier, why = seg, "segment"
            elif avg > 30:
                tier, why = "HIGH_RISK", "avg days late %.1f" % avg
            elif len(elig) >= 3:
                tier, why = "HIGH_RISK", "%d past-due items" % len(elig)
            elif prior >= 1:
                tier, why = "HIGH_RISK", "prior collections"
            elif strategic:
                tier, why = "VIP", "strategic"
            elif revenue > 10000000 and mx <= 30 and avg <= 5:
                tier, why = "VIP", "revenue"
            else:
                tier, why = "STANDARD", ""
            th = thresholds(tier)
            worst = max((i.dpd for i in elig), default=0)
            stage = sum(1 for t in th if worst >= t) if elig else 0
            r = dict(tier=tier, why=why, avg=avg, max=mx, n_settled=len(lates),
                     revenue=revenue, open=open_, elig=elig, worst=worst,
                     stage=stage, credit=credit, overdue=overdue,
                     known=cl is not None, th=th,
                     currency=(its[0].currency if its else "EUR"))
            # letters (§3.2, §8.12, §8.13)
            held = [h for h in self.history if h["client_id"] == cid and
                    (d - day(h["run_date"])).days <
                    WAIT_DAYS[int(h["stage"]) - 1]]
            if stage == 0:
                letter = ""
            elif not r["known"]:
                letter = "no letter (unknown client)"
            elif overdue < MIN_LETTER:
                letter = "no letter (net overdue %s)" % fmt(overdue)
            elif held:
                letter = "held (stage %s letter of %s)" % (
                    held[-1]["stage"], held[-1]["run_date"])
            else:
                letter = "letter %d" % stage
            r["letter"] = letter
            # actions (§3.4, §8.15)
            acts = []
            if elig and worst >= th[2]:
                acts.append("call")
            if tier != "VIP" and elig and \
                    (tier == "HIGH_RISK" or worst >= 30):
                acts.append("suspend")
            agency_days = 30 if tier == "HIGH_RISK" else 45
            if elig and worst >= agency_days and overdue >= AGENCY_MIN:
                if tier == "VIP":
                    acts.append("account_manager")
                else:
                    acts.append("agency")
                    if worst >= 90 and overdue >= LEGAL_MIN:
                        acts.append("legal")
            r["actions"] = acts
            self.c[cid] = r

    # ---- whole book --------------------------------------------------------
    def buckets(self, currency="EUR"):
        edges = [("current", -10**9, 0), ("1-30", 1, 30), ("31-60", 31, 60),
                 ("61-90", 61, 90), ("91-120", 91, 120),
                 ("over-120", 121, 10**9)]
        out = {k: 0 for k, _, _ in edges}
        for i in self.items:
            if i.open > 0 and i.currency == currency:
                dpd = (self.d - i.due).days
                for k, lo, hi in edges:
                    if lo <= dpd <= hi:
                        out[k] += i.open
        return out

    def letters(self):
        out = []
        for cid, r in sorted(self.c.items()):
            if r["letter"].startswith("letter"):
                out.append((cid, r))
        return out


def fmt(c):
    return ("-" if c < 0 else "") + money(abs(c))


def ar_at(items_model, cur="EUR"):
    m = items_model
    ar = sum(i.open for i in m.items if i.currency == cur and i.open > 0)
    cred = sum(v for k, v in m.credits.items()
               if CURRENCY.get(k, "EUR") == cur)
    cur_ = sum(i.open for i in m.items if i.currency == cur and i.open > 0
               and i.due >= m.d)
    return ar - cred, cur_


def kpis(ledger, clients, costs):
    """SPEC §4 in the base currency (EUR), as of D."""
    eur = [r for r in ledger if (r["currency"] or "EUR") == "EUR"]
    m = Model(eur, clients, D)
    ar, current = ar_at(m)
    w0 = plus(D, -90)
    sales = lambda a, b: sum(cents(r["amount"]) for r in eur
                             if r["doc_type"] in ("INV", "DEB") and
                             a < day(r["doc_date"]) <= b)
    s90 = sales(w0, D)
    k = {}
    k["dso"] = ar / s90 * 90
    k["best_possible_dso"] = current / s90 * 90
    k["add"] = k["dso"] - k["best_possible_dso"]
    S = plus(D.replace(day=1), -1)
    ms = Model(eur, clients, S)
    ar_s, _ = ar_at(ms)
    ssd = sales(S, D)
    k["cei"] = (ar_s + ssd - ar) / (ar_s + ssd - current) * 100
    # collection rate within 45 days
    lo, hi = plus(D, -135), plus(D, -45)
    due_items = [i for i in m.items if lo < i.due <= hi]
    tot = sum(i.amount for i in due_items)
    got = sum(a for i in due_items for (dd, a, _) in i.apps
              if dd <= plus(i.due, 45))
    k["collection_rate_45"] = got / tot * 100
    k["_cr45_items"] = len(due_items)
    late = [(i.settle_day - i.due).days for i in m.items
            if i.settle_day and w0 < i.settle_day <= D and
            i.settle_day > i.due]
    k["days_to_payment"] = sum(late) / len(late)
    k["_dtp_items"] = len(late)
    # retention
    r0, r1 = plus(D, -365), plus(D, -90)
    last = {}
    for i in m.items:
        if i.settle_day and r0 < i.settle_day <= r1 and i.settle_day > i.due:
            last[i.client] = max(last.get(i.client, i.settle_day),
                                 i.settle_day)
    kept = [c for c, L in last.items()
            if any(r["client_id"] == c and r["doc_type"] == "INV" and
                   L < day(r["doc_date"]) <= D for r in eur)]
    k["retention"] = len(kept) / len(last) * 100
    k["_retention"] = (len(kept), len(last),
                       sorted(set(last) - set(kept)))
    # cost per recovery
    rec = sum(a for i in m.items for (dd, a, kind) in i.apps
              if kind in ("PAY", "SETTLED") and w0 < dd <= D and dd > i.due)
    cost = sum(cents(c["cost"]) for c in costs if w0 < day(c["date"]) <= D)
    k["cost_per_recovery"] = cost / rec * 100
    k["_recovered"], k["_costs"] = rec, cost
    return k


# --------------------------------------------------------------------------
# history.csv: the letters of earlier runs, simulated with the same model

MONTHLY_RUNS = ["2026-07-31", "2026-08-31", "2026-09-30"]
# Letters sent by hand between the monthly runs (a clerk chasing a few
# accounts), and one row from a run dated after the close (ignored).
MANUAL_LETTERS = [("2026-10-15", "C1027", 5), ("2026-10-20", "C1028", 4),
                  ("2026-10-24", "C1026", 1), ("2026-10-27", "C1024", 2),
                  ("2026-10-27", "C1025", 2), ("2026-11-05", "C1029", 3)]


def history_row(run_date, cid, r, sep):
    docs = sorted(r["elig"], key=lambda i: (i.due, i.no))
    return {"run_date": run_date, "client_id": cid, "stage": str(r["stage"]),
            "doc_nos": sep.join(i.no for i in docs),
            "amount": money(r["overdue"])}


def build_history(ledger, clients):
    hist, models = [], {}
    for k, rd in enumerate(MONTHLY_RUNS):
        m = Model(ledger, clients, day(rd), history=hist)
        models[rd] = m
        for cid, r in m.letters():
            hist.append(history_row(rd, cid, r, ";" if k != 1 else " "))
    for rd, cid, stage in MANUAL_LETTERS:
        m = Model(ledger, clients, day(rd), history=hist)
        r = m.c[cid]
        assert r["stage"] == stage and r["letter"].startswith("letter"), \
            (rd, cid, r["stage"], r["letter"])
        hist.append(history_row(rd, cid, r, " "))
    return hist, models


# --------------------------------------------------------------------------
# costs.csv: what chasing cost (letters, calls, agency and legal fees)

CALL_NOTES = ["Called AP, promised payment within the week",
              "Left voicemail, e-mail sent with statement",
              "Spoke to accounts, payment run on Friday",
              "Called, invoice not received - copy re-sent",
              "Called, payment scheduled, remittance to follow"]

EARLIER_COSTS = [
    ("2026-01-19", "C1035", "letter", "1.20", "", "Reminder (old system)"),
    ("2026-03-02", "C1036", "letter", "1.20", "", "Reminder (old system)"),
    ("2026-03-10", "C1035", "call", "8.50", "", "Called, paid 20 March"),
    ("2026-03-16", "C1036", "letter", "1.20", "", "Final notice (old system)"),
    ("2026-03-24", "C1036", "call", "8.50", "", "No answer, message left"),
    ("2026-04-02", "C1036", "agency_fee", "95.00", "",
     "Placement with Inkasso Nord, case 26-0412"),
    ("2026-05-20", "C1036", "agency_commission", "429.68", "",
     "15% commission on 2864.50 recovered"),
    ("2026-06-22", "C1023", "call", "8.50", "",
     "Disputed part-delivery, agreed to write off the rest"),
    ("2026-07-06", "C1021", "call", "8.50", "",
     "Promised payment, cash flow problems"),
]


def build_costs(ledger, clients, hist, models):
    out = [dict(zip(["date", "client_id", "action", "cost", "doc_no",
                     "note"], c)) for c in EARLIER_COSTS]
    for h in hist:
        if day(h["run_date"]) > D:
            continue
        first = h["doc_nos"].replace(";", " ").split()[0]
        out.append({"date": h["run_date"], "client_id": h["client_id"],
                    "action": "letter", "cost": "1.20", "doc_no": first,
                    "note": "Stage %s letter" % h["stage"]})
    placed = set()
    for rd in MONTHLY_RUNS[1:]:
        m = models[rd]
        rng = Rng("calls" + rd)
        for cid, r in sorted(m.c.items()):
            if "call" in r["actions"] and r["known"] and \
                    rd == MONTHLY_RUNS[-1]:
                worst = max(r["elig"], key=lambda i: i.dpd)
                out.append({"date": plus(day(rd), 2).isoformat(),
                            "client_id": cid, "action": "call",
                            "cost": "8.50", "doc_no": worst.no,
                            "note": rng.pick(CALL_NOTES)})
            if "agency" in r["actions"] and cid not in placed:
                placed.add(cid)
                out.append({"date": plus(day(rd), 3).isoformat(),
                            "client_id": cid, "action": "agency_fee",
                            "cost": "95.00", "doc_no": "",
                            "note": "Placement fee, Inkasso Nord"})
    out.append({"date": "2026-10-22", "client_id": "C1011",
                "action": "legal_fee", "cost": "450.00", "doc_no": "",
                "note": "Pre-litigation review, Kanzlei Brandt & Roos "
                        "(awaiting legal approval)"})
    out.sort(key=lambda c: (c["date"], c["client_id"], c["action"]))
    return out


# --------------------------------------------------------------------------
# the designed cases (samples/README.md): tier, stage, letter, actions

EXPECT = {
    "C1001": ("STANDARD", 1, "letter", ""),
    "C1002": ("VIP", 4, "letter", "call account_manager"),
    "C1003": ("HIGH_RISK", 5, "letter", "call suspend agency"),
    "C1004": ("STANDARD", 2, "letter", ""),
    "C1005": ("STANDARD", 3, "letter", "call"),
    "C1006": ("STANDARD", 4, "letter", "call suspend"),
    "C1007": ("STANDARD", 4, "letter", "call suspend"),
    "C1008": ("STANDARD", 5, "letter", "call suspend agency"),
    "C1009": ("STANDARD", 5, "letter", "call suspend agency"),
    "C1010": ("STANDARD", 5, "letter", "call suspend"),
    "C1011": ("STANDARD", 5, "letter", "call suspend agency legal"),
    "C1012": ("STANDARD", 5, "letter", "call suspend agency"),
    "C1013": ("VIP", 1, "letter", ""),
    "C1014": ("VIP", 0, "", ""),
    "C1015": ("VIP", 3, "letter", "call"),
    "C1016": ("VIP", 5, "letter", "call account_manager"),
    "C1017": ("VIP", 0, "", ""),
    "C1018": ("STANDARD", 1, "letter", ""),
    "C1019": ("HIGH_RISK", 2, "letter", "suspend"),
    "C1020": ("HIGH_RISK", 4, "letter", "call suspend"),
    "C1021": ("HIGH_RISK", 5, "letter", "call suspend agency"),
    "C1022": ("HIGH_RISK", 3, "letter", "call suspend"),
    "C1023": ("HIGH_RISK", 5, "letter", "call suspend"),
    "C1024": ("STANDARD", 2, "held", ""),
    "C1025": ("STANDARD", 3, "held", "call"),
    "C1026": ("STANDARD", 2, "letter", ""),
    "C1027": ("STANDARD", 5, "held", "call suspend agency"),
    "C1028": ("STANDARD", 1, "held", ""),
    "C1029": ("STANDARD", 3, "letter", "call"),
    "C1030": ("STANDARD", 2, "letter", ""),
    "C1031": ("STANDARD", 2, "no letter", ""),
    "C1032": ("STANDARD", 0, "", ""),
    "C1033": ("STANDARD", 3, "letter", "call"),
    "C1034": ("STANDARD", 4, "letter", "call suspend"),
    "C1035": ("STANDARD", 0, "", ""),
    "C1036": ("HIGH_RISK", 0, "", ""),
    "C1037": ("STANDARD", 0, "", ""),
    "C1038": ("STANDARD", 4, "letter", "call suspend"),
    "C1040": ("STANDARD", 2, "letter", ""),
    "C1041": ("STANDARD", 0, "", ""),
    "C1042": ("STANDARD", 0, "", ""),
    "C1043": ("STANDARD", 0, "", ""),
    "C1044": ("STANDARD", 0, "", ""),
    "C1045": ("HIGH_RISK", 1, "letter", "suspend"),
    "C-9/../x": ("STANDARD", 3, "letter", "call"),
    "C1901": ("STANDARD", 5, "no letter", "call suspend agency"),
    "C1902": ("STANDARD", 0, "", ""),
    "C1903": ("STANDARD", 0, "", ""),
    "C1904": ("STANDARD", 1, "no letter", ""),
}
# the most overdue eligible item, where the case is about an exact day
EXACT_DAYS = {"C1007": 44, "C1008": 45, "C1021": 30, "C1002": 50,
              "C1011": 130, "C1012": 65, "C1001": 3, "C1009": 60,
              "C1010": 60}
EXACT_OVERDUE = {"C1009": 50000, "C1010": 49999}


def check_main(ledger, clients, costs, hist, report=False):
    m = Model(ledger, clients, D, history=hist, costs=costs)
    problems = []
    for cid, (tier, stage, letter, acts) in EXPECT.items():
        r = m.c.get(cid)
        if r is None:
            problems.append("%s: not in the ledger" % cid)
            continue
        got = (r["tier"], r["stage"], r["letter"].split(" (")[0]
               .replace("letter %d" % r["stage"], "letter"),
               " ".join(r["actions"]))
        if got != (tier, stage, letter, acts):
            problems.append("%s: expected %s, model says %s" %
                            (cid, (tier, stage, letter, acts), got))
    for cid, n in EXACT_DAYS.items():
        if m.c[cid]["worst"] != n:
            problems.append("%s: worst dpd %d, want %d" %
                            (cid, m.c[cid]["worst"], n))
    for cid, n in EXACT_OVERDUE.items():
        if m.c[cid]["overdue"] != n:
            problems.append("%s: overdue %d, want %d" %
                            (cid, m.c[cid]["overdue"], n))
    if set(m.c) - set(EXPECT):
        problems.append("clients without a designed case: %s" %
                        sorted(set(m.c) - set(EXPECT)))
    # long open list, only-disputed, every bucket, every stage letter
    if len(m.c["C1003"]["open"]) < 25:
        problems.append("C1003 has only %d open items" %
                        len(m.c["C1003"]["open"]))
    if any(not i.disputed for i in m.c["C1032"]["open"] if i.dpd >= 1):
        problems.append("C1032 has undisputed overdue items")
    for k, v in m.buckets().items():
        if not v:
            problems.append("bucket %s is empty" % k)
    sent = {}
    for cid, r in m.letters():
        sent[r["stage"]] = sent.get(r["stage"], 0) + 1
    std = {r["stage"] for cid, r in m.letters() if r["tier"] == "STANDARD"}
    if std != {1, 2, 3, 4, 5}:
        problems.append("standard letters only for stages %s" % sorted(std))
    ids = set(clients)
    unknown = sorted(set(m.c) - ids)
    if unknown != UNKNOWN:
        problems.append("unknown clients %s, want %s" % (unknown, UNKNOWN))
    if ledger[0]["currency"] != "EUR":
        problems.append("first row is not EUR")
    k = kpis(ledger, clients, costs)
    if report:
        print_report(m, k, sent)
    return problems, m, k, sent


def print_report(m, k, sent):
    print("%-9s %-9s %-5s %5s %10s %10s  %-30s %s" % (
        "client", "tier", "stage", "dpd", "overdue", "credit", "letter",
        "actions / why"))
    for cid, r in sorted(m.c.items()):
        print("%-9s %-9s %-5d %5d %10s %10s  %-30s %s | %s avg %.1f max %d "
              "n %d open %d" % (
                  cid, r["tier"], r["stage"], r["worst"], fmt(r["overdue"]),
                  fmt(r["credit"]), r["letter"], " ".join(r["actions"]),
                  r["why"], r["avg"], r["max"], r["n_settled"],
                  len(r["open"])))
    print("buckets EUR:", {a: fmt(b) for a, b in m.buckets().items()})
    for cur in ("GBP", "USD"):
        print("buckets %s:" % cur,
              {a: fmt(b) for a, b in m.buckets(cur).items() if b})
    print("letters by stage:", dict(sorted(sent.items())))
    print("KPIs:", {a: (round(b, 2) if isinstance(b, float) else b)
                    for a, b in k.items()})


# --------------------------------------------------------------------------
# the main sample job

def write_main():
    text = csv_line(CLIENT_COLUMNS)
    for c in CLIENTS:
        assert len(c) + 4 == len(CLIENT_COLUMNS), c[0]
        text += csv_line(list(c) + list(GREETING.get(c[0], ("", ""))) +
                         list(MANAGER_LINE.get(c[0], ("", ""))))
    write_text(os.path.join(SAMPLES, "clients.csv"), text)

    book = build_ledger()
    text = csv_line(LEDGER_COLUMNS)
    for r in book.rows():
        text += csv_line(r)
    write_text(os.path.join(SAMPLES, "ledger.csv"), text)

    ledger, clients = load_main()
    hist, models = build_history(ledger, clients)
    cols = ["run_date", "client_id", "stage", "doc_nos", "amount"]
    text = csv_line(cols)
    for h in hist:
        text += csv_line([h[c] for c in cols])
    write_text(os.path.join(SAMPLES, "history.csv"), text)

    costs = build_costs(ledger, clients, hist, models)
    cols = ["date", "client_id", "action", "cost", "doc_no", "note"]
    text = csv_line(cols)
    for c in costs:
        text += csv_line([c[k] for k in cols])
    write_text(os.path.join(SAMPLES, "costs.csv"), text)


def load_main():
    ledger = read_csv_simple(os.path.join(SAMPLES, "ledger.csv"))
    clients = {c["client_id"]: c for c in
               read_csv_simple(os.path.join(SAMPLES, "clients.csv"))}
    return ledger, clients


def check_main_files(report):
    ledger, clients = load_main()
    hist = read_csv_simple(os.path.join(SAMPLES, "history.csv"))
    costs = read_csv_simple(os.path.join(SAMPLES, "costs.csv"))
    problems, m, k, sent = check_main(ledger, clients, costs, hist, report)
    # plain-file rules of the brief
    seen = set()
    for r in ledger:
        key = (r["doc_type"], r["doc_no"])
        if key in seen:
            problems.append("duplicate %s %s" % key)
        seen.add(key)
        if cents(r["amount"]) <= 0:
            problems.append("amount not positive: %s" % r["doc_no"])
    types = {r["doc_type"] for r in ledger}
    if types != {"INV", "DEB", "CRN", "PAY", "WO"}:
        problems.append("doc types %s" % sorted(types))
    return problems


# --------------------------------------------------------------------------
# samples/bad/: one small ledger per kind of bad row and per broken file
#
# A file is a list of records: a plain string is a good row, a tuple
# (text, column, reason) a row that must be rejected. "" is an empty line;
# "\n" inside a text is a quoted field that spans lines. Line numbers are
# counted from this list when expected.tsv is written, and verified again
# afterwards by an independent reader of the bytes on disk.

HEADER = ",".join(LEDGER_COLUMNS)

ROW_FILES = [
    ("bad_date.csv", "impossible or non-ISO dates in each date column", [
        "INV,INV-2026-0501,C1001,2026-09-01,2026-10-01,1200.00,EUR,,,N",
        ("INV,INV-2026-0502,C1001,2023-02-29,2023-03-31,500.00,EUR,,,N",
         "doc_date", "invalid date"),
        ("INV,INV-2026-0503,C1004,2026-09-05,2024-13-01,845.20,EUR,,,N",
         "due_date", "invalid date"),
        "PAY,PAY-2026-0501,C1001,2026-10-02,,1200.00,EUR,INV-2026-0501,,",
        ("INV,INV-2026-0504,C1005,2026-08-14,2026-09-13,2310.00,EUR,,"
         "2026-02-30,N", "settled_date", "invalid date"),
        ("PAY,PAY-2026-0502,C1005,2026-10-12,31.10.2026,150.00,EUR,"
         "INV-2026-0504,,", "due_date", "invalid date"),
        ("INV,INV-2026-0505,C1006,2026-00-10,2026-11-09,abc,EUR,,,N",
         "doc_date", "invalid date"),
        "INV,INV-2024-0506,C1006,2024-02-29,2024-03-30,410.00,EUR,,,N",
        ("CRN,CRN-2026-0501,C1007,10/15/2026,,96.40,EUR,INV-2026-0507,,",
         "doc_date", "invalid date"),
        "INV,INV-2026-0507,C1007,2026-10-01,2026-10-15,96.40,EUR,,,N",
    ]),
    ("bad_amount.csv", "amounts that are not amounts, and one too large", [
        "INV,INV-2026-0601,C1001,2026-09-02,2026-10-02,1234.56,EUR,,,N",
        ("INV,INV-2026-0602,C1001,2026-09-03,2026-10-03,12.345,EUR,,,N",
         "amount", "invalid amount"),
        ("INV,INV-2026-0603,C1004,2026-09-04,2026-10-04,\"1,23.00\",EUR,,,N",
         "amount", "invalid amount"),
        "INV,INV-2026-0604,C1004,2026-09-05,2026-10-05,\"1,234.56\",EUR,,,N",
        ("INV,INV-2026-0605,C1005,2026-09-06,2026-10-06,abc,EUR,,,N",
         "amount", "invalid amount"),
        ("INV,INV-2026-0606,C1005,2026-09-07,2026-10-07,1e5,EUR,,,N",
         "amount", "invalid amount"),
        "INV,INV-2026-0607,C1006,2026-09-08,2026-10-08,1234.5,EUR,,,N",
        ("INV,INV-2026-0608,C1006,2026-09-09,2026-10-09,,EUR,,,N",
         "amount", "invalid amount"),
        ("INV,INV-2026-0609,C1007,2026-09-10,2026-09-24,"
         "99999999999999999999.99,EUR,,,N", "amount", "amount out of range"),
        "INV,INV-2026-0610,C1007,2026-09-11,2026-09-25,€1250.00,EUR,,,N",
        ("PAY,PAY-2026-0601,C1001,2026-10-02,,12.34.56,EUR,INV-2026-0601,,",
         "amount", "invalid amount"),
        ("INV,INV-2026-0611,C1008,2026-09-12,2026-10-12,7.,EUR,,,N",
         "amount", "invalid amount"),
        "PAY,PAY-2026-0602,C1001,2026-10-03,,1234.56,EUR,INV-2026-0601,,",
    ]),
    ("negative_amount.csv", "minus signs and accounting parentheses", [
        "INV,INV-2026-0701,C1001,2026-09-01,2026-10-01,1500.00,EUR,,,N",
        ("INV,INV-2026-0702,C1001,2026-09-02,2026-10-02,-5.00,EUR,,,N",
         "amount", "negative amount"),
        ("CRN,CRN-2026-0701,C1001,2026-10-05,,(5.00),EUR,INV-2026-0701,,",
         "amount", "negative amount"),
        "PAY,PAY-2026-0701,C1001,2026-10-01,,1495.00,EUR,INV-2026-0701,,",
        ("PAY,PAY-2026-0702,C1004,2026-10-08,,-1200.00,EUR,,,",
         "amount", "negative amount"),
        "INV,INV-2026-0703,C1004,2026-09-08,2026-10-08,0.00,EUR,,,N",
        ("WO,WO-2026-0701,C1005,2026-10-09,,\"(1,250.00)\",EUR,"
         "INV-2026-0704,,", "amount", "negative amount"),
        "INV,INV-2026-0704,C1005,2026-09-09,2026-10-09,1250.00,EUR,,,N",
    ]),
    ("missing_key.csv", "blank doc_no, client_id, doc_date and doc_type", [
        "INV,INV-2026-0801,C1001,2026-09-01,2026-10-01,980.00,EUR,,,N",
        ("INV,,C1001,2026-09-02,2026-10-02,450.00,EUR,,,N",
         "doc_no", "missing key"),
        ("INV,INV-2026-0803,,2026-09-03,2026-10-03,620.00,EUR,,,N",
         "client_id", "missing key"),
        ("INV,INV-2026-0804,C1004,,2026-10-04,310.00,EUR,,,N",
         "doc_date", "missing key"),
        "PAY,PAY-2026-0801,C1001,2026-10-01,,980.00,EUR,INV-2026-0801,,",
        ("PAY,PAY-2026-0802,   ,2026-10-02,,120.00,EUR,,,",
         "client_id", "missing key"),
        ("INV,,C1005,2026-13-01,2026-10-05,75.00,EUR,,,N",
         "doc_no", "missing key"),
        (",,,,,,,,,", "doc_type", "missing key"),
        "INV,INV-2026-0805,C1005,2026-09-05,2026-10-05,1410.00,EUR,,,N",
    ]),
    ("unknown_doc_type.csv", "doc_type values outside INV DEB CRN PAY WO", [
        "INV,INV-2026-0901,C1001,2026-09-01,2026-10-01,2200.00,EUR,,,N",
        ("XYZ,,C1001,2026-09-02,2026-10-02,100.00,EUR,,,N",
         "doc_type", "unknown doc_type"),
        (",INV-2026-0902,C1001,2026-09-03,2026-10-03,300.00,EUR,,,N",
         "doc_type", "missing key"),
        "inv,INV-2026-0903,C1004,2026-09-04,2026-10-04,640.00,EUR,,,N",
        ("INVOICE,INV-2026-0904,C1004,2026-09-05,2026-10-05,640.00,EUR,,,N",
         "doc_type", "unknown doc_type"),
        "Pay,PAY-2026-0901,C1001,2026-10-01,,2200.00,EUR,INV-2026-0901,,",
        ("RCT,RCT-2026-0001,C1004,2026-10-10,,200.00,EUR,,,",
         "doc_type", "unknown doc_type"),
        "CRN,CRN-2026-0901,C1004,2026-10-12,,40.00,EUR,INV-2026-0903,,",
    ]),
    ("bad_disputed.csv", "disputed flags that are not yes or no", [
        "INV,INV-2026-1001,C1001,2026-09-01,2026-10-01,310.00,EUR,,,N",
        ("INV,INV-2026-1002,C1001,2026-09-02,2026-10-02,320.00,EUR,,,maybe",
         "disputed", "invalid yes/no flag"),
        "INV,INV-2026-1003,C1004,2026-09-03,2026-10-03,330.00,EUR,,,Yes",
        ("INV,INV-2026-1004,C1004,2026-09-04,2026-10-04,340.00,EUR,,,2",
         "disputed", "invalid yes/no flag"),
        "INV,INV-2026-1005,C1005,2026-09-05,2026-10-05,350.00,EUR,,,TRUE",
        "INV,INV-2026-1006,C1005,2026-09-06,2026-10-06,360.00,EUR,,,0",
        "INV,INV-2026-1007,C1006,2026-09-07,2026-10-07,370.00,EUR,,,",
        ("INV,INV-2026-1008,C1006,2026-09-08,2026-10-08,380.00,EUR,,,ja",
         "disputed", "invalid yes/no flag"),
        "INV,INV-2026-1009,C1007,2026-09-09,2026-09-23,390.00,EUR,,,no",
        "PAY,PAY-2026-1001,C1001,2026-10-01,,310.00,EUR,INV-2026-1001,,",
    ]),
    ("duplicate_doc_no.csv", "numeric document numbers shared across types", [
        "INV,100234,C1001,2026-08-03,2026-09-02,1450.00,EUR,,,N",
        "PAY,100234,C1001,2026-09-01,,1450.00,EUR,100234,,",
        "INV,100235,C1004,2026-08-05,2026-09-04,860.00,EUR,,,N",
        ("INV,100234,C1004,2026-09-10,2026-10-10,320.00,EUR,,,N",
         "doc_no", "duplicate doc_no"),
        ("INV,100236,C1005,2026-02-30,2026-03-30,540.00,EUR,,,N",
         "doc_date", "invalid date"),
        "INV,100236,C1005,2026-09-12,2026-10-12,540.00,EUR,,,N",
        ("INV, 100235 ,C1004,2026-09-14,2026-10-14,212.50,EUR,,,N",
         "doc_no", "duplicate doc_no"),
        "DEB,100235,C1004,2026-09-15,2026-09-29,35.00,EUR,,,N",
        ("PAY,100234,C1001,2026-09-20,,100.00,EUR,,,",
         "doc_no", "duplicate doc_no"),
        ("INV,100234,C1006,2026-09-21,2026-10-21,abc,EUR,,,N",
         "amount", "invalid amount"),
        ("inv,100236,C1006,2026-09-22,2026-10-22,99.00,EUR,,,N",
         "doc_no", "duplicate doc_no"),
        "INV,A-100238,C1006,2026-09-23,2026-10-23,120.00,EUR,,,N",
        "INV,a-100238,C1006,2026-09-24,2026-10-24,130.00,EUR,,,N",
    ]),
    ("wrong_field_count.csv", "rows with one field too many or too few", [
        "INV,INV-2026-1101,C1001,2026-09-01,2026-10-01,760.00,EUR,,,N",
        ("INV,INV-2026-1102,C1001,2026-09-02,2026-10-02,760.00,EUR,,,N,extra",
         "", "wrong number of fields"),
        ("INV,INV-2026-1103,C1004,2026-09-03,2026-10-03,415.00,EUR,,N",
         "", "wrong number of fields"),
        "INV,INV-2026-1104,C1004,2026-09-04,2026-10-04,\"1,415.00\",EUR,,,N",
        ("INV,INV-2026-1105,C1005,2026-09-05,2026-10-05,1,415.00,EUR,,,N",
         "", "wrong number of fields"),
        ("TOTAL,,,,,4361.00", "", "wrong number of fields"),
    ]),
    ("malformed_quote.csv", "stray and unbalanced quotes", [
        "INV,INV-2026-1201,C1001,2026-09-01,2026-10-01,540.00,EUR,,,N",
        ("INV,ab\"c,C1001,2026-09-02,2026-10-02,540.00,EUR,,,N",
         "", "malformed CSV"),
        "INV,INV-2026-1203,C1004,2026-09-03,2026-10-03,610.00,EUR,,,N",
        ("INV,\"abc\"x,C1004,2026-09-04,2026-10-04,610.00,EUR,,,N",
         "", "malformed CSV"),
        "INV,\"INV-2026-1205\",C1005,2026-09-05,2026-10-05,\"1,020.00\","
        "EUR,,,N",
        "INV,\"INV \"\"A\"\" 1206\",C1005,2026-09-06,2026-10-06,75.00,EUR,,,N",
        "INV,INV-2026-1207,C1006,2026-09-07,2026-10-07,250.00,EUR,,,N",
    ]),
]

# multiline_field.csv has an extra (ignored) column `note`
MULTILINE = ("multiline_field.csv",
             "an extra note column with quoted values spanning lines", [
    "INV,INV-2026-1301,C1001,2026-09-01,2026-10-01,880.00,EUR,,,N,"
    "Standard delivery",
    "INV,INV-2026-1302,C1004,2026-09-02,2026-10-02,1240.00,EUR,,,N,"
    "\"Delivered in two parts:\npart 1 on 2026-09-02,\npart 2 on 2026-09-05\"",
    "PAY,PAY-2026-1301,C1001,2026-10-01,,880.00,EUR,INV-2026-1301,,,"
    "\"Bank transfer, ref 4471\"",
    ("INV,INV-2026-1303,C1005,2026-09-03,2026-10-03,12.505,EUR,,,N,"
     "Typo in amount", "amount", "invalid amount"),
    ("INV,INV-2026-1304,C1005,2026-09-31,2026-10-31,330.00,EUR,,,N,"
     "\"Customer wrote:\n\"\"please re-issue\"\"\nwith the new PO\"",
     "doc_date", "invalid date"),
    ("CRN,CRN-2026-1301,C1004,2026-10-05,,-40.00,EUR,INV-2026-1302,,,"
     "Goodwill", "amount", "negative amount"),
    "INV,INV-2026-1305,C1006,2026-09-06,2026-10-06,410.00,EUR,,,N,",
])

EMPTY_LINES = ("empty_lines.csv",
               "blank lines between rows (skipped, but counted)", [
    "",
    "INV,INV-2026-1501,C1001,2026-09-01,2026-10-01,640.00,EUR,,,N",
    "INV,INV-2026-1502,C1004,2026-09-02,2026-10-02,720.00,EUR,,,N",
    "",
    "",
    ("INV,INV-2026-1503,C1005,2026-09-31,2026-10-31,180.00,EUR,,,N",
     "doc_date", "invalid date"),
    "PAY,PAY-2026-1501,C1001,2026-10-01,,640.00,EUR,INV-2026-1501,,",
    "",
    ("REF,REF-2026-0001,C1004,2026-10-03,,50.00,EUR,,,",
     "doc_type", "unknown doc_type"),
    "INV,INV-2026-1504,C1006,2026-09-04,2026-10-04,950.00,EUR,,,N",
    "",
])

GOOD_ROWS = [
    "INV,INV-2026-1601,C1001,2026-09-01,2026-10-01,1480.00,EUR,,,N",
    "INV,INV-2026-1602,C1004,2026-09-02,2026-10-02,\"2,480.00\",EUR,,,N",
    "PAY,PAY-2026-1601,C1001,2026-09-30,,1480.00,EUR,INV-2026-1601,,",
    "CRN,CRN-2026-1601,C1004,2026-09-20,,80.00,EUR,INV-2026-1602,,",
    "INV,INV-2026-1603,C1005,2026-09-03,2026-10-03,615.25,EUR,,,Y",
    "INV,INV-2026-1604,C1006,2026-09-04,2026-10-04,930.00,EUR,,"
    "2026-10-02,N",
]


def split_simple(line):
    """Fields of a one-line record written with minimal quoting."""
    return next(csv.reader([line]))


def rows_with(delim):
    out = []
    for r in GOOD_ROWS:
        f = split_simple(r)
        out.append(delim.join(f))     # no field contains the delimiter
    return out


def layout(records, header=HEADER, eol="\n", final_eol=True):
    """Join records into file text; return it with the expected rejects as
    (line, column, reason) and the first physical line of every record."""
    lines, expected, firsts = [header], [], {}
    n = 2
    for rec in records:
        text, col, reason = (rec, None, None) if isinstance(rec, str) \
            else rec
        if reason:
            expected.append((n, col, reason))
        firsts[n] = text.split("\n")[0]
        lines.append(text)
        n += 1 + text.count("\n")
    body = eol.join(l.replace("\n", eol) for l in lines)
    return body + (eol if final_eol else ""), expected, firsts


def bad_files():
    """Every file of samples/bad/ as (name, bytes, expected rejects,
    first lines, exit code, word, description)."""
    out = []
    for name, desc, recs in ROW_FILES + [EMPTY_LINES]:
        text, exp, firsts = layout(recs)
        out.append((name, text.encode(), exp, firsts, 1, "", desc))
    name, desc, recs = MULTILINE
    text, exp, firsts = layout(recs, header=HEADER + ",note")
    out.append((name, text.encode(), exp, firsts, 1, "", desc))

    text, exp, firsts = layout(GOOD_ROWS, eol="\r\n")
    out.append(("crlf_bom.csv", b"\xef\xbb\xbf" + text.encode(), exp, firsts,
                0, "", "UTF-8 byte order mark and CRLF line ends"))
    text, exp, firsts = layout(rows_with(";"), header=HEADER.replace(",", ";"))
    out.append(("semicolon.csv", text.encode(), exp, firsts, 0, "",
                "';' delimited (amount 2,480.00 unquoted)"))
    text, exp, firsts = layout(rows_with("\t"),
                               header=HEADER.replace(",", "\t"))
    out.append(("tab.csv", text.encode(), exp, firsts, 0, "",
                "tab delimited (amount 2,480.00 unquoted)"))
    text, exp, firsts = layout(GOOD_ROWS[:4], final_eol=False)
    out.append(("no_final_newline.csv", text.encode(), exp, firsts, 0, "",
                "valid; the last row has no line end"))

    # broken files
    out.append(("empty.csv", b"", [], {}, 3, "header", "0 bytes"))
    out.append(("bom_only.csv", b"\xef\xbb\xbf", [], {}, 3, "header",
                "nothing but a UTF-8 byte order mark"))
    out.append(("header_only.csv", (HEADER + "\n").encode(), [], {}, 0, "",
                "the header and no rows"))
    cols = [c for c in LEDGER_COLUMNS if c != "amount"]
    text = ",".join(cols) + "\n"
    for r in GOOD_ROWS[:3]:
        f = split_simple(r)
        del f[LEDGER_COLUMNS.index("amount")]
        text += csv_line(f)
    out.append(("missing_column.csv", text.encode(), [], {}, 3, "amount",
                "no amount column"))
    data = (HEADER + ",client_name\n").encode()
    for r, nm in zip(GOOD_ROWS[:4], [b"M\xc3\xbcller GmbH",
                                     b"\xc3\x86r\xc3\xb8 Fisk ApS",
                                     b"M\xffller GmbH",
                                     b"\xc4\x8capek s.r.o."]):
        data += r.encode() + b"," + nm + b"\n"
    out.append(("invalid_utf8.csv", data, [], {}, 3, "UTF-8",
                "byte 0xFF in the client_name column on line 4"))
    out.append(("binary.bin", binary_bytes(), [], {}, 3, "",
                "512 bytes of noise (NUL bytes, no header)"))
    text, exp, firsts = layout(GOOD_ROWS[:3] + [
        ("INV,INV-2026-1704,C1005,2026-09-04,2026-10-04,\"1,3", "",
         "malformed CSV")], final_eol=False)
    out.append(("truncated.csv", text.encode(), exp, firsts, 1, "",
                "cut off inside a quoted amount on line 5 (no line end)"))
    return out


def binary_bytes():
    data, block = b"", b"arbatch sample: binary.bin"
    while len(data) < 512:
        block = hashlib.sha256(block).digest()
        data += block
    data = bytearray(data[:512])
    for i in range(0, 512, 37):      # make sure there are NUL bytes
        data[i] = 0
    return bytes(data)


# --------------------------------------------------------------------------
# an independent reader and row checker (SPEC §2, §8.2-§8.8) for bad/

TYPES = ("INV", "DEB", "CRN", "PAY", "WO")
FLAGS = ("y", "n", "yes", "no", "true", "false", "1", "0")


def newline_len(text, i):
    if text.startswith("\r\n", i):
        return 2
    return 1 if text[i] in "\r\n" else 0


def scan(data):
    """Records of a CSV file as (start line, fields or None if malformed),
    the header first. Empty lines are skipped but counted."""
    text = data.decode("utf-8")
    if text.startswith("\ufeff"):
        text = text[1:]
    first = re.split(r"\r\n|\r|\n", text, maxsplit=1)[0]
    outside = re.sub(r'"[^"]*"', "", first)
    counts = {c: outside.count(c) for c in ",;\t"}
    best = max(counts.values())
    delim = ","
    if best and list(counts.values()).count(best) == 1:
        delim = max(counts, key=counts.get)
    i, n, line, records = 0, len(text), 1, []
    while i < n:
        start = line
        k = newline_len(text, i)
        if k:
            i, line = i + k, line + 1
            continue
        fields, field, state, bad = [], [], "start", False
        while True:
            if i >= n:
                if state == "quoted":
                    bad = True
                else:
                    fields.append("".join(field))
                break
            ch = text[i]
            if state == "quoted":
                if ch == '"':
                    if text.startswith('""', i):
                        field.append('"')
                        i += 2
                    else:
                        state, i = "after", i + 1
                    continue
                k = newline_len(text, i)
                if k:
                    field.append("\n")
                    i, line = i + k, line + 1
                else:
                    field.append(ch)
                    i += 1
                continue
            k = newline_len(text, i)
            if k:
                fields.append("".join(field))
                i, line = i + k, line + 1
                break
            if ch == delim:
                fields.append("".join(field))
                field, state, i = [], "start", i + 1
                continue
            if state in ("start",) and ch == '"' and not "".join(field):
                state, i = "quoted", i + 1
                continue
            if state == "after" or ch == '"':
                bad = True
                while i < n and not newline_len(text, i):
                    i += 1
                if i < n:
                    i, line = i + newline_len(text, i), line + 1
                break
            field.append(ch)
            i += 1
        records.append((start, None if bad else fields))
    return delim, records


def valid_date(s):
    m = re.fullmatch(r"(\d{4})-(\d{1,2})-(\d{1,2})", s)
    if not m:
        return False
    try:
        dt.date(int(m[1]), int(m[2]), int(m[3]))
        return True
    except ValueError:
        return False


def amount_reason(s):
    """None if s is a non-negative amount, else the reject reason."""
    neg = False
    if s.startswith("(") and s.endswith(")"):
        neg, s = True, s[1:-1].strip()
    if s[:1] in "+-":
        neg, s = neg or s[0] == "-", s[1:]
    if s[:1] and s[:1] in "$€£¥₹":
        s = s[1:]
    elif s[-1:] and s[-1:] in "$€£¥₹":
        s = s[:-1]
    m = re.fullmatch(r"(\d{1,3}(?:,\d{3})+|\d+)(?:\.(\d{1,2}))?", s)
    if not m:
        return "invalid amount"
    value = int(m[1].replace(",", "")) * 100 + int(((m[2] or "") + "00")[:2])
    if value > (1 << 63) - 1:
        return "amount out of range"
    return "negative amount" if neg else None


def check_rows(data):
    """(line, column, reason, value) of every rejected row, §8.6 order."""
    delim, records = scan(data)
    head = [h.strip().lower() for h in records[0][1]]
    col = {h: k for k, h in enumerate(head)}
    out, owners, used = [], set(), 0
    for line, f in records[1:]:
        if f is None:
            out.append((line, "", "malformed CSV", ""))
            continue
        if len(f) != len(head):
            out.append((line, "", "wrong number of fields", ""))
            continue
        f = [x.strip(" " if delim == "\t" else " \t") for x in f]
        get = lambda c: f[col[c]] if c in col else ""
        reason = None
        t = get("doc_type").upper() if "doc_type" in col else "INV"
        if not t:
            reason = ("doc_type", "missing key")
        elif t not in TYPES:
            reason = ("doc_type", "unknown doc_type")
        if not reason:
            for c in ("doc_no", "client_id", "doc_date"):
                if not get(c):
                    reason = (c, "missing key")
                    break
        if not reason:
            for c in ("doc_date", "due_date", "settled_date"):
                if get(c) and not valid_date(get(c)):
                    reason = (c, "invalid date")
                    break
        if not reason:
            r = amount_reason(get("amount")) if get("amount") else \
                "invalid amount"
            if r:
                reason = ("amount", r)
        if not reason and get("disputed") and \
                get("disputed").lower() not in FLAGS:
            reason = ("disputed", "invalid yes/no flag")
        if not reason:
            key = (t, get("doc_no"))
            if key in owners:
                reason = ("doc_no", "duplicate doc_no")
            else:
                owners.add(key)
        if reason:
            out.append((line, reason[0], reason[1], get(reason[0])))
        else:
            used += 1
    return out, len(records) - 1, used


def write_bad():
    os.makedirs(BAD, exist_ok=True)
    for name, data, *_ in bad_files():
        write_bytes(os.path.join(BAD, name), data)
    files = bad_files()
    tsv = "file\tline\tcolumn\treason\n"
    ftsv = "file\texit_code\tword\n"
    md = [EXPECTED_INTRO]
    for name, data, exp, firsts, code, word, desc in sorted(files):
        for line, column, reason in exp:
            tsv += "%s\t%d\t%s\t%s\n" % (name, line, column, reason)
        ftsv += "%s\t%d\t%s\n" % (name, code, word)
    md.append("| file | content | exit | message names | rows read | "
              "used | rejected |\n|---|---|---|---|---|---|---|")
    for name, data, exp, firsts, code, word, desc in sorted(files):
        if code == 3:
            counts = "- | - | -"
        else:
            rej, read, used = check_rows(data)
            counts = "%d | %d | %d" % (read, used, len(rej))
        md.append("| `%s` | %s | %d | %s | %s |" % (
            name, desc, code, ("\"%s\"" % word) if word else "", counts))
    md.append("\n## Rejected rows\n")
    md.append("| file | line | column | reason | value |\n"
              "|---|---|---|---|---|")
    for name, data, exp, firsts, code, word, desc in sorted(files):
        if code == 3:
            continue
        rej, _, _ = check_rows(data)
        for line, column, reason, value in rej:
            v = value if column else firsts[line]
            if not v:
                md.append("| `%s` | %d | %s | %s | *(blank)* |" % (
                    name, line, column, reason))
                continue
            v = v.replace("|", "\\|").replace("\n", "⏎")
            md.append("| `%s` | %d | %s | %s | `%s` |" % (
                name, line, column, reason, v))
    md.append(EXPECTED_NOTES)
    write_text(os.path.join(BAD, "expected.tsv"), tsv)
    write_text(os.path.join(BAD, "expected_files.tsv"), ftsv)
    write_text(os.path.join(BAD, "EXPECTED.md"), "\n".join(md) + "\n")


def check_bad():
    problems = []
    files = bad_files()
    names = sorted(f[0] for f in files)
    on_disk = sorted(x for x in os.listdir(BAD)
                     if x not in ("expected.tsv", "expected_files.tsv",
                                  "EXPECTED.md"))
    if names != on_disk:
        problems.append("bad/ holds %s" % on_disk)
    tsv = read_tsv(os.path.join(BAD, "expected.tsv"))
    ftsv = read_tsv(os.path.join(BAD, "expected_files.tsv"))
    for name, data, exp, firsts, code, word, desc in files:
        with open(os.path.join(BAD, name), "rb") as f:
            disk = f.read()
        if disk != data:
            problems.append("%s differs from the generator" % name)
        want = [(int(r["line"]), r["column"], r["reason"]) for r in tsv
                if r["file"] == name]
        if want != exp:
            problems.append("%s: expected.tsv %s != design %s" %
                            (name, want, exp))
        frow = [r for r in ftsv if r["file"] == name]
        if len(frow) != 1 or frow[0]["exit_code"] != str(code):
            problems.append("%s: expected_files.tsv %s" % (name, frow))
        if code == 3:
            continue
        # physical lines, counted on the bytes
        phys = disk.split(b"\n")
        for line, column, reason in want:
            got = phys[line - 1].rstrip(b"\r").decode()
            if got.startswith("\ufeff"):
                got = got[1:]
            if got != firsts[line]:
                problems.append("%s:%d is %r, not %r" %
                                (name, line, got, firsts[line]))
        # the independent reader and checker agree with the design
        rej, read, used = check_rows(disk)
        if [(l, c, r) for l, c, r, _ in rej] != want:
            problems.append("%s: checker says %s, expected.tsv %s" %
                            (name, rej, want))
        if (1 if want else 0) != code:
            problems.append("%s: exit %d with %d rejects" %
                            (name, code, len(want)))
    # the broken files are broken the way the table says
    get = lambda n: open(os.path.join(BAD, n), "rb").read()
    if get("empty.csv") != b"" or get("bom_only.csv") != b"\xef\xbb\xbf":
        problems.append("empty.csv / bom_only.csv")
    try:
        get("invalid_utf8.csv").decode()
        problems.append("invalid_utf8.csv decodes")
    except UnicodeDecodeError as e:
        line = get("invalid_utf8.csv")[:e.start].count(b"\n") + 1
        if line != 4 or get("invalid_utf8.csv")[e.start] != 0xFF:
            problems.append("invalid_utf8.csv: bad byte on line %d" % line)
    b = get("binary.bin")
    if len(b) != 512 or b.count(0) < 5:
        problems.append("binary.bin")
    if b"amount" in get("missing_column.csv").split(b"\n")[0]:
        problems.append("missing_column.csv has an amount column")
    for n in ("truncated.csv", "no_final_newline.csv"):
        if get(n).endswith(b"\n"):
            problems.append("%s ends with a line end" % n)
    # the main ledger reads clean with the same checker
    rej, read, used = check_rows(
        open(os.path.join(SAMPLES, "ledger.csv"), "rb").read())
    if rej:
        problems.append("samples/ledger.csv rejects %s" % rej[:5])
    return problems


def read_tsv(path):
    with open(path, encoding="utf-8", newline="") as f:
        lines = f.read().split("\n")
    head = lines[0].split("\t")
    return [dict(zip(head, l.split("\t"))) for l in lines[1:] if l]


EXPECTED_INTRO = """\
# samples/bad — what arbatch must do with each file

Generated by `samples/tools/make_samples.py` (do not edit by hand: change the
generator and run it again). Every file has the canonical ledger header
(`doc_type,doc_no,client_id,doc_date,due_date,amount,currency,applies_to,settled_date,disputed`),
except where the table says otherwise. Client ids are those of
`samples/clients.csv`, so with `--clients samples/clients.csv` there is no
`unknown client` line; without it every client is unknown, which adds
`unknown client` lines to rejects.csv but does not change the exit code
(those lines are not rows, SPEC §8.1).

Run each file as

    build/arbatch run --ledger samples/bad/FILE --clients samples/clients.csv \\
        --as-of 2026-10-31 --out /tmp/bad-out

Machine-readable forms:

- `expected.tsv` — `file, line, column, reason`: one line per rejected row,
  tab-separated, with a header line. `line` is the physical line on which
  the row starts (line 1 is the header; empty lines and the extra lines of a
  quoted field that spans lines count). `column` is the canonical column
  name, empty for a row-level reason. `reason` is the exact phrase of
  rejects.csv.
- `expected_files.tsv` — `file, exit_code, word`: the exit code of `run`
  (0 clean, 1 rows rejected, 3 the file is refused) and, for a refused file,
  a word the error message on stderr must contain (empty = any message).
  With `--strict`, every file with exit code 1 exits 3 instead.

Read the TSV files with a reader that keeps empty fields (`awk -F'\\t'`,
`cut -f`, Python's `split("\\t")`): bash's `IFS=$'\\t' read` merges two
tabs into one and would shift `reason` into `column` on row-level lines.

## Files
"""

EXPECTED_NOTES = """
## Notes

- One reason per row, the first that applies in SPEC §8.6's order: field
  count, doc_type (blank = `missing key` on `doc_type`), missing key
  (`doc_no`, `client_id`, `doc_date`), invalid date (every non-blank date
  column, whatever the doc_type), amount, disputed flag, duplicate doc_no.
  So `INV,,C1005,2026-13-01,...` is a missing key, not an invalid date, and
  `XYZ` with a blank doc_no is an unknown doc_type.
- A blank amount is `invalid amount` (amount is required but is not one of
  the three keys). `7.` and `12.34.56` are not amounts; `1234.5`,
  `"1,234.56"`, `€1250.00` and `0.00` are valid.
- `99999999999999999999.99` does not fit in 64-bit cents: `amount out of
  range`.
- Duplicates are per doc_type after trimming (`" 100235 "` = `100235`),
  matched exactly otherwise (`A-100238` and `a-100238` are two documents).
  A PAY and an INV may share a number. The first *otherwise valid* row owns a
  number: line 6 of `duplicate_doc_no.csv` (a bad date) does not, so line 7
  is used and line 12 (`inv`, the same type) is the duplicate.
- `wrong_field_count.csv` line 6 is an unquoted `1,415.00`: the comma makes
  an eleventh field. Line 7 is an export's `TOTAL` footer.
- `malformed_quote.csv`: a quote inside an unquoted field (`ab"c`) and text
  after a closing quote (`"abc"x`) are malformed; `"INV ""A"" 1206"` is a
  correctly escaped quote.
- `multiline_field.csv` has an extra column `note` (ignored), whose quoted
  values span lines: the row on line 3 ends on line 5, the rejected row on
  line 8 (invalid doc_date 2026-09-31) ends on line 10, so the next row is
  line 11.
- `empty_lines.csv`: lines 2, 5, 6, 9 and 12 are empty; they are skipped and
  not counted as rows read.
- `truncated.csv` ends inside the quoted amount `"1,3` of the row that
  starts on line 5, without a line end: that row is `malformed CSV`, the
  three rows before it are used, exit 1.
- `invalid_utf8.csv` has an extra column `client_name`; line 4 holds
  `M\\xFFller GmbH` (Latin-1 damage). Invalid UTF-8 refuses the whole file
  (exit 3), and the message names line 4.
- `binary.bin` is 512 deterministic bytes (SHA-256 chain) with NUL bytes:
  refused with exit 3 whatever the message says.
"""


def main(argv):
    check_only = "--check" in argv
    if not check_only:
        write_main()
        write_bad()
    problems = check_main_files("--report" in argv) + check_bad()
    for p in problems:
        print("make_samples: " + p, file=sys.stderr)
    if not problems and not check_only:
        print("make_samples: wrote samples/ and checked every designed case")
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
