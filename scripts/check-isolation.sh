#!/bin/sh
# Checks that the wpslens binary can neither open a network connection nor run a
# program: none of the C library functions that do either is linked in.
#   scripts/check-isolation.sh [BINARY]   (default: the release build)
# Needs `nm` (binutils). Rust's standard library reaches the network and other
# programs only through these functions; rustix (used by tempfile and clap's
# terminal_size) makes raw system calls, and is built without its "net" and
# "process" features, which this script also checks.
set -eu
bin=${1:-${CARGO_TARGET_DIR:-target}/release/wpslens}
[ -x "$bin" ] || { echo "no binary at $bin (cargo build --release first)" >&2; exit 2; }
bad=$(nm -D --undefined-only "$bin" | awk '{print $2}' | sed 's/@.*//' |
    grep -E '^(socket|connect|bind|listen|accept4?|getaddrinfo|gethostbyname|send(to|msg)?|recv(from|msg)?|exec[lv]p?e?|execvpe|fexecve|fork|vfork|clone3?|posix_spawnp?|system|popen|dlopen)$' || true)
if [ -n "$bad" ]; then
    echo "$bin links functions that open connections or run programs:" >&2
    echo "$bad" >&2
    exit 1
fi
feats=$(cargo tree -e features -i rustix --locked 2>/dev/null | grep -E 'rustix feature "(net|process|pipe|event)"' || true)
if [ -n "$feats" ]; then
    echo "rustix is built with: $feats" >&2
    exit 1
fi
echo "$bin: no network or process functions linked"
