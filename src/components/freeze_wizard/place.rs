//! Step 3, Where: the folder, by default `~/nix-profile-flake` (numbered
//! when taken), typed (`~/…` for the home folder) or chosen with
//! `GtkFileDialog`. A folder that is not empty says exactly which files
//! would be replaced and asks first.
//! **Keep history with Git** is on when Git is installed.

use std::path::{Path, PathBuf};

use frost_core::freeze::managed::home_shortened_in;
use frost_core::freeze::target::{target_state, TargetState};
use frost_core::i18n::{gettext, gettext_f};
use relm4::adw::prelude::*;
use relm4::gtk::gio;
use relm4::prelude::*;

use super::step_bar::StepBar;

#[derive(Debug)]
pub struct PlaceStep {
    bar: StepBar,
    out: PathBuf,
    state: TargetState,
    consent: bool,
    git: bool,
    git_installed: bool,
    replace: adw::SwitchRow,
    /// The folder as typed; set from here only when the folder is chosen
    /// another way, so typing is never interrupted.
    folder: adw::EntryRow,
}

#[derive(Debug)]
pub enum PlaceInput {
    Show {
        out: PathBuf,
        git_installed: bool,
    },
    Choose,
    Chosen(PathBuf),
    /// The folder's text as typed.
    Typed(String),
    Consent(bool),
    Git(bool),
}

#[derive(Debug)]
pub enum PlaceOutput {
    Changed {
        out: PathBuf,
        force: bool,
        git: bool,
    },
    Next,
    Export,
}

/// What exporting into a folder in `state` does to it, in words.
pub fn describe(state: &TargetState) -> String {
    match state {
        TargetState::New => gettext("A new folder is made for the flake."),
        TargetState::Empty => gettext("The folder is empty: the flake goes into it."),
        TargetState::NotEmpty { replaced } if replaced.is_empty() => gettext(
            "The folder is not empty. Frost adds flake.nix, flake.lock and README.md; everything else in it stays as it is.",
        ),
        TargetState::NotEmpty { replaced } => gettext_f(
            "The folder is not empty. These files in it would be replaced: {files}. Everything else stays as it is.",
            &[("files", &replaced.join(", "))],
        ),
        TargetState::Unusable { message } => gettext_f(
            "Frost cannot write there ({message}). Choose another folder.",
            &[("message", message)],
        ),
    }
}

impl PlaceStep {
    fn usable(&self) -> bool {
        match self.state {
            TargetState::Unusable { .. } => false,
            TargetState::NotEmpty { .. } => self.consent,
            _ => true,
        }
    }

    fn explanation(&self) -> String {
        if self.out.as_os_str().is_empty() {
            return gettext("Type the folder’s name, or choose one.");
        }
        describe(&self.state)
    }

    /// A folder chosen other than by typing: shown in the entry too.
    fn choose_folder(&mut self, out: PathBuf) {
        self.folder.set_text(&display_path(&out));
        self.set_folder(out);
    }

    fn set_folder(&mut self, out: PathBuf) {
        self.state = target_state(&out);
        self.out = out;
        self.consent = false;
        self.replace.set_active(false);
    }
}

/// `~/…` for a folder in the home folder, `~` for that folder itself, as
/// [`typed_path`] reads them back.
fn display_path(path: &Path) -> String {
    home_shortened_in(path, &relm4::gtk::glib::home_dir())
}

/// The folder a person typed: `~` is the home folder, and a name without
/// a leading `/` is a folder in the home folder too, as in the file
/// chooser. `None` for nothing typed.
fn typed_path(text: &str, home: &Path) -> Option<PathBuf> {
    let text = text.trim();
    if text.is_empty() {
        return None;
    }
    let rest = text
        .strip_prefix("~/")
        .or_else(|| (text == "~").then_some(""));
    Some(match rest {
        Some(rest) => home.join(rest),
        None => home.join(text),
    })
}

#[relm4::component(pub)]
impl Component for PlaceStep {
    type Init = ();
    type Input = PlaceInput;
    type Output = PlaceOutput;
    type CommandOutput = ();

    view! {
        adw::NavigationPage {
            set_title: &gettext("Where"),

            #[wrap(Some)]
            set_child = &adw::ToolbarView {
                add_top_bar = &adw::HeaderBar {},

                #[wrap(Some)]
                set_content = &gtk::ScrolledWindow {
                    set_hscrollbar_policy: gtk::PolicyType::Never,
                    set_vexpand: true,

                    adw::Clamp {
                        set_maximum_size: 640,

                        gtk::Box {
                            set_orientation: gtk::Orientation::Vertical,
                            set_spacing: 12,
                            set_margin_all: 12,

                            gtk::ListBox {
                                add_css_class: "boxed-list",
                                set_selection_mode: gtk::SelectionMode::None,

                                #[local_ref]
                                folder -> adw::EntryRow {
                                    set_title: &gettext("Folder"),
                                    connect_changed[sender] => move |row| {
                                        sender.input(PlaceInput::Typed(row.text().to_string()));
                                    },
                                    add_suffix = &gtk::Button {
                                        set_label: &gettext("_Choose…"),
                                        set_use_underline: true,
                                        set_valign: gtk::Align::Center,
                                        connect_clicked => PlaceInput::Choose,
                                    },
                                },
                                #[local_ref]
                                replace -> adw::SwitchRow {
                                    set_title: &gettext("Replace these files"),
                                    #[watch]
                                    set_visible: model.state.needs_consent(),
                                    connect_active_notify[sender] => move |row| {
                                        sender.input(PlaceInput::Consent(row.is_active()));
                                    },
                                },
                                adw::SwitchRow {
                                    set_title: &gettext("Keep history with Git"),
                                    #[watch]
                                    set_subtitle: &if model.git_installed {
                                        gettext("each export becomes a commit you can go back to")
                                    } else {
                                        gettext("Git is not installed")
                                    },
                                    #[watch]
                                    set_sensitive: model.git_installed,
                                    #[watch]
                                    set_active: model.git,
                                    connect_active_notify[sender] => move |row| {
                                        sender.input(PlaceInput::Git(row.is_active()));
                                    },
                                },
                            },
                            gtk::Label {
                                #[watch]
                                set_label: &model.explanation(),
                                set_wrap: true,
                                set_wrap_mode: gtk::pango::WrapMode::WordChar,
                                set_xalign: 0.0,
                            },
                        },
                    },
                },

                #[local_ref]
                add_bottom_bar = bar -> gtk::Box {},
            },
        }
    }

    fn init(_: (), root: Self::Root, sender: ComponentSender<Self>) -> ComponentParts<Self> {
        let model = PlaceStep {
            bar: StepBar::new(sender.output_sender(), Some(|| PlaceOutput::Next), || {
                PlaceOutput::Export
            }),
            out: PathBuf::new(),
            state: TargetState::New,
            consent: false,
            git: false,
            git_installed: false,
            replace: adw::SwitchRow::new(),
            folder: adw::EntryRow::new(),
        };
        let replace = &model.replace;
        let folder = &model.folder;
        let bar = &model.bar.root;
        let widgets = view_output!();
        ComponentParts { model, widgets }
    }

    fn update(&mut self, message: PlaceInput, sender: ComponentSender<Self>, root: &Self::Root) {
        match message {
            PlaceInput::Show { out, git_installed } => {
                self.git_installed = git_installed;
                self.git = git_installed;
                self.choose_folder(out);
            }
            PlaceInput::Choose => {
                let dialog = gtk::FileDialog::new();
                dialog.set_title(&gettext("Choose the Folder for the Flake"));
                if let Some(parent) = self.out.parent().filter(|p| p.is_dir()) {
                    dialog.set_initial_folder(Some(&gio::File::for_path(parent)));
                }
                let window = root.root().and_downcast::<gtk::Window>();
                let input = sender.input_sender().clone();
                dialog.select_folder(window.as_ref(), None::<&gio::Cancellable>, move |r| {
                    if let Some(path) = r.ok().and_then(|f| f.path()) {
                        input.emit(PlaceInput::Chosen(path));
                    }
                });
                return;
            }
            PlaceInput::Chosen(out) => self.choose_folder(out),
            PlaceInput::Typed(text) => {
                let typed = typed_path(&text, &relm4::gtk::glib::home_dir());
                match typed {
                    // Setting the text of a folder chosen otherwise comes
                    // back here: nothing changed.
                    Some(out) if out == self.out => return,
                    Some(out) => self.set_folder(out),
                    None => {
                        self.out = PathBuf::new();
                        self.state = TargetState::Unusable {
                            message: String::new(),
                        };
                    }
                }
            }
            PlaceInput::Consent(on) => self.consent = on,
            PlaceInput::Git(on) => self.git = on && self.git_installed,
        }
        self.bar.set_usable(self.usable());
        let _ = sender.output(PlaceOutput::Changed {
            out: self.out.clone(),
            force: self.state.needs_consent() && self.consent,
            git: self.git,
        });
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_typed_folder_is_read_as_the_file_chooser_would() {
        let home = Path::new("/home/ann");
        assert_eq!(
            typed_path(" ~/Mes flakes/profil ", home),
            Some(PathBuf::from("/home/ann/Mes flakes/profil"))
        );
        assert_eq!(typed_path("~", home), Some(PathBuf::from("/home/ann/")));
        assert_eq!(
            typed_path("/srv/frozen", home),
            Some(PathBuf::from("/srv/frozen"))
        );
        assert_eq!(
            typed_path("flake", home),
            Some(PathBuf::from("/home/ann/flake"))
        );
        assert_eq!(typed_path("  ", home), None);
    }

    /// What the entry shows for a chosen folder reads back as that folder,
    /// the home folder itself included.
    #[test]
    fn a_chosen_folder_is_shown_as_it_is_typed() {
        let home = Path::new("/home/ann");
        for (folder, shown) in [
            ("/home/ann/nix-profile-flake", "~/nix-profile-flake"),
            ("/home/ann/Mes flakes/profil", "~/Mes flakes/profil"),
            ("/home/ann", "~"),
            ("/srv/x", "/srv/x"),
        ] {
            assert_eq!(home_shortened_in(Path::new(folder), home), shown);
            assert_eq!(typed_path(shown, home), Some(PathBuf::from(folder)));
        }
    }
}
