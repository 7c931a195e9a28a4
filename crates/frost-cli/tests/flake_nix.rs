//! Frost's own flake.nix: it parses, and its outputs evaluate for both
//! Linux systems with nixpkgs replaced by a small local stand-in
//! (tests/fixtures/nixpkgs-standin), offline. Building the packages needs
//! the real nixpkgs from GitHub, which these machines cannot reach.

use std::path::{Path, PathBuf};

use frost_testkit::{NixSandbox, OFFLINE_NIX_CONFIG};
use serde_json::{json, Value};

const SYSTEMS: [&str; 2] = ["aarch64-linux", "x86_64-linux"];

fn root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../..")
}

/// The flake's files in a folder of their own: inside the repository Nix
/// would read the flake through Git and see only committed files.
fn flake_copy(sandbox: &NixSandbox) -> (PathBuf, PathBuf) {
    let flake = sandbox.root().join("frost");
    std::fs::create_dir_all(&flake).expect("mkdir");
    for file in ["flake.nix", "Cargo.toml", "Cargo.lock"] {
        std::fs::copy(root().join(file), flake.join(file)).expect(file);
    }
    let standin = sandbox.root().join("nixpkgs");
    std::fs::create_dir_all(&standin).expect("mkdir");
    std::fs::copy(
        Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/nixpkgs-standin/flake.nix"),
        standin.join("flake.nix"),
    )
    .expect("stand-in");
    (flake, standin)
}

/// `nix eval --json FLAKE#OUTPUT --apply APPLY` against the stand-in.
fn eval(sandbox: &NixSandbox, output: &str, apply: &str) -> Value {
    let (flake, standin) = flake_copy(sandbox);
    let out = sandbox
        .command("nix")
        // No registry download, ever.
        .env(
            "NIX_CONFIG",
            format!("{OFFLINE_NIX_CONFIG}\nflake-registry ="),
        )
        .args([
            "eval",
            "--json",
            "--no-write-lock-file",
            "--override-input",
            "nixpkgs",
        ])
        .arg(format!("path:{}", standin.display()))
        .arg(format!("path:{}#{output}", flake.display()))
        .args(["--apply", apply])
        .output()
        .expect("nix eval");
    assert!(
        out.status.success(),
        "nix eval {output}: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    serde_json::from_slice(&out.stdout).expect("JSON")
}

#[test]
fn flake_nix_parses() {
    let out = std::process::Command::new("nix-instantiate")
        .arg("--parse")
        .arg(root().join("flake.nix"))
        .output()
        .expect("nix-instantiate");
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
}

#[test]
fn the_app_and_the_cli_evaluate_for_both_systems() {
    let sandbox = NixSandbox::new().expect("sandbox");
    let names = eval(
        &sandbox,
        "packages",
        "builtins.mapAttrs (system: builtins.attrNames)",
    );
    let expected: Value = SYSTEMS
        .iter()
        .map(|s| (s.to_string(), json!(["default", "frost-cli"])))
        .collect::<serde_json::Map<_, _>>()
        .into();
    assert_eq!(names, expected);

    // Every input of each package resolves (drvPath forces them all), and
    // the version is the workspace's.
    let version = std::fs::read_to_string(root().join("Cargo.toml"))
        .expect("Cargo.toml")
        .lines()
        .find_map(|l| {
            l.strip_prefix("version = \"")?
                .strip_suffix('"')
                .map(str::to_owned)
        })
        .expect("the workspace version");
    let packages = eval(
        &sandbox,
        "packages",
        "builtins.mapAttrs (system: builtins.mapAttrs (attr: p: { \
           inherit (p) name cargoBuildFlags; main = p.meta.mainProgram; \
           drv = builtins.isString p.drvPath; }))",
    );
    for system in SYSTEMS {
        let app = &packages[system]["default"];
        assert_eq!(app["name"], format!("frost-{version}"), "{system}");
        assert_eq!(app["main"], "frost-gui", "{system}");
        assert_eq!(app["drv"], true);
        let cli = &packages[system]["frost-cli"];
        assert_eq!(cli["name"], format!("frost-cli-{version}"), "{system}");
        assert_eq!(cli["main"], "frost", "{system}");
        assert_eq!(cli["cargoBuildFlags"], json!(["-p", "frost-cli"]));
        assert_eq!(cli["drv"], true);
    }
}

#[test]
fn the_dev_shell_evaluates_for_both_systems() {
    let sandbox = NixSandbox::new().expect("sandbox");
    let shells = eval(
        &sandbox,
        "devShells",
        "builtins.mapAttrs (system: builtins.mapAttrs (name: s: builtins.isString s.drvPath))",
    );
    let expected: Value = SYSTEMS
        .iter()
        .map(|s| (s.to_string(), json!({ "default": true })))
        .collect::<serde_json::Map<_, _>>()
        .into();
    assert_eq!(shells, expected);
}
