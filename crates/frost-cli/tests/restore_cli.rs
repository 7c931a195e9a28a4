//! `frost apply` from any flake reference, with a preview: `--dry-run`
//! puts the flake's packages beside the profile in four groups and changes
//! nothing, `--only` applies a subset, `git+file:` references work, and a
//! flake without `packages.<system>` is refused with what it has. Real Nix,
//! offline, on the branch fixture (hello 2.12.1 and 7zip from a nixpkgs-like
//! Git repository, hello 2.13 from a tool flake as `hello-1`), frozen onto
//! the repository's branch `next` (hello 2.12.2, no 7zip).

use std::path::{Path, PathBuf};
use std::sync::OnceLock;

use frost_core::profile::Profile;
use frost_testkit::{nix_listed, BranchFixture, NixSandbox, NEXT_HELLO_VERSION};
use serde_json::Value;

mod common;
use common::{frost_in as frost, succeeded as ok};

struct Restore {
    f: BranchFixture,
    /// The fixture frozen onto `next`, in a folder whose name has a space
    /// and an accent.
    frozen: PathBuf,
}

fn restore() -> &'static Restore {
    static RESTORE: OnceLock<Restore> = OnceLock::new();
    RESTORE.get_or_init(|| {
        let root = Path::new(env!("CARGO_TARGET_TMPDIR")).join("restore-branch");
        let _ = std::fs::remove_dir_all(&root);
        let f = BranchFixture::build_in(NixSandbox::at(&root).unwrap()).unwrap();
        let frozen = root.join("mein Profil é");
        let repo = format!("git+file://{}", f.repo.display());
        let follow = format!("{repo}={repo}?ref=next");
        let (o, p) = (
            frozen.display().to_string(),
            f.profile.display().to_string(),
        );
        ok(
            frost(
                &f.sandbox,
                &["freeze", "--out", &o, "--profile", &p, "--follow", &follow],
            ),
            "frost freeze --follow",
        );
        Restore { f, frozen }
    })
}

fn text(bytes: &[u8]) -> String {
    String::from_utf8(bytes.to_vec()).expect("utf-8")
}

/// The profile's generation numbers and its manifest: what must not move.
fn state(profile: &Path) -> (Vec<u64>, Vec<u8>) {
    let p = Profile::open(profile).expect("profile");
    let numbers = p
        .generations()
        .expect("generations")
        .iter()
        .map(|g| g.number)
        .collect();
    (
        numbers,
        std::fs::read(profile.join("manifest.json")).unwrap(),
    )
}

/// Where a new profile `name` goes (its folder exists, it does not).
fn new_profile(r: &Restore, name: &str) -> PathBuf {
    let dir = r.f.sandbox.root().join("targets").join(name);
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).unwrap();
    dir.join("profile")
}

fn names(v: &Value) -> Vec<&str> {
    v.as_array()
        .unwrap()
        .iter()
        .map(|p| p["name"].as_str().unwrap())
        .collect()
}

#[test]
fn a_dry_run_shows_the_four_groups_and_changes_nothing() {
    let r = restore();
    let before = state(&r.f.profile);
    let (d, p) = (
        r.frozen.display().to_string(),
        r.f.profile.display().to_string(),
    );

    let out = frost(&r.f.sandbox, &["apply", &d, "--dry-run", "--profile", &p]);
    let stdout = ok(out.clone(), "frost apply --dry-run");
    let stderr = text(&out.stderr);
    assert!(
        stderr.starts_with(&format!("Reading the packages of {d}…")),
        "{stderr}"
    );
    assert!(
        stdout.starts_with(&format!("What applying {d} would do to {p} (")),
        "{stdout}"
    );
    assert!(
        stdout.contains(&format!(
            "\nDifferent version here, replaced when added (1):\n  hello 2.12.1 → {NEXT_HELLO_VERSION}\n"
        )),
        "{stdout}"
    );
    assert!(
        stdout.contains("\nAlready installed (1):\n  hello-1 2.13\n"),
        "{stdout}"
    );
    assert!(
        stdout.contains("\nOnly in your profile (1):\n  7zip 24.08\n"),
        "{stdout}"
    );
    assert!(!stdout.contains("Will be added"), "{stdout}");
    assert!(
        stdout.contains("Nothing was changed (--dry-run)."),
        "{stdout}"
    );

    let out = frost(
        &r.f.sandbox,
        &["apply", &d, "--dry-run", "--json", "--profile", &p],
    );
    let v: Value = serde_json::from_str(&ok(out, "--dry-run --json")).unwrap();
    assert_eq!(v["profile"], p.as_str());
    assert_eq!(v["source"], d.as_str());
    assert!(names(&v["willBeAdded"]).is_empty());
    assert_eq!(names(&v["alreadyInstalled"]), ["hello-1"]);
    assert_eq!(names(&v["differentVersion"]), ["hello"]);
    assert_eq!(names(&v["onlyInProfile"]), ["7zip"]);
    let hello = &v["differentVersion"][0];
    assert_eq!(hello["element"], "hello");
    assert_eq!(hello["installedVersion"], "2.12.1");
    assert_eq!(hello["incomingVersion"], NEXT_HELLO_VERSION);
    assert!(hello["storePath"]
        .as_str()
        .unwrap()
        .ends_with(&format!("-hello-{NEXT_HELLO_VERSION}")));

    // --only narrows the preview; an unknown name lists the packages.
    let out = frost(
        &r.f.sandbox,
        &[
            "apply",
            &d,
            "--dry-run",
            "--json",
            "--profile",
            &p,
            "--only",
            "hello",
        ],
    );
    let v: Value = serde_json::from_str(&ok(out, "--dry-run --only")).unwrap();
    assert_eq!(names(&v["differentVersion"]), ["hello"]);
    assert!(names(&v["alreadyInstalled"]).is_empty());

    // Into a profile that does not exist yet: everything would be added.
    let target = new_profile(r, "preview-only");
    let t = target.display().to_string();
    let out = frost(
        &r.f.sandbox,
        &["apply", &d, "--dry-run", "--json", "--profile", &t],
    );
    let v: Value = serde_json::from_str(&ok(out, "--dry-run, no profile")).unwrap();
    assert_eq!(names(&v["willBeAdded"]), ["hello", "hello-1"]);
    assert!(!target.exists(), "a preview makes no profile");

    assert_eq!(state(&r.f.profile), before, "the profile did not change");
}

#[test]
fn only_applies_a_subset_and_an_unknown_name_lists_what_there_is() {
    let r = restore();
    let d = r.frozen.display().to_string();
    let target = new_profile(r, "only");
    let t = target.display().to_string();

    let out = frost(
        &r.f.sandbox,
        &["apply", &d, "--profile", &t, "--only", "nope", "hello"],
    );
    assert_eq!(out.status.code(), Some(1));
    let stderr = text(&out.stderr);
    assert!(
        stderr.contains(&format!(
            "frost: The flake {d} has no package called nope. It has: hello, hello-1."
        )),
        "{stderr}"
    );
    assert!(!target.exists(), "nothing was installed");

    let out = frost(
        &r.f.sandbox,
        &["apply", &d, "--profile", &t, "--only", "hello", "--json"],
    );
    let v: Value = serde_json::from_str(&ok(out, "apply --only")).unwrap();
    assert_eq!(
        v,
        serde_json::json!({ "profile": t, "installed": ["hello"], "generation": 1 })
    );
    let listed = nix_listed(&r.f.sandbox, &target).unwrap();
    assert_eq!(listed.keys().collect::<Vec<_>>(), ["hello"]);
    assert!(listed["hello"].0[0].ends_with(&format!("-hello-{NEXT_HELLO_VERSION}")));
}

#[test]
fn a_git_file_reference_applies_like_its_folder() {
    let r = restore();
    // The frozen folder, committed into a Git repository.
    let repo = r.f.sandbox.root().join("shared profile");
    let _ = std::fs::remove_dir_all(&repo);
    std::fs::create_dir_all(&repo).unwrap();
    for file in ["flake.nix", "flake.lock", "README.md"] {
        std::fs::copy(r.frozen.join(file), repo.join(file)).unwrap();
    }
    let g = repo.display().to_string();
    for args in [
        &["init", "-q", "-b", "main"][..],
        &["add", "flake.nix", "flake.lock", "README.md"],
        &["commit", "-q", "-m", "my profile"],
    ] {
        let mut all = vec!["-C", g.as_str()];
        all.extend_from_slice(args);
        r.f.sandbox.run("git", &all).unwrap();
    }
    let reference = format!("git+file://{}", g.replace(' ', "%20"));
    let target = new_profile(r, "from-git");
    let t = target.display().to_string();

    let out = frost(
        &r.f.sandbox,
        &["apply", &reference, "--dry-run", "--json", "--profile", &t],
    );
    let v: Value = serde_json::from_str(&ok(out, "--dry-run of git+file:")).unwrap();
    assert_eq!(v["source"], reference.as_str());
    assert_eq!(names(&v["willBeAdded"]), ["hello", "hello-1"]);

    let out = frost(&r.f.sandbox, &["apply", &reference, "--profile", &t]);
    let stderr = text(&out.stderr);
    assert_eq!(
        ok(out, "apply git+file:"),
        format!("Installed 2 packages into {t} (generation 1).\n"),
        "{stderr}"
    );
    assert!(
        stderr.starts_with(&format!("Installing the packages of {reference}…")),
        "{stderr}"
    );
    let listed = nix_listed(&r.f.sandbox, &target).unwrap();
    let before = nix_listed(&r.f.sandbox, &r.f.profile).unwrap();
    assert_eq!(listed.keys().collect::<Vec<_>>(), ["hello", "hello-1"]);
    assert_eq!(listed["hello-1"], before["hello-1"]);

    // Again, from the folder: both are installed already, nothing changes.
    let d = r.frozen.display().to_string();
    let out = frost(&r.f.sandbox, &["apply", &d, "--profile", &t]);
    assert_eq!(
        ok(out, "apply again"),
        format!("Installed 0 packages into {t} (generation 1).\n")
    );
    assert_eq!(nix_listed(&r.f.sandbox, &target).unwrap(), listed);
}

#[test]
fn a_flake_of_another_shape_is_refused_with_what_it_has() {
    let r = restore();
    let system = &r.f.system;
    let other = if system == "aarch64-darwin" {
        "x86_64-linux"
    } else {
        "aarch64-darwin"
    };
    let flake = |name: &str, outputs: &str| {
        let dir = r.f.sandbox.root().join("shapes").join(name);
        std::fs::create_dir_all(&dir).unwrap();
        std::fs::write(
            dir.join("flake.nix"),
            format!(
                r#"{{ outputs = {{ self }}: let pkg = derivation {{ name = "x-1"; system = "{system}"; builder = "/bin/sh"; args = [ "-c" "echo > $out" ]; }}; in {outputs}; }}"#
            ),
        )
        .unwrap();
        dir.display().to_string()
    };
    let p = r.f.profile.display().to_string();
    let before = state(&r.f.profile);

    let legacy = flake(
        "legacy",
        &format!(r#"{{ legacyPackages.{system}.x = pkg; nixosConfigurations = {{ }}; }}"#),
    );
    for extra in [&["--dry-run"][..], &[]] {
        let mut args = vec!["apply", legacy.as_str(), "--profile", &p];
        args.extend_from_slice(extra);
        let out = frost(&r.f.sandbox, &args);
        assert_eq!(out.status.code(), Some(1));
        let stderr = text(&out.stderr);
        assert!(
            stderr.contains(&format!(
                "frost: The flake {legacy} has no packages to install: it has legacyPackages, nixosConfigurations, but no “packages” output."
            )),
            "{stderr}"
        );
    }

    let elsewhere = flake("elsewhere", &format!(r#"{{ packages.{other}.x = pkg; }}"#));
    let out = frost(&r.f.sandbox, &["apply", &elsewhere, "--profile", &p]);
    assert_eq!(out.status.code(), Some(1));
    let stderr = text(&out.stderr);
    assert!(
        stderr.contains(&format!(
            "frost: The flake {elsewhere} has no packages for this machine ({system}), only for {other}."
        )),
        "{stderr}"
    );

    // A flake Frost did not write, with packages for this machine, works.
    let plain = flake("plain", &format!(r#"{{ packages.{system}.x = pkg; }}"#));
    let out = frost(
        &r.f.sandbox,
        &["apply", &plain, "--dry-run", "--json", "--profile", &p],
    );
    let v: Value = serde_json::from_str(&ok(out, "--dry-run of a plain flake")).unwrap();
    assert_eq!(names(&v["willBeAdded"]), ["x"]);
    assert_eq!(v["willBeAdded"][0]["incomingVersion"], "1");

    assert_eq!(state(&r.f.profile), before, "the profile did not change");
}
