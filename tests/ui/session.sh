#!/bin/bash
# Runs a command inside a private desktop session: its own D-Bus session bus,
# its own Xvfb display and its own accessibility bus, so UI tests read the app
# the way a screen reader does and never see (or disturb) another session.
#   session.sh COMMAND [ARGS...]
set -euo pipefail
[ $# -gt 0 ] || { echo "usage: session.sh COMMAND [ARGS...]" >&2; exit 2; }

if [ -z "${FROST_UI_IN_SESSION:-}" ]; then
  export FROST_UI_IN_SESSION=1
  exec dbus-run-session -- "$0" "$@"
fi

tmp=$(mktemp -d)
pids=()
cleanup() {
  for pid in "${pids[@]}"; do kill "$pid" 2>/dev/null || true; done
  wait 2>/dev/null || true
  rm -rf "$tmp"
}
trap cleanup EXIT

# -displayfd picks a free display number, so parallel runs never collide.
exec 3>"$tmp/display"
# FROST_UI_SCREEN: a screen larger than the window keeps the pointer (at
# the screen's center) off the window, so no tooltip shows in screenshots.
Xvfb -displayfd 3 -screen 0 "${FROST_UI_SCREEN:-1280x860}x24" -nolisten tcp >"$tmp/xvfb.log" 2>&1 &
pids+=($!)
# Generous waits: other builds may be keeping both cores busy.
for _ in $(seq 300); do [ -s "$tmp/display" ] && break; sleep 0.1; done
[ -s "$tmp/display" ] || { echo "Xvfb did not start:" >&2; cat "$tmp/xvfb.log" >&2; exit 1; }
export DISPLAY=":$(tr -d '\n' <"$tmp/display")"
exec 3>&-
# Under load the server may take a moment to answer its first client; an
# app started before that dies in gtk_init.
if command -v xwininfo >/dev/null; then
  x_up=
  for _ in $(seq 600); do xwininfo -root >/dev/null 2>&1 && { x_up=1; break; }; sleep 0.1; done
  [ -n "$x_up" ] || { echo "Xvfb ($DISPLAY) did not answer within 60 s:" >&2; cat "$tmp/xvfb.log" >&2; exit 1; }
fi

export GTK_A11Y=atspi GSK_RENDERER=cairo NO_AT_BRIDGE=0 GDK_BACKEND=x11
# Services D-Bus starts (the accessibility registry, which turns a test's
# clicks into X input) must see this display too.
dbus-update-activation-environment DISPLAY >/dev/null 2>&1 || true

# Asking for the accessibility bus's address starts it (D-Bus activation) and
# returns once it is up; the app must not start before that, or GTK silently
# skips the accessibility bridge.
a11y_up=
for _ in $(seq 60); do
  if dbus-send --session --print-reply --reply-timeout=5000 --dest=org.a11y.Bus \
    /org/a11y/bus org.a11y.Bus.GetAddress >/dev/null 2>&1; then
    a11y_up=1
    break
  fi
  sleep 0.5
done
[ -n "$a11y_up" ] || { echo "the accessibility bus (org.a11y.Bus) did not start" >&2; exit 1; }

"$@"
