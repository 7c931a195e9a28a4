//! Step 6, Done: where the folder is, each package with what the check
//! found (identical, updated, not on this branch, could not check), Open
//! Folder, Copy Restore Command (the README's own `nix` command) and a few
//! sentences on what to do with the folder now. After a move to another
//! branch, Apply to This Profile: asked first, naming the packages the
//! profile would lose, since the folder's packages take the profile's
//! place.

use frost_core::freeze::managed::home_shortened;
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
    /// The rows, by package name, made while the export runs (see
    /// [`DoneInput::Prepare`]).
    rows: Vec<(String, adw::ActionRow)>,
    /// Apply is offered: the profile's packages the folder lacks.
    apply: Option<Vec<String>>,
    /// Manage My Profile With This Flake is offered.
    manage: bool,
}

#[derive(Debug)]
pub enum DoneInput {
    /// An export of these packages (the profile's element names) may
    /// start: their rows are made now, unless made already, so that
    /// showing the result only fills in what the check found.
    Prepare(Vec<String>),
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

/// What the check found for one package, in words.
pub fn badge(frozen: &Frozen, name: &str) -> String {
    if let Some(m) = frozen.report.moved.iter().find(|m| m.name == name) {
        return match (&m.new_version, m.missing) {
            (_, true) => gettext("not available on this branch"),
            (Some(v), false) => gettext_f("updated to {version}", &[("version", v)]),
            (None, false) => gettext("updated"),
        };
    }
    if let Some(u) = frozen.report.plan.unfrozen.iter().find(|u| u.name == name) {
        return gettext_f("not frozen: {reason}", &[("reason", &u.reason.describe())]);
    }
    let verdict = frozen
        .verify
        .as_ref()
        .and_then(|v| v.elements.iter().find(|e| e.name == name))
        .map(|e| &e.verdict);
    match verdict {
        Some(Verdict::Identical) => gettext("identical"),
        Some(Verdict::Different { .. }) => gettext("builds differently from the profile"),
        Some(Verdict::CouldNotCheck { message }) => {
            gettext_f("could not check: {message}", &[("message", message)])
        }
        Some(Verdict::NotFrozen) => gettext("not frozen"),
        None => gettext("not checked"),
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
            rows: Vec::new(),
            apply: None,
            manage: false,
        };
        let badges = &model.badges;
        let widgets = view_output!();
        ComponentParts { model, widgets }
    }

    fn update(&mut self, message: DoneInput, sender: ComponentSender<Self>, root: &Self::Root) {
        let (frozen, apply, manage) = match message {
            DoneInput::Prepare(mut names) => {
                names.sort_unstable();
                if !self.rows.iter().map(|(n, _)| n).eq(names.iter()) {
                    self.make_rows(names);
                }
                return;
            }
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
        // The prepared rows, when they are the ones needed: else new ones.
        let prepared: Vec<&str> = self.rows.iter().map(|(n, _)| n.as_str()).collect();
        if prepared != names {
            let names = names.into_iter().map(str::to_owned).collect();
            self.make_rows(names);
        }
        for (name, row) in &self.rows {
            row.set_subtitle(&relm4::gtk::glib::markup_escape_text(&badge(&frozen, name)));
        }
    }
}

impl DoneStep {
    /// One row per package, in the order given, each still without what
    /// the check found.
    fn make_rows(&mut self, names: Vec<String>) {
        self.badges.remove_all();
        self.rows = names
            .into_iter()
            .map(|name| {
                let row = adw::ActionRow::new();
                row.set_title(&relm4::gtk::glib::markup_escape_text(&name));
                self.badges.append(&row);
                (name, row)
            })
            .collect();
    }
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
