#!/bin/bash
# Times two builds of `rastro import cases` and the SQLite shell's `.import` on one CSV file,
# interleaved run by run (A, B, shell; A, B, shell; …) so that a machine shared with other jobs
# weighs on each alike. Whole processes under /usr/bin/time -v: wall seconds, CPU seconds (user
# + system), peak resident memory and system seconds; then the medians and each build's median ratio to the
# shell.
#
#   bench/import/side_by_side.sh RASTRO_A RASTRO_B FILE.csv [RUNS]
#
# FILE.csv: e.g. `rastro generate cases --seed 7 --count 1000000 --out cases.csv` (the file
# `rastro-bench-import` times). Each import goes into a new store under a temporary directory,
# removed after the run. Needs `sqlite3` and GNU time on the PATH.
set -euo pipefail
[ $# -ge 3 ] || { sed -n 2,11p "$0"; exit 2; }
a=$1 b=$2 csv=$3 runs=${4:-3}
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

measure() { # label command…: appends "label wall cpu peak_kb" to $work/results
    local label=$1
    shift
    /usr/bin/time -v -o "$work/time" "$@" > /dev/null 2> "$work/err" || {
        echo "$label failed:" >&2
        cat "$work/err" >&2
        exit 1
    }
    python3 - "$label" "$work/time" >> "$work/results" <<'PY'
import sys
label, path = sys.argv[1], sys.argv[2]
fields = {}
for line in open(path):
    key, _, value = line.strip().rpartition(": ")
    fields[key] = value
wall = 0.0
for part in fields["Elapsed (wall clock) time (h:mm:ss or m:ss)"].split(":"):
    wall = wall * 60 + float(part)
cpu = float(fields["User time (seconds)"]) + float(fields["System time (seconds)"])
print(label, f"{wall:.2f}", f"{cpu:.2f}", fields["Maximum resident set size (kbytes)"],
      fields["System time (seconds)"])
PY
    tail -n 1 "$work/results"
}

import_with() { # label rastro
    local data="$work/data"
    rm -rf "$data"
    "$2" --data "$data" --quiet admin create-org Bench --kind ngo > /dev/null 2>&1
    local token
    token=$("$2" --data "$data" --quiet admin create-user bench-caseworker --org Bench \
        --role caseworker 2> /dev/null)
    RASTRO_TOKEN=$token measure "$1" "$2" --data "$data" --quiet import cases --format json "$csv"
    rm -rf "$data"
}

echo "machine: $(nproc) cores, $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | xargs); load $(cut -d' ' -f1-3 /proc/loadavg)"
echo "input: $(($(wc -l < "$csv") - 1)) rows, $(du -m "$csv" | cut -f1) MB"
echo "label wall_s cpu_s peak_kb sys_s"
for _ in $(seq "$runs"); do
    import_with A "$a"
    import_with B "$b"
    rm -f "$work/shell.db"
    measure shell sqlite3 "$work/shell.db" -cmd ".mode csv" ".import $csv cases"
    rm -f "$work/shell.db"
done
echo "load after: $(cut -d' ' -f1-3 /proc/loadavg)"
python3 - "$work/results" <<'PY'
import statistics, sys
rows = [line.split() for line in open(sys.argv[1])]
median = {}
for label in ("A", "B", "shell"):
    mine = [r for r in rows if r[0] == label]
    median[label] = [statistics.median(float(r[i]) for r in mine) for i in (1, 2, 3, 4)]
    wall, cpu, peak, system = median[label]
    print(f"median {label}: {wall:.2f} s wall, {cpu:.2f} s CPU ({system:.2f} s system), "
          f"peak {peak / 1024:.0f} MB")
for label in ("A", "B"):
    pairs = [float(r[1]) for r in rows if r[0] == label]
    shells = [float(r[1]) for r in rows if r[0] == "shell"]
    ratio = statistics.median(x / s for x, s in zip(pairs, shells))
    print(f"{label} / shell, median of pairs: {ratio:.2f}x")
PY
