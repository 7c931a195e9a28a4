//! Restore from a Flake Reference…: one line where a person types where
//! their packages are (`github:alice/my-profile`, `git+https://…`, a
//! folder), checked as they type by the same parser as `frost apply`, with
//! what is wrong said in words under it. Choose Folder… opens the file
//! chooser instead. Either leads to the restore page's preview. The same
//! dialog asks for Manage With a Flake Reference…: then the reference (or
//! folder) goes on to manage the profile.

use frost_core::freeze::source::ApplySource;
use frost_core::i18n::gettext;
use relm4::adw::prelude::*;
use relm4::gtk::glib;
use relm4::prelude::*;

use crate::components::install_dialog::flake_ref;

const PREVIEW: &str = "preview";
const FOLDER: &str = "folder";
const CANCEL: &str = "cancel";

#[derive(Debug)]
pub struct ReferenceDialog {
    /// What the entry holds, parsed; `None` while it is empty.
    parsed: Option<Result<ApplySource, String>>,
    entry: adw::EntryRow,
    /// Asked for Manage With a Flake Reference…, not for a restore.
    manage: bool,
}

#[derive(Debug)]
pub enum ReferenceInput {
    /// Asks over `parent`; for managing the profile with `manage`.
    Open {
        parent: gtk::Widget,
        manage: bool,
    },
    Changed(String),
    Preview,
    ChooseFolder,
}

#[derive(Debug)]
pub enum ReferenceOutput {
    /// Preview restoring from this.
    Restore(ApplySource),
    /// Choose a folder with the file chooser instead.
    ChooseFolder,
    /// Manage the profile with this.
    Manage(ApplySource),
    /// Choose a folder to manage the profile with instead.
    ChooseFolderToManage,
}

/// What `text` names, or why it names nothing Frost can restore from;
/// `None` for nothing typed.
pub fn parse(text: &str) -> Option<Result<ApplySource, String>> {
    let text = flake_ref(text, Some(&glib::home_dir()))?;
    Some(
        ApplySource::parse(&text)
            .map(|s| s.absolute())
            .map_err(|e| e.to_string()),
    )
}

impl ReferenceDialog {
    fn error(&self) -> String {
        match &self.parsed {
            Some(Err(e)) => e.clone(),
            _ => String::new(),
        }
    }

    fn valid(&self) -> bool {
        matches!(self.parsed, Some(Ok(_)))
    }

    fn heading(&self) -> String {
        if self.manage {
            gettext("Manage With a Flake Reference")
        } else {
            gettext("Restore from a Flake Reference")
        }
    }

    fn body(&self) -> String {
        if self.manage {
            gettext("Type where the flake that “frost freeze” wrote is: on GitHub, in a Git repository, or in a folder. A flake that is not in a folder here is copied into a new folder in your home folder (a Git repository with its history), which then manages your profile.")
        } else {
            gettext("Type where your packages are: a flake on GitHub or in a Git repository, or a folder that “frost freeze” wrote. Frost shows what it holds before anything changes.")
        }
    }

    fn go_label(&self) -> String {
        if self.manage {
            gettext("_Manage")
        } else {
            gettext("_Preview")
        }
    }
}

#[relm4::component(pub)]
impl Component for ReferenceDialog {
    type Init = ();
    type Input = ReferenceInput;
    type Output = ReferenceOutput;
    type CommandOutput = ();

    view! {
        adw::AlertDialog {
            #[watch]
            set_heading: Some(&model.heading()),
            #[watch]
            set_body: &model.body(),
            add_response: (CANCEL, &gettext("_Cancel")),
            add_response: (FOLDER, &gettext("Choose _Folder…")),
            add_response: (PREVIEW, &gettext("_Preview")),
            #[watch]
            set_response_label: (PREVIEW, &model.go_label()),
            set_response_appearance: (PREVIEW, adw::ResponseAppearance::Suggested),
            set_default_response: Some(PREVIEW),
            set_close_response: CANCEL,
            #[watch]
            set_response_enabled: (PREVIEW, model.valid()),

            #[wrap(Some)]
            set_extra_child = &gtk::Box {
                set_orientation: gtk::Orientation::Vertical,
                set_spacing: 6,

                gtk::ListBox {
                    add_css_class: "boxed-list",
                    set_selection_mode: gtk::SelectionMode::None,

                    #[local_ref]
                    entry -> adw::EntryRow {
                        set_title: &gettext("Flake reference"),
                        set_activates_default: true,
                        set_input_hints: gtk::InputHints::NO_SPELLCHECK | gtk::InputHints::NO_EMOJI,
                        connect_changed[sender] => move |row| {
                            sender.input(ReferenceInput::Changed(row.text().to_string()));
                        },
                    },
                },
                gtk::Label {
                    #[watch]
                    set_label: &model.error(),
                    #[watch]
                    set_visible: !model.error().is_empty(),
                    set_xalign: 0.0,
                    set_wrap: true,
                    set_wrap_mode: gtk::pango::WrapMode::WordChar,
                    set_margin_start: 12,
                    set_margin_end: 12,
                    add_css_class: "error",
                    add_css_class: "caption",
                },
                gtk::Label {
                    set_label: "github:alice/my-profile\ngit+https://example.org/me/profile.git",
                    set_xalign: 0.0,
                    set_wrap: true,
                    set_wrap_mode: gtk::pango::WrapMode::WordChar,
                    set_margin_start: 12,
                    set_margin_end: 12,
                    set_selectable: true,
                    set_focusable: false,
                    add_css_class: "monospace",
                    add_css_class: "caption",
                    add_css_class: "dim-label",
                },
            },
        }
    }

    fn init(_: (), root: Self::Root, sender: ComponentSender<Self>) -> ComponentParts<Self> {
        let model = ReferenceDialog {
            parsed: None,
            entry: adw::EntryRow::new(),
            manage: false,
        };
        let entry = &model.entry;
        let widgets = view_output!();
        let input = sender.input_sender().clone();
        root.connect_response(None, move |_, response| match response {
            PREVIEW => input.emit(ReferenceInput::Preview),
            FOLDER => input.emit(ReferenceInput::ChooseFolder),
            _ => {}
        });
        ComponentParts { model, widgets }
    }

    fn update(
        &mut self,
        message: ReferenceInput,
        sender: ComponentSender<Self>,
        root: &Self::Root,
    ) {
        match message {
            ReferenceInput::Open { parent, manage } => {
                self.manage = manage;
                self.entry.set_text("");
                self.parsed = None;
                root.present(Some(&parent));
                root.set_focus(Some(&self.entry));
            }
            ReferenceInput::Changed(text) => self.parsed = parse(&text),
            ReferenceInput::Preview => {
                if let Some(Ok(source)) = &self.parsed {
                    let source = source.clone();
                    let _ = sender.output(if self.manage {
                        ReferenceOutput::Manage(source)
                    } else {
                        ReferenceOutput::Restore(source)
                    });
                }
            }
            ReferenceInput::ChooseFolder => {
                let _ = sender.output(if self.manage {
                    ReferenceOutput::ChooseFolderToManage
                } else {
                    ReferenceOutput::ChooseFolder
                });
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn references_and_folders_parse_and_the_rest_says_why() {
        assert_eq!(parse("  "), None);
        assert_eq!(
            parse("github:alice/my-profile"),
            Some(Ok(ApplySource::Flake("github:alice/my-profile".into())))
        );
        assert_eq!(
            parse("/srv/mein Profil"),
            Some(Ok(ApplySource::Folder("/srv/mein Profil".into())))
        );
        let Some(Err(why)) = parse("github:alice/my-profile#hello") else {
            panic!("a # is refused");
        };
        assert!(why.contains('#'), "{why}");
        assert!(matches!(parse("no such thing"), Some(Err(_))));
    }
}
