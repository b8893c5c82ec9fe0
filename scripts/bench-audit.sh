#!/usr/bin/env bash
# Whole-archive audit timings: the 4.2 MB archive of real resolutions and a ~1 GB
# corpus made by repeating the real documents (built under /tmp, never committed),
# on 1 and 2 threads, with peak memory, against `rg -c -i -F -f` over the lexicon's
# literal terms on the same files (the floor: ripgrep only counts lines).
# Needs hyperfine, ripgrep and GNU time (/usr/bin/time).
set -euo pipefail
cd "$(dirname "$0")/.."
cargo build --release --quiet
bin=${CARGO_TARGET_DIR:-target}/release/wpslens
corpus=../shared/corpus
[ -d "$corpus/archive" ] || { echo "skipped: $corpus/archive not found"; exit 0; }
terms=$(mktemp)
"$bin" lexicon terms > "$terms"
out=$(mktemp -d)
big=${BIG:-/tmp/wpslens-corpus-1g}
if [ ! -d "$big" ]; then
  mkdir -p "$big"; i=0
  while [ "$(du -sb "$big" | cut -f1)" -lt 1073741824 ]; do
    mkdir -p "$big/c$i"
    cp "$corpus"/archive/*.txt "$corpus"/drafts/*.txt "$corpus"/resolutions/*.txt \
       "$corpus"/pdf/*.pdf "$corpus"/pdf/*.docx "$big/c$i/"
    i=$((i+1))
  done
fi
echo "machine: $(nproc) cores,$(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2)"
for set in "$corpus/archive" "$big"; do
  echo "== $set: $(du -sb "$set" | cut -f1) bytes, $(find "$set" -type f | wc -l) files"
  for j in 1 2; do
    hyperfine --warmup 1 --runs "${RUNS:-3}" -N \
      "$bin audit $set --out $out --force --progress never --jobs $j" \
      "rg -c -i -F -j $j -f $terms $set" || true
    /usr/bin/time -v "$bin" audit "$set" --out "$out" --force --progress never --jobs "$j" 2>&1 \
      | grep -E "audited|Maximum resident" || true
  done
done
rm -rf "$out" "$terms"
