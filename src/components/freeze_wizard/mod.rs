//! The Freeze to Flake wizard: an `AdwDialog` holding an
//! `AdwNavigationView` of steps, each a component of its own file. It
//! gathers the choices and hands the window one
//! [`Operation::Freeze`], which runs on the operations worker like every
//! other change (the same engine `frost freeze` calls, so the same choices
//! write the same files); the window passes that operation's events back.
//!
//! - request.rs: every choice, at its default until changed, and the
//!   operation and preview they make;
//! - choices.rs: the checklist's rows, from the freeze plan;
//! - packages.rs: step 1, what to freeze (Export there is the one-click
//!   path);
//! - versions.rs: step 2, exact versions or a newer nixpkgs;
//! - place.rs: step 3, the folder and Git;
//! - preview.rs: step 4, the summary and flake.nix, and for a move to
//!   another branch each package's new version (the same freeze, run into
//!   a scratch folder first);
//! - exporting.rs: step 5, progress and Cancel, or the failure;
//! - done.rs: step 6, the badges, Open Folder, Copy Restore Command, and
//!   Apply to This Profile after a move (a change of the window's, with
//!   its Undo).

mod choices;
mod done;
mod exporting;
mod packages;
mod place;
mod preview;
mod request;
mod step_bar;
mod versions;

use std::collections::BTreeSet;
use std::path::PathBuf;

use frost_core::freeze::engine::{ask_ahead, KnownInputs};
use frost_core::freeze::git::git_available;
use frost_core::freeze::plan::{Follow, FreezeOptions};
use frost_core::freeze::source::ApplySource;
use frost_core::freeze::target::default_target;
use frost_core::i18n::gettext;
use frost_core::nix::NixSetup;
use frost_core::ops::{Frozen, OpEvent, OpId, Operation};
use relm4::adw::prelude::*;
use relm4::prelude::*;

use crate::components::operations::dialogs::{failure_heading, failure_message};
use crate::profile_loader::LoadedProfile;
use done::{DoneInput, DoneOutput, DoneStep};
use exporting::{ExportInput, ExportOutput, ExportStep};
use packages::{PackagesInput, PackagesOutput, PackagesStep};
use place::{PlaceInput, PlaceOutput, PlaceStep};
use preview::{PreviewInput, PreviewOutput, PreviewStep};
use request::Choices;
use versions::{VersionsInput, VersionsOutput, VersionsStep};

/// The GSettings key that remembers the branch to move to.
const TARGET_BRANCH: &str = "freeze-target-branch";
/// How long an export runs before its progress page slides in. Most
/// exports of a profile whose sources Nix has seen take a fraction of a
/// second: a page that slides in only to slide away again reads as a
/// flicker (GNOME's guidelines keep progress for work that takes longer),
/// and its animation competes with Nix for the processor. Until then the
/// pointer says the wizard is busy.
const EXPORT_PAGE_DELAY: std::time::Duration = std::time::Duration::from_millis(600);
/// Without an installed schema (running from the build folder).
const DEFAULT_BRANCH: &str = "nixos-unstable";

#[derive(Debug)]
pub struct FreezeWizard {
    choices: Choices,
    /// The running export, to cancel.
    running: Option<OpId>,
    /// An export was asked for and has not finished: its page is shown only
    /// once it has run for [`EXPORT_PAGE_DELAY`] (or has failed).
    exporting: bool,
    /// Counts exports, so a late timer of an earlier one shows nothing.
    export_count: u64,
    /// Where the last export went, for Open Folder.
    out: Option<PathBuf>,
    /// The running preview, to cancel, and its scratch folder, removed
    /// when it is dropped.
    previewing: Option<OpId>,
    scratch: Option<tempfile::TempDir>,
    /// Whether Git can be started, learnt once off the main loop when the
    /// window starts (starting `git` could stall it).
    git_installed: bool,
    /// The profile Apply to This Profile changes; `None` when Frost may
    /// not change it (nix-env's).
    apply_to: Option<PathBuf>,
    /// The profile's current generation: Manage is offered only for a
    /// freeze of it.
    profile_generation: Option<u64>,
    navigation: adw::NavigationView,
    packages: Controller<PackagesStep>,
    versions: Controller<VersionsStep>,
    place: Controller<PlaceStep>,
    preview: Controller<PreviewStep>,
    export: Controller<ExportStep>,
    done: Controller<DoneStep>,
}

/// What the wizard learns off the main loop.
#[derive(Debug)]
pub enum Learnt {
    /// Whether Git can be started.
    Git(bool),
    /// What Nix said about the profile's inputs, and how long asking took.
    Known(Box<KnownInputs>, std::time::Duration),
}

/// The wizard's steps, named by a type rather than by tag strings, as the
/// window's pages are (window/page.rs).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Step {
    Packages,
    Versions,
    Place,
    Preview,
    Export,
    Done,
}

impl Step {
    /// The tag AdwNavigationView knows the step's page by.
    const fn tag(self) -> &'static str {
        match self {
            Step::Packages => "packages",
            Step::Versions => "versions",
            Step::Place => "place",
            Step::Preview => "preview",
            Step::Export => "export",
            Step::Done => "done",
        }
    }
}

#[derive(Debug)]
pub enum FreezeWizardInput {
    /// Opens the wizard over `parent` for the profile shown.
    /// Opens the wizard over `parent` for `profile`: the profile shown,
    /// or generation `picked` of it (from History).
    Open {
        profile: Box<LoadedProfile>,
        apply_to: Option<PathBuf>,
        picked: Option<u64>,
        parent: gtk::Widget,
    },
    Chosen(BTreeSet<String>),
    /// Freeze generation `n` instead: the window reads it and opens the
    /// wizard on it again.
    Generation(u64),
    /// `None` keeps the versions; `Some(Err)` is a reference not usable yet.
    Versions(Option<Result<(Follow, String), String>>),
    Place {
        out: PathBuf,
        force: bool,
        git: bool,
    },
    /// Next on a step: the step to show.
    Go(Step),
    Export,
    /// Export number `n` has run for [`EXPORT_PAGE_DELAY`]: show its page.
    ShowExport(u64),
    /// The worker's events for the export.
    Event(OpId, Box<OpEvent>),
    /// The worker refused to start (Nix cannot run at all).
    Refused(String),
    /// The worker's events for the preview of a move.
    PreviewEvent(OpId, Box<OpEvent>),
    PreviewRefused(String),
    /// Apply to This Profile, agreed to on the Done page.
    Apply,
    /// Manage My Profile With This Flake, on the Done page.
    Manage,
    Cancel,
    Back,
    OpenFolder,
    Copy(String),
    Toast(String),
    Close,
    /// The dialog went away (Escape, the close button): stop the export.
    Closed,
}

#[derive(Debug)]
pub enum FreezeWizardOutput {
    Submit(Operation),
    /// Run the preview of a move.
    Preview(Operation),
    /// Apply the folder to the profile: a change of the window's.
    Apply(Operation),
    /// Read generation `n` and open the wizard on it.
    Generation(u64),
    Cancel(OpId),
    Toast(String),
}

impl FreezeWizard {
    /// The branch to offer for moving: the one chosen last time.
    fn remembered_branch() -> String {
        crate::window_state::settings()
            .map(|s| s.string(TARGET_BRANCH).to_string())
            .filter(|b| !b.trim().is_empty())
            .unwrap_or_else(|| DEFAULT_BRANCH.to_owned())
    }

    fn remember_branch(&self) {
        if let (Some((_, name)), Some(settings)) =
            (&self.choices.follow, crate::window_state::settings())
        {
            let _ = settings.set_string(TARGET_BRANCH, name);
        }
    }

    fn operation(&self) -> Option<Operation> {
        self.choices.operation()
    }

    /// Stops the preview, if one runs; its scratch folder goes.
    fn stop_preview(&mut self, sender: &ComponentSender<Self>) {
        if let Some(id) = self.previewing.take() {
            let _ = sender.output(FreezeWizardOutput::Cancel(id));
        }
        self.scratch = None;
    }

    /// For a move to another branch, freezes into a scratch folder to learn
    /// where each package's version goes; the preview says so meanwhile.
    fn start_preview(&mut self, sender: &ComponentSender<Self>) {
        self.stop_preview(sender);
        let Some((_, branch)) = &self.choices.follow else {
            self.preview.emit(PreviewInput::Checking(None));
            return;
        };
        let scratch = tempfile::Builder::new().prefix("frost-preview-").tempdir();
        let op = match scratch {
            Ok(dir) => {
                let op = self.choices.preview_operation(dir.path().to_path_buf());
                self.scratch = Some(dir);
                op
            }
            Err(e) => {
                self.preview
                    .emit(PreviewInput::Versions(Err(e.to_string())));
                return;
            }
        };
        if let Some(op) = op {
            self.preview
                .emit(PreviewInput::Checking(Some(branch.clone())));
            let _ = sender.output(FreezeWizardOutput::Preview(op));
        }
    }

    fn on_preview_event(&mut self, id: OpId, event: OpEvent) {
        match event {
            OpEvent::Queued { .. } => self.previewing = Some(id),
            OpEvent::Started { .. } | OpEvent::Update(_) => {}
            OpEvent::Finished(result) => {
                // A preview replaced or stopped since: nothing to show.
                if self.previewing != Some(id) {
                    return;
                }
                self.previewing = None;
                self.scratch = None;
                match result {
                    Ok(done) => {
                        let moved = done.frozen.map(|f| f.report.moved).unwrap_or_default();
                        self.preview.emit(PreviewInput::Versions(Ok(moved)));
                    }
                    Err(failed) if failed.is_cancelled() => {}
                    Err(failed) => {
                        let mut text = failure_message(&failed);
                        if let Some(e) = &failed.explanation {
                            text.push_str("\n\n");
                            text.push_str(&e.text);
                        }
                        self.preview.emit(PreviewInput::Versions(Err(text)));
                    }
                }
            }
        }
    }

    /// Apply to This Profile: offered after a move, into a profile Frost
    /// may change. Applying puts the folder's packages in place of the
    /// profile's, so the page names the ones that would go.
    fn apply_offer(&self, frozen: &Frozen) -> Option<Vec<String>> {
        if self.choices.follow.is_none() || self.apply_to.is_none() {
            return None;
        }
        let names: Vec<String> = frozen
            .report
            .plan
            .packages
            .iter()
            .map(|p| p.name.clone())
            .collect();
        Some(
            self.choices
                .left_out(&names)
                .into_iter()
                .map(str::to_owned)
                .collect(),
        )
    }

    /// Manage My Profile With This Flake: offered for a freeze of the
    /// profile's current generation as it is (no move to another branch),
    /// into a profile Frost may change; the adopt itself checks the store
    /// paths and refuses, saying which, when they differ.
    fn manage_offer(&self) -> bool {
        self.apply_to.is_some()
            && self.choices.follow.is_none()
            && self
                .choices
                .source
                .as_ref()
                .is_some_and(|(_, g)| g.is_some() && *g == self.profile_generation)
    }

    fn on_event(&mut self, id: OpId, event: OpEvent, sender: &ComponentSender<Self>) {
        match event {
            OpEvent::Queued { .. } => self.running = Some(id),
            OpEvent::Started { .. } => {}
            OpEvent::Update(update) => {
                self.export
                    .emit(ExportInput::Progress(Box::new(update.progress)));
                self.export.emit(ExportInput::Log(update.log));
            }
            OpEvent::Finished(result) => {
                self.running = None;
                self.exporting = false;
                self.navigation.set_cursor(None);
                match result {
                    Ok(done) => {
                        if let Some(frozen) = done.frozen {
                            self.out = Some(frozen.report.out.clone());
                            let apply = self.apply_offer(&frozen);
                            let manage = self.manage_offer();
                            #[cfg(feature = "test-hooks")]
                            let identical =
                                frozen.verify.as_ref().is_some_and(|v| v.all_identical());
                            self.done.emit(DoneInput::Show(frozen, apply, manage));
                            self.navigation.push_by_tag(Step::Done.tag());
                            #[cfg(feature = "test-hooks")]
                            crate::bench_export::done_pushed(
                                &self.navigation,
                                self.done.widget(),
                                identical,
                            );
                        }
                    }
                    Err(failed) if failed.is_cancelled() => {
                        #[cfg(feature = "test-hooks")]
                        crate::bench_export::failed("cancelled");
                        self.navigation.pop_to_tag(Step::Packages.tag());
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
                        #[cfg(feature = "test-hooks")]
                        crate::bench_export::failed(&text);
                        text.push_str(&gettext("Nothing was written, and the profile is as it was. Change the choices and export again."));
                        self.show_export_page();
                        self.export.emit(ExportInput::Failed { heading, text });
                    }
                }
            }
        }
    }

    /// Asks Nix what the export will ask about the profile's inputs (`nix
    /// flake metadata` of each of the person's own flakes) while the first
    /// page shows, off the main loop, so that Export does not wait for it.
    /// Only inputs at a fixed revision or hash, whose answer cannot change;
    /// Nix may fetch a source it does not have, as the export would.
    /// Dropped with the wizard; a question that fails is asked again by
    /// the export, which reports it.
    fn ask_ahead(&self, sender: &ComponentSender<Self>) {
        let (elements, known) = (self.choices.elements.clone(), self.choices.known.clone());
        sender.oneshot_command(async move {
            let started = std::time::Instant::now();
            let options = FreezeOptions::default();
            let known = ask_ahead(&NixSetup::default(), &elements, &options, known).await;
            Learnt::Known(Box::new(known), started.elapsed())
        });
    }

    /// Slides the export's page in, unless it is on the stack already.
    fn show_export_page(&self) {
        if !in_stack(&self.navigation, Step::Export.tag()) {
            self.navigation.push_by_tag(Step::Export.tag());
        }
    }
}

#[relm4::component(pub)]
impl Component for FreezeWizard {
    type Init = ();
    type Input = FreezeWizardInput;
    type Output = FreezeWizardOutput;
    type CommandOutput = Learnt;

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
                PackagesOutput::Export => FreezeWizardInput::Export,
                PackagesOutput::Next => FreezeWizardInput::Go(Step::Versions),
                PackagesOutput::Chosen(names) => FreezeWizardInput::Chosen(names),
                PackagesOutput::Generation(n) => FreezeWizardInput::Generation(n),
            });
        let versions = VersionsStep::builder()
            .launch(())
            .forward(input, |output| match output {
                VersionsOutput::Chosen(choice) => FreezeWizardInput::Versions(choice),
                VersionsOutput::Next => FreezeWizardInput::Go(Step::Place),
                VersionsOutput::Export => FreezeWizardInput::Export,
            });
        let place = PlaceStep::builder()
            .launch(())
            .forward(input, |output| match output {
                PlaceOutput::Changed { out, force, git } => {
                    FreezeWizardInput::Place { out, force, git }
                }
                PlaceOutput::Next => FreezeWizardInput::Go(Step::Preview),
                PlaceOutput::Export => FreezeWizardInput::Export,
            });
        let preview = PreviewStep::builder()
            .launch(())
            .forward(input, |PreviewOutput::Export| FreezeWizardInput::Export);
        let export = ExportStep::builder()
            .launch(())
            .forward(input, |output| match output {
                ExportOutput::Cancel => FreezeWizardInput::Cancel,
                ExportOutput::Back => FreezeWizardInput::Back,
                ExportOutput::Toast(text) => FreezeWizardInput::Toast(text),
            });
        let done = DoneStep::builder()
            .launch(())
            .forward(input, |output| match output {
                DoneOutput::OpenFolder => FreezeWizardInput::OpenFolder,
                DoneOutput::Copy(text) => FreezeWizardInput::Copy(text),
                DoneOutput::Close => FreezeWizardInput::Close,
                DoneOutput::Apply => FreezeWizardInput::Apply,
                DoneOutput::Manage => FreezeWizardInput::Manage,
            });
        let model = FreezeWizard {
            choices: Choices::default(),
            running: None,
            exporting: false,
            export_count: 0,
            out: None,
            previewing: None,
            scratch: None,
            apply_to: None,
            profile_generation: None,
            git_installed: false,
            navigation: adw::NavigationView::new(),
            packages,
            versions,
            place,
            preview,
            export,
            done,
        };
        // The steps do not know their names: each gets its tag here.
        for (step, page) in [
            (Step::Packages, model.packages.widget()),
            (Step::Versions, model.versions.widget()),
            (Step::Place, model.place.widget()),
            (Step::Preview, model.preview.widget()),
            (Step::Export, model.export.widget()),
            (Step::Done, model.done.widget()),
        ] {
            page.set_tag(Some(step.tag()));
            model.navigation.add(page);
        }
        sender.spawn_oneshot_command(|| Learnt::Git(git_available()));
        let navigation = &model.navigation;
        let widgets = view_output!();
        ComponentParts { model, widgets }
    }

    fn update(&mut self, message: Self::Input, sender: ComponentSender<Self>, root: &Self::Root) {
        match message {
            FreezeWizardInput::Open {
                profile,
                apply_to,
                picked,
                parent,
            } => {
                let rows = choices::choices(&profile);
                let git = self.git_installed;
                self.choices = Choices {
                    source: Some((profile.path.clone(), profile.current_generation)),
                    elements: profile.packages.iter().map(|p| p.element.clone()).collect(),
                    freezable: rows.iter().filter(|c| c.unfreezable.is_none()).count(),
                    out: default_target(&relm4::gtk::glib::home_dir()),
                    git,
                    known: std::mem::take(&mut self.choices.known),
                    ..Choices::default()
                };
                self.ask_ahead(&sender);
                self.apply_to = apply_to;
                self.profile_generation = profile.profile_generation;
                self.packages.emit(PackagesInput::Show {
                    choices: rows,
                    generations: profile.generations.clone(),
                    current: profile.profile_generation,
                    shown: picked.or(profile.current_generation),
                    picked,
                });
                self.versions.emit(VersionsInput::Show {
                    mixed: self.choices.mixed(),
                    remembered: Self::remembered_branch(),
                });
                self.place.emit(PlaceInput::Show {
                    out: self.choices.out.clone(),
                    git_installed: git,
                });
                self.navigation.replace_with_tags(&[Step::Packages.tag()]);
                // Open again on another generation: already showing.
                if !root.is_mapped() {
                    root.present(Some(&parent));
                }
            }
            FreezeWizardInput::Chosen(names) => self.choices.chosen = names,
            FreezeWizardInput::Generation(n) => {
                let _ = sender.output(FreezeWizardOutput::Generation(n));
            }
            FreezeWizardInput::Versions(choice) => {
                // A reference still being typed keeps the exact versions
                // until it can be used; its step disables Export meanwhile.
                self.choices.follow = choice.and_then(Result::ok);
            }
            FreezeWizardInput::Place { out, force, git } => {
                self.choices.out = out;
                self.choices.force = force;
                self.choices.git = git;
            }
            FreezeWizardInput::Go(step) => {
                // A second press of Next on a page already sliding away
                // (a double click) would push the step twice; and while an
                // export runs, its own pages follow.
                if self.exporting || in_stack(&self.navigation, step.tag()) {
                    return;
                }
                if step == Step::Preview {
                    let (summary, flake) = self.choices.preview();
                    self.preview.emit(PreviewInput::Show(summary, flake));
                    self.start_preview(&sender);
                }
                self.navigation.push_by_tag(step.tag());
            }
            FreezeWizardInput::Export => {
                if self.exporting || self.running.is_some() {
                    return;
                }
                self.remember_branch();
                self.stop_preview(&sender);
                if let Some(op) = self.operation() {
                    self.export.emit(ExportInput::Start);
                    self.exporting = true;
                    self.export_count += 1;
                    self.navigation.set_cursor_from_name(Some("progress"));
                    let (input, n) = (sender.input_sender().clone(), self.export_count);
                    relm4::gtk::glib::timeout_add_local_once(EXPORT_PAGE_DELAY, move || {
                        input.emit(FreezeWizardInput::ShowExport(n));
                    });
                    let _ = sender.output(FreezeWizardOutput::Submit(op));
                }
            }
            FreezeWizardInput::ShowExport(n) => {
                if self.exporting && n == self.export_count {
                    self.show_export_page();
                }
            }
            FreezeWizardInput::Event(id, event) => self.on_event(id, *event, &sender),
            FreezeWizardInput::Refused(message) => {
                #[cfg(feature = "test-hooks")]
                crate::bench_export::failed(&message);
                let heading = gettext("Could Not Freeze the Profile");
                self.exporting = false;
                self.navigation.set_cursor(None);
                self.show_export_page();
                self.export.emit(ExportInput::Failed {
                    heading,
                    text: message,
                });
            }
            FreezeWizardInput::PreviewEvent(id, event) => self.on_preview_event(id, *event),
            FreezeWizardInput::PreviewRefused(message) => {
                self.scratch = None;
                self.preview.emit(PreviewInput::Versions(Err(message)));
            }
            FreezeWizardInput::Cancel | FreezeWizardInput::Closed => {
                if let Some(id) = self.running {
                    let _ = sender.output(FreezeWizardOutput::Cancel(id));
                }
                self.stop_preview(&sender);
            }
            FreezeWizardInput::Apply | FreezeWizardInput::Manage => {
                let (Some(dir), Some(profile)) = (&self.out, &self.apply_to) else {
                    return;
                };
                let (source, profile) = (ApplySource::Folder(dir.clone()), profile.clone());
                let op = if matches!(message, FreezeWizardInput::Manage) {
                    Operation::Adopt {
                        source,
                        into: None,
                        profile,
                    }
                } else {
                    Operation::Apply {
                        source,
                        profile,
                        replace: true,
                        only: Vec::new(),
                    }
                };
                root.close();
                let _ = sender.output(FreezeWizardOutput::Apply(op));
            }
            FreezeWizardInput::Back => {
                self.navigation.pop_to_tag(Step::Packages.tag());
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
            FreezeWizardInput::Toast(text) => {
                let _ = sender.output(FreezeWizardOutput::Toast(text));
            }
            FreezeWizardInput::Close => {
                root.close();
            }
        }
    }

    fn update_cmd(&mut self, learnt: Learnt, _sender: ComponentSender<Self>, _root: &Self::Root) {
        match learnt {
            Learnt::Git(installed) => self.git_installed = installed,
            Learnt::Known(known, took) => {
                #[cfg(feature = "test-hooks")]
                crate::bench_export::asked_ahead(known.len(), took);
                #[cfg(not(feature = "test-hooks"))]
                let _ = took;
                self.choices.known.extend(*known);
            }
        }
    }
}

/// Whether the page tagged `tag` is on `navigation`'s stack (showing, or
/// under the one showing).
fn in_stack(navigation: &adw::NavigationView, tag: &str) -> bool {
    let stack = navigation.navigation_stack();
    (0..stack.n_items())
        .filter_map(|i| stack.item(i).and_downcast::<adw::NavigationPage>())
        .any(|page| page.tag().as_deref() == Some(tag))
}
