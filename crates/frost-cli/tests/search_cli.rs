//! `frost search` with real Nix, offline: a small flake whose packages rank
//! in every way, a profile that installed from it, and a `nix` on PATH that
//! logs its runs, to see when the cached index spares `nix search`.

use std::process::Output;

use frost_testkit::{CountingNix, NixSandbox, SearchFlake, NIXPKGS_FLAKE};
use serde_json::Value;

struct Env {
    sandbox: NixSandbox,
    flake: SearchFlake,
    nix: CountingNix,
    profile: String,
}

impl Env {
    fn new() -> Env {
        let sandbox = NixSandbox::new().expect("sandbox");
        let flake = SearchFlake::write_in(&sandbox, "src/search flake").expect("flake");
        let nix = CountingNix::write(&sandbox).expect("counting nix");
        let profile = sandbox
            .state_home()
            .join("nix/profiles/profile")
            .display()
            .to_string();
        Env {
            sandbox,
            flake,
            nix,
            profile,
        }
    }

    fn frost(&self, args: &[&str]) -> Output {
        self.sandbox
            .command(env!("CARGO_BIN_EXE_frost"))
            .args(args)
            .env("LANGUAGE", "en")
            .env("PATH", self.nix.path_var())
            .output()
            .expect("run frost")
    }

    /// `frost search --json ARGS`, which must succeed.
    fn search(&self, args: &[&str]) -> Value {
        let mut all = vec!["search", "--json", "--profile", &self.profile];
        all.extend_from_slice(args);
        let out = self.frost(&all);
        assert!(
            out.status.success(),
            "frost {all:?}: {}",
            String::from_utf8_lossy(&out.stderr)
        );
        serde_json::from_slice(&out.stdout).expect("JSON")
    }

    /// `nix profile install` of the search flake's `name` into the profile.
    fn install(&self, name: &str) {
        self.sandbox
            .nix(&[
                "profile",
                "install",
                "--profile",
                &self.profile,
                &self.flake.installable(name),
            ])
            .unwrap_or_else(|e| panic!("install {name}: {e}"));
    }

    fn searches(&self) -> usize {
        self.nix
            .take_calls()
            .iter()
            .filter(|c| c.contains(" search "))
            .count()
    }
}

fn names(report: &Value) -> Vec<(String, String)> {
    report["packages"]
        .as_array()
        .expect("packages")
        .iter()
        .map(|p| {
            (
                p["name"].as_str().unwrap().to_owned(),
                p["rank"].as_str().unwrap().to_owned(),
            )
        })
        .collect()
}

/// Each package a report found, and whether it says it is installed.
fn found_and_installed(report: &Value) -> Vec<(String, bool)> {
    report["packages"]
        .as_array()
        .unwrap()
        .iter()
        .map(|p| {
            (
                p["name"].as_str().unwrap().to_owned(),
                p["installed"].as_bool().unwrap(),
            )
        })
        .collect()
}

fn pairs(list: &[(&str, &str)]) -> Vec<(String, String)> {
    list.iter()
        .map(|(a, b)| (a.to_string(), b.to_string()))
        .collect()
}

#[test]
fn results_are_ranked_and_every_word_must_match() {
    let env = Env::new();
    let from = env.flake.url();
    let report = env.search(&["--from", &from, "Paint"]);
    assert_eq!(
        names(&report),
        pairs(&[
            ("paint", "exact"),
            ("painter", "name-prefix"),
            ("mypaint", "name-substring"),
            ("sketchbook", "description"),
        ])
    );
    let painter = &report["packages"][1];
    assert_eq!(painter["version"], "3.0.1");
    assert_eq!(painter["description"], "Paint pictures");
    assert_eq!(painter["installed"], false);
    let system = env.sandbox.system().unwrap();
    assert_eq!(
        painter["attrPath"],
        format!("legacyPackages.{system}.painter")
    );
    // Two words: both must match, in the name or the description.
    assert_eq!(
        names(&env.search(&["--from", &from, "paint", "CANVAS"])),
        pairs(&[("sketchbook", "description")])
    );
    assert_eq!(
        names(&env.search(&["--from", &from, "friendly", "hello"])),
        pairs(&[("greeter", "description"), ("hello", "description")])
    );
    assert!(names(&env.search(&["--from", &from, "paint", "greeting"])).is_empty());

    // As a table, with what matched nothing said in words.
    let out = env.frost(&[
        "search",
        "--profile",
        &env.profile,
        "--from",
        &from,
        "letters",
    ]);
    let text = String::from_utf8(out.stdout).unwrap();
    assert_eq!(
        text.lines().collect::<Vec<_>>(),
        [
            "NAME    VERSION  INSTALLED  DESCRIPTION",
            "figlet  2.2.5               Draws large letters out of ordinary text",
        ]
    );
    let out = env.frost(&["search", "--profile", &env.profile, "--from", &from, "zzz"]);
    assert!(out.status.success());
    assert_eq!(
        String::from_utf8(out.stdout).unwrap(),
        "No package matches “zzz”.\n"
    );
}

#[test]
fn the_index_is_built_once_per_revision_and_a_damaged_one_again() {
    let env = Env::new();
    let from = env.flake.url();
    let first = env.search(&["--from", &from, "paint"]);
    assert_eq!(env.searches(), 1, "the first search reads the flake");
    let second = env.search(&["--from", &from, "paint"]);
    let calls = env.nix.take_calls();
    assert!(
        !calls.iter().any(|c| c.contains(" search ")),
        "the second search uses the cached index: {calls:?}"
    );
    assert_eq!(first, second);

    // The locked reference needs no nix at all.
    let locked = first["source"].as_str().unwrap().to_owned();
    assert!(locked.contains("narHash="), "{locked}");
    let third = env.search(&["--from", &locked, "paint"]);
    assert_eq!(env.nix.take_calls(), Vec::<String>::new());
    assert_eq!(third, first);

    // A damaged file is read again from Nix, and replaced.
    let dir = env.sandbox.cache_home().join("frost/search");
    let files: Vec<_> = std::fs::read_dir(&dir)
        .unwrap()
        .map(|e| e.unwrap().path())
        .collect();
    assert_eq!(files.len(), 1, "{files:?}");
    let bytes = std::fs::read(&files[0]).unwrap();
    let mut damaged = bytes.clone();
    let middle = damaged.len() / 2;
    damaged[middle] ^= 0x01;
    std::fs::write(&files[0], &damaged).unwrap();
    assert_eq!(env.search(&["--from", &locked, "paint"]), first);
    assert_eq!(env.searches(), 1, "a damaged index is built again");
    assert_eq!(std::fs::read(&files[0]).unwrap(), bytes);
    assert_eq!(env.search(&["--from", &locked, "paint"]), first);
    assert_eq!(env.searches(), 0);

    // A new revision of the flake is a new index.
    let flake = env.flake.dir.join("flake.nix");
    let text = std::fs::read_to_string(&flake).unwrap();
    std::fs::write(
        &flake,
        text.replace("\"Paint pictures\"", "\"Paint pictures and photos\""),
    )
    .unwrap();
    let moved = env.search(&["--from", &from, "photos"]);
    assert_eq!(env.searches(), 1);
    assert_eq!(names(&moved), pairs(&[("painter", "description")]));
}

#[test]
fn the_profile_s_own_flake_is_searched_by_default_and_installed_packages_say_so() {
    let env = Env::new();
    env.install("hello");
    env.nix.take_calls();
    let manifest: Value = serde_json::from_str(
        &std::fs::read_to_string(format!("{}/manifest.json", env.profile)).unwrap(),
    )
    .unwrap();
    let url = manifest["elements"]["hello"]["url"].as_str().unwrap();

    let report = env.search(&["friendly"]);
    assert_eq!(report["source"], url);
    assert_eq!(
        found_and_installed(&report),
        [("greeter".to_owned(), false), ("hello".to_owned(), true)]
    );
    // The table says so in its INSTALLED column.
    let out = env.frost(&["search", "--profile", &env.profile, "friendly"]);
    let table = String::from_utf8(out.stdout).unwrap();
    let rows: Vec<(&str, bool)> = table
        .lines()
        .skip(1)
        .map(|l| (l.split(' ').next().unwrap(), l.contains("  installed  ")))
        .collect();
    assert_eq!(rows, [("greeter", false), ("hello", true)], "{table}");
    // Locked already: no metadata, just the one search.
    let calls = env.nix.take_calls();
    assert_eq!(calls.len(), 2, "{calls:?}");
    assert!(
        calls.iter().any(|c| c.starts_with("--version")),
        "{calls:?}"
    );
    assert!(calls.iter().any(|c| c.contains(" search ")), "{calls:?}");
    // What it says to install installs the package.
    let installable = report["packages"][0]["installable"].as_str().unwrap();
    let out = env.frost(&["install", "--profile", &env.profile, installable]);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let again = env.search(&["friendly"]);
    assert_eq!(again["packages"][0]["installed"], true);

    // --from another flake: its packages, not the profile's flake's.
    let other = env.sandbox.root().join("src/other");
    std::fs::create_dir_all(&other).unwrap();
    let system = env.sandbox.system().unwrap();
    std::fs::write(
        other.join("flake.nix"),
        NIXPKGS_FLAKE
            .replace("@SYSTEM@", &system)
            .replace("@EXTRA@", ""),
    )
    .unwrap();
    let from = format!("path:{}", other.display());
    let report = env.search(&["--from", &from, "hello"]);
    assert_eq!(names(&report), pairs(&[("hello", "exact")]));
    assert_eq!(
        report["packages"][0]["description"],
        "The hello test package"
    );
    assert_eq!(report["packages"][0]["installed"], false);
}

#[test]
fn a_local_flake_that_changed_since_the_install_is_searched_as_it_is_now() {
    let env = Env::new();
    env.install("hello");
    // The folder moves on: the revision the profile recorded is gone, and
    // Nix would find another NAR hash there.
    let flake_nix = env.flake.dir.join("flake.nix");
    let mut text = std::fs::read_to_string(&flake_nix).unwrap();
    text.push_str("# changed after the install\n");
    std::fs::write(&flake_nix, text).unwrap();

    let report = env.search(&["friendly"]);
    assert_eq!(
        found_and_installed(&report),
        [("greeter".to_owned(), false), ("hello".to_owned(), true)]
    );
}

#[test]
fn without_a_flake_to_search_it_says_what_to_do() {
    let env = Env::new();
    let out = env.frost(&["search", "--profile", &env.profile, "paint"]);
    assert!(!out.status.success());
    let stderr = String::from_utf8(out.stderr).unwrap();
    assert!(stderr.starts_with("frost: "), "{stderr}");
    let out = env.frost(&[
        "search",
        "--profile",
        &env.profile,
        "--from",
        "path:/nonexistent/flake",
        "paint",
    ]);
    assert!(!out.status.success());
    assert_eq!(env.searches(), 0);
}
