#!/usr/bin/python3
"""Reads a running app through the accessibility bus (as a screen reader
would) and checks what it shows. Polls until every expectation holds or the
timeout passes; on failure prints what was missing and the whole tree.

  atspi_check.py --app frost-gui [--timeout 30]
      [--run COMMAND]           first run a shell command (change the profile)
      [--press NAME]...         then click the showing button named NAME
      [--row NAME VERSION]...   a list row showing both texts
      [--no-row NAME]...        no list row showing NAME
      [--text TEXT]...          any showing element named exactly TEXT
      [--text-containing TEXT]... any showing element whose name contains TEXT
      [--absent TEXT]...        no showing element named exactly TEXT
      [--count-rows N]          exactly N list rows are showing
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


def unmet(nodes, args):
    shown = {name for (_, _, _, name, s, _) in nodes if s and name}
    missing = []
    for text in args.text:
        if text not in shown:
            missing.append(f"text {text!r}")
    for text in args.text_containing:
        if not any(text in name for name in shown):
            missing.append(f"text containing {text!r}")
    for text in args.absent:
        if text in shown:
            missing.append(f"absence of {text!r}")
    list_rows = rows(nodes)
    for name, version in args.row:
        if not any(name in texts and version in texts for _, texts in list_rows):
            missing.append(f"row {name!r} with version {version!r}")
    for name in args.no_row:
        if any(name in texts for _, texts in list_rows):
            missing.append(f"no row {name!r}")
    if args.count_rows is not None and len(list_rows) != args.count_rows:
        missing.append(f"{args.count_rows} rows (found {len(list_rows)})")
    return missing


def press(app_name, name, deadline):
    """Clicks the showing, enabled button named `name`, as a screen reader
    user would; waits for it until `deadline`."""
    while time.monotonic() < deadline:
        app = find_app(app_name)
        for node, _, role, node_name, is_showing, _ in walk(app) if app else []:
            if role == "button" and node_name == name and is_showing:
                if node.getState().contains(pyatspi.STATE_SENSITIVE):
                    node.queryAction().doAction(0)
                    return True
        time.sleep(0.3)
    return False


def dump(nodes):
    for _, depth, role, name, is_showing, _ in nodes:
        mark = "" if is_showing else "  [not showing]"
        print(f"{'  ' * depth}{role}: {name!r}{mark}", file=sys.stderr)


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--app", required=True)
    parser.add_argument("--timeout", type=float, default=30)
    parser.add_argument("--run")
    parser.add_argument("--press", action="append", default=[])
    parser.add_argument("--no-row", action="append", default=[])
    parser.add_argument("--row", nargs=2, action="append", default=[])
    parser.add_argument("--text", action="append", default=[])
    parser.add_argument("--text-containing", action="append", default=[])
    parser.add_argument("--absent", action="append", default=[])
    parser.add_argument("--count-rows", type=int)
    parser.add_argument("--dump", action="store_true", help="print the tree on success too")
    args = parser.parse_args()

    deadline = time.monotonic() + args.timeout
    if args.run:
        subprocess.run(["/bin/sh", "-c", args.run], check=True)
    for name in args.press:
        if not press(args.app, name, deadline):
            print(f"{args.app}: no showing button {name!r} to press", file=sys.stderr)
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
