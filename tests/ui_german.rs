//! Frost in German, as a German desktop starts it: `.mo` files built from
//! po/de.po installed beside the binaries (the app looks for them in
//! `<prefix>/share/locale` next to `<prefix>/bin`), a German locale, and
//! the window read through AT-SPI and `frost --help` must speak German.
//! Test machines have no German locale and glibc ignores LANGUAGE in the C
//! locales, so the test makes de_DE.UTF-8 itself with localedef (package
//! locales) in a folder of its own, found through LOCPATH.

use std::path::{Path, PathBuf};
use std::process::Command;

use frost_testkit::NixSandbox;

mod ui_common;
use ui_common::{check_with, fixture, shell_quoted, BINARY};

/// A prefix with copies of both binaries (a copy, not a link: the app
/// finds its prefix from its own path) and Frost's German catalogue.
fn german_prefix(sandbox: &NixSandbox) -> PathBuf {
    let prefix = sandbox.root().join("prefix");
    let bin = prefix.join("bin");
    let messages = prefix.join("share/locale/de/LC_MESSAGES");
    for dir in [&bin, &messages] {
        std::fs::create_dir_all(dir).unwrap_or_else(|e| panic!("{e}"));
    }
    let po = Path::new(env!("CARGO_MANIFEST_DIR")).join("po/de.po");
    let made = Command::new("msgfmt")
        .arg("--check")
        .arg("-o")
        .arg(messages.join("frost.mo"))
        .arg(&po)
        .status()
        .unwrap_or_else(|e| panic!("msgfmt (package gettext) is needed: {e}"));
    assert!(made.success(), "msgfmt failed on {}", po.display());
    let gui = Path::new(BINARY);
    for binary in [gui.to_path_buf(), gui.with_file_name("frost")] {
        let name = binary.file_name().unwrap_or_default();
        std::fs::copy(&binary, bin.join(name))
            .unwrap_or_else(|e| panic!("{}: {e} (run cargo test --workspace)", binary.display()));
    }
    prefix
}

/// The environment of a German desktop, its locale made in `sandbox`.
fn german(sandbox: &NixSandbox) -> Vec<(&'static str, String)> {
    let locales = sandbox.root().join("locales");
    if !locales.join("de_DE.UTF-8").is_dir() {
        std::fs::create_dir_all(&locales).unwrap_or_else(|e| panic!("{e}"));
        let made = Command::new("localedef")
            .args(["-i", "de_DE", "-f", "UTF-8"])
            .arg(locales.join("de_DE.UTF-8"))
            .status()
            .unwrap_or_else(|e| panic!("localedef (package locales) is needed: {e}"));
        assert!(made.success(), "localedef could not make de_DE.UTF-8");
    }
    vec![
        ("LOCPATH", locales.display().to_string()),
        ("LANG", "de_DE.UTF-8".to_owned()),
        ("LANGUAGE", "de".to_owned()),
    ]
}

#[test]
fn frost_help_is_in_german() {
    let sandbox = NixSandbox::new().unwrap_or_else(|e| panic!("{e}"));
    let frost = german_prefix(&sandbox).join("bin/frost");
    let output = sandbox
        .command(&frost)
        .envs(german(&sandbox))
        .args(["list", "--help"])
        .output()
        .unwrap_or_else(|e| panic!("{e}"));
    let help = String::from_utf8_lossy(&output.stdout);
    assert!(output.status.success(), "{help}");
    assert!(
        help.contains("JSON für Skripte statt einer Tabelle ausgeben"),
        "{help}"
    );
}

#[test]
fn the_window_speaks_german() {
    let fixture = fixture();
    let prefix = german_prefix(&fixture.sandbox);
    // The checker finds the app by the name frost-gui.
    let wrapper_dir = fixture.sandbox.root().join("german");
    std::fs::create_dir_all(&wrapper_dir).unwrap_or_else(|e| panic!("{e}"));
    let wrapper = wrapper_dir.join("frost-gui");
    let env: Vec<String> = german(&fixture.sandbox)
        .iter()
        .map(|(k, v)| format!("{k}={}", shell_quoted(Path::new(v))))
        .collect();
    frost_testkit::write_executable(
        &wrapper,
        &format!(
            // write_executable tries the script with --frost-ready.
            "#!/bin/sh\n[ \"$1\" = --frost-ready ] && exit 0\n{} exec {} \"$@\"\n",
            env.join(" "),
            shell_quoted(&prefix.join("bin/frost-gui"))
        ),
    )
    .unwrap_or_else(|e| panic!("{e}"));
    check_with(
        &fixture.sandbox,
        &wrapper,
        Some(&fixture.profile),
        &[
            "--text",
            "8 Pakete",
            "--text",
            "Installiert",
            "--text",
            "3.0.1 · aus einem lokalen Ordner",
            "--text",
            "Verlauf",
            // History in words, from the core's German.
            "--next",
            "--press",
            "Verlauf",
            "--text",
            "figlet hinzugefügt",
            "--text",
            "multi, painter und pip hinzugefügt",
            "--text",
            "Mit hello begonnen",
            "--text-containing",
            "Generation 6 · Heute um ",
            "--next",
            "--key",
            "Escape",
            "--press",
            "In Flake einfrieren …",
            "--text",
            "Was eingefroren wird",
            "--text",
            "7 von 7 Paketen werden eingefroren",
        ],
    );
}
