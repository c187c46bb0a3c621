//! The job queue: a member queues what its role allows and sees only its organisation's jobs;
//! workers never hold one job together; a job whose worker died is taken again once its lease
//! ran out, and fails for good when its attempts are spent; a worker that lost a job cannot
//! report on it any more.

use rastro_store::{
    permits, BudgetRequest, JobKind, JobStatus, RequestCount, Role, Store, StoreError,
};

use super::fixtures::{analyst, caseworker, member, stored_text};

const INPUT: &str = r#"{"file":"/data/uploads/cases.csv"}"#;

pub fn a_job_is_queued_by_whom_may_and_seen_by_its_organisation(store: &Store) {
    let shelter = caseworker(store, "Shelter");
    let job = store
        .scope(&shelter)
        .enqueue_job(JobKind::ImportCases, INPUT)
        .unwrap();
    assert_eq!(job.status, JobStatus::Queued);
    assert_eq!(job.attempts, 0);
    assert_eq!(job.user, shelter.user_name());
    assert!(matches!(
        store
            .scope(&analyst(store, "Shelter"))
            .enqueue_job(JobKind::ImportCases, INPUT),
        Err(StoreError::Forbidden { .. })
    ));
    assert!(matches!(
        store
            .scope(&shelter)
            .enqueue_job(JobKind::ImportCases, "not json"),
        Err(StoreError::Invalid(_))
    ));
    let mine = store.scope(&shelter).jobs(10).unwrap();
    assert_eq!(mine.len(), 1);
    assert_eq!(
        store.scope(&shelter).job(&job.id).unwrap(),
        Some(job.clone())
    );
    let police = caseworker(store, "Police");
    assert!(store.scope(&police).jobs(10).unwrap().is_empty());
    assert_eq!(store.scope(&police).job(&job.id).unwrap(), None);
}

pub fn a_worker_does_a_job_for_the_member_who_queued_it(store: &Store) {
    let shelter = caseworker(store, "Shelter");
    let job = store
        .scope(&shelter)
        .enqueue_job(JobKind::ImportCases, INPUT)
        .unwrap();
    let worker = store.job_worker("w1", 60);
    let claimed = worker.claim().unwrap().unwrap();
    assert_eq!(claimed.info.id, job.id);
    assert_eq!(claimed.info.status, JobStatus::Running);
    assert_eq!(claimed.info.attempts, 1);
    assert_eq!(claimed.actor.user_name(), shelter.user_name());
    assert_eq!(claimed.actor.organisation().id, shelter.organisation().id);
    assert_eq!(claimed.actor.role(), Role::Caseworker);
    assert!(worker.claim().unwrap().is_none(), "one job, held");
    assert!(worker.progress(&claimed.info, 10, Some(40)).unwrap());
    let seen = store.scope(&shelter).job(&job.id).unwrap().unwrap();
    assert_eq!((seen.done, seen.total), (10, Some(40)));
    assert!(worker.finish(&claimed.info, r#"{"imported":40}"#).unwrap());
    let done = store.scope(&shelter).job(&job.id).unwrap().unwrap();
    assert_eq!(done.status, JobStatus::Done);
    assert_eq!(done.result.as_deref(), Some(r#"{"imported":40}"#));
    assert!(done.finished_at.is_some());
    assert!(!worker.finish(&claimed.info, "{}").unwrap(), "done once");
}

pub fn workers_never_hold_one_job_together(store: &Store) {
    let shelter = caseworker(store, "Shelter");
    for _ in 0..20 {
        store
            .scope(&shelter)
            .enqueue_job(JobKind::ImportCases, INPUT)
            .unwrap();
    }
    let taken: Vec<String> = std::thread::scope(|threads| {
        let workers: Vec<_> = (0..4)
            .map(|n| {
                threads.spawn(move || {
                    let worker = store.job_worker(&format!("w{n}"), 60);
                    let mut mine = Vec::new();
                    while let Some(job) = worker.claim().unwrap() {
                        mine.push(job.info.id);
                    }
                    mine
                })
            })
            .collect();
        workers
            .into_iter()
            .flat_map(|w| w.join().unwrap())
            .collect()
    });
    let mut distinct = taken.clone();
    distinct.sort();
    distinct.dedup();
    assert_eq!(taken.len(), 20);
    assert_eq!(distinct.len(), 20, "no job taken twice");
}

pub fn a_job_whose_worker_died_is_taken_again_until_its_attempts_are_spent(store: &Store) {
    let shelter = caseworker(store, "Shelter");
    let job = store
        .scope(&shelter)
        .enqueue_job(JobKind::ImportCases, INPUT)
        .unwrap();
    // A worker takes it with a lease of a second and dies.
    let dying = store.job_worker("dying", 1);
    let first = dying.claim().unwrap().unwrap();
    let other = store.job_worker("other", 60);
    assert!(
        other.claim().unwrap().is_none(),
        "held while the lease runs"
    );
    std::thread::sleep(std::time::Duration::from_millis(2_100));
    let second = other.claim().unwrap().unwrap();
    assert_eq!(second.info.id, job.id);
    assert_eq!(second.info.attempts, 2);
    // The first worker, back from the dead, has lost it.
    assert!(!dying.progress(&first.info, 1, None).unwrap());
    assert!(!dying.finish(&first.info, "{}").unwrap());
    // A failure that may be retried queues it again; the last attempt's failure is final.
    assert!(other.fail(&second.info, "disk full", true).unwrap());
    assert_eq!(
        store.scope(&shelter).job(&job.id).unwrap().unwrap().status,
        JobStatus::Queued
    );
    let third = other.claim().unwrap().unwrap();
    assert_eq!(third.info.attempts, 3);
    assert!(other.fail(&third.info, "disk full", true).unwrap());
    let failed = store.scope(&shelter).job(&job.id).unwrap().unwrap();
    assert_eq!(failed.status, JobStatus::Failed);
    assert_eq!(failed.error.as_deref(), Some("disk full"));
    assert!(other.claim().unwrap().is_none());
}

pub fn a_job_of_a_member_who_can_no_longer_act_fails(store: &Store) {
    let leaving = member(store, "Shelter", Role::Caseworker);
    let org_admin = member(store, "Shelter", Role::OrgAdmin);
    let job = store
        .scope(&leaving)
        .enqueue_job(JobKind::ImportCases, INPUT)
        .unwrap();
    store
        .scope(&org_admin)
        .update_user(leaving.user_name(), None, Some(true))
        .unwrap();
    assert!(store.job_worker("w", 60).claim().unwrap().is_none());
    let failed = store.scope(&org_admin).job(&job.id).unwrap().unwrap();
    assert_eq!(failed.status, JobStatus::Failed);
    assert!(failed.error.unwrap().contains("can no longer act"));
}

/// A case file as an upload holds it: a victim's name that must never be readable in the
/// database.
const FILE: &[u8] = b"vic_FirstName,vic_LastName\nZorobabelina,Quintanillaurre\n";
const NAME: &str = "Quintanillaurre";

pub fn a_queued_file_is_sealed_read_by_the_worker_and_gone_when_its_job_ends(store: &Store) {
    let shelter = caseworker(store, "Shelter");
    let job = store
        .scope(&shelter)
        .enqueue_job_with_file(JobKind::ImportCases, r#"{"name":"cases.csv"}"#, FILE)
        .unwrap();
    assert!(
        !stored_text(store).contains(NAME),
        "the queued file is sealed at rest"
    );
    assert!(matches!(
        store
            .scope(&analyst(store, "Shelter"))
            .enqueue_job_with_file(JobKind::ImportCases, "{}", FILE),
        Err(StoreError::Forbidden { .. })
    ));
    let worker = store.job_worker("w", 60);
    let claimed = worker.claim().unwrap().unwrap();
    assert_eq!(claimed.info.id, job.id);
    assert_eq!(worker.file(&claimed).unwrap().as_deref(), Some(FILE));
    // A retried attempt still finds its file; the end of the job takes it away.
    assert!(worker.fail(&claimed.info, "store busy", true).unwrap());
    let again = worker.claim().unwrap().unwrap();
    assert_eq!(worker.file(&again).unwrap().as_deref(), Some(FILE));
    assert!(worker.finish(&again.info, "{}").unwrap());
    assert_eq!(worker.file(&again).unwrap(), None, "deleted when done");
    // A job failed for good loses its file too.
    let second = store
        .scope(&shelter)
        .enqueue_job_with_file(JobKind::ImportCases, "{}", FILE)
        .unwrap();
    let claimed = worker.claim().unwrap().unwrap();
    assert_eq!(claimed.info.id, second.id);
    assert!(worker
        .fail(&claimed.info, "not a case file", false)
        .unwrap());
    assert_eq!(worker.file(&claimed).unwrap(), None, "deleted when failed");
    // A job queued without a file has none.
    store
        .scope(&shelter)
        .enqueue_job(JobKind::ImportCases, INPUT)
        .unwrap();
    let plain = worker.claim().unwrap().unwrap();
    assert_eq!(worker.file(&plain).unwrap(), None);
}

pub fn a_queued_file_survives_a_key_rotation_and_a_spent_jobs_file_goes(store: &Store) {
    let shelter = caseworker(store, "Shelter");
    store
        .scope(&shelter)
        .enqueue_job_with_file(JobKind::ImportCases, "{}", FILE)
        .unwrap();
    let rotation = store.local_admin().unwrap().rotate_data_keys().unwrap();
    assert_eq!(rotation.job_files, 1, "re-sealed under the new data key");
    // A worker takes it with a lease of a second, reads it, and dies, three times over.
    let dying = store.job_worker("dying", 1);
    for attempt in 1..=3 {
        let claimed = dying.claim().unwrap().unwrap();
        assert_eq!(claimed.info.attempts, attempt);
        assert_eq!(dying.file(&claimed).unwrap().as_deref(), Some(FILE));
        std::thread::sleep(std::time::Duration::from_millis(2_100));
        if attempt == 3 {
            // The next claim finds its attempts spent: failed for good, and its file gone.
            assert!(dying.claim().unwrap().is_none());
            assert_eq!(dying.file(&claimed).unwrap(), None);
        }
    }
}

fn count(user: &str, minute: i64, count: u64) -> RequestCount {
    RequestCount {
        user: user.to_string(),
        minute,
        count,
    }
}

pub fn request_counts_are_summed_over_nodes_and_old_minutes_forgotten(store: &Store) {
    let minute = 29_000_000;
    // Node one hands over its second of counts; node two its own, for the same users.
    let totals = store
        .share_request_counts(
            &[count("tok-a", minute, 5), count("tok-b", minute, 1)],
            minute - 1,
            minute,
        )
        .unwrap();
    let total = |totals: &[(String, u64)], user: &str| {
        totals.iter().find(|(u, _)| u == user).map(|(_, n)| *n)
    };
    assert_eq!(total(&totals, "tok-a"), Some(5));
    let totals = store
        .share_request_counts(
            &[
                count("tok-a", minute, 7),
                count("tok-a", minute - 1, 2),
                count("tok-c", minute + 1, 3),
            ],
            minute - 1,
            minute,
        )
        .unwrap();
    assert_eq!(total(&totals, "tok-a"), Some(12), "summed over the nodes");
    assert_eq!(total(&totals, "tok-b"), Some(1));
    assert_eq!(total(&totals, "tok-c"), None, "another minute's count");
    // A node with nothing to add still reads the totals; the minute before is forgotten.
    let later = store
        .share_request_counts(&[], minute + 1, minute + 1)
        .unwrap();
    assert_eq!(total(&later, "tok-c"), Some(3));
    let back = store.share_request_counts(&[], minute + 1, minute).unwrap();
    assert!(back.is_empty(), "minutes before the oldest are deleted");
    // Many users in one hand-over go in several statements, each counted once.
    let many: Vec<RequestCount> = (0..1_203)
        .map(|i| count(&format!("u{i}"), minute + 1, 1))
        .collect();
    let totals = store
        .share_request_counts(&many, minute + 1, minute + 1)
        .unwrap();
    assert_eq!(totals.len(), 1_204);
    assert!(totals
        .iter()
        .all(|(u, n)| *n == if u == "tok-c" { 3 } else { 1 }));
}

pub fn every_kind_of_job_is_queued_by_whom_may_do_it(store: &Store) {
    for role in [
        Role::Caseworker,
        Role::Analyst,
        Role::OrgAdmin,
        Role::Auditor,
    ] {
        let actor = member(store, "Shelter", role);
        for kind in JobKind::ALL {
            let queued = store.scope(&actor).enqueue_job(kind, "{}");
            if permits(role, kind.action()) {
                let job = queued.unwrap_or_else(|e| panic!("{role:?} {kind}: {e}"));
                // Stored and read back as its kind (the schema knows every kind's name).
                let read = store.scope(&actor).job(&job.id).unwrap().unwrap();
                assert_eq!(read.kind, kind);
                assert_eq!(JobKind::parse(kind.as_str()), Some(kind));
            } else {
                assert!(
                    matches!(queued, Err(StoreError::Forbidden { .. })),
                    "{role:?} may not queue {kind}: {queued:?}"
                );
            }
        }
    }
    // A worker takes each in turn, oldest first.
    let worker = store.job_worker("w", 60);
    let mut kinds = Vec::new();
    while let Some(job) = worker.claim().unwrap() {
        kinds.push(job.info.kind);
        assert!(worker.finish(&job.info, "{}").unwrap());
    }
    for kind in JobKind::ALL {
        assert!(kinds.contains(&kind), "{kind} was queued and taken");
    }
}

pub fn a_release_made_for_a_job_is_paid_for_once(store: &Store) {
    let a = analyst(store, "Shelter");
    let scope = store.scope(&a);
    let job = scope.enqueue_job(JobKind::Release, "{}").unwrap();
    let request = BudgetRequest {
        dataset: "cases",
        epsilon: 0.4,
        total: 1.0,
        dimensions: "form",
    };
    let first = scope.spend_privacy_budget_once(&request, &job.id).unwrap();
    assert_eq!(first.id, job.id, "the release carries its job's id");
    // The job retried asks again: the same release, nothing spent twice.
    let again = scope.spend_privacy_budget_once(&request, &job.id).unwrap();
    assert_eq!(again, first);
    let ledger = scope.privacy_releases("cases").unwrap();
    assert_eq!(ledger.len(), 1);
    // What is left is what one release left: 0.6 more fits, 0.7 does not.
    assert!(scope
        .spend_privacy_budget(&BudgetRequest {
            epsilon: 0.7,
            ..request
        })
        .is_err());
    assert!(matches!(
        scope.spend_privacy_budget_once(&request, "not an id"),
        Err(StoreError::Invalid(_))
    ));
    // Another organisation's key is not this one's release.
    let other = analyst(store, "Police");
    let theirs = store
        .scope(&other)
        .spend_privacy_budget_once(&request, &job.id);
    assert!(
        theirs.is_err(),
        "an id taken by another organisation's release is refused, not shared: {theirs:?}"
    );
    assert_eq!(
        store.scope(&other).privacy_releases("cases").unwrap().len(),
        0
    );
}
