//! flake.lock, version 7, written byte for byte as Nix writes it
//! (src/libflake/flake/lockfile.cc, `LockFile::toJSON` + `dump(2)`): node
//! keys are input names given in a depth-first walk from the root, inputs in
//! sorted order, `_2`, `_3` … on collision; objects have sorted keys, two
//! spaces of indentation, and the file ends with a newline.
//!
//! The lock is kept as a graph rather than as JSON so that a subtree copied
//! from an input's own flake.lock gets the keys Nix would give it.

use std::collections::{BTreeMap, HashMap, HashSet};

use crate::flakeref::{FlakeRef, FlakeRefKind};

/// One attribute of a `locked` or `original` entry, typed as Nix types it.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub enum LockValue {
    Str(String),
    Int(u64),
    Bool(bool),
}

pub type LockAttrs = BTreeMap<String, LockValue>;

/// An edge from a node to one of its inputs.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Edge {
    /// Another node of the graph, by index.
    Node(usize),
    /// `follows`: a path of input names from the root.
    Follows(Vec<String>),
}

#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct LockNode {
    /// `None` only for the root.
    pub locked: Option<LockAttrs>,
    pub original: Option<LockAttrs>,
    pub flake: bool,
    pub parent: Option<Vec<String>>,
    pub inputs: BTreeMap<String, Edge>,
}

/// A lock file as a graph; node 0 is the root.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct LockGraph {
    pub nodes: Vec<LockNode>,
}

/// Why a flake.lock (an input's own, copied into the frozen one) could not
/// be read.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct LockParseError(pub String);

/// Attributes whose values Nix keeps as numbers.
const INT_ATTRS: [&str; 2] = ["lastModified", "revCount"];
/// Attributes whose values Nix keeps as Booleans (query values `1`/`0`).
const BOOL_ATTRS: [&str; 8] = [
    "submodules",
    "shallow",
    "exportIgnore",
    "lfs",
    "allRefs",
    "verifyCommit",
    "unpack",
    "verifyTls",
];

/// A flake reference as the attributes Nix stores in a lock node. Nix's
/// internal `__final` is never copied: Nix aborts on a lock that has it.
pub fn attrs_from_ref(r: &FlakeRef) -> LockAttrs {
    let mut a = LockAttrs::new();
    let s = |v: &str| LockValue::Str(v.to_owned());
    a.insert("type".into(), s(r.type_name()));
    match &r.kind {
        FlakeRefKind::Indirect { id } => {
            a.insert("id".into(), s(id));
        }
        FlakeRefKind::Github { owner, repo }
        | FlakeRefKind::Gitlab { owner, repo }
        | FlakeRefKind::Sourcehut { owner, repo } => {
            a.insert("owner".into(), s(owner));
            a.insert("repo".into(), s(repo));
        }
        FlakeRefKind::Git { url }
        | FlakeRefKind::Mercurial { url }
        | FlakeRefKind::Tarball { url }
        | FlakeRefKind::File { url } => {
            a.insert("url".into(), s(url));
        }
        FlakeRefKind::Path { path } => {
            a.insert("path".into(), s(path));
        }
    }
    for (k, v) in &r.attrs {
        if k == "__final" {
            continue;
        }
        a.insert(k.clone(), typed_value(k, v));
    }
    a
}

/// The flake reference a lock node's `locked` attributes stand for: the
/// inverse of [`attrs_from_ref`]. `lastModified` is left out for
/// github-like sources, whose URLs do not take it. `None` for a type Frost
/// does not know.
pub fn ref_from_attrs(a: &LockAttrs) -> Option<FlakeRef> {
    let text = |key: &str| match a.get(key) {
        Some(LockValue::Str(s)) => Some(s.clone()),
        _ => None,
    };
    let kind = match text("type")?.as_str() {
        "indirect" => FlakeRefKind::Indirect { id: text("id")? },
        t @ ("github" | "gitlab" | "sourcehut") => {
            let (owner, repo) = (text("owner")?, text("repo")?);
            match t {
                "github" => FlakeRefKind::Github { owner, repo },
                "gitlab" => FlakeRefKind::Gitlab { owner, repo },
                _ => FlakeRefKind::Sourcehut { owner, repo },
            }
        }
        "git" => FlakeRefKind::Git { url: text("url")? },
        "hg" => FlakeRefKind::Mercurial { url: text("url")? },
        "path" => FlakeRefKind::Path {
            path: text("path")?,
        },
        "tarball" => FlakeRefKind::Tarball { url: text("url")? },
        "file" => FlakeRefKind::File { url: text("url")? },
        _ => return None,
    };
    let identifying: &[&str] = match kind {
        FlakeRefKind::Github { .. }
        | FlakeRefKind::Gitlab { .. }
        | FlakeRefKind::Sourcehut { .. } => &["type", "owner", "repo", "lastModified"],
        FlakeRefKind::Indirect { .. } => &["type", "id"],
        FlakeRefKind::Path { .. } => &["type", "path"],
        _ => &["type", "url"],
    };
    let attrs = a
        .iter()
        .filter(|(k, _)| !identifying.contains(&k.as_str()) && k.as_str() != "__final")
        .map(|(k, v)| {
            let v = match v {
                LockValue::Str(s) => s.clone(),
                LockValue::Int(n) => n.to_string(),
                LockValue::Bool(b) => if *b { "1" } else { "0" }.to_owned(),
            };
            (k.clone(), v)
        })
        .collect();
    Some(FlakeRef { kind, attrs })
}

/// A query value typed the way Nix's fetchers type that attribute.
pub fn typed_value(key: &str, v: &str) -> LockValue {
    if INT_ATTRS.contains(&key) {
        if let Ok(n) = v.parse() {
            return LockValue::Int(n);
        }
    }
    if BOOL_ATTRS.contains(&key) {
        match v {
            "1" | "true" => return LockValue::Bool(true),
            "0" | "false" => return LockValue::Bool(false),
            _ => {}
        }
    }
    LockValue::Str(v.to_owned())
}

fn attrs_from_json(v: &serde_json::Value) -> Result<LockAttrs, LockParseError> {
    let obj = v
        .as_object()
        .ok_or_else(|| LockParseError("a node's attributes are not an object".into()))?;
    let mut a = LockAttrs::new();
    for (k, v) in obj {
        if k == "__final" {
            continue;
        }
        let value = match v {
            serde_json::Value::String(s) => LockValue::Str(s.clone()),
            serde_json::Value::Bool(b) => LockValue::Bool(*b),
            serde_json::Value::Number(n) => LockValue::Int(
                n.as_u64()
                    .ok_or_else(|| LockParseError(format!("attribute {k} is not a count")))?,
            ),
            _ => return Err(LockParseError(format!("attribute {k} has an unknown type"))),
        };
        a.insert(k.clone(), value);
    }
    Ok(a)
}

fn path_from_json(v: &serde_json::Value) -> Result<Vec<String>, LockParseError> {
    v.as_array()
        .ok_or_else(|| LockParseError("a follows path is not a list".into()))?
        .iter()
        .map(|x| {
            x.as_str()
                .map(str::to_owned)
                .ok_or_else(|| LockParseError("a follows path holds a non-string".into()))
        })
        .collect()
}

impl Default for LockGraph {
    fn default() -> Self {
        Self::new()
    }
}

impl LockGraph {
    /// A lock with a root and no inputs.
    pub fn new() -> Self {
        LockGraph {
            nodes: vec![LockNode {
                flake: true,
                ..LockNode::default()
            }],
        }
    }

    /// Adds a node and makes it input `name` of `parent`.
    pub fn add_input(
        &mut self,
        parent: usize,
        name: &str,
        locked: LockAttrs,
        original: LockAttrs,
    ) -> usize {
        let index = self.nodes.len();
        self.nodes.push(LockNode {
            locked: Some(locked),
            original: Some(original),
            flake: true,
            parent: None,
            inputs: BTreeMap::new(),
        });
        if let Some(p) = self.nodes.get_mut(parent) {
            p.inputs.insert(name.to_owned(), Edge::Node(index));
        }
        index
    }

    /// Reads a flake.lock (versions 5 to 7, as Nix accepts).
    pub fn parse(text: &str) -> Result<LockGraph, LockParseError> {
        let json: serde_json::Value =
            serde_json::from_str(text).map_err(|e| LockParseError(e.to_string()))?;
        let mut graph = LockGraph::new();
        graph.graft(0, &json, &[])?;
        Ok(graph)
    }

    /// Copies the nodes of another flake's lock (`json`, as in its
    /// flake.lock or `nix flake metadata --json`'s `locks`) under node
    /// `under`, as Nix does when it locks a flake that has inputs of its
    /// own. Follows paths in that lock start at its root; here they start
    /// at ours, so `prefix` (the input path of `under`) goes in front.
    pub fn graft(
        &mut self,
        under: usize,
        json: &serde_json::Value,
        prefix: &[String],
    ) -> Result<(), LockParseError> {
        let version = json.get("version").and_then(serde_json::Value::as_u64);
        if !matches!(version, Some(5..=7)) {
            return Err(LockParseError(format!(
                "unsupported lock version {}",
                version.map_or_else(|| "?".to_owned(), |v| v.to_string())
            )));
        }
        let nodes = json
            .get("nodes")
            .and_then(serde_json::Value::as_object)
            .ok_or_else(|| LockParseError("no nodes".into()))?;
        let root_key = json
            .get("root")
            .and_then(serde_json::Value::as_str)
            .ok_or_else(|| LockParseError("no root".into()))?;
        let mut seen: HashMap<String, usize> = HashMap::new();
        seen.insert(root_key.to_owned(), under);
        let root = nodes
            .get(root_key)
            .ok_or_else(|| LockParseError(format!("missing node {root_key}")))?;
        let mut ctx = Graft {
            nodes,
            prefix,
            top: under,
            seen: &mut seen,
        };
        self.graft_inputs(under, root, &mut ctx)
    }

    fn graft_inputs(
        &mut self,
        at: usize,
        json_node: &serde_json::Value,
        ctx: &mut Graft<'_>,
    ) -> Result<(), LockParseError> {
        let Some(inputs) = json_node.get("inputs") else {
            return Ok(());
        };
        let inputs = inputs
            .as_object()
            .ok_or_else(|| LockParseError("inputs are not an object".into()))?;
        for (name, target) in inputs {
            let edge = if let Some(key) = target.as_str() {
                if let Some(&index) = ctx.seen.get(key) {
                    if index == ctx.top {
                        return Err(LockParseError("the lock has a cycle to its root".into()));
                    }
                    Edge::Node(index)
                } else {
                    let n = ctx
                        .nodes
                        .get(key)
                        .ok_or_else(|| LockParseError(format!("missing node {key}")))?;
                    let locked =
                        attrs_from_json(n.get("locked").unwrap_or(&serde_json::Value::Null))?;
                    let original =
                        attrs_from_json(n.get("original").unwrap_or(&serde_json::Value::Null))?;
                    let index = self.nodes.len();
                    self.nodes.push(LockNode {
                        locked: Some(locked),
                        original: Some(original),
                        flake: n.get("flake").and_then(serde_json::Value::as_bool) != Some(false),
                        parent: match n.get("parent") {
                            Some(p) => Some(prefixed(ctx.prefix, path_from_json(p)?)),
                            None => None,
                        },
                        inputs: BTreeMap::new(),
                    });
                    ctx.seen.insert(key.to_owned(), index);
                    self.graft_inputs(index, n, ctx)?;
                    Edge::Node(index)
                }
            } else {
                Edge::Follows(prefixed(ctx.prefix, path_from_json(target)?))
            };
            if let Some(node) = self.nodes.get_mut(at) {
                node.inputs.insert(name.clone(), edge);
            }
        }
        Ok(())
    }

    /// The lock file's text, exactly as Nix would write this lock.
    pub fn to_json_string(&self) -> String {
        let mut keys: Vec<Option<String>> = vec![None; self.nodes.len()];
        let mut used: HashSet<String> = HashSet::new();
        let mut nodes: BTreeMap<String, Json> = BTreeMap::new();
        let root = self.dump(0, "root", &mut keys, &mut used, &mut nodes);
        let mut doc = BTreeMap::new();
        doc.insert("nodes".to_owned(), Json::Object(nodes));
        doc.insert("root".to_owned(), Json::Str(root));
        doc.insert("version".to_owned(), Json::Int(7));
        let mut out = String::new();
        Json::Object(doc).write(&mut out, 0);
        out.push('\n');
        out
    }

    fn dump(
        &self,
        index: usize,
        key: &str,
        keys: &mut Vec<Option<String>>,
        used: &mut HashSet<String>,
        out: &mut BTreeMap<String, Json>,
    ) -> String {
        if let Some(Some(k)) = keys.get(index) {
            return k.clone();
        }
        let mut key = key.to_owned();
        if !used.insert(key.clone()) {
            for n in 2.. {
                let k = format!("{key}_{n}");
                if used.insert(k.clone()) {
                    key = k;
                    break;
                }
            }
        }
        if let Some(slot) = keys.get_mut(index) {
            *slot = Some(key.clone());
        }
        let Some(node) = self.nodes.get(index) else {
            return key;
        };
        let mut obj = BTreeMap::new();
        if !node.inputs.is_empty() {
            let mut inputs = BTreeMap::new();
            for (name, edge) in &node.inputs {
                let value = match edge {
                    Edge::Node(child) => Json::Str(self.dump(*child, name, keys, used, out)),
                    Edge::Follows(path) => {
                        Json::Array(path.iter().map(|p| Json::Str(p.clone())).collect())
                    }
                };
                inputs.insert(name.clone(), value);
            }
            obj.insert("inputs".to_owned(), Json::Object(inputs));
        }
        if let (Some(locked), Some(original)) = (&node.locked, &node.original) {
            obj.insert("locked".to_owned(), attrs_json(locked));
            obj.insert("original".to_owned(), attrs_json(original));
            if !node.flake {
                obj.insert("flake".to_owned(), Json::Bool(false));
            }
            if let Some(parent) = &node.parent {
                obj.insert(
                    "parent".to_owned(),
                    Json::Array(parent.iter().map(|p| Json::Str(p.clone())).collect()),
                );
            }
        }
        out.insert(key.clone(), Json::Object(obj));
        key
    }
}

/// What a graft walks with: the other lock's nodes, the follows prefix,
/// the node it grafts under and the other lock's keys already copied.
struct Graft<'a> {
    nodes: &'a serde_json::Map<String, serde_json::Value>,
    prefix: &'a [String],
    top: usize,
    seen: &'a mut HashMap<String, usize>,
}

fn prefixed(prefix: &[String], path: Vec<String>) -> Vec<String> {
    prefix.iter().cloned().chain(path).collect()
}

fn attrs_json(a: &LockAttrs) -> Json {
    Json::Object(
        a.iter()
            .map(|(k, v)| {
                let v = match v {
                    LockValue::Str(s) => Json::Str(s.clone()),
                    LockValue::Int(n) => Json::Int(*n),
                    LockValue::Bool(b) => Json::Bool(*b),
                };
                (k.clone(), v)
            })
            .collect(),
    )
}

/// The JSON subset a lock needs, printed like nlohmann's `dump(2)`. Kept
/// apart from serde_json so that no feature flag elsewhere in the build
/// (`preserve_order`) can change the key order.
enum Json {
    Str(String),
    Int(u64),
    Bool(bool),
    Array(Vec<Json>),
    Object(BTreeMap<String, Json>),
}

impl Json {
    fn write(&self, out: &mut String, indent: usize) {
        match self {
            Json::Str(s) => write_json_string(out, s),
            Json::Int(n) => out.push_str(&n.to_string()),
            Json::Bool(b) => out.push_str(if *b { "true" } else { "false" }),
            Json::Array(items) if items.is_empty() => out.push_str("[]"),
            Json::Object(map) if map.is_empty() => out.push_str("{}"),
            Json::Array(items) => {
                out.push_str("[\n");
                for (i, item) in items.iter().enumerate() {
                    if i > 0 {
                        out.push_str(",\n");
                    }
                    push_indent(out, indent + 2);
                    item.write(out, indent + 2);
                }
                out.push('\n');
                push_indent(out, indent);
                out.push(']');
            }
            Json::Object(map) => {
                out.push_str("{\n");
                for (i, (k, v)) in map.iter().enumerate() {
                    if i > 0 {
                        out.push_str(",\n");
                    }
                    push_indent(out, indent + 2);
                    write_json_string(out, k);
                    out.push_str(": ");
                    v.write(out, indent + 2);
                }
                out.push('\n');
                push_indent(out, indent);
                out.push('}');
            }
        }
    }
}

fn push_indent(out: &mut String, n: usize) {
    out.extend(std::iter::repeat_n(' ', n));
}

/// nlohmann's escaping: `"`, `\`, the five short escapes, other control
/// characters as `\u00xx` (lower-case hex); everything else as UTF-8.
fn write_json_string(out: &mut String, s: &str) {
    out.push('"');
    for c in s.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            '\u{8}' => out.push_str("\\b"),
            '\u{c}' => out.push_str("\\f"),
            '\n' => out.push_str("\\n"),
            '\r' => out.push_str("\\r"),
            '\t' => out.push_str("\\t"),
            c if (c as u32) < 0x20 => out.push_str(&format!("\\u{:04x}", c as u32)),
            c => out.push(c),
        }
    }
    out.push('"');
}

#[cfg(test)]
mod tests;
