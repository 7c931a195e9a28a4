//! Translation helpers. Every string a person sees goes through gettext; the
//! domain is bound by whichever binary starts (CLI or GUI) with [`init`].

pub use gettextrs::{gettext, ngettext};

/// The gettext domain shared by the CLI, the core and the GUI.
pub const DOMAIN: &str = crate::config::GETTEXT_PACKAGE;

/// Binds the text domain. `localedir` is where the `.mo` files are installed
/// (`<prefix>/share/locale`); a missing folder only means English.
pub fn init(localedir: &str) {
    // Failures here only mean "no translations": never fatal.
    // SAFETY: called once at start-up, before any other thread exists, so no
    // other thread can be reading the locale while it changes.
    // Only messages and the character set: LC_ALL loads a dozen locale files
    // the CLI never uses (GTK sets the rest for the app itself).
    let _ = unsafe { gettextrs::setlocale(gettextrs::LocaleCategory::LcCType, "") };
    let _ = unsafe { gettextrs::setlocale(gettextrs::LocaleCategory::LcMessages, "") };
    let _ = gettextrs::bindtextdomain(DOMAIN, localedir);
    let _ = gettextrs::bind_textdomain_codeset(DOMAIN, "UTF-8");
    let _ = gettextrs::textdomain(DOMAIN);
}

/// Where the `.mo` files are: the install's locale folder when Meson built
/// the binary ([`crate::config::LOCALEDIR`]), else `<prefix>/share/locale`
/// for a binary in `<prefix>/bin`, so any install prefix works without
/// configuration.
pub fn localedir() -> String {
    if !crate::config::LOCALEDIR.is_empty() {
        return crate::config::LOCALEDIR.to_owned();
    }
    std::env::current_exe()
        .ok()
        .and_then(|exe| Some(exe.parent()?.parent()?.join("share/locale")))
        .map_or_else(
            || "/usr/share/locale".to_owned(),
            |dir| dir.to_string_lossy().into_owned(),
        )
}

/// Translates `msgid`, then replaces each `{name}` with its value. Named
/// placeholders let translators reorder them.
pub fn gettext_f(msgid: &str, args: &[(&str, &str)]) -> String {
    fill(gettext(msgid), args)
}

/// Like [`gettext_f`] for a message with a plural form.
pub fn ngettext_f(singular: &str, plural: &str, n: u64, args: &[(&str, &str)]) -> String {
    let n32 = u32::try_from(n).unwrap_or(u32::MAX);
    fill(ngettext(singular, plural, n32), args)
}

fn fill(mut text: String, args: &[(&str, &str)]) -> String {
    for (name, value) in args {
        text = text.replace(&format!("{{{name}}}"), value);
    }
    text
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn placeholders_are_filled_by_name() {
        assert_eq!(
            gettext_f("{b} then {a}", &[("a", "1"), ("b", "2")]),
            "2 then 1"
        );
    }
}
