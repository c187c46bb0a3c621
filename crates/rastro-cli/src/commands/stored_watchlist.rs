//! Between the screening engine's people and the store's watchlist entries: the engine knows no
//! SQL and the store no name analysis, so the shell translates. Entries hold what a reader
//! accepted, in the engine's own spellings, so the translation back is exact.

use anyhow::{bail, Context, Result};
use rastro_screen::{parse_birth_date, Gender, Person};
use rastro_store::{Scope, WatchlistEntry, WatchlistInfo};

/// A person read from row `source_row` of a watchlist file, as the store keeps it. Takes the
/// person so that a list of millions is not held twice.
pub fn to_entry(person: Person, source_row: u64) -> WatchlistEntry {
    WatchlistEntry {
        source_row,
        birth_dates: person.birth_dates.iter().map(|d| d.to_string()).collect(),
        gender: person.gender.map(|g| g.as_str().to_string()),
        nationalities: person
            .nationalities
            .iter()
            .map(|c| c.as_str().to_string())
            .collect(),
        source_id: person.id,
        names: person.names,
        documents: person.documents,
        topics: person.topics,
    }
}

/// The person a stored entry was made from. Fails only on an entry the store holds in a form
/// `to_entry` never writes (a damaged or hand-edited database).
pub fn to_person(entry: WatchlistEntry) -> Result<Person, String> {
    let birth_dates = entry
        .birth_dates
        .iter()
        .map(|d| parse_birth_date(d).map_err(|e| format!("birth date {d:?}: {e}")))
        .collect::<Result<Vec<_>, _>>()?;
    let gender = match entry.gender.as_deref() {
        None => None,
        Some(g) => Some(Gender::parse(g).ok_or_else(|| format!("gender {g:?}"))?),
    };
    let nationalities = entry
        .nationalities
        .iter()
        .map(|c| {
            rastro_geo::countries()
                .parse(c)
                .map_err(|e| format!("nationality {c:?}: {e}"))
        })
        .collect::<Result<Vec<_>, _>>()?;
    if entry.names.is_empty() {
        return Err("no name".to_string());
    }
    Ok(Person {
        id: entry.source_id,
        names: entry.names,
        birth_dates,
        gender,
        nationalities,
        documents: entry.documents,
        topics: entry.topics,
    })
}

/// The people of a stored list the scope sees, in file order, with each one's source row.
pub fn load(scope: &Scope<'_>, name: &str) -> Result<(WatchlistInfo, Vec<Person>, Vec<u64>)> {
    let Some(info) = scope.watchlist(name)? else {
        bail!(
            "no watchlist named {name:?} for organisation {:?} (see `rastro watchlist list`)",
            scope.organisation().name
        );
    };
    let mut people = Vec::with_capacity(info.entries as usize);
    let mut rows = Vec::with_capacity(info.entries as usize);
    let mut damaged = None;
    scope
        .for_each_watchlist_entry(&info.id, &mut |entry| {
            let row = entry.source_row;
            match to_person(entry) {
                Ok(p) => {
                    people.push(p);
                    rows.push(row);
                }
                Err(reason) => {
                    damaged.get_or_insert((row, reason));
                }
            }
            Ok(())
        })
        .with_context(|| format!("reading watchlist {name:?}"))?;
    if let Some((row, reason)) = damaged {
        bail!("watchlist {name:?}: the stored entry from row {row} is unreadable ({reason}); import the list again");
    }
    Ok((info, people, rows))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn people_survive_the_round_trip() {
        let csv = "id,full_name,aliases,date_of_birth,gender,nationality,document_number,topics\n\
                   w1,María José García,Majo,1980-03;1981,F,Perú;BR,AB-123,sanction;crime\n\
                   w2,Ana Ruiz,,,,,,\n";
        let out = rastro_screen::read_csv(csv.as_bytes()).unwrap();
        assert_eq!(out.people.len(), 2);
        for (p, row) in out.people.iter().zip(&out.source_rows) {
            let entry = to_entry(p.clone(), *row);
            assert_eq!(entry.source_row, *row);
            assert_eq!(&to_person(entry).unwrap(), p);
        }
    }

    #[test]
    fn damaged_entries_are_refused() {
        let entry = WatchlistEntry {
            source_id: "x".into(),
            names: vec!["Ana".into()],
            birth_dates: vec!["1980-13".into()],
            ..WatchlistEntry::default()
        };
        assert!(to_person(entry).unwrap_err().contains("birth date"));
    }
}
