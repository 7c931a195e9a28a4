//! The Flatpak manifests (flatpak/), checked without building them (these
//! machines cannot download the GNOME runtime): the app ID, the command the
//! launcher runs, the permissions Frost needs to drive the host's Nix, and
//! offline cargo sources that match Cargo.lock exactly — so a Cargo.lock
//! change without `flatpak/cargo-sources.json` regenerated fails here.

use std::collections::BTreeSet;
use std::path::{Path, PathBuf};

use serde_json::Value;

const APP_ID: &str = "io.github.nixfrost.Frost";

/// What Frost cannot work without, inside the sandbox.
const REQUIRED_FINISH_ARGS: &[&str] = &[
    "--share=ipc",
    "--socket=fallback-x11",
    "--socket=wayland",
    "--device=dri",
    // flatpak-spawn --host: every `nix` runs on the host.
    "--talk-name=org.freedesktop.Flatpak",
    // Reading the profile: the store, and the links to it.
    "--filesystem=/nix:ro",
    "--filesystem=~/.nix-profile:ro",
    "--filesystem=~/.local/state/nix:ro",
    // The freeze writes ~/nix-profile-flake (or a folder the person
    // picks) at a path the host's nix and git see too.
    "--filesystem=home",
];

fn root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../..")
}

fn read_json(path: &Path) -> Value {
    let text = std::fs::read_to_string(path).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
    serde_json::from_str(&text).unwrap_or_else(|e| panic!("{}: {e}", path.display()))
}

fn manifest(name: &str) -> Value {
    read_json(&root().join("flatpak").join(name))
}

fn strings(value: &Value) -> Vec<String> {
    value
        .as_array()
        .expect("an array")
        .iter()
        .map(|v| v.as_str().expect("a string").to_owned())
        .collect()
}

/// The program the launcher starts for `profile`: the desktop file runs
/// `@BINDIR@/@GUI_BINARY@`, and meson.build names that binary `frost-gui`,
/// with `-devel` in a development build (so both install side by side).
fn desktop_command(profile: &str) -> String {
    let path = root().join(format!("data/{APP_ID}.desktop.in"));
    let text = std::fs::read_to_string(&path).expect("desktop file");
    assert!(
        text.lines().any(|l| l == "Exec=@BINDIR@/@GUI_BINARY@"),
        "{} no longer runs @GUI_BINARY@",
        path.display()
    );
    let meson = std::fs::read_to_string(root().join("meson.build")).expect("meson.build");
    for line in [
        "binary_suffix = '-devel'",
        "gui_binary = 'frost-gui' + binary_suffix",
    ] {
        assert!(
            meson.lines().any(|l| l.trim() == line),
            "meson.build no longer has {line}"
        );
    }
    match profile {
        "development" => "frost-gui-devel".to_owned(),
        _ => "frost-gui".to_owned(),
    }
}

fn check_manifest(name: &str, id: &str, profile: &str) {
    let m = manifest(name);
    assert_eq!(m["id"], id, "{name}");
    assert_eq!(m["command"], desktop_command(profile).as_str(), "{name}");
    assert_eq!(m["runtime"], "org.gnome.Platform", "{name}");
    assert_eq!(m["sdk"], "org.gnome.Sdk", "{name}");
    let version: u32 = m["runtime-version"]
        .as_str()
        .and_then(|v| v.parse().ok())
        .expect("runtime-version is a GNOME release number");
    // GNOME 46 is the oldest Frost builds against (GTK 4.14, libadwaita 1.5).
    assert!(version >= 46, "{name}: runtime {version}");
    assert!(
        strings(&m["sdk-extensions"]).contains(&"org.freedesktop.Sdk.Extension.rust-stable".into()),
        "{name}"
    );
    let finish = strings(&m["finish-args"]);
    for required in REQUIRED_FINISH_ARGS {
        assert!(
            finish.iter().any(|a| a == required),
            "{name} lacks {required}"
        );
    }
    // Never the whole host: /nix read-only is all of it Frost needs.
    assert!(
        !finish
            .iter()
            .any(|a| a == "--filesystem=host" || a == "--filesystem=/nix"),
        "{name}: {finish:?}"
    );

    let modules = m["modules"].as_array().expect("modules");
    let frost = modules.last().expect("Frost's module comes last");
    assert_eq!(frost["buildsystem"], "meson", "{name}");
    assert!(
        strings(&frost["config-opts"]).contains(&format!("-Dprofile={profile}")),
        "{name}"
    );
    // Cargo builds offline, from the vendored sources.
    let env = &frost["build-options"]["env"];
    assert_eq!(env["CARGO_NET_OFFLINE"], "true", "{name}");
    assert_eq!(env["CARGO_HOME"], "/run/build/frost/cargo", "{name}");
    let sources = frost["sources"].as_array().expect("sources");
    assert!(
        sources.iter().any(|s| s == "cargo-sources.json"),
        "{name}: {sources:?}"
    );
}

#[test]
fn the_stable_manifest_is_the_app_with_what_it_needs() {
    check_manifest(&format!("{APP_ID}.json"), APP_ID, "default");
}

#[test]
fn the_devel_manifest_is_a_development_build_with_its_own_id() {
    let id = format!("{APP_ID}.Devel");
    assert!(id.ends_with(".Devel"));
    check_manifest(&format!("{id}.json"), &id, "development");
}

/// A registry package of Cargo.lock: name, version, checksum.
type Crate = (String, String, String);

/// Cargo.lock's `[[package]]` entries from crates.io. Cargo writes one key
/// per line (`name = "…"`), so no TOML parser is needed.
fn locked_crates() -> BTreeSet<Crate> {
    let text = std::fs::read_to_string(root().join("Cargo.lock")).expect("Cargo.lock");
    let mut crates = BTreeSet::new();
    for block in text.split("[[package]]").skip(1) {
        let field = |key: &str| {
            block.lines().find_map(|l| {
                l.strip_prefix(key)?
                    .strip_prefix(" = \"")?
                    .strip_suffix('"')
                    .map(str::to_owned)
            })
        };
        let source = field("source");
        assert!(
            source.as_deref().is_none_or(|s| s.starts_with("registry+")),
            "a git dependency needs flatpak-cargo-generator's git sources: {source:?}"
        );
        if source.is_some() {
            let checksum = field("checksum").expect("a registry package has a checksum");
            crates.insert((
                field("name").expect("name"),
                field("version").expect("version"),
                checksum,
            ));
        }
    }
    crates
}

#[test]
fn cargo_sources_list_exactly_the_crates_of_cargo_lock() {
    let sources = read_json(&root().join("flatpak/cargo-sources.json"));
    let sources = sources.as_array().expect("a list of sources");
    let mut archived = BTreeSet::new();
    let mut checksummed = BTreeSet::new();
    let mut config = None;
    for source in sources {
        match source["type"].as_str() {
            Some("archive") => {
                let url = source["url"].as_str().expect("url");
                let dest = source["dest"].as_str().expect("dest");
                let crate_file = url
                    .strip_prefix("https://static.crates.io/crates/")
                    .expect("a crates.io download");
                let (name, file) = crate_file.split_once('/').expect("NAME/FILE");
                let version = file
                    .strip_prefix(&format!("{name}-"))
                    .and_then(|f| f.strip_suffix(".crate"))
                    .expect("NAME-VERSION.crate");
                assert_eq!(dest, format!("cargo/vendor/{name}-{version}"));
                assert_eq!(source["archive-type"], "tar-gzip");
                let sha = source["sha256"].as_str().expect("sha256").to_owned();
                archived.insert((name.to_owned(), version.to_owned(), sha));
            }
            Some("inline") if source["dest-filename"] == ".cargo-checksum.json" => {
                let contents: Value =
                    serde_json::from_str(source["contents"].as_str().expect("contents"))
                        .expect("checksum JSON");
                let dest = source["dest"].as_str().expect("dest").to_owned();
                let package = contents["package"].as_str().expect("package").to_owned();
                checksummed.insert((dest, package));
            }
            Some("inline") if source["dest-filename"] == "config" => {
                assert_eq!(source["dest"], "cargo");
                config = source["contents"].as_str().map(str::to_owned);
            }
            other => panic!("unexpected source {other:?}: {source}"),
        }
    }
    let locked = locked_crates();
    let regenerate = "regenerate flatpak/cargo-sources.json (see README.md, Flatpak)";
    assert_eq!(
        archived.difference(&locked).collect::<Vec<_>>(),
        Vec::<&Crate>::new(),
        "listed but not in Cargo.lock: {regenerate}"
    );
    assert_eq!(
        locked.difference(&archived).collect::<Vec<_>>(),
        Vec::<&Crate>::new(),
        "in Cargo.lock but not listed: {regenerate}"
    );
    // Each crate's folder has its .cargo-checksum.json, with its checksum.
    let expected: BTreeSet<(String, String)> = locked
        .iter()
        .map(|(name, version, sha)| (format!("cargo/vendor/{name}-{version}"), sha.clone()))
        .collect();
    assert_eq!(checksummed, expected, "{regenerate}");
    let config = config.expect("the cargo config that points crates-io at the vendored crates");
    assert!(config.contains("[source.vendored-sources]\ndirectory = \"cargo/vendor\""));
    assert!(config.contains("[source.crates-io]\nreplace-with = \"vendored-sources\""));
}
