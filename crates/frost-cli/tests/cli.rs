//! `frost` against a real profile built by real Nix, offline, in a temporary
//! folder: what it prints must agree with Nix's own view of the profile.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::process::{Command, Output};
use std::sync::OnceLock;

use frost_testkit::{listed_by_frost, listed_by_nix, FixtureProfile, FIXTURE_ELEMENTS};
use serde_json::Value;

mod common;
use common::frost_command;

fn fixture() -> &'static FixtureProfile {
    static FIXTURE: OnceLock<FixtureProfile> = OnceLock::new();
    // Under target/, rebuilt each run, so nothing leaks into /tmp.
    let dir = Path::new(env!("CARGO_TARGET_TMPDIR")).join("cli-fixture");
    FIXTURE.get_or_init(|| FixtureProfile::build_at(&dir).expect("fixture profile"))
}

fn frost(args: &[&str]) -> Output {
    frost_command(fixture(), args).output().expect("run frost")
}

fn frost_ok(args: &[&str]) -> String {
    let out = frost(args);
    assert!(
        out.status.success(),
        "frost {args:?} failed: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8(out.stdout).expect("utf-8 output")
}

fn profile_arg() -> String {
    fixture().profile.to_string_lossy().into_owned()
}

#[test]
fn list_json_agrees_with_nix_profile_list() {
    let nix: Value = serde_json::from_str(&fixture().nix_profile_list_json().expect("nix list"))
        .expect("nix json");
    let frost: Value =
        serde_json::from_str(&frost_ok(&["list", "--json", "--profile", &profile_arg()]))
            .expect("frost json");
    let (nix_view, frost_view) = (listed_by_nix(&nix), listed_by_frost(&frost));
    assert_eq!(frost_view, nix_view);
    let names: Vec<&str> = frost_view.keys().map(String::as_str).collect();
    assert_eq!(names, FIXTURE_ELEMENTS);
}

#[test]
fn list_json_describes_each_element() {
    let frost: Value =
        serde_json::from_str(&frost_ok(&["list", "--json", "--profile", &profile_arg()]))
            .expect("frost json");
    let by_name: BTreeMap<&str, &Value> = frost["elements"]
        .as_array()
        .expect("list")
        .iter()
        .map(|e| (e["name"].as_str().expect("name"), e))
        .collect();
    assert_eq!(by_name["hello"]["version"], "2.12.1");
    assert_eq!(by_name["hello-1"]["version"], "2.13");
    assert_eq!(by_name["hello-1"]["priority"], 4);
    assert_eq!(by_name["7zip"]["priority"], 3);
    assert_eq!(
        by_name["7zip"]["attrPath"],
        format!("legacyPackages.{}.7zip", fixture().system)
    );
    assert_eq!(by_name["pip"]["pname"], "python3.12-pip");
    assert_eq!(by_name["multi"]["outputs"], serde_json::json!(["*"]));
    assert_eq!(by_name["multi"]["version"], "1.0");
    assert_eq!(by_name["painter"]["kind"], "app");
    assert_eq!(by_name["hello"]["kind"], "tool");
    assert_eq!(by_name["cowsay"]["source"], "no source recorded");
    assert_eq!(by_name["cowsay"]["url"], Value::Null);
    let nixpkgs = fixture().nixpkgs.display().to_string();
    let hello_source = by_name["hello"]["source"].as_str().expect("source");
    assert!(
        hello_source.starts_with(&format!("local folder {nixpkgs}, ")),
        "{hello_source}"
    );
    let tool = fixture().tool_repo.display().to_string();
    let tool_source = by_name["hello-1"]["source"].as_str().expect("source");
    assert!(
        tool_source.starts_with(&format!("local Git repository {tool}, revision ")),
        "{tool_source}"
    );
    assert_eq!(frost["generation"], 6);
}

#[test]
fn list_table_shows_every_element_readably() {
    let table = frost_ok(&["list", "--profile", &profile_arg()]);
    let lines: Vec<&str> = table.lines().collect();
    assert!(lines[0].starts_with("NAME"), "{table}");
    assert_eq!(lines.len(), 1 + FIXTURE_ELEMENTS.len(), "{table}");
    let painter = lines
        .iter()
        .find(|l| l.starts_with("painter "))
        .expect("painter row");
    assert!(
        painter.contains("3.0.1") && painter.contains("app"),
        "{painter}"
    );
    let multi = lines
        .iter()
        .find(|l| l.starts_with("multi "))
        .expect("multi row");
    assert!(multi.contains(" all "), "{multi}");
}

#[test]
fn list_an_older_generation() {
    let frost: Value = serde_json::from_str(&frost_ok(&[
        "list",
        "--json",
        "--generation",
        "1",
        "--profile",
        &profile_arg(),
    ]))
    .expect("json");
    let names: Vec<&str> = frost["elements"]
        .as_array()
        .expect("list")
        .iter()
        .map(|e| e["name"].as_str().expect("name"))
        .collect();
    assert_eq!(names, ["hello"]);
}

#[test]
fn the_default_profile_is_found_like_nix_finds_it() {
    // No --profile: the sandbox's HOME has ~/.nix-profile → the profile.
    let out = frost_ok(&["list", "--json"]);
    let frost: Value = serde_json::from_str(&out).expect("json");
    assert_eq!(
        frost["elements"].as_array().map(Vec::len),
        Some(FIXTURE_ELEMENTS.len())
    );
}

#[test]
fn generations_and_their_diff() {
    let table = frost_ok(&["generations", "--profile", &profile_arg()]);
    let rows: Vec<&str> = table.lines().skip(1).collect();
    assert_eq!(rows.len(), 6, "{table}");
    assert!(rows[5].starts_with("6 (current)"), "{table}");
    // The same words as the window's History rows.
    assert!(rows[4].ends_with("Added cowsay"), "{table}");
    assert!(rows[0].ends_with("Started with hello"), "{table}");
    assert!(rows[1].ends_with("Added multi, painter and pip"), "{table}");

    let diff = frost_ok(&[
        "generations",
        "--diff",
        "4",
        "6",
        "--profile",
        &profile_arg(),
    ]);
    assert!(diff.contains("+ cowsay"), "{diff}");
    assert!(diff.contains("+ figlet"), "{diff}");
    let back = frost_ok(&[
        "generations",
        "--diff",
        "6",
        "1",
        "--profile",
        &profile_arg(),
    ]);
    assert!(back.contains("- painter"), "{back}");
    assert!(!back.contains("hello "), "hello is in both: {back}");
}

fn assert_one_line_error(out: &Output, needle: &str) {
    assert!(!out.status.success());
    let err = String::from_utf8_lossy(&out.stderr);
    assert_eq!(err.trim_end().lines().count(), 1, "one line: {err}");
    assert!(err.starts_with("frost: "), "{err}");
    assert!(err.contains(needle), "{err} should name {needle}");
}

#[test]
fn a_missing_profile_is_one_clear_line() {
    let missing = "/nonexistent/frost/profile";
    let out = frost(&["list", "--profile", missing]);
    assert_one_line_error(&out, missing);
}

#[test]
fn a_missing_generation_is_one_clear_line() {
    let out = frost(&["list", "--generation", "99", "--profile", &profile_arg()]);
    assert_one_line_error(&out, "99");
}

#[test]
fn a_damaged_manifest_names_the_file() {
    // A profile whose generation holds a truncated manifest.json.
    let dir = tempfile::tempdir().expect("tempdir");
    let generation = dir.path().join("gen");
    std::fs::create_dir(&generation).expect("mkdir");
    std::fs::write(
        generation.join("manifest.json"),
        b"{\"version\": 3, \"elements\": {\"a\"",
    )
    .expect("write");
    let profile = dir.path().join("profile");
    std::os::unix::fs::symlink(&generation, dir.path().join("profile-1-link")).expect("link");
    std::os::unix::fs::symlink("profile-1-link", &profile).expect("link");
    let out = frost(&["list", "--profile", &profile.to_string_lossy()]);
    assert_one_line_error(&out, "manifest.json");
}

#[test]
fn without_a_subcommand_it_starts_the_app_beside_it() {
    // A stand-in app next to a copy of frost shows what frost execs.
    let dir = tempfile::tempdir().expect("tempdir");
    let frost_copy: PathBuf = dir.path().join("frost");
    std::fs::copy(env!("CARGO_BIN_EXE_frost"), &frost_copy).expect("copy");
    let marker = dir.path().join("started");
    // frost-gui, or frost-gui-devel beside frost-devel: config.rs says.
    let app = dir.path().join(frost_core::config::GUI_BINARY);
    std::fs::write(
        &app,
        format!("#!/bin/sh\necho \"$@\" > '{}'\n", marker.display()),
    )
    .expect("write");
    std::fs::set_permissions(&app, std::os::unix::fs::PermissionsExt::from_mode(0o755))
        .expect("chmod");
    let status = Command::new(&frost_copy)
        .arg("/some/profile")
        .status()
        .expect("run");
    assert!(status.success());
    assert_eq!(
        std::fs::read_to_string(&marker).expect("the app ran"),
        "/some/profile\n"
    );
}
