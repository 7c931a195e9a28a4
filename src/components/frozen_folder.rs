//! Opening a frozen folder: the flake `frost freeze` wrote a profile into
//! (or any folder with a flake.nix). The folder chooser, the alert that
//! says a folder holds no flake, and the alert that offers what Frost can
//! do with one; each choice is an operation for the worker.

use std::path::{Path, PathBuf};

use frost_core::freeze::source::ApplySource;
use frost_core::i18n::gettext;
use frost_core::ops::Operation;
use relm4::adw::{self, prelude::*};
use relm4::gtk::{self, gio};
use relm4::prelude::*;

const CANCEL: &str = "cancel";
const INSTALL: &str = "install";

/// One thing the alert offers for a folder.
#[derive(Debug, Clone)]
pub struct FolderChoice {
    /// The alert's response id.
    pub id: &'static str,
    /// The button, with its mnemonic.
    pub label: String,
    /// One sentence for the alert's body: what the button does.
    pub explanation: String,
    pub operation: Operation,
}

/// What Frost offers for the frozen folder `dir` while the window shows
/// `profile` (`None` when it shows none), in the order the alert adds
/// them (on a narrow window it stacks them the other way up).
pub fn folder_choices(dir: &Path, profile: Option<&Path>) -> Vec<FolderChoice> {
    let mut choices = vec![
        FolderChoice {
            id: "lock",
            label: gettext("_Check Lock"),
            // Translators: “Check Lock” is the button's label, without its underscore.
            explanation: gettext(
                "Check Lock locks any input that flake.lock is missing and changes nothing else.",
            ),
            operation: Operation::FlakeLock {
                dir: dir.to_owned(),
            },
        },
        FolderChoice {
            id: "update",
            label: gettext("_Update Inputs"),
            // Translators: “Update Inputs” is the button's label, without its underscore.
            explanation: gettext(
                "Update Inputs moves every input to its newest version and writes a new flake.lock.",
            ),
            operation: Operation::FlakeUpdate {
                dir: dir.to_owned(),
            },
        },
    ];
    // Adding, not replacing: what a person restoring a profile on another
    // machine wants, and nothing already installed goes away. Undo (the
    // toast) rolls the profile back in one step either way.
    if let Some(profile) = profile {
        choices.push(FolderChoice {
            id: INSTALL,
            label: gettext("_Install"),
            // Translators: “Install” is the button's label, without its underscore.
            explanation: gettext(
                "Install adds the folder’s packages to this profile, at exactly the versions flake.lock pins.",
            ),
            operation: Operation::Apply {
                source: ApplySource::Folder(dir.to_owned()),
                profile: profile.to_owned(),
                replace: false,
                only: Vec::new(),
            },
        });
    }
    choices
}

/// How a folder is called in short: its own name.
pub fn folder_name(dir: &Path) -> String {
    dir.file_name().map_or_else(
        || dir.display().to_string(),
        |n| n.to_string_lossy().into_owned(),
    )
}

/// Asks for a folder with the file chooser; `chosen` gets it, unless the
/// user cancelled.
pub fn choose(parent: &impl IsA<gtk::Window>, chosen: impl FnOnce(PathBuf) + 'static) {
    let dialog = gtk::FileDialog::builder()
        .title(gettext("Open Frozen Folder"))
        .accept_label(gettext("_Open"))
        .modal(true)
        .build();
    dialog.select_folder(Some(parent), gio::Cancellable::NONE, move |result| {
        // Cancelling is an error too; nothing to say about it.
        if let Some(dir) = result.ok().and_then(|folder| folder.path()) {
            chosen(dir);
        }
    });
}

/// The folder's path under an alert's body. Not in the body itself: that
/// wraps only between words, and a path is one long word that would
/// widen the alert past a narrow window.
fn path_label(dir: &Path) -> gtk::Label {
    let label = gtk::Label::new(Some(&dir.display().to_string()));
    label.set_wrap(true);
    label.set_wrap_mode(gtk::pango::WrapMode::WordChar);
    label.set_justify(gtk::Justification::Center);
    label.add_css_class("dim-label");
    label
}

/// Says that `dir` holds no flake, and which folder to choose instead.
pub fn show_not_a_flake(parent: &impl IsA<gtk::Widget>, dir: &Path) {
    let dialog = adw::AlertDialog::new(
        Some(&gettext("No Flake in This Folder")),
        Some(&gettext(
            "This folder has no flake.nix. Choose the folder that “frost freeze” wrote, the one that holds flake.nix and flake.lock.",
        )),
    );
    dialog.set_extra_child(Some(&path_label(dir)));
    dialog.add_responses(&[("close", &gettext("_Close"))]);
    dialog.set_close_response("close");
    dialog.present(Some(parent));
}

/// Offers the choices for the frozen folder `dir`; `submit` gets the
/// operation of the one the user picked.
pub fn ask(
    parent: &impl IsA<gtk::Widget>,
    dir: &Path,
    profile: Option<&Path>,
    submit: impl FnOnce(Operation) + 'static,
) {
    let choices = folder_choices(dir, profile);
    // Four buttons always stack, last added on top: the text follows
    // them from the top down.
    let body: Vec<&str> = choices
        .iter()
        .rev()
        .map(|c| c.explanation.as_str())
        .collect();
    let dialog = adw::AlertDialog::new(Some(&gettext("Frozen Folder")), Some(&body.join("\n\n")));
    dialog.set_extra_child(Some(&path_label(dir)));
    dialog.add_response(CANCEL, &gettext("_Cancel"));
    for choice in &choices {
        dialog.add_response(choice.id, &choice.label);
    }
    // Installing is what the folder is for; it only adds, and Undo takes it
    // back. The others change the folder, so none is the default.
    if choices.iter().any(|c| c.id == INSTALL) {
        dialog.set_response_appearance(INSTALL, adw::ResponseAppearance::Suggested);
    }
    dialog.set_default_response(Some(CANCEL));
    dialog.set_close_response(CANCEL);
    dialog.choose(Some(parent), gio::Cancellable::NONE, move |response| {
        if let Some(choice) = choices.into_iter().find(|c| c.id == response) {
            submit(choice.operation);
        }
    });
}

/// The window's frozen folders: one chosen with the file chooser (or given
/// with `--open-frozen`) is checked for a flake off the main loop, then
/// offered once the window has shown a profile, since what Frost offers
/// depends on it. Every choice ends as an operation for the worker.
#[derive(Debug)]
pub struct FrozenFolder {
    /// The window the dialogs belong to.
    parent: gtk::Window,
    /// `None` until the window has shown a profile (or why it has none);
    /// then the profile a folder's packages may go into, if Frost may
    /// change it.
    profile: Option<Option<PathBuf>>,
    /// A folder holding a flake, waiting for the profile.
    waiting: Option<PathBuf>,
}

#[derive(Debug)]
pub enum FrozenFolderInput {
    /// Asks for a folder with the file chooser.
    Choose,
    /// Offers what Frost can do with this folder (if it holds a flake).
    Open(PathBuf),
    /// What the window shows now (see [`FrozenFolder::profile`]).
    Profile(Option<Option<PathBuf>>),
}

#[derive(Debug)]
pub enum FrozenFolderOutput {
    Submit(Operation),
}

impl FrozenFolder {
    fn offer(&self, dir: &Path, sender: &ComponentSender<Self>) {
        let profile = self.profile.as_ref().and_then(Option::as_deref);
        let output = sender.output_sender().clone();
        ask(&self.parent, dir, profile, move |operation| {
            output.emit(FrozenFolderOutput::Submit(operation));
        });
    }
}

/// A component without widgets of its own: its dialogs are made for each
/// folder, since what they offer depends on it.
impl Component for FrozenFolder {
    type Init = gtk::Window;
    type Input = FrozenFolderInput;
    type Output = FrozenFolderOutput;
    /// The folder, and whether it holds a flake.
    type CommandOutput = (PathBuf, bool);
    type Root = ();
    type Widgets = ();

    fn init_root() {}

    fn init(
        parent: gtk::Window,
        _root: (),
        _sender: ComponentSender<Self>,
    ) -> ComponentParts<Self> {
        let model = FrozenFolder {
            parent,
            profile: None,
            waiting: None,
        };
        ComponentParts { model, widgets: () }
    }

    fn update(&mut self, message: FrozenFolderInput, sender: ComponentSender<Self>, _root: &()) {
        match message {
            FrozenFolderInput::Choose => {
                let input = sender.input_sender().clone();
                choose(&self.parent, move |dir| {
                    input.emit(FrozenFolderInput::Open(dir))
                });
            }
            FrozenFolderInput::Open(dir) => sender.spawn_oneshot_command(move || {
                // Reads the disk: not on the main loop. The same test as the
                // apply's own, so what is offered is what can run.
                let is_flake = frost_core::freeze::apply::holds_flake(&dir);
                (dir, is_flake)
            }),
            FrozenFolderInput::Profile(profile) => {
                self.profile = profile;
                if self.profile.is_some() {
                    if let Some(dir) = self.waiting.take() {
                        self.offer(&dir, &sender);
                    }
                }
            }
        }
    }

    fn update_cmd(
        &mut self,
        (dir, is_flake): (PathBuf, bool),
        sender: ComponentSender<Self>,
        _root: &(),
    ) {
        if !is_flake {
            show_not_a_flake(&self.parent, &dir);
        } else if self.profile.is_none() {
            self.waiting = Some(dir);
        } else {
            self.offer(&dir, &sender);
        }
    }
}
