//! Removing terminal escape sequences from what Nix prints.

use std::borrow::Cow;

/// Removes terminal escape sequences (colours, cursor moves, OSC titles and
/// links) that Nix puts in messages. Borrows when there is nothing to remove.
pub fn strip_ansi(s: &str) -> Cow<'_, str> {
    if !s.contains('\x1b') {
        return Cow::Borrowed(s);
    }
    let mut out = String::with_capacity(s.len());
    let mut chars = s.chars().peekable();
    while let Some(c) = chars.next() {
        if c != '\x1b' {
            out.push(c);
            continue;
        }
        match chars.next() {
            // CSI: parameters and intermediates, then one final byte.
            Some('[') => {
                for c in chars.by_ref() {
                    if ('\x40'..='\x7e').contains(&c) {
                        break;
                    }
                }
            }
            // OSC: up to BEL or ESC \ (string terminator).
            Some(']') => {
                while let Some(c) = chars.next() {
                    if c == '\x07' {
                        break;
                    }
                    if c == '\x1b' {
                        chars.next_if_eq(&'\\');
                        break;
                    }
                }
            }
            // Other escapes: intermediates (e.g. `ESC ( B`), then one final.
            Some(c) if ('\x20'..='\x2f').contains(&c) => {
                while chars.next_if(|c| ('\x20'..='\x2f').contains(c)).is_some() {}
                chars.next();
            }
            Some(_) | None => {}
        }
    }
    Cow::Owned(out)
}

pub(crate) fn strip_ansi_owned(s: String) -> String {
    match strip_ansi(&s) {
        Cow::Borrowed(_) => s,
        Cow::Owned(stripped) => stripped,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn strip_ansi_removes_every_kind_of_escape() {
        assert!(matches!(strip_ansi("plain"), Cow::Borrowed("plain")));
        assert_eq!(strip_ansi("\x1b[31;1merror:\x1b[0m x"), "error: x");
        assert_eq!(strip_ansi("a\x1b[2K\x1b[1Gb"), "ab");
        assert_eq!(
            strip_ansi("\x1b]8;;https://nixos.org\x1b\\link\x1b]8;;\x07!"),
            "link!"
        );
        assert_eq!(strip_ansi("\x1b(Bé\x1b=ü"), "éü");
        assert_eq!(strip_ansi("cut\x1b["), "cut");
        assert_eq!(strip_ansi("end\x1b"), "end");
    }
}
