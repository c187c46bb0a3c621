//! The demonstration's news: articles the project generates itself (several outlets reporting
//! the same events, in Spanish, Portuguese and English), ingested by the regional hub, their
//! incidents extracted, the reports of one event linked, and the news shared with every member,
//! who link them too. Running it again adds nothing twice.

use rastro_extract::Article;
use rastro_link::incident::IncidentSettings;
use rastro_store::{Basis, GrantTarget, Grantee, Level, RecordKind, Role};

use crate::articles::Articles;
use crate::demo::{demo_user, DEMO_ORGS, DEMO_PASSWORD};
use crate::grants::{grant, GrantRequest};
use crate::progress::Progress;
use crate::session::App;
use crate::Result;

/// Events the demonstration's articles report.
pub const DEMO_EVENTS: usize = 900;

/// What the demonstration's news came to.
pub struct DemoNews {
    pub articles: usize,
    pub stored: u64,
    /// Distinct events found by linking the hub's articles.
    pub events: u64,
}

/// Generates, ingests, shares and links the demonstration's news; `today` in days since
/// 1970-01-01, so the articles end now.
pub fn news(app: &App, seed: u64, today: i64, progress: &dyn Progress) -> Result<DemoNews> {
    news_with(app, seed, DEMO_EVENTS, today, progress)
}

/// As [`news`], with `events` events (the load benchmark's larger collections).
pub fn news_with(
    app: &App,
    seed: u64,
    events: usize,
    today: i64,
    progress: &dyn Progress,
) -> Result<DemoNews> {
    let generated = rastro_synth::news::generate_articles(seed, events, today);
    let mut read = Articles::default();
    for a in &generated {
        read.articles.push(Article {
            id: a.id.clone(),
            title: Some(a.title.clone()),
            text: a.text.clone(),
            url: Some(a.url.clone()),
            published: Some(a.published.clone()),
            line: None,
        });
        read.sources.push("demo-news".to_string());
    }
    let (hub, _, _, hub_prefix) = DEMO_ORGS[2];
    let sign_in = |prefix: &str, role| app.sign_in(&demo_user(prefix, role), DEMO_PASSWORD);
    let analyst = sign_in(hub_prefix, Role::Analyst)?;
    let report = crate::news::ingest(&analyst, &read, progress)?;
    let admin = sign_in(hub_prefix, Role::OrgAdmin)?;
    let purpose = "published news for every member";
    if !crate::grants::list(&admin, true)?
        .iter()
        .any(|g| g.active && g.purpose == purpose)
    {
        grant(
            &admin,
            &GrantRequest {
                kind: RecordKind::Article,
                target: GrantTarget::All,
                grantee: Grantee::Everyone,
                level: Level::Detail,
                purpose,
                basis: Basis::PublicInterest,
                expires_at: None,
            },
        )?;
    }
    let mut events = 0;
    for (prefix, role) in [
        (hub_prefix, Role::Analyst),
        (DEMO_ORGS[1].3, Role::Analyst),
        (DEMO_ORGS[0].3, Role::Analyst),
    ] {
        let session = sign_in(prefix, role)?;
        let linking = crate::events::link_events(&session, IncidentSettings::default(), progress)?;
        let (_, count) = crate::events::store_events(&session, &linking)?;
        if prefix == hub_prefix {
            events = count.events;
        }
    }
    tracing::info!(
        "{hub}: {} demonstration articles, {events} events",
        generated.len()
    );
    Ok(DemoNews {
        articles: generated.len(),
        stored: report.stored,
        events,
    })
}

/// The demonstration's watchlist: generated people (never the cases' own persons), kept by the
/// police and shared with every member, so that the screening page has a list to check against.
pub const DEMO_LIST: &str = "demo-watchlist";

/// People on the demonstration's list.
const DEMO_LIST_PEOPLE: usize = 400;

/// Writes and stores the demonstration's watchlist (replacing it when run again) and shares it.
pub fn watchlist(app: &App, work_dir: &std::path::Path, seed: u64) -> Result<u64> {
    let path = work_dir.join("demo-watchlist.csv");
    let mut writer = csv::Writer::from_path(&path)
        .map_err(|e| crate::AppError::Refused(format!("writing {}: {e}", path.display())))?;
    let failed = |e: csv::Error| crate::AppError::Refused(format!("writing the demo list: {e}"));
    writer
        .write_record([
            "id",
            "name",
            "birth_date",
            "nationality",
            "document_number",
            "topics",
        ])
        .map_err(failed)?;
    // A seed of its own, so the list's people are not the cases' people.
    let mut people = rastro_synth::CaseGenerator::new(seed.wrapping_mul(7_919).wrapping_add(1));
    for i in 0..DEMO_LIST_PEOPLE {
        let record = people.next_case();
        let person = &record.person;
        let name = [&person.first_name, &person.middle_name, &person.second_name]
            .iter()
            .filter_map(|p| p.as_deref())
            .collect::<Vec<_>>()
            .join(" ");
        if name.trim().is_empty() {
            continue;
        }
        writer
            .write_record([
                format!("W{i:04}"),
                name,
                person.birthdate.map(|d| d.to_string()).unwrap_or_default(),
                person
                    .citizenship
                    .first()
                    .map(|c| c.to_string())
                    .unwrap_or_default(),
                format!("DOC{:07}", 1_000_000 + i * 37),
                "crime.traffick".to_string(),
            ])
            .map_err(failed)?;
    }
    writer.flush().map_err(|e| crate::AppError::Io {
        path: path.clone(),
        source: e,
    })?;
    drop(writer);
    let (_, _, _, police) = DEMO_ORGS[1];
    let analyst = app.sign_in(&demo_user(police, Role::Analyst), DEMO_PASSWORD)?;
    let imported = crate::watchlists::import_list(&analyst, &path, DEMO_LIST, &crate::Quiet)?;
    let admin = app.sign_in(&demo_user(police, Role::OrgAdmin), DEMO_PASSWORD)?;
    let purpose = "screening by every member";
    let list_id = crate::grants::own_list(&admin, DEMO_LIST)?;
    let target = rastro_store::GrantTarget::Record(list_id);
    if !crate::grants::list(&admin, true)?
        .iter()
        .any(|g| g.active && g.purpose == purpose && g.target == target)
    {
        crate::grants::share_list(&admin, DEMO_LIST, purpose)?;
    }
    Ok(imported.imported)
}

/// Links the persons the hub's analyst sees (the police's forced-labour cases in detail, through
/// pseudonyms), so the overview can count persons once; returns how many distinct persons.
pub fn link_persons(app: &App, progress: &dyn Progress) -> Result<u64> {
    let (_, _, _, hub) = DEMO_ORGS[2];
    let analyst = app.sign_in(&demo_user(hub, Role::HubAnalyst), DEMO_PASSWORD)?;
    let config = rastro_link::LinkConfig::default_person()?;
    let report = crate::persons::link_persons(
        &analyst,
        &config,
        rastro_link::LinkConfig::default_person_text(),
        progress,
    )?;
    Ok(report.run.entities)
}
