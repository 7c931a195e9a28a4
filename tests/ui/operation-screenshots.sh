#!/bin/bash
# Screenshots of changing a profile from the window, each from a fresh
# fixture profile with the scenario flake's greeter installed:
#   tests/ui/operation-screenshots.sh OUTDIR
# confirm-remove.png   the question before removing hello
# removed-toast.png    the list without hello, the toast with Undo
# operations-bar.png   the bar while an update builds, over the list
# operations-log.png   the same with its log open, following the build
# failure.png          the alert for an update whose build failed
# Builds the app and frost-fixture if needed.
. "$(dirname "$0")/shots-common.sh" "$@"

# A fixture of its own per picture: each changes its profile, and a build
# is only new (and slow) in a sandbox of its own.
fresh() {
  local dir
  dir=$(mktemp -d "$work/fixture-XXXX")
  fixture_env "$dir" --scenario
  profile=$FROST_FIXTURE_PROFILE
  if [ $# -gt 0 ]; then "$fixture" rebind "$FROST_SCENARIO_FLAKE" greeter "$1"; fi
}

fresh
shot "$profile" "$out/confirm-remove.png" "$bin" --click-row hello --text "Version 2.12.1" \
  --press Remove --text "Remove hello?"
fresh
shot "$profile" "$out/removed-toast.png" "$bin" --click-row hello --press Remove \
  --press-in-alert Remove --text "Removed hello" --no-row hello
fresh slow
shot "$profile" "$out/operations-bar.png" "$bin" --click-row greeter --press Update \
  --press Back --text "Building slow" --run "sleep 1"
fresh slow
FROST_WINDOW_SIZE=860x900 shot "$profile" "$out/operations-log.png" "$bin" --click-row greeter \
  --press Update --press Back --press "Show the Log" --text "slow> now sleeping"
fresh broken
shot "$profile" "$out/failure.png" "$bin" --click-row greeter --press Update \
  --text "Could Not Update greeter"
