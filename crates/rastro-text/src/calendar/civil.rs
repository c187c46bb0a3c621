//! Gregorian calendar arithmetic.
//!
//! Spans of events, "within N days" comparisons and Excel serial dates all need day numbers that
//! are right across leap days; deriving them from the civil date in one place is what keeps
//! 2024-02-29 one day after 2024-02-28 everywhere.

/// Whether `year` has a February 29 (proleptic Gregorian calendar).
pub fn is_leap_year(year: i32) -> bool {
    (year % 4 == 0 && year % 100 != 0) || year % 400 == 0
}

/// The number of days of `month` (1–12) in `year`; 0 for a month that does not exist.
pub fn days_in_month(year: i32, month: u32) -> u32 {
    match month {
        1 | 3 | 5 | 7 | 8 | 10 | 12 => 31,
        4 | 6 | 9 | 11 => 30,
        2 if is_leap_year(year) => 29,
        2 => 28,
        _ => 0,
    }
}

/// Days from 1970-01-01 to the given date (negative before it), by Howard Hinnant's algorithm.
///
/// The count is linear in `day`, so a day past the end of its month counts on into the next
/// (`2023-02-30` is `2023-03-02`): lenient readers rely on that to place a mistyped date near the
/// one meant. `month` must be 1–12 for the result to mean anything.
pub fn days_from_civil(year: i32, month: u32, day: u32) -> i64 {
    let (m, d) = (i64::from(month), i64::from(day));
    let y = i64::from(year) - i64::from(month <= 2);
    let era = y.div_euclid(400);
    let yoe = y.rem_euclid(400);
    let mp = (m + 9) % 12;
    let doy = (153 * mp + 2) / 5 + d - 1;
    let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    era * 146_097 + doe - 719_468
}

/// Day numbers this far from 1970 (about 1.5 billion years) are clamped, so that every year fits
/// an `i32` and no input can overflow the arithmetic.
const DAYS_LIMIT: i64 = 1 << 39;

/// The civil date (year, month 1–12, day) of a day number from 1970-01-01; the inverse of
/// [`days_from_civil`]. Day numbers beyond about 1.5 billion years either way are clamped.
pub fn civil_from_days(days: i64) -> (i32, u32, u32) {
    let z = days.clamp(-DAYS_LIMIT, DAYS_LIMIT) + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z.rem_euclid(146_097);
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let day = (doy - (153 * mp + 2) / 5 + 1) as u32;
    let month = if mp < 10 { mp + 3 } else { mp - 9 } as u32;
    let year = yoe + era * 400 + i64::from(month <= 2);
    // The clamp keeps the year within ±1.5 billion, well inside `i32`.
    (i32::try_from(year).unwrap_or(i32::MAX), month, day)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn leap_years_follow_the_gregorian_rule() {
        assert!(is_leap_year(2024));
        assert!(!is_leap_year(2023));
        assert!(!is_leap_year(1900));
        assert!(is_leap_year(2000));
        assert_eq!(days_in_month(2024, 2), 29);
        assert_eq!(days_in_month(2023, 2), 28);
        assert_eq!(days_in_month(2023, 4), 30);
        assert_eq!(days_in_month(2023, 13), 0);
    }

    #[test]
    fn day_numbers_count_from_1970() {
        assert_eq!(days_from_civil(1970, 1, 1), 0);
        assert_eq!(days_from_civil(1969, 12, 31), -1);
        assert_eq!(days_from_civil(2000, 3, 1), 11_017);
        assert_eq!(
            days_from_civil(2024, 3, 1) - days_from_civil(2024, 2, 28),
            2
        );
        assert_eq!(
            days_from_civil(2023, 3, 1) - days_from_civil(2023, 2, 28),
            1
        );
        // Past the end of a month counts on into the next.
        assert_eq!(days_from_civil(2023, 2, 30), days_from_civil(2023, 3, 2));
    }

    #[test]
    fn day_numbers_round_trip() {
        for days in (-800_000..800_000).step_by(997) {
            let (y, m, d) = civil_from_days(days);
            assert!((1..=12).contains(&m) && d >= 1 && d <= days_in_month(y, m));
            assert_eq!(days_from_civil(y, m, d), days, "{y}-{m}-{d}");
        }
        let (y, _, _) = civil_from_days(i64::MAX);
        assert!(y > 1_000_000_000);
        let (y, _, _) = civil_from_days(i64::MIN);
        assert!(y < -1_000_000_000);
    }
}
