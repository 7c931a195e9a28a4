//! nix-env's manifest.nix, checked against a file nix-env 2.26 wrote and
//! against how `nix profile list --json` 2.26 named its packages.

#[path = "manifest_common/mod.rs"]
mod common;

use std::path::Path;

use common::{assert_same_as_nix, fixture, names, Compare};
use frost_core::element::Origin;
use frost_core::{Error, Manifest, ManifestFormat, Outputs};

fn parse(text: &str) -> frost_core::Result<Manifest> {
    Manifest::parse_nix_env(text, Path::new("/gen/manifest.nix"))
}

fn real() -> String {
    String::from_utf8(fixture("nix-env-2.26.nix")).unwrap()
}

const OUT: &str = "/nix/store/2xqds5xamr86rql0i46pk5qyim90dal5";

#[test]
fn written_by_nix_env() {
    let m = parse(&real()).unwrap();
    assert_eq!(m.format, ManifestFormat::NixEnv);
    let listing = serde_json::from_slice(&fixture("nix-env-2.26.nix-list.json")).unwrap();
    assert_same_as_nix(&m, &listing, Compare { everything: false });
    assert_eq!(
        names(&m),
        ["hello", "hello-1", "multi", "noversion", "tool"]
    );

    // Names follow file order: hello-3.0 came first.
    let hello = m.element("hello").unwrap();
    assert_eq!(
        (hello.pname.as_str(), hello.version.as_deref()),
        ("hello", Some("3.0"))
    );
    assert_eq!(hello.origin, Origin::NixEnv);
    assert!(hello.attr_path.is_none() && hello.locked_ref.is_none());
    assert_eq!(
        hello.source_description(),
        "installed with nix-env, no source recorded"
    );
    // An integer meta.priority from the package, a string one from --set-flag.
    assert_eq!(m.element("hello-1").unwrap().priority, 4);
    let tool = m.element("tool").unwrap();
    assert_eq!(tool.priority, 7);
    assert_eq!(tool.version.as_deref(), Some("0.5-unstable-2024-01-01"));
    assert!(!m.element("noversion").unwrap().active);
    assert_eq!(m.element("noversion").unwrap().version, None);
    // Both outputs that nix-env linked, not only outPath.
    let multi = m.element("multi").unwrap();
    assert_eq!(
        multi.outputs,
        Outputs::Named(vec!["man".into(), "out".into()])
    );
    assert_eq!(multi.store_paths.len(), 2);
    assert!(multi.store_paths[0].ends_with("-multi-1.0-man"));
    assert_eq!(
        (multi.pname.as_str(), multi.version.as_deref()),
        ("multi", Some("1.0"))
    );
}

fn one(entry: &str) -> frost_core::Result<Manifest> {
    parse(&format!("[ {{ type = \"derivation\"; {entry} }} ]"))
}

#[test]
fn strings_are_unescaped_like_nix() {
    let m =
        one(r#"name = "say \"hi\" \${x}\n\t\\ ünï ✓-1.0"; outPath = "not a store path";"#).unwrap();
    let e = &m.elements[0];
    assert_eq!(e.pname, "say \"hi\" ${x}\n\t\\ ünï ✓");
    assert_eq!(
        e.name, e.pname,
        "without a store path Nix's rule falls back to `name`"
    );
    assert_eq!(e.version.as_deref(), Some("1.0"));
    assert_eq!(e.store_paths, ["not a store path"]);
}

#[test]
fn flags_and_outputs() {
    let cases = [
        (r#"meta = { priority = -3; };"#, -3, true),
        (r#"meta = { priority = "x"; active = "true"; };"#, 5, true),
        (r#"meta.priority = "12"; meta.active = false;"#, 12, false),
        (r#"meta = { active = "False"; };"#, 5, true),
        (r#"meta = <CODE>;"#, 5, true),
    ];
    for (meta, priority, active) in cases {
        let m = one(&format!("name = \"a-1\"; outPath = \"{OUT}-a-1\"; {meta}")).unwrap();
        assert_eq!(
            (m.elements[0].priority, m.elements[0].active),
            (priority, active),
            "{meta}"
        );
    }
    // `outputs` without a matching attribute set: that output is skipped.
    let m = one(&format!(
        "name = \"a-1\"; outPath = \"{OUT}-a-1\"; outputs = [ \"out\" \"doc\" ]; out = {{ outPath = \"{OUT}-a-1\"; }};"
    ))
    .unwrap();
    assert_eq!(m.elements[0].store_paths, [format!("{OUT}-a-1")]);
    assert_eq!(
        m.elements[0].outputs,
        Outputs::Named(vec!["out".into(), "doc".into()])
    );
}

#[test]
fn only_derivations_count_and_nested_lists_are_read() {
    let text = format!(
        "[ {{ name = \"skipped\"; }} [ {{ type = \"derivation\"; name = \"b-2\"; outPath = \"{OUT}-b-2\"; }} ] ]"
    );
    let m = parse(&text).unwrap();
    assert_eq!(names(&m), ["b"]);
    assert!(parse("[ ]").unwrap().elements.is_empty());
}

fn assert_corrupt(r: frost_core::Result<Manifest>, what: &str) {
    match r {
        Err(e @ Error::ManifestCorrupt { .. }) => {
            assert!(e.to_string().contains("/gen/manifest.nix"), "{what}: {e}");
        }
        other => panic!("{what}: expected ManifestCorrupt, got {other:?}"),
    }
}

#[test]
fn code_and_bad_shapes_are_refused() {
    for text in [
        "",
        "# only a comment",
        "{ }",
        "[ 1 ]",
        "[ \"x\" ]",
        "let x = { type = \"derivation\"; name = \"a\"; }; in [ x ]",
        "[ { type = \"derivation\"; name = \"${x}\"; } ]",
        "[ { type = \"derivation\"; name = ''a''; } ]",
        "[ { type = \"derivation\"; name = \"a\"; name = \"b\"; } ]",
        "[ { type = \"derivation\"; inherit name; } ]",
        "[ { type = \"derivation\"; ${\"a\"} = 1; } ]",
        "[ { type = \"derivation\"; } ]",
        "[ (x: x) ]",
        "import ./x.nix",
        "[ { type = \"derivation\"; name = \"a\" } ]",
        "[ { \u{0} } ]",
    ] {
        assert_corrupt(parse(text), text);
    }
}

#[test]
fn deep_nesting_is_refused_not_a_stack_overflow() {
    for open in ["[", "{ a = ", "(", "-", "[ { a = [ "] {
        let text = open.repeat(200_000);
        assert_corrupt(parse(&text), open);
    }
    // As deep as the limit still parses, in a test thread's small stack.
    let deep = format!("{}{}", "[ ".repeat(100), " ]".repeat(100));
    assert!(parse(&deep).unwrap().elements.is_empty());
}

#[test]
fn every_prefix_of_a_real_manifest_is_an_error_not_a_panic() {
    let text = real();
    let end = text.trim_end().len();
    for len in (0..end).filter(|&l| text.is_char_boundary(l)) {
        assert_corrupt(parse(&text[..len]), &format!("[..{len}]"));
    }
    assert!(parse(&text[..end]).is_ok());
}

#[test]
fn damaged_text_never_panics() {
    let text = real();
    let chars: Vec<char> = text.chars().collect();
    for i in 0..chars.len() {
        for c in ['"', '{', ']', ';', '\\', '$', 'ü', '\n', '#'] {
            let mut damaged = chars.clone();
            damaged[i] = c;
            let _ = parse(&damaged.iter().collect::<String>());
        }
    }
}
