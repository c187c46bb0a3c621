//! What statistics read, assembled the same whatever the database: records from rows ordered by
//! key with one row per value ([`Grouper`]), which facet a row holds, and the outlet of an
//! article from its web address. A backend only reads the columns.

use crate::api::cases::Facet;
use crate::api::news::NewsFacet;
use crate::api::statistics::{BudgetRequest, PrivacyRelease};
use crate::time::now_rfc3339;
use crate::{Result, StoreError};

/// Assembles records from rows ordered by their key, one row per value: each record is visited
/// once whole, as soon as a row of the next one arrives, so no more than one is held.
pub(crate) struct Grouper<'v, T> {
    current: Option<(i64, T)>,
    visit: &'v mut dyn FnMut(T) -> Result<()>,
    visited: u64,
}

impl<'v, T> Grouper<'v, T> {
    pub fn new(visit: &'v mut dyn FnMut(T) -> Result<()>) -> Self {
        Grouper {
            current: None,
            visit,
            visited: 0,
        }
    }

    /// The record of the row with `key`: the one being assembled when the key is its own, else
    /// a new one made by `start` (the one before is visited first).
    pub fn record(&mut self, key: i64, start: impl FnOnce() -> Result<T>) -> Result<&mut T> {
        if self.current.as_ref().map(|(k, _)| *k) != Some(key) {
            self.flush()?;
        }
        let (_, record) = match self.current.take() {
            Some(current) => self.current.insert(current),
            None => self.current.insert((key, start()?)),
        };
        Ok(record)
    }

    /// Visits the last record; how many were visited.
    pub fn finish(mut self) -> Result<u64> {
        self.flush()?;
        Ok(self.visited)
    }

    fn flush(&mut self) -> Result<()> {
        if let Some((_, done)) = self.current.take() {
            (self.visit)(done)?;
            self.visited += 1;
        }
        Ok(())
    }
}

/// The facet a pair of the cases scan names by its code, when the read wants it (`picklists`:
/// the descriptive HTCDS picklists too); facets this build does not know are skipped. Taken by
/// the code's bytes, without allocating: the scan asks about eighteen of these per case.
fn wanted_case_facet(code: &[u8], picklists: bool) -> Option<Facet> {
    Facet::from_code(code).filter(|f| picklists || !f.is_picklist())
}

/// The values of a case's facet values text (`cases.facet_values`) that statistics want.
pub(crate) fn wanted_case_facets(text: &str, picklists: bool) -> Vec<(Facet, String)> {
    crate::facets::facet_values_of(text)
        .filter_map(|(code, value)| {
            Some((
                wanted_case_facet(code.as_bytes(), picklists)?,
                value.to_string(),
            ))
        })
        .collect()
}

/// The facet a row of the incidents scan names (it reads countries and forms of exploitation
/// only); `None` for an incident without either.
pub(crate) fn incident_facet(name: Option<&[u8]>) -> Option<NewsFacet> {
    match name? {
        b"country" => Some(NewsFacet::Country),
        _ => Some(NewsFacet::Exploitation),
    }
}

/// The release `request` makes, `spent` of its budget having been spent already, or why it
/// may not be made.
pub(crate) fn release(
    request: &BudgetRequest<'_>,
    id: String,
    spent: f64,
    released_by: &str,
) -> Result<PrivacyRelease> {
    if spent + request.epsilon > request.total + 1e-9 {
        return Err(StoreError::Invalid(format!(
            "the privacy budget of {:?} is spent: {spent} of {} used, {} asked",
            request.dataset, request.total, request.epsilon
        )));
    }
    Ok(PrivacyRelease {
        id,
        dataset: request.dataset.to_string(),
        epsilon: request.epsilon,
        dimensions: request.dimensions.to_string(),
        released_by: released_by.to_string(),
        released_at: now_rfc3339(),
    })
}

/// The host of a web address, lower-cased and without `www.`: `https://www.ElComercio.pe/x` →
/// `elcomercio.pe`. Anything that is not an http(s) address with a host gives nothing.
pub(crate) fn url_host(url: &str) -> Option<String> {
    let rest = url
        .trim()
        .strip_prefix("https://")
        .or_else(|| url.trim().strip_prefix("http://"))?;
    let authority = rest.split(['/', '?', '#']).next()?;
    let host = authority.rsplit('@').next()?.split(':').next()?;
    let host = host.trim_end_matches('.').to_ascii_lowercase();
    let host = host.strip_prefix("www.").unwrap_or(&host);
    (host.contains('.')
        && host
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || c == '.' || c == '-'))
    .then(|| host.to_string())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_outlet_is_the_host_of_an_address() {
        assert_eq!(
            url_host("https://www.ElComercio.pe/lima/rescate?x=1").as_deref(),
            Some("elcomercio.pe")
        );
        assert_eq!(
            url_host("http://g1.globo.com:80/").as_deref(),
            Some("g1.globo.com")
        );
        assert_eq!(
            url_host("https://user@news.example.org").as_deref(),
            Some("news.example.org")
        );
        assert_eq!(url_host("ftp://example.org/a"), None);
        assert_eq!(url_host("not a url"), None);
        assert_eq!(url_host("https://localhost/"), None);
        assert_eq!(url_host("https://<script>.com/"), None);
    }

    #[test]
    fn rows_of_one_key_make_one_record_visited_once_whole() -> Result<()> {
        let mut seen = Vec::new();
        let mut visit = |r: (i64, Vec<&'static str>)| {
            seen.push(r);
            Ok(())
        };
        let mut grouper = Grouper::new(&mut visit);
        for (key, value) in [(1, "a"), (1, "b"), (4, "c"), (7, "d"), (7, "e")] {
            grouper.record(key, || Ok((key, Vec::new())))?.1.push(value);
        }
        assert_eq!(grouper.finish()?, 3);
        assert_eq!(
            seen,
            vec![(1, vec!["a", "b"]), (4, vec!["c"]), (7, vec!["d", "e"])]
        );
        Ok(())
    }

    #[test]
    fn a_release_fits_in_what_is_left_or_is_refused() {
        let request = BudgetRequest {
            dataset: "cases",
            epsilon: 0.5,
            total: 1.0,
            dimensions: "form",
        };
        let made = release(&request, "r1".into(), 0.5, "ana").unwrap();
        assert_eq!((made.epsilon, made.released_by.as_str()), (0.5, "ana"));
        assert!(matches!(
            release(&request, "r2".into(), 0.75, "ana"),
            Err(StoreError::Invalid(_))
        ));
    }

    #[test]
    fn no_rows_visit_nothing() {
        let mut visit = |_: ()| -> Result<()> { panic!("nothing to visit") };
        assert_eq!(Grouper::new(&mut visit).finish().unwrap(), 0);
    }

    #[test]
    fn facets_are_read_from_their_stored_names_and_codes() {
        assert_eq!(incident_facet(Some(b"country")), Some(NewsFacet::Country));
        assert_eq!(
            incident_facet(Some(b"exploitation")),
            Some(NewsFacet::Exploitation)
        );
        assert_eq!(incident_facet(None), None);
        assert_eq!(wanted_case_facet(b"no such facet", true), None);
        let picklist = Facet::ControlMethod;
        assert!(picklist.is_picklist());
        let code = picklist.code().as_bytes();
        assert_eq!(wanted_case_facet(code, true), Some(picklist));
        assert_eq!(wanted_case_facet(code, false), None);
        let code = Facet::Exploitation.code().as_bytes();
        assert_eq!(wanted_case_facet(code, false), Some(Facet::Exploitation));
        // A name is not a code.
        let name = Facet::Exploitation.as_str().as_bytes();
        assert_eq!(wanted_case_facet(name, true), None);
        // A case's text: picklists only when asked, unknown codes skipped.
        let text = format!(
            "{}\u{1f}SexualExploitation\u{1e}{}\u{1f}Threats\u{1e}z\u{1f}x",
            Facet::Exploitation.code(),
            picklist.code()
        );
        assert_eq!(
            wanted_case_facets(&text, false),
            vec![(Facet::Exploitation, "SexualExploitation".to_string())]
        );
        assert_eq!(wanted_case_facets(&text, true).len(), 2);
    }
}
