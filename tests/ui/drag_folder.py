#!/usr/bin/python3
"""Drags a folder onto the window below and drops it there, as a person
does from Files: a small GTK window at the screen's origin offers the
folder as a file list (GTK's GdkFileList, `text/uri-list` over XDND), and
the pointer, moved by the accessibility registry (XTest, as
atspi_check.py's clicks), presses on it, drags it to X,Y and lets go.
Nothing of the target is faked: the drop reaches the app through the X
server and GTK's own drag and drop.

  drag_folder.py FOLDER X Y

Exits 0 when the target took the drop, 1 when it refused it or the drag
did not finish within 30 s. Runs inside the test session (session.sh).
"""

import sys

import gi

gi.require_version("Gtk", "4.0")
gi.require_version("Gdk", "4.0")
gi.require_version("Atspi", "2.0")
from gi.repository import Atspi, Gdk, Gio, GLib, GObject, Gtk  # noqa: E402

# Where the pointer presses: inside this window, which (without a window
# manager) sits at the screen's origin, above the app's.
START = (60, 30)
STEPS = 12


def main():
    folder, x, y = sys.argv[1], int(sys.argv[2]), int(sys.argv[3])
    Gtk.init()
    loop = GLib.MainLoop()
    outcome = {"dropped": False, "why": "the drag never started"}

    window = Gtk.Window(title="Files", default_width=160, default_height=70)
    label = Gtk.Label(label="folder")
    window.set_child(label)
    files = Gdk.FileList.new_from_list([Gio.File.new_for_path(folder)])
    source = Gtk.DragSource(actions=Gdk.DragAction.COPY)
    source.set_content(Gdk.ContentProvider.new_for_value(GObject.Value(Gdk.FileList, files)))

    def finished(_drag):
        outcome["dropped"] = True
        loop.quit()

    def cancelled(_drag, reason):
        outcome["why"] = f"the drop was refused ({reason.value_nick})"
        loop.quit()

    def begun(_source, drag):
        outcome["why"] = "the drag did not end"
        drag.connect("dnd-finished", finished)
        drag.connect("cancel", cancelled)

    source.connect("drag-begin", begun)
    label.add_controller(source)

    # Press, then move in steps (GTK starts a drag once the pointer has
    # moved far enough with the button down), then let go; the main loop
    # runs between the steps, so both sides answer each other.
    path = [START] + [
        (START[0] + (x - START[0]) * i // STEPS, START[1] + (y - START[1]) * i // STEPS)
        for i in range(1, STEPS + 1)
    ]
    steps = [(START, "abs"), (START, "b1p")] + [(p, "abs") for p in path[1:]]
    steps += [((x, y), "abs"), ((x, y), "b1r")]

    def step():
        if not steps:
            return False
        (px, py), kind = steps.pop(0)
        Atspi.generate_mouse_event(px, py, kind)
        return True

    def start():
        GLib.timeout_add(80, step)
        return False

    window.connect("map", lambda _w: GLib.timeout_add(700, start))
    GLib.timeout_add_seconds(30, loop.quit)
    window.present()
    loop.run()
    if not outcome["dropped"]:
        print(f"drag_folder.py: {outcome['why']}", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
