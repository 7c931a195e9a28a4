//! The Install Package dialog: one line where a person types where a
//! package comes from (a flake and its package, a folder, a store path),
//! with examples under it. Install hands the window an
//! [`Operation::Install`], which runs on the operations worker like every
//! other change, so its progress, log, failure alert and Undo are theirs.
//! Frost does not judge the reference itself: whatever Nix cannot use ends
//! in the failure alert, in Nix's own words.

use std::path::{Path, PathBuf};

use frost_core::i18n::{gettext, gettext_f};
use frost_core::ops::Operation;
use relm4::adw::prelude::*;
use relm4::gtk::glib;
use relm4::prelude::*;

const INSTALL: &str = "install";
const CANCEL: &str = "cancel";

#[derive(Debug)]
pub struct InstallDialog {
    /// The profile the package goes into.
    profile: Option<PathBuf>,
    /// Its name, for the dialog's text.
    name: String,
    text: String,
    entry: adw::EntryRow,
}

#[derive(Debug)]
pub enum InstallInput {
    /// Asks, over `parent`, for a package to install into `profile`.
    Open {
        profile: PathBuf,
        name: String,
        parent: gtk::Widget,
    },
    Changed(String),
    /// The user pressed Install (or Enter).
    Install,
}

#[derive(Debug)]
pub enum InstallOutput {
    Submit(Operation),
}

/// What to give Nix for `text`: trimmed, and `~/` made the home folder,
/// since Nix takes a tilde for part of a name and a window has no
/// current folder a person would think of. `None` for nothing at all.
pub fn flake_ref(text: &str, home: Option<&Path>) -> Option<String> {
    let text = text.trim();
    if text.is_empty() {
        return None;
    }
    let under_home = |rest: &str| home.map(|h| format!("{}{rest}", h.display()));
    let expanded = match text.strip_prefix('~') {
        Some(rest) if rest.is_empty() || rest.starts_with(['/', '#']) => under_home(rest),
        _ => None,
    };
    Some(expanded.unwrap_or_else(|| text.to_owned()))
}

impl InstallDialog {
    fn body(&self) -> String {
        gettext_f(
            "Type where the package comes from: a flake and the package in it, or a store path. It goes into the profile “{name}”.",
            &[("name", &self.name)],
        )
    }

    fn can_install(&self) -> bool {
        !self.text.trim().is_empty()
    }
}

/// The examples under the entry, one per line: a ref from the nixpkgs
/// registry entry, from GitHub, from a folder, and a store path.
fn examples() -> String {
    [
        "nixpkgs#hello",
        "github:owner/repo#package",
        "~/my-flake#package",
        "/nix/store/…-hello-2.12.1",
    ]
    .join("\n")
}

#[relm4::component(pub)]
impl Component for InstallDialog {
    type Init = ();
    type Input = InstallInput;
    type Output = InstallOutput;
    type CommandOutput = ();

    view! {
        adw::AlertDialog {
            set_heading: Some(&gettext("Install Package")),
            #[watch]
            set_body: &model.body(),
            add_response: (CANCEL, &gettext("_Cancel")),
            add_response: (INSTALL, &gettext("_Install")),
            set_response_appearance: (INSTALL, adw::ResponseAppearance::Suggested),
            // Enter in the entry presses Install, unless it is insensitive.
            set_default_response: Some(INSTALL),
            set_close_response: CANCEL,
            #[watch]
            set_response_enabled: (INSTALL, model.can_install()),

            #[wrap(Some)]
            set_extra_child = &gtk::Box {
                set_orientation: gtk::Orientation::Vertical,
                set_spacing: 12,

                gtk::ListBox {
                    add_css_class: "boxed-list",
                    set_selection_mode: gtk::SelectionMode::None,

                    #[local_ref]
                    entry -> adw::EntryRow {
                        set_title: &gettext("Package"),
                        set_activates_default: true,
                        set_input_hints: gtk::InputHints::NO_SPELLCHECK | gtk::InputHints::NO_EMOJI,
                        connect_changed[sender] => move |row| {
                            sender.input(InstallInput::Changed(row.text().to_string()));
                        },
                    },
                },

                gtk::Box {
                    set_orientation: gtk::Orientation::Vertical,
                    set_spacing: 4,
                    set_margin_start: 12,
                    set_margin_end: 12,

                    gtk::Label {
                        set_label: &gettext("For example"),
                        set_xalign: 0.0,
                        add_css_class: "caption-heading",
                        add_css_class: "dim-label",
                    },
                    gtk::Label {
                        set_label: &examples(),
                        set_xalign: 0.0,
                        set_wrap: true,
                        set_wrap_mode: gtk::pango::WrapMode::WordChar,
                        set_selectable: true,
                        // A selectable label would take the focus first.
                        set_focusable: false,
                        add_css_class: "monospace",
                        add_css_class: "caption",
                        add_css_class: "dim-label",
                    },
                },
            },
        }
    }

    fn init(_init: (), root: Self::Root, sender: ComponentSender<Self>) -> ComponentParts<Self> {
        let model = InstallDialog {
            profile: None,
            name: String::new(),
            text: String::new(),
            entry: adw::EntryRow::new(),
        };
        let entry = &model.entry;
        let widgets = view_output!();
        let input = sender.input_sender().clone();
        root.connect_response(None, move |_, response| {
            if response == INSTALL {
                input.emit(InstallInput::Install);
            }
        });
        ComponentParts { model, widgets }
    }

    fn update(&mut self, message: InstallInput, sender: ComponentSender<Self>, root: &Self::Root) {
        match message {
            InstallInput::Open {
                profile,
                name,
                parent,
            } => {
                self.profile = Some(profile);
                self.name = name;
                self.entry.set_text("");
                self.text.clear();
                root.present(Some(&parent));
                root.set_focus(Some(&self.entry));
            }
            InstallInput::Changed(text) => self.text = text,
            InstallInput::Install => {
                let home = glib::home_dir();
                let (Some(profile), Some(r)) = (&self.profile, flake_ref(&self.text, Some(&home)))
                else {
                    return;
                };
                let _ = sender.output(InstallOutput::Submit(Operation::Install {
                    profile: profile.clone(),
                    refs: vec![r],
                    priority: None,
                }));
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::flake_ref;
    use std::path::Path;

    #[test]
    fn a_ref_is_trimmed_and_nothing_is_none() {
        assert_eq!(flake_ref("  ", None), None);
        assert_eq!(
            flake_ref(" nixpkgs#hello\n", None).as_deref(),
            Some("nixpkgs#hello")
        );
    }

    #[test]
    fn a_tilde_at_the_start_is_the_home_folder() {
        let home = Some(Path::new("/home/ann"));
        assert_eq!(
            flake_ref("~/src/tool#hello", home).as_deref(),
            Some("/home/ann/src/tool#hello")
        );
        assert_eq!(flake_ref("~#x", home).as_deref(), Some("/home/ann#x"));
        // Someone else's home, or a tilde inside a name, is Nix's to read.
        assert_eq!(flake_ref("~bob/x", home).as_deref(), Some("~bob/x"));
        assert_eq!(flake_ref("path:/a~/b", home).as_deref(), Some("path:/a~/b"));
        assert_eq!(flake_ref("~/x", None).as_deref(), Some("~/x"));
    }
}
