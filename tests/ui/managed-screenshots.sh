#!/bin/bash
# Screenshots of a profile a frozen folder manages: the fixture frozen into
# ~/nix-profile-flake, which then manages it (frost freeze, frost adopt).
#   tests/ui/managed-screenshots.sh OUTDIR
# managed.png at 860 px wide and narrow-managed.png at 360 px: the banner
# naming the folder, with its Update… button.
# Builds the app, frost and frost-fixture if needed (in CARGO_TARGET_DIR
# when set); the fixture lives in a temporary folder.
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
root=$(cd "$here/../.." && pwd)
[ $# -eq 1 ] || { echo "usage: managed-screenshots.sh OUTDIR" >&2; exit 2; }
mkdir -p "$1"
out=$(cd "$1" && pwd)

cargo build --quiet --manifest-path "$root/Cargo.toml" -p frost-gui -p frost-cli -p frost-testkit --bins --features frost-gui/test-hooks
target=${CARGO_TARGET_DIR:-$root/target}
bin="$target/debug/frost-gui"
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

# The fixture's environment: HOME, XDG folders and an offline NIX_CONFIG.
eval "$("$target/debug/frost-fixture" "$work/fixture")"
profile=$FROST_FIXTURE_PROFILE
mkdir -p "$XDG_CONFIG_HOME/gtk-4.0"
printf '[Settings]\ngtk-decoration-layout=:close\n' >"$XDG_CONFIG_HOME/gtk-4.0/settings.ini"
quiet() { "$@" >"$work/frost.log" 2>&1 || { cat "$work/frost.log" >&2; exit 1; }; }
quiet "$target/debug/frost" freeze --profile "$profile" --out "$HOME/nix-profile-flake"
quiet "$target/debug/frost" adopt --profile "$profile" "$HOME/nix-profile-flake"
shot() { "$here/screenshot.sh" "$@" >/dev/null && echo "$2"; }

managed="Managed by ~/nix-profile-flake"
FROST_WINDOW_SIZE=860x720 shot "$profile" "$out/managed.png" "$bin" --text Painter --text "$managed"
FROST_WINDOW_SIZE=360x720 shot "$profile" "$out/narrow-managed.png" "$bin" --text Painter --text "$managed"
