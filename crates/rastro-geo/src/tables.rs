//! Parsers for the gazetteer's vendored and hand-written tables (all TSV, compiled in).
//!
//! A malformed row is a defect of the repository, not of user input, but it must still not take
//! the process down: each parser skips the row and reports it as a [`DataError`] naming the file
//! and line, and the crate's tests require that there are none.

use crate::countries::{countries, CountryCode};

pub(crate) const CITIES_TSV: &str = include_str!("../data/geonames/cities.tsv");
pub(crate) const SUBDIVISIONS_TSV: &str = include_str!("../data/iso-codes/subdivisions.tsv");
pub(crate) const ADMIN1_ALIASES_TSV: &str = include_str!("../data/admin1_aliases.tsv");
pub(crate) const DEMONYMS_TSV: &str = include_str!("../data/demonyms.tsv");
pub(crate) const LANDMARKS_TSV: &str = include_str!("../data/landmarks.tsv");
pub(crate) const CITY_EXONYMS_TSV: &str = include_str!("../data/city_exonyms.tsv");
pub(crate) const PLACE_WORDS_TSV: &str = include_str!("../data/place_words.tsv");

/// A row of a vendored table that could not be read, with where it is.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{file}:{line}: {message}")]
pub struct DataError {
    pub file: &'static str,
    pub line: usize,
    pub message: String,
}

/// Data lines of a TSV (comments and blank lines skipped) with their 1-based line numbers.
fn rows(text: &str) -> impl Iterator<Item = (usize, Vec<&str>)> {
    text.lines().enumerate().filter_map(|(i, line)| {
        if line.starts_with('#') || line.trim().is_empty() {
            None
        } else {
            Some((i + 1, line.split('\t').collect()))
        }
    })
}

fn field<'a>(
    cols: &[&'a str],
    index: usize,
    name: &str,
    file: &'static str,
    line: usize,
) -> Result<&'a str, DataError> {
    cols.get(index).copied().ok_or_else(|| DataError {
        file,
        line,
        message: format!("missing column {} ({name})", index + 1),
    })
}

fn country(text: &str, file: &'static str, line: usize) -> Result<CountryCode, DataError> {
    countries().by_alpha2(text).ok_or_else(|| DataError {
        file,
        line,
        message: format!("unknown country code {text:?}"),
    })
}

fn number<T: std::str::FromStr>(
    text: &str,
    name: &str,
    file: &'static str,
    line: usize,
) -> Result<T, DataError> {
    text.trim().parse().map_err(|_| DataError {
        file,
        line,
        message: format!("{name} {text:?} is not a number"),
    })
}

pub(crate) struct CityRow<'a> {
    pub name: &'a str,
    pub country: CountryCode,
    pub admin1: &'a str,
    pub lat: f64,
    pub lon: f64,
    pub population: u64,
    pub alternates: Vec<&'a str>,
}

pub(crate) fn cities(errors: &mut Vec<DataError>) -> Vec<CityRow<'static>> {
    parse_cities(CITIES_TSV, errors)
}

fn parse_cities<'a>(text: &'a str, errors: &mut Vec<DataError>) -> Vec<CityRow<'a>> {
    const FILE: &str = "data/geonames/cities.tsv";
    let mut out = Vec::new();
    for (line, cols) in rows(text) {
        let row = (|| {
            Ok(CityRow {
                name: field(&cols, 0, "name", FILE, line)?,
                country: country(field(&cols, 1, "country", FILE, line)?, FILE, line)?,
                admin1: field(&cols, 2, "admin-1", FILE, line)?,
                lat: number(field(&cols, 3, "lat", FILE, line)?, "latitude", FILE, line)?,
                lon: number(field(&cols, 4, "lon", FILE, line)?, "longitude", FILE, line)?,
                population: number(
                    field(&cols, 5, "population", FILE, line)?,
                    "population",
                    FILE,
                    line,
                )?,
                alternates: cols
                    .get(6)
                    .map(|s| s.split('|').filter(|a| !a.is_empty()).collect())
                    .unwrap_or_default(),
            })
        })();
        match row {
            Ok(r) => out.push(r),
            Err(e) => errors.push(e),
        }
    }
    out
}

pub(crate) struct SubdivisionRow<'a> {
    pub code: &'a str,
    pub country: CountryCode,
    /// The first name is the canonical one; the rest are variants and translations.
    pub names: Vec<&'a str>,
}

pub(crate) fn subdivisions(errors: &mut Vec<DataError>) -> Vec<SubdivisionRow<'static>> {
    const FILE: &str = "data/iso-codes/subdivisions.tsv";
    let mut out = Vec::new();
    for (line, cols) in rows(SUBDIVISIONS_TSV) {
        let row = (|| {
            let code = field(&cols, 0, "code", FILE, line)?;
            let names: Vec<&str> = field(&cols, 3, "names", FILE, line)?
                .split('|')
                .filter(|n| !n.is_empty())
                .collect();
            if names.is_empty() {
                return Err(DataError {
                    file: FILE,
                    line,
                    message: "no name".into(),
                });
            }
            Ok(SubdivisionRow {
                code,
                country: country(code.get(..2).unwrap_or(""), FILE, line)?,
                names,
            })
        })();
        match row {
            Ok(r) => out.push(r),
            Err(e) => errors.push(e),
        }
    }
    out
}

/// (line, country, GeoNames name, other names) of `city_exonyms.tsv`.
pub(crate) fn city_exonyms(
    errors: &mut Vec<DataError>,
) -> Vec<(usize, CountryCode, &'static str, Vec<&'static str>)> {
    const FILE: &str = "data/city_exonyms.tsv";
    let mut out = Vec::new();
    for (line, cols) in rows(CITY_EXONYMS_TSV) {
        let row = (|| {
            let country = country(field(&cols, 0, "country", FILE, line)?, FILE, line)?;
            let name = field(&cols, 1, "name", FILE, line)?;
            let names = field(&cols, 2, "names", FILE, line)?
                .split('|')
                .filter(|n| !n.is_empty())
                .collect();
            Ok((line, country, name, names))
        })();
        match row {
            Ok(r) => out.push(r),
            Err(e) => errors.push(e),
        }
    }
    out
}

/// (ISO 3166-2 code, alias) pairs.
pub(crate) fn admin1_aliases(
    errors: &mut Vec<DataError>,
) -> Vec<(usize, &'static str, &'static str)> {
    const FILE: &str = "data/admin1_aliases.tsv";
    let mut out = Vec::new();
    for (line, cols) in rows(ADMIN1_ALIASES_TSV) {
        match (
            field(&cols, 0, "code", FILE, line),
            field(&cols, 1, "alias", FILE, line),
        ) {
            (Ok(code), Ok(alias)) => out.push((line, code, alias)),
            (Err(e), _) | (_, Err(e)) => errors.push(e),
        }
    }
    out
}

pub(crate) struct DemonymRow {
    pub line: usize,
    pub country: CountryCode,
    /// ISO 3166-2 code of the region for a regional demonym ("paulista": BR-SP).
    pub region: Option<&'static str>,
    /// English capitalises nationality words; Spanish and Portuguese do not.
    pub english: bool,
    pub forms: Vec<String>,
    /// The forms are also language names ("español", "French").
    pub language_word: bool,
}

pub(crate) fn demonyms(errors: &mut Vec<DataError>) -> Vec<DemonymRow> {
    parse_demonyms(DEMONYMS_TSV, errors)
}

fn parse_demonyms(text: &'static str, errors: &mut Vec<DataError>) -> Vec<DemonymRow> {
    const FILE: &str = "data/demonyms.tsv";
    let mut out = Vec::new();
    for (line, cols) in rows(text) {
        let row = (|| {
            let code = field(&cols, 0, "country", FILE, line)?;
            let country = country(code.get(..2).unwrap_or(code), FILE, line)?;
            let region = match code.len() {
                2 => None,
                _ if code.as_bytes().get(2) == Some(&b'-') => Some(code),
                _ => {
                    return Err(DataError {
                        file: FILE,
                        line,
                        message: format!("{code:?} is neither a country nor a region code"),
                    })
                }
            };
            let english = match field(&cols, 1, "language", FILE, line)? {
                "en" => true,
                "es" | "pt" => false,
                other => {
                    return Err(DataError {
                        file: FILE,
                        line,
                        message: format!("unknown language {other:?}"),
                    })
                }
            };
            let forms_text = field(&cols, 2, "forms", FILE, line)?;
            let mut forms = Vec::new();
            for word in forms_text
                .split(';')
                .map(str::trim)
                .filter(|w| !w.is_empty())
            {
                forms.extend(expand_braces(word).map_err(|message| DataError {
                    file: FILE,
                    line,
                    message,
                })?);
            }
            let language_word = match cols.get(3).map(|s| s.trim()) {
                None | Some("") => false,
                Some("lang") => true,
                Some(other) => {
                    return Err(DataError {
                        file: FILE,
                        line,
                        message: format!("unknown flag {other:?}"),
                    })
                }
            };
            Ok(DemonymRow {
                line,
                country,
                region,
                english,
                forms,
                language_word,
            })
        })();
        match row {
            Ok(r) => out.push(r),
            Err(e) => errors.push(e),
        }
    }
    out
}

/// Expands "venezolan{o,a,os,as}" into its words; several groups multiply out.
pub(crate) fn expand_braces(word: &str) -> Result<Vec<String>, String> {
    let Some(open) = word.find('{') else {
        if word.contains('}') {
            return Err(format!("unbalanced braces in {word:?}"));
        }
        return Ok(vec![word.to_string()]);
    };
    let close = word[open..]
        .find('}')
        .map(|i| open + i)
        .ok_or_else(|| format!("unbalanced braces in {word:?}"))?;
    let (head, alternatives, tail) = (&word[..open], &word[open + 1..close], &word[close + 1..]);
    let mut out = Vec::new();
    for rest in expand_braces(tail)? {
        for alt in alternatives.split(',') {
            out.push(format!("{head}{alt}{rest}"));
        }
    }
    Ok(out)
}

pub(crate) struct LandmarkRow<'a> {
    pub country: CountryCode,
    pub admin1: &'a str,
    pub lat: f64,
    pub lon: f64,
    pub names: Vec<&'a str>,
}

pub(crate) fn landmarks(errors: &mut Vec<DataError>) -> Vec<LandmarkRow<'static>> {
    const FILE: &str = "data/landmarks.tsv";
    let mut out = Vec::new();
    for (line, cols) in rows(LANDMARKS_TSV) {
        let row = (|| {
            let names: Vec<&str> = field(&cols, 4, "names", FILE, line)?
                .split('|')
                .filter(|n| !n.is_empty())
                .collect();
            if names.is_empty() {
                return Err(DataError {
                    file: FILE,
                    line,
                    message: "no name".into(),
                });
            }
            Ok(LandmarkRow {
                country: country(field(&cols, 0, "country", FILE, line)?, FILE, line)?,
                admin1: field(&cols, 1, "admin-1", FILE, line)?,
                lat: number(field(&cols, 2, "lat", FILE, line)?, "latitude", FILE, line)?,
                lon: number(field(&cols, 3, "lon", FILE, line)?, "longitude", FILE, line)?,
                names,
            })
        })();
        match row {
            Ok(r) => out.push(r),
            Err(e) => errors.push(e),
        }
    }
    out
}

/// How the matcher treats a name that is also a common word (see `data/place_words.tsv`).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Policy {
    Normal,
    Accent,
    Context,
    Word,
    Phrase,
    Never,
    GivenName,
}

pub(crate) fn place_words(errors: &mut Vec<DataError>) -> Vec<(Policy, &'static str)> {
    const FILE: &str = "data/place_words.tsv";
    let mut out = Vec::new();
    for (line, cols) in rows(PLACE_WORDS_TSV) {
        let (Some(policy), Some(name)) = (cols.first(), cols.get(1)) else {
            errors.push(DataError {
                file: FILE,
                line,
                message: "expected policy and name".into(),
            });
            continue;
        };
        let policy = match *policy {
            "accent" => Policy::Accent,
            "context" => Policy::Context,
            "word" => Policy::Word,
            "phrase" => Policy::Phrase,
            "never" => Policy::Never,
            "name" => Policy::GivenName,
            other => {
                errors.push(DataError {
                    file: FILE,
                    line,
                    message: format!("unknown policy {other:?}"),
                });
                continue;
            }
        };
        out.push((policy, *name));
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn bad_rows_are_reported_with_their_line_and_the_rest_is_read() {
        let text = "# comment\nLima\tPE\tLima\t-12.04\t-77.03\t7737002\t\n\
                    Bad\tXX\t\t1\t2\t3\t\nWorse\tPE\t\tnorth\t2\t3\t\nShort\tPE\n\
                    Cusco\tPE\tCusco\t-13.52\t-71.97\t312140\tCuzco\n";
        let mut errors = Vec::new();
        let rows = parse_cities(text, &mut errors);
        let names: Vec<&str> = rows.iter().map(|r| r.name).collect();
        assert_eq!(names, ["Lima", "Cusco"]);
        assert_eq!(rows[1].alternates, ["Cuzco"]);
        let lines: Vec<usize> = errors.iter().map(|e| e.line).collect();
        assert_eq!(lines, [3, 4, 5]);
        assert!(
            errors[0]
                .to_string()
                .contains("unknown country code \"XX\""),
            "{}",
            errors[0]
        );
        assert!(
            errors[1].to_string().contains("latitude \"north\""),
            "{}",
            errors[1]
        );
        assert!(errors[2]
            .to_string()
            .starts_with("data/geonames/cities.tsv:5:"));

        let mut errors = Vec::new();
        let rows = parse_demonyms(
            "PE\tes\tperuan{o,a\nPE\tqu\tx\nPE\ten\tPeruvian{,s}\tlang\n",
            &mut errors,
        );
        assert_eq!(rows.len(), 1);
        assert_eq!(rows[0].forms, ["Peruvian", "Peruvians"]);
        assert!(rows[0].english && rows[0].language_word);
        assert_eq!(errors.len(), 2);
    }

    #[test]
    fn braces_expand_to_every_form() {
        assert_eq!(
            expand_braces("venezolan{o,a,os,as}").unwrap(),
            ["venezolano", "venezolana", "venezolanos", "venezolanas"]
        );
        assert_eq!(expand_braces("belga{,s}").unwrap(), ["belga", "belgas"]);
        assert_eq!(expand_braces("Peruvian").unwrap(), ["Peruvian"]);
        assert_eq!(expand_braces("{a,b}x{1,2}").unwrap().len(), 4);
        assert!(expand_braces("bad{o,a").is_err());
        assert!(expand_braces("bad}").is_err());
    }
}
