//! Frost's reading of old manifests against real Nix: each test stores a
//! generation holding a manifest, points a temporary profile at it and
//! compares Frost's elements with `nix profile list --json` (Nix 2.20+
//! names version 1/2 and nix-env elements when it reads them).
//!
//! Needs `nix` on PATH and a writable store; without `nix` the tests say so
//! and pass. They never touch the machine's own profile: HOME and the XDG
//! folders point into a temporary folder and `--profile` names the profile.

#[path = "manifest_common/mod.rs"]
mod common;

use std::path::{Path, PathBuf};
use std::process::Command;

use common::{assert_same_as_nix, fixture, Compare};
use frost_core::Manifest;
use serde_json::{json, Value};
use tempfile::TempDir;

struct Nix {
    dir: TempDir,
}

impl Nix {
    fn new() -> Option<Nix> {
        let found = Command::new("nix")
            .arg("--version")
            .output()
            .is_ok_and(|o| o.status.success());
        if !found {
            eprintln!("nix is not installed: skipping the comparison with real Nix");
            return None;
        }
        // Tests start `nix` in parallel: the store's first use must be over.
        frost_testkit::prepare_nix_store().expect("the Nix store is ready");
        Some(Nix {
            dir: tempfile::tempdir().unwrap(),
        })
    }

    fn command(&self, program: &str) -> Command {
        let mut c = Command::new(program);
        let d = self.dir.path();
        c.env("HOME", d.join("home"))
            .env("XDG_STATE_HOME", d.join("state"))
            .env("XDG_CACHE_HOME", d.join("cache"))
            .env("XDG_CONFIG_HOME", d.join("config"))
            .env("XDG_DATA_HOME", d.join("data"))
            .env(
                "NIX_CONFIG",
                "experimental-features = nix-command flakes\nsandbox = false\nsubstituters =",
            );
        c
    }

    fn run(&self, cmd: &mut Command) -> String {
        let out = cmd.output().unwrap();
        assert!(
            out.status.success(),
            "{cmd:?}: {}",
            String::from_utf8_lossy(&out.stderr)
        );
        String::from_utf8(out.stdout).unwrap()
    }

    fn add_to_store(&self, path: &Path) -> PathBuf {
        let out = self.run(self.command("nix-store").arg("--add").arg(path));
        PathBuf::from(out.trim())
    }

    /// A generation in the store holding `file` with `content`.
    fn generation(&self, label: &str, file: &str, content: &[u8]) -> PathBuf {
        let src = self.dir.path().join(label).join("profile");
        std::fs::create_dir_all(&src).unwrap();
        std::fs::write(src.join(file), content).unwrap();
        self.add_to_store(&src)
    }

    /// A generation laid out as nix-env makes it: `manifest.nix` is a link
    /// to a store file of its own (Nix refuses anything else).
    fn nix_env_generation(&self, label: &str, content: &[u8]) -> PathBuf {
        let file = self.dir.path().join(label).join("env-manifest.nix");
        std::fs::create_dir_all(file.parent().unwrap()).unwrap();
        std::fs::write(&file, content).unwrap();
        let stored = self.add_to_store(&file);
        let src = self.dir.path().join(label).join("user-environment");
        std::fs::create_dir_all(&src).unwrap();
        std::os::unix::fs::symlink(stored, src.join("manifest.nix")).unwrap();
        self.add_to_store(&src)
    }

    /// What `nix profile list --json` says about a profile at `generation`.
    fn list(&self, label: &str, generation: &Path) -> Value {
        let profiles = self.dir.path().join(label).join("profiles");
        std::fs::create_dir_all(&profiles).unwrap();
        std::os::unix::fs::symlink(generation, profiles.join("profile-1-link")).unwrap();
        std::os::unix::fs::symlink("profile-1-link", profiles.join("profile")).unwrap();
        let out = self.run(
            self.command("nix")
                .args(["profile", "list", "--json", "--profile"])
                .arg(profiles.join("profile")),
        );
        serde_json::from_str(&out).unwrap()
    }
}

const NP: &str = "github:NixOS/nixpkgs/5737e71fe80cb556e2230fa560ca67173fc77ea8";

fn path(name: &str) -> String {
    // Any valid hash will do: Nix reads the paths without needing them.
    format!("/nix/store/dhcb9jz9r22yrwjj82la99bbl6chybxm-{name}")
}

fn sourced(original: &str, attr: &str, outputs: Value, paths: &[&str]) -> Value {
    let locked = if original.starts_with("flake:") {
        NP.to_owned()
    } else {
        original.to_owned()
    };
    json!({"active": true, "attrPath": attr, "originalUrl": original, "url": locked, "outputs": outputs,
        "priority": 5, "storePaths": paths.iter().map(|p| path(p)).collect::<Vec<_>>()})
}

/// Names at the edges of Nix's rules, each in a version 2 manifest.
fn tricky_v2() -> Value {
    let n = Value::Null;
    let mut elements = vec![];
    for _ in 0..4 {
        elements.push(sourced(
            "flake:nixpkgs",
            "legacyPackages.x86_64-linux.hello",
            n.clone(),
            &["hello-2.12.1"],
        ));
    }
    let more = [
        sourced(
            "flake:nixpkgs",
            "legacyPackages.x86_64-linux.hello-2",
            n.clone(),
            &["hello-2-0"],
        ),
        sourced(
            "flake:nixpkgs/nixos-24.05",
            "packages.x86_64-linux.default",
            json!(["out", "man"]),
            &["a-1"],
        ),
        sourced(
            "flake:nixpkgs/master",
            "packages.x86_64-linux.default",
            n.clone(),
            &["b-1"],
        ),
        sourced(
            "github:NixOS/nixpkgs/nixos-24.05",
            "packages.x86_64-linux.default",
            n.clone(),
            &["c-1"],
        ),
        sourced(
            "gitlab:owner/some_repo",
            "defaultPackage.x86_64-linux",
            n.clone(),
            &["d-1"],
        ),
        sourced(
            "sourcehut:~user/repo",
            "packages.x86_64-linux.default",
            json!(["*"]),
            &["e-1"],
        ),
        sourced(
            "github:owner/repo.js",
            "packages.x86_64-linux.default",
            n.clone(),
            &["f-1"],
        ),
        sourced(
            "git+https://example.org/me/repo.git?ref=main",
            "packages.x86_64-linux.default",
            n.clone(),
            &["g-1"],
        ),
        sourced(
            "git+https://example.org/me/tool",
            "packages.x86_64-linux.default",
            n.clone(),
            &["h-1"],
        ),
        sourced(
            "https://example.org/x/archive.tar.gz",
            "packages.x86_64-linux.default",
            n.clone(),
            &["i-1"],
        ),
        sourced(
            "path:/tmp/x?dir=a%20b",
            "packages.x86_64-linux.default",
            n.clone(),
            &["j-1"],
        ),
        sourced(
            "path:/tmp/mono",
            "legacyPackages.x86_64-linux.gtk+3",
            n.clone(),
            &["k-1"],
        ),
        sourced(
            "flake:nixpkgs",
            "legacyPackages.x86_64-linux.\"foo.bar\"",
            n.clone(),
            &["l-1"],
        ),
        sourced(
            "flake:nixpkgs",
            "legacyPackages.x86_64-linux.hello%2Dworld",
            n.clone(),
            &["m-1"],
        ),
        sourced("flake:nixpkgs", "x.defaultPackage.y", n.clone(), &["o-1"]),
        sourced(
            "flake:nixpkgs",
            "defaultPackage.y",
            json!(["out"]),
            &["p-1"],
        ),
        json!({"active": false, "priority": -3, "storePaths": [path("ripgrep-14.1.0"), path("ripgrep-14.1.0-doc")]}),
        json!({"active": true, "priority": 100, "storePaths": [path("ripgrep-13.0.0")]}),
        json!({"active": true, "storePaths": [path("zz-1.0"), path("aa-2.0"), path("aa-3.0")]}),
    ];
    elements.extend(more);
    json!({"version": 2, "elements": elements})
}

#[test]
fn version_2_names_match_real_nix() {
    let Some(nix) = Nix::new() else { return };
    let doc = tricky_v2().to_string();
    let generation = nix.generation("v2", "manifest.json", doc.as_bytes());
    let listing = nix.list("v2", &generation);
    let ours = Manifest::read_dir(&generation).unwrap();
    assert_same_as_nix(&ours, &listing, Compare { everything: true });
}

#[test]
fn version_1_fixture_matches_real_nix() {
    let Some(nix) = Nix::new() else { return };
    let generation = nix.generation("v1", "manifest.json", &fixture("v1.json"));
    let listing = nix.list("v1", &generation);
    assert_same_as_nix(
        &Manifest::read_dir(&generation).unwrap(),
        &listing,
        Compare { everything: true },
    );
}

#[test]
fn nix_env_names_match_real_nix() {
    let Some(nix) = Nix::new() else { return };
    let generation = nix.nix_env_generation("env", &fixture("nix-env-2.26.nix"));
    let listing = nix.list("env", &generation);
    assert_same_as_nix(
        &Manifest::read_dir(&generation).unwrap(),
        &listing,
        Compare { everything: false },
    );
}
