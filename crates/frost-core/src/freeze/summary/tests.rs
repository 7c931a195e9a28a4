use super::*;
use crate::element::Element;
use crate::freeze::plan::tests::{ctx, el, fixture_elements, TOOL};
use crate::freeze::plan::{plan, Follow, FreezeOptions};

/// A NixOS/nixpkgs revision as a manifest records it, with the day it was
/// made (which newer Nix leaves out of github URLs; see `undated`).
fn gh(rev_digit: char, last_modified: u64) -> String {
    let rev: String = std::iter::repeat_n(rev_digit, 40).collect();
    format!("github:NixOS/nixpkgs/{rev}?lastModified={last_modified}&narHash=sha256-AAAA%3D")
}

const MAY_2024: u64 = 1_715_472_000; // 2024-05-12
const SEP_2024: u64 = 1_725_148_800; // 2024-09-01
const JAN_2025: u64 = 1_735_862_400; // 2025-01-03

fn from(locked: &str, names: &[&str]) -> Vec<Element> {
    names
        .iter()
        .map(|n| {
            el(
                n,
                &format!("legacyPackages.x86_64-linux.{n}"),
                "github:NixOS/nixpkgs/nixos-unstable",
                locked,
            )
        })
        .collect()
}

fn three_snapshots() -> Vec<Element> {
    let twelve: Vec<String> = (1..=12).map(|k| format!("p{k:02}")).collect();
    let twelve: Vec<&str> = twelve.iter().map(String::as_str).collect();
    let mut e = from(&gh('a', MAY_2024), &twelve);
    e.extend(from(&gh('b', SEP_2024), &["q1", "q2"]));
    e.extend(from(&gh('c', JAN_2025), &["r1"]));
    e.push(el(
        "my-tool",
        "packages.x86_64-linux.default",
        "git+file:///src/my-tool",
        &TOOL.replace("/src/tool", "/src/my-tool"),
    ));
    e
}

#[test]
fn several_snapshots_are_counted_with_their_days() {
    let p = plan(&three_snapshots(), &FreezeOptions::default(), &ctx()).unwrap();
    let s = summarize(&p);
    assert_eq!(
        s.text,
        "12 packages from nixpkgs of 2024-05-12, 2 from nixpkgs of 2024-09-01, \
         1 from nixpkgs of 2025-01-03, 1 from my-tool"
    );
    assert_eq!(
        s.mixed.as_deref(),
        Some("Your packages come from 3 nixpkgs snapshots, from 2024-05-12 to 2025-01-03.")
    );
    let tool = s.sources.iter().find(|x| x.input == "my-tool").unwrap();
    assert_eq!((tool.packages, tool.nixpkgs_snapshot), (1, false));
    assert_eq!(tool.date, None, "only nixpkgs snapshots are dated");
    assert_eq!(s.sources[0].date.as_deref(), Some("2024-05-12"));
}

#[test]
fn moving_nixpkgs_to_one_branch_leaves_one_source_and_no_mix() {
    let options = FreezeOptions {
        follow: vec![Follow::nixpkgs("nixos-26.11").unwrap()],
        ..FreezeOptions::default()
    };
    let p = plan(&three_snapshots(), &options, &ctx()).unwrap();
    let s = summarize(&p);
    assert_eq!(
        s.text,
        "15 packages from nixpkgs, newest on nixos-26.11, 1 from my-tool"
    );
    assert_eq!(s.mixed, None);
}

#[test]
fn undated_snapshots_are_named_by_revision_and_still_counted() {
    let undated = |c: char| {
        let rev: String = std::iter::repeat_n(c, 40).collect();
        format!("github:NixOS/nixpkgs/{rev}?narHash=sha256-AAAA%3D")
    };
    let mut e = from(&undated('a'), &["x", "y"]);
    e.extend(from(&gh('b', SEP_2024), &["z"]));
    let s = summarize(&plan(&e, &FreezeOptions::default(), &ctx()).unwrap());
    assert_eq!(
        s.text,
        "2 packages from nixpkgs revision aaaaaaa, 1 from nixpkgs of 2024-09-01"
    );
    assert_eq!(
        s.mixed.as_deref(),
        Some("Your packages come from 2 nixpkgs snapshots.")
    );
}

#[test]
fn the_fixture_profile_in_words() {
    // Its nixpkgs is a local folder, not NixOS/nixpkgs: no snapshots.
    let p = plan(&fixture_elements(), &FreezeOptions::default(), &ctx()).unwrap();
    let s = summarize(&p);
    assert_eq!(
        s.text,
        "5 packages from nixpkgs, 1 from nixpkgs-2, 1 from tool"
    );
    assert_eq!(s.mixed, None);
    let one = plan(
        &fixture_elements(),
        &FreezeOptions {
            only: vec!["hello".into()],
            ..FreezeOptions::default()
        },
        &ctx(),
    )
    .unwrap();
    assert_eq!(summarize(&one).text, "1 package from nixpkgs");
    let none = plan(&[], &FreezeOptions::default(), &ctx()).unwrap();
    assert_eq!(summarize(&none).text, "No packages to freeze.");
}
