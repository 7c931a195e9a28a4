//! Dates for people: generation dates in the local time zone, without a date
//! crate (libc's `localtime_r` knows the zone), and calendar dates in UTC
//! for snapshots and release branches.

use std::fmt;

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

/// `2024-05-12 14:03` in the local time zone; UTC when the zone is unknown.
pub fn local_datetime(secs: u64) -> String {
    let t = libc::time_t::try_from(secs).unwrap_or(libc::time_t::MAX);
    // SAFETY: `tm` is plain data, fully written by localtime_r on success;
    // localtime_r is the thread-safe variant.
    let mut tm: libc::tm = unsafe { std::mem::zeroed() };
    let ok = unsafe { !libc::localtime_r(&t, &mut tm).is_null() };
    if !ok {
        return format!("{} UTC", crate::flakeref::iso_date(secs));
    }
    format!(
        "{:04}-{:02}-{:02} {:02}:{:02}",
        i64::from(tm.tm_year) + 1900,
        tm.tm_mon + 1,
        tm.tm_mday,
        tm.tm_hour,
        tm.tm_min
    )
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

    #[test]
    fn formats_a_known_instant() {
        // The date part depends on the zone; the shape does not.
        let s = super::local_datetime(1_715_472_000);
        assert_eq!(s.len(), 16, "{s}");
        assert!(s.starts_with("2024-05-1"), "{s}");
    }
}
