//! Synthetic news about human trafficking and migrant smuggling in Latin America, in Spanish,
//! Portuguese and English, for the demonstration dashboard.
//!
//! Each synthetic event (a rescue, a raid, an interception of migrants) has one set of facts
//! ([`SynthEvent`]) and is reported by one to four fictional outlets, in their own words and
//! languages, zero to three days after it happened. About a tenth of the articles are controls
//! about something else entirely (a trade fair, a football match, a migration bill, tourism), so
//! that the dashboard has articles that are not incidents. Everything is deterministic for a
//! seed; every line of every template was written for this project.

mod events;
mod outlets;
mod places;
mod templates;
mod words;

pub use events::{EventKind, Form, Route, SynthEvent, Topic};

use crate::Rng;
use outlets::OUTLETS;
use templates::Style;
use words::{date_of, slug};

/// One generated article.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct SynthArticle {
    pub id: String,
    pub title: String,
    /// Plain text, paragraphs separated by blank lines; the title is not repeated.
    pub text: String,
    pub url: String,
    /// `YYYY-MM-DD`.
    pub published: String,
    /// "es", "pt" or "en".
    pub language: &'static str,
    /// The synthetic event the article reports (its [`SynthEvent::id`]).
    pub event: u32,
}

/// Events and the articles that report them.
pub struct SynthNews {
    /// The `events` incidents first (ids `0..events`), then the control events.
    pub events: Vec<SynthEvent>,
    /// Sorted by publication date, then id.
    pub articles: Vec<SynthArticle>,
}

/// How far back the news goes: 30 months.
pub const SPAN_DAYS: i64 = 913;

/// Kept apart from the case generator's stream, so the same seed gives unrelated people and news.
const NEWS_SALT: u64 = 0x6E65_7773_5F76_3031;

/// `events` incidents reported over the 30 months before `today_days` (days since 1970-01-01),
/// with about one control article for every nine incident articles.
pub fn generate_articles(seed: u64, events: usize, today_days: i64) -> Vec<SynthArticle> {
    generate_news(seed, events, today_days).articles
}

/// Like [`generate_articles`], with the facts each article was written from.
pub fn generate_news(seed: u64, events: usize, today_days: i64) -> SynthNews {
    let mut rng = Rng::new(seed ^ NEWS_SALT);
    let mut all: Vec<SynthEvent> = Vec::with_capacity(events + events / 4);
    let mut reports: Vec<Vec<(usize, i64)>> = Vec::with_capacity(events + events / 4);
    for i in 0..events {
        // The first event is always recent, so that even a handful of events has one in the
        // last 30 days; the rest are denser towards today (age ~ span * u^1.6: about 12 % in
        // the last month, more than half in the last year).
        let age = if i == 0 {
            rng.below(30) as i64
        } else {
            (SPAN_DAYS as f64 * rng.unit().powf(1.6)) as i64
        };
        let event = events::draw(&mut rng, i as u32, today_days - age);
        let outlets_n = *rng.weighted(&[(1usize, 35.0), (2, 30.0), (3, 20.0), (4, 15.0)]);
        let chosen = outlets::choose(&mut rng, event.country, outlets_n);
        // Published zero to three days later, never after today.
        let plan = chosen
            .into_iter()
            .map(|o| (o, event.day + (rng.below(4) as i64).min(age)))
            .collect();
        all.push(event);
        reports.push(plan);
    }
    let incident_articles: usize = reports.iter().map(|r| r.len()).sum();
    let controls = (incident_articles + 4) / 9;
    for j in 0..controls {
        let age = (SPAN_DAYS as f64 * rng.unit().powf(1.6)) as i64;
        let event = events::draw_control(&mut rng, (events + j) as u32, today_days - age);
        let chosen = outlets::choose(&mut rng, event.country, 1);
        let plan = chosen
            .into_iter()
            .map(|o| (o, event.day + (rng.below(2) as i64).min(age)))
            .collect();
        all.push(event);
        reports.push(plan);
    }

    let mut articles = Vec::with_capacity(incident_articles + controls);
    for (event, plan) in all.iter().zip(&reports) {
        let base = rng.below(5);
        for (k, &(outlet_index, published)) in plan.iter().enumerate() {
            let Some(outlet) = OUTLETS.get(outlet_index) else {
                continue;
            };
            let style = Style {
                variant: base + k,
                words: rng.chance(0.3),
                calendar: rng.chance(0.35),
                alt: rng.chance(0.35),
                nationality: rng.chance(0.5),
                published,
            };
            let (title, text) = templates::render(event, outlet.lang, &style, &mut rng);
            // Wires open with a dateline naming the city and themselves, as wire copy does.
            let text = if outlet.covers.is_empty() {
                format!("{} — {text}", dateline(event, outlet))
            } else {
                text
            };
            let date = date_of(published);
            let url = format!(
                "https://{}/{:04}/{:02}/{}-{}",
                outlet.domain,
                date.year(),
                date.month(),
                slug(&title),
                100_000 + event.id as u64 * 10 + k as u64
            );
            articles.push(SynthArticle {
                id: format!("news-{seed:x}-{}-{k}", event.id),
                title,
                text,
                url,
                published: date.to_string(),
                language: outlet.lang.code(),
                event: event.id,
            });
        }
    }
    articles.sort_by(|a, b| (&a.published, &a.id).cmp(&(&b.published, &b.id)));
    SynthNews {
        events: all,
        articles,
    }
}

/// "CUSCO, Peru (Hemisphere Wire)": the city in capitals without its article, the country and
/// the outlet.
fn dateline(event: &SynthEvent, outlet: &outlets::Outlet) -> String {
    let country = event.country_info();
    let city = country.cities[event.city.min(country.cities.len() - 1)].name(outlet.lang);
    let city = ["la ", "a ", "o "]
        .iter()
        .find_map(|article| city.strip_prefix(article))
        .unwrap_or(city);
    format!(
        "{}, {} ({})",
        city.to_uppercase(),
        bare_name(country.name(outlet.lang)),
        outlet.name
    )
}

/// "Dominican Republic" in a dateline, not "the Dominican Republic".
fn bare_name(name: &str) -> &str {
    name.strip_prefix("the ").unwrap_or(name)
}
