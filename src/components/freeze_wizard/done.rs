//! Step 6, Done: where the folder is, each package with what the check
//! found (identical, updated, not on this branch, could not check), Open
//! Folder, Copy Restore Command (the README's own `nix` command) and a few
//! sentences on what to do with the folder now. After a move to another
//! branch, Apply to This Profile: asked first, naming the packages the
//! profile would lose, since the folder's packages take the profile's
//! place.

use std::collections::HashMap;

use frost_core::freeze::engine::Moved;
use frost_core::freeze::managed::home_shortened;
use frost_core::freeze::plan::Unfrozen;
use frost_core::freeze::readme::restore_command_of;
use frost_core::freeze::summary::summarize;
use frost_core::freeze::verify::Verdict;
use frost_core::i18n::{gettext, gettext_f, ngettext_f};
use frost_core::ops::Frozen;
use relm4::adw::prelude::*;
use relm4::prelude::*;

#[derive(Debug)]
pub struct DoneStep {
    /// The folder, with the home folder written `~`, and in full.
    folder: String,
    folder_tooltip: String,
    summary: String,
    /// The README's restore command; `None` when nothing was frozen.
    command: Option<String>,
    badges: gtk::ListBox,
    /// Apply is offered: the profile's packages the folder lacks.
    apply: Option<Vec<String>>,
    /// Manage My Profile With This Flake is offered.
    manage: bool,
}

#[derive(Debug)]
pub enum DoneInput {
    /// The export, whether Apply is offered and whether Manage is (see
    /// [`DoneStep`]).
    Show(Box<Frozen>, Option<Vec<String>>, bool),
    CopyPressed,
    ApplyPressed,
}

#[derive(Debug)]
pub enum DoneOutput {
    OpenFolder,
    /// Copy this command.
    Copy(String),
    Close,
    /// Apply, agreed to.
    Apply,
    /// Let the folder manage the profile (`frost adopt`).
    Manage,
}

/// What the export found for each package, looked up by name: the
/// moves, the packages left out and the check's verdicts, read once.
struct Findings<'a> {
    moved: HashMap<&'a str, &'a Moved>,
    unfrozen: HashMap<&'a str, &'a Unfrozen>,
    verdicts: HashMap<&'a str, &'a Verdict>,
}

/// What became of one package. A move or a package left out is said
/// before the check's verdict: a moved package's new version is not what
/// the profile has, whatever the check said.
enum Finding<'a> {
    Moved(&'a Moved),
    Unfrozen(&'a Unfrozen),
    Checked(Option<&'a Verdict>),
}

impl<'a> Findings<'a> {
    fn of(frozen: &'a Frozen) -> Findings<'a> {
        Findings {
            moved: frozen
                .report
                .moved
                .iter()
                .map(|m| (m.name.as_str(), m))
                .collect(),
            unfrozen: frozen
                .report
                .plan
                .unfrozen
                .iter()
                .map(|u| (u.name.as_str(), u))
                .collect(),
            verdicts: frozen
                .verify
                .iter()
                .flat_map(|v| &v.elements)
                .map(|e| (e.name.as_str(), &e.verdict))
                .collect(),
        }
    }

    fn get(&self, name: &str) -> Finding<'a> {
        if let Some(m) = self.moved.get(name) {
            return Finding::Moved(m);
        }
        if let Some(u) = self.unfrozen.get(name) {
            return Finding::Unfrozen(u);
        }
        Finding::Checked(self.verdicts.get(name).copied())
    }
}

impl Finding<'_> {
    /// The package builds exactly what the profile has.
    fn identical(&self) -> bool {
        matches!(self, Finding::Checked(Some(Verdict::Identical)))
    }

    /// In words, for the package's row.
    fn badge(&self) -> String {
        match self {
            Finding::Moved(m) => match (&m.new_version, m.missing) {
                (_, true) => gettext("not available on this branch"),
                (Some(v), false) => gettext_f("updated to {version}", &[("version", v)]),
                (None, false) => gettext("updated"),
            },
            Finding::Unfrozen(u) => {
                gettext_f("not frozen: {reason}", &[("reason", &u.reason.describe())])
            }
            Finding::Checked(Some(Verdict::Identical)) => gettext("identical"),
            Finding::Checked(Some(Verdict::Different { .. })) => {
                gettext("builds differently from the profile")
            }
            Finding::Checked(Some(Verdict::CouldNotCheck { message })) => {
                gettext_f("could not check: {message}", &[("message", message)])
            }
            Finding::Checked(Some(Verdict::NotFrozen)) => gettext("not frozen"),
            Finding::Checked(None) => gettext("not checked"),
        }
    }
}

/// The summary is a list, not a sentence: end it like one.
pub fn sentence(mut text: String) -> String {
    if !text.ends_with(['.', '!', '?']) {
        text.push('.');
    }
    text
}

/// What was frozen, in words. The folder is not in it: it has a line of
/// its own, ellipsized, so that a long path cannot make this text wrap
/// within words, which costs the page's first frame several milliseconds
/// of text layout.
fn summary(frozen: &Frozen) -> String {
    let n = frozen.report.plan.packages.len();
    let mut text = ngettext_f(
        "Froze {n} package into this folder.",
        "Froze {n} packages into this folder.",
        n as u64,
        &[("n", &n.to_string())],
    );
    let s = summarize(&frozen.report.plan);
    text.push(' ');
    text.push_str(&sentence(s.text));
    if frozen
        .report
        .git
        .as_ref()
        .is_some_and(|g| g.commit.is_some())
    {
        text.push(' ');
        text.push_str(&gettext("Its history is kept with Git."));
    }
    text
}

#[relm4::component(pub)]
impl Component for DoneStep {
    type Init = ();
    type Input = DoneInput;
    type Output = DoneOutput;
    type CommandOutput = ();

    view! {
        adw::NavigationPage {
            set_title: &gettext("Done"),
            set_can_pop: false,

            #[wrap(Some)]
            set_child = &adw::ToolbarView {
                add_top_bar = &adw::HeaderBar {
                    set_show_back_button: false,
                },

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

                            gtk::Label {
                                set_label: &gettext("Your Profile Is Frozen"),
                                set_wrap: true,
                                add_css_class: "title-2",
                            },
                            gtk::Label {
                                #[watch]
                                set_label: &model.folder,
                                #[watch]
                                set_tooltip_text: Some(&model.folder_tooltip),
                                set_ellipsize: gtk::pango::EllipsizeMode::Middle,
                                add_css_class: "heading",
                            },
                            gtk::Label {
                                #[watch]
                                set_label: &model.summary,
                                set_wrap: true,
                                set_xalign: 0.0,
                            },
                            gtk::Label {
                                set_label: &gettext("Copy the folder to another machine, commit it to a Git repository or send it to a friend. There, open a terminal in the folder and run the restore command: it installs these very versions. README.md in the folder says the same."),
                                set_wrap: true,
                                set_xalign: 0.0,
                            },
                            // The next step a person may take, in the
                            // page rather than the button bar: its label is
                            // too long to share a line there at 360 px.
                            gtk::Button {
                                set_label: &gettext("_Manage My Profile With This Flake"),
                                set_use_underline: true,
                                set_halign: gtk::Align::Center,
                                add_css_class: "pill",
                                set_tooltip_text: Some(&gettext("Install each package from this folder instead, with the same store paths, so that the folder describes the profile")),
                                #[watch]
                                set_visible: model.manage,
                                connect_clicked[sender] => move |_| {
                                    let _ = sender.output(DoneOutput::Manage);
                                },
                            },
                            #[local_ref]
                            badges -> gtk::ListBox {
                                add_css_class: "boxed-list",
                                set_selection_mode: gtk::SelectionMode::None,
                            },
                        },
                    },
                },

                add_bottom_bar = &gtk::FlowBox {
                    set_selection_mode: gtk::SelectionMode::None,
                    set_homogeneous: false,
                    set_halign: gtk::Align::End,
                    set_max_children_per_line: 4,
                    set_column_spacing: 12,
                    set_row_spacing: 6,
                    set_margin_all: 12,

                    gtk::Button {
                        set_label: &gettext("_Open Folder"),
                        set_use_underline: true,
                        connect_clicked[sender] => move |_| {
                            let _ = sender.output(DoneOutput::OpenFolder);
                        },
                    },
                    gtk::Button {
                        set_label: &gettext("_Copy Restore Command"),
                        set_use_underline: true,
                        #[watch]
                        set_sensitive: model.command.is_some(),
                        connect_clicked => DoneInput::CopyPressed,
                    },
                    gtk::Button {
                        set_label: &gettext("_Apply to This Profile"),
                        set_use_underline: true,
                        #[watch]
                        set_visible: model.apply.is_some(),
                        connect_clicked => DoneInput::ApplyPressed,
                    },
                    gtk::Button {
                        set_label: &gettext("_Close"),
                        set_use_underline: true,
                        add_css_class: "suggested-action",
                        connect_clicked[sender] => move |_| {
                            let _ = sender.output(DoneOutput::Close);
                        },
                    },
                },
            },
        }
    }

    fn init(_: (), root: Self::Root, sender: ComponentSender<Self>) -> ComponentParts<Self> {
        let model = DoneStep {
            folder: String::new(),
            folder_tooltip: String::new(),
            summary: String::new(),
            command: None,
            badges: gtk::ListBox::new(),
            apply: None,
            manage: false,
        };
        let badges = &model.badges;
        let widgets = view_output!();
        ComponentParts { model, widgets }
    }

    fn update(&mut self, message: DoneInput, sender: ComponentSender<Self>, root: &Self::Root) {
        let (frozen, apply, manage) = match message {
            DoneInput::Show(frozen, apply, manage) => (frozen, apply, manage),
            DoneInput::CopyPressed => {
                if let Some(command) = &self.command {
                    let _ = sender.output(DoneOutput::Copy(command.clone()));
                }
                return;
            }
            DoneInput::ApplyPressed => {
                if let Some(lost) = &self.apply {
                    confirm_apply(root, lost, sender.output_sender().clone());
                }
                return;
            }
        };
        self.apply = apply;
        self.manage = manage;
        self.summary = summary(&frozen);
        self.folder = home_shortened(&frozen.report.out);
        self.folder_tooltip = frozen.report.out.display().to_string();
        self.command = restore_command_of(&frozen.report.plan);
        let mut names: Vec<&str> = frozen
            .report
            .plan
            .packages
            .iter()
            .map(|p| p.name.as_str())
            .chain(frozen.report.plan.unfrozen.iter().map(|u| u.name.as_str()))
            .collect();
        names.sort_unstable();
        self.badges.remove_all();
        // What needs a word gets a row of its own; the packages that build
        // exactly what the profile has share one, opened on demand. That
        // is also less to draw on the frame that ends the export.
        let findings = Findings::of(&frozen);
        let mut same = Vec::new();
        for name in names {
            let finding = findings.get(name);
            if finding.identical() {
                same.push(name);
            } else {
                self.badges.append(&badge_row(name, &finding.badge()));
            }
        }
        match same[..] {
            [] => {}
            [name] => self.badges.append(&badge_row(name, &gettext("identical"))),
            _ => self.badges.append(&identical_group(&same)),
        }
    }
}

/// The package's row: its name and what the check found.
fn badge_row(name: &str, badge: &str) -> adw::ActionRow {
    let row = adw::ActionRow::new();
    row.set_title(&relm4::gtk::glib::markup_escape_text(name));
    row.set_subtitle(&relm4::gtk::glib::markup_escape_text(badge));
    row
}

/// One row for the packages that build exactly what the profile has,
/// naming them; opened, a row for each with its badge, made only then.
fn identical_group(names: &[&str]) -> adw::ExpanderRow {
    let n = names.len();
    let group = adw::ExpanderRow::new();
    group.set_title(&ngettext_f(
        "{n} package builds exactly what your profile has",
        "{n} packages build exactly what your profile has",
        n as u64,
        &[("n", &n.to_string())],
    ));
    // The first names only: the subtitle shows two lines, and Pango would
    // lay out all of a large profile's names to cut them there.
    const SHOWN: usize = 24;
    let mut shown = names[..n.min(SHOWN)].join(", ");
    if n > SHOWN {
        shown.push_str(", …");
    }
    group.set_subtitle(&relm4::gtk::glib::markup_escape_text(&shown));
    group.set_subtitle_lines(2);
    let pending = std::cell::RefCell::new(Some(
        names.iter().map(|n| (*n).to_owned()).collect::<Vec<_>>(),
    ));
    group.connect_expanded_notify(move |group| {
        if !group.is_expanded() {
            return;
        }
        for name in pending.take().unwrap_or_default() {
            group.add_row(&badge_row(&name, &gettext("identical")));
        }
    });
    group
}

/// What applying does, in words: the profile gets a new generation with
/// the folder's packages, and which of its own it loses.
pub fn apply_text(lost: &[String]) -> String {
    let mut text = gettext(
        "The profile gets a new generation holding the folder’s packages at the versions it froze.",
    );
    if !lost.is_empty() {
        text.push(' ');
        text.push_str(&ngettext_f(
            "{names} is not in the folder and will no longer be in the profile.",
            "{names} are not in the folder and will no longer be in the profile.",
            lost.len() as u64,
            &[("names", &lost.join(", "))],
        ));
    }
    text.push(' ');
    text.push_str(&gettext(
        "Undo goes back to the generation before, and so does History later.",
    ));
    text
}

/// Asks before applying; `output` gets [`DoneOutput::Apply`] on yes.
fn confirm_apply(parent: &adw::NavigationPage, lost: &[String], output: relm4::Sender<DoneOutput>) {
    let dialog = adw::AlertDialog::new(
        Some(&gettext("Apply to This Profile?")),
        Some(&apply_text(lost)),
    );
    dialog.add_responses(&[
        ("cancel", &gettext("_Cancel")),
        ("apply", &gettext("_Apply")),
    ]);
    dialog.set_response_appearance("apply", adw::ResponseAppearance::Suggested);
    dialog.set_default_response(Some("cancel"));
    dialog.set_close_response("cancel");
    dialog.choose(
        Some(parent),
        relm4::gtk::gio::Cancellable::NONE,
        move |response| {
            if response == "apply" {
                let _ = output.send(DoneOutput::Apply);
            }
        },
    );
}
