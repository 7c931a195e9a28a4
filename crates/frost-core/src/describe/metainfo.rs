//! AppStream metainfo (`share/metainfo/*.xml`, older `share/appdata/*.xml`):
//! the component's `<id>`, `<launchable type="desktop-id">` and `<summary>`.
//! A small reader of just enough XML: tags, attributes, text, entities,
//! comments and CDATA. It never fails; broken XML gives less, not an error.

use std::path::Path;

use super::{read_capped, MAX_FILES};

const MAX_XML_BYTES: u64 = 1 << 20;
/// Deeper nesting than any metainfo file has: stop reading there.
const MAX_NESTING: usize = 64;

/// What Frost uses of one component.
#[derive(Debug, Default, PartialEq, Eq)]
pub(super) struct Component {
    pub id: Option<String>,
    /// Desktop file IDs the component launches.
    pub launchables: Vec<String>,
    /// `(xml:lang, text)`; `None` is the untranslated summary.
    pub summaries: Vec<(Option<String>, String)>,
}

impl Component {
    /// The summary in the first of `languages` it has, else the untranslated one.
    pub fn summary(&self, languages: &[String]) -> Option<&str> {
        languages
            .iter()
            .find_map(|lang| {
                self.summaries
                    .iter()
                    .find(|(l, _)| l.as_deref() == Some(lang.as_str()))
            })
            .or_else(|| self.summaries.iter().find(|(l, _)| l.is_none()))
            .or_else(|| self.summaries.first())
            .map(|(_, text)| text.as_str())
    }

    /// Whether the component describes the desktop entry `desktop_id`.
    pub fn launches(&self, desktop_id: &str) -> bool {
        let stem = desktop_id.strip_suffix(".desktop").unwrap_or(desktop_id);
        self.launchables.iter().any(|l| l == desktop_id)
            || self
                .id
                .as_deref()
                .is_some_and(|id| id == desktop_id || id == stem)
    }
}

/// The components of every metainfo file in `dir`, by file name.
pub(super) fn components_in(dir: &Path, out: &mut Vec<Component>) {
    let Ok(entries) = std::fs::read_dir(dir) else {
        return;
    };
    let mut files: Vec<_> = entries
        .flatten()
        .map(|e| e.path())
        .filter(|p| p.extension().is_some_and(|x| x == "xml") && p.is_file())
        .take(MAX_FILES)
        .collect();
    files.sort();
    for file in files {
        if let Some(text) = read_capped(&file, MAX_XML_BYTES) {
            out.extend(parse(&text));
        }
    }
}

/// The first `<component>` of a metainfo document.
pub(super) fn parse(xml: &str) -> Option<Component> {
    let mut reader = Reader { rest: xml };
    let mut stack: Vec<String> = Vec::new();
    let mut component: Option<Component> = None;
    // The child of <component> being read: (name, lang, desktop-id launchable, text).
    let mut field: Option<(String, Option<String>, bool, String)> = None;
    while let Some(token) = reader.next() {
        match token {
            Token::Open { name, attrs, empty } => {
                let in_component = stack.last().map(String::as_str) == Some("component");
                if in_component && field.is_none() && component.is_some() {
                    let lang = attr(&attrs, "xml:lang");
                    let desktop = attr(&attrs, "type").as_deref() == Some("desktop-id");
                    field = Some((name.clone(), lang, desktop, String::new()));
                }
                if name == "component" && component.is_none() {
                    component = Some(Component::default());
                }
                if !empty {
                    if stack.len() >= MAX_NESTING {
                        break;
                    }
                    stack.push(name);
                } else if in_component {
                    field = None;
                }
            }
            Token::Text(text) => {
                if let Some((_, _, _, buf)) = field.as_mut() {
                    buf.push_str(&text);
                }
            }
            Token::Close(name) => {
                // Tolerate a missing close tag: unwind to the matching open one.
                let Some(at) = stack.iter().rposition(|n| *n == name) else {
                    continue;
                };
                stack.truncate(at);
                let back_in_component = stack.last().map(String::as_str) == Some("component");
                if back_in_component {
                    if let (Some((fname, lang, desktop, text)), Some(c)) =
                        (field.take(), component.as_mut())
                    {
                        let text = collapse(&text);
                        if text.is_empty() || fname != name {
                            continue;
                        }
                        match fname.as_str() {
                            "id" => c.id = Some(text),
                            "summary" => c.summaries.push((lang, text)),
                            "launchable" if desktop => c.launchables.push(text),
                            _ => {}
                        }
                    }
                }
                if name == "component" && component.is_some() {
                    break;
                }
            }
        }
    }
    component
}

fn attr(attrs: &[(String, String)], key: &str) -> Option<String> {
    attrs.iter().find(|(k, _)| k == key).map(|(_, v)| v.clone())
}

fn collapse(text: &str) -> String {
    text.split_whitespace().collect::<Vec<_>>().join(" ")
}

enum Token {
    Open {
        name: String,
        attrs: Vec<(String, String)>,
        empty: bool,
    },
    Close(String),
    Text(String),
}

struct Reader<'a> {
    rest: &'a str,
}

impl Reader<'_> {
    /// Skips past `end`, or to the end of the input when it never comes.
    fn skip_past(&mut self, end: &str) -> &str {
        let rest = self.rest;
        match rest.find(end) {
            Some(i) => {
                self.rest = &rest[i + end.len()..];
                &rest[..i]
            }
            None => {
                self.rest = "";
                rest
            }
        }
    }

    fn next(&mut self) -> Option<Token> {
        loop {
            if self.rest.is_empty() {
                return None;
            }
            if !self.rest.starts_with('<') {
                let end = self.rest.find('<').unwrap_or(self.rest.len());
                let text = &self.rest[..end];
                self.rest = &self.rest[end..];
                return Some(Token::Text(decode_entities(text)));
            }
            if let Some(after) = self.rest.strip_prefix("<!--") {
                self.rest = after;
                self.skip_past("-->");
            } else if let Some(after) = self.rest.strip_prefix("<![CDATA[") {
                self.rest = after;
                return Some(Token::Text(self.skip_past("]]>").to_owned()));
            } else if self.rest.starts_with("<?") {
                self.skip_past("?>");
            } else if self.rest.starts_with("<!") {
                // A DOCTYPE; an internal subset in brackets may hold '>'.
                let close = match (self.rest.find('['), self.rest.find('>')) {
                    (Some(bracket), Some(gt)) if bracket < gt => "]>",
                    _ => ">",
                };
                self.skip_past(close);
            } else if let Some(after) = self.rest.strip_prefix("</") {
                self.rest = after;
                let name = self.skip_past(">").trim().to_owned();
                return Some(Token::Close(name));
            } else {
                self.rest = &self.rest[1..];
                return Some(self.open_tag());
            }
        }
    }

    /// Reads `name a="v" b='w'>` or `… />`, honouring `>` inside quotes.
    fn open_tag(&mut self) -> Token {
        let bytes = self.rest.as_bytes();
        let mut quote = None;
        let mut end = bytes.len();
        for (i, &b) in bytes.iter().enumerate() {
            match (quote, b) {
                (None, b'"' | b'\'') => quote = Some(b),
                (Some(q), _) if q == b => quote = None,
                (None, b'>') => {
                    end = i;
                    break;
                }
                _ => {}
            }
        }
        let inner = &self.rest[..end];
        self.rest = self.rest.get(end + 1..).unwrap_or("");
        let (inner, empty) = match inner.strip_suffix('/') {
            Some(i) => (i, true),
            None => (inner, false),
        };
        let name_end = inner
            .find(|c: char| c.is_whitespace())
            .unwrap_or(inner.len());
        let name = inner[..name_end].to_owned();
        Token::Open {
            name,
            attrs: parse_attrs(&inner[name_end..]),
            empty,
        }
    }
}

fn parse_attrs(mut s: &str) -> Vec<(String, String)> {
    let mut attrs = Vec::new();
    loop {
        s = s.trim_start();
        let Some(eq) = s.find('=') else {
            return attrs;
        };
        let key = s[..eq].trim().to_owned();
        let value_part = s[eq + 1..].trim_start();
        let Some(q) = value_part
            .chars()
            .next()
            .filter(|c| *c == '"' || *c == '\'')
        else {
            return attrs;
        };
        let body = &value_part[1..];
        let Some(close) = body.find(q) else {
            return attrs;
        };
        attrs.push((key, decode_entities(&body[..close])));
        s = &body[close + 1..];
    }
}

fn decode_entities(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut rest = text;
    while let Some(amp) = rest.find('&') {
        out.push_str(&rest[..amp]);
        rest = &rest[amp..];
        let decoded = rest.find(';').filter(|&semi| semi <= 12).and_then(|semi| {
            let c = match &rest[1..semi] {
                "lt" => Some('<'),
                "gt" => Some('>'),
                "amp" => Some('&'),
                "quot" => Some('"'),
                "apos" => Some('\''),
                num => num
                    .strip_prefix("#x")
                    .or_else(|| num.strip_prefix("#X"))
                    .map(|h| u32::from_str_radix(h, 16))
                    .or_else(|| num.strip_prefix('#').map(str::parse::<u32>))
                    .and_then(|n| n.ok())
                    .and_then(char::from_u32),
            };
            c.map(|c| (c, semi))
        });
        match decoded {
            Some((c, semi)) => {
                out.push(c);
                rest = &rest[semi + 1..];
            }
            None => {
                out.push('&');
                rest = &rest[1..];
            }
        }
    }
    out.push_str(rest);
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_id_summary_and_launchable() {
        let xml = r#"<?xml version="1.0" encoding="UTF-8"?>
<!-- Copyright <someone> -->
<!DOCTYPE component [ <!ENTITY x "y"> ]>
<component type="desktop-application">
  <id>org.example.Edit</id>
  <name>Edit</name>
  <summary>Edit   text &amp; <![CDATA[<code>]]> files</summary>
  <summary xml:lang="de">Texte &#x62;earbeiten</summary>
  <description><p>Long</p><summary>nested, not the summary</summary></description>
  <launchable type="desktop-id">org.example.Edit.desktop</launchable>
  <launchable type="url">https://example.org</launchable>
  <releases><release version="1" date="2024-01-01"/></releases>
</component>"#;
        let c = parse(xml).unwrap();
        assert_eq!(c.id.as_deref(), Some("org.example.Edit"));
        assert_eq!(c.launchables, ["org.example.Edit.desktop"]);
        assert_eq!(c.summary(&[]), Some("Edit text & <code> files"));
        assert_eq!(c.summary(&["de".into()]), Some("Texte bearbeiten"));
        assert!(c.launches("org.example.Edit.desktop"));
        assert!(!c.launches("other.desktop"));
    }

    #[test]
    fn broken_xml_gives_less_not_a_panic() {
        for xml in [
            "",
            "<",
            "<component",
            "<component><summary>unclosed",
            "<component><summary a='>'>x</summary></component>",
            "&#xFFFFFFFF; &#55296; &bogus; &",
            "<component><summary>é&#233;</summary>",
            "</component></component>",
        ] {
            let _ = parse(xml);
        }
        let c = parse("<component><summary a='>'>x &#233;</summary></component>").unwrap();
        assert_eq!(c.summary(&[]), Some("x é"));
    }
}
