//! Jobs end to end: an import queued by a caseworker is done by `rastro worker` with that
//! caseworker's rights; queued twice it adds nothing; a worker killed in the middle of an import
//! leaves the job to the next worker once its lease runs out, and the file ends up stored once,
//! every record exactly once.

mod common;
use common::{command, ok, rastro, rastro_as, token};

use std::time::{Duration, Instant};

fn job_of(queued: &str) -> String {
    queued
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
