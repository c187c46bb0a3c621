//! Codes that one file writes one way and another file the other way, read as the whole column
//! writes them.
//!
//! A cell alone cannot say whether `03/04/1990` is the 3rd of April (Latin America) or the 4th of
//! March (a United States export), nor whether sex `M` is *masculino* (files coding F/M) or
//! *mujer*/*mulher* (files coding H/M, as Mexico's statistics do). Read cell by cell, a shelter's
//! file of women coded H/M would be stored as men without a single error. The column as a whole
//! does say: a date column in which some first number is above 12 is day first, one in which some
//! second number is above 12 is month first, one that writes two-digit years has them read in the
//! century that does not put them in the future; a sex column that writes `H` (or the words hombre,
//! mujer) codes H/M, one that writes `F` (or femenino, masculino) codes F/M. So a sample of the file's first rows is read before any row is judged, and each
//! column gets the reading its sample shows. Where a column's sample cannot tell (only `M`, never
//! `F` or `H`), its `M` rows are refused with the reason and kept for correction: a guess would
//! store a wrong fact about a victim.

use std::borrow::Cow;

use rastro_model::{Field, Kind, MULTI_SEPARATOR};
use rastro_text::{split_numeric_date, split_written_date, DateLayout, DateOrder};

/// Rows read before the first row is judged.
pub const SAMPLE_ROWS: usize = 2_000;

/// How the values of one column are read.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum Reading {
    /// As the field reads any file's values.
    #[default]
    AsWritten,
    /// Numeric dates with the year last: month first (`04/15/1990`) or day first, and two-digit
    /// years (`15/03/90`), when the column writes them, read as 20yy up to `short_years` and as
    /// 19yy above it.
    Dates {
        month_first: bool,
        short_years: Option<u32>,
    },
    /// Sex coded H/M: `H` is a man, `M` a woman.
    SexHm,
    /// Sex coded with `M` and neither `F` nor `H`: `M` cannot be read.
    SexOnlyM,
}

/// What a column holds, as far as its conventions go.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Role {
    Other,
    Date(Field),
    Sex,
}

/// What a column's sample showed.
#[derive(Clone, Debug, Default)]
struct Evidence {
    /// First row whose date can only be day first, and the value.
    day_first: Option<(u64, String)>,
    /// First row whose date can only be month first, and the value.
    month_first: Option<(u64, String)>,
    /// First row with a two-digit year, and the value.
    short_year: Option<(u64, String)>,
    /// `F`, or a word of the pair femenino/masculino in any of the three languages.
    codes_f_m: bool,
    /// `H`, or a word of the pair hombre/mujer.
    codes_h_m: bool,
    letter_m: bool,
}

fn role(field: Option<Field>) -> Role {
    match field {
        Some(Field::PrsGender) => Role::Sex,
        Some(f) if f.kind() == Kind::Date => Role::Date(f),
        _ => Role::Other,
    }
}

/// Whether a field's values may follow a file's own convention (dates, sex): the fields a file
/// without columns (JSON lines) is sampled for.
pub fn may_follow_a_convention(field: Field) -> bool {
    role(Some(field)) != Role::Other
}

/// Reads the sample's columns and decides their readings.
pub struct Sniffer {
    roles: Vec<Role>,
    evidence: Vec<Evidence>,
    /// The current year, whose last two digits are the last two-digit year of this century.
    this_year: i32,
}

impl Sniffer {
    /// `fields[i]` is the field column `i` holds, if any (a stage's column counts by its event
    /// field).
    pub fn new(fields: impl Iterator<Item = Option<Field>>, this_year: i32) -> Sniffer {
        let roles: Vec<Role> = fields.map(role).collect();
        let evidence = vec![Evidence::default(); roles.len()];
        Sniffer {
            roles,
            evidence,
            this_year,
        }
    }

    /// Whether any column has a convention to read: files without date or sex columns skip the
    /// sample.
    pub fn has_work(&self) -> bool {
        self.roles.iter().any(|r| *r != Role::Other)
    }

    pub fn observe<S: AsRef<str>>(&mut self, row: u64, cells: &[S]) {
        for ((role, evidence), cell) in self.roles.iter().zip(&mut self.evidence).zip(cells) {
            let cell = cell.as_ref();
            match role {
                Role::Other => {}
                Role::Date(_) => {
                    for value in cell.split(MULTI_SEPARATOR) {
                        observe_date(row, value, evidence);
                    }
                }
                Role::Sex => match sex_letter(cell) {
                    Some('F') => evidence.codes_f_m = true,
                    Some('H') => evidence.codes_h_m = true,
                    Some('M') => evidence.letter_m = true,
                    Some(_) => {}
                    None => match sex_word_pair(cell) {
                        Some(SexPair::FM) => evidence.codes_f_m = true,
                        Some(SexPair::HM) => evidence.codes_h_m = true,
                        None => {}
                    },
                },
            }
        }
    }

    /// Each column's reading, and what to tell the user about the readings that are not the
    /// usual ones (`labels[i]` names column `i` in the messages: `column 3 ("Sexo")`, or a JSON
    /// key).
    pub fn decide(self, labels: &[String]) -> (Vec<Reading>, Vec<String>) {
        let mut warnings = Vec::new();
        let readings = self
            .roles
            .iter()
            .zip(self.evidence)
            .enumerate()
            .map(|(i, (role, evidence))| {
                let column = labels.get(i).map_or("", String::as_str);
                match role {
                    Role::Other => Reading::AsWritten,
                    Role::Date(field) => {
                        let month_first = match (&evidence.month_first, &evidence.day_first) {
                            (Some((row, value)), None) => {
                                warnings.push(format!(
                                    "{column}: dates are read month first, as row {row} writes them ({value})"
                                ));
                                true
                            }
                            (Some((m_row, m_value)), Some((d_row, d_value))) => {
                                warnings.push(format!(
                                    "{column}: dates are written day first (row {d_row}: {d_value}) and month first (row {m_row}: {m_value}); they are read day first and the others refused"
                                ));
                                false
                            }
                            _ => false,
                        };
                        let short_years = evidence.short_year.as_ref().map(|(row, value)| {
                            // A planned end lies ahead; every other date of a case has happened.
                            let last_of_this_century = if *field == Field::SplPlannedEndDate {
                                99
                            } else {
                                self.this_year.rem_euclid(100) as u32
                            };
                            let read = read_dates(value, month_first, Some(last_of_this_century));
                            let (from, to) = if last_of_this_century == 99 {
                                (2000, 2099)
                            } else {
                                (1901 + last_of_this_century, 2000 + last_of_this_century)
                            };
                            warnings.push(format!(
                                "{column}: two-digit years are read as {from}–{to} (row {row}: {value} as {read})"
                            ));
                            last_of_this_century
                        });
                        if month_first || short_years.is_some() {
                            Reading::Dates {
                                month_first,
                                short_years,
                            }
                        } else {
                            Reading::AsWritten
                        }
                    }
                    Role::Sex => {
                        if evidence.codes_h_m && !evidence.codes_f_m {
                            if evidence.letter_m {
                                warnings.push(format!(
                                    "{column}: sex is coded H/M: H is read as a man, M as a woman"
                                ));
                            }
                            Reading::SexHm
                        } else if evidence.letter_m && !evidence.codes_f_m && !evidence.codes_h_m {
                            warnings.push(format!(
                                "{column}: sex is written M with neither F nor H in the first rows; M is masculino in files coding F/M and mujer in files coding H/M, so rows with M are refused: write Mujer or Hombre"
                            ));
                            Reading::SexOnlyM
                        } else {
                            Reading::AsWritten
                        }
                    }
                }
            })
            .collect();
        (readings, warnings)
    }
}

/// Notes which order a numeric date with the year last can only be in, and whether its year has
/// two digits.
fn observe_date(row: u64, value: &str, evidence: &mut Evidence) {
    let Some(date) = year_last(value) else {
        return;
    };
    if date.year_digits == 2 && evidence.short_year.is_none() {
        evidence.short_year = Some((row, value.trim().to_string()));
    }
    if date.month_named {
        return;
    }
    let (first, second) = (date.first, date.second);
    let slot = if (13..=31).contains(&first) && (1..=12).contains(&second) {
        &mut evidence.day_first
    } else if (13..=31).contains(&second) && (1..=12).contains(&first) {
        &mut evidence.month_first
    } else {
        return;
    };
    if slot.is_none() {
        *slot = Some((row, value.trim().to_string()));
    }
}

/// A date written with its year last, plainly: its two first numbers in the order written (or
/// its day and month, when the month is a word), and its year as written.
struct YearLast {
    first: u32,
    second: u32,
    /// Whether the month was a word, which leaves no order to read.
    month_named: bool,
    year: u32,
    year_digits: usize,
}

fn year_last(value: &str) -> Option<YearLast> {
    if let Some(date) = split_numeric_date(value, DateOrder::Dmy) {
        // Read day first, `date.day` is the first number and `date.month` the second.
        return (date.layout == DateLayout::YearLast && date.is_plain()).then_some(YearLast {
            first: date.day,
            second: date.month,
            month_named: false,
            year: date.year,
            year_digits: 4,
        });
    }
    if let Some(date) = split_written_date(value) {
        return Some(YearLast {
            first: date.day,
            second: date.month,
            month_named: true,
            year: date.year,
            year_digits: date.year_digits,
        });
    }
    // `15/03/90`: one separator, the same twice, and a year of two digits.
    let value = value.trim();
    let separator = value.chars().find(|c| matches!(c, '/' | '-' | '.'))?;
    let parts: Vec<&str> = value.split(separator).collect();
    let [first, second, year] = parts.as_slice() else {
        return None;
    };
    let number = |text: &str, most: usize| -> Option<u32> {
        (!text.is_empty() && text.len() <= most && text.bytes().all(|b| b.is_ascii_digit()))
            .then(|| text.parse().ok())
            .flatten()
    };
    (year.len() == 2).then_some(())?;
    Some(YearLast {
        first: number(first, 2)?,
        second: number(second, 2)?,
        month_named: false,
        year: number(year, 2)?,
        year_digits: 2,
    })
}

/// The one-letter code a sex cell holds (`m`, `M.`, ` H `), if it is one.
fn sex_letter(cell: &str) -> Option<char> {
    let code = cell.trim().trim_end_matches('.');
    let mut chars = code.chars();
    let letter = chars.next()?.to_ascii_uppercase();
    (chars.next().is_none()).then_some(letter)
}

/// The two pairs of words a sex column's letters abbreviate.
enum SexPair {
    /// femenino/masculino, feminino/masculino, female/male.
    FM,
    /// hombre/mujer, homem/mulher.
    HM,
}

/// Which pair a sex word belongs to, if it is one.
fn sex_word_pair(cell: &str) -> Option<SexPair> {
    match cell.trim().to_lowercase().as_str() {
        "femenino" | "femenina" | "feminino" | "female" | "feminine" | "masculino"
        | "masculina" | "male" | "masculine" => Some(SexPair::FM),
        "hombre" | "mujer" | "homem" | "mulher" => Some(SexPair::HM),
        _ => None,
    }
}

/// A cell as its column's reading gives it to the field; `Err` with the reason when the reading
/// refuses it.
pub fn read(reading: Reading, cell: &str) -> Result<Cow<'_, str>, String> {
    match reading {
        Reading::AsWritten => Ok(Cow::Borrowed(cell)),
        Reading::Dates {
            month_first,
            short_years,
        } => Ok(read_dates(cell, month_first, short_years)),
        Reading::SexHm => Ok(match sex_letter(cell) {
            Some('H') => Cow::Borrowed("Masculine"),
            Some('M') => Cow::Borrowed("Feminine"),
            _ => Cow::Borrowed(cell),
        }),
        Reading::SexOnlyM => match sex_letter(cell) {
            Some('M') => Err(
                "M is masculino in files coding F/M and mujer in files coding H/M, and this \
                 file's first rows write neither F nor H here: write Mujer or Hombre"
                    .to_string(),
            ),
            _ => Ok(Cow::Borrowed(cell)),
        },
    }
}

/// Dates written with the year last, in the column's order and century, as ISO dates, which every
/// field reads; other values as they are.
fn read_dates(cell: &str, month_first: bool, short_years: Option<u32>) -> Cow<'_, str> {
    let convert = |value: &str| -> Option<String> {
        let date = year_last(value)?;
        let year = match date.year_digits {
            2 => {
                let last_of_this_century = short_years?;
                if date.year <= last_of_this_century {
                    2000 + date.year
                } else {
                    1900 + date.year
                }
            }
            _ if month_first && !date.month_named => date.year,
            _ => return None,
        };
        let (month, day) = if month_first && !date.month_named {
            (date.first, date.second)
        } else {
            (date.second, date.first)
        };
        // What cannot be a day is left as written, so that the field's refusal shows the cell.
        ((1..=12).contains(&month) && (1..=31).contains(&day))
            .then(|| format!("{year:04}-{month:02}-{day:02}"))
    };
    if !cell.contains(MULTI_SEPARATOR) {
        return convert(cell).map_or(Cow::Borrowed(cell), Cow::Owned);
    }
    let values: Vec<String> = cell
        .split(MULTI_SEPARATOR)
        .map(|value| convert(value).unwrap_or_else(|| value.to_string()))
        .collect();
    Cow::Owned(values.join(&MULTI_SEPARATOR.to_string()))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn decide(field: Field, column: &[&str]) -> (Reading, Vec<String>) {
        let mut sniffer = Sniffer::new([Some(field)].into_iter(), 2026);
        for (row, cell) in column.iter().enumerate() {
            sniffer.observe(row as u64 + 1, &[*cell]);
        }
        let (readings, warnings) = sniffer.decide(&["column 1 (\"Sexo\")".to_string()]);
        (readings[0], warnings)
    }

    #[test]
    fn a_sex_column_coding_h_reads_m_as_a_woman() {
        let (reading, warnings) = decide(Field::PrsGender, &["H", "m", "M.", ""]);
        assert_eq!(reading, Reading::SexHm);
        assert!(warnings[0].contains("H/M"), "{warnings:?}");
        assert_eq!(read(reading, "M").unwrap(), "Feminine");
        assert_eq!(read(reading, " h ").unwrap(), "Masculine");
        assert_eq!(read(reading, "Mujer").unwrap(), "Mujer");
    }

    #[test]
    fn a_sex_column_coding_f_keeps_m_as_a_man() {
        let (reading, warnings) = decide(Field::PrsGender, &["M", "F", "M"]);
        assert_eq!(reading, Reading::AsWritten);
        assert!(warnings.is_empty());
        // H beside F can only be a man as well; the field reads it.
        assert_eq!(
            decide(Field::PrsGender, &["H", "F", "M"]).0,
            Reading::AsWritten
        );
    }

    #[test]
    fn a_sex_column_of_m_alone_refuses_m_and_says_why() {
        let (reading, warnings) = decide(Field::PrsGender, &["M", "M", "Desconocido", ""]);
        assert_eq!(reading, Reading::SexOnlyM);
        assert!(warnings[0].contains("refused"), "{warnings:?}");
        assert!(read(reading, "M").unwrap_err().contains("Mujer"));
        assert_eq!(read(reading, "Desconocido").unwrap(), "Desconocido");
        // The words beside the letters tell which pair the letters abbreviate.
        assert_eq!(
            decide(Field::PrsGender, &["Femenino", "M"]).0,
            Reading::AsWritten
        );
        assert_eq!(decide(Field::PrsGender, &["mujer", "M"]).0, Reading::SexHm);
        assert_eq!(
            decide(Field::PrsGender, &["Mujer", "M", "F"]).0,
            Reading::AsWritten
        );
    }

    #[test]
    fn a_date_column_with_a_second_number_above_twelve_is_month_first() {
        let (reading, warnings) = decide(
            Field::PrsBirthdate,
            &["03/04/1990", "", "1985-02-01", "04/15/1990"],
        );
        assert_eq!(
            reading,
            Reading::Dates {
                month_first: true,
                short_years: None
            }
        );
        assert!(warnings[0].contains("row 4"), "{warnings:?}");
        assert_eq!(read(reading, "03/04/1990").unwrap(), "1990-03-04");
        assert_eq!(read(reading, "1985-02-01").unwrap(), "1985-02-01");
        assert_eq!(
            read(reading, "12/31/2020;01/02/2021").unwrap(),
            "2020-12-31;2021-01-02"
        );
    }

    #[test]
    fn two_digit_years_are_read_in_the_century_that_is_not_ahead() {
        let (reading, warnings) =
            decide(Field::PrsBirthdate, &["15/03/90", "01/02/2005", "3-4-26"]);
        assert_eq!(
            reading,
            Reading::Dates {
                month_first: false,
                short_years: Some(26)
            }
        );
        assert!(warnings[0].contains("1927–2026"), "{warnings:?}");
        assert!(warnings[0].contains("1990-03-15"), "{warnings:?}");
        assert_eq!(read(reading, "15/03/90").unwrap(), "1990-03-15");
        assert_eq!(read(reading, "3-4-26").unwrap(), "2026-04-03");
        assert_eq!(read(reading, "3-4-27").unwrap(), "1927-04-03");
        assert_eq!(read(reading, "01/02/2005").unwrap(), "01/02/2005");
        // A planned end is ahead.
        let (reading, _) = decide(Field::SplPlannedEndDate, &["30/06/27"]);
        assert_eq!(read(reading, "30/06/27").unwrap(), "2027-06-30");
        // Month first and short together.
        let (reading, _) = decide(Field::HteDate, &["04/15/19"]);
        assert_eq!(read(reading, "04/15/19").unwrap(), "2019-04-15");
        // What is no date stays as written, for the field to refuse.
        assert_eq!(read(reading, "15/03/1990/2").unwrap(), "15/03/1990/2");
        assert_eq!(read(reading, "1/2/345").unwrap(), "1/2/345");
        assert_eq!(read(reading, "90-03-15").unwrap(), "90-03-15");
        // A spreadsheet's month word with a two-digit year: the word says the month.
        let (reading, _) = decide(Field::PrsBirthdate, &["15-mar-90", "05/04/1990"]);
        assert_eq!(read(reading, "15-mar-90").unwrap(), "1990-03-15");
        assert_eq!(read(reading, "05/04/1990").unwrap(), "05/04/1990");
        let (reading, _) = decide(Field::PrsBirthdate, &["15-mar-90", "04/15/1990"]);
        assert_eq!(read(reading, "15-mar-90").unwrap(), "1990-03-15");
        assert_eq!(read(reading, "04/15/1990").unwrap(), "1990-04-15");
    }

    #[test]
    fn a_date_column_that_never_tells_stays_day_first() {
        assert_eq!(
            decide(Field::PrsBirthdate, &["03/04/1990", "15/04/1990"]).0,
            Reading::AsWritten
        );
        assert_eq!(
            decide(Field::HteDate, &["03/04/1990"]).0,
            Reading::AsWritten
        );
        let (reading, warnings) = decide(Field::PrsBirthdate, &["15/04/1990", "04/15/1990"]);
        assert_eq!(reading, Reading::AsWritten);
        assert!(warnings[0].contains("refused"), "{warnings:?}");
    }

    #[test]
    fn other_columns_have_no_convention() {
        let sniffer = Sniffer::new([Some(Field::PrsFirstName), None].into_iter(), 2026);
        assert!(!sniffer.has_work());
    }
}
