#!/bin/sh
# Fills fuzz/corpus/<target>/ with seed inputs.
#   fuzz/seed.sh          our own files: corpus/, tests/fixtures/, lexicon/ (committed)
#   fuzz/seed.sh shared   also the real Council documents of ../shared/corpus, copied as
#                         corpus/<target>/shared-* (git-ignored: never commit their text)
set -eu
here=$(cd "$(dirname "$0")" && pwd)
repo=$(dirname "$here")
c="$here/corpus"
mkdir -p "$c/read_txt" "$c/read_docx" "$c/read_pdf" "$c/lexicon" "$c/structure" "$c/compare" "$c/template"

for f in "$repo"/corpus/*.txt; do
    cp "$f" "$c/read_txt/$(basename "$f")"
    # structure: first byte 0 = lines (TXT/PDF), 1 = one block per line (DOCX)
    { printf '\000'; cat "$f"; } > "$c/structure/lines-$(basename "$f")"
    { printf '\001'; cat "$f"; } > "$c/structure/blocks-$(basename "$f")"
done
# The same text as UTF-16 with and without a byte-order mark, and as Windows-1252.
f="$repo/corpus/spm-mandate-draft.txt"
iconv -f UTF-8 -t UTF-16 "$f" > "$c/read_txt/utf16-bom.txt"
iconv -f UTF-8 -t UTF-16LE "$f" > "$c/read_txt/utf16le-nobom.txt"
iconv -f UTF-8 -t UTF-16BE "$f" > "$c/read_txt/utf16be-nobom.txt"
iconv -f UTF-8 -t WINDOWS-1252//TRANSLIT "$f" > "$c/read_txt/windows-1252.txt"
# compare: a previous text and its draft separated by a NUL byte, or one text alone.
{ cat "$repo/corpus/mandate-previous.txt"; printf '\000'; cat "$repo/corpus/mandate-draft.txt"; } > "$c/compare/mandate-renewal.txt"
cp "$repo/corpus/spm-mandate-draft.txt" "$c/compare/self-spm-mandate-draft.txt"
cp "$repo/corpus/sanctions-resolution.txt" "$c/compare/self-sanctions-resolution.txt"
cp "$repo"/tests/fixtures/docx/*.docx "$repo"/tests/fixtures/docx/*.docm "$repo"/tests/fixtures/sample/*.docx "$c/read_docx/"
cp "$repo"/tests/fixtures/pdf/*.pdf "$repo"/tests/fixtures/sample/*.pdf "$c/read_pdf/"

# lexicon: the first byte chooses which embedded file the input replaces, in the
# order build.rs embeds them (sorted paths, README.md left out).
i=0
for rel in $(cd "$repo/lexicon" && find . -name '*.toml' | sed 's|^\./||' | LC_ALL=C sort); do
    name=$(echo "$rel" | tr '/' '-')
    { printf "\\$(printf '%03o' "$i")"; cat "$repo/lexicon/$rel"; } > "$c/lexicon/$name"
    i=$((i + 1))
done

# template: a template, a NUL byte, its data (TOML or JSON). Each embedded template
# with the sample data of corpus/letters/ (the template of that name, else the
# transmittal's, which the partials and `recommendations` only partly use).
for t in "$repo"/templates/*.jinja; do
    name=$(basename "$t" .jinja)
    d="$repo/corpus/letters/$name.toml"
    [ -f "$d" ] || d="$repo/corpus/letters/transmittal.toml"
    { cat "$t"; printf '\000'; cat "$d"; } > "$c/template/$name"
done
# The same data as JSON, and a template alone (the target then uses the sample data).
python3 -c 'import json,sys,tomllib; print(json.dumps(tomllib.load(open(sys.argv[1],"rb")),default=str))' \
    "$repo/corpus/letters/meeting-summary.toml" > "$c/template/.json" 2>/dev/null &&
    { cat "$repo/templates/meeting-summary.jinja"; printf '\000'; cat "$c/template/.json"; } > "$c/template/meeting-summary-json"
rm -f "$c/template/.json"
cp "$repo/templates/transmittal.jinja" "$c/template/transmittal-alone"

if [ "${1:-}" = shared ]; then
    s="$repo/../shared/corpus"
    [ -d "$s" ] || { echo "no $s" >&2; exit 1; }
    find "$s" -name '*.txt' | LC_ALL=C sort | head -200 | while read -r f; do
        n=$(echo "$f" | sed "s|$s/||; s|/|-|g")
        cp "$f" "$c/read_txt/shared-$n"
        { printf '\000'; cat "$f"; } > "$c/structure/shared-lines-$n"
    done
    find "$s" -name '*.docx' | while read -r f; do cp "$f" "$c/read_docx/shared-$(basename "$f")"; done
    find "$s" -name '*.pdf' | while read -r f; do cp "$f" "$c/read_pdf/shared-$(basename "$f")"; done
fi
