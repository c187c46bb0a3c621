//! Rastro's use cases, one typed function each, over the store and the engines: importing case
//! files, ingesting news, linking persons and news events with reviewers' decisions, screening,
//! statistics, the demonstration. The shells are thin over this crate: the CLI parses, calls
//! and prints; the server authenticates the request, calls and renders.
//!
//! Nothing here prints, reads a terminal or binds a socket: progress goes through
//! [`Progress`], results come back as values, failures as [`AppError`]. Every read of records
//! goes through a [`rastro_store::Scope`] the caller hands in.

pub mod articles;
pub mod audit;
pub mod backlog;
pub mod cases;
pub mod clk;
pub mod consents;
pub mod counting;
pub mod decisions;
pub mod demo;
pub mod demo_news;
mod error;
pub mod event_score;
pub mod events;
pub mod figures;
pub mod file_check;
pub mod files;
pub mod flags;
pub mod grants;
pub mod incidents;
pub mod jobs;
pub mod live_check;
pub mod members;
pub mod memo;
pub mod network;
pub mod news;
pub mod pairs;
pub mod persons;
pub mod progress;
pub mod referrals;
pub mod release;
pub mod screening;
pub mod session;
pub mod stats;
pub mod synth;
pub mod transactions;
pub mod warm;
pub mod watchlists;

pub use error::{AppError, Result};
pub use progress::{Progress, Quiet, Unit};
/// The store's types a shell names (never the store itself: a shell acts through a [`Session`]).
pub use rastro_store::{
    permits, Action, AuditEvent, AuditProblem, AuditReport, AuditSelection, Basis, CaseSelection,
    CaseView, ConsentInfo, CopyReport, Direction, Facet, GrantInfo, GrantTarget, Grantee,
    ImportInfo, ImportStatus, IssuedToken, JobInfo, JobKind, JobStatus, KeyRotation, Level, Lookup,
    Migration, NewConsent, NewReferral, OrgKind, Organisation, Pseudonyms, RecordKind,
    ReferralInfo, ReferralStatus, RequestCount, Role, Sending, StoreError, StoreUrl, Tampering,
    TokenInfo, UserInfo, VisibilityStamp, WatchlistInfo, DEFAULT_REFERRAL_DAYS, DEFAULT_TOKEN_DAYS,
    KEY_FILE, MAX_TOKEN_DAYS, NODE_PREFIX, UNKNOWN,
};
pub use session::{Admin, App, Session};
