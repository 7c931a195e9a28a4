//! manifest.json of every version, checked against what Nix 2.26 itself
//! listed for the same files (tests/fixtures/README.md says how each was
//! made).

#[path = "manifest_common/mod.rs"]
mod common;

use std::path::Path;

use common::{assert_same_as_nix, fixture, names, Compare};
use frost_core::element::Origin;
use frost_core::{Error, Manifest, ManifestFormat, Outputs};
use serde_json::{json, Value};

fn parse(bytes: &[u8]) -> frost_core::Result<Manifest> {
    Manifest::parse_json(bytes, Path::new("/gen/manifest.json"))
}

fn nix_listing(name: &str) -> Value {
    serde_json::from_slice(&fixture(name)).unwrap()
}

#[test]
fn version_3_written_by_nix() {
    let bytes = fixture("v3-nix-2.26.json");
    let m = parse(&bytes).unwrap();
    assert_eq!(m.format, ManifestFormat::Json { version: 3 });
    assert_eq!(
        names(&m),
        ["7zip", "fallback", "hello", "hello-1", "multi", "pip", "prio", "sub"]
    );
    // `nix profile list --json` prints the manifest it read: the file itself.
    assert_same_as_nix(
        &m,
        &serde_json::from_slice(&bytes).unwrap(),
        Compare { everything: true },
    );

    let multi = m.element("multi").unwrap();
    assert_eq!(multi.outputs, Outputs::All);
    assert_eq!(multi.store_paths.len(), 3);
    assert_eq!(
        (multi.pname.as_str(), multi.version.as_deref()),
        ("multi", Some("1.0"))
    );
    let pip = m.element("pip").unwrap();
    assert_eq!(
        pip.attr_path.as_deref(),
        Some("legacyPackages.x86_64-linux.python3Packages.pip")
    );
    assert_eq!(pip.short_attr_path(), Some("python3Packages.pip"));
    assert_eq!(
        (pip.pname.as_str(), pip.version.as_deref()),
        ("python3.12-pip", Some("24.0"))
    );
    assert_eq!(m.element("prio").unwrap().priority, 3);
    assert_eq!(
        m.element("7zip").unwrap().attr_path.as_deref(),
        Some("legacyPackages.x86_64-linux.7zip")
    );
    let fallback = m.element("fallback").unwrap();
    assert_eq!(fallback.origin, Origin::StorePath);
    assert_eq!(fallback.outputs, Outputs::Default);
    let sub = m.element("sub").unwrap();
    assert_eq!(sub.original_ref.as_deref().unwrap().dir(), Some("sub"));
    let locked = sub.locked_ref.as_deref().unwrap();
    assert_eq!(
        locked.nar_hash(),
        Some("sha256-tsinnvetXaGuyN7qBkPGl4INpdjv31P26rb8jJtu2Hk=")
    );
    assert_eq!(locked.last_modified(), Some(1_795_663_151));
    assert!(m.element("nope").is_none());
}

#[test]
fn version_2_names_equal_nix() {
    let m = parse(&fixture("v2.json")).unwrap();
    assert_eq!(m.format, ManifestFormat::Json { version: 2 });
    assert_same_as_nix(
        &m,
        &nix_listing("v2.nix-2.26-list.json"),
        Compare { everything: true },
    );
    let hello1 = m.element("hello-1").unwrap();
    assert_eq!(
        hello1.outputs,
        Outputs::Named(vec!["man".into(), "out".into()])
    );
    assert_eq!(
        (hello1.pname.as_str(), hello1.version.as_deref()),
        ("hello", Some("2.12"))
    );
    assert!(!m.element("7zip").unwrap().active);
    assert_eq!(m.element("ripgrep").unwrap().priority, 8);
    let empty = m.element("").unwrap();
    assert!(empty.store_paths.is_empty());
}

#[test]
fn version_1_names_equal_nix() {
    let m = parse(&fixture("v1.json")).unwrap();
    assert_eq!(m.format, ManifestFormat::Json { version: 1 });
    assert_same_as_nix(
        &m,
        &nix_listing("v1.nix-2.26-list.json"),
        Compare { everything: true },
    );
    let zoom = m.element("zoom-us").unwrap();
    assert_eq!(
        zoom.locked_ref.as_deref().unwrap().rev(),
        Some("13d0c311e3ae923a00f734b43fd1d35b47d8943a")
    );
    // Old Nix wrote `=` raw in query values.
    let tool = m.element("tool").unwrap();
    assert!(tool
        .locked_ref
        .as_deref()
        .unwrap()
        .nar_hash()
        .unwrap()
        .ends_with('='));
    assert!(!m.element("ripgrep").unwrap().active);
}

#[test]
fn version_1_with_mixed_keys_and_bad_refs() {
    // Nix 2.26 refuses this file (it reads only `originalUri` in version 1);
    // Frost reads both spellings and keeps elements whose refs it cannot
    // parse, without the refs.
    let m = parse(&fixture("v1-mixed-keys.json")).unwrap();
    assert_eq!(names(&m), ["hello", "y", "zoom-us"]);
    let zoom = m.element("zoom-us").unwrap();
    assert!(zoom.original_ref.as_deref().unwrap().is_nixpkgs());
    assert!(zoom.locked_ref.is_some());
    let hello = m.element("hello").unwrap();
    assert!(hello.original_ref.is_some() && hello.locked_ref.is_some());
    let odd = m.element("y").unwrap();
    assert_eq!(odd.origin, Origin::Flake);
    assert!(odd.original_ref.is_none() && odd.locked_ref.is_none());
    assert_eq!(
        odd.attr_path.as_deref(),
        Some("packages.x86_64-linux.default")
    );
    assert_eq!(odd.pname, "odd");
}

#[test]
fn defaults_for_missing_fields() {
    let m = parse(br#"{"version":2,"elements":[{"storePaths":["/nix/store/s8sp064ml248d7xwg0n98i0vs9prc810-a-1"]},
        {"url":"","originalUrl":"flake:nixpkgs","storePaths":null,"active":null,"priority":null}]}"#)
    .unwrap();
    assert_eq!(names(&m), ["", "a"]);
    for e in &m.elements {
        assert!(e.active);
        assert_eq!(e.priority, 5);
        assert_eq!(
            e.origin,
            Origin::StorePath,
            "an empty url means no source, as in Nix"
        );
    }
    assert!(parse(br#"{"version":3}"#).unwrap().elements.is_empty());
    assert!(parse(br#"{"version":1,"elements":null}"#)
        .unwrap()
        .elements
        .is_empty());
}

#[test]
fn outputs_forms() {
    let with = |outputs: Value| {
        let doc = json!({"version": 3, "elements": {"e": {"url": "flake:x", "originalUrl": "flake:x",
            "attrPath": "a", "storePaths": [], "outputs": outputs}}});
        parse(doc.to_string().as_bytes()).unwrap().elements[0]
            .outputs
            .clone()
    };
    assert_eq!(with(Value::Null), Outputs::Default);
    assert_eq!(with(json!(["*"])), Outputs::All);
    assert_eq!(with(json!(["*", "*"])), Outputs::All);
    assert_eq!(
        with(json!(["out", "man", "out"])),
        Outputs::Named(vec!["man".into(), "out".into()])
    );
    assert_eq!(
        with(json!(["*", "out"])),
        Outputs::Named(vec!["*".into(), "out".into()])
    );
    assert_eq!(with(json!([])), Outputs::Named(vec![]));
}

#[test]
fn hostile_names_stay_exact_and_sorted_by_bytes() {
    let keys = [
        "quote\"d",
        "${x}",
        "new\nline",
        "ünïcödé ✓",
        "",
        "Zed",
        "a b",
        "\u{7f}",
        "\\",
    ];
    let mut elements = serde_json::Map::new();
    for k in keys {
        elements.insert(
            k.into(),
            json!({"storePaths": [], "attrPath": k, "url": format!("path:/{k}"),
            "originalUrl": format!("path:/{k}")}),
        );
    }
    let m = parse(
        json!({"version": 3, "elements": elements})
            .to_string()
            .as_bytes(),
    )
    .unwrap();
    let mut expected = keys.to_vec();
    expected.sort_unstable();
    assert_eq!(names(&m), expected);
    for k in keys {
        assert_eq!(m.element(k).unwrap().attr_path.as_deref(), Some(k));
    }
}

#[test]
fn repeated_key_keeps_the_last_like_nix() {
    let m = parse(br#"{"version":3,"elements":{"a":{"priority":1},"b":{},"a":{"priority":2}}}"#)
        .unwrap();
    assert_eq!(names(&m), ["a", "b"]);
    assert_eq!(m.element("a").unwrap().priority, 2);
}

fn assert_corrupt(r: frost_core::Result<Manifest>, what: &str) {
    match r {
        Err(e @ Error::ManifestCorrupt { .. }) => {
            assert!(e.to_string().contains("/gen/manifest.json"), "{what}: {e}");
        }
        other => panic!("{what}: expected ManifestCorrupt, got {other:?}"),
    }
}

#[test]
fn versions_frost_does_not_know() {
    for (doc, v) in [
        (r#"{"version":4,"elements":{}}"#, 4),
        (r#"{"version":0,"elements":[]}"#, 0),
        (r#"{"version":-1}"#, -1),
        // A future shape still says "update Frost", not "damaged".
        (r#"{"elements":"something new","version":4}"#, 4),
    ] {
        match parse(doc.as_bytes()) {
            Err(Error::ManifestVersion { version, path }) => {
                assert_eq!(version, v);
                assert_eq!(path, Path::new("/gen/manifest.json"));
            }
            other => panic!("{doc}: {other:?}"),
        }
    }
    assert_corrupt(parse(br#"{"elements":[]}"#), "no version");
    assert_corrupt(parse(br#"{"version":"3","elements":[]}"#), "string version");
    assert_corrupt(parse(br#"{"version":3.5}"#), "fractional version");
}

#[test]
fn wrong_shapes_are_corrupt() {
    for doc in [
        "",
        "null",
        "[]",
        "not json",
        "\u{feff}{\"version\":3}",
        r#"{"version":3,"elements":"x"}"#,
        r#"{"version":3,"elements":[1]}"#,
        r#"{"version":3,"elements":{"a":{"storePaths":"x"}}}"#,
        r#"{"version":3,"elements":{"a":{"storePaths":[1]}}}"#,
        r#"{"version":3,"elements":{"a":{"active":"yes"}}}"#,
        r#"{"version":3,"elements":{"a":{"priority":"5"}}}"#,
        r#"{"version":3,"elements":{"a":{"priority":99999999999999999999}}}"#,
        r#"{"version":3,"elements":{"a":{"outputs":"out"}}}"#,
        r#"{"version":3,"elements":{"a":{"url":5}}}"#,
        r#"{"version":3,"elements":{}} trailing"#,
    ] {
        assert_corrupt(parse(doc.as_bytes()), doc);
    }
}

#[test]
fn every_prefix_of_real_manifests_is_an_error_not_a_panic() {
    for name in [
        "v3-nix-2.26.json",
        "v2.json",
        "v1.json",
        "v1-mixed-keys.json",
    ] {
        let bytes = fixture(name);
        let end = bytes.trim_ascii_end().len();
        for len in 0..end {
            assert_corrupt(parse(&bytes[..len]), &format!("{name}[..{len}]"));
        }
        assert!(parse(&bytes[..end]).is_ok());
    }
}

#[test]
fn damaged_bytes_never_panic() {
    let bytes = fixture("v2.json");
    for i in 0..bytes.len() {
        for b in [b'"', b'{', b']', b'0', b'\\', 0xff, b'\n'] {
            let mut damaged = bytes.clone();
            damaged[i] = b;
            let _ = parse(&damaged);
        }
    }
}

#[test]
fn ten_megabyte_manifest() {
    // Version 2, every element called "hello": naming must stay linear.
    let element = |i: usize| {
        json!({"active": true, "attrPath": "legacyPackages.x86_64-linux.hello", "originalUrl": "flake:nixpkgs",
            "outputs": null, "priority": 5, "url": format!("github:NixOS/nixpkgs/{i:040x}?narHash=sha256-{}%3D", "A".repeat(43)),
            "storePaths": [format!("/nix/store/s8sp064ml248d7xwg0n98i0vs9prc810-hello-{i}")]})
    };
    let mut doc = String::from(r#"{"version":2,"elements":["#);
    let mut i = 0;
    while doc.len() < 10_000_000 {
        if i > 0 {
            doc.push(',');
        }
        doc.push_str(&element(i).to_string());
        i += 1;
    }
    doc.push_str("]}");
    let m = parse(doc.as_bytes()).unwrap();
    assert_eq!(m.elements.len(), i);
    let last = m.element(&format!("hello-{}", i - 1)).unwrap();
    assert_eq!(last.version.as_deref(), Some((i - 1).to_string().as_str()));
    assert!(m.element("hello").is_some());
}

#[test]
fn read_dir_prefers_json_then_nix_then_says_missing() {
    let dir = tempfile::tempdir().unwrap();
    match Manifest::read_dir(dir.path()) {
        Err(Error::ManifestMissing { dir: d }) => assert_eq!(d, dir.path()),
        other => panic!("{other:?}"),
    }
    std::fs::write(dir.path().join("manifest.nix"), fixture("nix-env-2.26.nix")).unwrap();
    assert_eq!(
        Manifest::read_dir(dir.path()).unwrap().format,
        ManifestFormat::NixEnv
    );
    std::fs::write(dir.path().join("manifest.json"), fixture("v1.json")).unwrap();
    assert_eq!(
        Manifest::read_dir(dir.path()).unwrap().format,
        ManifestFormat::Json { version: 1 }
    );
    std::fs::write(dir.path().join("manifest.json"), b"{").unwrap();
    let err = Manifest::read_dir(dir.path()).unwrap_err();
    assert!(matches!(err, Error::ManifestCorrupt { .. }));
    assert!(err
        .to_string()
        .contains(&dir.path().join("manifest.json").display().to_string()));
    std::fs::remove_file(dir.path().join("manifest.json")).unwrap();
    std::fs::create_dir(dir.path().join("manifest.json")).unwrap();
    assert!(matches!(
        Manifest::read_dir(dir.path()),
        Err(Error::Io { .. })
    ));
}
