#!/usr/bin/env python3
"""Rastro vs Splink on the Febrl benchmark, in one run, on the same files.

Installs Splink from PyPI into a virtual environment (once), runs Splink (DuckDB backend, with the
settings of its own Febrl examples) and `rastro link` (examples/link/febrl*.toml) on Febrl
dataset1-3 (deduplication) and dataset4a+4b (linkage), once with all fields and once with names +
date of birth only, and prints precision, recall, F1 and wall time for both. On dataset4 it also
runs privacy-preserving linkage (`rastro export clk` + `rastro link --clk`) and prints its F1 next
to plaintext linkage on the same fields.

Ground truth: Febrl's `rec-N-org` and `rec-N-dup-K` are the same entity N. Both tools are scored
on the pairs they report at match probability >= the threshold (0.5 unless --threshold), and
Splink's best F1 over all thresholds is printed as well.

Usage (from the repository root):
    python3 bench/linkage/compare_splink.py [--data ../shared/bench/linkage] [--skip-splink]
Times (median of --runs, default 3): Rastro is timed as a whole process (start, reading, linking, writing); Splink from reading
the CSV to predictions in memory (Python start-up and `import splink` excluded).
"""

import argparse
import csv
import json
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
SPLINK_VERSION = "5.0.0"
DATASETS = [
    ("dataset1", ["dataset1.csv"]),
    ("dataset2", ["dataset2.csv"]),
    ("dataset3", ["dataset3.csv"]),
    ("dataset4a+4b", ["dataset4a.csv", "dataset4b.csv"]),
]
FIELDS = [("all", "febrl.toml"), ("names_dob", "febrl-names-dob.toml")]


def entity(record_id):
    return record_id.strip().split("-")[1]


def ids_of(path):
    with open(path, encoding="utf-8") as f:
        reader = csv.reader(f, skipinitialspace=True)
        next(reader)
        return [row[0].strip() for row in reader if row]


def true_pairs(files):
    groups = [{} for _ in files]
    for side, path in enumerate(files):
        for rid in ids_of(path):
            groups[side].setdefault(entity(rid), []).append(rid)
    truth = set()
    if len(files) == 1:
        for members in groups[0].values():
            for i, a in enumerate(members):
                for b in members[i + 1:]:
                    truth.add(frozenset((a, b)))
    else:
        for key, left in groups[0].items():
            for a in left:
                for b in groups[1].get(key, []):
                    truth.add(frozenset((a, b)))
    return truth


def read_pairs(path, threshold):
    pairs = {}
    with open(path, encoding="utf-8") as f:
        for row in csv.DictReader(f):
            p = float(row["probability"])
            if p >= threshold:
                pairs[frozenset((row["left_id"], row["right_id"]))] = p
    return pairs


def score(predicted, truth):
    tp = len(set(predicted) & truth)
    precision = tp / len(predicted) if predicted else 0.0
    recall = tp / len(truth) if truth else 0.0
    f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
    return precision, recall, f1


def best_f1(scored, truth):
    """The best F1 over all thresholds, for a tool that reports probabilities."""
    ranked = sorted(scored.items(), key=lambda kv: -kv[1])
    tp, best = 0, 0.0
    for n, (pair, _) in enumerate(ranked, start=1):
        tp += pair in truth
        precision, recall = tp / n, tp / len(truth)
        if precision + recall:
            best = max(best, 2 * precision * recall / (precision + recall))
    return best


def median(values):
    ordered = sorted(values)
    return ordered[len(ordered) // 2]


def ensure_splink(venv):
    python = venv / "bin" / "python"
    if python.exists():
        probe = subprocess.run(
            [str(python), "-c", "import splink; print(splink.__version__)"],
            capture_output=True, text=True,
        )
        if probe.returncode == 0:
            return python
    print(f"installing splink {SPLINK_VERSION} into {venv} ...", file=sys.stderr)
    subprocess.run([sys.executable, "-m", "venv", str(venv)], check=True)
    subprocess.run(
        [str(python), "-m", "pip", "install", "--quiet", f"splink=={SPLINK_VERSION}"],
        check=True,
    )
    return python


def run_rastro(rastro, args):
    started = time.perf_counter()
    done = subprocess.run([str(rastro), "--quiet", *args], capture_output=True, text=True)
    seconds = time.perf_counter() - started
    if done.returncode != 0:
        raise RuntimeError(f"rastro {' '.join(args)} failed:\n{done.stderr}")
    return seconds


def run_splink(python, mode, fields, files, out):
    worker = Path(__file__).with_name("splink_worker.py")
    done = subprocess.run(
        [str(python), str(worker), "--mode", mode, "--fields", fields, "--out", str(out),
         *map(str, files)],
        capture_output=True, text=True,
    )
    if done.returncode != 0:
        raise RuntimeError(f"splink failed:\n{done.stderr[-3000:]}")
    return json.loads(done.stdout.strip().splitlines()[-1])["seconds"]


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--data", default=str(ROOT.parent / "shared" / "bench" / "linkage"))
    parser.add_argument("--venv", default=str(ROOT / "target" / "splink-venv"))
    parser.add_argument("--rastro", help="rastro binary (default: build target/release/rastro)")
    parser.add_argument("--threshold", type=float, default=0.5)
    parser.add_argument("--skip-splink", action="store_true")
    parser.add_argument("--runs", type=int, default=3,
                        help="runs per tool and dataset; the median time is printed")
    args = parser.parse_args()

    data = Path(args.data)
    if args.rastro:
        rastro = Path(args.rastro)
    else:
        subprocess.run(["cargo", "build", "--release", "--quiet", "-p", "rastro-cli"],
                       cwd=ROOT, check=True)
        rastro = ROOT / "target" / "release" / "rastro"
    python = None if args.skip_splink else ensure_splink(Path(args.venv))

    rows = []
    work = Path(tempfile.mkdtemp(prefix="rastro-febrl-"))
    for name, names in DATASETS:
        files = [data / n for n in names]
        truth = true_pairs(files)
        mode = "dedupe" if len(files) == 1 else "link"
        for fields, config in FIELDS:
            out = work / f"{name}-{fields}-rastro.csv"
            seconds = median([run_rastro(rastro, [
                "link", "--linkage", str(ROOT / "examples" / "link" / config),
                *map(str, files), "--output", str(out), "--threshold", str(args.threshold),
            ]) for _ in range(args.runs)])
            row = {"dataset": name, "fields": fields,
                   "rastro": (*score(read_pairs(out, args.threshold), truth), seconds)}
            if python:
                out = work / f"{name}-{fields}-splink.csv"
                seconds = median([run_splink(python, mode, fields, files, out)
                                  for _ in range(args.runs)])
                scored = read_pairs(out, 0.0)
                at = {p: v for p, v in scored.items() if v >= args.threshold}
                row["splink"] = (*score(at, truth), seconds)
                row["splink_best"] = best_f1(scored, truth)
            rows.append(row)
            print_row(row)

    clk = None
    files = [data / "dataset4a.csv", data / "dataset4b.csv"]
    key = work / "shared.key"
    key.write_text(os.urandom(32).hex())
    encoded = []
    for path in files:
        target = work / (path.stem + ".clk")
        run_rastro(rastro, ["export", "clk", "--key", str(key), "--input", str(path),
                            "--output", str(target), "--id", "rec_id", "--date-order", "dmy"])
        encoded.append(target)
    out = work / "dataset4-clk.csv"
    seconds = run_rastro(rastro, ["link", "--clk", *map(str, encoded), "--output", str(out),
                                  "--threshold", str(args.threshold)])
    clk = (*score(read_pairs(out, args.threshold), true_pairs(files)), seconds)

    print()
    print(f"Febrl, threshold {args.threshold} (match probability), {os.cpu_count()} CPUs, "
          f"median of {args.runs} runs")
    header = f"{'dataset':<14}{'fields':<11}| {'Rastro P':>8} {'R':>6} {'F1':>6} {'time s':>7} |"
    if python:
        header += f" {'Splink P':>8} {'R':>6} {'F1':>6} {'time s':>7} {'best F1':>7} | {'speed':>6}"
    print(header)
    print("-" * len(header))
    for row in rows:
        print(format_row(row))
    plain = next(r for r in rows if r["dataset"] == "dataset4a+4b" and r["fields"] == "names_dob")
    print()
    print("Privacy-preserving linkage, dataset4a+4b, names + date of birth:")
    print(f"  plaintext: P {plain['rastro'][0]:.4f} R {plain['rastro'][1]:.4f} "
          f"F1 {plain['rastro'][2]:.4f}")
    print(f"  CLK      : P {clk[0]:.4f} R {clk[1]:.4f} F1 {clk[2]:.4f} "
          f"(link {clk[3]:.2f} s; F1 difference {plain['rastro'][2] - clk[2]:+.4f})")


def format_row(row):
    r = row["rastro"]
    line = (f"{row['dataset']:<14}{row['fields']:<11}| {r[0]:>8.4f} {r[1]:>6.4f} {r[2]:>6.4f}"
            f" {r[3]:>7.2f} |")
    if "splink" in row:
        s = row["splink"]
        line += (f" {s[0]:>8.4f} {s[1]:>6.4f} {s[2]:>6.4f} {s[3]:>7.2f} "
                 f"{row['splink_best']:>7.4f} | {s[3] / r[3]:>5.1f}x")
    return line


def print_row(row):
    print(format_row(row), file=sys.stderr)


if __name__ == "__main__":
    main()
