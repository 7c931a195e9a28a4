//! Changing a frozen flake.nix in place, for a profile that a frozen
//! folder manages: one package added ([`add_package`]) or removed
//! ([`remove_package`]), with its input when it is the first or last
//! package to use it.
//!
//! The file may have been edited by hand since the freeze wrote it, so it
//! is never rendered again: the edit finds its places in the rnix syntax
//! tree, splices text into (or out of) those ranges, and leaves every other
//! byte as it was — comments, formatting and bindings a person added
//! elsewhere included. What is inserted is what [`render`](super::render)
//! writes for a package or an input, with every piece of outside text
//! through [`nix_syntax`](super::nix_syntax). Adding and then removing the
//! same package gives the file back byte for byte.
//!
//! Where a package goes: the `packages = { … }` set in the `let` of
//! `packagesFor = system: …`, as the freeze writes it. A new package goes
//! after the last binding, with a blank line before it; a removed one takes
//! its comment lines (those right above it) and one blank line with it.
//! Inputs: `inputs = { … }` (or `inputs.NAME.url = …;` bindings) and the
//! formals of `outputs = { self, … }:`. When the file is in a shape that
//! cannot be changed safely (a syntax error, no such set, a computed or
//! twice-defined binding…), the edit is refused with an [`EditError`] that
//! says why, and the text is not changed.

use std::collections::BTreeSet;
use std::fmt;
use std::ops::Range;

use rnix::ast::{self, AstNode, HasEntry};
use rnix::{SyntaxKind, SyntaxNode, SyntaxToken, TextSize};

use super::nix_syntax::MAGIC_ATTRS;
use super::plan::{sanitize_input_name, unique_name, Package, Plan};
use super::render::{input_binding, package_binding};
use crate::flakeref::FlakeRef;
use crate::i18n::gettext_f;
use crate::manifest::nix_env::{read_string, syntax};

/// A package to add: how the freeze would write it (its `input` is the
/// name it would like for its source) and the flake reference of that
/// source.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Addition {
    pub package: Package,
    pub input_url: FlakeRef,
}

impl Addition {
    /// Each package of a plan (as [`plan`](super::plan::plan) makes it
    /// for the elements to add) with the URL of its input.
    pub fn from_plan(plan: &Plan) -> Vec<Addition> {
        plan.packages
            .iter()
            .filter_map(|p| {
                let input = plan.input(&p.input)?;
                Some(Addition {
                    package: p.clone(),
                    input_url: input.url.clone(),
                })
            })
            .collect()
    }
}

/// Why flake.nix cannot be changed; the text stays as it was.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum EditError {
    /// rnix finds a syntax error.
    Syntax { detail: String },
    /// No `outputs = { self, … }:` at the top.
    NoOutputsFunction,
    /// No `packages = { … }` set in `packagesFor`, or more than one.
    NoPackagesSet,
    /// The packages set closes on the line of a binding (or is written on
    /// one line), so there is no line to add a package on.
    PackagesOnOneLine,
    /// `inputs` is not an attribute set written out in the file.
    InputsNotASet,
    /// The package is not a plain `NAME = …;` binding (`inherit`, a
    /// dotted or `${…}` name), or a `${…}` name might be it.
    Computed { name: String },
    /// The name is bound more than once.
    Duplicate { name: String },
    /// No package has the name.
    NotFound { name: String },
    /// A package has the name already.
    AlreadyPresent { name: String },
    /// The name would change what the packages set means to Nix
    /// (`outPath`, `type`…), as a freeze leaves such an element out.
    Reserved { name: String },
    /// Something to write cannot be written as Nix source.
    Unwritable { detail: String },
    /// The changed text did not read back as intended; a bug in Frost.
    Unverified,
}

impl EditError {
    /// Why, in a few words, for a sentence about the file.
    pub fn reason(&self) -> String {
        match self {
            EditError::Syntax { detail } => {
                gettext_f("it has a syntax error ({detail})", &[("detail", detail)])
            }
            EditError::NoOutputsFunction => gettext_f(
                "its outputs are not a function that names its inputs ({ self, … }: …)",
                &[],
            ),
            EditError::NoPackagesSet => gettext_f(
                "it has no single “packages = { … }” set inside “packagesFor”, where a freeze puts the packages",
                &[],
            ),
            EditError::PackagesOnOneLine => gettext_f(
                "its packages set does not close on a line of its own, so there is no line for a new package",
                &[],
            ),
            EditError::InputsNotASet => gettext_f(
                "its inputs are not written as an attribute set Frost can add to",
                &[],
            ),
            EditError::Computed { name } => gettext_f(
                "the package “{name}” is not written as a plain binding (“{name} = …;”), or a computed name may stand for it",
                &[("name", name)],
            ),
            EditError::Duplicate { name } => gettext_f(
                "the name “{name}” is defined more than once",
                &[("name", name)],
            ),
            EditError::NotFound { name } => gettext_f(
                "it has no package called “{name}”",
                &[("name", name)],
            ),
            EditError::AlreadyPresent { name } => gettext_f(
                "it has a package called “{name}” already",
                &[("name", name)],
            ),
            EditError::Reserved { name } => gettext_f(
                "the name “{name}” is reserved in Nix attribute sets",
                &[("name", name)],
            ),
            EditError::Unwritable { detail } => gettext_f(
                "the package cannot be written as Nix source: {detail}",
                &[("detail", detail)],
            ),
            EditError::Unverified => gettext_f(
                "the changed file did not read back as intended",
                &[],
            ),
        }
    }
}

impl fmt::Display for EditError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&gettext_f(
            "Frost cannot change flake.nix: {reason}. The file was left untouched.",
            &[("reason", &self.reason())],
        ))
    }
}

impl std::error::Error for EditError {}

impl EditError {
    /// The core error for this refusal about the flake.nix at `path`.
    pub fn at(self, path: impl Into<std::path::PathBuf>) -> crate::error::Error {
        crate::error::Error::FlakeEdit {
            path: path.into(),
            error: self,
        }
    }
}

/// `text` with `package` added to its packages set, and its input to the
/// inputs and the outputs' formals when no input has its URL yet (under
/// the package's input name, made unique). The lock must follow:
/// [`super::update::lock_folder`].
pub fn add_package(text: &str, addition: &Addition) -> Result<String, EditError> {
    add(text, addition).map(|(out, _)| out)
}

fn add(text: &str, addition: &Addition) -> Result<(String, Checked), EditError> {
    let flake = Flake::parse(text)?;
    let set = flake.packages_set()?;
    let name = &addition.package.name;
    if MAGIC_ATTRS.contains(&name.as_str()) {
        return Err(EditError::Reserved { name: name.clone() });
    }
    let bindings = set.bindings();
    check_names(&bindings)?;
    if bindings.iter().any(|b| b.key.name() == Some(name.as_str())) {
        return Err(EditError::AlreadyPresent { name: name.clone() });
    }
    if bindings.iter().any(|b| matches!(b.key, Key::Dynamic)) {
        return Err(EditError::Computed { name: name.clone() });
    }
    let formals = flake.formals()?;
    let inputs = flake.inputs()?;
    let url = addition.input_url.to_url();
    let mut package = addition.package.clone();
    let mut splices = Vec::new();
    match inputs.named_by_url(&url) {
        Some(existing) => {
            package.input = existing.clone();
            if !formals.names.contains(existing) {
                splices.push(formals.add(text, existing));
            }
        }
        None => {
            let mut used: BTreeSet<String> = formals.names.iter().cloned().collect();
            used.extend(inputs.names());
            used.extend(flake.local_names());
            used.insert("self".to_owned());
            let input = unique_name(&sanitize_input_name(&package.input), &mut used);
            let binding = input_binding(&input, &addition.input_url).map_err(unwritable)?;
            splices.push(inputs.add(&flake, &binding)?);
            splices.push(formals.add(text, &input));
            package.input = input;
        }
    }
    let binding = package_binding(&package).map_err(unwritable)?;
    splices.push(set.add(text, &binding)?);
    let mut expected: BTreeSet<String> = bindings.iter().filter_map(|b| b.key.owned()).collect();
    expected.insert(name.clone());
    finish(&flake, &set, &bindings, splices, &expected)
}

/// `text` without the package `name` (its binding and the comment lines
/// right above it), and without its input when no other part of the file
/// names that input any more.
pub fn remove_package(text: &str, name: &str) -> Result<String, EditError> {
    remove(text, name).map(|(out, _)| out)
}

fn remove(text: &str, name: &str) -> Result<(String, Checked), EditError> {
    let flake = Flake::parse(text)?;
    let set = flake.packages_set()?;
    let bindings = set.bindings();
    let found: Vec<&Binding> = bindings
        .iter()
        .filter(|b| b.key.name() == Some(name))
        .collect();
    let binding = match found.as_slice() {
        [] if bindings.iter().any(|b| matches!(b.key, Key::Dynamic)) => {
            return Err(EditError::Computed {
                name: name.to_owned(),
            })
        }
        [] => {
            return Err(EditError::NotFound {
                name: name.to_owned(),
            })
        }
        [one] => *one,
        _ => {
            return Err(EditError::Duplicate {
                name: name.to_owned(),
            })
        }
    };
    if !matches!(binding.key, Key::Plain(_)) {
        return Err(EditError::Computed {
            name: name.to_owned(),
        });
    }
    check_names(&bindings)?;
    let formals = flake.formals()?;
    let inputs = flake.inputs()?;
    let mut splices = vec![set.remove(text, &binding.node)];

    // Inputs the binding names, that nothing else in the file names.
    let binding_range = range(&binding.node);
    let uses: BTreeSet<String> = binding
        .node
        .descendants()
        .filter(|n| n.kind() == SyntaxKind::NODE_IDENT)
        .map(|n| n.text().to_string())
        .filter(|n| n != "self" && formals.names.contains(n))
        .collect();
    for input in uses {
        let elsewhere = flake.root.descendants().any(|n| {
            n.kind() == SyntaxKind::NODE_IDENT
                && n.text() == input.as_str()
                && !inside(&n, &binding_range)
                && !inside(&n, &range(syntax(&formals.pattern)))
                && !inputs.declares(&n)
        });
        if elsewhere {
            continue;
        }
        splices.extend(inputs.remove(text, &input));
        splices.extend(formals.remove(text, &input));
    }
    let expected: BTreeSet<String> = bindings
        .iter()
        .filter_map(|b| b.key.owned())
        .filter(|n| n != name)
        .collect();
    finish(&flake, &set, &bindings, splices, &expected)
}

fn unwritable(e: super::nix_syntax::SyntaxError) -> EditError {
    EditError::Unwritable {
        detail: e.to_string(),
    }
}

/// One change: the bytes in `range` become `text`, `within` a part of
/// the file that says what the change is (see [`check_locally`]).
#[derive(Debug)]
struct Splice {
    range: Range<usize>,
    text: String,
    within: Within,
}

/// What a splice changes.
#[derive(Debug, Clone)]
enum Within {
    /// Whole entries (bindings, comments, whitespace) of this attribute
    /// set come or go.
    Entries(SyntaxNode),
    /// Formals of this pattern (`{ self, … }`) come or go.
    Formals(SyntaxNode),
}

impl Within {
    /// Entries of the set that holds the binding `node`.
    fn entries_around(node: &SyntaxNode) -> Within {
        Within::Entries(node.parent().unwrap_or_else(|| node.clone()))
    }
}

fn insert(within: Within, at: usize, text: String) -> Splice {
    Splice {
        range: at..at,
        text,
        within,
    }
}

fn delete(within: Within, range: Range<usize>) -> Splice {
    Splice {
        range,
        text: String::new(),
        within,
    }
}

/// Applies splices that do not overlap, from the last to the first, so
/// that each range still means the original text's bytes.
fn splice(text: &str, splices: &[Splice]) -> String {
    let mut out = text.to_owned();
    for s in splices.iter().rev() {
        out.replace_range(s.range.clone(), &s.text);
    }
    out
}

/// How the changed text was checked.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Checked {
    /// From the splices and the tree of the original text alone.
    Locally,
    /// By parsing the whole changed text again.
    Reparsed,
}

/// The text with its splices made, once it is checked to parse and to
/// hold exactly the `expected` packages. Parsing a large flake.nix is most
/// of an edit's time, so the check is local where it can prove that the
/// splices change nothing but what they say ([`check_locally`]); anything
/// else is parsed again as a whole.
fn finish(
    flake: &Flake<'_>,
    set: &PackagesSet,
    bindings: &[Binding],
    mut splices: Vec<Splice>,
    expected: &BTreeSet<String>,
) -> Result<(String, Checked), EditError> {
    splices.sort_by_key(|s| (s.range.start, s.range.end));
    let out = splice(flake.text, &splices);
    match check_locally(flake, set, bindings, &splices) {
        Some(keys) => {
            check_keys(keys.iter()).map_err(|_| EditError::Unverified)?;
            let names: BTreeSet<String> = keys.iter().filter_map(Key::owned).collect();
            if &names != expected {
                return Err(EditError::Unverified);
            }
            Ok((out, Checked::Locally))
        }
        None => {
            verify(&out, expected)?;
            Ok((out, Checked::Reparsed))
        }
    }
}

/// The changed text must parse and hold exactly the expected packages.
fn verify(out: &str, expected: &BTreeSet<String>) -> Result<(), EditError> {
    let flake = Flake::parse(out).map_err(|_| EditError::Unverified)?;
    let set = flake.packages_set().map_err(|_| EditError::Unverified)?;
    let bindings = set.bindings();
    check_names(&bindings).map_err(|_| EditError::Unverified)?;
    let names: BTreeSet<String> = bindings.iter().filter_map(|b| b.key.owned()).collect();
    if &names != expected {
        return Err(EditError::Unverified);
    }
    Ok(())
}

/// The keys of the packages set after the (sorted) splices, when the
/// original tree proves that the changed text parses without errors to
/// the same tree but for whole entries taken out of or added to sets, and
/// formals of a pattern; `None` when it cannot (then [`verify`] decides).
///
/// Entries: each end of a splice lies between two entries of its set's
/// braces (or inside whitespace there), what it removes is whole entries, comments
/// and whitespace, what it inserts parses on its own as entries and ends
/// the entry (`;` or a newline), and no token runs into its neighbour at
/// a seam (a `#` comment before the seam is followed by a newline). Then
/// the lexer is in the same state at both ends as before, and the parser
/// sees entries where it saw entries. Formals: the changed pattern parses
/// on its own. Neither may hold `packagesFor` or `frozen`, which find the
/// packages set. Splices that touch each other are left to [`verify`].
fn check_locally(
    flake: &Flake<'_>,
    set: &PackagesSet,
    bindings: &[Binding],
    splices: &[Splice],
) -> Option<Vec<Key>> {
    if splices
        .windows(2)
        .any(|w| w[0].range.end >= w[1].range.start)
    {
        return None;
    }
    let text = flake.text;
    let packages = syntax(&set.set);
    let mut removed: Vec<SyntaxNode> = Vec::new();
    let mut added: Vec<Key> = Vec::new();
    let mut pattern: Option<(&SyntaxNode, Vec<&Splice>)> = None;
    for s in splices {
        match &s.within {
            Within::Formals(p) => {
                let r = range(p);
                if s.range.start <= r.start || s.range.end >= r.end {
                    return None;
                }
                match &mut pattern {
                    Some((q, list)) if *q == p => list.push(s),
                    Some(_) => return None,
                    None => pattern = Some((p, vec![s])),
                }
            }
            Within::Entries(container) => {
                let gone = entries_spliced(text, container, s)?;
                let inserted = entries_inserted(&s.text)?;
                if container == packages {
                    removed.extend(gone);
                    added.extend(inserted);
                }
            }
        }
    }
    if let Some((p, list)) = pattern {
        let start = range(p).start;
        let mut changed = p.text().to_string();
        for s in list.iter().rev() {
            changed.replace_range(s.range.start - start..s.range.end - start, &s.text);
        }
        let parsed = rnix::Root::parse(&format!("{changed}: null"));
        if !parsed.errors().is_empty() || finds_packages(&parsed.syntax()) {
            return None;
        }
        let Some(ast::Expr::Lambda(f)) = parsed.tree().expr() else {
            return None;
        };
        if !matches!(f.param(), Some(ast::Param::Pattern(_))) {
            return None;
        }
    }
    let mut keys: Vec<Key> = bindings
        .iter()
        .filter(|b| !removed.contains(&b.node))
        .map(|b| b.key.clone())
        .collect();
    keys.extend(added);
    Some(keys)
}

/// The entries of `container` that the splice `s` takes out, when its
/// ends lie between entries and its seams are clean (see
/// [`check_locally`]).
fn entries_spliced(text: &str, container: &SyntaxNode, s: &Splice) -> Option<Vec<SyntaxNode>> {
    let (start, end) = (s.range.start, s.range.end);
    // Between the braces of a set: not before `{` of `rec {`, nor in a
    // `let … in` (whose body follows `in`).
    let set = cast::<ast::AttrSet>(container.clone())?;
    let open = usize::from(set.l_curly_token()?.text_range().end());
    let close = usize::from(set.r_curly_token()?.text_range().start());
    if start < open || end > close {
        return None;
    }
    let (left, after_start) = between_entries(container, start)?;
    let mut gone = Vec::new();
    if start < end {
        between_entries(container, end)?;
        // The children from `start` on, up to `end`.
        let mut next = Some(after_start);
        while let Some(el) = next.take() {
            let r = el.text_range();
            let r = usize::from(r.start())..usize::from(r.end());
            if r.start >= end {
                break;
            }
            next = el.next_sibling_or_token();
            let whole = r.start >= start && r.end <= end;
            match el {
                rnix::NodeOrToken::Token(t) if t.kind() == SyntaxKind::TOKEN_WHITESPACE => {}
                rnix::NodeOrToken::Token(t) if whole && t.kind() == SyntaxKind::TOKEN_COMMENT => {}
                rnix::NodeOrToken::Node(n)
                    if whole
                        && matches!(
                            n.kind(),
                            SyntaxKind::NODE_ATTRPATH_VALUE | SyntaxKind::NODE_INHERIT
                        ) =>
                {
                    if finds_packages(&n) {
                        return None;
                    }
                    gone.push(n);
                }
                _ => return None,
            }
        }
    }
    // The seams: before the splice and what follows it; after the
    // inserted text (it ends an entry) and what follows.
    let before = text[..start].chars().next_back()?;
    let after = s
        .text
        .chars()
        .next()
        .or_else(|| text[end..].chars().next())?;
    let comment = left.kind() == SyntaxKind::TOKEN_COMMENT;
    let clean =
        if comment && usize::from(left.text_range().end()) == start && left.text().starts_with('#')
        {
            after == '\n'
        } else {
            before.is_whitespace()
                || after.is_whitespace()
                || matches!(before, ';' | '{')
                || after == '}'
                || comment
        };
    (clean && (s.text.is_empty() || s.text.ends_with(['\n', ';']))).then_some(gone)
}

/// Whether `pos` lies between two children of `container` (or inside
/// whitespace among them): the token right before `pos` (that whitespace,
/// or the last token of the child before) and the child the text goes on
/// with. The child is found by a binary search, not a walk of the set.
fn between_entries(
    container: &SyntaxNode,
    pos: usize,
) -> Option<(SyntaxToken, rnix::SyntaxElement)> {
    let r = range(container);
    if pos <= r.start || pos >= r.end {
        return None;
    }
    let offset = TextSize::try_from(pos).ok()?;
    let child = container.child_or_token_at_range(rnix::TextRange::empty(offset))?;
    let at = child.text_range();
    if at.start() < offset && offset < at.end() {
        return match child {
            rnix::NodeOrToken::Token(t) if t.kind() == SyntaxKind::TOKEN_WHITESPACE => {
                Some((t.clone(), rnix::NodeOrToken::Token(t)))
            }
            _ => None,
        };
    }
    let (before, after) = if at.start() == offset {
        (child.prev_sibling_or_token()?, child)
    } else {
        let after = child.next_sibling_or_token()?;
        (child, after)
    };
    let token = match before {
        rnix::NodeOrToken::Token(t) => t,
        rnix::NodeOrToken::Node(n) => n.last_token()?,
    };
    Some((token, after))
}

/// The keys of `text` read as entries of a set on its own; `None` when it
/// is not only entries, or names what finds the packages set.
fn entries_inserted(text: &str) -> Option<Vec<Key>> {
    if text.is_empty() {
        return Some(Vec::new());
    }
    let parsed = rnix::Root::parse(&format!("{{{text}}}"));
    if !parsed.errors().is_empty() || finds_packages(&parsed.syntax()) {
        return None;
    }
    let Some(ast::Expr::AttrSet(set)) = parsed.tree().expr() else {
        return None;
    };
    Some(bindings_of(&set).into_iter().map(|b| b.key).collect())
}

/// Whether `node` binds `packagesFor` or `frozen`, by which
/// [`Flake::packages_set`] finds the packages set.
fn finds_packages(node: &SyntaxNode) -> bool {
    node.descendants()
        .filter_map(cast::<ast::AttrpathValue>)
        .any(|kv| {
            matches!(
                path_of(&kv).first().and_then(Option::as_deref),
                Some("packagesFor" | "frozen")
            )
        })
}

/// A typed node, when `node` is one (see [`syntax`] for why a bound).
fn cast<N: AstNode>(node: SyntaxNode) -> Option<N> {
    N::cast(node)
}

fn range(node: &SyntaxNode) -> Range<usize> {
    let r = node.text_range();
    usize::from(r.start())..usize::from(r.end())
}

fn inside(node: &SyntaxNode, r: &Range<usize>) -> bool {
    let n = range(node);
    n.start >= r.start && n.end <= r.end
}

/// A static attribute name: `hello`, `"7zip"`; `None` for `${…}`.
fn attr_text(attr: &ast::Attr) -> Option<String> {
    match attr {
        // The token's own text: cheaper than the node's, a name at a time.
        ast::Attr::Ident(i) => Some(
            i.ident_token()
                .map_or_else(|| syntax(i).text().to_string(), |t| t.text().to_owned()),
        ),
        ast::Attr::Str(s) => read_string(s).ok(),
        ast::Attr::Dynamic(_) => None,
    }
}

/// The parts of an attribute path, `None` for one that is not static.
fn path_of(kv: &ast::AttrpathValue) -> Vec<Option<String>> {
    kv.attrpath()
        .map(|p| p.attrs().map(|a| attr_text(&a)).collect())
        .unwrap_or_default()
}

/// Whether `kv` binds exactly the path `want`; without copying names, as
/// finding the packages set asks this of every binding in the file.
fn is_path(kv: &ast::AttrpathValue, want: &[&str]) -> bool {
    let Some(path) = kv.attrpath() else {
        return want.is_empty();
    };
    let mut attrs = path.attrs();
    for w in want {
        let same = match attrs.next() {
            Some(ast::Attr::Ident(i)) => syntax(&i).text() == *w,
            Some(attr) => attr_text(&attr).as_deref() == Some(*w),
            None => false,
        };
        if !same {
            return false;
        }
    }
    attrs.next().is_none()
}

/// How a binding of the packages set names its package.
#[derive(Debug, Clone)]
enum Key {
    /// `NAME = …;`
    Plain(String),
    /// `inherit … NAME;` or `NAME.more = …;`
    Other(String),
    /// `${…} = …;`: any name.
    Dynamic,
}

impl Key {
    fn name(&self) -> Option<&str> {
        match self {
            Key::Plain(n) | Key::Other(n) => Some(n),
            Key::Dynamic => None,
        }
    }

    fn owned(&self) -> Option<String> {
        self.name().map(str::to_owned)
    }
}

#[derive(Debug)]
struct Binding {
    node: SyntaxNode,
    key: Key,
}

/// A name bound twice is a file Nix itself refuses; a dotted name may be
/// bound in parts (`a.x = …; a.y = …;`) and is left to Nix.
fn check_names(bindings: &[Binding]) -> Result<(), EditError> {
    check_keys(bindings.iter().map(|b| &b.key))
}

fn check_keys<'k>(keys: impl Iterator<Item = &'k Key> + Clone) -> Result<(), EditError> {
    let mut seen = BTreeSet::new();
    for k in keys.clone() {
        if let Key::Plain(n) = k {
            if !seen.insert(n.as_str()) {
                return Err(EditError::Duplicate { name: n.clone() });
            }
        }
    }
    for k in keys {
        if let Key::Other(n) = k {
            if seen.contains(n.as_str()) {
                return Err(EditError::Duplicate { name: n.clone() });
            }
        }
    }
    Ok(())
}

fn bindings_of(set: &impl HasEntry) -> Vec<Binding> {
    let mut out = Vec::new();
    for entry in set.entries() {
        match entry {
            ast::Entry::AttrpathValue(kv) => {
                let path = path_of(&kv);
                let key = match path.as_slice() {
                    [Some(n)] => Key::Plain(n.clone()),
                    [Some(n), ..] => Key::Other(n.clone()),
                    _ => Key::Dynamic,
                };
                out.push(Binding {
                    node: syntax(&kv).clone(),
                    key,
                });
            }
            ast::Entry::Inherit(inherit) => {
                for attr in inherit.attrs() {
                    out.push(Binding {
                        node: syntax(&inherit).clone(),
                        key: attr_text(&attr).map_or(Key::Dynamic, Key::Other),
                    });
                }
            }
        }
    }
    out
}

/// Line arithmetic on the original text.
struct Lines<'t>(&'t str);

impl Lines<'_> {
    fn start(&self, pos: usize) -> usize {
        self.0[..pos].rfind('\n').map_or(0, |i| i + 1)
    }

    /// Just after the newline that ends the line of `pos`.
    fn end(&self, pos: usize) -> usize {
        self.0[pos..]
            .find('\n')
            .map_or(self.0.len(), |i| pos + i + 1)
    }

    /// The whitespace before `pos` on its line, when only whitespace is.
    fn indent(&self, pos: usize) -> Option<&str> {
        let before = &self.0[self.start(pos)..pos];
        before.trim().is_empty().then_some(before)
    }

    /// Only whitespace, or a `#` comment, follows `pos` on its line.
    fn rest_is_blank(&self, pos: usize) -> bool {
        let rest = self.0[pos..self.end(pos)].trim();
        rest.is_empty() || rest.starts_with('#')
    }

    fn is_blank(&self, start: usize) -> bool {
        self.0[start..self.end(start)].trim().is_empty()
    }

    /// The line before the one starting at `start`, if any.
    fn previous(&self, start: usize) -> Option<usize> {
        (start > 0).then(|| self.start(start - 1))
    }

    /// The whitespace right before `pos` on its line.
    fn spaces_before(&self, pos: usize) -> usize {
        let before = &self.0[self.start(pos)..pos];
        pos - (before.trim_end().len() + self.start(pos))
    }

    /// A binding's text range: its whole lines when it stands on lines of
    /// its own, else itself and the spaces before it.
    fn binding(&self, node: &SyntaxNode) -> (Range<usize>, bool) {
        let r = range(node);
        if self.indent(r.start).is_some() && self.rest_is_blank(r.end) {
            (self.start(r.start)..self.end(r.end), true)
        } else {
            (r.start - self.spaces_before(r.start)..r.end, false)
        }
    }
}

fn token_at(root: &SyntaxNode, pos: usize) -> Option<SyntaxToken> {
    let offset = TextSize::try_from(pos).ok()?;
    root.token_at_offset(offset).right_biased()
}

/// The next token after `node` that is not whitespace or a comment.
fn next_token(node: &SyntaxNode) -> Option<SyntaxToken> {
    let mut next = node.next_sibling_or_token();
    while let Some(el) = next {
        match el {
            rnix::NodeOrToken::Token(t)
                if matches!(
                    t.kind(),
                    SyntaxKind::TOKEN_WHITESPACE | SyntaxKind::TOKEN_COMMENT
                ) =>
            {
                next = t.next_sibling_or_token();
            }
            rnix::NodeOrToken::Token(t) => return Some(t),
            rnix::NodeOrToken::Node(_) => return None,
        }
    }
    None
}

struct Flake<'t> {
    text: &'t str,
    root: SyntaxNode,
    /// The top-level attribute set.
    top: ast::AttrSet,
}

impl<'t> Flake<'t> {
    fn parse(text: &'t str) -> Result<Flake<'t>, EditError> {
        let parsed = rnix::Root::parse(text);
        if let Some(e) = parsed.errors().first() {
            return Err(EditError::Syntax {
                detail: e.to_string(),
            });
        }
        let root = parsed.syntax();
        let Some(ast::Expr::AttrSet(top)) = parsed.tree().expr() else {
            return Err(EditError::NoOutputsFunction);
        };
        Ok(Flake { text, root, top })
    }

    fn lines(&self) -> Lines<'t> {
        Lines(self.text)
    }

    /// Every name a `let` or a function binds: a new input must not be
    /// shadowed where the packages name it.
    fn local_names(&self) -> BTreeSet<String> {
        let mut names = BTreeSet::new();
        for node in self.root.descendants() {
            if let Some(let_in) = cast::<ast::LetIn>(node.clone()) {
                for kv in let_in.attrpath_values() {
                    if let Some(Some(first)) = path_of(&kv).into_iter().next() {
                        names.insert(first);
                    }
                }
                for inherit in let_in.inherits() {
                    names.extend(inherit.attrs().filter_map(|a| attr_text(&a)));
                }
            } else if let Some(param) = cast::<ast::IdentParam>(node.clone()) {
                names.extend(param.ident().map(|i| syntax(&i).text().to_string()));
            } else if let Some(entry) = cast::<ast::PatEntry>(node.clone()) {
                names.extend(entry.ident().map(|i| syntax(&i).text().to_string()));
            } else if let Some(bind) = cast::<ast::PatBind>(node) {
                names.extend(bind.ident().map(|i| syntax(&i).text().to_string()));
            }
        }
        names
    }

    /// `packages = { … }` in the `let` of `packagesFor = system: …`, next
    /// to a `frozen` function the packages use.
    fn packages_set(&self) -> Result<PackagesSet, EditError> {
        let mut found = Vec::new();
        let mut frozen = false;
        for node in self.root.descendants() {
            let Some(kv) = cast::<ast::AttrpathValue>(node) else {
                continue;
            };
            frozen |= is_path(&kv, &["frozen"]);
            if !is_path(&kv, &["packagesFor"]) {
                continue;
            }
            let Some(ast::Expr::Lambda(f)) = kv.value() else {
                continue;
            };
            let Some(ast::Expr::LetIn(body)) = f.body() else {
                continue;
            };
            for b in body.attrpath_values() {
                if let (true, Some(ast::Expr::AttrSet(set))) =
                    (is_path(&b, &["packages"]), b.value())
                {
                    found.push(set);
                }
            }
        }
        match found.as_slice() {
            [set] if frozen => Ok(PackagesSet { set: set.clone() }),
            _ => Err(EditError::NoPackagesSet),
        }
    }

    /// The formals of `outputs = { self, … }: …`.
    fn formals(&self) -> Result<Formals, EditError> {
        let outputs = self
            .top
            .attrpath_values()
            .find(|kv| is_path(kv, &["outputs"]))
            .ok_or(EditError::NoOutputsFunction)?;
        let Some(ast::Expr::Lambda(f)) = outputs.value() else {
            return Err(EditError::NoOutputsFunction);
        };
        let Some(ast::Param::Pattern(pattern)) = f.param() else {
            return Err(EditError::NoOutputsFunction);
        };
        let entries: Vec<ast::PatEntry> = pattern.pat_entries().collect();
        if entries.is_empty() {
            return Err(EditError::NoOutputsFunction);
        }
        let names = entries
            .iter()
            .filter_map(|e| e.ident().map(|i| syntax(&i).text().to_string()))
            .collect();
        Ok(Formals {
            pattern,
            entries,
            names,
            outputs: syntax(&outputs).clone(),
        })
    }

    fn inputs(&self) -> Result<Inputs, EditError> {
        let mut set = None;
        let mut dotted = Vec::new();
        for kv in self.top.attrpath_values() {
            let path = path_of(&kv);
            if path.first().and_then(Option::as_deref) != Some("inputs") {
                continue;
            }
            if path.len() == 1 {
                match kv.value() {
                    Some(ast::Expr::AttrSet(s)) if s.rec_token().is_none() && set.is_none() => {
                        set = Some((syntax(&kv).clone(), s));
                    }
                    _ => return Err(EditError::InputsNotASet),
                }
            } else {
                dotted.push(kv);
            }
        }
        let mut declared = Vec::new();
        let mut read = |kv: &ast::AttrpathValue, skip: usize| {
            let path = path_of(kv);
            let rest = &path[skip.min(path.len())..];
            let Some(Some(name)) = rest.first() else {
                return;
            };
            let url = match (&rest[1..], kv.value()) {
                ([Some(u)], Some(ast::Expr::Str(s))) if u == "url" => read_string(&s).ok(),
                ([], Some(ast::Expr::AttrSet(attrs))) => attrs
                    .attrpath_values()
                    .find(|a| is_path(a, &["url"]))
                    .and_then(|a| match a.value() {
                        Some(ast::Expr::Str(s)) => read_string(&s).ok(),
                        _ => None,
                    }),
                _ => None,
            };
            declared.push(Declared {
                name: name.clone(),
                url,
                node: syntax(kv).clone(),
            });
        };
        if let Some((_, s)) = &set {
            for kv in s.attrpath_values() {
                read(&kv, 0);
            }
        }
        for kv in &dotted {
            read(kv, 1);
        }
        Ok(Inputs {
            set,
            dotted: dotted.iter().map(|kv| syntax(kv).clone()).collect(),
            declared,
        })
    }
}

struct PackagesSet {
    set: ast::AttrSet,
}

impl PackagesSet {
    fn within(&self) -> Within {
        Within::Entries(syntax(&self.set).clone())
    }

    fn bindings(&self) -> Vec<Binding> {
        bindings_of(&self.set)
    }

    fn braces(&self) -> Result<(usize, usize), EditError> {
        let open = self.set.l_curly_token().ok_or(EditError::NoPackagesSet)?;
        let close = self.set.r_curly_token().ok_or(EditError::NoPackagesSet)?;
        Ok((
            usize::from(open.text_range().end()),
            usize::from(close.text_range().start()),
        ))
    }

    /// After the last binding's line, a blank line and the binding
    /// (written for 8 columns) at the bindings' indentation.
    fn add(&self, text: &str, binding: &str) -> Result<Splice, EditError> {
        let lines = Lines(text);
        let (open, close) = self.braces()?;
        let last = self.set.entries().last().map(|e| range(syntax(&e)));
        let (at, indent, blank) = match last {
            Some(r) => {
                let first = self
                    .set
                    .entries()
                    .next()
                    .map_or(r.start, |e| range(syntax(&e)).start);
                let indent = lines
                    .indent(first)
                    .or_else(|| lines.indent(r.start))
                    .unwrap_or("");
                (lines.end(r.end), indent.to_owned(), "\n")
            }
            None => {
                let indent = lines.indent(close).unwrap_or("");
                (lines.end(open), format!("{indent}  "), "")
            }
        };
        if at > close || lines.indent(close).is_none() {
            return Err(EditError::PackagesOnOneLine);
        }
        let mut out = String::from(blank);
        for line in binding.lines() {
            if !line.is_empty() {
                out.push_str(&indent);
                out.push_str(line.strip_prefix("        ").unwrap_or(line));
            }
            out.push('\n');
        }
        Ok(insert(self.within(), at, out))
    }

    /// The binding, the comment lines right above it, and one blank line:
    /// the one before it, else the one after it.
    fn remove(&self, text: &str, node: &SyntaxNode) -> Splice {
        let lines = Lines(text);
        let (mut r, whole) = lines.binding(node);
        if !whole {
            return delete(self.within(), r);
        }
        let root = node.ancestors().last().unwrap_or_else(|| node.clone());
        let open = self
            .set
            .l_curly_token()
            .map_or(0, |t| usize::from(t.text_range().end()));
        let close = self
            .set
            .r_curly_token()
            .map_or(text.len(), |t| usize::from(t.text_range().start()));
        while let Some(prev) = lines.previous(r.start).filter(|&p| p >= open) {
            let first = prev + (text[prev..].len() - text[prev..].trim_start().len());
            let comment = token_at(&root, first).is_some_and(|t| {
                t.kind() == SyntaxKind::TOKEN_COMMENT
                    && usize::from(t.text_range().start()) == first
            });
            if !comment || lines.start(first) != prev || first < open {
                break;
            }
            r.start = prev;
        }
        match lines.previous(r.start) {
            Some(prev) if prev > open && lines.is_blank(prev) => r.start = prev,
            _ if r.end < close && lines.is_blank(r.end) && lines.end(r.end) <= close => {
                r.end = lines.end(r.end);
            }
            _ => {}
        }
        delete(self.within(), r)
    }
}

struct Formals {
    pattern: ast::Pattern,
    entries: Vec<ast::PatEntry>,
    names: Vec<String>,
    /// The `outputs = …;` binding.
    outputs: SyntaxNode,
}

impl Formals {
    fn within(&self) -> Within {
        Within::Formals(syntax(&self.pattern).clone())
    }

    /// `name` after the last formal, in the style of the list: one a line
    /// or all on one, with or without a comma after the last.
    fn add(&self, text: &str, name: &str) -> Splice {
        let lines = Lines(text);
        // `formals` refuses a pattern without entries.
        let Some(last) = self.entries.last() else {
            return insert(self.within(), 0, String::new());
        };
        let last = syntax(last);
        let multi = syntax(&self.pattern).text().contains_char('\n');
        let indent = lines.indent(range(last).start).unwrap_or(" ");
        match next_token(last).filter(|t| t.kind() == SyntaxKind::TOKEN_COMMA) {
            Some(comma) => {
                let at = usize::from(comma.text_range().end());
                if multi {
                    insert(self.within(), at, format!("\n{indent}{name},"))
                } else {
                    insert(self.within(), at, format!(" {name},"))
                }
            }
            None if multi => insert(self.within(), range(last).end, format!(",\n{indent}{name}")),
            None => insert(self.within(), range(last).end, format!(", {name}")),
        }
    }

    /// The formal `name` and its comma; its line when it has one alone.
    fn remove(&self, text: &str, name: &str) -> Option<Splice> {
        let lines = Lines(text);
        let i = self.names.iter().position(|n| n == name)?;
        let entry = syntax(&self.entries[i]);
        let r = range(entry);
        match next_token(entry).filter(|t| t.kind() == SyntaxKind::TOKEN_COMMA) {
            Some(comma) => {
                let end = usize::from(comma.text_range().end());
                if lines.indent(r.start).is_some() && lines.rest_is_blank(end) {
                    Some(delete(self.within(), lines.start(r.start)..lines.end(end)))
                } else {
                    let spaces = text[end..].len() - text[end..].trim_start_matches(' ').len();
                    Some(delete(self.within(), r.start..end + spaces))
                }
            }
            None if i > 0 => Some(delete(
                self.within(),
                range(syntax(&self.entries[i - 1])).end..r.end,
            )),
            None => Some(delete(self.within(), r)),
        }
    }
}

/// One input binding: `name.url = "…";`, `name = { url = "…"; … };`,
/// `name.flake = false;`…
struct Declared {
    name: String,
    url: Option<String>,
    node: SyntaxNode,
}

struct Inputs {
    /// `inputs = { … };` and its set.
    set: Option<(SyntaxNode, ast::AttrSet)>,
    /// Top-level `inputs.NAME… = …;` bindings.
    dotted: Vec<SyntaxNode>,
    declared: Vec<Declared>,
}

impl Inputs {
    fn names(&self) -> impl Iterator<Item = String> + '_ {
        self.declared.iter().map(|d| d.name.clone())
    }

    /// The input whose URL is `url` (compared as Frost writes URLs).
    fn named_by_url(&self, url: &str) -> Option<&String> {
        let same = |u: &str| u == url || FlakeRef::parse(u).ok().is_some_and(|r| r.to_url() == url);
        self.declared
            .iter()
            .find(|d| d.url.as_deref().is_some_and(same))
            .map(|d| &d.name)
    }

    /// Whether `node` is part of an input's declaration.
    fn declares(&self, node: &SyntaxNode) -> bool {
        let within = |n: &SyntaxNode| inside(node, &range(n));
        self.set.as_ref().is_some_and(|(kv, _)| within(kv)) || self.dotted.iter().any(within)
    }

    /// `binding` (`name.url = "…";`) added after the last input; a new
    /// `inputs = { … };` before `outputs` when there is none.
    fn add(&self, flake: &Flake<'_>, binding: &str) -> Result<Splice, EditError> {
        let lines = flake.lines();
        if let Some((_, set)) = &self.set {
            let within = Within::Entries(syntax(set).clone());
            let open = set.l_curly_token().ok_or(EditError::InputsNotASet)?;
            let close = set.r_curly_token().ok_or(EditError::InputsNotASet)?;
            let (open, close) = (
                usize::from(open.text_range().end()),
                usize::from(close.text_range().start()),
            );
            let last = set.entries().last().map(|e| range(syntax(&e)));
            return Ok(match last {
                Some(r) if lines.end(r.end) <= close && lines.indent(r.start).is_some() => {
                    let indent = lines.indent(r.start).unwrap_or("");
                    insert(within, lines.end(r.end), format!("{indent}{binding}\n"))
                }
                Some(r) => insert(within, r.end, format!(" {binding}")),
                None if lines.end(open) <= close => {
                    let indent = lines.indent(close).unwrap_or("");
                    insert(within, lines.end(open), format!("{indent}  {binding}\n"))
                }
                None => insert(within, open, format!(" {binding}")),
            });
        }
        if let Some(last) = self.dotted.last() {
            let r = range(last);
            let indent = lines.indent(r.start).ok_or(EditError::InputsNotASet)?;
            return Ok(insert(
                Within::entries_around(last),
                lines.end(r.end),
                format!("{indent}inputs.{binding}\n"),
            ));
        }
        let outputs = flake.formals()?.outputs;
        let start = range(&outputs).start;
        let indent = lines.indent(start).ok_or(EditError::InputsNotASet)?;
        Ok(insert(
            Within::entries_around(&outputs),
            lines.start(start),
            format!("{indent}inputs = {{\n{indent}  {binding}\n{indent}}};\n\n"),
        ))
    }

    /// Every binding of input `name`; the whole `inputs = { … };` (and a
    /// blank line after it) when nothing else is left in it.
    fn remove(&self, text: &str, name: &str) -> Vec<Splice> {
        let lines = Lines(text);
        let mine: Vec<&Declared> = self.declared.iter().filter(|d| d.name == name).collect();
        if mine.is_empty() {
            return Vec::new();
        }
        if let Some((kv, set)) = &self.set {
            let in_set = |d: &Declared| inside(&d.node, &range(syntax(set)));
            let all = set.entries().count();
            let here = mine.iter().filter(|d| in_set(d)).count();
            if here > 0 && here == all && !holds_comments(set) {
                let (mut r, whole) = lines.binding(kv);
                if whole && r.end < text.len() && lines.is_blank(r.end) {
                    r.end = lines.end(r.end);
                }
                let mut out = vec![delete(Within::entries_around(kv), r)];
                out.extend(
                    mine.iter()
                        .filter(|d| !in_set(d))
                        .map(|d| delete(Within::entries_around(&d.node), lines.binding(&d.node).0)),
                );
                return out;
            }
        }
        mine.iter()
            .map(|d| delete(Within::entries_around(&d.node), lines.binding(&d.node).0))
            .collect()
    }
}

/// Whether a person wrote a comment in `set` (which removing the whole
/// set would lose).
fn holds_comments(set: &ast::AttrSet) -> bool {
    syntax(set)
        .children_with_tokens()
        .any(|el| el.kind() == SyntaxKind::TOKEN_COMMENT)
}

#[cfg(test)]
mod tests;
