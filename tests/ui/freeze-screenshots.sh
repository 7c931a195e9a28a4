#!/bin/bash
# Screenshots of every step of the Freeze to Flake wizard:
#   tests/ui/freeze-screenshots.sh OUTDIR
# freeze-packages.png, freeze-versions.png, freeze-versions-invalid.png,
# freeze-place.png, freeze-preview.png, freeze-done.png at 860 px, and
# narrow-freeze-*.png of the same at 360 px. Builds the app and
# frost-fixture if needed (in CARGO_TARGET_DIR when set); everything lives
# in a temporary folder.
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
root=$(cd "$here/../.." && pwd)
[ $# -eq 1 ] || { echo "usage: freeze-screenshots.sh OUTDIR" >&2; exit 2; }
mkdir -p "$1"
out=$(cd "$1" && pwd)

cargo build --quiet --manifest-path "$root/Cargo.toml" -p frost-gui -p frost-testkit --bins --features frost-gui/test-hooks
target=${CARGO_TARGET_DIR:-$root/target}
bin="$target/debug/frost-gui"
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

eval "$("$target/debug/frost-fixture" "$work/fixture")"
profile=$FROST_FIXTURE_PROFILE
mkdir -p "$XDG_CONFIG_HOME/gtk-4.0"
printf '[Settings]\ngtk-decoration-layout=:close\n' >"$XDG_CONFIG_HOME/gtk-4.0/settings.ini"
shot() { "$here/screenshot.sh" "$@" >/dev/null && echo "$2"; }

# Steps run first and checks after them (atspi_check.py): each array
# holds only steps, and each shot names what it must show.
open=(--press "Freeze to Flake…")
versions=("${open[@]}" --press Next)
invalid=("${versions[@]}" --click "Move to a newer nixpkgs" \
  --click "Another branch or flake reference" --type "not a branch!")
place=("${versions[@]}" --press Next)
preview=("${place[@]}" --press Next)
for size in 860x720 360x720; do
  prefix=freeze
  [ "$size" = 360x720 ] && prefix=narrow-freeze
  export FROST_WINDOW_SIZE=$size
  shot "$profile" "$out/$prefix-packages.png" "$bin" "${open[@]}" --text "What to Freeze"
  shot "$profile" "$out/$prefix-versions.png" "$bin" "${versions[@]}" --text "Which Versions"
  shot "$profile" "$out/$prefix-versions-invalid.png" "$bin" "${invalid[@]}" \
    --text-containing "a branch name has only letters"
  shot "$profile" "$out/$prefix-place.png" "$bin" "${place[@]}" --text "Keep history with Git"
  shot "$profile" "$out/$prefix-preview.png" "$bin" "${preview[@]}" --text "flake.nix"
  # Each export takes the next free folder: the shots do not share one.
  shot "$profile" "$out/$prefix-done.png" "$bin" "${open[@]}" --press Export \
    --text "Your Profile Is Frozen"
done
