//! The audit trail, as its readers use it: an organisation's auditor reads what its members did
//! and what others read of its records, and verifies its chain; the administrator verifies
//! every chain.

use rastro_store::{AuditEvent, AuditReport, AuditSelection};

use crate::session::{Admin, Session};
use crate::Result;

pub fn log(session: &Session, selection: AuditSelection, limit: usize) -> Result<Vec<AuditEvent>> {
    Ok(session.scope().audit_log(selection, limit)?)
}

pub fn verify_own(session: &Session) -> Result<AuditReport> {
    Ok(session.scope().verify_audit()?)
}

pub fn verify_all(admin: &Admin<'_>) -> Result<AuditReport> {
    admin.verify_audit()
}
