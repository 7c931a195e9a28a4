use std::os::unix::fs::symlink;

use super::*;
use frost_core::catalog::SearchQuery;
use frost_testkit::FixtureProfile;

fn fixture() -> FixtureProfile {
    FixtureProfile::build().unwrap_or_else(|e| panic!("{e}"))
}

#[test]
fn fixture_rows_come_in_sections_with_versions_and_sources() {
    let fixture = fixture();
    let loaded = load(Some(fixture.profile.clone())).unwrap_or_else(|e| panic!("{e:?}"));

    assert_eq!(loaded.name, "profile");
    assert_eq!(loaded.path, fixture.profile);
    assert_eq!(loaded.current_generation, Some(6));
    assert!(!loaded.nix_env);
    let rows: Vec<(&str, PackageKind)> = loaded
        .packages
        .iter()
        .map(|p| (p.element.name.as_str(), p.kind()))
        .collect();
    use PackageKind::{App, Tool};
    assert_eq!(
        rows,
        [
            ("painter", App),
            ("7zip", Tool),
            ("cowsay", Tool),
            ("figlet", Tool),
            ("hello", Tool),
            ("hello-1", Tool),
            ("multi", Tool),
            ("pip", Tool),
        ]
    );

    let painter = &loaded.packages[0];
    assert_eq!(painter.title, "Painter");
    assert_eq!(
        painter.info.summary.as_deref(),
        Some("Paint pictures and edit photos")
    );
    assert!(painter.info.icon.is_some(), "{:?}", painter.info);

    let hello = &loaded.packages[4];
    assert_eq!(hello.title, "hello");
    assert_eq!(hello.element.version.as_deref(), Some("2.12.1"));
    assert_eq!(hello.info.commands, ["hello"]);
    assert!(
        hello
            .source
            .starts_with(&format!("local folder {}", fixture.nixpkgs.display())),
        "{}",
        hello.source
    );
    assert_eq!(loaded.packages[2].source, "no source recorded");
}

#[test]
fn search_finds_by_name_description_and_command() {
    let fixture = fixture();
    let loaded = load(Some(fixture.profile.clone())).unwrap_or_else(|e| panic!("{e:?}"));
    let found = |text: &str| -> Vec<&str> {
        let query = SearchQuery::new(text);
        loaded
            .packages
            .iter()
            .filter(|p| query.matches(&p.search))
            .map(|p| p.element.name.as_str())
            .collect()
    };
    assert_eq!(found("photos"), ["painter"]);
    assert_eq!(found("7z"), ["7zip"]);
    assert_eq!(found("HELLO"), ["hello", "hello-1"]);
    assert_eq!(found("python3packages"), ["pip"]);
    assert!(found("no such thing").is_empty());
}

#[test]
fn history_says_what_each_generation_changed() {
    let fixture = fixture();
    let history = load_history(&fixture.profile).unwrap_or_else(|e| panic!("{e}"));
    let summaries: Vec<String> = history.entries.iter().map(|e| e.headline()).collect();
    assert_eq!(
        summaries,
        [
            "Started with hello",
            "Added multi, painter and pip",
            "Added 7zip",
            "Added hello-1",
            "Added cowsay",
            "Added figlet",
        ]
    );
    assert_eq!(
        history.installed_since("painter").map(|g| g.number),
        Some(2)
    );
}

#[test]
fn nix_env_profiles_are_marked() {
    let dir = tempfile::tempdir().unwrap_or_else(|e| panic!("{e}"));
    let generation = dir.path().join("generation");
    std::fs::create_dir(&generation).unwrap_or_else(|e| panic!("{e}"));
    let manifest = concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/crates/frost-core/tests/fixtures/nix-env-2.26.nix"
    );
    std::fs::copy(manifest, generation.join("manifest.nix")).unwrap_or_else(|e| panic!("{e}"));
    symlink(&generation, dir.path().join("profile-1-link")).unwrap_or_else(|e| panic!("{e}"));
    symlink("profile-1-link", dir.path().join("profile")).unwrap_or_else(|e| panic!("{e}"));

    let loaded = load(Some(dir.path().join("profile"))).unwrap_or_else(|e| panic!("{e:?}"));
    assert!(loaded.nix_env);
    assert!(loaded
        .packages
        .iter()
        .all(|p| p.source == "installed with nix-env, no source recorded"));
}

#[test]
fn a_damaged_manifest_names_its_file() {
    let dir = tempfile::tempdir().unwrap_or_else(|e| panic!("{e}"));
    let generation = dir.path().join("generation");
    std::fs::create_dir(&generation).unwrap_or_else(|e| panic!("{e}"));
    std::fs::write(generation.join("manifest.json"), "{ not json")
        .unwrap_or_else(|e| panic!("{e}"));
    symlink(&generation, dir.path().join("profile-1-link")).unwrap_or_else(|e| panic!("{e}"));
    symlink("profile-1-link", dir.path().join("profile")).unwrap_or_else(|e| panic!("{e}"));

    match load(Some(dir.path().join("profile"))) {
        Err(LoadError::Failed {
            message,
            file,
            damaged,
        }) => {
            // The generation link, as Nix shows it, or the store path behind it.
            let file = file.unwrap_or_default();
            assert!(file.ends_with("manifest.json"), "{file:?}");
            assert!(message.contains("damaged"), "{message}");
            assert!(message.contains(&file.display().to_string()), "{message}");
            // History can go back: the profile link and the exact error.
            let damaged = damaged.unwrap_or_else(|| panic!("not marked damaged"));
            assert_eq!(damaged.profile, dir.path().join("profile"));
            assert!(
                damaged
                    .details
                    .starts_with(&format!("{}: ", file.display())),
                "{}",
                damaged.details
            );
            assert!(
                !damaged.details.contains("nix profile"),
                "{}",
                damaged.details
            );
        }
        other => panic!("expected a damaged manifest, got {other:?}"),
    }
}

#[test]
fn a_missing_profile_is_reported_by_path() {
    let missing = std::env::temp_dir().join("frost-gui-no-such-profile");
    match load(Some(missing.clone())) {
        Err(LoadError::Failed {
            message,
            file,
            damaged,
        }) => {
            assert_eq!(file, Some(missing.clone()));
            assert_eq!(damaged, None);
            assert!(
                message.contains(&missing.display().to_string()),
                "{message}"
            );
        }
        other => panic!("expected a missing profile, got {other:?}"),
    }
}

#[test]
fn a_generation_link_or_a_manifest_folder_shows_read_only() {
    let fixture = fixture();
    let link = fixture.profile.with_file_name("profile-5-link");
    let loaded = load(Some(link.clone())).unwrap_or_else(|e| panic!("{e:?}"));
    assert_eq!(loaded.path, link);
    assert_eq!(loaded.name, "profile-5-link");
    assert_eq!(loaded.current_generation, Some(5));
    assert_eq!(loaded.siblings.first(), Some(&fixture.profile));
    // Generation 5 is the fixture before figlet was added.
    assert_eq!(loaded.packages.len(), 7);
    assert!(!loaded.packages.iter().any(|p| p.element.name == "figlet"));

    let store_path = std::fs::read_link(&link).unwrap();
    let loaded = load(Some(store_path.clone())).unwrap_or_else(|e| panic!("{e:?}"));
    assert_eq!(loaded.path, store_path);
    assert_eq!(loaded.current_generation, None);
    assert_eq!(loaded.packages.len(), 7);
}
