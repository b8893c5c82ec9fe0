#!/usr/bin/env bash
# Whole-command timings: `wpslens check` on the largest real draft (process start
# included) and a comparison with `rg -c -F -f` over the lexicon's literal terms.
# Needs hyperfine and ripgrep (apt-get install hyperfine ripgrep).
set -euo pipefail
cd "$(dirname "$0")/.."
cargo build --release --quiet
bin=${CARGO_TARGET_DIR:-target}/release/wpslens
draft=../shared/corpus/drafts/DRAFT-unbench-t3-10-MINUSCA-2023.txt
[ -f "$draft" ] || draft=corpus/mandate-previous.txt
terms=$(mktemp)
"$bin" lexicon terms > "$terms"
echo "machine: $(nproc) cores,$(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2)"
hyperfine --warmup 3 -N "$bin check $draft --format json --fail-on never" \
  "rg -c -i -F -f $terms $draft"

# Throughput on ~100 MB of plain text made by repeating the real drafts.
big=$(mktemp --suffix=.txt)
src=../shared/corpus/drafts
[ -d "$src" ] || src=corpus
while [ "$(stat -c %s "$big")" -lt 100000000 ]; do cat "$src"/*.txt >> "$big"; done
echo "big file: $(stat -c %s "$big") bytes"
hyperfine --warmup 1 --runs 5 -N "$bin check $big --format json --fail-on never" \
  "rg -c -i -F -f $terms $big"
rm -f "$big" "$terms"
