//! The Freeze to Flake wizard: an `AdwDialog` holding an
//! `AdwNavigationView` of steps, each a component of its own file. It
//! gathers the choices and hands the window one
//! [`Operation::Freeze`], which runs on the operations worker like every
//! other change (the same engine `frost freeze` calls, so the same choices
//! write the same files); the window passes that operation's events back.
//!
//! - choices.rs: the checklist's rows, from the freeze plan;
//! - packages.rs: step 1, what to freeze, with Export (the one-click path)
//!   and Next;
//! - exporting.rs: step 5, progress and Cancel, or the failure;
//! - done.rs: step 6, the badges, Open Folder, Copy Restore Command.
//!
//! Steps 2–4 (versions, folder, preview) are not built yet: Next goes
//! straight to Export with the defaults.

mod choices;
mod done;
mod exporting;
mod packages;

use std::collections::BTreeSet;
use std::path::PathBuf;

use frost_core::freeze::engine::FreezeRequest;
use frost_core::freeze::git::git_available;
use frost_core::freeze::plan::FreezeOptions;
use frost_core::freeze::target::default_target;
use frost_core::i18n::gettext;
use frost_core::ops::{OpEvent, OpId, Operation};
use relm4::adw::prelude::*;
use relm4::prelude::*;

use crate::components::operations::dialogs::{failure_heading, failure_message};
use crate::profile_loader::LoadedProfile;
use done::{DoneInput, DoneOutput, DoneStep};
use exporting::{ExportInput, ExportOutput, ExportStep};
use packages::{PackagesInput, PackagesOutput, PackagesStep};

#[derive(Debug)]
pub struct FreezeWizard {
    /// The profile read, and its generation when the wizard opened.
    source: Option<(PathBuf, Option<u64>)>,
    /// Every freezable package, and those ticked.
    freezable: usize,
    chosen: BTreeSet<String>,
    /// The running export, to cancel.
    running: Option<OpId>,
    /// Where the last export went, for Open Folder.
    out: Option<PathBuf>,
    navigation: adw::NavigationView,
    packages: Controller<PackagesStep>,
    export: Controller<ExportStep>,
    done: Controller<DoneStep>,
}

#[derive(Debug)]
pub enum FreezeWizardInput {
    /// Opens the wizard over `parent` for the profile shown.
    Open {
        profile: Box<LoadedProfile>,
        parent: gtk::Widget,
    },
    Chosen(BTreeSet<String>),
    Export,
    /// The worker's events for the export.
    Event(OpId, Box<OpEvent>),
    /// The worker refused to start (Nix cannot run at all).
    Refused(String),
    Cancel,
    Back,
    OpenFolder,
    Copy(String),
    Close,
    /// The dialog went away (Escape, the close button): stop the export.
    Closed,
}

#[derive(Debug)]
pub enum FreezeWizardOutput {
    Submit(Operation),
    Cancel(OpId),
    Toast(String),
}

impl FreezeWizard {
    /// The operation that the current choices make: every default taken,
    /// as `frost freeze --git --verify` with the default folder does.
    fn operation(&self) -> Option<Operation> {
        let (profile, generation) = self.source.clone()?;
        let home = relm4::gtk::glib::home_dir();
        // All of them is what `frost freeze` does without `--only`.
        let only = if self.chosen.len() == self.freezable {
            Vec::new()
        } else {
            self.chosen.iter().cloned().collect()
        };
        let request = FreezeRequest {
            options: FreezeOptions {
                only,
                ..FreezeOptions::default()
            },
            out: default_target(&home),
            force: false,
            profile: None,
            generation: None,
            git: git_available(),
        };
        Some(Operation::Freeze {
            source: profile,
            generation,
            request: Box::new(request),
            verify: true,
        })
    }

    fn on_event(&mut self, id: OpId, event: OpEvent, sender: &ComponentSender<Self>) {
        match event {
            OpEvent::Queued { .. } => self.running = Some(id),
            OpEvent::Started { .. } => {}
            OpEvent::Update(update) => self
                .export
                .emit(ExportInput::Progress(Box::new(update.progress))),
            OpEvent::Finished(result) => {
                self.running = None;
                match result {
                    Ok(done) => {
                        if let Some(frozen) = done.frozen {
                            self.out = Some(frozen.report.out.clone());
                            self.done.emit(DoneInput::Show(frozen));
                            self.navigation.push_by_tag("done");
                        }
                    }
                    Err(failed) if failed.is_cancelled() => {
                        self.navigation.pop_to_tag("packages");
                        let _ = sender.output(FreezeWizardOutput::Toast(gettext(
                            "Export cancelled. No files were written, and the profile is as it was.",
                        )));
                    }
                    Err(failed) => {
                        let heading = self
                            .operation()
                            .map_or_else(String::new, |op| failure_heading(&op));
                        let mut text = failure_message(&failed);
                        if let Some(e) = &failed.explanation {
                            text.push_str("\n\n");
                            text.push_str(&e.text);
                        }
                        text.push_str("\n\n");
                        text.push_str(&gettext("Nothing was written, and the profile is as it was. Change the choices and export again."));
                        self.export.emit(ExportInput::Failed { heading, text });
                    }
                }
            }
        }
    }
}

#[relm4::component(pub)]
impl Component for FreezeWizard {
    type Init = ();
    type Input = FreezeWizardInput;
    type Output = FreezeWizardOutput;
    type CommandOutput = ();

    view! {
        adw::Dialog {
            set_title: &gettext("Freeze to Flake"),
            set_content_width: 640,
            set_content_height: 640,
            connect_closed => FreezeWizardInput::Closed,

            #[wrap(Some)]
            #[local_ref]
            set_child = navigation -> adw::NavigationView {},
        }
    }

    fn init(_: (), root: Self::Root, sender: ComponentSender<Self>) -> ComponentParts<Self> {
        let input = sender.input_sender();
        let packages = PackagesStep::builder()
            .launch(())
            .forward(input, |output| match output {
                PackagesOutput::Export | PackagesOutput::Next => FreezeWizardInput::Export,
                PackagesOutput::Chosen(names) => FreezeWizardInput::Chosen(names),
            });
        let export = ExportStep::builder()
            .launch(())
            .forward(input, |output| match output {
                ExportOutput::Cancel => FreezeWizardInput::Cancel,
                ExportOutput::Back => FreezeWizardInput::Back,
            });
        let done = DoneStep::builder()
            .launch(())
            .forward(input, |output| match output {
                DoneOutput::OpenFolder => FreezeWizardInput::OpenFolder,
                DoneOutput::Copy(text) => FreezeWizardInput::Copy(text),
                DoneOutput::Close => FreezeWizardInput::Close,
            });
        let model = FreezeWizard {
            source: None,
            freezable: 0,
            chosen: BTreeSet::new(),
            running: None,
            out: None,
            navigation: adw::NavigationView::new(),
            packages,
            export,
            done,
        };
        for page in [
            model.packages.widget(),
            model.export.widget(),
            model.done.widget(),
        ] {
            model.navigation.add(page);
        }
        let navigation = &model.navigation;
        let widgets = view_output!();
        ComponentParts { model, widgets }
    }

    fn update(&mut self, message: Self::Input, sender: ComponentSender<Self>, root: &Self::Root) {
        match message {
            FreezeWizardInput::Open { profile, parent } => {
                let rows = choices::choices(&profile);
                self.freezable = rows.iter().filter(|c| c.unfreezable.is_none()).count();
                self.source = Some((profile.path.clone(), profile.current_generation));
                self.packages.emit(PackagesInput::Show(rows));
                self.navigation.replace_with_tags(&["packages"]);
                root.present(Some(&parent));
            }
            FreezeWizardInput::Chosen(names) => self.chosen = names,
            FreezeWizardInput::Export => {
                if self.running.is_some() {
                    return;
                }
                if let Some(op) = self.operation() {
                    self.export.emit(ExportInput::Start);
                    self.navigation.push_by_tag("export");
                    let _ = sender.output(FreezeWizardOutput::Submit(op));
                }
            }
            FreezeWizardInput::Event(id, event) => self.on_event(id, *event, &sender),
            FreezeWizardInput::Refused(message) => {
                let heading = gettext("Could Not Freeze the Profile");
                self.export.emit(ExportInput::Failed {
                    heading,
                    text: message,
                });
            }
            FreezeWizardInput::Cancel | FreezeWizardInput::Closed => {
                if let Some(id) = self.running {
                    let _ = sender.output(FreezeWizardOutput::Cancel(id));
                }
            }
            FreezeWizardInput::Back => {
                self.navigation.pop_to_tag("packages");
            }
            FreezeWizardInput::OpenFolder => {
                if let Some(out) = &self.out {
                    let file = relm4::gtk::gio::File::for_path(out);
                    let launcher = gtk::FileLauncher::new(Some(&file));
                    let window = root.root().and_downcast::<gtk::Window>();
                    launcher.launch(
                        window.as_ref(),
                        None::<&relm4::gtk::gio::Cancellable>,
                        |_| {},
                    );
                }
            }
            FreezeWizardInput::Copy(text) => {
                root.clipboard().set_text(&text);
                let _ = sender.output(FreezeWizardOutput::Toast(gettext(
                    "Copied the restore command. Run it in the folder.",
                )));
            }
            FreezeWizardInput::Close => {
                root.close();
            }
        }
    }
}
