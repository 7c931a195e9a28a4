#!/bin/bash
# Screenshots of a profile a frozen folder manages: the fixture frozen into
# ~/nix-profile-flake, which then manages it (frost freeze, frost adopt).
#   tests/ui/managed-screenshots.sh OUTDIR
# managed.png at 860 px wide and narrow-managed.png at 360 px: the banner
# naming the folder, with its Update… button.
# Builds the app, frost and frost-fixture if needed (in CARGO_TARGET_DIR
# when set); the fixture lives in a temporary folder.
. "$(dirname "$0")/shots-common.sh" "$@"

# The fixture's environment: HOME, XDG folders and an offline NIX_CONFIG.
fixture_env "$work/fixture"
profile=$FROST_FIXTURE_PROFILE
quiet() { "$@" >"$work/frost.log" 2>&1 || { cat "$work/frost.log" >&2; exit 1; }; }
quiet "$target/debug/frost" freeze --profile "$profile" --out "$HOME/nix-profile-flake"
quiet "$target/debug/frost" adopt --profile "$profile" "$HOME/nix-profile-flake"

managed="Managed by ~/nix-profile-flake"
FROST_WINDOW_SIZE=860x720 shot "$profile" "$out/managed.png" "$bin" --text Painter --text "$managed"
FROST_WINDOW_SIZE=360x720 shot "$profile" "$out/narrow-managed.png" "$bin" --text Painter --text "$managed"
