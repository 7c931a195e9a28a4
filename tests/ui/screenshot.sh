#!/bin/bash
# Captures the Frost window showing a profile, once loading has finished.
#   screenshot.sh PROFILE_PATH OUT.png [BINARY]
# BINARY defaults to target/debug/frost-gui. For a demo profile:
#   eval "$(target/debug/frost-fixture /tmp/demo)"; screenshot.sh "$FROST_FIXTURE_PROFILE" shot.png
# A path that does not exist shows the error page; an empty PROFILE_PATH
# starts frost-gui with no argument (the profile HOME and XDG_* lead to).
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
[ $# -ge 2 ] || { echo "usage: screenshot.sh PROFILE_PATH OUT.png [BINARY]" >&2; exit 2; }

if [ -z "${FROST_UI_IN_SESSION:-}" ]; then
  exec "$here/session.sh" "$0" "$@"
fi

profile=$1 out=$2 binary=${3:-$here/../../target/debug/frost-gui}
if [ -n "$profile" ]; then
  "$binary" "$profile" &
else
  "$binary" &
fi
app=$!
trap 'kill "$app" 2>/dev/null || true; wait "$app" 2>/dev/null || true' EXIT

/usr/bin/python3 "$here/atspi_check.py" --app "$(basename "$binary")" \
  --absent "Reading Profile…" --text Reload >/dev/null
# Let the page crossfade finish before capturing.
sleep 0.6
import -window root "$out"
# Without a window manager the window sits in the top-left corner on black;
# cut the black away so the image is the window.
convert "$out" -trim +repage "$out"
echo "$out"
