//! The job queue: a member queues what its role allows and sees only its organisation's jobs;
//! workers never hold one job together; a job whose worker died is taken again once its lease
//! ran out, and fails for good when its attempts are spent; a worker that lost a job cannot
//! report on it any more.

use rastro_store::{JobKind, JobStatus, Role, Store, StoreError};

use super::fixtures::{analyst, caseworker, member};

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
