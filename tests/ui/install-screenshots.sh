#!/bin/bash
# Screenshots of installing and of opening a frozen folder:
#   tests/ui/install-screenshots.sh OUTDIR
# main-menu.png          the main menu with Install Package…, Open Frozen Folder… and Restore from a Flake Reference…
# install.png            Install Package, a reference typed in
# install-empty.png      the same with nothing typed yet (Install is off)
# install-failure.png    the alert for a reference Nix cannot use
# install-conflict.png   the alert for a package that clashes over a file
# empty-profile.png      an empty profile's page and its Install Package… button
# frozen-folder.png      the restore page for a folder whose flake has no packages
# not-a-flake.png        the alert for a folder without flake.nix
# and narrow-*.png of the dialogs at 360 px wide. Builds the app and
# frost-fixture if needed; everything lives in a temporary folder.
. "$(dirname "$0")/shots-common.sh" "$@"

fixture_env "$work/fixture" --scenario
profile=$FROST_FIXTURE_PROFILE

# Typing goes to the window under the pointer: the click on the entry puts
# it there (the screenshot's screen is larger than the window).
typed="path:$FROST_SCENARIO_FLAKE#greeter"
shot "$profile" "$out/main-menu.png" "$bin" --press "Main Menu"
open_install=(--press "Main Menu" --press "Install Package…")
shot "$profile" "$out/install-empty.png" "$bin" "${open_install[@]}" --text "Install Package" \
  --insensitive Install
shot "$profile" "$out/install.png" "$bin" "${open_install[@]}" --click Package --type "$typed"
FROST_WINDOW_SIZE=360x720 shot "$profile" "$out/narrow-install.png" "$bin" \
  "${open_install[@]}" --click Package --type "$typed"
shot "$profile" "$out/install-failure.png" "$bin" "${open_install[@]}" --click Package \
  --type "path:$FROST_SCENARIO_FLAKE#nosuchpackage" --press-in-alert Install --text "Could Not Install"
shot "$profile" "$out/install-conflict.png" "$bin" "${open_install[@]}" --click Package \
  --type "path:$FROST_SCENARIO_FLAKE#cowsay" --press-in-alert Install --text "Prefer the New Package"
FROST_WINDOW_SIZE=360x720 shot "$profile" "$out/narrow-install-conflict.png" "$bin" \
  "${open_install[@]}" --click Package \
  --type "path:$FROST_SCENARIO_FLAKE#cowsay" --press-in-alert Install --text "Prefer the New Package"

# A folder the user froze a profile into, and one that holds no flake.
frozen="$work/my-frozen-profile"
mkdir -p "$frozen" "$work/notes"
echo '{ outputs = { self }: { }; }' >"$frozen/flake.nix"
wrapper() {
  printf '#!/bin/sh\nexec %q --open-frozen %q "$@"\n' "$bin" "$2" >"$work/$1/frost-gui"
  chmod +x "$work/$1/frost-gui"
}
mkdir -p "$work/frozen-bin" "$work/notes-bin"
wrapper frozen-bin "$frozen"
wrapper notes-bin "$work/notes"
shot "$profile" "$out/frozen-folder.png" "$work/frozen-bin/frost-gui" --text "Could Not Read the Flake"
FROST_WINDOW_SIZE=360x720 shot "$profile" "$out/narrow-frozen-folder.png" \
  "$work/frozen-bin/frost-gui" --text "Could Not Read the Flake"
shot "$profile" "$out/not-a-flake.png" "$work/notes-bin/frost-gui" --text "No Flake in This Folder"
FROST_WINDOW_SIZE=360x720 shot "$profile" "$out/narrow-not-a-flake.png" \
  "$work/notes-bin/frost-gui" --text "No Flake in This Folder"

# A profile with every package removed.
nix profile remove --all --profile "$profile" 2>/dev/null
shot "$profile" "$out/empty-profile.png" "$bin" --text "No Packages Yet"
FROST_WINDOW_SIZE=360x720 shot "$profile" "$out/narrow-empty-profile.png" "$bin" --text "No Packages Yet"
