//! The keyboard: type-to-search, Ctrl+F, Ctrl+H, Escape, F1 and the About
//! dialog from the main menu, on the real app (see tests/ui_common for how
//! it runs). Keys go to the window under the pointer: the session's screen
//! is no larger than the window's corner the pointer rests in.

mod ui_common;
use ui_common::{check_window, fixture};

#[test]
fn typing_on_the_list_starts_a_search() {
    let fixture = fixture();
    check_window(
        &fixture.sandbox,
        Some(&fixture.profile),
        &[
            "--text",
            "Painter",
            "--absent",
            "Search packages",
            // No click first: typing anywhere searches, as in GNOME Software.
            "--next",
            "--type",
            "photos",
            "--text",
            "Search packages",
            "--count-rows",
            "1",
            "--row",
            "Painter",
            "3.0.1",
        ],
    );
}

#[test]
fn shortcuts_open_search_history_help_and_go_back() {
    let fixture = fixture();
    check_window(
        &fixture.sandbox,
        Some(&fixture.profile),
        &[
            "--text",
            "Painter",
            "--next",
            "--key",
            "Control+f",
            "--text",
            "Search packages",
            "--next",
            "--key",
            "Control+h",
            "--text",
            "Added figlet",
            "--next",
            "--key",
            "Escape",
            "--text",
            "Painter",
            "--absent",
            "Added figlet",
            "--next",
            "--key",
            "F1",
            "--text",
            "Show the history",
            "--text",
            "Reload the profile",
        ],
    );
}

#[test]
fn the_main_menu_opens_the_about_dialog() {
    let fixture = fixture();
    check_window(
        &fixture.sandbox,
        Some(&fixture.profile),
        &[
            "--text",
            "Painter",
            "--next",
            "--press",
            "Main Menu",
            "--press",
            "About Frost",
            "--text",
            env!("CARGO_PKG_VERSION"),
            "--text",
            "The Frost developers",
        ],
    );
}
