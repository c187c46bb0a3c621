"""Runs Splink (DuckDB backend) on Febrl files with the settings of Splink's own Febrl examples
(docs/demos/examples/duckdb/febrl3 and febrl4), and writes its pairwise predictions.

Run by compare_splink.py inside the virtual environment where Splink is installed:
    python splink_worker.py --mode dedupe|link --fields all|names_dob --out PRED.csv FILE [FILE2]
Prints one JSON line: {"seconds": wall time from reading the CSV to predictions in memory}.
"""

import argparse
import json
import logging
import time

import duckdb
import splink.comparison_library as cl
from splink import DuckDBAPI, Linker, SettingsCreator, block_on


def load(con, path):
    """Febrl separates values by ', '; trim names and values, and read empty values as NULL."""
    raw = con.read_csv(path, header=True, all_varchar=True, delimiter=",")
    columns = ", ".join(
        f"nullif(trim(\"{c}\"), '') as \"{c.strip()}\"" for c in raw.columns
    )
    return con.sql(f"select {columns} from raw").arrow().read_all()


def dob():
    return cl.DateOfBirthComparison(
        "date_of_birth",
        input_is_string=True,
        datetime_format="%Y%m%d",
        invalid_dates_as_null=True,
    )


SWAPPED = "l.given_name = r.surname and l.surname = r.given_name"


def settings(mode, fields):
    if mode == "dedupe":
        # Splink's febrl3 example.
        if fields == "all":
            blocking = [
                block_on("soc_sec_id"),
                block_on("given_name"),
                block_on("surname"),
                block_on("date_of_birth"),
                block_on("postcode"),
            ]
            comparisons = [
                cl.NameComparison("given_name"),
                cl.NameComparison("surname"),
                dob(),
                cl.DamerauLevenshteinAtThresholds("soc_sec_id", [2]),
                cl.ExactMatch("street_number").configure(term_frequency_adjustments=True),
                cl.ExactMatch("postcode").configure(term_frequency_adjustments=True),
            ]
            deterministic = [
                block_on("soc_sec_id"),
                block_on("given_name", "surname", "date_of_birth"),
                SWAPPED + " and l.date_of_birth = r.date_of_birth",
            ]
            em_rules = [block_on("date_of_birth"), block_on("postcode")]
        else:
            blocking = [
                block_on("given_name"),
                block_on("surname"),
                block_on("date_of_birth"),
            ]
            comparisons = [
                cl.NameComparison("given_name"),
                cl.NameComparison("surname"),
                dob(),
            ]
            deterministic = [
                block_on("given_name", "surname", "date_of_birth"),
                SWAPPED + " and l.date_of_birth = r.date_of_birth",
            ]
            em_rules = [block_on("date_of_birth"), block_on("surname")]
        recall = 0.9
    else:
        # Splink's febrl4 example (the detailed model).
        if fields == "all":
            blocking = [
                block_on("given_name", "surname"),
                SWAPPED,
                block_on("date_of_birth"),
                block_on("soc_sec_id"),
                block_on("state", "address_1"),
                block_on("street_number", "address_1"),
                block_on("postcode"),
            ]
            comparisons = [
                cl.NameComparison("given_name").configure(term_frequency_adjustments=True),
                cl.NameComparison("surname").configure(term_frequency_adjustments=True),
                dob(),
                cl.DamerauLevenshteinAtThresholds("soc_sec_id", [1, 2]),
                cl.ExactMatch("street_number").configure(term_frequency_adjustments=True),
                cl.DamerauLevenshteinAtThresholds("postcode", [1, 2]).configure(
                    term_frequency_adjustments=True
                ),
            ]
            deterministic = [
                block_on("soc_sec_id"),
                block_on("given_name", "surname", "date_of_birth"),
            ]
            em_rules = [block_on("date_of_birth"), block_on("postcode")]
        else:
            blocking = [
                block_on("given_name", "surname"),
                SWAPPED,
                block_on("date_of_birth"),
            ]
            comparisons = [
                cl.NameComparison("given_name").configure(term_frequency_adjustments=True),
                cl.NameComparison("surname").configure(term_frequency_adjustments=True),
                dob(),
            ]
            deterministic = [block_on("given_name", "surname", "date_of_birth")]
            em_rules = [block_on("date_of_birth"), block_on("surname")]
        recall = 0.8
    creator = SettingsCreator(
        unique_id_column_name="rec_id",
        link_type="dedupe_only" if mode == "dedupe" else "link_only",
        blocking_rules_to_generate_predictions=blocking,
        comparisons=comparisons,
        retain_intermediate_calculation_columns=False,
    )
    return creator, deterministic, recall, em_rules


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--mode", choices=["dedupe", "link"], required=True)
    parser.add_argument("--fields", choices=["all", "names_dob"], required=True)
    parser.add_argument("--out", required=True)
    parser.add_argument("files", nargs="+")
    args = parser.parse_args()
    logging.getLogger("splink").setLevel(logging.ERROR)

    started = time.perf_counter()
    con = duckdb.connect()
    tables = [load(con, f) for f in args.files]
    creator, deterministic, recall, em_rules = settings(args.mode, args.fields)
    db_api = DuckDBAPI(connection=con)
    frames = [db_api.register(t) for t in tables]
    linker = Linker(frames if len(frames) > 1 else frames[0], creator)
    linker.training.estimate_probability_two_random_records_match(deterministic, recall=recall)
    linker.training.estimate_u_using_random_sampling(max_pairs=1e6, seed=2)
    for rule in em_rules:
        linker.training.estimate_parameters_using_expectation_maximisation(
            rule, estimate_without_term_frequencies=True
        )
    predictions = linker.inference.predict(threshold_match_probability=0.01)
    result = predictions.as_pyarrow_table()
    seconds = time.perf_counter() - started

    left = result.column("rec_id_l").to_pylist()
    right = result.column("rec_id_r").to_pylist()
    probability = result.column("match_probability").to_pylist()
    with open(args.out, "w", encoding="utf-8") as out:
        out.write("left_id,right_id,probability\n")
        for a, b, p in zip(left, right, probability):
            out.write(f"{a},{b},{p}\n")
    print(json.dumps({"seconds": seconds}))


if __name__ == "__main__":
    main()
