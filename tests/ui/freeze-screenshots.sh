#!/bin/bash
# Screenshots of every step of the Freeze to Flake wizard:
#   tests/ui/freeze-screenshots.sh OUTDIR
# freeze-packages.png, freeze-versions.png, freeze-versions-invalid.png,
# freeze-place.png, freeze-place-replace.png (a folder with files),
# freeze-preview.png, freeze-exporting.png, freeze-failed.png,
# freeze-done.png, and on a profile moved to another branch
# freeze-move-preview.png, freeze-move-done.png, freeze-move-apply.png,
# all at 860 px, and narrow-freeze-*.png of the same at 360 px. Builds the app and
# frost-fixture if needed (in CARGO_TARGET_DIR when set); everything lives
# in a temporary folder.
. "$(dirname "$0")/shots-common.sh" "$@"

fixture_env "$work/branch" --branch
branch_profile=$FROST_FIXTURE_PROFILE
branch_home=$HOME
fixture_env "$work/fixture"
profile=$FROST_FIXTURE_PROFILE

# frost-gui with another `nix` first on PATH: one that waits once the
# export's files are in place (to catch the Exporting page), one that
# always fails (the failure page). Named frost-gui, as the checker finds
# the app by its name.
real_nix=$(command -v nix)
wrap() { # wrap NAME NIX_SCRIPT_BODY
  mkdir -p "$work/$1/nix-bin" "$work/$1/app"
  printf '#!/bin/sh\n%s\n' "$2" >"$work/$1/nix-bin/nix"
  printf '#!/bin/sh\nPATH=%q:$PATH exec %q "$@"\n' "$work/$1/nix-bin" "$bin" >"$work/$1/app/frost-gui"
  chmod +x "$work/$1/nix-bin/nix" "$work/$1/app/frost-gui"
}
wrap slow "[ -e \"\$HOME/slow-flake/flake.lock\" ] && sleep 60; exec '$real_nix' \"\$@\""
wrap failing "echo \"error: cannot connect to socket at '/nix/var/nix/daemon-socket/socket': Connection refused\" >&2; exit 1"
mkdir -p "$HOME/Mes flakes"
printf '# my own flake\n' >"$HOME/Mes flakes/flake.nix"

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
  shot "$profile" "$out/$prefix-place-replace.png" "$bin" "${place[@]}" \
    --click Folder --key Control+a --type "~/Mes flakes" --text "Replace these files"
  rm -rf "$HOME/slow-flake"
  shot "$profile" "$out/$prefix-exporting.png" "$work/slow/app/frost-gui" "${place[@]}" \
    --click Folder --key Control+a --type "~/slow-flake" --press Export \
    --run "until [ -e \"\$HOME/slow-flake/flake.lock\" ]; do sleep 0.2; done" --text Cancel
  shot "$profile" "$out/$prefix-failed.png" "$work/failing/app/frost-gui" "${open[@]}" \
    --press Export --text "Back to the Choices"
  # Each export takes the next free folder: the shots do not share one.
  shot "$profile" "$out/$prefix-done.png" "$bin" "${open[@]}" --press Export \
    --text "Your Profile Is Frozen"
  move=("${open[@]}" --press Next --click "Move to a newer nixpkgs" \
    --click "Another branch or flake reference" --type "$FROST_BRANCH_REF" --press Next --press Next)
  HOME=$branch_home shot "$branch_profile" "$out/$prefix-move-preview.png" "$bin" "${move[@]}" \
    --text "not available on this branch: it will be left out"
  HOME=$branch_home shot "$branch_profile" "$out/$prefix-move-done.png" "$bin" "${move[@]}" \
    --press Export --text "Apply to This Profile"
  HOME=$branch_home shot "$branch_profile" "$out/$prefix-move-apply.png" "$bin" "${move[@]}" \
    --press Export --press "Apply to This Profile" --text "Apply to This Profile?"
done
