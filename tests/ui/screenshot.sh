#!/bin/bash
# Captures the Frost window once it shows a profile, after optional steps.
#   screenshot.sh PROFILE_PATH OUT.png [BINARY [atspi_check.py ARGS...]]
# BINARY defaults to target/debug/frost-gui. The ARGS act on the window and
# check it before the capture, e.g. `--click-row Painter --text Commands`.
# For a demo profile:
#   eval "$(target/debug/frost-fixture /tmp/demo)"; screenshot.sh "$FROST_FIXTURE_PROFILE" shot.png
# A path that does not exist shows the error page; an empty PROFILE_PATH
# starts frost-gui with no argument (the profile HOME and XDG_* lead to).
# FROST_WINDOW_SIZE=360x720 captures a narrow window.
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
[ $# -ge 2 ] || { echo "usage: screenshot.sh PROFILE_PATH OUT.png [BINARY [CHECKS...]]" >&2; exit 2; }

if [ -z "${FROST_UI_IN_SESSION:-}" ]; then
  # A screen larger than any window keeps the pointer, at its center, off
  # the window: no hover highlight or tooltip in the picture.
  export FROST_UI_SCREEN=${FROST_UI_SCREEN:-2400x1800}
  exec "$here/session.sh" "$0" "$@"
fi

profile=$1 out=$2 binary=${3:-$here/../../target/debug/frost-gui}
shift $(( $# < 3 ? $# : 3 ))
if [ -n "$profile" ]; then
  "$binary" "$profile" &
else
  "$binary" &
fi
app=$!
trap 'kill "$app" 2>/dev/null || true; wait "$app" 2>/dev/null || true' EXIT

/usr/bin/python3 "$here/atspi_check.py" --app "$(basename "$binary")" \
  --absent "Reading Profile…" "$@" >/dev/null
# Clicks leave the pointer on the window: park it in a corner of the screen.
/usr/bin/python3 -c 'import pyatspi; pyatspi.Registry.generateMouseEvent(2390, 1790, "abs")'
# Let page transitions, the icon decoding and the hover fade finish.
sleep 1
import -window root "$out"
# Without a window manager the window sits in the top-left corner on black;
# cut the black away so the image is the window.
convert "$out" -trim +repage "$out"
echo "$out"
