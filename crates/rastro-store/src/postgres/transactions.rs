//! PLACEHOLDER (not to be merged): TransactionBackend for PostgreSQL is being ported from `sqlite/transactions.rs`.
#![allow(unused_variables)]
use super::PgBackend;
#[allow(unused_imports)]
use crate::api::access::*;
#[allow(unused_imports)]
use crate::api::members::Actor;
use crate::api::trace::AuditDraft;
use crate::api::transactions::*;
#[allow(unused_imports)]
use crate::*;
use crate::{Result, StoreError};

impl TransactionBackend for PgBackend {
    fn transaction_counts(&self, actor: &Actor) -> Result<TransactionCounts> {
        Err(StoreError::UnsupportedBackend(
            "TransactionBackend::transaction_counts".into(),
        ))
    }

    fn transaction_stamp(&self) -> Result<TransactionStamp> {
        Err(StoreError::UnsupportedBackend(
            "TransactionBackend::transaction_stamp".into(),
        ))
    }

    fn begin_transaction_import(
        &self,
        actor: &Actor,
        source_file: &str,
        format: &str,
        audit: AuditDraft,
    ) -> Result<ImportHandle> {
        Err(StoreError::UnsupportedBackend(
            "TransactionBackend::begin_transaction_import".into(),
        ))
    }

    fn prepare_transactions(
        &self,
        actor: &Actor,
        transactions: &[NewTransaction<'_>],
    ) -> Result<PreparedTransactions> {
        Err(StoreError::UnsupportedBackend(
            "TransactionBackend::prepare_transactions".into(),
        ))
    }

    fn insert_transactions(
        &self,
        actor: &Actor,
        import: &ImportHandle,
        transactions: PreparedTransactions,
        audit: AuditDraft,
    ) -> Result<BatchOutcome> {
        Err(StoreError::UnsupportedBackend(
            "TransactionBackend::insert_transactions".into(),
        ))
    }

    fn for_each_transaction(
        &self,
        actor: &Actor,
        selection: TransactionSelection,
        since: Option<i64>,
        visit: &mut dyn FnMut(StoredTransaction, &str) -> Result<()>,
    ) -> Result<u64> {
        Err(StoreError::UnsupportedBackend(
            "TransactionBackend::for_each_transaction".into(),
        ))
    }

    fn transactions(
        &self,
        actor: &Actor,
        ids: &[String],
    ) -> Result<Vec<(StoredTransaction, String)>> {
        Err(StoreError::UnsupportedBackend(
            "TransactionBackend::transactions".into(),
        ))
    }

    fn find_transactions(
        &self,
        actor: &Actor,
        identifier: Identifier,
        value: &str,
    ) -> Result<Vec<(String, String)>> {
        Err(StoreError::UnsupportedBackend(
            "TransactionBackend::find_transactions".into(),
        ))
    }

    fn keep_alerts(
        &self,
        actor: &Actor,
        alerts: &[NewAlert<'_>],
        audit: AuditDraft,
    ) -> Result<KeptAlerts> {
        Err(StoreError::UnsupportedBackend(
            "TransactionBackend::keep_alerts".into(),
        ))
    }

    fn alerts(&self, actor: &Actor, since: Option<i64>) -> Result<Vec<(StoredAlert, String)>> {
        Err(StoreError::UnsupportedBackend(
            "TransactionBackend::alerts".into(),
        ))
    }

    fn alert(&self, actor: &Actor, id: &str) -> Result<Option<(StoredAlert, String)>> {
        Err(StoreError::UnsupportedBackend(
            "TransactionBackend::alert".into(),
        ))
    }

    fn alert_page(&self, actor: &Actor, query: &AlertQuery) -> Result<(AlertPage, Vec<String>)> {
        Err(StoreError::UnsupportedBackend(
            "TransactionBackend::alert_page".into(),
        ))
    }

    fn alert_transactions(
        &self,
        actor: &Actor,
        id: &str,
    ) -> Result<Option<(Vec<StoredTransaction>, String)>> {
        Err(StoreError::UnsupportedBackend(
            "TransactionBackend::alert_transactions".into(),
        ))
    }

    fn review_alert(
        &self,
        actor: &Actor,
        id: &str,
        to: AlertStatus,
        note: &str,
        audit: AuditDraft,
    ) -> Result<AlertReview> {
        Err(StoreError::UnsupportedBackend(
            "TransactionBackend::review_alert".into(),
        ))
    }
}
