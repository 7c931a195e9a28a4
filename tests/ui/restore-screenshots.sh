#!/bin/bash
# Screenshots of restoring with a preview:
#   tests/ui/restore-screenshots.sh OUTDIR
# restore.png            the preview of a frozen folder beside a profile that
#                        moved on (one package removed, one updated)
# restore-exactly.png    Make My Profile Exactly This, asked first
# restore-reference.png  Restore from a Flake Reference…, a bad reference typed
# restore-nothing.png    the page of a user with no profile yet
# and narrow-*.png of the same at 360 px wide. Builds the app, frost and
# frost-fixture if needed (in CARGO_TARGET_DIR when set); everything lives
# in a temporary folder.
. "$(dirname "$0")/shots-common.sh" "$@"

fixture_env "$work/fixture"
profile=$FROST_FIXTURE_PROFILE
both() { # both NAME ARGS...: at full width and at 360 px
  local name=$1
  shift
  shot "$profile" "$out/$name.png" "$@"
  FROST_WINDOW_SIZE=360x720 shot "$profile" "$out/narrow-$name.png" "$@"
}

frozen="$work/mein Profil é"
"$target/debug/frost" freeze --profile "$profile" --out "$frozen" >/dev/null
nix profile remove --profile "$profile" 7zip 2>/dev/null
mkdir -p "$work/app"
printf '#!/bin/sh\nexec %q --open-frozen %q "$@"\n' "$bin" "$frozen" >"$work/app/frost-gui"
chmod +x "$work/app/frost-gui"

both restore "$work/app/frost-gui" --text "Only in Your Profile"
both restore-exactly "$work/app/frost-gui" --text "Only in Your Profile" \
  --press "Make My Profile Exactly This" --text "Make Your Profile Exactly This?"
both restore-reference "$bin" --press "Main Menu" --press "Restore from a Flake Reference…" \
  --text "Restore from a Flake Reference" --click "Flake reference" --type "github:alice" \
  --text-containing "is not a flake reference"
# A user without a profile: HOME's profile is not there yet.
HOME="$work/newcomer" shot "" "$out/restore-nothing.png" "$bin" --text "Nothing Installed Yet"
HOME="$work/newcomer" FROST_WINDOW_SIZE=360x720 shot "" "$out/narrow-restore-nothing.png" "$bin" \
  --text "Nothing Installed Yet"
