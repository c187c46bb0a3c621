"""Reduces rigour's person_names.txt to what rastro-names uses.

Keeps the Latin-script spellings of each group, folded to lowercase ASCII (accents removed), and
drops groups that fold to fewer than two distinct spellings: such a group cannot link two
spellings. Other scripts are transliterated at run time and land on these Latin forms.
Usage: fold_variants.py SOURCE DEST
"""
import sys
import unicodedata


def fold(form):
    out = []
    for ch in unicodedata.normalize("NFKD", form.lower()):
        if unicodedata.combining(ch):
            continue
        if "a" <= ch <= "z":
            out.append(ch)
        elif ch in " -'":
            continue
        else:
            return None
    return "".join(out) if len(out) >= 2 else None


def main(src, dst):
    with open(src, encoding="utf-8") as f, open(dst, "w", encoding="utf-8") as o:
        for line in f:
            folded = []
            for form in line.split("=>")[0].split(","):
                key = fold(form.strip())
                if key and key not in folded:
                    folded.append(key)
            if len(folded) >= 2:
                o.write(" ".join(sorted(folded)) + "\n")


if __name__ == "__main__":
    main(sys.argv[1], sys.argv[2])
