//! nix-env's `manifest.nix`: a Nix list with one attribute set per package
//! (src/nix-env/user-env.cc), read with the `rnix` parser.
//!
//! nix-env writes it with `printAmbiguous`: plain data (strings, integers,
//! lists, attribute sets), plus `<LAMBDA>`/`<CODE>` placeholders for values
//! it could not print. Frost reads that data and nothing else: anything that
//! needs evaluating (`let`, interpolation, functions) makes the file
//! unreadable rather than half-read.

use std::path::Path;

use rnix::ast::{self, AstNode, HasEntry};
use rnix::{NodeOrToken, SyntaxKind, SyntaxNode};

use super::{corrupt, ElementNames, Manifest, ManifestFormat};
use crate::element::{Element, Origin, Outputs, DEFAULT_PRIORITY};
use crate::error::Result;
use crate::i18n::gettext_f;
use crate::names::{pname_version, split_drv_name, store_path_name};

/// Deeper nesting than nix-env ever writes; the limit keeps the recursive
/// parser and reader far from the end of the stack on hostile input.
const MAX_DEPTH: usize = 100;

pub(super) fn parse(text: &str, path: &Path) -> Result<Manifest> {
    check_tokens(text).map_err(|detail| corrupt(path, detail))?;
    let parsed = rnix::Root::parse(text);
    if let Some(err) = parsed.errors().first() {
        let detail = gettext_f("Nix syntax error: {error}", &[("error", &err.to_string())]);
        return Err(corrupt(path, detail));
    }
    let root = parsed.tree();
    let value = match root.expr() {
        Some(expr) => read_value(&expr, 0).map_err(|d| corrupt(path, d))?,
        None => return Err(corrupt(path, gettext_f("the file is empty", &[]))),
    };
    let Value::List(items) = value else {
        return Err(corrupt(
            path,
            gettext_f("it is not a list of packages", &[]),
        ));
    };
    let mut named = ElementNames::default();
    collect(items, &mut named).map_err(|d| corrupt(path, d))?;
    Ok(Manifest {
        format: ManifestFormat::NixEnv,
        elements: named.into_sorted(),
    })
}

/// Refuses, before parsing, what a data file never holds and what could
/// drive the recursive-descent parser into a stack overflow.
fn check_tokens(text: &str) -> Result<(), String> {
    use SyntaxKind::*;
    let mut depth = 0usize;
    let mut minus_run = 0usize;
    for (kind, token) in rnix::tokenize(text) {
        match kind {
            TOKEN_L_BRACK | TOKEN_L_BRACE | TOKEN_L_PAREN => depth += 1,
            TOKEN_R_BRACK | TOKEN_R_BRACE | TOKEN_R_PAREN => depth = depth.saturating_sub(1),
            TOKEN_SUB => minus_run += 1,
            TOKEN_WHITESPACE | TOKEN_COMMENT => continue,
            TOKEN_ASSIGN | TOKEN_SEMICOLON | TOKEN_DOT | TOKEN_STRING_START
            | TOKEN_STRING_CONTENT | TOKEN_STRING_END | TOKEN_IDENT | TOKEN_OR | TOKEN_INTEGER
            | TOKEN_FLOAT | TOKEN_URI | TOKEN_PATH_ABS | TOKEN_PATH_REL | TOKEN_PATH_HOME
            | TOKEN_PATH_SEARCH | TOKEN_REC => {}
            _ => {
                let shown: String = token.chars().take(20).collect();
                return Err(gettext_f(
                    "it holds Nix code (“{token}”), not the plain data nix-env writes",
                    &[("token", &shown)],
                ));
            }
        }
        if kind != TOKEN_SUB {
            minus_run = 0;
        }
        if depth > MAX_DEPTH || minus_run > MAX_DEPTH {
            return Err(gettext_f("it is nested too deeply", &[]));
        }
    }
    Ok(())
}

// rnix's `AstNode` is a subtrait of rowan's, which this crate does not
// name; a bound brings `syntax()` into reach.
pub(crate) fn syntax<N: AstNode>(node: &N) -> &SyntaxNode {
    node.syntax()
}

/// The data of a manifest.nix; values Frost has no use for are `Other`.
#[derive(Debug)]
enum Value {
    Str(String),
    Int(i64),
    Bool(bool),
    List(Vec<Value>),
    Attrs(Vec<(String, Value)>),
    Other,
}

impl Value {
    fn get(&self, key: &str) -> Option<&Value> {
        match self {
            Value::Attrs(attrs) => attrs.iter().find(|(k, _)| k == key).map(|(_, v)| v),
            _ => None,
        }
    }
    fn as_str(&self) -> Option<&str> {
        match self {
            Value::Str(s) => Some(s),
            _ => None,
        }
    }
}

fn read_value(expr: &ast::Expr, depth: usize) -> Result<Value, String> {
    if depth > MAX_DEPTH {
        return Err(gettext_f("it is nested too deeply", &[]));
    }
    Ok(match expr {
        ast::Expr::Str(s) => Value::Str(read_string(s)?),
        ast::Expr::Literal(lit) => read_literal(syntax(lit), false),
        ast::Expr::UnaryOp(op) => match (op.operator(), op.expr()) {
            (Some(ast::UnaryOpKind::Negate), Some(ast::Expr::Literal(lit))) => {
                read_literal(syntax(&lit), true)
            }
            _ => Value::Other,
        },
        ast::Expr::Ident(id) => match syntax(id).text().to_string().as_str() {
            "true" => Value::Bool(true),
            "false" => Value::Bool(false),
            _ => Value::Other,
        },
        ast::Expr::Paren(p) => match p.expr() {
            Some(inner) => read_value(&inner, depth + 1)?,
            None => Value::Other,
        },
        ast::Expr::List(list) => Value::List(
            list.items()
                .map(|item| read_value(&item, depth + 1))
                .collect::<Result<_, _>>()?,
        ),
        ast::Expr::AttrSet(set) => read_attrs(set, depth)?,
        _ => Value::Other,
    })
}

fn read_literal(node: &SyntaxNode, negate: bool) -> Value {
    let Some(token) = node.first_token() else {
        return Value::Other;
    };
    match token.kind() {
        // Too large for i64 is also too large for Nix.
        SyntaxKind::TOKEN_INTEGER => match token.text().parse::<i64>() {
            Ok(n) if negate => n.checked_neg().map_or(Value::Other, Value::Int),
            Ok(n) => Value::Int(n),
            Err(_) => Value::Other,
        },
        _ => Value::Other,
    }
}

/// A `"…"` string without interpolation, unescaped as Nix's lexer does.
pub(crate) fn read_string(s: &ast::Str) -> Result<String, String> {
    let mut out = String::new();
    let mut multiline = false;
    for child in syntax(s).children_with_tokens() {
        match child {
            NodeOrToken::Token(t) => match t.kind() {
                SyntaxKind::TOKEN_STRING_START => multiline = t.text() == "''",
                SyntaxKind::TOKEN_STRING_CONTENT if !multiline => unescape(t.text(), &mut out),
                SyntaxKind::TOKEN_STRING_END => {}
                _ => return Err(gettext_f("it holds an indented ('') string", &[])),
            },
            NodeOrToken::Node(_) => {
                return Err(gettext_f("it holds a string with ${…} in it", &[]))
            }
        }
    }
    Ok(out)
}

fn unescape(text: &str, out: &mut String) {
    let mut chars = text.chars();
    while let Some(c) = chars.next() {
        if c != '\\' {
            out.push(c);
            continue;
        }
        match chars.next() {
            Some('n') => out.push('\n'),
            Some('r') => out.push('\r'),
            Some('t') => out.push('\t'),
            Some(other) => out.push(other),
            None => {}
        }
    }
}

fn read_attrs(set: &ast::AttrSet, depth: usize) -> Result<Value, String> {
    let mut attrs: Vec<(String, Value)> = Vec::new();
    for entry in set.entries() {
        let ast::Entry::AttrpathValue(kv) = entry else {
            return Err(gettext_f("it uses “inherit”", &[]));
        };
        let keys = kv
            .attrpath()
            .map(|p| {
                p.attrs()
                    .map(|a| attr_name(&a))
                    .collect::<Result<Vec<_>, _>>()
            })
            .transpose()?
            .unwrap_or_default();
        let value = match kv.value() {
            Some(v) => read_value(&v, depth + 1)?,
            None => Value::Other,
        };
        insert(&mut attrs, &keys, value)?;
    }
    Ok(Value::Attrs(attrs))
}

fn attr_name(attr: &ast::Attr) -> Result<String, String> {
    match attr {
        ast::Attr::Ident(id) => Ok(syntax(id).text().to_string()),
        ast::Attr::Str(s) => read_string(s),
        ast::Attr::Dynamic(_) => Err(gettext_f("it holds a computed attribute name", &[])),
    }
}

/// Adds `a.b.c = value`, merging into sets that `a.b` already started; a
/// name given twice is an error in Nix, and so here.
fn insert(attrs: &mut Vec<(String, Value)>, keys: &[String], value: Value) -> Result<(), String> {
    let Some((first, rest)) = keys.split_first() else {
        return Ok(());
    };
    let existing = attrs.iter_mut().find(|(k, _)| k == first);
    match (existing, rest.is_empty()) {
        (None, true) => attrs.push((first.clone(), value)),
        (None, false) => {
            let mut inner = Vec::new();
            insert(&mut inner, rest, value)?;
            attrs.push((first.clone(), Value::Attrs(inner)));
        }
        (Some((_, Value::Attrs(inner))), false) => insert(inner, rest, value)?,
        (Some(_), _) => {
            return Err(gettext_f(
                "the attribute “{name}” is defined twice",
                &[("name", first)],
            ))
        }
    }
    Ok(())
}

fn collect(items: Vec<Value>, named: &mut ElementNames) -> Result<(), String> {
    for item in items {
        match item {
            // Like nix-env, look inside nested lists.
            Value::List(inner) => collect(inner, named)?,
            Value::Attrs(_) => {
                // nix-env only takes attribute sets that are derivations.
                if item.get("type").and_then(Value::as_str) == Some("derivation") {
                    let (name, element) = element(&item)?;
                    named.add(&name, element);
                }
            }
            _ => return Err(gettext_f("an entry is not a package", &[])),
        }
    }
    Ok(())
}

/// One package, as the user environment really holds it: every output
/// listed in `outputs` (nix-env already cut them to `meta.outputsToInstall`
/// when installing) and the priority and active flag that `buildenv` used.
/// (`nix profile`, converting such a profile, keeps only `outPath` and resets
/// both flags; Frost shows what is installed.)
fn element(pkg: &Value) -> Result<(String, Element), String> {
    let name_attr = pkg.get("name").and_then(Value::as_str);
    let out_path = pkg.get("outPath").and_then(Value::as_str);
    let outputs: Vec<&str> = match pkg.get("outputs") {
        Some(Value::List(list)) => list.iter().filter_map(Value::as_str).collect(),
        _ => Vec::new(),
    };
    let mut store_paths: Vec<String> = outputs
        .iter()
        .filter_map(|o| pkg.get(o)?.get("outPath")?.as_str())
        .map(str::to_owned)
        .collect();
    if store_paths.is_empty() {
        store_paths.extend(out_path.map(str::to_owned));
    }
    // Nix names the element after its outPath's package name.
    let name = match (out_path.and_then(store_path_name), name_attr) {
        (Some(store_name), _) => split_drv_name(store_name).0,
        (None, Some(n)) => split_drv_name(n).0,
        (None, None) => {
            return Err(gettext_f(
                "a package has neither a name nor an outPath",
                &[],
            ))
        }
    };
    let (pname, version) = match name_attr {
        Some(n) => split_drv_name(n),
        None => pname_version(&store_paths),
    };
    let meta = pkg.get("meta");
    let priority = match meta.and_then(|m| m.get("priority")) {
        Some(Value::Int(n)) => *n,
        // `nix-env --set-flag priority 7` stores a string.
        Some(Value::Str(s)) => s.trim().parse().unwrap_or(DEFAULT_PRIORITY),
        _ => DEFAULT_PRIORITY,
    };
    let active = match meta.and_then(|m| m.get("active")) {
        Some(Value::Bool(b)) => *b,
        Some(Value::Str(s)) => s != "false",
        _ => true,
    };
    let element = Element {
        name: String::new(),
        origin: Origin::NixEnv,
        attr_path: None,
        original_ref: None,
        locked_ref: None,
        outputs: if outputs.is_empty() {
            Outputs::Default
        } else {
            Outputs::Named(outputs.iter().map(|s| (*s).to_owned()).collect())
        },
        priority,
        active,
        store_paths,
        pname,
        version,
    };
    Ok((name, element))
}
