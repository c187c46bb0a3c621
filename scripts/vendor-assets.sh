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

# Further assets append their own block above this line.
mv "$manifest.new" "$manifest"
echo "vendored assets recorded in $manifest"
