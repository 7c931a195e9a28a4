//! The lock writer against locks written by the real `nix flake lock`:
//! reading one and writing it again must give the same bytes, and copying
//! an input's own lock under it must give what Nix gives.

use std::path::Path;

use frost_testkit::NixSandbox;

use super::*;

fn write(path: &Path, text: &str) {
    std::fs::create_dir_all(path.parent().unwrap()).unwrap();
    std::fs::write(path, text).unwrap();
}

/// A flake with no inputs whose outputs are empty.
const LEAF: &str = "{ outputs = { self }: { }; }\n";

/// Local flakes with nested inputs, a `follows`, a non-flake input, an input
/// named `root` (Nix must rename its node) and a folder name with Unicode
/// and a quote, so the JSON needs escapes.
fn flakes(s: &NixSandbox) -> std::path::PathBuf {
    let src = s.root().join("src");
    write(&src.join("base/flake.nix"), LEAF);
    write(&src.join("wëird \"name\"/flake.nix"), LEAF);
    write(&src.join("data/file.txt"), "not a flake\n");
    write(
        &src.join("mid/flake.nix"),
        &format!(
            "{{ inputs.base.url = \"path:{}\"; outputs = {{ self, base }}: {{ }}; }}\n",
            src.join("base").display()
        ),
    );
    write(
        &src.join("top/flake.nix"),
        &format!(
            r#"{{
  inputs.mid.url = "path:{mid}";
  inputs.root.url = "path:{base}";
  inputs.base.url = "path:{base}";
  inputs.mid.inputs.base.follows = "base";
  inputs.odd.url = "{odd}";
  inputs.data = {{ url = "path:{data}"; flake = false; }};
  outputs = {{ self, ... }}: {{ }};
}}
"#,
            mid = src.join("mid").display(),
            base = src.join("base").display(),
            // Nix reads a flake URL as a URL: the folder name must be
            // percent-encoded, as FlakeRef::to_url does.
            odd = path_url(&src.join("wëird \"name\"")),
            data = src.join("data").display(),
        ),
    );
    src
}

fn path_url(p: &Path) -> String {
    FlakeRef {
        kind: FlakeRefKind::Path {
            path: p.display().to_string(),
        },
        attrs: Default::default(),
    }
    .to_url()
}

fn lock(s: &NixSandbox, dir: &Path) -> String {
    s.nix(&["flake", "lock", &format!("path:{}", dir.display())])
        .unwrap();
    std::fs::read_to_string(dir.join("flake.lock")).unwrap()
}

#[test]
fn nix_written_locks_are_written_back_byte_for_byte() {
    let s = NixSandbox::new().unwrap();
    let src = flakes(&s);
    let text = lock(&s, &src.join("top"));
    // The fixture exercises what it claims to.
    assert!(text.contains("\"root_2\""), "{text}");
    assert!(
        text.contains("\"base\": [\n          \"base\"\n        ]"),
        "{text}"
    );
    assert!(text.contains("wëird \\\"name\\\""), "{text}");
    assert!(text.contains("\"flake\": false"), "{text}");
    let graph = LockGraph::parse(&text).unwrap();
    assert_eq!(graph.to_json_string(), text);
}

#[test]
fn an_inputs_own_lock_is_copied_as_nix_copies_it() {
    let s = NixSandbox::new().unwrap();
    let src = flakes(&s);
    // mid's own lock, as `nix flake metadata --json` shows it.
    lock(&s, &src.join("mid"));
    let mid_ref = format!("path:{}", src.join("mid").display());
    let meta: serde_json::Value =
        serde_json::from_str(&s.nix(&["flake", "metadata", "--json", &mid_ref]).unwrap()).unwrap();
    // A flake with mid as its only input: Nix copies mid's lock under it.
    write(
        &src.join("user/flake.nix"),
        &format!("{{ inputs.mid.url = \"{mid_ref}\"; outputs = {{ self, mid }}: {{ }}; }}\n"),
    );
    let nix_text = lock(&s, &src.join("user"));

    let mut graph = LockGraph::new();
    let locked = attrs_from_json(&meta["locked"]).unwrap();
    let original = attrs_from_ref(&FlakeRef::parse(&mid_ref).unwrap());
    let mid = graph.add_input(0, "mid", locked, original);
    graph
        .graft(mid, &meta["locks"], &["mid".to_owned()])
        .unwrap();
    assert!(!graph.to_json_string().contains("__final"));
    assert_eq!(graph.to_json_string(), nix_text);
}

#[test]
fn follows_in_a_copied_lock_start_at_the_new_root() {
    let inner = serde_json::json!({
        "nodes": {
            "a": { "inputs": { "b": ["b"] }, "locked": { "type": "path", "path": "/a", "narHash": "sha256-A=" }, "original": { "type": "path", "path": "/a" } },
            "b": { "locked": { "type": "path", "path": "/b", "narHash": "sha256-B=" }, "original": { "type": "path", "path": "/b" } },
            "root": { "inputs": { "a": "a", "b": "b" } }
        },
        "root": "root",
        "version": 7
    });
    let mut g = LockGraph::new();
    let x = g.add_input(0, "x", LockAttrs::new(), LockAttrs::new());
    g.graft(x, &inner, &["x".to_owned()]).unwrap();
    let json: serde_json::Value = serde_json::from_str(&g.to_json_string()).unwrap();
    assert_eq!(
        json["nodes"]["a"]["inputs"]["b"],
        serde_json::json!(["x", "b"])
    );
    assert_eq!(json["nodes"]["x"]["inputs"]["a"], "a");
}

#[test]
fn attributes_are_typed_as_nix_types_them() {
    let r = FlakeRef::parse(
        "git+file:///src/tool?ref=refs/heads/main&rev=6ebf390930a6907bdbcaf31e157b72f157961ca7&revCount=12&lastModified=1700000000&submodules=1&__final=1",
    )
    .unwrap();
    let a = attrs_from_ref(&r);
    assert_eq!(a["revCount"], LockValue::Int(12));
    assert_eq!(a["lastModified"], LockValue::Int(1_700_000_000));
    assert_eq!(a["submodules"], LockValue::Bool(true));
    assert_eq!(a["url"], LockValue::Str("file:///src/tool".into()));
    assert_eq!(a["type"], LockValue::Str("git".into()));
    assert!(!a.contains_key("__final"));

    let gh = FlakeRef::parse(
        "github:NixOS/nixpkgs/9693852a2070b398ee123a329e68f0dab5526681?narHash=sha256-jHJSUH619zBQ6WdC21fFAlDxHErKVDJ5fpN0Hgx4sjs%3D",
    )
    .unwrap();
    let a = attrs_from_ref(&gh);
    assert_eq!(a["owner"], LockValue::Str("NixOS".into()));
    assert_eq!(
        a["narHash"],
        LockValue::Str("sha256-jHJSUH619zBQ6WdC21fFAlDxHErKVDJ5fpN0Hgx4sjs=".into())
    );
    assert!(!a.contains_key("ref"));
}

#[test]
fn broken_locks_are_errors() {
    for text in [
        "",
        "[]",
        r#"{"version": 4, "nodes": {}, "root": "root"}"#,
        r#"{"version": 7, "nodes": {"root": {"inputs": {"a": "a"}}}, "root": "root"}"#,
        r#"{"version": 7, "nodes": {"root": {"inputs": {"a": "a"}}, "a": {"inputs": {"r": "root"}, "locked": {}, "original": {}}}, "root": "root"}"#,
        r#"{"version": 7, "nodes": {"root": {"inputs": {"a": "a"}}, "a": {"locked": {"x": 1.5}, "original": {}}}, "root": "root"}"#,
    ] {
        assert!(LockGraph::parse(text).is_err(), "{text}");
    }
}
