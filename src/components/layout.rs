//! One content width for every page. Each page's content sits in an
//! AdwClamp (AdwClampScrollable for a list view) with these two sizes and
//! [`CONTENT_MARGIN`] on either side, so the content does not jump sideways
//! when moving from one page to another.

/// The widest the content of any page grows (the clamp's maximum size).
pub const CONTENT_WIDTH: i32 = 760;
/// Where the clamp starts to tighten (its tightening threshold):
/// libadwaita's default, set everywhere so no page differs.
pub const CONTENT_TIGHTENING: i32 = 400;
/// The space between the content and the window's edges on narrow windows.
pub const CONTENT_MARGIN: i32 = 12;
