#!/bin/bash
# Writes every extraction of the evaluation sets, the news-events articles and the bench's corpus
# (JSON lines, files in sorted order) and compares them with a saved copy, so that a change made
# for speed can be shown to change no answer.
#
#   crates/rastro-extract/tools/same-answers.sh save    # before the change: answers into $OUT/base
#   crates/rastro-extract/tools/same-answers.sh check   # after each step: byte-for-byte comparison
#
# BENCH: the release bench binary (default target/release/rastro-extract-bench); OUT: where the
# answers go (default /tmp/rastro-extract-answers). ../shared/eval/dev and ../shared/seeds are
# read when present.
set -u
mode=${1:?save or check}
root=$(cd "$(dirname "$0")/../../.." && pwd)
B=${BENCH:-$root/target/release/rastro-extract-bench}
OUT=${OUT:-/tmp/rastro-extract-answers}
case $mode in save) dir=$OUT/base ;; check) dir=$OUT/now ;; *) echo "save or check" >&2; exit 2 ;; esac
mkdir -p "$dir"
cd "$root" || exit 2
files() {
  python3 -c '
import os, sys
ext = {"txt", "text", "md", "html", "htm", "xhtml", "json", "jsonl", "ndjson"}
for d in sys.argv[1:]:
    if os.path.isfile(d):
        print(d)
    elif os.path.isdir(d):
        for f in sorted(os.listdir(d)):
            if not f.startswith(".") and "." in f and f.rsplit(".", 1)[1].lower() in ext:
                print(os.path.join(d, f))
' "$@"
}
"$B" --write-jsonl "$OUT/bench-corpus.jsonl" 600 || exit 2
run() {
  name=$1; shift
  list=$(files "$@")
  [ -z "$list" ] && return
  # shellcheck disable=SC2086
  "$B" --extract $list > "$dir/$name.jsonl" || echo "FAILED $name"
}
run dev eval/extract/dev
run tune eval/extract/tune
run heldout eval/extract/heldout
run news eval/news_events/articles.jsonl
run shared-dev ../shared/eval/dev
run seeds ../shared/seeds
run bench "$OUT/bench-corpus.jsonl"
[ "$mode" = save ] && { wc -l "$dir"/*.jsonl; exit 0; }
status=0
for f in "$OUT"/base/*.jsonl; do
  n=$(basename "$f")
  if cmp -s "$f" "$dir/$n"; then echo "same $n ($(wc -l < "$f") lines)"; else echo "DIFFERENT $n"; status=1; fi
done
exit $status
