//! Every long job kind end to end, over real SQLite and, when `RASTRO_TEST_POSTGRES` names a
//! server, real PostgreSQL: queued by a member who may, done by a worker for that member with
//! the same result as the direct command, its progress in the queue; an attempt whose worker
//! died (its lease ran out after it did part of the work) is retried by the next worker and
//! nothing is done twice; a member whose role may not do the work cannot queue it.

#[path = "../../rastro-store/tests/pg_support/mod.rs"]
mod pg_support;

mod support;

use std::path::{Path, PathBuf};
use std::sync::atomic::AtomicBool;
use std::time::Duration;

use rastro_app::articles::{self, Articles, Input};
use rastro_app::jobs::{ReleaseJob, WorkerOptions};
use rastro_app::release::ReleaseRequest;
use rastro_app::{App, AppError, JobInfo, JobStatus, OrgKind, Quiet, Role, Session, StoreUrl};
use rastro_link::incident::IncidentSettings;
use rastro_stats::{Dimension, Filter};
use rastro_store::{IncidentUpdate, Store, StoreError};
use serde_json::Value;

/// A store with its application, and a second handle on it for a worker that dies.
struct World {
    dir: tempfile::TempDir,
    app: App,
    store: Store,
    _database: Option<pg_support::TempDatabase>,
}

impl World {
    fn sqlite() -> World {
        let dir = tempfile::tempdir().unwrap();
        let url = StoreUrl::in_data_dir(&dir.path().join("data"));
        let app = App::open(&url).unwrap();
        let store = Store::open(&url).unwrap();
        World::with(dir, app, store, None)
    }

    fn postgres() -> Option<World> {
        let server = pg_support::server()?;
        let database = pg_support::TempDatabase::create(&server);
        let dir = tempfile::tempdir().unwrap();
        let url = StoreUrl::parse(&database.url).unwrap();
        let key = dir.path().join("rastro.key");
        let app = App::open_with_key(&url, &key).unwrap();
        let store = Store::open_with_key(&url, &key).unwrap();
        Some(World::with(dir, app, store, Some(database)))
    }

    fn with(
        dir: tempfile::TempDir,
        app: App,
        store: Store,
        database: Option<pg_support::TempDatabase>,
    ) -> World {
        let admin = app.admin().unwrap();
        for org in ["Shelter", "Observatory", "Monitor", "Agency"] {
            admin.create_organisation(org, OrgKind::Ngo, None).unwrap();
        }
        World {
            dir,
            app,
            store,
            _database: database,
        }
    }

    fn member(&self, org: &str, role: Role) -> Session {
        support::member(&self.app, org, role)
    }

    /// Runs the queue dry with a worker of the application.
    fn work(&self) -> rastro_app::jobs::WorkDone {
        let options = WorkerOptions {
            name: "next".into(),
            lease: Duration::from_secs(60),
            poll: None,
        };
        rastro_app::jobs::work(&self.app, &options, &AtomicBool::new(false), &|_, _| {}).unwrap()
    }

    /// A worker takes the next job and dies holding it: its lease of a second runs out.
    fn take_and_die(&self, job: &JobInfo) {
        let dying = self.store.job_worker("dying", 1);
        let taken = dying.claim().unwrap().unwrap();
        assert_eq!(taken.info.id, job.id);
    }

    fn after_the_lease(&self) {
        std::thread::sleep(Duration::from_millis(2_100));
    }

    fn file(&self, name: &str, content: &str) -> PathBuf {
        let path = self.dir.path().join(name);
        std::fs::write(&path, content).unwrap();
        path
    }
}

/// Runs `test` over SQLite, then over PostgreSQL when a server is named.
fn on_each_backend(test: impl Fn(&World)) {
    test(&World::sqlite());
    if let Some(world) = World::postgres() {
        test(&world);
    }
}

fn job(session: &Session, id: &str) -> JobInfo {
    rastro_app::jobs::job(session, id).unwrap().unwrap()
}

fn result(job: &JobInfo) -> Value {
    assert_eq!(job.status, JobStatus::Done, "{job:?}");
    serde_json::from_str(job.result.as_deref().unwrap()).unwrap()
}

fn forbidden(outcome: rastro_app::Result<JobInfo>) -> bool {
    matches!(outcome, Err(AppError::Store(StoreError::Forbidden { .. })))
}

/// Synthetic news (several outlets reporting each event) as JSON lines.
fn news_file(world: &World, events: usize) -> PathBuf {
    let lines: Vec<String> = rastro_synth::news::generate_articles(7, events, 20_000)
        .iter()
        .map(|a| {
            serde_json::json!({
                "id": a.id, "title": a.title, "text": a.text, "url": a.url,
                "published": a.published,
            })
            .to_string()
        })
        .collect();
    world.file("news.jsonl", &(lines.join("\n") + "\n"))
}

fn read_news(path: &Path) -> Articles {
    articles::read(&[Input::Paths(&[path.to_path_buf()])], &[], &Quiet)
}

/// The first `n` articles of a read, as an attempt that died after `n` would have stored them.
fn first(read: &Articles, n: usize) -> Articles {
    Articles {
        articles: read.articles[..n].to_vec(),
        sources: read.sources[..n].to_vec(),
        ..Articles::default()
    }
}

fn cases_file(world: &World, count: u64) -> PathBuf {
    let path = world.dir.path().join("cases.csv");
    let out = std::fs::File::create(&path).unwrap();
    rastro_app::synth::generate_cases(count, 11, false, Box::new(out), &Quiet).unwrap();
    path
}

#[test]
fn news_ingestion_as_a_job_equals_the_command_and_a_retry_stores_nothing_twice() {
    on_each_backend(|world| {
        let path = news_file(world, 12);
        let read = read_news(&path);
        let all = read.articles.len();
        assert!(all > 12, "several reports per event: {all}");

        let direct =
            rastro_app::news::ingest(&world.member("Observatory", Role::Analyst), &read, &Quiet)
                .unwrap();
        let expected = serde_json::to_value(&direct).unwrap();

        // Queued and done in one go: the command's report.
        let agency = world.member("Agency", Role::Analyst);
        let queued = rastro_app::jobs::queue_news_ingest(&agency, &path).unwrap();
        assert_eq!(queued.status, JobStatus::Queued);
        assert_eq!(world.work().done, 1);
        let done = job(&agency, &queued.id);
        assert_eq!(result(&done), expected);
        assert_eq!((done.done, done.total), (all as u64, Some(all as u64)));

        // A worker dies after storing five articles; the next stores the rest, once.
        let monitor = world.member("Monitor", Role::Analyst);
        let queued = rastro_app::jobs::queue_news_ingest(&monitor, &path).unwrap();
        world.take_and_die(&queued);
        rastro_app::news::ingest(&monitor, &first(&read, 5), &Quiet).unwrap();
        world.after_the_lease();
        assert_eq!(world.work().done, 1);
        let done = job(&monitor, &queued.id);
        assert_eq!(done.attempts, 2);
        let retried = result(&done);
        assert_eq!(
            retried["stored"].as_u64().unwrap() + 5,
            direct.stored,
            "{retried}"
        );
        let own = |s: &Session| rastro_app::backlog::reextract(s, &Quiet).unwrap().articles;
        assert_eq!(own(&monitor), direct.stored, "every article once");
        assert_eq!(own(&agency), direct.stored);

        // Only a role that ingests news may queue it.
        let caseworker = world.member("Monitor", Role::Caseworker);
        assert!(forbidden(rastro_app::jobs::queue_news_ingest(
            &caseworker,
            &path
        )));
    });
}

#[test]
fn a_folder_of_articles_is_queued_as_one_job_that_stores_what_the_command_would() {
    on_each_backend(|world| {
        let folder = world.dir.path().join("inbox");
        std::fs::create_dir_all(folder.join("older")).unwrap();
        let jsonl = news_file(world, 3);
        std::fs::rename(&jsonl, folder.join("feed.jsonl")).unwrap();
        std::fs::write(
            folder.join("older/raid.txt"),
            "La policía rescató a 14 mujeres explotadas sexualmente en Cusco y detuvo a 3 personas.",
        )
        .unwrap();
        std::fs::write(folder.join("broken.jsonl"), "{\"id\": \"x1\", \"text\": \n").unwrap();
        std::fs::write(folder.join("notes.csv"), "not,an,article\n").unwrap();

        let read = articles::read(&[Input::Paths(std::slice::from_ref(&folder))], &[], &Quiet);
        let direct =
            rastro_app::news::ingest(&world.member("Observatory", Role::Analyst), &read, &Quiet)
                .unwrap();

        let agency = world.member("Agency", Role::Analyst);
        let queued =
            rastro_app::jobs::queue_news_ingest_paths(&agency, std::slice::from_ref(&folder))
                .unwrap();
        assert_eq!(queued.articles, read.articles.len());
        assert_eq!(
            queued.errors, read.errors,
            "the broken line is reported at queue time"
        );
        assert!(queued.errors > 0);
        assert_eq!(world.work().done, 1);
        let done = job(&agency, &queued.job.id);
        assert_eq!(result(&done)["stored"], serde_json::json!(direct.stored));
        let own = rastro_app::backlog::reextract(&agency, &Quiet)
            .unwrap()
            .articles;
        assert_eq!(
            own, direct.stored,
            "the text file and every line of the feed"
        );

        // A folder with nothing to read queues nothing.
        let empty = world.dir.path().join("empty");
        std::fs::create_dir_all(&empty).unwrap();
        let refused = rastro_app::jobs::queue_news_ingest_paths(&agency, &[empty]).unwrap_err();
        assert!(
            refused.to_string().contains("no articles found"),
            "{refused}"
        );
        assert_eq!(rastro_app::jobs::jobs(&agency, 10).unwrap().len(), 1);
    });
}

/// Ingests `read` for `session` and then overwrites its incidents with empty ones, as rules older
/// than these would have stored; returns each article's id and its incident as extracted now.
fn stale_incidents(world: &World, session: &Session, read: &Articles) -> Vec<(String, String)> {
    rastro_app::news::ingest(session, read, &Quiet).unwrap();
    let scope = world.store.scope(session.actor());
    let page = scope.own_articles(None, 1_000).unwrap();
    let updates: Vec<IncidentUpdate<'_>> = page
        .articles
        .iter()
        .map(|a| IncidentUpdate {
            article_id: &a.id,
            language: "es",
            incident: "{}",
            victims: None,
            arrests: None,
            smuggling: false,
            event_date: None,
            facets: &[],
        })
        .collect();
    scope.replace_incidents(&updates).unwrap();
    page.articles
        .into_iter()
        .map(|a| (a.id, a.incident))
        .collect()
}

#[test]
fn extracting_again_makes_the_event_run_again_with_its_own_settings() {
    on_each_backend(|world| {
        let read = read_news(&news_file(world, 6));
        let analyst = world.member("Observatory", Role::Analyst);
        rastro_app::news::ingest(&analyst, &read, &Quiet).unwrap();
        let strict = IncidentSettings {
            threshold: 0.999,
            ..IncidentSettings::default()
        };
        let linking = rastro_app::events::link_events(&analyst, strict, &Quiet).unwrap();
        let (before, _) = rastro_app::events::store_events(&analyst, &linking).unwrap();
        // The rules change under the stored incidents (a second ingestion stores nothing).
        stale_incidents(world, &analyst, &read);

        let report = rastro_app::backlog::reextract(&analyst, &Quiet).unwrap();
        assert_eq!(report.replaced, read.articles.len() as u64);
        let after = world
            .store
            .scope(analyst.actor())
            .latest_event_linkage()
            .unwrap()
            .unwrap();
        assert_ne!(after.id, before.id, "a new run");
        assert_eq!(report.events_relinked, Some(after.events));
        assert_eq!(
            after.settings, before.settings,
            "made with the run's own threshold"
        );
        // What linking the fresh incidents with those settings finds.
        let fresh = rastro_app::events::link_events(&analyst, strict, &Quiet).unwrap();
        let distinct: std::collections::HashSet<u32> = fresh.events.iter().copied().collect();
        assert_eq!(after.events, distinct.len() as u64);

        // Nothing changed the second time: the run stays.
        let again = rastro_app::backlog::reextract(&analyst, &Quiet).unwrap();
        assert_eq!((again.replaced, again.events_relinked), (0, None));
    });
}

#[test]
fn the_extraction_backlog_as_a_job_replaces_what_changed_and_a_retry_nothing_twice() {
    on_each_backend(|world| {
        let path = news_file(world, 4);
        let read = read_news(&path);
        let stale = |session: &Session| stale_incidents(world, session, &read);

        let observatory = world.member("Observatory", Role::Analyst);
        let originals = stale(&observatory);
        let n = originals.len() as u64;
        let direct = rastro_app::backlog::reextract(&observatory, &Quiet).unwrap();
        assert_eq!((direct.articles, direct.replaced), (n, n));

        let agency = world.member("Agency", Role::Analyst);
        stale(&agency);
        let queued = rastro_app::jobs::queue_reextraction(&agency).unwrap();
        world.work();
        let done = job(&agency, &queued.id);
        assert_eq!(result(&done), serde_json::to_value(&direct).unwrap());
        assert_eq!((done.done, done.total), (n, Some(n)));

        // A worker dies after replacing three; the next replaces the rest and no more.
        let monitor = world.member("Monitor", Role::Analyst);
        let originals = stale(&monitor);
        let queued = rastro_app::jobs::queue_reextraction(&monitor).unwrap();
        world.take_and_die(&queued);
        let scope = world.store.scope(monitor.actor());
        let page = scope.own_articles(None, 3).unwrap();
        // What the dead attempt wrote for each: the incident with its values, as extracted.
        let incidents: Vec<(String, &String, rastro_extract::Incident, Vec<_>)> = page
            .articles
            .iter()
            .map(|a| {
                let (_, json) = originals.iter().find(|(id, _)| *id == a.id).unwrap();
                let incident: rastro_extract::Incident = serde_json::from_str(json).unwrap();
                let facets = rastro_app::news::facets(&incident);
                (a.id.clone(), json, incident, facets)
            })
            .collect();
        let redone: Vec<IncidentUpdate<'_>> = incidents
            .iter()
            .map(|(id, json, incident, facets)| IncidentUpdate {
                article_id: id,
                language: incident.language.code(),
                incident: json,
                victims: incident.victims,
                arrests: incident.arrests,
                smuggling: incident.smuggling,
                event_date: incident.date.as_deref(),
                facets,
            })
            .collect();
        assert_eq!(scope.replace_incidents(&redone).unwrap(), 3);
        world.after_the_lease();
        world.work();
        let done = job(&monitor, &queued.id);
        assert_eq!(done.attempts, 2);
        let retried = result(&done);
        assert_eq!(retried["replaced"], n - 3, "{retried}");
        assert_eq!(retried["unchanged"], 3, "{retried}");
        let now = scope.own_articles(None, 1_000).unwrap();
        for article in &now.articles {
            let (_, json) = originals.iter().find(|(id, _)| *id == article.id).unwrap();
            assert_eq!(&article.incident, json, "extracted as at ingestion");
        }

        let caseworker = world.member("Monitor", Role::Caseworker);
        assert!(forbidden(rastro_app::jobs::queue_reextraction(&caseworker)));
    });
}

#[test]
fn linkage_runs_as_jobs_equal_the_commands_and_survive_a_dead_worker() {
    on_each_backend(|world| {
        // Persons: the caseworker's cases, linked with the built-in configuration.
        let shelter = world.member("Shelter", Role::Caseworker);
        let cases = cases_file(world, 150);
        rastro_app::cases::import_cases(
            &shelter,
            &cases,
            &rastro_import::ImportOptions::default(),
            None,
            &Quiet,
        )
        .unwrap();
        let config = rastro_app::files::load_config(None).unwrap();
        let direct =
            rastro_app::persons::link_persons(&shelter, &config.config, &config.text, &Quiet)
                .unwrap();
        let queued = rastro_app::jobs::queue_person_linkage(&shelter, None, None).unwrap();
        world.take_and_die(&queued);
        world.after_the_lease();
        world.work();
        let done = job(&shelter, &queued.id);
        assert_eq!(done.attempts, 2);
        let linked = result(&done);
        assert_eq!(linked["records"], direct.run.records);
        assert_eq!(linked["pairs"], direct.run.pairs);
        assert_eq!(linked["entities"], direct.run.entities);
        assert_eq!(linked["candidate_pairs"], direct.candidate_pairs);
        assert_ne!(linked["run"], direct.run.id, "a run of its own");
        assert!(done.total.is_some(), "progress was reported: {done:?}");
        let auditor = world.member("Shelter", Role::Auditor);
        assert!(forbidden(rastro_app::jobs::queue_person_linkage(
            &auditor, None, None
        )));

        // Events: the analyst's news grouped into events.
        let observatory = world.member("Observatory", Role::Analyst);
        rastro_app::news::ingest(&observatory, &read_news(&news_file(world, 10)), &Quiet).unwrap();
        let settings = IncidentSettings::default();
        let linking = rastro_app::events::link_events(&observatory, settings, &Quiet).unwrap();
        let (run, count) = rastro_app::events::store_events(&observatory, &linking).unwrap();
        let queued = rastro_app::jobs::queue_event_linkage(&observatory, None, None).unwrap();
        world.work();
        let grouped = result(&job(&observatory, &queued.id));
        assert_eq!(grouped["reports"], run.reports);
        assert_eq!(grouped["events"], run.events);
        assert_eq!(grouped["pairs"], run.pairs);
        assert_eq!(grouped["victims_in_events"], count.victims_in_events);
        assert!(run.events < run.reports, "reports of one event grouped");
        let caseworker = world.member("Observatory", Role::Caseworker);
        assert!(forbidden(rastro_app::jobs::queue_event_linkage(
            &caseworker,
            None,
            None
        )));
    });
}

#[test]
fn a_release_as_a_job_equals_the_command_and_a_retry_pays_nothing_twice() {
    on_each_backend(|world| {
        let shelter = world.member("Shelter", Role::Caseworker);
        rastro_app::cases::import_cases(
            &shelter,
            &cases_file(world, 200),
            &rastro_import::ImportOptions::default(),
            None,
            &Quiet,
        )
        .unwrap();
        let dims = [Dimension::parse("form").unwrap()];
        let filter = Filter::parse_pairs(Vec::<(String, String)>::new()).unwrap();
        let direct = rastro_app::release::release(
            &shelter,
            &ReleaseRequest {
                dims: &dims,
                filter: &filter,
                k: 11,
                epsilon: None,
                dataset: "cases",
                budget: 1.0,
            },
        )
        .unwrap();
        let mut csv = Vec::new();
        rastro_stats::csv_out::write_release(&mut csv, &direct).unwrap();
        let exact = ReleaseJob {
            by: vec!["form".into()],
            k: 11,
            epsilon: None,
            dataset: "cases".into(),
            budget: 1.0,
            filters: Vec::new(),
        };
        let queued = rastro_app::jobs::queue_release(&shelter, &exact).unwrap();
        world.work();
        let made = result(&job(&shelter, &queued.id));
        assert_eq!(made["csv"], String::from_utf8(csv).unwrap());

        // A private release whose worker died after paying: the retry pays nothing again.
        let private = ReleaseJob {
            epsilon: Some(0.4),
            ..exact.clone()
        };
        let queued = rastro_app::jobs::queue_release(&shelter, &private).unwrap();
        world.take_and_die(&queued);
        rastro_app::release::release_once(
            &shelter,
            &ReleaseRequest {
                dims: &dims,
                filter: &filter,
                k: 11,
                epsilon: Some(0.4),
                dataset: "cases",
                budget: 1.0,
            },
            &queued.id,
        )
        .unwrap();
        world.after_the_lease();
        world.work();
        let done = job(&shelter, &queued.id);
        assert_eq!(done.attempts, 2);
        assert_eq!(result(&done)["release"], queued.id.as_str());
        let ledger = rastro_app::release::spent(&shelter, "cases").unwrap();
        assert_eq!(ledger.len(), 1, "{ledger:?}");
        assert_eq!(ledger[0].id, queued.id);

        // Bad options are refused when queued; a role without statistics cannot queue one.
        let bad = ReleaseJob {
            by: vec!["shoe_size".into()],
            ..exact.clone()
        };
        assert!(rastro_app::jobs::queue_release(&shelter, &bad).is_err());
        let searching = ReleaseJob {
            filters: vec![("q".into(), "María Quispe".into())],
            ..exact.clone()
        };
        assert!(
            matches!(
                rastro_app::jobs::queue_release(&shelter, &searching),
                Err(AppError::Refused(_))
            ),
            "searched text is not kept in a job's input"
        );
        let auditor = world.member("Shelter", Role::Auditor);
        assert!(forbidden(rastro_app::jobs::queue_release(&auditor, &exact)));
    });
}
