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
. "$(dirname "$0")/shots-common.sh" "$@"

# The fixture's environment: HOME, XDG folders and an offline NIX_CONFIG.
fixture_env "$work/fixture"
profile=$FROST_FIXTURE_PROFILE

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
