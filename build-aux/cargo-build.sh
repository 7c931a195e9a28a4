#!/bin/sh
# Called by meson.build: builds frost-gui and frost with cargo and copies
# them to where Meson expects its outputs (named per profile: frost-gui or
# frost-gui-devel, frost or frost-devel).
#   cargo-build.sh SOURCE_ROOT TARGET_DIR debug|release CONFIG_RS OUT_GUI OUT_CLI
# CONFIG_RS is the config.rs Meson wrote (app ID, version, profile, locale
# folder); crates/frost-core/build.rs compiles it in. CARGO_TARGET_DIR, when
# set, wins over TARGET_DIR, so a developer can share one cargo cache
# between `cargo build` and Meson (a build for another config.rs recompiles
# only Frost's own crates).
set -eu
source_root=$1
target_dir=${CARGO_TARGET_DIR:-$2}
profile=$3
# Absolute: build.rs reads it from the crate's folder.
config_rs=$(realpath "$4")
out_gui=$5
out_cli=$6

release=
[ "$profile" = release ] && release=--release

FROST_CONFIG_RS=$config_rs cargo build $release \
  --manifest-path "$source_root/Cargo.toml" \
  --target-dir "$target_dir" \
  --package frost-gui --package frost-cli --bins

cp "$target_dir/$profile/frost-gui" "$out_gui"
cp "$target_dir/$profile/frost" "$out_cli"
