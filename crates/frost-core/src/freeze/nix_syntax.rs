//! The one place where text from outside (element names, attribute paths,
//! flake URLs, versions, folder names) becomes Nix source. Everything the
//! freeze writes into flake.nix goes through these functions, so a manifest
//! crafted to inject Nix code can only ever produce a string or a quoted
//! attribute name. The rules are those of Nix's lexer (src/libexpr/lexer.l):
//! see "Writing Nix source safely" in the project's Nix reference.

use std::fmt;

/// Words the Nix lexer reserves: never bare attribute names or identifiers.
pub const KEYWORDS: [&str; 10] = [
    "if", "then", "else", "assert", "with", "let", "in", "rec", "inherit", "or",
];

/// Attribute names that change what an attribute set means to Nix (a
/// function, a string, a derivation, a path-like value) when a user-chosen
/// key takes them.
pub const MAGIC_ATTRS: [&str; 4] = ["__functor", "__toString", "outPath", "type"];

/// Text that cannot be written as Nix source at all.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum SyntaxError {
    /// Nix strings cannot hold a NUL character.
    Nul,
}

impl fmt::Display for SyntaxError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            SyntaxError::Nul => f.write_str(&crate::i18n::gettext("it contains a NUL character")),
        }
    }
}

/// A double-quoted Nix string that evaluates to exactly `s`. `\`, `"` and
/// every `$` are escaped (so neither `${` nor `$${` can start an
/// interpolation), newline, carriage return and tab are written as escapes;
/// everything else, Unicode included, stays as it is.
pub fn string(s: &str) -> Result<String, SyntaxError> {
    let mut out = String::with_capacity(s.len() + 2);
    push_string(&mut out, s)?;
    Ok(out)
}

/// [`string`], appended to `out`.
pub fn push_string(out: &mut String, s: &str) -> Result<(), SyntaxError> {
    if s.contains('\0') {
        return Err(SyntaxError::Nul);
    }
    out.push('"');
    for c in s.chars() {
        match c {
            '\\' => out.push_str("\\\\"),
            '"' => out.push_str("\\\""),
            '$' => out.push_str("\\$"),
            '\n' => out.push_str("\\n"),
            '\r' => out.push_str("\\r"),
            '\t' => out.push_str("\\t"),
            c => out.push(c),
        }
    }
    out.push('"');
    Ok(())
}

/// True when `s` may stand bare as an identifier or attribute name:
/// `[a-zA-Z_][a-zA-Z0-9_'-]*` and not a keyword.
pub fn is_identifier(s: &str) -> bool {
    let mut bytes = s.bytes();
    matches!(bytes.next(), Some(b) if b.is_ascii_alphabetic() || b == b'_')
        && bytes.all(|b| b.is_ascii_alphanumeric() || matches!(b, b'_' | b'\'' | b'-'))
        && !KEYWORDS.contains(&s)
}

/// An attribute name as written in a binding or a selection: bare when it
/// can be (`hello`), else quoted (`"7zip"`, `"foo.bar"`, `"in"`).
pub fn attr_name(s: &str) -> Result<String, SyntaxError> {
    if is_identifier(s) {
        Ok(s.to_owned())
    } else {
        string(s)
    }
}

/// [`attr_name`], appended to `out`.
pub fn push_attr_name(out: &mut String, s: &str) -> Result<(), SyntaxError> {
    if is_identifier(s) {
        out.push_str(s);
        Ok(())
    } else {
        push_string(out, s)
    }
}

/// An attribute path, each part quoted as needed: `python3Packages.pip`,
/// `legacyPackages.x86_64-linux."7zip"`. Only the tests select whole
/// paths; flake.nix selects a package in parts (render.rs's `selection`).
#[cfg(test)]
pub fn attr_path<S: AsRef<str>>(parts: &[S]) -> Result<String, SyntaxError> {
    let mut out = String::new();
    for (i, p) in parts.iter().enumerate() {
        if i > 0 {
            out.push('.');
        }
        push_attr_name(&mut out, p.as_ref())?;
    }
    Ok(out)
}

/// A URL (flake reference) in flake.nix: always a quoted string, never a
/// bare URL or path, which Nix would parse differently.
pub fn url(u: &str) -> Result<String, SyntaxError> {
    string(u)
}

/// A `#` comment line holding `text`. A comment ends at the end of the line,
/// so line breaks (and other control characters, which only confuse
/// editors) become spaces: nothing in `text` can leave the comment.
pub fn comment(text: &str) -> String {
    let mut out = String::with_capacity(text.len() + 2);
    out.push_str("# ");
    for c in text.chars() {
        out.push(if c.is_control() { ' ' } else { c });
    }
    out.truncate(out.trim_end().len());
    out
}

/// An attribute-path fragment for the `nix` command line
/// (`path:/dir#"7zip"`): Nix splits it on dots and reads quotes, so a part
/// is quoted when it holds a dot. `None` for names that a flake reference
/// cannot carry (`#`, `?`, `%`, `^`, quotes, backslashes, whitespace and
/// control characters).
pub fn cli_attr(name: &str) -> Option<String> {
    let bad = |c: char| {
        c.is_control()
            || c.is_whitespace()
            || matches!(c, '#' | '?' | '%' | '^' | '"' | '\\' | '\'')
    };
    if name.is_empty() || name.chars().any(bad) {
        return None;
    }
    if name.contains('.') {
        Some(format!("\"{name}\""))
    } else {
        Some(name.to_owned())
    }
}

/// `s` quoted for a POSIX shell (and zsh), for commands a person copies
/// from README.md: bare when it holds only safe characters (`#` starts a
/// comment only at the start of a word), else in single quotes.
pub fn shell_word(s: &str) -> String {
    let safe = |(i, c): (usize, char)| {
        c.is_ascii_alphanumeric() || "@%+=:,./_-".contains(c) || (i > 0 && c == '#')
    };
    if !s.is_empty() && s.char_indices().all(safe) {
        s.to_owned()
    } else {
        format!("'{}'", s.replace('\'', "'\\''"))
    }
}

#[cfg(test)]
mod tests;
