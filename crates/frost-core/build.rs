//! Writes `config.rs` (src/config.rs.in filled in) into OUT_DIR.
//!
//! Under Meson, `FROST_CONFIG_RS` names the file Meson's configure_file
//! wrote from the same template (app ID, version, profile, locale folder of
//! the install), and it is used as it is. A plain `cargo build` or `cargo
//! test` fills the template here with the stable app's values, which
//! scripts/check-data keeps equal to meson.build's.

use std::path::PathBuf;

/// meson.build's `base_id`: the stable app's ID.
const APP_ID: &str = "io.github.nixfrost.Frost";
/// meson.build's `gettext_package`.
const GETTEXT_PACKAGE: &str = "frost";
const GUI_BINARY: &str = "frost-gui";

fn main() {
    let template = "src/config.rs.in";
    println!("cargo::rerun-if-changed={template}");
    println!("cargo::rerun-if-env-changed=FROST_CONFIG_RS");
    let out =
        PathBuf::from(std::env::var_os("OUT_DIR").expect("cargo sets OUT_DIR")).join("config.rs");

    let config = match std::env::var_os("FROST_CONFIG_RS") {
        Some(path) if !path.is_empty() => {
            println!("cargo::rerun-if-changed={}", PathBuf::from(&path).display());
            std::fs::read_to_string(&path)
                .unwrap_or_else(|e| panic!("FROST_CONFIG_RS {}: {e}", path.to_string_lossy()))
        }
        _ => {
            let version = std::env::var("CARGO_PKG_VERSION").expect("cargo sets CARGO_PKG_VERSION");
            let text = std::fs::read_to_string(template).expect("src/config.rs.in");
            [
                ("APP_ID", APP_ID),
                ("VERSION", version.as_str()),
                ("PROFILE", "default"),
                ("LOCALEDIR", ""),
                ("GETTEXT_PACKAGE", GETTEXT_PACKAGE),
                ("GUI_BINARY", GUI_BINARY),
            ]
            .iter()
            .fold(text, |text, (name, value)| {
                text.replace(&format!("@{name}@"), &format!("{value:?}"))
            })
        }
    };
    if let Some(line) = config.lines().find(|line| unfilled(line)) {
        panic!("config.rs: a placeholder is left unfilled: {line}");
    }
    std::fs::write(&out, config).expect("write config.rs");
}

/// Whether `line` still holds an `@NAME@` placeholder.
fn unfilled(line: &str) -> bool {
    line.split('@')
        .skip(1)
        .step_by(2)
        .zip(line.split('@').skip(2))
        .any(|(name, _)| {
            !name.is_empty() && name.chars().all(|c| c.is_ascii_uppercase() || c == '_')
        })
}
