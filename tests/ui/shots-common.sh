# What every tests/ui/*-screenshots.sh script starts with, sourced as
#   . "$(dirname "$0")/shots-common.sh" "$@"
# Takes the script's one argument, OUTDIR (made if need be), builds the app,
# frost and frost-fixture if needed (in CARGO_TARGET_DIR when set), and sets:
#   here, root          tests/ui and the repository
#   out                 OUTDIR, absolute
#   target, bin         the build folder and the app in it
#   fixture             frost-fixture
#   work                a temporary folder, removed on exit
#   fixture_env DIR [ARG...]
#                       builds a fixture profile in DIR (frost-fixture DIR
#                       ARG...) and takes its environment: HOME, XDG
#                       folders, an offline NIX_CONFIG, FROST_FIXTURE_*;
#                       GTK there shows only a close button, as GNOME does
#   shot PROFILE OUT BIN STEP...
#                       one picture (screenshot.sh), saying its name
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
root=$(cd "$here/../.." && pwd)
[ $# -eq 1 ] || { echo "usage: $(basename "$0") OUTDIR" >&2; exit 2; }
mkdir -p "$1"
out=$(cd "$1" && pwd)

cargo build --quiet --manifest-path "$root/Cargo.toml" -p frost-gui -p frost-cli -p frost-testkit --bins --features frost-gui/test-hooks
target=${CARGO_TARGET_DIR:-$root/target}
bin="$target/debug/frost-gui"
fixture="$target/debug/frost-fixture"
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

fixture_env() {
  eval "$("$fixture" "$@")"
  mkdir -p "$XDG_CONFIG_HOME/gtk-4.0"
  printf '[Settings]\ngtk-decoration-layout=:close\n' >"$XDG_CONFIG_HOME/gtk-4.0/settings.ini"
}
shot() { "$here/screenshot.sh" "$@" >/dev/null && echo "$2"; }
