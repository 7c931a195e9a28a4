//! Opening a frozen folder: the flake `frost freeze` wrote a profile into
//! (or any folder with a flake.nix), or a flake reference. The folder
//! chooser, and the alert that says a folder holds no flake; a folder that
//! holds one, and any reference, goes on to the restore page's preview.

use std::path::{Path, PathBuf};

use frost_core::freeze::source::ApplySource;
use frost_core::i18n::gettext;
use relm4::adw::{self, prelude::*};
use relm4::gtk::{self, gio};
use relm4::prelude::*;

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
    choose_titled(
        parent,
        &gettext("Open Frozen Folder"),
        &gettext("_Open"),
        chosen,
    );
}

/// Asks for the frozen folder that is to manage the profile from now on.
pub fn choose_to_manage(parent: &impl IsA<gtk::Window>, chosen: impl FnOnce(PathBuf) + 'static) {
    choose_titled(
        parent,
        &gettext("Manage With a Frozen Folder"),
        &gettext("_Manage"),
        chosen,
    );
}

fn choose_titled(
    parent: &impl IsA<gtk::Window>,
    title: &str,
    accept: &str,
    chosen: impl FnOnce(PathBuf) + 'static,
) {
    let dialog = gtk::FileDialog::builder()
        .title(title)
        .accept_label(accept)
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

/// The window's ways to a restore: a folder chosen with the file chooser
/// (or dropped on the window, or given with `--open-frozen`) is checked
/// for a flake off the main loop; it, or a flake reference, goes on to the
/// restore page once the window has shown a profile (or why it has none),
/// since the preview puts the flake beside it.
#[derive(Debug)]
pub struct FrozenFolder {
    /// The window the dialogs belong to.
    parent: gtk::Window,
    /// The window has shown a profile, or why it has none.
    ready: bool,
    /// A source waiting for the profile.
    waiting: Option<ApplySource>,
}

#[derive(Debug)]
pub enum FrozenFolderInput {
    /// Asks for a folder with the file chooser.
    Choose,
    /// Restore from this folder (if it holds a flake) or reference.
    Open(ApplySource),
    /// Whether the window has shown a profile (see [`FrozenFolder::ready`]).
    Ready(bool),
}

#[derive(Debug)]
pub enum FrozenFolderOutput {
    /// Preview restoring from this.
    Restore(ApplySource),
}

impl FrozenFolder {
    fn offer(&mut self, source: ApplySource, sender: &ComponentSender<Self>) {
        if self.ready {
            let _ = sender.output(FrozenFolderOutput::Restore(source));
        } else {
            self.waiting = Some(source);
        }
    }
}

/// A component without widgets of its own: its dialogs are made for each
/// folder.
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
            ready: false,
            waiting: None,
        };
        ComponentParts { model, widgets: () }
    }

    fn update(&mut self, message: FrozenFolderInput, sender: ComponentSender<Self>, _root: &()) {
        match message {
            FrozenFolderInput::Choose => {
                let input = sender.input_sender().clone();
                choose(&self.parent, move |dir| {
                    input.emit(FrozenFolderInput::Open(ApplySource::Folder(dir)))
                });
            }
            FrozenFolderInput::Open(ApplySource::Folder(dir)) => {
                sender.spawn_oneshot_command(move || {
                    // Reads the disk: not on the main loop. The same test as
                    // the apply's own, so what is offered is what can run.
                    let is_flake = frost_core::freeze::apply::holds_flake(&dir);
                    (dir, is_flake)
                })
            }
            FrozenFolderInput::Open(source) => self.offer(source, &sender),
            FrozenFolderInput::Ready(ready) => {
                self.ready = ready;
                if let Some(source) = self.waiting.take() {
                    self.offer(source, &sender);
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
        if is_flake {
            self.offer(ApplySource::Folder(dir), &sender);
        } else {
            show_not_a_flake(&self.parent, &dir);
        }
    }
}
