//! Jobs end to end: an import queued by a caseworker is done by `rastro worker` with that
//! caseworker's rights; queued twice it adds nothing; a worker killed in the middle of an import
//! leaves the job to the next worker once its lease runs out, and the file ends up stored once,
//! every record exactly once.

mod common;
use common::{command, ok, rastro, rastro_as, token};

use std::time::{Duration, Instant};

fn job_of(queued: &str) -> String {
    queued
        .lines()
        .find(|line| line.starts_with("queued job "))
        .expect("a line naming the queued job")
        .split_whitespace()
        .nth(2)
        .expect("queued job ID")
        .to_string()
}

fn show(dir: &std::path::Path, id: &str) -> serde_json::Value {
    let shown = ok(rastro_as(
        "Shelter",
        "caseworker",
        &["jobs", "show", id],
        dir,
    ));
    serde_json::from_str(&shown).unwrap()
}

fn stored_cases(dir: &std::path::Path) -> usize {
    let csv = ok(rastro_as(
        "Shelter",
        "caseworker",
        &["export", "cases"],
        dir,
    ));
    csv.lines().count().saturating_sub(1)
}

#[test]
fn a_queued_import_is_done_by_a_worker_once() {
    let tmp = tempfile::tempdir().unwrap();
    let dir = tmp.path();
    std::fs::write(
        dir.join("cases.csv"),
        "prs_FirstName,prs_SecondName,vic_TypeOfExploitation\n\
         Canaria,Quispe,ForcedLabour\nRosa,Mamani,SexualExploitation\nLuz,Apaza,ForcedBegging\n",
    )
    .unwrap();
    let refused = rastro_as(
        "Shelter",
        "analyst",
        &["import", "cases", "cases.csv", "--queue"],
        dir,
    );
    assert!(!refused.status.success(), "an analyst may not import");
    let queued = ok(rastro_as(
        "Shelter",
        "caseworker",
        &["import", "cases", "cases.csv", "--queue"],
        dir,
    ));
    let id = job_of(&queued);
    assert_eq!(show(dir, &id)["status"], "queued");
    // The file went into the store with the job: the worker needs nothing where it was.
    std::fs::rename(dir.join("cases.csv"), dir.join("moved.csv")).unwrap();
    let other = rastro_as("Police", "caseworker", &["jobs", "show", &id], dir);
    assert!(
        !other.status.success(),
        "another organisation's job is not found"
    );

    let worked = ok(rastro(&["worker", "--once"], dir));
    assert!(worked.contains("1 jobs done, 0 failed"), "{worked}");
    let job = show(dir, &id);
    assert_eq!(job["status"], "done", "{job}");
    assert_eq!(job["result"]["imported"], 3, "{job}");
    assert_eq!(job["attempts"], 1);
    assert_eq!(job["result"]["file"], "cases.csv", "{job}");
    assert_eq!(stored_cases(dir), 3);

    // Queued again, the same file adds nothing.
    let again = job_of(&ok(rastro_as(
        "Shelter",
        "caseworker",
        &["import", "cases", "moved.csv", "--queue"],
        dir,
    )));
    ok(rastro(&["worker", "--once"], dir));
    let job = show(dir, &again);
    assert_eq!(job["result"]["imported"], 0, "{job}");
    assert_eq!(job["result"]["duplicates"], 3, "{job}");
    assert_eq!(stored_cases(dir), 3);
    let listed = ok(rastro_as("Shelter", "caseworker", &["jobs", "list"], dir));
    assert_eq!(listed.lines().count(), 2, "{listed}");
}

#[test]
fn a_job_whose_worker_was_killed_is_finished_by_the_next_without_duplicates() {
    let tmp = tempfile::tempdir().unwrap();
    let dir = tmp.path();
    ok(rastro(
        &[
            "generate", "cases", "--count", "40000", "--seed", "5", "--out", "big.csv",
        ],
        dir,
    ));
    let id = job_of(&ok(rastro_as(
        "Shelter",
        "caseworker",
        &["import", "cases", "big.csv", "--queue"],
        dir,
    )));
    // A worker with a short lease, killed (as by the kernel) once it is importing.
    let mut dying = command(&["worker", "--once", "--lease", "2"], dir)
        .env("RASTRO_TOKEN", token(dir, "Shelter", "caseworker"))
        .spawn()
        .unwrap();
    let started = Instant::now();
    loop {
        let job = show(dir, &id);
        if job["status"] == "running" && job["done"].as_u64().unwrap_or(0) > 0 {
            break;
        }
        assert_ne!(
            job["status"], "done",
            "the import finished before the worker could be killed: make the file larger"
        );
        assert!(started.elapsed() < Duration::from_secs(120), "{job}");
        std::thread::sleep(Duration::from_millis(50));
    }
    dying.kill().unwrap();
    dying.wait().unwrap();
    let partial = stored_cases(dir);
    assert!(partial < 40_000, "killed mid-way ({partial} stored)");

    // Nobody takes it while the dead worker's lease runs; then the next worker does.
    std::thread::sleep(Duration::from_millis(2_500));
    let worked = ok(rastro(&["worker", "--once"], dir));
    assert!(worked.contains("1 jobs done"), "{worked}");
    let job = show(dir, &id);
    assert_eq!(job["status"], "done", "{job}");
    assert_eq!(job["attempts"], 2, "{job}");
    assert_eq!(stored_cases(dir), 40_000, "every record once");
}

const NEWS: &str = concat!(
    r#"{"id":"n1","title":"Rescatan a 12 víctimas de trata en Lima","url":"https://diario.pe/a/1","published":"2024-05-02","text":"La Policía rescató el martes a 12 mujeres víctimas de explotación sexual en un local de Lima, Perú, y detuvo a tres personas."}"#,
    "\n",
    r#"{"id":"n2","title":"Liberan a doce mujeres en Lima","url":"https://otro.pe/b/2","published":"2024-05-03","text":"Doce mujeres víctimas de trata con fines de explotación sexual fueron rescatadas en Lima, Perú; tres detenidos."}"#,
    "\n",
    r#"{"id":"n3","title":"Desarticulan red de trata en Cusco","url":"https://diario.pe/a/3","published":"2024-06-10","text":"Fiscales de Cusco desarticularon una red que captaba a adolescentes con falsas ofertas de empleo para explotarlas en minería ilegal."}"#,
    "\n",
);

/// Each job kind beside case imports, queued from its own command with `--queue` and done by
/// `rastro worker` with the command's result; a role that may not do the work cannot queue it.
#[test]
fn every_kind_is_queued_from_its_command_and_done_by_a_worker() {
    let tmp = tempfile::tempdir().unwrap();
    let dir = tmp.path();
    ok(rastro(
        &[
            "generate",
            "cases",
            "--count",
            "300",
            "--seed",
            "3",
            "--out",
            "cases.csv",
        ],
        dir,
    ));
    ok(rastro_as(
        "Shelter",
        "caseworker",
        &["import", "cases", "cases.csv"],
        dir,
    ));
    std::fs::write(dir.join("news.jsonl"), NEWS).unwrap();
    let as_analyst = |args: &[&str]| job_of(&ok(rastro_as("Shelter", "analyst", args, dir)));
    let as_caseworker = |args: &[&str]| job_of(&ok(rastro_as("Shelter", "caseworker", args, dir)));

    let refused = rastro_as(
        "Shelter",
        "caseworker",
        &["ingest", "news", "news.jsonl", "--queue"],
        dir,
    );
    assert!(
        !refused.status.success(),
        "a caseworker may not ingest news"
    );
    let ingest = as_analyst(&["ingest", "news", "news.jsonl", "--queue"]);
    let backlog = as_analyst(&["ingest", "re-extract", "--queue"]);
    let events = as_analyst(&["link", "--news", "--queue"]);
    let persons = as_caseworker(&["link", "--store", "--queue", "--threshold", "0.95"]);
    let release = as_caseworker(&["release", "--by", "form", "--queue"]);

    let worked = ok(rastro(&["worker", "--once"], dir));
    assert!(worked.contains("5 jobs done, 0 failed"), "{worked}");
    let shown = |id: &str| {
        let shown = ok(rastro_as("Shelter", "analyst", &["jobs", "show", id], dir));
        serde_json::from_str::<serde_json::Value>(&shown).unwrap()
    };
    let job = shown(&ingest);
    assert_eq!(job["result"]["stored"], 3, "{job}");
    assert_eq!(
        (job["done"].as_u64(), job["total"].as_u64()),
        (Some(3), Some(3))
    );
    let job = shown(&backlog);
    assert_eq!(job["result"]["articles"], 3, "{job}");
    assert_eq!(job["result"]["replaced"], 0, "{job}");
    let job = shown(&events);
    assert_eq!(job["result"]["reports"], 3, "{job}");
    let job = shown(&persons);
    assert_eq!(job["result"]["records"], 300, "{job}");

    // The release's table is what the command prints.
    let job = shown(&release);
    let direct = ok(rastro_as(
        "Shelter",
        "caseworker",
        &["release", "--by", "form"],
        dir,
    ));
    assert_eq!(job["result"]["csv"], direct.as_str(), "{job}");

    // Done again, re-extraction and ingestion add nothing.
    let again = as_analyst(&["ingest", "news", "news.jsonl", "--queue"]);
    ok(rastro(&["worker", "--once"], dir));
    let job = shown(&again);
    assert_eq!(job["result"]["stored"], 0, "{job}");
    assert_eq!(job["result"]["same_url"], 3, "{job}");
    let direct = ok(rastro_as(
        "Shelter",
        "analyst",
        &["ingest", "re-extract"],
        dir,
    ));
    assert!(direct.contains("3 article(s)"), "{direct}");
    assert!(direct.contains("0 incident(s) replaced"), "{direct}");

    // A folder goes into one job: the feed's articles are stored already, the text file is new.
    std::fs::create_dir_all(dir.join("inbox")).unwrap();
    std::fs::copy(dir.join("news.jsonl"), dir.join("inbox/news.jsonl")).unwrap();
    std::fs::write(
        dir.join("inbox/raid.txt"),
        "La policía rescató a 14 mujeres explotadas sexualmente en Cusco y detuvo a 3 personas.",
    )
    .unwrap();
    let queued = ok(rastro_as(
        "Shelter",
        "analyst",
        &["ingest", "news", "inbox", "--queue"],
        dir,
    ));
    assert!(
        queued.contains("4 article(s) read into the job"),
        "{queued}"
    );
    ok(rastro(&["worker", "--once"], dir));
    let job = shown(&job_of(&queued));
    assert_eq!(job["result"]["stored"], 1, "{job}");
    assert_eq!(job["result"]["same_url"], 3, "{job}");
}

/// News ingestion: a worker killed (as by the kernel) while it stores a large file of articles
/// leaves the job to the next worker once its lease runs out; every article ends up stored once.
#[test]
fn an_ingestion_whose_worker_was_killed_is_finished_by_the_next_storing_each_article_once() {
    const ARTICLES: usize = 3_000;
    let tmp = tempfile::tempdir().unwrap();
    let dir = tmp.path();
    let lines: Vec<String> = (0..ARTICLES)
        .map(|i| {
            serde_json::json!({
                "id": format!("n{i}"),
                "title": format!("Rescatan a {} víctimas de trata en Lima (parte {i})", i % 40 + 2),
                "text": format!(
                    "La Policía rescató a {} mujeres víctimas de explotación sexual en Lima, Perú, \
                     en el operativo número {i}, y detuvo a {} personas.",
                    i % 40 + 2,
                    i % 5 + 1
                ),
            })
            .to_string()
        })
        .collect();
    std::fs::write(dir.join("big.jsonl"), lines.join("\n") + "\n").unwrap();
    let id = job_of(&ok(rastro_as(
        "Observatory",
        "analyst",
        &["ingest", "news", "big.jsonl", "--queue"],
        dir,
    )));
    let shown = |id: &str| {
        let shown = ok(rastro_as(
            "Observatory",
            "analyst",
            &["jobs", "show", id],
            dir,
        ));
        serde_json::from_str::<serde_json::Value>(&shown).unwrap()
    };
    let mut dying = command(&["worker", "--once", "--lease", "2"], dir)
        .spawn()
        .unwrap();
    let started = Instant::now();
    loop {
        let job = shown(&id);
        if job["status"] == "running" && job["done"].as_u64().unwrap_or(0) > 0 {
            break;
        }
        assert_ne!(
            job["status"], "done",
            "the ingestion finished before the worker could be killed: make the file larger"
        );
        assert!(started.elapsed() < Duration::from_secs(120), "{job}");
        std::thread::sleep(Duration::from_millis(50));
    }
    dying.kill().unwrap();
    dying.wait().unwrap();

    std::thread::sleep(Duration::from_millis(2_500));
    let worked = ok(rastro(&["worker", "--once"], dir));
    assert!(worked.contains("1 jobs done"), "{worked}");
    let job = shown(&id);
    assert_eq!(job["status"], "done", "{job}");
    assert_eq!(job["attempts"], 2, "{job}");
    let result = &job["result"];
    let before = result["same_text"].as_u64().unwrap();
    assert!(before > 0, "the dead worker had stored some: {job}");
    assert_eq!(
        result["stored"].as_u64().unwrap() + before,
        ARTICLES as u64,
        "{job}"
    );
    let stats = ok(rastro_as(
        "Observatory",
        "analyst",
        &["stats", "--format", "json"],
        dir,
    ));
    let stats: serde_json::Value = serde_json::from_str(&stats).unwrap();
    assert_eq!(stats["news"]["articles"], ARTICLES, "every article once");
}

/// The niceness of process `pid`, from the kernel's line about it (the 19th field).
#[cfg(target_os = "linux")]
fn niceness(pid: u32) -> i32 {
    let stat = std::fs::read_to_string(format!("/proc/{pid}/stat")).unwrap();
    // The command name in parentheses may hold spaces: count fields after its closing one.
    let after_name = &stat[stat.rfind(')').unwrap() + 2..];
    after_name.split(' ').nth(16).unwrap().parse().unwrap()
}

/// A worker yields the processor to the server beside it: it lowers its own priority before it
/// takes a job, by 10 unless told otherwise, and `--nice 0` leaves it as started.
#[cfg(target_os = "linux")]
#[test]
fn a_worker_lowers_its_priority_before_taking_jobs() {
    let tmp = tempfile::tempdir().unwrap();
    let dir = tmp.path();
    ok(rastro(
        &["admin", "create-org", "Shelter", "--kind", "shelter"],
        dir,
    ));
    let own = niceness(std::process::id());
    for (args, want) in [
        (vec!["worker", "--poll", "1"], (own + 10).min(19)),
        (vec!["worker", "--poll", "1", "--nice", "0"], own),
        (
            vec!["worker", "--poll", "1", "--nice", "4"],
            (own + 4).min(19),
        ),
    ] {
        let mut worker = command(&args, dir)
            .env_remove("RASTRO_WORKER_NICE")
            .stdout(std::process::Stdio::null())
            .stderr(std::process::Stdio::null())
            .spawn()
            .unwrap();
        // The priority is lowered first thing; give the process a moment to get there.
        let started = Instant::now();
        let mut seen = niceness(worker.id());
        while seen != want && started.elapsed() < Duration::from_secs(10) {
            std::thread::sleep(Duration::from_millis(50));
            seen = niceness(worker.id());
        }
        worker.kill().unwrap();
        worker.wait().unwrap();
        assert_eq!(seen, want, "{args:?}");
    }
}
