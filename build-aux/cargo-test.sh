#!/bin/sh
# Called by `meson test`: the checks of the packaging that live in cargo
# tests, run as meson's own tests, as the GNOME Rust template wraps cargo.
#   cargo-test.sh SOURCE_ROOT TARGET_DIR TEST...
# CARGO_TARGET_DIR, when set, wins over TARGET_DIR (as in cargo-build.sh).
set -eu
source_root=$1
target_dir=${CARGO_TARGET_DIR:-$2}
shift 2
tests=
for t in "$@"; do tests="$tests --test $t"; done
# Word splitting of $tests is wanted: one --test per name.
# shellcheck disable=SC2086
exec cargo test --manifest-path "$source_root/Cargo.toml" \
  --target-dir "$target_dir" -p frost-cli $tests
