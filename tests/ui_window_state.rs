//! The window comes back at the size it was closed at (GSettings, as
//! installed: the schema compiled into the sandbox's data folder, the
//! keyfile backend in its config folder), on the real app (see
//! tests/ui_common).

use std::path::{Path, PathBuf};

use frost_testkit::NixSandbox;

mod ui_common;
use ui_common::{check_with, fixture, wrapped_app};

/// Installs the schema where GLib looks for a user's schemas: the template
/// in data/ filled in with this build's app ID, as data/meson.build does.
fn install_schema(sandbox: &NixSandbox) {
    use frost_core::config::{APP_ID, GETTEXT_PACKAGE};
    let schemas = sandbox.root().join("home/.local/share/glib-2.0/schemas");
    std::fs::create_dir_all(&schemas).unwrap_or_else(|e| panic!("{e}"));
    let template =
        Path::new(env!("CARGO_MANIFEST_DIR")).join("data/io.github.nixfrost.Frost.gschema.xml");
    let text = std::fs::read_to_string(&template).unwrap_or_else(|e| panic!("{e}"));
    let text = text
        .replace("@APP_ID@", APP_ID)
        .replace("@SCHEMA_PATH@", &format!("/{}/", APP_ID.replace('.', "/")))
        .replace("@GETTEXT_PACKAGE@", GETTEXT_PACKAGE);
    std::fs::write(schemas.join(format!("{APP_ID}.gschema.xml")), text)
        .unwrap_or_else(|e| panic!("{e}"));
    let compiled = std::process::Command::new("glib-compile-schemas")
        .arg("--strict")
        .arg(&schemas)
        .status();
    assert!(
        compiled.is_ok_and(|s| s.success()),
        "glib-compile-schemas {}",
        schemas.display()
    );
}

fn keyfile(sandbox: &NixSandbox) -> PathBuf {
    sandbox.config_home().join("glib-2.0/settings/keyfile")
}

/// `frost-gui` with the keyfile settings backend (no dconf in the test
/// session) and `extra` variables.
fn app_with_settings(sandbox: &NixSandbox, extra: &str) -> PathBuf {
    wrapped_app(sandbox, &format!("GSETTINGS_BACKEND=keyfile {extra}"), "")
}

fn saved(sandbox: &NixSandbox) -> String {
    std::fs::read_to_string(keyfile(sandbox)).unwrap_or_default()
}

#[test]
#[cfg_attr(
    not(feature = "test-hooks"),
    ignore = "sizes the first window with FROST_WINDOW_SIZE: --features test-hooks"
)]
fn the_window_keeps_its_size_from_one_run_to_the_next() {
    let fixture = fixture();
    let sandbox = &fixture.sandbox;
    install_schema(sandbox);

    // First run at 720×540, as if resized so, ended with Ctrl+Q: the size
    // is saved on the way out. (Large enough to hold the screen's center,
    // where the pointer rests: without a window manager, X gives the
    // keyboard to the window under the pointer.)
    let sized = app_with_settings(sandbox, "FROST_WINDOW_SIZE=720x540");
    check_with(
        sandbox,
        &sized,
        Some(&fixture.profile),
        &[
            "--text",
            "8 packages",
            "--window-size",
            "720x540",
            "--next",
            "--key",
            "Control+q",
            "--then-exits",
        ],
    );
    let text = saved(sandbox);
    assert!(text.contains("window-width=720"), "{text}");
    assert!(text.contains("window-height=540"), "{text}");
    assert!(text.contains("is-maximized=false"), "{text}");

    // The next run opens at that size by itself.
    let plain = app_with_settings(sandbox, "");
    check_with(
        sandbox,
        &plain,
        Some(&fixture.profile),
        &["--text", "8 packages", "--window-size", "720x540"],
    );
}

#[test]
fn without_saved_settings_the_window_opens_at_its_default_size() {
    let fixture = fixture();
    let sandbox = &fixture.sandbox;
    install_schema(sandbox);
    let plain = app_with_settings(sandbox, "");
    check_with(
        sandbox,
        &plain,
        Some(&fixture.profile),
        &["--text", "8 packages", "--window-size", "860x720"],
    );
}
