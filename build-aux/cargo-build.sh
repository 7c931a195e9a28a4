#!/bin/sh
# Called by meson.build: builds frost-gui and frost with cargo and copies
# them to where Meson expects its outputs.
#   cargo-build.sh SOURCE_ROOT TARGET_DIR debug|release LOCALEDIR OUT_GUI OUT_CLI
# CARGO_TARGET_DIR, when set, wins over TARGET_DIR, so a developer can share
# one cargo cache between `cargo build` and Meson.
set -eu
source_root=$1
target_dir=${CARGO_TARGET_DIR:-$2}
profile=$3
localedir=$4
out_gui=$5
out_cli=$6

release=
[ "$profile" = release ] && release=--release

FROST_LOCALEDIR=$localedir cargo build $release \
  --manifest-path "$source_root/Cargo.toml" \
  --target-dir "$target_dir" \
  --package frost-gui --package frost-cli --bins

cp "$target_dir/$profile/frost-gui" "$out_gui"
cp "$target_dir/$profile/frost" "$out_cli"
