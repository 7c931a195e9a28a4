#!/bin/bash
# Starts the real frost-gui on a profile in a private session and checks what
# its window shows through the accessibility tree.
#   check-window.sh BINARY PROFILE_PATH [atspi_check.py ARGS...]
# e.g. check-window.sh target/debug/frost-gui /tmp/p/profile --row hello 2.12.1
# `--next` starts another round of checks on the same running window, e.g.
#   ... --count-rows 8 --next --run 'nix profile remove …' --count-rows 7
# An empty PROFILE_PATH starts frost-gui with no argument (the user's own
# profile, found from HOME and the XDG variables).
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
[ $# -ge 2 ] || { echo "usage: check-window.sh BINARY PROFILE_PATH [CHECKS...]" >&2; exit 2; }

if [ -z "${FROST_UI_IN_SESSION:-}" ]; then
  exec "$here/session.sh" "$0" "$@"
fi

binary=$1 profile=$2
shift 2
start_app() {
  if [ -n "$profile" ]; then
    "$binary" "$profile" &
  else
    "$binary" &
  fi
  app=$!
}
start_app
trap 'kill "$app" 2>/dev/null || true; wait "$app" 2>/dev/null || true' EXIT
# On a machine busy with other builds, the X server can fail the app's very
# first connection (gtk_init) even after answering xwininfo; that says
# nothing about Frost, so start it once more. Any later exit still fails.
for _ in $(seq 10); do
  kill -0 "$app" 2>/dev/null || break
  sleep 0.1
done
if ! kill -0 "$app" 2>/dev/null; then
  echo "frost-gui exited at start; starting it once more" >&2
  start_app
fi

# `--then-exits` (anywhere): the checks end the app (Ctrl+Q); it must be
# gone within 10 s of the last round, instead of still running.
exits=
checks=()
for arg in "$@"; do
  if [ "$arg" = --then-exits ]; then exits=1; else checks+=("$arg"); fi
done

status=0
round=()
for arg in "${checks[@]}" --next; do
  if [ "$arg" = --next ]; then
    /usr/bin/python3 "$here/atspi_check.py" --app "$(basename "$binary")" "${round[@]}" || { status=$?; break; }
    round=()
  else
    round+=("$arg")
  fi
done
if [ -n "$exits" ]; then
  for _ in $(seq 100); do
    kill -0 "$app" 2>/dev/null || break
    sleep 0.1
  done
  if kill -0 "$app" 2>/dev/null; then
    echo "frost-gui still runs; it should have ended" >&2
    status=1
  fi
elif ! kill -0 "$app" 2>/dev/null; then
  echo "frost-gui exited before the check finished" >&2
  status=1
fi
# Tell a broken test apart from a broken session: another process on the
# machine may have stopped this session's X server.
if [ "$status" -ne 0 ] && command -v xwininfo >/dev/null && ! xwininfo -root >/dev/null 2>&1; then
  echo "the session's X server ($DISPLAY) no longer answers: stopped from outside?" >&2
fi
exit "$status"
