#!/bin/bash
# Starts the real frost-gui on a profile in a private session and checks what
# its window shows through the accessibility tree.
#   check-window.sh BINARY PROFILE_PATH [atspi_check.py ARGS...]
# e.g. check-window.sh target/debug/frost-gui /tmp/p/profile --row hello 2.12.1
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
[ $# -ge 2 ] || { echo "usage: check-window.sh BINARY PROFILE_PATH [CHECKS...]" >&2; exit 2; }

if [ -z "${FROST_UI_IN_SESSION:-}" ]; then
  exec "$here/session.sh" "$0" "$@"
fi

binary=$1 profile=$2
shift 2
"$binary" "$profile" &
app=$!
trap 'kill "$app" 2>/dev/null || true; wait "$app" 2>/dev/null || true' EXIT

status=0
/usr/bin/python3 "$here/atspi_check.py" --app "$(basename "$binary")" "$@" || status=$?
if ! kill -0 "$app" 2>/dev/null; then
  echo "frost-gui exited before the check finished" >&2
  status=1
fi
exit "$status"
