//! `frost freeze`, `frost verify` and `frost apply` against real Nix, on
//! the fixture profile (built offline in a temporary folder): the proofs of
//! the freeze issue, in its order.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::sync::OnceLock;

use frost_testkit::{
    nix_listed, BranchFixture, FixtureProfile, Listed, NixSandbox, NEXT_HELLO_VERSION,
};
use serde_json::Value;

mod common;
use common::{frost_in, scratch_in, succeeded as ok};

fn fixture() -> &'static FixtureProfile {
    static FIXTURE: OnceLock<FixtureProfile> = OnceLock::new();
    let dir = Path::new(env!("CARGO_TARGET_TMPDIR")).join("freeze-fixture");
    FIXTURE.get_or_init(|| FixtureProfile::build_at(&dir).expect("fixture profile"))
}

fn sandbox() -> &'static NixSandbox {
    &fixture().sandbox
}

/// A fresh folder under the fixture's root, for one test's output.
fn scratch(name: &str) -> PathBuf {
    scratch_in(fixture(), name)
}

fn profile() -> String {
    fixture().profile.display().to_string()
}

fn freeze_into(dir: &Path, extra: &[&str]) -> Value {
    let d = dir.display().to_string();
    let mut args = vec!["freeze", "--json", "--out", d.as_str(), "--profile"];
    let p = profile();
    args.push(&p);
    args.extend_from_slice(extra);
    serde_json::from_str(&ok(frost_in(sandbox(), &args), "frost freeze")).unwrap()
}

/// name → (sorted store paths, outputs, priority), as `nix profile list`
/// shows a profile.
fn nix_view(s: &NixSandbox, profile: &Path) -> Listed {
    nix_listed(s, profile).unwrap_or_else(|e| panic!("{e}"))
}

fn original_without_bare() -> Listed {
    let mut v = nix_view(sandbox(), &fixture().profile);
    assert!(v.remove("cowsay").is_some());
    v
}

fn listing(dir: &Path) -> Vec<(String, Vec<u8>)> {
    let mut v: Vec<(String, Vec<u8>)> = std::fs::read_dir(dir)
        .unwrap()
        .flatten()
        .map(|e| {
            (
                e.file_name().into_string().unwrap(),
                std::fs::read(e.path()).unwrap_or_default(),
            )
        })
        .collect();
    v.sort();
    v
}

/// Every name below `dir`, recursively (links not followed).
fn listing_of_names(dir: &Path) -> Vec<PathBuf> {
    let mut out = Vec::new();
    if let Ok(d) = std::fs::read_dir(dir) {
        for e in d.flatten() {
            out.push(e.path());
            if e.file_type().is_ok_and(|t| t.is_dir()) {
                out.extend(listing_of_names(&e.path()));
            }
        }
    }
    out.sort();
    out
}

fn generations(profile: &Path) -> Vec<String> {
    let dir = profile.parent().unwrap();
    let name = profile.file_name().unwrap().to_string_lossy().into_owned();
    let mut v: Vec<String> = std::fs::read_dir(dir)
        .map(|d| {
            d.flatten()
                .map(|e| e.file_name().into_string().unwrap())
                .filter(|n| n.starts_with(&format!("{name}-")))
                .collect()
        })
        .unwrap_or_default();
    v.sort();
    v
}

// 1. freeze (keep exact) → verify says identical for every freezable
//    element, and reports the bare element as unfreezable.
#[test]
fn proof_1_frozen_packages_verify_identical_and_the_bare_element_is_listed() {
    let dir = scratch("proof1");
    let report = freeze_into(&dir, &[]);
    let unfrozen = report["freeze"]["plan"]["unfrozen"].as_array().unwrap();
    assert_eq!(unfrozen.len(), 1, "{unfrozen:?}");
    assert_eq!(unfrozen[0]["name"], "cowsay");
    assert_eq!(unfrozen[0]["reason"]["kind"], "no-source");

    let d = dir.display().to_string();
    let verified: Value = serde_json::from_str(&ok(
        frost_in(
            sandbox(),
            &["verify", &d, "--profile", &profile(), "--json"],
        ),
        "frost verify",
    ))
    .unwrap();
    let verdicts: BTreeMap<&str, &str> = verified["elements"]
        .as_array()
        .unwrap()
        .iter()
        .map(|e| (e["name"].as_str().unwrap(), e["verdict"].as_str().unwrap()))
        .collect();
    let expected: BTreeMap<&str, &str> = [
        ("7zip", "identical"),
        ("cowsay", "not-frozen"),
        ("figlet", "identical"),
        ("hello", "identical"),
        ("hello-1", "identical"),
        ("multi", "identical"),
        ("painter", "identical"),
        ("pip", "identical"),
    ]
    .into();
    assert_eq!(verdicts, expected);

    // verify can tell: a changed priority is a difference, and the exit
    // status says so.
    let flake = dir.join("flake.nix");
    let text = std::fs::read_to_string(&flake).unwrap();
    let changed = text.replace(
        "\"7zip\" = frozen { priority = 3; }",
        "\"7zip\" = frozen { priority = 9; }",
    );
    assert_ne!(text, changed);
    std::fs::write(&flake, changed).unwrap();
    let out = frost_in(sandbox(), &["verify", &d, "--profile", &profile()]);
    assert_eq!(out.status.code(), Some(2));
    let table = String::from_utf8(out.stdout).unwrap();
    let line = table.lines().find(|l| l.starts_with("7zip ")).unwrap();
    assert!(
        line.contains(" different ") && line.ends_with("priority 3 in the profile, 9 in the flake"),
        "{table}"
    );
}

// 2. apply into an empty profile → the same names, store paths, outputs
//    and priorities as the original (bare element excepted).
#[test]
fn proof_2_apply_into_an_empty_profile_gives_the_same_profile() {
    let dir = scratch("proof2");
    freeze_into(&dir, &[]);
    let target = scratch("proof2-profile").join("profile");
    std::fs::create_dir_all(target.parent().unwrap()).unwrap();
    let (d, t) = (dir.display().to_string(), target.display().to_string());
    ok(
        frost_in(sandbox(), &["apply", &d, "--profile", &t]),
        "frost apply",
    );
    assert_eq!(nix_view(sandbox(), &target), original_without_bare());
    assert_eq!(generations(&target), ["profile-1-link"], "one generation");
}

#[test]
fn apply_through_the_nix_profile_link_changes_the_real_profile() {
    // Nix takes --profile literally; given ~/.nix-profile it would start a
    // new profile beside the link. Frost must follow the link.
    let dir = scratch("apply-link");
    freeze_into(&dir, &["--only", "hello"]);
    let user = NixSandbox::new().unwrap();
    let profile = user.state_home().join("nix/profiles/profile");
    let p = profile.display().to_string();
    let first = format!("path:{}#multi^*", fixture().nixpkgs.display());
    user.nix(&["profile", "install", "--profile", &p, &first])
        .unwrap();
    let link = user.home().join(".nix-profile");
    let (d, l) = (dir.display().to_string(), link.display().to_string());
    ok(
        frost_in(&user, &["apply", &d, "--profile", &l]),
        "frost apply",
    );
    assert_eq!(
        std::fs::read_link(&link).unwrap(),
        profile,
        "the link is kept"
    );
    assert_eq!(generations(&profile), ["profile-1-link", "profile-2-link"]);
    let names: Vec<String> = nix_view(&user, &profile).into_keys().collect();
    assert_eq!(names, ["hello", "multi"]);
    assert!(
        !user.home().join(".nix-profile-1-link").exists(),
        "no profile was started beside the link"
    );
}

// 3. The README's plain nix commands do the same.
#[test]
fn proof_3_the_readme_commands_restore_the_same_profile() {
    let dir = scratch("proof3");
    freeze_into(&dir, &[]);
    let readme = std::fs::read_to_string(dir.join("README.md")).unwrap();
    let start = readme.find("```sh\n").expect("a shell block") + 6;
    let end = start + readme[start..].find("```").unwrap();
    let script = &readme[start..end];
    assert!(script.starts_with("nix profile install"), "{script}");
    // Another user: an empty default profile, nothing of Frost. The
    // sandbox makes their ~/.nix-profile lead into it (as root, Nix would
    // otherwise create it pointing at root's own profile).
    let other = NixSandbox::new().unwrap();
    let profile = other.state_home().join("nix/profiles/profile");
    assert_eq!(
        std::fs::read_link(other.home().join(".nix-profile")).unwrap(),
        profile
    );
    let machine_profiles = listing_of_names(Path::new("/nix/var/nix/profiles/per-user"));
    let out = other
        .command("sh")
        .args(["-euc", script])
        .current_dir(&dir)
        .output()
        .unwrap();
    ok(out, "the README's commands");
    assert_eq!(nix_view(&other, &profile), original_without_bare());
    assert_eq!(
        listing_of_names(Path::new("/nix/var/nix/profiles/per-user")),
        machine_profiles
    );
}

// 4. nix flake lock leaves flake.lock byte-identical; and for sources whose
//    recorded revision is their current one, the lock is the very file Nix
//    writes from nothing.
#[test]
fn proof_4_nix_flake_lock_leaves_the_lock_byte_identical() {
    let dir = scratch("proof4");
    freeze_into(&dir, &[]);
    let before = std::fs::read(dir.join("flake.lock")).unwrap();
    sandbox()
        .nix(&["flake", "lock", &format!("path:{}", dir.display())])
        .unwrap();
    assert_eq!(std::fs::read(dir.join("flake.lock")).unwrap(), before);

    let current = scratch("proof4-current");
    freeze_into(&current, &["--only", "figlet", "--only", "hello-1"]);
    let fresh = scratch("proof4-fresh");
    std::fs::create_dir_all(&fresh).unwrap();
    std::fs::copy(current.join("flake.nix"), fresh.join("flake.nix")).unwrap();
    sandbox()
        .nix(&["flake", "lock", &format!("path:{}", fresh.display())])
        .unwrap();
    assert_eq!(
        String::from_utf8(std::fs::read(fresh.join("flake.lock")).unwrap()).unwrap(),
        String::from_utf8(std::fs::read(current.join("flake.lock")).unwrap()).unwrap()
    );
}

// 5. Move to a branch: the report and the new profile show the new
//    version; the other inputs stay exact; what the branch lacks is listed.
#[test]
fn proof_5_moving_to_a_branch_updates_what_moved_and_keeps_the_rest() {
    let root = Path::new(env!("CARGO_TARGET_TMPDIR")).join("freeze-branch");
    let _ = std::fs::remove_dir_all(&root);
    let f = BranchFixture::build_in(NixSandbox::at(&root).unwrap()).unwrap();
    let before = nix_view(&f.sandbox, &f.profile);
    let out = root.join("frozen");
    let repo = format!("git+file://{}", f.repo.display());
    let follow = format!("{repo}={repo}?ref=next");
    let (o, p) = (out.display().to_string(), f.profile.display().to_string());
    let report: Value = serde_json::from_str(&ok(
        frost_in(
            &f.sandbox,
            &[
                "freeze",
                "--json",
                "--out",
                &o,
                "--profile",
                &p,
                "--follow",
                &follow,
            ],
        ),
        "frost freeze --follow",
    ))
    .unwrap();
    let r = &report["freeze"];
    let moved: BTreeMap<&str, &Value> = r["moved"]
        .as_array()
        .unwrap()
        .iter()
        .map(|m| (m["name"].as_str().unwrap(), m))
        .collect();
    assert_eq!(moved["hello"]["oldVersion"], "2.12.1");
    assert_eq!(moved["hello"]["newVersion"], NEXT_HELLO_VERSION);
    assert_eq!(moved["7zip"]["missing"], true);
    assert!(
        !moved.contains_key("hello-1"),
        "the tool input did not move"
    );
    let unfrozen = r["plan"]["unfrozen"].as_array().unwrap();
    assert_eq!(unfrozen.len(), 1);
    assert_eq!(unfrozen[0]["name"], "7zip");
    assert_eq!(unfrozen[0]["reason"]["kind"], "missing-from-target");
    let inputs: BTreeMap<&str, &str> = r["plan"]["inputs"]
        .as_array()
        .unwrap()
        .iter()
        .map(|i| {
            (
                i["name"].as_str().unwrap(),
                i["pin"]["kind"].as_str().unwrap(),
            )
        })
        .collect();
    assert_eq!(
        inputs,
        BTreeMap::from([("pkgs-git", "follow"), ("tool-git", "exact")])
    );
    // Each input counts only the packages frozen from it: 7zip, left out,
    // is not one of pkgs-git's (the Done page and README count by these).
    let counts: BTreeMap<&str, u64> = r["plan"]["inputs"]
        .as_array()
        .unwrap()
        .iter()
        .map(|i| (i["name"].as_str().unwrap(), i["packages"].as_u64().unwrap()))
        .collect();
    assert_eq!(counts, BTreeMap::from([("pkgs-git", 1), ("tool-git", 1)]));
    let lock = std::fs::read_to_string(out.join("flake.lock")).unwrap();
    assert!(lock.contains("\"ref\": \"next\""), "{lock}");
    assert!(!std::fs::read_to_string(out.join("flake.nix"))
        .unwrap()
        .contains("7zip"));

    let target = root.join("applied/profile");
    std::fs::create_dir_all(target.parent().unwrap()).unwrap();
    let t = target.display().to_string();
    ok(
        frost_in(&f.sandbox, &["apply", &o, "--profile", &t]),
        "frost apply",
    );
    let after = nix_view(&f.sandbox, &target);
    assert_eq!(after.keys().collect::<Vec<_>>(), ["hello", "hello-1"]);
    assert!(
        after["hello"].0[0].ends_with(&format!("-hello-{NEXT_HELLO_VERSION}")),
        "{after:?}"
    );
    assert_eq!(
        after["hello-1"], before["hello-1"],
        "the exact input kept its revision"
    );
}

// 6. A refused overwrite, a failure while writing (read-only target) and a
//    Nix failure leave the folder and the profile as they were.
#[test]
fn proof_6_failures_change_nothing() {
    let p = profile();
    let gens = generations(&fixture().profile);

    // A folder with the user's files: refused without --force.
    let dir = scratch("proof6-refused");
    std::fs::create_dir_all(&dir).unwrap();
    std::fs::write(dir.join("flake.nix"), "my own flake").unwrap();
    std::fs::write(dir.join("notes.txt"), "mine").unwrap();
    let before = listing(&dir);
    let d = dir.display().to_string();
    let out = frost_in(sandbox(), &["freeze", "--out", &d, "--profile", &p]);
    assert!(!out.status.success());
    assert!(String::from_utf8_lossy(&out.stderr).contains("--force"));
    assert_eq!(listing(&dir), before);

    // Read-only (immutable even for root): the write fails, nothing changes.
    let ro = scratch("proof6-readonly");
    std::fs::create_dir_all(&ro).unwrap();
    std::fs::write(ro.join("flake.nix"), "old").unwrap();
    let before = listing(&ro);
    assert!(std::process::Command::new("chattr")
        .arg("+i")
        .arg(&ro)
        .status()
        .unwrap()
        .success());
    let r = ro.display().to_string();
    let out = frost_in(
        sandbox(),
        &["freeze", "--force", "--out", &r, "--profile", &p],
    );
    let _ = std::process::Command::new("chattr")
        .arg("-i")
        .arg(&ro)
        .status();
    assert!(!out.status.success());
    assert_eq!(listing(&ro), before);

    // Nix fails (the ref to move to does not exist): the folder keeps the
    // user's previous freeze.
    let prev = scratch("proof6-nix");
    freeze_into(&prev, &[]);
    let before = listing(&prev);
    let pr = prev.display().to_string();
    let out = frost_in(
        sandbox(),
        &[
            "freeze",
            "--force",
            "--out",
            &pr,
            "--profile",
            &p,
            "--follow",
            "nixpkgs=path:/nonexistent/frost",
        ],
    );
    assert!(!out.status.success());
    assert!(
        String::from_utf8_lossy(&out.stderr).contains("nix flake lock"),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert_eq!(listing(&prev), before);
    // A new folder is not left behind either.
    let fresh = scratch("proof6-new");
    let fr = fresh.display().to_string();
    let out = frost_in(
        sandbox(),
        &[
            "freeze",
            "--out",
            &fr,
            "--profile",
            &p,
            "--follow",
            "nixpkgs=path:/nonexistent/frost",
        ],
    );
    assert!(!out.status.success());
    assert!(!fresh.exists());

    // apply: a conflict changes nothing and names the files.
    let target = scratch("proof6-profile").join("profile");
    std::fs::create_dir_all(target.parent().unwrap()).unwrap();
    let t = target.display().to_string();
    // Another package's bin/hello at hello-1's priority. Named otherwise:
    // an element named hello would be another version of hello, which an
    // apply replaces.
    let other = scratch("proof6-other-flake");
    std::fs::create_dir_all(&other).unwrap();
    std::fs::write(
        other.join("flake.nix"),
        format!(
            r#"{{ outputs = {{ self }}: {{ packages.{s}.greeter = derivation {{ name = "greeter-1"; system = "{s}"; builder = "/bin/sh"; args = [ "-c" "/bin/mkdir -p $out/bin; echo > $out/bin/hello" ]; }}; }}; }}"#,
            s = fixture().system
        ),
    )
    .unwrap();
    sandbox()
        .nix(&[
            "profile",
            "install",
            "--profile",
            &t,
            "--priority",
            "4",
            &format!("path:{}#greeter", other.display()),
        ])
        .unwrap();
    let view = nix_view(sandbox(), &target);
    let target_gens = generations(&target);
    let out = frost_in(sandbox(), &["apply", &pr, "--profile", &t]);
    assert!(!out.status.success());
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(
        err.contains("Nothing was changed")
            && err.contains("/bin/hello")
            && err.contains("priority"),
        "{err}"
    );
    assert_eq!(nix_view(sandbox(), &target), view);
    assert_eq!(generations(&target), target_gens);
    // --replace fails the same way when the flake itself cannot install,
    // and the profile stays.
    let broken = scratch("proof6-broken");
    freeze_into(&broken, &[]);
    let text = std::fs::read_to_string(broken.join("flake.nix")).unwrap();
    std::fs::write(
        broken.join("flake.nix"),
        text.replace("priority = 4;", "priority = 5;"),
    )
    .unwrap();
    let b = broken.display().to_string();
    let out = frost_in(sandbox(), &["apply", &b, "--profile", &t, "--replace"]);
    assert!(
        !out.status.success(),
        "hello and hello-1 conflict at equal priority"
    );
    assert_eq!(nix_view(sandbox(), &target), view);
    assert_eq!(generations(&target), target_gens);

    // And the frozen profile itself was never touched.
    assert_eq!(generations(&fixture().profile), gens);
}

#[test]
fn apply_replace_makes_the_profile_hold_exactly_the_flake() {
    let dir = scratch("replace");
    freeze_into(&dir, &[]);
    let target = scratch("replace-profile").join("profile");
    std::fs::create_dir_all(target.parent().unwrap()).unwrap();
    let t = target.display().to_string();
    // Something the flake does not have.
    sandbox()
        .nix(&[
            "profile",
            "install",
            "--profile",
            &t,
            &format!("path:{}#cowsay", fixture().nixpkgs.display()),
        ])
        .unwrap();
    let d = dir.display().to_string();
    ok(
        frost_in(sandbox(), &["apply", &d, "--profile", &t, "--replace"]),
        "frost apply --replace",
    );
    assert_eq!(nix_view(sandbox(), &target), original_without_bare());
    assert_eq!(generations(&target), ["profile-1-link", "profile-2-link"]);
    // Rollback works as usual.
    sandbox()
        .nix(&["profile", "rollback", "--profile", &t])
        .unwrap();
    assert_eq!(
        nix_view(sandbox(), &target).keys().collect::<Vec<_>>(),
        ["cowsay"]
    );
}

#[test]
fn freezing_is_deterministic() {
    let (a, b) = (scratch("same-a"), scratch("same-b"));
    freeze_into(&a, &[]);
    freeze_into(&b, &[]);
    for f in ["flake.nix", "flake.lock", "README.md"] {
        assert_eq!(
            std::fs::read(a.join(f)).unwrap(),
            std::fs::read(b.join(f)).unwrap(),
            "{f}"
        );
    }
}

/// A profile installed from a flake that has an input of its own: the
/// frozen lock must carry that input's lock beneath it, as Nix would.
#[test]
fn an_input_with_inputs_of_its_own_is_locked_with_its_subtree() {
    let wrapper = scratch("subtree-wrapper");
    std::fs::create_dir_all(&wrapper).unwrap();
    std::fs::write(
        wrapper.join("flake.nix"),
        format!(
            "{{ inputs.base.url = \"path:{base}\"; outputs = {{ self, base }}: {{ packages.{s}.greeting = base.legacyPackages.{s}.hello; }}; }}\n",
            base = fixture().nixpkgs.display(),
            s = fixture().system
        ),
    )
    .unwrap();
    let target = scratch("subtree-profile").join("profile");
    std::fs::create_dir_all(target.parent().unwrap()).unwrap();
    let t = target.display().to_string();
    sandbox()
        .nix(&[
            "profile",
            "install",
            "--profile",
            &t,
            &format!("path:{}#greeting", wrapper.display()),
        ])
        .unwrap();
    let out = scratch("subtree-frozen");
    let o = out.display().to_string();
    ok(
        frost_in(sandbox(), &["freeze", "--out", &o, "--profile", &t]),
        "frost freeze",
    );
    let lock = std::fs::read_to_string(out.join("flake.lock")).unwrap();
    let json: Value = serde_json::from_str(&lock).unwrap();
    assert_eq!(
        json["nodes"]["subtree-wrapper"]["inputs"]["base"], "base",
        "{lock}"
    );
    sandbox()
        .nix(&["flake", "lock", &format!("path:{o}")])
        .unwrap();
    assert_eq!(
        std::fs::read_to_string(out.join("flake.lock")).unwrap(),
        lock
    );
    let verified = ok(
        frost_in(sandbox(), &["verify", &o, "--profile", &t]),
        "frost verify",
    );
    assert!(verified.contains("greeting  identical"), "{verified}");
}

/// nix-env packages: the attribute is guessed from the name in the nixpkgs
/// given with --nixpkgs, marked as a guess, and verify confirms it.
#[test]
fn nix_env_packages_are_guessed_and_verified() {
    let dir = scratch("nix-env");
    std::fs::create_dir_all(&dir).unwrap();
    std::fs::write(
        dir.join("default.nix"),
        format!(
            "(builtins.getFlake \"path:{}\").legacyPackages.{}\n",
            fixture().nixpkgs.display(),
            fixture().system
        ),
    )
    .unwrap();
    let profile = dir.join("profile");
    let p = profile.display().to_string();
    let f = dir.join("default.nix").display().to_string();
    sandbox()
        .run("nix-env", &["-p", &p, "-f", &f, "-iA", "hello", "figlet"])
        .unwrap();
    let out = scratch("nix-env-frozen");
    let o = out.display().to_string();
    let nixpkgs = format!("path:{}", fixture().nixpkgs.display());
    let report: Value = serde_json::from_str(&ok(
        frost_in(
            sandbox(),
            &[
                "freeze",
                "--json",
                "--out",
                &o,
                "--profile",
                &p,
                "--nixpkgs",
                &nixpkgs,
                "--verify",
            ],
        ),
        "frost freeze of a nix-env profile",
    ))
    .unwrap();
    let packages = report["freeze"]["plan"]["packages"].as_array().unwrap();
    assert_eq!(packages.len(), 2);
    assert!(packages.iter().all(|p| p["guessed"] == true));
    let verdicts: Vec<&str> = report["verify"]["elements"]
        .as_array()
        .unwrap()
        .iter()
        .map(|e| e["verdict"].as_str().unwrap())
        .collect();
    assert_eq!(verdicts, ["identical", "identical"]);
    let flake = std::fs::read_to_string(out.join("flake.nix")).unwrap();
    let comments: Vec<&str> = flake
        .lines()
        .filter_map(|l| l.trim().strip_prefix("# "))
        .collect();
    assert!(comments.join(" ").contains("hello 2.12.1, installed with nix-env, looked up by name in nixpkgs (attribute guessed from the name)"), "{flake}");

    // Without a nixpkgs, they are listed as not frozen, with the reason.
    let none = scratch("nix-env-none");
    let n = none.display().to_string();
    let report: Value = serde_json::from_str(&ok(
        frost_in(
            sandbox(),
            &["freeze", "--json", "--out", &n, "--profile", &p],
        ),
        "frost freeze without nixpkgs",
    ))
    .unwrap();
    let unfrozen = report["freeze"]["plan"]["unfrozen"].as_array().unwrap();
    assert_eq!(unfrozen.len(), 2);
    assert!(unfrozen
        .iter()
        .all(|u| u["reason"]["kind"] == "nix-env-without-nixpkgs"));
}
