//! `frost` on every kind of path `nix profile list --profile P` reads, in a
//! real profile built offline by real Nix in a temporary folder: reading
//! agrees with Nix, changes to anything but the profile are refused and
//! leave it as it was (Nix itself would replace the generation link).

use std::path::{Path, PathBuf};
use std::process::Output;
use std::sync::OnceLock;

use frost_testkit::{listed_by_frost, listed_by_nix, FixtureProfile, Listed};
use serde_json::Value;

mod common;
use common::frost_command;

fn fixture() -> &'static FixtureProfile {
    static FIXTURE: OnceLock<FixtureProfile> = OnceLock::new();
    let dir = Path::new(env!("CARGO_TARGET_TMPDIR")).join("cli-paths-fixture");
    FIXTURE.get_or_init(|| FixtureProfile::build_at(&dir).expect("fixture profile"))
}

fn frost(args: &[&str]) -> Output {
    frost_command(fixture(), args).output().expect("run frost")
}

fn stdout_ok(out: Output, what: &str) -> String {
    assert!(
        out.status.success(),
        "{what} failed: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8(out.stdout).expect("utf-8")
}

fn generation_link(n: u64) -> PathBuf {
    fixture().generation_link(n)
}

fn nix_view(path: &Path) -> Listed {
    let out = fixture()
        .nix_profile_list_json_of(path)
        .expect("nix profile list");
    listed_by_nix(&serde_json::from_str(&out).expect("nix json"))
}

/// `frost list --json --profile PATH`: its view and its head.
fn frost_list(path: &Path) -> (Listed, Value) {
    let p = path.display().to_string();
    let out = stdout_ok(frost(&["list", "--json", "--profile", &p]), "frost list");
    let json: Value = serde_json::from_str(&out).expect("frost json");
    (listed_by_frost(&json), json)
}

fn same_as_nix(path: &Path) -> Value {
    let (view, head) = frost_list(path);
    let nix = nix_view(path);
    assert!(!nix.is_empty(), "{}", path.display());
    assert_eq!(view, nix, "{}", path.display());
    head
}

fn profile_str() -> String {
    fixture().profile.display().to_string()
}

#[test]
fn profile_and_home_link_list_as_nix_lists_them() {
    let f = fixture();
    for path in [f.profile.clone(), f.sandbox.home().join(".nix-profile")] {
        let head = same_as_nix(&path);
        assert_eq!(head["profile"], profile_str().as_str());
        assert_eq!(head["generation"], 6);
        assert_eq!(head["readOnly"], false);
    }
}

#[test]
fn generation_link_lists_that_generation() {
    let head = same_as_nix(&generation_link(5));
    assert_eq!(head["profile"], profile_str().as_str());
    assert_eq!(head["generation"], 5);
    assert_eq!(head["readOnly"], true);
    let store_path = std::fs::read_link(generation_link(5)).expect("link");
    assert_eq!(
        head["manifestDir"],
        store_path.display().to_string().as_str()
    );
    // The table too, not only the JSON: no "no profile" any more.
    let link = generation_link(5).display().to_string();
    let table = stdout_ok(frost(&["list", "--profile", &link]), "frost list");
    assert!(table.starts_with("NAME"), "{table}");
    assert!(!table.contains("figlet"), "{table}");
}

#[test]
fn store_path_and_copied_folder_list_as_nix_lists_them() {
    let f = fixture();
    let store_path = std::fs::read_link(generation_link(2)).expect("generation 2");
    let copy = f.manifest_copy(4).expect("a copied manifest");
    for path in [store_path, copy] {
        let head = same_as_nix(&path);
        assert_eq!(head["profile"], Value::Null);
        assert_eq!(head["generation"], Value::Null);
        assert_eq!(head["readOnly"], true);
        // A folder has no generations to list, and says so.
        let p = path.display().to_string();
        let out = frost(&["generations", "--profile", &p]);
        assert!(!out.status.success());
        let err = String::from_utf8_lossy(&out.stderr);
        assert!(
            err.contains("is not a profile: it has no generations"),
            "{err}"
        );
    }
}

#[test]
fn no_manifest_is_still_no_profile() {
    let f = fixture();
    let empty = f.sandbox.root().join("no-manifest");
    std::fs::create_dir_all(&empty).expect("folder");
    assert!(nix_view(&empty).is_empty());
    let p = empty.display().to_string();
    let out = frost(&["list", "--json", "--profile", &p]);
    assert!(!out.status.success());
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(
        err.contains(&format!("No Nix profile at {p}: it leads to no profile")),
        "{err}"
    );
}

#[test]
fn generations_of_a_generation_link_are_its_profile_s() {
    let link = generation_link(3).display().to_string();
    let own = stdout_ok(
        frost(&["generations", "--json", "--profile", &profile_str()]),
        "frost generations",
    );
    let out = frost(&["generations", "--json", "--profile", &link]);
    assert_eq!(stdout_ok(out, "frost generations"), own);
    let out = frost(&["generations", "--profile", &link]);
    let err = String::from_utf8_lossy(&out.stderr).into_owned();
    assert!(stdout_ok(out, "frost generations").contains("6 (current)"));
    assert!(err.contains("is generation 3 of the profile"), "{err}");
}

#[test]
fn freeze_of_a_generation_link_freezes_that_generation() {
    let out = fixture().sandbox.root().join("frozen-generation-1");
    let _ = std::fs::remove_dir_all(&out);
    let (o, link) = (out.display().to_string(), generation_link(1));
    let link = link.display().to_string();
    let args = ["freeze", "--json", "--out", &o, "--profile", &link];
    let report: Value =
        serde_json::from_str(&stdout_ok(frost(&args), "frost freeze")).expect("json");
    let names: Vec<&str> = report["freeze"]["plan"]["packages"]
        .as_array()
        .expect("packages")
        .iter()
        .map(|p| p["name"].as_str().expect("name"))
        .collect();
    assert_eq!(names, ["hello"]);
    let flake = std::fs::read_to_string(out.join("flake.nix")).expect("flake.nix");
    assert!(flake.contains("(generation 1)"), "{flake}");
}

/// Every link in the profile's folder with its target, and the current
/// manifest: what a change would touch.
fn profile_state() -> (Vec<(String, PathBuf)>, Vec<u8>) {
    let dir = fixture().profile.parent().expect("folder");
    let mut links: Vec<(String, PathBuf)> = std::fs::read_dir(dir)
        .expect("read folder")
        .flatten()
        .map(|e| {
            let target = std::fs::read_link(e.path()).unwrap_or_default();
            (e.file_name().to_string_lossy().into_owned(), target)
        })
        .collect();
    links.sort();
    let manifest = std::fs::read(fixture().profile.join("manifest.json")).expect("manifest");
    (links, manifest)
}

#[test]
fn changes_to_a_generation_link_or_folder_are_refused() {
    let f = fixture();
    let before = profile_state();
    let link = generation_link(5).display().to_string();
    let store_path = std::fs::read_link(generation_link(5)).expect("link");
    let folder = store_path.display().to_string();
    let cowsay = fixture_cowsay();
    let changes: [&[&str]; 5] = [
        &["install", "--profile", &link, &cowsay],
        &["remove", "--profile", &link, "hello"],
        &["upgrade", "--all", "--profile", &link],
        &["rollback", "--profile", &link],
        &["install", "--profile", &folder, &cowsay],
    ];
    for args in changes {
        let out = frost(args);
        assert!(!out.status.success(), "{args:?} succeeded");
        let err = String::from_utf8_lossy(&out.stderr);
        let expected = if args.contains(&link.as_str()) {
            format!(
                "{link} is generation 5 of the profile {}, not a profile",
                f.profile.display()
            )
        } else {
            format!("{folder} holds a profile manifest but is not a profile")
        };
        assert!(err.contains(&expected), "{args:?}: {err}");
    }
    assert_eq!(profile_state(), before);
    // Nix would have made `profile-5-link-1-link` beside it.
    assert!(!generation_link(5)
        .with_file_name("profile-5-link-1-link")
        .exists());
}

/// The bare store path the fixture installed as `cowsay`.
fn fixture_cowsay() -> String {
    let view = nix_view(&fixture().profile);
    view["cowsay"].0[0].clone()
}
