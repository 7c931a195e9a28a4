//! `frost adopt`: the fixture profile's freeze takes the profile over as
//! one generation with the very store paths, `frost list` tells which
//! folder manages it and what is not in its flake, a flake that would give
//! other store paths is refused with the profile untouched, and `--stop`
//! hands every package back to its own source. Real Nix, offline, in a
//! temporary sandbox.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use frost_core::freeze::managed::element_folder;
use frost_core::profile::Profile;
use frost_core::{Element, Outputs};
use serde_json::Value;

mod common;
use common::{succeeded, Env};

/// What must stay the same for an element: store paths, priority, outputs.
type Kept = (Vec<String>, i64, Outputs);

fn elements(env: &Env) -> Vec<Element> {
    let profile = Profile::open(&env.fixture.profile).expect("profile");
    profile.manifest(None).expect("manifest").elements
}

fn kept(elements: &[Element]) -> BTreeMap<String, Kept> {
    elements
        .iter()
        .map(|e| {
            let mut paths = e.store_paths.clone();
            paths.sort();
            (e.name.clone(), (paths, e.priority, e.outputs.clone()))
        })
        .collect()
}

/// The generations `nix profile history` lists.
fn history_len(env: &Env) -> usize {
    let p = env.fixture.profile.display().to_string();
    let out = env
        .fixture
        .sandbox
        .nix(&["profile", "history", "--profile", &p])
        .expect("history");
    out.lines().filter(|l| l.starts_with("Version ")).count()
}

/// `frost freeze` of the fixture profile into `root/name`.
fn freeze(env: &Env, name: &str) -> PathBuf {
    freeze_with(env, name, &[])
}

fn freeze_with(env: &Env, name: &str, options: &[&str]) -> PathBuf {
    let dir = env.fixture.sandbox.root().join(name);
    let p = env.fixture.profile.display().to_string();
    let d = dir.display().to_string();
    let mut args = vec!["freeze", "--profile", &p, "--out", &d];
    args.extend(options);
    succeeded(env.command(&args).output().unwrap(), "freeze");
    dir
}

fn frost_ok(env: &Env, args: &[&str]) -> String {
    succeeded(env.command(args).output().unwrap(), &args.join(" "))
}

/// The stderr of `frost ARGS`, which must fail.
fn frost_err(env: &Env, args: &[&str]) -> String {
    let out = env.command(args).output().unwrap();
    assert!(!out.status.success(), "{args:?} succeeded");
    String::from_utf8_lossy(&out.stderr).into_owned()
}

fn list_json(env: &Env) -> Value {
    let p = env.fixture.profile.display().to_string();
    serde_json::from_str(&frost_ok(env, &["list", "--profile", &p, "--json"])).expect("JSON")
}

/// Adopts `dir` and checks what every adopt must give: one new generation,
/// each element of the flake installed from `dir` with its store paths,
/// priority and outputs, the one the freeze left out (`cowsay`) as it was.
fn adopt_and_check(env: &Env, dir: &Path) {
    let before = elements(env);
    let history = history_len(env);
    let p = env.fixture.profile.display().to_string();
    let d = dir.display().to_string();
    let out = frost_ok(env, &["adopt", &d, "--profile", &p, "--json"]);
    let report: Value = serde_json::from_str(&out).expect("JSON");
    assert_eq!(report["replaced"].as_array().unwrap().len(), 7, "{report}");
    assert_eq!(report["kept"], serde_json::json!(["cowsay"]));
    assert_eq!(history_len(env), history + 1, "exactly one new generation");

    let after = elements(env);
    assert_eq!(
        kept(&after),
        kept(&before),
        "store paths, priorities, outputs"
    );
    for e in &after {
        if e.name == "cowsay" {
            assert!(e.original_ref.is_none(), "left as it was: {e:?}");
            continue;
        }
        assert_eq!(element_folder(e).as_deref(), Some(dir), "{e:?}");
        assert_eq!(
            e.attr_path.as_deref(),
            Some(format!("packages.{}.{}", env.fixture.system, e.name).as_str())
        );
    }
    let list = list_json(env);
    assert_eq!(list["managedBy"], d.as_str(), "{list}");
    assert_eq!(list["notInFlake"], serde_json::json!(["cowsay"]));
}

#[test]
fn adopting_the_freeze_is_one_generation_with_the_same_store_paths() {
    let env = Env::new();
    let list = list_json(&env);
    assert_eq!(list["managedBy"], Value::Null, "not managed before");
    let dir = freeze(&env, "nix-profile-flake");
    adopt_and_check(&env, &dir);

    // Again: everything comes from the folder already.
    let p = env.fixture.profile.display().to_string();
    let generation = env.generation();
    let out = frost_ok(
        &env,
        &["adopt", &dir.display().to_string(), "--profile", &p],
    );
    assert!(out.contains("already; nothing was changed"), "{out}");
    assert_eq!(env.generation(), generation);
}

/// `--into` copies a reference; a folder here is managed where it is, so
/// asking to copy it is refused rather than silently ignored.
#[test]
fn into_with_a_folder_here_is_refused_and_nothing_changes() {
    let env = Env::new();
    let dir = freeze(&env, "nix-profile-flake");
    let into = env.fixture.sandbox.root().join("copy");
    let (p, generation) = (env.fixture.profile.display().to_string(), env.generation());
    let err = frost_err(
        &env,
        &[
            "adopt",
            &dir.display().to_string(),
            "--into",
            &into.display().to_string(),
            "--profile",
            &p,
        ],
    );
    assert!(err.contains("is a folder on this machine"), "{err}");
    assert!(err.contains("Leave out --into"), "{err}");
    assert!(!into.exists(), "nothing copied");
    assert_eq!(env.generation(), generation, "the profile is as it was");
    assert_eq!(list_json(&env)["managedBy"], Value::Null);
}

#[test]
fn a_folder_named_with_a_space_and_an_accent_is_adopted() {
    let env = Env::new();
    let dir = freeze(&env, "mein Profil é");
    adopt_and_check(&env, &dir);
    let hello = elements(&env)
        .into_iter()
        .find(|e| e.name == "hello")
        .unwrap();
    assert!(
        hello.locked_ref.unwrap().to_url().starts_with("path:"),
        "no Git: a path: reference"
    );

    // A Git repository whose last commit holds the flake: its git+file:
    // URL, pinned to that commit.
    let env = Env::new();
    let dir = freeze_with(&env, "mit Git é", &["--git"]);
    adopt_and_check(&env, &dir);
    let hello = elements(&env)
        .into_iter()
        .find(|e| e.name == "hello")
        .unwrap();
    let locked = hello.locked_ref.unwrap();
    assert!(
        matches!(locked.kind, frost_core::FlakeRefKind::Git { .. }) && locked.rev().is_some(),
        "{locked:?}"
    );
}

#[test]
fn a_package_installed_from_a_terminal_is_not_in_the_flake() {
    let env = Env::new();
    let dir = freeze(&env, "flake");
    adopt_and_check(&env, &dir);
    let p = env.fixture.profile.display().to_string();
    env.fixture
        .sandbox
        .nix(&[
            "profile",
            "install",
            "--profile",
            &p,
            &env.scenario.installable("greeter"),
        ])
        .expect("install from a terminal");
    let list = list_json(&env);
    assert_eq!(list["managedBy"], dir.display().to_string().as_str());
    assert_eq!(list["notInFlake"], serde_json::json!(["cowsay", "greeter"]));
    let text = frost_ok(&env, &["list", "--profile", &p]);
    assert!(
        text.starts_with(&format!("Managed by {}\n", dir.display())),
        "{text}"
    );
    assert!(
        text.contains("Not in your flake (installed from elsewhere): cowsay, greeter\n"),
        "{text}"
    );
}

#[test]
fn a_flake_that_would_change_store_paths_is_refused_and_nothing_changes() {
    let env = Env::new();
    let dir = freeze(&env, "flake");
    // hello now takes figlet's package: another store path.
    let flake = dir.join("flake.nix");
    let text = std::fs::read_to_string(&flake).unwrap();
    let hello = "hello = frozen { priority = 5; } nixpkgs.legacyPackages.${system}.hello;";
    assert!(text.contains(hello), "{text}");
    let edited = text.replace(
        hello,
        "hello = frozen { priority = 5; } nixpkgs-2.legacyPackages.${system}.figlet;",
    );
    std::fs::write(&flake, edited).unwrap();

    let p = env.fixture.profile.display().to_string();
    let manifest = env.manifest_bytes();
    let generation = env.generation();
    let d = dir.display().to_string();
    let stderr = frost_err(&env, &["adopt", &d, "--profile", &p]);
    assert!(
        stderr.contains(&format!("Adopting {d} would rebuild or download hello:")),
        "{stderr}"
    );
    assert_eq!(env.manifest_bytes(), manifest, "profile unchanged");
    assert_eq!(env.generation(), generation);

    // A folder without flake.nix, and a flake Frost did not write.
    let empty = env.fixture.sandbox.root().join("empty");
    std::fs::create_dir_all(&empty).unwrap();
    let e = empty.display().to_string();
    let stderr = frost_err(&env, &["adopt", &e, "--profile", &p]);
    assert!(
        stderr.contains("holds no flake (there is no flake.nix"),
        "{stderr}"
    );
    let tool = env.fixture.tool_repo.display().to_string();
    let stderr = frost_err(&env, &["adopt", &tool, "--profile", &p]);
    assert!(stderr.contains("was not written by Frost"), "{stderr}");
    let stderr = frost_err(&env, &["adopt", "--stop", "--profile", &p]);
    assert!(
        stderr.contains("is not managed by a flake folder"),
        "{stderr}"
    );
    assert_eq!(env.manifest_bytes(), manifest, "profile unchanged");
}

#[test]
fn stopping_returns_every_package_to_its_source_in_one_generation() {
    let env = Env::new();
    let before = elements(&env);
    let dir = freeze(&env, "flake");
    adopt_and_check(&env, &dir);
    let history = history_len(&env);
    let p = env.fixture.profile.display().to_string();
    let out = frost_ok(&env, &["adopt", "--stop", "--profile", &p]);
    assert!(out.contains("7 packages of"), "{out}");
    assert_eq!(history_len(&env), history + 1, "exactly one new generation");

    let after = elements(&env);
    assert_eq!(
        kept(&after),
        kept(&before),
        "store paths, priorities, outputs"
    );
    // Each from the reference it was installed from before, even from the
    // nixpkgs-like folder that has changed since (its packages are the same).
    let source = |es: &[Element]| -> BTreeMap<String, (Option<String>, Option<String>)> {
        es.iter()
            .map(|e| {
                (
                    e.name.clone(),
                    (
                        e.original_ref.as_ref().map(|r| r.to_url()),
                        e.attr_path.clone(),
                    ),
                )
            })
            .collect()
    };
    assert_eq!(source(&after), source(&before));
    assert!(after
        .iter()
        .all(|e| element_folder(e).as_deref() != Some(&dir)));
    assert_eq!(list_json(&env)["managedBy"], Value::Null);
}

/// `originalUrl` of each element `nix profile list --json` shows.
fn original_urls(env: &Env) -> BTreeMap<String, String> {
    let text = env
        .fixture
        .nix_profile_list_json()
        .expect("nix profile list");
    let list: Value = serde_json::from_str(&text).expect("JSON");
    list["elements"]
        .as_object()
        .expect("elements")
        .iter()
        .filter_map(|(name, e)| Some((name.clone(), e["originalUrl"].as_str()?.to_owned())))
        .collect()
}

#[test]
fn stopping_leaves_references_that_need_no_registry() {
    let env = Env::new();
    let before = elements(&env);
    let originals_before = original_urls(&env);
    let dir = freeze(&env, "flake");
    adopt_and_check(&env, &dir);

    // The tool's repository moves on: its hello is another package now.
    let tool = env.fixture.tool_repo.display().to_string();
    let old_rev = env
        .fixture
        .sandbox
        .run("git", &["-C", &tool, "rev-parse", "HEAD"])
        .map(|o| String::from_utf8_lossy(&o.stdout).trim().to_owned())
        .expect("rev-parse");
    let flake = env.fixture.tool_repo.join("flake.nix");
    let text = std::fs::read_to_string(&flake).unwrap();
    std::fs::write(&flake, text.replace("echo hello 2.13", "echo hello 2.14")).unwrap();
    env.fixture
        .sandbox
        .run("git", &["-C", &tool, "commit", "-q", "-am", "hello 2.14"])
        .expect("commit");

    let p = env.fixture.profile.display().to_string();
    frost_ok(&env, &["adopt", "--stop", "--profile", &p]);
    assert_eq!(kept(&elements(&env)), kept(&before), "store paths");

    let originals = original_urls(&env);
    assert!(
        originals.values().all(|u| !u.starts_with("flake:")),
        "no registry name: {originals:?}"
    );
    // As before the adopt where the source still gives the same package;
    // pinned to the locked revision where it has moved on.
    assert_eq!(originals["hello"], originals_before["hello"]);
    assert_eq!(originals["figlet"], originals_before["figlet"]);
    let tool_hello = &originals["hello-1"];
    assert!(
        tool_hello.starts_with("git+file://") && tool_hello.contains(&format!("rev={old_rev}")),
        "{tool_hello}"
    );

    // Nix upgrades each with no registry at all, to the same store paths
    // (the pinned one stays where it is).
    let registry = env.fixture.sandbox.root().join("empty-registry.json");
    std::fs::write(&registry, r#"{"flakes":[],"version":2}"#).unwrap();
    let r = registry.display().to_string();
    for name in ["hello", "hello-1", "figlet"] {
        env.fixture
            .sandbox
            .nix(&[
                "profile",
                "upgrade",
                "--profile",
                &p,
                "--option",
                "flake-registry",
                &r,
                name,
            ])
            .unwrap_or_else(|e| panic!("upgrade {name}: {e}"));
    }
    assert_eq!(kept(&elements(&env)), kept(&before), "store paths");
}

/// `git ARGS` in the sandbox: its stdout, trimmed.
fn git(env: &Env, args: &[&str]) -> String {
    let out = env.fixture.sandbox.run("git", args).expect("git");
    String::from_utf8_lossy(&out.stdout).trim().to_owned()
}

fn file_url(path: &Path) -> String {
    format!("file://{}", path.display())
}

/// Checks that `dir` manages the profile, every element of the flake
/// with the store paths it had before.
fn managed_from(env: &Env, before: &[Element], dir: &Path) {
    let after = elements(env);
    assert_eq!(
        kept(&after),
        kept(before),
        "store paths, priorities, outputs"
    );
    for e in after.iter().filter(|e| e.name != "cowsay") {
        assert_eq!(element_folder(e).as_deref(), Some(dir), "{e:?}");
    }
    assert_eq!(
        list_json(env)["managedBy"],
        dir.display().to_string().as_str()
    );
}

#[test]
fn adopting_a_git_reference_clones_it_with_its_history() {
    let env = Env::new();
    let before = elements(&env);
    let frozen = freeze_with(&env, "frozen", &["--git"]);
    let f = frozen.display().to_string();
    // The "remote": a bare repository, with a second commit on top.
    std::fs::write(frozen.join("NOTES.md"), "kept in the history\n").unwrap();
    git(&env, &["-C", &f, "add", "NOTES.md"]);
    git(&env, &["-C", &f, "commit", "-q", "-m", "Notes"]);
    let remote = env.fixture.sandbox.root().join("remote.git");
    let r = remote.display().to_string();
    git(&env, &["clone", "-q", "--bare", &f, &r]);
    // ~/nix-profile-flake is taken: the copy goes to the next free name.
    let home = env.fixture.sandbox.home();
    let taken = home.join("nix-profile-flake");
    std::fs::create_dir_all(&taken).unwrap();
    std::fs::write(taken.join("mine.txt"), "not Frost's").unwrap();

    let history = history_len(&env);
    let p = env.fixture.profile.display().to_string();
    let reference = format!("git+{}", file_url(&remote));
    let out = frost_ok(&env, &["adopt", &reference, "--profile", &p]);
    assert!(
        out.starts_with(&format!(
            "Copied {reference} to ~/nix-profile-flake-2 and manages your profile from there.\n"
        )),
        "{out}"
    );
    assert!(out.contains("now manages 7 packages"), "{out}");
    assert_eq!(history_len(&env), history + 1, "exactly one new generation");

    let copy = home.join("nix-profile-flake-2");
    let c = copy.display().to_string();
    assert_eq!(
        git(&env, &["-C", &c, "rev-parse", "HEAD"]),
        git(&env, &["-C", &f, "rev-parse", "HEAD"]),
        "a clone at the locked revision"
    );
    assert_eq!(git(&env, &["-C", &c, "rev-list", "--count", "HEAD"]), "2");
    assert_eq!(git(&env, &["-C", &c, "status", "--porcelain"]), "");
    for file in ["flake.nix", "flake.lock", "NOTES.md"] {
        assert_eq!(
            std::fs::read(copy.join(file)).unwrap(),
            std::fs::read(frozen.join(file)).unwrap(),
            "{file}"
        );
    }
    managed_from(&env, &before, &copy);
    assert_eq!(
        std::fs::read_to_string(taken.join("mine.txt")).unwrap(),
        "not Frost's",
        "the taken folder is left alone"
    );
}

#[test]
fn adopting_a_tarball_copies_it_and_a_refused_reference_leaves_no_folder() {
    let env = Env::new();
    let before = elements(&env);
    let frozen = freeze(&env, "frozen");
    let root = env.fixture.sandbox.root().to_path_buf();
    let tar = |name: &str, dir: &Path| -> String {
        let archive = root.join(name);
        let parent = dir.parent().unwrap().display().to_string();
        let base = dir.file_name().unwrap().to_string_lossy().into_owned();
        let a = archive.display().to_string();
        env.fixture
            .sandbox
            .run("tar", &["--exclude=.git", "-czf", &a, "-C", &parent, &base])
            .expect("tar");
        format!("tarball+{}", file_url(&archive))
    };
    let p = env.fixture.profile.display().to_string();
    let manifest = env.manifest_bytes();

    // A flake Frost did not write: refused, and the new folder goes again.
    let tool = tar("tool.tar.gz", &env.fixture.tool_repo);
    let refused = root.join("refused");
    let r = refused.display().to_string();
    let stderr = frost_err(&env, &["adopt", &tool, "--into", &r, "--profile", &p]);
    assert!(
        stderr.contains(&format!("The flake in {tool} was not written by Frost")),
        "{stderr}"
    );
    assert!(!refused.exists(), "nothing half-written stays");
    // A frozen flake whose hello is another package: refused as well; an
    // empty folder given stays, empty.
    let other = freeze(&env, "other");
    let flake = other.join("flake.nix");
    let text = std::fs::read_to_string(&flake).unwrap();
    std::fs::write(
        &flake,
        text.replace(
            "nixpkgs.legacyPackages.${system}.hello;",
            "nixpkgs-2.legacyPackages.${system}.figlet;",
        ),
    )
    .unwrap();
    let other = tar("other.tar.gz", &other);
    std::fs::create_dir_all(&refused).unwrap();
    let stderr = frost_err(&env, &["adopt", &other, "--into", &r, "--profile", &p]);
    assert!(
        stderr.contains(&format!("Adopting {other} would rebuild or download hello")),
        "{stderr}"
    );
    assert_eq!(
        std::fs::read_dir(&refused).unwrap().count(),
        0,
        "empty again"
    );
    // A folder that holds something is never written into.
    std::fs::write(refused.join("mine.txt"), "x").unwrap();
    let reference = tar("frozen.tar.gz", &frozen);
    let stderr = frost_err(&env, &["adopt", &reference, "--into", &r, "--profile", &p]);
    assert!(stderr.contains("is not empty"), "{stderr}");
    assert_eq!(std::fs::read_dir(&refused).unwrap().count(), 1);
    assert_eq!(env.manifest_bytes(), manifest, "profile unchanged");

    // The frozen flake: copied byte for byte into a folder with a space
    // and an accent, which then manages the profile.
    let copy = root.join("mein Profil é");
    let c = copy.display().to_string();
    let out = frost_ok(
        &env,
        &["adopt", &reference, "--into", &c, "--profile", &p, "--json"],
    );
    let report: Value = serde_json::from_str(&out).expect("JSON");
    assert_eq!(report["copiedFrom"], reference.as_str(), "{report}");
    assert_eq!(report["folder"], c.as_str(), "{report}");
    for file in ["flake.nix", "flake.lock"] {
        assert_eq!(
            std::fs::read(copy.join(file)).unwrap(),
            std::fs::read(frozen.join(file)).unwrap(),
            "{file}"
        );
    }
    assert!(!copy.join(".git").exists(), "no Git: a plain copy");
    managed_from(&env, &before, &copy);
    // A copy Frost can edit: the files are the person's to change.
    assert!(!std::fs::metadata(copy.join("flake.nix"))
        .unwrap()
        .permissions()
        .readonly());
}

#[test]
fn stopping_after_a_folder_input_changed_keeps_the_locked_packages() {
    let env = Env::new();
    let before = elements(&env);
    let dir = freeze(&env, "flake");
    adopt_and_check(&env, &dir);
    // The nixpkgs-like folder now has another hello: neither its folder
    // as it is now nor its locked path: URL gives the one installed.
    env.fixture.set_hello_version("2.99").expect("new hello");
    let p = env.fixture.profile.display().to_string();
    let out = frost_ok(&env, &["adopt", "--stop", "--profile", &p]);
    assert!(out.contains("7 packages of"), "{out}");
    assert_eq!(kept(&elements(&env)), kept(&before), "store paths");
    assert_eq!(list_json(&env)["managedBy"], Value::Null);
    // Only hello needed the folder's lock; the rest name their sources.
    let originals = original_urls(&env);
    let by_name: Vec<&String> = originals
        .iter()
        .filter(|(_, u)| u.starts_with("flake:"))
        .map(|(n, _)| n)
        .collect();
    assert_eq!(by_name, ["hello"], "{originals:?}");
}

/// Processes running `sleep SECONDS` with exactly this argument.
fn sleeping(seconds: &str) -> usize {
    let Ok(dir) = std::fs::read_dir("/proc") else {
        return 0;
    };
    let wanted = format!("sleep\0{seconds}\0");
    dir.flatten()
        .filter_map(|e| std::fs::read(e.path().join("cmdline")).ok())
        .filter(|c| c.ends_with(wanted.as_bytes()))
        .count()
}

#[test]
fn ctrl_c_during_the_clone_of_a_reference_stops_git_and_leaves_no_folder() {
    use std::io::Read;
    use std::process::Stdio;
    use std::time::{Duration, Instant};

    let env = Env::new();
    let frozen = freeze_with(&env, "frozen", &["--git"]);
    let root = env.fixture.sandbox.root().to_path_buf();
    let remote = root.join("remote.git");
    let (f, r) = (frozen.display().to_string(), remote.display().to_string());
    git(&env, &["clone", "-q", "--bare", &f, &r]);
    // A Git whose clone makes the folder and then never ends, as a clone
    // of a large repository over a slow line seems not to, first on PATH;
    // every other command is Git's.
    let real_git = String::from_utf8(
        std::process::Command::new("sh")
            .args(["-c", "command -v git"])
            .output()
            .unwrap()
            .stdout,
    )
    .unwrap();
    let bin = root.join("slow-git");
    std::fs::create_dir_all(&bin).unwrap();
    // This run's own, so that another run's sleep cannot be taken for it.
    let seconds = &format!("597.{}", std::process::id());
    std::fs::write(
        bin.join("git"),
        format!(
            "#!/bin/sh\nfor last; do :; done\nfor a in \"$@\"; do\n  if [ \"$a\" = clone ]; then\n    mkdir -p \"$last/.git\" && : >\"$last/.git/partial\" && exec sleep {seconds}\n  fi\ndone\nexec {} \"$@\"\n",
            real_git.trim()
        ),
    )
    .unwrap();
    std::fs::set_permissions(
        bin.join("git"),
        std::os::unix::fs::PermissionsExt::from_mode(0o755),
    )
    .unwrap();
    let path = format!(
        "{}:{}",
        bin.display(),
        std::env::var("PATH").unwrap_or_default()
    );
    let p = env.fixture.profile.display().to_string();
    let manifest = env.manifest_bytes();
    let history = history_len(&env);
    let reference = format!("git+{}", file_url(&remote));

    let mut child = env
        .command(&["adopt", &reference, "--profile", &p])
        .env("PATH", &path)
        .stdout(Stdio::null())
        .stderr(Stdio::piped())
        .spawn()
        .expect("frost starts");
    let deadline = Instant::now() + Duration::from_secs(120);
    while sleeping(seconds) == 0 {
        assert!(
            child.try_wait().unwrap().is_none(),
            "frost ended before the clone"
        );
        assert!(Instant::now() < deadline, "the clone never started");
        std::thread::sleep(Duration::from_millis(50));
    }
    let copy = env.fixture.sandbox.home().join("nix-profile-flake");
    assert!(copy.exists(), "the clone's folder while it runs");
    let pid = libc::pid_t::try_from(child.id()).expect("pid");
    // SAFETY: signals our own child.
    unsafe { libc::kill(pid, libc::SIGINT) };
    // Were the clone not stopped, frost would wait the whole sleep.
    let deadline = Instant::now() + Duration::from_secs(120);
    let status = loop {
        if let Some(status) = child.try_wait().unwrap() {
            break status;
        }
        if Instant::now() > deadline {
            let _ = child.kill();
            panic!("frost went on after Ctrl+C during the clone");
        }
        std::thread::sleep(Duration::from_millis(50));
    };
    let mut stderr = String::new();
    child
        .stderr
        .take()
        .unwrap()
        .read_to_string(&mut stderr)
        .unwrap();
    assert_eq!(status.code(), Some(130), "{stderr}");
    assert_eq!(sleeping(seconds), 0, "the clone outlived frost");
    assert!(!copy.exists(), "the half-cloned folder is gone");
    assert_eq!(env.manifest_bytes(), manifest, "profile unchanged");
    assert_eq!(history_len(&env), history);
}
