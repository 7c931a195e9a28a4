#!/usr/bin/python3
"""Reads a running app through the accessibility bus (as a screen reader
would), acts on it as a user would, and checks what it shows. Polls until
every expectation holds or the timeout passes; on failure prints what was
missing and the whole tree.

  atspi_check.py --app frost-gui [--timeout 30]
    steps, run in the order given, each waiting for its target to show:
      [--run COMMAND]           run a shell command (change the profile)
      [--press NAME]            click the showing button named NAME
      [--double-click NAME]     double-click the showing button named NAME
                                with the mouse, as a hurried person does
      [--press-in-alert NAME]   click the button named NAME in the showing
                                alert (a confirmation, not the page behind)
      [--click NAME]            click the showing element named NAME with the
                                mouse (list rows, generation rows)
      [--click-row TEXT]        click the showing list row that shows TEXT
      [--type TEXT]             type TEXT on the keyboard
      [--key KEY]               press KEY (`F1`, `Escape`, `Control+f`)
    then the checks:
      [--row NAME VERSION]...   a list row showing both texts (VERSION alone
                                or leading a subtitle "VERSION · …")
      [--no-row NAME]...        no list row showing NAME
      [--text TEXT]...          any showing element named exactly TEXT
      [--text-containing TEXT]... any showing element whose name contains TEXT
      [--field NAME TEXT]...    a showing text field named NAME (or inside an
                                element named NAME) holding exactly TEXT
      [--absent TEXT]...        no showing element named exactly TEXT
      [--count-rows N]          exactly N list rows are showing
      [--insensitive NAME]...   a showing button named NAME that cannot be pressed
      [--window-size WxH]       the showing window is W by H pixels
      [--within TEXT CONTAINER]... TEXT lies wholly inside CONTAINER on screen
                                (not scrolled out of it)
"""

import argparse
import subprocess
import sys
import time

import pyatspi


def find_app(name):
    desktop = pyatspi.Registry.getDesktop(0)
    for i in range(desktop.childCount):
        app = desktop.getChildAtIndex(i)
        if app is not None and app.name == name:
            return app
    return None


def showing(node):
    try:
        return node.getState().contains(pyatspi.STATE_SHOWING)
    except Exception:
        return False


def walk(node, depth=0, path=()):
    """Yields (node, depth, role, name, showing, ancestors) for the subtree."""
    if node is None or depth > 60:
        return
    try:
        role = node.getRoleName()
        name = node.name or ""
        count = node.childCount
    except Exception:
        return
    yield node, depth, role, name, showing(node), path
    for i in range(count):
        try:
            child = node.getChildAtIndex(i)
        except Exception:
            continue
        yield from walk(child, depth + 1, path + ((role, name),))


def snapshot(app):
    return list(walk(app))


def rows(nodes):
    """Each showing list item with the names of the showing nodes below it."""
    result = []
    for node, depth, role, name, is_showing, _ in nodes:
        if role != "list item" or not is_showing:
            continue
        texts = [n for (_, _, _, n, s, _) in walk(node) if s and n]
        result.append((name, texts))
    return result


def field_texts(node):
    """The texts of the editable fields in `node`'s subtree."""
    texts = []
    for child, _, _, _, s, _ in walk(node):
        try:
            if s and child.getState().contains(pyatspi.STATE_EDITABLE):
                texts.append(child.queryText().getText(0, -1))
        except Exception:
            continue
    return texts


def has_version(texts, version):
    """A row shows `version` alone or leading its subtitle ("2.12.1 · from
    nixpkgs")."""
    return any(t == version or t.startswith(version + " · ") for t in texts)


def unmet(nodes, args):
    shown = {name for (_, _, _, name, s, _) in nodes if s and name}
    missing = []
    for text in args.text:
        if text not in shown:
            missing.append(f"text {text!r}")
    for text in args.text_containing:
        if not any(text in name for name in shown):
            missing.append(f"text containing {text!r}")
    for name, text in args.field:
        fields = [t for (n, _, _, nm, s, _) in nodes if s and nm == name for t in field_texts(n)]
        if text not in fields:
            missing.append(f"field {name!r} holding {text!r} (found {fields})")
    for text in args.absent:
        if text in shown:
            missing.append(f"absence of {text!r}")
    list_rows = rows(nodes)
    for name, version in args.row:
        if not any(name in texts and has_version(texts, version) for _, texts in list_rows):
            missing.append(f"row {name!r} with version {version!r}")
    for name in args.no_row:
        if any(name in texts for _, texts in list_rows):
            missing.append(f"no row {name!r}")
    if args.count_rows is not None and len(list_rows) != args.count_rows:
        missing.append(f"{args.count_rows} rows (found {len(list_rows)})")
    for text, container in args.within:
        inner = [extents(n) for (n, _, _, name, s, _) in nodes if s and name == text]
        outer = [extents(n) for (n, _, _, name, s, _) in nodes if s and name == container]
        if not any(inside(i, o) for i in inner for o in outer if i and o):
            missing.append(f"{text!r} in view within {container!r} (found {inner} in {outer})")
    if args.window_size:
        sizes = [window_size(node) for (node, _, r, _, s, _) in nodes if r == "frame" and s]
        if args.window_size not in sizes:
            missing.append(f"a window of {args.window_size} (found {sizes})")
    for name in args.insensitive:
        if not any(
            s and n == name and r in ("button", "toggle button")
            and not node.getState().contains(pyatspi.STATE_SENSITIVE)
            for (node, _, r, n, s, _) in nodes
        ):
            missing.append(f"an insensitive button {name!r}")
    return missing


def extents(node):
    """(x, y, width, height) on the screen, or None."""
    try:
        e = node.queryComponent().getExtents(pyatspi.DESKTOP_COORDS)
        return (e.x, e.y, e.width, e.height)
    except Exception:
        return None


def inside(inner, outer):
    ix, iy, iw, ih = inner
    ox, oy, ow, oh = outer
    return ox <= ix and oy <= iy and ix + iw <= ox + ow and iy + ih <= oy + oh


def window_size(node):
    """A window's size as WIDTHxHEIGHT."""
    try:
        extents = node.queryComponent().getExtents(pyatspi.WINDOW_COORDS)
        return f"{extents.width}x{extents.height}"
    except Exception:
        return "?"


class Step(argparse.Action):
    """Keeps steps of every kind in one list, in command-line order."""

    def __call__(self, parser, namespace, values, option_string=None):
        namespace.steps.append((self.dest, values))


def find_showing(app_name, deadline, match):
    """The first showing node for which match(role, name, node) holds,
    polling until `deadline`."""
    while time.monotonic() < deadline:
        app = find_app(app_name)
        for node, _, role, node_name, is_showing, _ in walk(app) if app else []:
            if is_showing and match(role, node_name, node):
                return node
        time.sleep(0.3)
    return None


def shown_name(node, name):
    """The name a screen reader gives `node`: its own, or that of the label
    it is labelled by (GTK's menu items only point at their label)."""
    if name:
        return name
    try:
        for relation in node.getRelationSet():
            if relation.getRelationType() == pyatspi.RELATION_LABELLED_BY:
                target = relation.getTarget(0)
                return target.name or target.queryText().getText(0, -1)
    except Exception:
        pass
    return ""


def has_actions(node):
    """A menu button is a box around the toggle button that clicks."""
    try:
        return node.queryAction().nActions > 0
    except Exception:
        return False


def press(app_name, name, deadline, in_alert=False, double_click=False):
    """Clicks the showing, enabled button named `name`, as a screen reader
    user would; with `in_alert`, only one inside an alert dialog."""
    def enabled_button(role, node_name, node):
        return (
            role in ("button", "toggle button", "menu item", "radio menu item", "check menu item")
            and shown_name(node, node_name) == name
            and node.getState().contains(pyatspi.STATE_SENSITIVE)
            and has_actions(node)
        )

    def in_showing_alert(role, node_name, node):
        if role != "alert":
            return False
        return any(
            s and enabled_button(r, n, child) for (child, _, r, n, s, _) in walk(node)
        )

    if in_alert:
        alert = find_showing(app_name, deadline, in_showing_alert)
        if alert is None:
            return False
        node = next(
            child for (child, _, r, n, s, _) in walk(alert) if s and enabled_button(r, n, child)
        )
    else:
        node = the_only_showing(app_name, deadline, enabled_button)
    if node is None:
        return False
    if double_click:
        # With the mouse: a second activation through the accessibility
        # bus is ignored by GtkButton while it shows the first.
        click(node, "b1d")
    else:
        node.queryAction().doAction(0)
    gone_or_settled(node)
    return True


def gone_or_settled(node, wait=0.5):
    """Gives a press time to take effect before the next step looks: until
    the pressed button stops showing (its page went), or `wait` seconds. A
    next step could otherwise find the same button again, on a page that
    is about to slide away."""
    until = time.monotonic() + wait
    while time.monotonic() < until:
        try:
            if not showing(node):
                return
        except Exception:
            return
        time.sleep(0.05)


# How long two showing matches may last before the first is taken: a page
# sliding away (GTK keeps both pages showing while one replaces the other)
# is gone well within it.
SETTLE = 3.0


def the_only_showing(app_name, deadline, match):
    """Like find_showing, but while more than one showing node matches
    (the Next of a page sliding away beside the Next of the page sliding
    in), waits for the transition to end, up to SETTLE, then takes the
    first."""
    settle = min(deadline, time.monotonic() + SETTLE)
    while True:
        app = find_app(app_name)
        found = [
            node
            for node, _, role, node_name, is_showing, _ in (walk(app) if app else [])
            if is_showing and match(role, node_name, node)
        ]
        now = time.monotonic()
        if len(found) == 1 or (found and now >= settle):
            return found[0]
        if now >= deadline:
            return None
        time.sleep(0.1)


def click(node, button="b1c"):
    """Clicks the middle of `node` with the mouse (`b1d`: a double click).
    Without a window manager the window sits at the screen's origin, so
    window coordinates are screen coordinates."""
    extents = node.queryComponent().getExtents(pyatspi.WINDOW_COORDS)
    x, y = extents.x + extents.width // 2, extents.y + extents.height // 2
    pyatspi.Registry.generateMouseEvent(x, y, "abs")
    time.sleep(0.2)
    pyatspi.Registry.generateMouseEvent(x, y, button)


def row_showing(text):
    def match(role, _name, node):
        if role != "list item":
            return False
        return any(s and n == text for (_, _, _, n, s, _) in walk(node))

    return match


KEYSYMS = {"F1": 0xFFBE, "Escape": 0xFF1B, "Return": 0xFF0D, "BackSpace": 0xFF08, "Left": 0xFF51, "Up": 0xFF52,
           "Down": 0xFF54, "question": 0x3F}
MODIFIERS = {"Shift": 1 << 0, "Control": 1 << 2, "Alt": 1 << 3}


def press_key(spec):
    """Presses a key like `F1` or `Control+f` on the keyboard."""
    *mods, key = spec.split("+")
    mask = 0
    for mod in mods:
        mask |= MODIFIERS[mod]
    keysym = KEYSYMS.get(key, ord(key) if len(key) == 1 else None)
    if keysym is None:
        raise SystemExit(f"unknown key {key!r}")
    if mask:
        pyatspi.Registry.generateKeyboardEvent(mask, None, pyatspi.KEY_LOCKMODIFIERS)
    pyatspi.Registry.generateKeyboardEvent(keysym, None, pyatspi.KEY_SYM)
    if mask:
        pyatspi.Registry.generateKeyboardEvent(mask, None, pyatspi.KEY_UNLOCKMODIFIERS)


def run_step(app_name, kind, value, deadline):
    if kind == "run":
        subprocess.run(["/bin/sh", "-c", value], check=True)
        return True
    if kind == "press":
        return press(app_name, value, deadline)
    if kind == "double_click":
        return press(app_name, value, deadline, double_click=True)
    if kind == "press_in_alert":
        return press(app_name, value, deadline, in_alert=True)
    if kind == "type":
        pyatspi.Registry.generateKeyboardEvent(0, value, pyatspi.KEY_STRING)
        return True
    if kind == "key":
        press_key(value)
        return True
    if kind == "click":
        node = find_showing(app_name, deadline, lambda _r, n, _node: n == value)
    else:
        node = find_showing(app_name, deadline, row_showing(value))
    if node is None:
        return False
    click(node)
    return True


def dump(nodes):
    for _, depth, role, name, is_showing, _ in nodes:
        mark = "" if is_showing else "  [not showing]"
        print(f"{'  ' * depth}{role}: {name!r}{mark}", file=sys.stderr)


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--app", required=True)
    parser.add_argument("--timeout", type=float, default=30)
    parser.set_defaults(steps=[])
    for step in ("run", "press", "double-click", "press-in-alert", "click", "click-row", "type", "key"):
        parser.add_argument(f"--{step}", dest=step.replace("-", "_"), action=Step)
    parser.add_argument("--no-row", action="append", default=[])
    parser.add_argument("--row", nargs=2, action="append", default=[])
    parser.add_argument("--text", action="append", default=[])
    parser.add_argument("--text-containing", action="append", default=[])
    parser.add_argument("--absent", action="append", default=[])
    parser.add_argument("--field", nargs=2, action="append", default=[])
    parser.add_argument("--count-rows", type=int)
    parser.add_argument("--insensitive", action="append", default=[])
    parser.add_argument("--window-size", help="WIDTHxHEIGHT of the showing window")
    parser.add_argument("--within", nargs=2, action="append", default=[],
                        metavar=("TEXT", "CONTAINER"))
    parser.add_argument("--dump", action="store_true", help="print the tree on success too")
    args = parser.parse_args()

    deadline = time.monotonic() + args.timeout
    for kind, value in args.steps:
        if not run_step(args.app, kind, value, deadline):
            print(f"{args.app}: nothing showing to {kind} {value!r}", file=sys.stderr)
            dump(snapshot(find_app(args.app)) if find_app(args.app) else [])
            return 1
    nodes, missing = [], ["the application on the accessibility bus"]
    while time.monotonic() < deadline:
        app = find_app(args.app)
        if app is not None:
            nodes = snapshot(app)
            missing = unmet(nodes, args)
            if not missing:
                if args.dump:
                    dump(nodes)
                for name, texts in rows(nodes):
                    print(f"row {name!r}: {texts}")
                print("ok")
                return 0
        time.sleep(0.3)

    print(f"{args.app}: after {args.timeout:g} s still missing:", file=sys.stderr)
    for item in missing:
        print(f"  - {item}", file=sys.stderr)
    print("accessibility tree:", file=sys.stderr)
    dump(nodes)
    return 1


if __name__ == "__main__":
    sys.exit(main())
