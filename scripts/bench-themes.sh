#!/usr/bin/env bash
# The theme benchmark (not a test): scores the engine against human coding and times the
# offline command on 10,000 answers from a cold start.
#   scripts/bench-themes.sh [CODED.csv --text-column NAME (--one-hot-from NAME | --label-column NAME)
#                            [--question-column NAME] [--sentiment-column NAME]]
# With no arguments it uses the NHS feedback set in ../shared/data/themes-dev/ (7,908 comments coded
# by trained labellers against a 50-theme framework), read from there and never copied, and scores
# the engine three times: on the whole set, on one trust's comments (NEAS, where the rules are
# developed from now on) and on the other's (NHFT, held out: read to report, never to write rules).
set -euo pipefail
source "$(dirname "$0")/common.sh"
cd "$ROOT"
install_model
split=
if [ $# -eq 0 ]; then
  set -- "$ROOT/../shared/data/themes-dev/v6framework_230831.csv" --text-column "FFT answer" --one-hot-from "Not assigned" \
    --sentiment-column "Comment sentiment" --question-column "FFT question"
  split=Trust
fi
input=$1; shift
say "Building (release)"
cargo build --release -p themes --bin themes-bench
cargo build --release -p server --bin chorus

say "Agreement with human coding"
"$CARGO_TARGET_DIR/release/themes-bench" --input "$input" "$@"
if [ -n "$split" ]; then
  say "Agreement with human coding: the development part (NEAS)"
  "$CARGO_TARGET_DIR/release/themes-bench" --input "$input" "$@" --only "$split=NEAS"
  say "Agreement with human coding: held out (NHFT)"
  "$CARGO_TARGET_DIR/release/themes-bench" --input "$input" "$@" --only "$split=NHFT"
fi

say "chorus themes on 10,000 answers from a cold start"
text_column=
prev=
for a in "$@"; do
  [ "$prev" = --text-column ] && text_column=$a
  prev=$a
done
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
python3 - "$input" "$text_column" "$work/answers.csv" <<'PY'
import csv, sys
src, column, dest = sys.argv[1], sys.argv[2], sys.argv[3]
with open(src, encoding="utf-8-sig", newline="") as f:
    texts = [r[column] for r in csv.DictReader(f) if r[column].strip()]
with open(dest, "w", newline="", encoding="utf-8") as f:
    w = csv.writer(f)
    w.writerow(["id", "text"])
    for i in range(10000):
        w.writerow([f"a{i}", texts[i % len(texts)]])
PY
/usr/bin/time -f "10,000 answers: %e s wall, %U s user, peak memory %M KB" \
  "$CARGO_TARGET_DIR/release/chorus" themes --input "$work/answers.csv" --text-column text --id-column id \
  --output "$work/assignments.csv" 2> "$work/summary.txt"
grep -E "answers, [0-9]+ themes|wall" "$work/summary.txt"
echo "assignments: $(($(wc -l < "$work/assignments.csv") - 1)) rows"
