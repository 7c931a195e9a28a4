#!/bin/bash
# Screenshots of every main page, from the fixture profile, for the README
# and the metainfo:
#   tests/ui/screenshots.sh OUTDIR
# main.png, details.png, history.png, generation.png, go-back.png, empty.png,
# error.png, and narrow-main.png, narrow-details.png, narrow-history.png,
# narrow-generation.png, narrow-go-back.png, narrow-error.png and
# narrow-error-details.png (its Technical Details open) at 360 px wide.
# Builds the app and frost-fixture if needed (in CARGO_TARGET_DIR when set);
# the fixture lives in a temporary folder.
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
root=$(cd "$here/../.." && pwd)
[ $# -eq 1 ] || { echo "usage: screenshots.sh OUTDIR" >&2; exit 2; }
mkdir -p "$1"
out=$(cd "$1" && pwd)

cargo build --quiet --manifest-path "$root/Cargo.toml" -p frost-gui -p frost-testkit --bins --features frost-gui/test-hooks
target=${CARGO_TARGET_DIR:-$root/target}
bin="$target/debug/frost-gui"
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

# The fixture's environment: HOME, XDG folders and an offline NIX_CONFIG.
eval "$("$target/debug/frost-fixture" "$work/fixture")"
profile=$FROST_FIXTURE_PROFILE
# GNOME's default title bar buttons (only Close), instead of GTK's fallback
# when no desktop settings are running.
mkdir -p "$XDG_CONFIG_HOME/gtk-4.0"
printf '[Settings]\ngtk-decoration-layout=:close\n' >"$XDG_CONFIG_HOME/gtk-4.0/settings.ini"
shot() { "$here/screenshot.sh" "$@" >/dev/null && echo "$2"; }

shot "$profile" "$out/main.png" "$bin" --text Painter --text "Command-Line Tools"
FROST_WINDOW_SIZE=860x1320 shot "$profile" "$out/details.png" "$bin" --click-row Painter --text "Version 3.0.1" --text "Commands"
shot "$profile" "$out/history.png" "$bin" --press History --text "Added figlet"
shot "$profile" "$out/generation.png" "$bin" --press History --click "Added hello-1" \
  --text-containing "compared with generation 3"
shot "$profile" "$out/go-back.png" "$bin" --press History --click "Added hello-1" \
  --press "Go Back to This Generation…" --text "Removes cowsay and figlet"
FROST_WINDOW_SIZE=360x720 shot "$profile" "$out/narrow-history.png" "$bin" --press History --text "Added figlet"
FROST_WINDOW_SIZE=360x720 shot "$profile" "$out/narrow-generation.png" "$bin" --press History \
  --click "Added hello-1" --text-containing "compared with generation 3"
FROST_WINDOW_SIZE=360x720 shot "$profile" "$out/narrow-go-back.png" "$bin" --press History \
  --click "Added hello-1" --press "Go Back to This Generation…" --text "Removes cowsay and figlet"
FROST_WINDOW_SIZE=360x720 shot "$profile" "$out/narrow-main.png" "$bin" --text Painter
FROST_WINDOW_SIZE=360x720 shot "$profile" "$out/narrow-details.png" "$bin" \
  --click-row hello --text "Version 2.12.1"

# A user with Nix but no profile yet: a fresh HOME.
mkdir -p "$work/empty/home/.local/state"
cp -r "$XDG_CONFIG_HOME" "$work/empty/home/.config"
HOME="$work/empty/home" XDG_STATE_HOME="$work/empty/home/.local/state" XDG_CONFIG_HOME="$work/empty/home/.config" \
  shot "" "$out/empty.png" "$bin" --text "Nothing Installed Yet"

# A profile whose current generation's manifest Frost cannot read: the
# fixture with a damaged generation 7 made current (the last pictures, as
# this changes the fixture).
mkdir -p "$work/damaged"
echo '{ "version": 3, "elements": ' >"$work/damaged/manifest.json"
ln -s "$work/damaged" "$(dirname "$profile")/profile-7-link"
ln -sfn profile-7-link "$profile"
shot "$profile" "$out/error.png" "$bin" --text "Cannot Read the Installed Packages"
FROST_WINDOW_SIZE=360x720 shot "$profile" "$out/narrow-error.png" "$bin" \
  --text "Cannot Read the Installed Packages"
FROST_WINDOW_SIZE=360x720 shot "$profile" "$out/narrow-error-details.png" "$bin" \
  --click "Technical Details" --text-containing "manifest.json: "
