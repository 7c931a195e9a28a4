//! GNOME Shell's search, over the real session bus: the Shell's calls to
//! org.gnome.Shell.SearchProvider2, made with `gdbus` inside the app's
//! session while it runs on the fixture (see tests/ui_common), find the
//! installed packages, describe them and open one's page in the window.

mod ui_common;
use ui_common::{check_window, fixture, shell_quoted};

const APP_ID: &str = "io.github.nixfrost.Frost";
const OBJECT_PATH: &str = "/io/github/nixfrost/Frost/SearchProvider";

/// A `gdbus call` of `method` with `args`, its answer written to `out`.
fn call(method: &str, args: &str, out: &std::path::Path) -> String {
    format!(
        "gdbus call --session --dest {APP_ID} --object-path {OBJECT_PATH} \
         --method org.gnome.Shell.SearchProvider2.{method} {args} > {}",
        shell_quoted(out)
    )
}

#[test]
fn the_shell_finds_a_package_and_opens_its_page() {
    let fixture = fixture();
    let root = fixture.sandbox.root();
    let (initial, sub, metas, activated, launched) = (
        root.join("initial.txt"),
        root.join("subsearch.txt"),
        root.join("metas.txt"),
        root.join("activated.txt"),
        root.join("launched.txt"),
    );
    // No profile path: the user's own profile (the sandbox's ~/.nix-profile
    // is the fixture), so that this Frost is the one owning its bus name,
    // as when the Shell starts it.
    check_window(
        &fixture.sandbox,
        None,
        &[
            "--row",
            "hello",
            "2.12.1",
            "--next",
            "--run",
            &[
                call("GetInitialResultSet", "\"['HEL']\"", &initial),
                call(
                    "GetSubsearchResultSet",
                    "\"['hello', 'hello-1']\" \"['hello', '-1']\"",
                    &sub,
                ),
                call(
                    "GetResultMetas",
                    "\"['hello', 'Painter', 'painter']\"",
                    &metas,
                ),
                call("ActivateResult", "hello \"['hel']\" 0", &activated),
            ]
            .join(" && "),
            "--text",
            "Version 2.12.1",
            "--text",
            "Command: hello",
            "--next",
            "--run",
            &call("LaunchSearch", "\"['cow']\" 0", &launched),
            "--row",
            "cowsay",
            "3.7.0",
            "--no-row",
            "hello",
            "--no-row",
            "figlet",
        ],
    );
    let read = |path: &std::path::Path| {
        std::fs::read_to_string(path).unwrap_or_else(|e| panic!("{}: {e}", path.display()))
    };
    // Exact name first, then the names it begins, each in the list's order.
    let initial = read(&initial);
    assert!(
        initial.starts_with("(['hello', 'hello-1'"),
        "GetInitialResultSet: {initial}"
    );
    assert_eq!(read(&sub).trim(), "(['hello-1'],)");
    // Ids are element names: the app's title is not one.
    let metas = read(&metas);
    assert!(metas.contains("'id': <'hello'>"), "{metas}");
    assert!(metas.contains("'name': <'hello'>"), "{metas}");
    assert!(metas.contains("'id': <'painter'>"), "{metas}");
    assert!(metas.contains("'name': <'Painter'>"), "{metas}");
    assert!(
        metas.contains("'description': <'Paint pictures and edit photos'>"),
        "{metas}"
    );
    assert!(metas.contains("'gicon': <"), "{metas}");
    assert_eq!(metas.matches("'id'").count(), 2, "{metas}");
    assert_eq!(read(&activated).trim(), "()");
    assert_eq!(read(&launched).trim(), "()");
}
