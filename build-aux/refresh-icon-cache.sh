#!/bin/sh
# Meson install script: refreshes the icon theme's cache in ICON_DIR if it
# has one, so the new icon is not hidden behind a stale cache. Creates none:
# GTK reads a folder without a cache, and a cache nobody refreshes would hide
# icons that other programs install there later.
set -eu
icon_dir=$1
[ -f "$icon_dir/icon-theme.cache" ] || exit 0
for tool in gtk4-update-icon-cache gtk-update-icon-cache; do
  if command -v "$tool" >/dev/null; then
    exec "$tool" --quiet --force --ignore-theme-index "$icon_dir"
  fi
done
echo "refresh-icon-cache: no gtk4-update-icon-cache; icons may show after the next login" >&2
