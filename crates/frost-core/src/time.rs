//! Dates for people: generation dates in the local time zone, without a date
//! crate (libc's `localtime_r` knows the zone), as GNOME shows them
//! ("Today at 23:41", "Yesterday at 18:02", "Monday at 10:00", "12 May"),
//! and calendar dates in UTC for snapshots and release branches.

use std::fmt;

use crate::i18n::{gettext, gettext_f};

/// A calendar day (proleptic Gregorian), as `2024-05-12`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub struct Date {
    pub year: i64,
    /// 1–12.
    pub month: u32,
    /// 1–31.
    pub day: u32,
}

impl fmt::Display for Date {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{:04}-{:02}-{:02}", self.year, self.month, self.day)
    }
}

/// The UTC day of a Unix timestamp.
pub fn utc_date(secs: u64) -> Date {
    // Howard Hinnant's days-to-civil algorithm.
    let days = (secs / 86_400) as i64;
    let z = days + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z.rem_euclid(146_097);
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let d = doy - (153 * mp + 2) / 5 + 1;
    let m = if mp < 10 { mp + 3 } else { mp - 9 };
    let y = yoe + era * 400 + i64::from(m <= 2);
    // m is 1–12 and d 1–31 by construction.
    Date {
        year: y,
        month: m as u32,
        day: d as u32,
    }
}

/// Today in UTC; the epoch if the clock is before it.
pub fn today() -> Date {
    let secs = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map_or(0, |d| d.as_secs());
    utc_date(secs)
}

/// A moment as the local wall clock shows it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct LocalTime {
    pub date: Date,
    pub hour: u32,
    pub minute: u32,
}

impl LocalTime {
    /// `secs` in the local time zone; `None` when libc cannot say.
    pub fn of(secs: u64) -> Option<LocalTime> {
        let t = libc::time_t::try_from(secs).unwrap_or(libc::time_t::MAX);
        // SAFETY: `tm` is plain data, fully written by localtime_r on
        // success; localtime_r is the thread-safe variant.
        let mut tm: libc::tm = unsafe { std::mem::zeroed() };
        let ok = unsafe { !libc::localtime_r(&t, &mut tm).is_null() };
        ok.then(|| LocalTime {
            date: Date {
                year: i64::from(tm.tm_year) + 1900,
                month: u32::try_from(tm.tm_mon + 1).unwrap_or(1),
                day: u32::try_from(tm.tm_mday).unwrap_or(1),
            },
            hour: u32::try_from(tm.tm_hour).unwrap_or(0),
            minute: u32::try_from(tm.tm_min).unwrap_or(0),
        })
    }
}

/// `2024-05-12 14:03` in the local time zone; UTC when the zone is unknown.
/// The exact time, for tooltips and the CLI.
pub fn local_datetime(secs: u64) -> String {
    match LocalTime::of(secs) {
        Some(t) => format!("{} {:02}:{:02}", t.date, t.hour, t.minute),
        None => format!("{} UTC", crate::flakeref::iso_date(secs)),
    }
}

/// `secs` as GNOME says it, seen from now: "Today at 23:41", "Yesterday at
/// 18:02", a weekday within the last week, "12 May" this year, "12 May 2024"
/// before. [`local_datetime`] gives the exact time for a tooltip.
pub fn relative_datetime(secs: u64) -> String {
    let now = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map_or(0, |d| d.as_secs());
    match (LocalTime::of(secs), LocalTime::of(now)) {
        (Some(then), Some(now)) => relative_to(then, now),
        _ => local_datetime(secs),
    }
}

/// [`relative_datetime`] for two known local times (pure, for tests).
pub fn relative_to(then: LocalTime, now: LocalTime) -> String {
    let time = format!("{:02}:{:02}", then.hour, then.minute);
    let days = days_from_civil(now.date) - days_from_civil(then.date);
    match days {
        0 => gettext_f("Today at {time}", &[("time", &time)]),
        1 => gettext_f("Yesterday at {time}", &[("time", &time)]),
        2..=6 => gettext_f(
            // Translators: a day of the last week, e.g. "Monday at 10:00".
            "{weekday} at {time}",
            &[("weekday", &weekday_name(then.date)), ("time", &time)],
        ),
        _ if then.date.year == now.date.year && days > 0 => gettext_f(
            // Translators: a date this year, e.g. "12 May".
            "{day} {month}",
            &[
                ("day", &then.date.day.to_string()),
                ("month", &month_name(then.date.month)),
            ],
        ),
        _ => gettext_f(
            // Translators: a date in another year, e.g. "12 May 2024".
            "{day} {month} {year}",
            &[
                ("day", &then.date.day.to_string()),
                ("month", &month_name(then.date.month)),
                ("year", &then.date.year.to_string()),
            ],
        ),
    }
}

/// Days since 1970-01-01 of a civil date (Howard Hinnant's algorithm, the
/// inverse of [`utc_date`]).
fn days_from_civil(date: Date) -> i64 {
    let m = i64::from(date.month);
    let y = date.year - i64::from(m <= 2);
    let era = y.div_euclid(400);
    let yoe = y.rem_euclid(400);
    let mp = (m + 9) % 12;
    let doy = (153 * mp + 2) / 5 + i64::from(date.day) - 1;
    let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    era * 146_097 + doe - 719_468
}

fn weekday_name(date: Date) -> String {
    // 1970-01-01 was a Thursday.
    match days_from_civil(date).rem_euclid(7) {
        0 => gettext("Thursday"),
        1 => gettext("Friday"),
        2 => gettext("Saturday"),
        3 => gettext("Sunday"),
        4 => gettext("Monday"),
        5 => gettext("Tuesday"),
        _ => gettext("Wednesday"),
    }
}

fn month_name(month: u32) -> String {
    match month {
        1 => gettext("January"),
        2 => gettext("February"),
        3 => gettext("March"),
        4 => gettext("April"),
        5 => gettext("May"),
        6 => gettext("June"),
        7 => gettext("July"),
        8 => gettext("August"),
        9 => gettext("September"),
        10 => gettext("October"),
        11 => gettext("November"),
        _ => gettext("December"),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn utc_dates_across_leap_days_and_year_ends() {
        assert_eq!(utc_date(0).to_string(), "1970-01-01");
        assert_eq!(utc_date(951_782_400).to_string(), "2000-02-29");
        assert_eq!(
            utc_date(1_798_761_599),
            Date {
                year: 2026,
                month: 12,
                day: 31
            }
        );
        assert_eq!(utc_date(1_798_761_600).to_string(), "2027-01-01");
    }

    fn at(year: i64, month: u32, day: u32, hour: u32, minute: u32) -> LocalTime {
        LocalTime {
            date: Date { year, month, day },
            hour,
            minute,
        }
    }

    #[test]
    fn relative_dates_as_gnome_says_them() {
        // Monday 2026-12-07, 09:15.
        let now = at(2026, 12, 7, 9, 15);
        assert_eq!(relative_to(at(2026, 12, 7, 0, 5), now), "Today at 00:05");
        assert_eq!(
            relative_to(at(2026, 12, 6, 23, 41), now),
            "Yesterday at 23:41"
        );
        assert_eq!(
            relative_to(at(2026, 12, 3, 18, 2), now),
            "Thursday at 18:02"
        );
        assert_eq!(relative_to(at(2026, 12, 1, 10, 0), now), "Tuesday at 10:00");
        assert_eq!(relative_to(at(2026, 11, 30, 10, 0), now), "30 November");
        assert_eq!(relative_to(at(2026, 5, 12, 10, 0), now), "12 May");
        assert_eq!(relative_to(at(2024, 5, 12, 10, 0), now), "12 May 2024");
        // Across a year end, yesterday is still yesterday.
        let new_year = at(2027, 1, 1, 8, 0);
        assert_eq!(
            relative_to(at(2026, 12, 31, 22, 0), new_year),
            "Yesterday at 22:00"
        );
        assert_eq!(
            relative_to(at(2026, 12, 20, 22, 0), new_year),
            "20 December 2026"
        );
        // A clock set back: the date, not "in the future".
        assert_eq!(relative_to(at(2026, 12, 9, 8, 0), now), "9 December 2026");
    }

    #[test]
    fn days_from_civil_inverts_utc_date() {
        for secs in [
            0u64,
            951_782_400,
            1_798_761_599,
            1_798_761_600,
            4_102_444_800,
        ] {
            let date = utc_date(secs);
            assert_eq!(days_from_civil(date), (secs / 86_400) as i64, "{date}");
        }
    }

    #[test]
    fn formats_a_known_instant() {
        // The date part depends on the zone; the shape does not.
        let s = super::local_datetime(1_715_472_000);
        assert_eq!(s.len(), 16, "{s}");
        assert!(s.starts_with("2024-05-1"), "{s}");
    }
}
