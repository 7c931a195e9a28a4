//! The emitter against both Nix parsers: rnix (the parser crate) and real
//! Nix, which must read every emitted string and name back as exactly the
//! text it came from. Hostile inputs come from proptest; each generated case
//! holds a batch of inputs checked by one `nix-instantiate` run, so the
//! property test costs a handful of Nix starts, not thousands.

use std::process::Command;

use proptest::prelude::*;

use super::*;

#[test]
fn strings_escape_what_nix_would_interpret() {
    assert_eq!(string("hello").unwrap(), r#""hello""#);
    assert_eq!(string("a\"b").unwrap(), r#""a\"b""#);
    assert_eq!(string(r"a\b").unwrap(), r#""a\\b""#);
    assert_eq!(string("${x}").unwrap(), r#""\${x}""#);
    assert_eq!(string("$${x}").unwrap(), r#""\$\${x}""#);
    assert_eq!(string("a\nb\r\tc").unwrap(), r#""a\nb\r\tc""#);
    assert_eq!(string("''").unwrap(), r#""''""#);
    assert_eq!(string("é ✓").unwrap(), "\"é ✓\"");
    assert_eq!(string("a\0b"), Err(SyntaxError::Nul));
}

#[test]
fn names_are_bare_only_when_nix_allows() {
    for bare in [
        "hello",
        "hello-1",
        "_x",
        "a'b",
        "python3Packages",
        "x86_64-linux",
    ] {
        assert_eq!(attr_name(bare).unwrap(), bare);
    }
    for quoted in [
        "7zip", "foo.bar", "in", "or", "let", "", "-x", "a b", "'a", "é",
    ] {
        assert_eq!(attr_name(quoted).unwrap(), string(quoted).unwrap());
    }
    assert_eq!(
        attr_path(&["legacyPackages", "x86_64-linux", "7zip"]).unwrap(),
        r#"legacyPackages.x86_64-linux."7zip""#
    );
}

#[test]
fn comments_cannot_end_early() {
    assert_eq!(comment("hello 2.12.1"), "# hello 2.12.1");
    assert_eq!(comment("a\nb = 1;\r#"), "# a b = 1; #");
    assert!(!comment("x\u{2028}\u{85}y\n").contains('\n'));
}

#[test]
fn cli_attrs_and_shell_words() {
    assert_eq!(cli_attr("hello-1").as_deref(), Some("hello-1"));
    assert_eq!(cli_attr("7zip").as_deref(), Some("7zip"));
    assert_eq!(cli_attr("foo.nix").as_deref(), Some("\"foo.nix\""));
    for bad in ["", "a b", "a#b", "a^b", "a\"b", "a%b", "a?b", "a\nb"] {
        assert_eq!(cli_attr(bad), None, "{bad:?}");
    }
    assert_eq!(shell_word("path:/a/b#hello"), "path:/a/b#hello");
    assert_eq!(shell_word("#x"), "'#x'");
    assert_eq!(shell_word("path:.#multi^*"), "'path:.#multi^*'");
    assert_eq!(shell_word("/a/b"), "/a/b");
    assert_eq!(shell_word("it's"), r"'it'\''s'");
    assert_eq!(shell_word(""), "''");
}

/// Text meant to break out of a string, a name or a comment.
fn hostile() -> impl Strategy<Value = String> {
    prop_oneof![
        any::<String>(),
        "[\\\\\"$'{}\n\r\t #;=.a-z0-9_-]{0,16}",
        prop::sample::select(vec![
            "${builtins.abort \"x\"}",
            "$${x}",
            "\\${x}",
            "''${x}''",
            "\"; x = 1; y = \"",
            "in",
            "or",
            "rec",
            "outPath",
            "__functor",
            "a.b",
            "\"",
            "\\",
            "$",
            "#",
            "/*",
            "\r\n",
        ])
        .prop_map(str::to_owned),
    ]
}

/// One Nix expression checking every input: the string, the name in a
/// binding and the name in a selection must all come back as the input.
fn batch_expression(inputs: &[String]) -> String {
    let mut e = String::from("[\n");
    for s in inputs {
        let lit = string(s).unwrap();
        let name = attr_name(s).unwrap();
        let path = attr_path(&[s.as_str(), s.as_str()]).unwrap();
        e.push_str(&comment(s));
        e.push('\n');
        e.push_str(&format!(
            "  {{ s = {lit}; names = builtins.attrNames {{ {name} = 1; }}; sel = {{ {name} = \"ok\"; }}.{name}; deep = {{ {path} = \"ok\"; }}.{path}; }}\n"
        ));
    }
    e.push_str("]\n");
    e
}

fn nix_eval_json(expr: &str) -> serde_json::Value {
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("batch.nix");
    std::fs::write(&file, expr).unwrap();
    let out = Command::new("nix-instantiate")
        .args(["--eval", "--strict", "--json"])
        .arg(&file)
        .env("HOME", dir.path())
        .env("NIX_CONFIG", "substituters =")
        .output()
        .expect("nix-instantiate runs");
    assert!(
        out.status.success(),
        "nix rejected the emitted source: {}\n{expr}",
        String::from_utf8_lossy(&out.stderr)
    );
    serde_json::from_slice(&out.stdout).unwrap()
}

fn nix_parses(expr: &str) -> bool {
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("parse.nix");
    std::fs::write(&file, expr).unwrap();
    Command::new("nix-instantiate")
        .arg("--parse")
        .arg(&file)
        .env("HOME", dir.path())
        .output()
        .map(|o| o.status.success())
        .unwrap_or(false)
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 6, ..ProptestConfig::default() })]

    #[test]
    fn emitted_text_reads_back_exactly(inputs in prop::collection::vec(hostile(), 1..80)) {
        let inputs: Vec<String> = inputs.into_iter().filter(|s| !s.contains('\0')).collect();
        let expr = batch_expression(&inputs);
        let parsed = rnix::Root::parse(&expr);
        prop_assert!(parsed.errors().is_empty(), "rnix: {:?}\n{}", parsed.errors(), expr);
        prop_assert!(nix_parses(&expr), "nix-instantiate --parse failed:\n{}", expr);
        let value = nix_eval_json(&expr);
        let items = value.as_array().unwrap();
        prop_assert_eq!(items.len(), inputs.len());
        for (item, input) in items.iter().zip(&inputs) {
            prop_assert_eq!(item["s"].as_str(), Some(input.as_str()));
            prop_assert_eq!(&item["names"], &serde_json::json!([input]));
            prop_assert_eq!(item["sel"].as_str(), Some("ok"));
            prop_assert_eq!(item["deep"].as_str(), Some("ok"));
        }
    }

    #[test]
    fn nul_is_refused_never_emitted(a in any::<String>(), b in any::<String>()) {
        let s = format!("{a}\0{b}");
        prop_assert_eq!(string(&s), Err(SyntaxError::Nul));
        prop_assert_eq!(attr_name(&s), Err(SyntaxError::Nul));
    }
}
