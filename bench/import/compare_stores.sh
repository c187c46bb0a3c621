#!/bin/bash
# Checks that two embedded stores hold the same imported cases: the same records decrypted
# (`rastro export cases --no-id`), the same descriptive rows, facets and consent bits by
# source row, the same audit actions (import batches by the cases they counted, whatever the
# parts), and no personal value of the file in the clear in either database. Used to compare a
# store imported before a change to the import with one after it.
#
#   bench/import/compare_stores.sh RASTRO_A DATA_A TOKEN_A RASTRO_B DATA_B TOKEN_B FILE.csv
#
# Each RASTRO is the binary that made its store (a store's schema may be newer than another
# binary knows). Exit status 0 when they agree; the first difference is printed otherwise.
set -euo pipefail
[ $# -eq 7 ] || { sed -n 2,9p "$0"; exit 2; }
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

# Each part is kept as its line count and digest only: a million cases' facet rows would fill
# gigabytes of disk.
digest() { # file: the line count and SHA-256 of standard input
    python3 -c 'import hashlib, sys
h, n = hashlib.sha256(), 0
for line in sys.stdin.buffer:
    h.update(line)
    n += 1
print(n, h.hexdigest())' > "$1"
}
describe() { # name binary data token
    RASTRO_TOKEN=$4 "$2" --data "$3" --quiet export cases --no-id | digest "$work/$1.export"
    db="$3/rastro.db"
    sqlite3 "$db" "SELECT source_row, role, record, htcds_consent, key_version,
                          id_index IS NULL, length(id)
                   FROM cases ORDER BY source_row" | digest "$work/$1.cases"
    # Facets as (source row, facet, value) lines, from the table of facet rows a store from
    # before migration 0025 has, else from each case's facet values text (pairs separated by
    # U+001E, a facet's name and value by U+001F). Since migration 0028 the text names a facet by
    # its one-letter code (`Facet::code`, in the order of `Facet::ALL`): codes are read back as
    # names, so that stores from before and after compare.
    if [ -n "$(sqlite3 "$db" "SELECT name FROM sqlite_master WHERE name = 'case_facets'")" ]; then
        sqlite3 -separator $'\t' "$db" "SELECT c.source_row, f.facet, f.value
                       FROM case_facets f JOIN cases c ON c.pk = f.case_pk"
    else
        sqlite3 -separator $'\t' "$db" "SELECT source_row, facet_values FROM cases" |
            python3 -c 'import sys
names = b"exploitation exploitation_country recruitment_country transit_country citizenship \
industry gender age_band month recruitment_method recruitment_site control_method \
sex_exploitation exploitation_site vulnerability relationship trafficking_status \
status_decided_by perpetrator_role case_status incoming_referral_reason \
outgoing_referral_reason support_plan".split()
name_of = {bytes([ord("a") + i]): name for i, name in enumerate(names)}
for line in sys.stdin.buffer:
    row, _, text = line.rstrip(b"\n").partition(b"\t")
    for pair in text.split(b"\x1e"):
        if b"\x1f" in pair:
            facet, _, value = pair.partition(b"\x1f")
            facet = name_of.get(facet, facet)
            sys.stdout.buffer.write(b"%s\t%s\t%s\n" % (row, facet, value))'
    fi | LC_ALL=C sort -t $'\t' -k1,1n -k2,2 -k3,3 | digest "$work/$1.facets"
    sqlite3 "$db" "SELECT c.source_row, s.personal IS NULL, s.org_id = c.org_id
                   FROM case_secrets s JOIN cases c ON c.pk = s.case_pk
                   ORDER BY 1" | digest "$work/$1.secrets"
    # A batch is traced once per part it was committed in, and the part's size is the store's
    # choice: its events are compared by the cases they counted, the others one by one.
    sqlite3 "$db" "SELECT action, outcome,
                          CASE action WHEN 'import_batch' THEN sum(count) ELSE count(*) END
                   FROM audit_events GROUP BY 1, 2 ORDER BY 1, 2" | digest "$work/$1.audit"
}
describe a "$1" "$2" "$3"
describe b "$4" "$5" "$6"
for part in export cases facets secrets audit; do
    if ! cmp -s "$work/a.$part" "$work/b.$part"; then
        echo "differ: $part ($(cut -d' ' -f1 "$work/a.$part") and $(cut -d' ' -f1 "$work/b.$part") lines)"
        exit 1
    fi
    echo "same $part: $(cut -d' ' -f1 "$work/a.$part") lines"
done

# Personal values of the file (identity numbers, whole names, long surnames) must not be in
# either database or its log in the clear: a sample of the first rows' values, searched with
# grep in one pass per file.
python3 - "$7" > "$work/personal.txt" <<'PY'
import csv, sys
wanted = set()
with open(sys.argv[1], newline="", encoding="utf-8") as f:
    for i, row in enumerate(csv.DictReader(f)):
        # A given name alone may also be a place's ("San Miguel"), which is descriptive.
        number = (row.get("prs_IdentityNumber") or "").strip()
        if len(number) >= 6:
            wanted.add(number)
        given = (row.get("prs_FirstName") or "").strip()
        surname = (row.get("prs_SecondName") or "").strip()
        if given and surname:
            wanted.add(f"{given} {surname}")
        if len(surname) >= 9:
            wanted.add(surname)
        if i >= 200:
            break
print("\n".join(sorted(wanted)))
PY
for store in "$2" "$5"; do
    for file in "$store/rastro.db" "$store/rastro.db-wal"; do
        [ -e "$file" ] || continue
        if found=$(LC_ALL=C grep -aoF -m 1 -f "$work/personal.txt" "$file"); then
            echo "$file holds a personal value in the clear: $found"
            exit 1
        fi
    done
done
echo "no personal value in the clear: $(wc -l < "$work/personal.txt") values searched"
