//! Names as Nix computes them. Expected values come from Nix's sources
//! (names.cc, url-name.cc, profile.cc) and, where marked, from running
//! Nix 2.26 on the same input (see tests/fixtures/README.md).

use frost_core::element::Outputs;
use frost_core::names::{
    dedup_name, element_name_from_url, name_from_url, pname_version, split_drv_name,
    store_path_name,
};
use frost_core::FlakeRef;

const H: &str = "/nix/store/s8sp064ml248d7xwg0n98i0vs9prc810";

fn split(s: &str) -> (String, Option<String>) {
    split_drv_name(s)
}

fn some(a: &str, b: &str) -> (String, Option<String>) {
    (a.to_owned(), Some(b.to_owned()))
}

#[test]
fn drv_name_split_follows_nix() {
    assert_eq!(split("hello-2.12.1"), some("hello", "2.12.1"));
    assert_eq!(split("apache-httpd-2.0.48"), some("apache-httpd", "2.0.48"));
    assert_eq!(split("python3.12-pip-24.0"), some("python3.12-pip", "24.0"));
    assert_eq!(split("noversion"), ("noversion".to_owned(), None));
    // The first dash not followed by a letter, even if more follow.
    assert_eq!(
        split("tool-0.5-unstable-2024-01-01"),
        some("tool", "0.5-unstable-2024-01-01")
    );
    assert_eq!(split("hello-1-0.1"), some("hello", "1-0.1"));
    assert_eq!(split("multi-1.0-man"), some("multi", "1.0-man"));
    assert_eq!(split("foo--bar"), some("foo", "-bar"));
    assert_eq!(split("7zip-24.08"), some("7zip", "24.08"));
    // A trailing dash has nothing after it: no split.
    assert_eq!(split("foo-"), ("foo-".to_owned(), None));
    assert_eq!(split("-1"), some("", "1"));
    assert_eq!(split(""), (String::new(), None));
    // isalpha is ASCII-only: a non-ASCII letter starts a version.
    assert_eq!(split("foo-ébar"), some("foo", "ébar"));
    assert_eq!(split("foo-_x"), some("foo", "_x"));
}

#[test]
fn store_path_names() {
    assert_eq!(
        store_path_name(&format!("{H}-hello-2.12.1")),
        Some("hello-2.12.1")
    );
    assert_eq!(
        store_path_name(&format!("/gnu/store/{}-x", &H[11..])),
        Some("x")
    );
    for bad in [
        String::new(),
        "hello".into(),
        H.to_string(),
        format!("{H}-"),
        format!("{H}-hello/bin/hello"),
        format!("{H}-.hidden"),
        format!("{H}-with space"),
        format!("{H}-ünï"),
        "/nix/store/eeeeeeeeeeeeeeeeeeeeeeeeeeeeeeee-e".into(), // `e` is not base-32
        "/nix/store/short-hello".into(),
        format!("nix/store/{}-x", &H[11..]),
        format!("{H}-{}", "a".repeat(212)),
    ] {
        assert_eq!(store_path_name(&bad), None, "{bad:?}");
    }
}

fn paths(names: &[&str]) -> Vec<String> {
    names.iter().map(|n| format!("{H}-{n}")).collect()
}

#[test]
fn main_output_of_multi_output_elements() {
    let p = paths(&["multi-1.0", "multi-1.0-man", "multi-1.0-dev"]);
    assert_eq!(pname_version(&p), some("multi", "1.0"));
    // Store order is by hash, so `out` need not come first.
    let p = paths(&["multi-1.0-man", "multi-1.0-dev", "multi-1.0"]);
    assert_eq!(pname_version(&p), some("multi", "1.0"));
    // Without `out`: the part the outputs share.
    let p = paths(&["multi-1.0-man", "multi-1.0-dev"]);
    assert_eq!(pname_version(&p), some("multi", "1.0"));
    assert_eq!(
        pname_version(&paths(&["hello-2.12.1"])),
        some("hello", "2.12.1")
    );
    assert_eq!(
        pname_version(&paths(&["noversion"])),
        ("noversion".into(), None)
    );
    // Unrelated packages: the shortest name, first on a tie.
    assert_eq!(
        pname_version(&paths(&["foo-1.0", "bar-2.0"])),
        some("foo", "1.0")
    );
    assert_eq!(pname_version(&[]), (String::new(), None));
    assert_eq!(pname_version(&["not a path".into()]), (String::new(), None));
}

fn url_name(original: &str, attr: &str, outputs: &Outputs) -> String {
    let r = FlakeRef::parse(original).unwrap();
    element_name_from_url(Some(&r), Some(attr), outputs, &[])
}

#[test]
fn names_from_urls_seen_in_nix_2_26() {
    // Each of these was read back by `nix profile list --json` (v2 fixture).
    let d = Outputs::Default;
    assert_eq!(
        url_name("flake:nixpkgs", "legacyPackages.x86_64-linux.hello", &d),
        "hello"
    );
    assert_eq!(
        url_name(
            "flake:nixpkgs",
            "legacyPackages.x86_64-linux.python3Packages.pip",
            &d
        ),
        "pip"
    );
    assert_eq!(
        url_name("flake:nixpkgs", "legacyPackages.x86_64-linux.7zip", &d),
        "7zip"
    );
    assert_eq!(
        url_name("github:NixOS/nix", "packages.x86_64-linux.default", &d),
        "nix"
    );
    assert_eq!(
        url_name("github:owner/tool", "defaultPackage.x86_64-linux", &d),
        "tool"
    );
    assert_eq!(
        url_name("path:/home/me/my-tool", "packages.x86_64-linux.default", &d),
        "my-tool"
    );
    assert_eq!(
        url_name(
            "path:/home/me/mono?dir=tools/cli",
            "packages.x86_64-linux.default",
            &d
        ),
        "tools/cli"
    );
    assert_eq!(
        url_name(
            "git+file:///home/me/dots",
            "defaultPackage.x86_64-linux",
            &d
        ),
        "dots"
    );
    // Nothing fits: the whole installable, outputs as a sorted set.
    let named = Outputs::Named(vec!["out".into(), "bin".into()]);
    assert_eq!(
        url_name("flake:nixpkgs", "packages.x86_64-linux.default", &named),
        "flake:nixpkgs#packages.x86_64-linux.default^bin,out"
    );
    assert_eq!(
        url_name(
            "git+https://example.org/me/repo.git",
            "packages.x86_64-linux.default",
            &Outputs::All
        ),
        "git+https://example.org/me/repo.git#packages.x86_64-linux.default^*"
    );
}

#[test]
fn url_name_rules() {
    // Outputs after `^` do not hide the attribute.
    assert_eq!(
        name_from_url("flake:nixpkgs#legacyPackages.x86_64-linux.hello^*").as_deref(),
        Some("hello")
    );
    assert_eq!(
        name_from_url("flake:nixpkgs#hello").as_deref(),
        Some("hello")
    );
    // `defaultPackage.` only counts as the whole prefix.
    assert_eq!(
        name_from_url("github:a/b#x.defaultPackage.sys").as_deref(),
        Some("sys")
    );
    // An attribute Nix's pattern refuses falls through to the repository.
    assert_eq!(
        name_from_url("github:a/b#packages.x86_64-linux.gtk+3").as_deref(),
        Some("b")
    );
    assert_eq!(
        name_from_url("gitlab:a/b/main#default").as_deref(),
        Some("b")
    );
    // Any URL falls back to its last path segment.
    assert_eq!(
        name_from_url("sourcehut:~a/b#default").as_deref(),
        Some("b")
    );
    assert_eq!(name_from_url("github:a/b.c#default").as_deref(), None);
    // Indirect refs with a branch: the branch is the last path segment.
    assert_eq!(
        name_from_url("flake:nixpkgs/master#default").as_deref(),
        Some("master")
    );
    assert_eq!(name_from_url("flake:nixpkgs/nixos-24.05#default"), None);
    assert_eq!(
        name_from_url("https://example.org/a/flake.tar.gz#default"),
        None
    );
    assert_eq!(
        name_from_url("https://example.org/a/flake#default").as_deref(),
        Some("flake")
    );
    // dir= wins over everything, decoded; the first of repeated keys counts.
    assert_eq!(
        name_from_url("path:/x?dir=a%2Fb&dir=c#hello").as_deref(),
        Some("a/b")
    );
    assert_eq!(name_from_url("path:/x?dir#hello").as_deref(), Some("hello"));
    assert_eq!(name_from_url("path:/x/a%20b#default"), None);
    assert_eq!(
        name_from_url("path:/x/a%2Db#default").as_deref(),
        Some("a-b")
    );
    assert_eq!(name_from_url(""), None);
    assert_eq!(name_from_url("#"), None);
}

#[test]
fn store_path_elements_are_named_by_their_packages() {
    let none = |p: &[&str]| element_name_from_url(None, None, &Outputs::Default, &paths(p));
    assert_eq!(none(&["ripgrep-14.1.0"]), "ripgrep");
    assert_eq!(none(&["multi-1.0", "multi-1.0-man"]), "multi");
    assert_eq!(none(&["foo-1.0", "bar-2.0"]), "bar, foo");
    assert_eq!(none(&[]), "");
}

#[test]
fn dedup_like_nix_add_element() {
    let taken = ["hello", "hello-1", "hello-2", "x-1"];
    let is_taken = |n: &str| taken.contains(&n);
    assert_eq!(dedup_name(&is_taken, "hello"), "hello-3");
    assert_eq!(dedup_name(&is_taken, "x"), "x");
    assert_eq!(dedup_name(&is_taken, "x-1"), "x-1-1");
    assert_eq!(dedup_name(&|_: &str| false, ""), "");
    assert_eq!(dedup_name(&|n: &str| n.is_empty(), ""), "-1");
}

#[test]
fn hostile_text_is_just_text() {
    for s in [
        "a\"b",
        "${x}",
        "line\nbreak",
        "ünï✓",
        "\u{0}",
        "-",
        "--",
        "a-\u{301}",
    ] {
        let (n, v) = split_drv_name(s);
        let joined = match v {
            Some(v) => format!("{n}-{v}"),
            None => n,
        };
        assert_eq!(joined, s);
        let _ = store_path_name(s);
        let _ = name_from_url(s);
        let _ = name_from_url(&format!("path:/{s}?dir={s}#{s}^{s}"));
    }
}
