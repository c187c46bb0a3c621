//! Who may do what: organisation kinds, the fixed set of roles, the levels at which a record can be
//! seen, the actions, and the role × action matrix — in one place, so that every read and write
//! of every backend asks the same question the same way.

use std::fmt;

/// What kind of member an organisation is; sharing grants can name a kind instead of one
/// organisation ("every shelter").
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum OrgKind {
    Ngo,
    Shelter,
    Police,
    Prosecutor,
    Ministry,
    StatisticsOffice,
    /// A financial intelligence unit or a bank.
    Financial,
    Hub,
}

impl OrgKind {
    pub const ALL: [OrgKind; 8] = [
        OrgKind::Ngo,
        OrgKind::Shelter,
        OrgKind::Police,
        OrgKind::Prosecutor,
        OrgKind::Ministry,
        OrgKind::StatisticsOffice,
        OrgKind::Financial,
        OrgKind::Hub,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            OrgKind::Ngo => "ngo",
            OrgKind::Shelter => "shelter",
            OrgKind::Police => "police",
            OrgKind::Prosecutor => "prosecutor",
            OrgKind::Ministry => "ministry",
            OrgKind::StatisticsOffice => "statistics_office",
            OrgKind::Financial => "financial",
            OrgKind::Hub => "hub",
        }
    }

    pub fn parse(text: &str) -> Option<OrgKind> {
        let text = text.trim().to_ascii_lowercase().replace(['-', ' '], "_");
        let alias = match text.as_str() {
            "fiu" | "bank" | "financial_intelligence_unit" => "financial",
            "statistics" | "stats" => "statistics_office",
            other => other,
        };
        OrgKind::ALL.into_iter().find(|k| k.as_str() == alias)
    }
}

impl fmt::Display for OrgKind {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// The roles a user acts in. Fixed on purpose: each is a promise about what it cannot do.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Role {
    /// Members and the sharing policy of its organisation; sees its records at summary only.
    OrgAdmin,
    /// Its organisation's cases in full, consent and referrals.
    Caseworker,
    /// Incidents, watchlists, and cases pseudonymised (detail at most).
    Analyst,
    /// Its organisation's audit trail; no record content.
    Auditor,
    /// Cross-organisation aggregates and linkage; identities only where a grant gives them.
    HubAnalyst,
    /// Operations (organisations, users); reads no case data.
    PlatformAdmin,
}

impl Role {
    pub const ALL: [Role; 6] = [
        Role::OrgAdmin,
        Role::Caseworker,
        Role::Analyst,
        Role::Auditor,
        Role::HubAnalyst,
        Role::PlatformAdmin,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            Role::OrgAdmin => "org_admin",
            Role::Caseworker => "caseworker",
            Role::Analyst => "analyst",
            Role::Auditor => "auditor",
            Role::HubAnalyst => "hub_analyst",
            Role::PlatformAdmin => "platform_admin",
        }
    }

    pub fn parse(text: &str) -> Option<Role> {
        let text = text.trim().to_ascii_lowercase().replace(['-', ' '], "_");
        Role::ALL.into_iter().find(|r| r.as_str() == text)
    }
}

impl fmt::Display for Role {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// How much of a record a reader gets, from least to most.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Level {
    /// That the record exists and who holds it; no content.
    Exists = 1,
    /// No identifiers: age band, sex, nationality, forms of exploitation, years.
    Summary = 2,
    /// Everything but identifying fields and free text; identities as stable pseudonyms.
    Detail = 3,
    Full = 4,
}

impl Level {
    pub const ALL: [Level; 4] = [Level::Exists, Level::Summary, Level::Detail, Level::Full];

    pub fn as_str(self) -> &'static str {
        match self {
            Level::Exists => "exists",
            Level::Summary => "summary",
            Level::Detail => "detail",
            Level::Full => "full",
        }
    }

    pub fn parse(text: &str) -> Option<Level> {
        let text = text.trim().to_ascii_lowercase();
        Level::ALL.into_iter().find(|l| l.as_str() == text)
    }

    /// The level's rank as stored (1 = exists … 4 = full).
    pub fn rank(self) -> i64 {
        self as i64
    }

    pub fn from_rank(rank: i64) -> Option<Level> {
        Level::ALL.into_iter().find(|l| l.rank() == rank)
    }
}

impl fmt::Display for Level {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// What a user may ask the store to do.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Action {
    /// Read case records (at the level the role and grants allow).
    ReadCases,
    /// Counts, facets and crosstabs of case records (summary level).
    ReadStatistics,
    ImportCases,
    /// Write case records out of Rastro.
    ExportCases,
    /// Grant or revoke other organisations' access to the organisation's records.
    ManageGrants,
    /// Link persons across the records the organisation sees; record reviewers' decisions.
    LinkPersons,
    ReadNews,
    IngestNews,
    LinkEvents,
    /// Screen people against lists.
    Screen,
    ManageWatchlists,
    /// Create users and tokens of the organisation, change roles.
    ManageMembers,
    /// Record and withdraw consent.
    ManageConsent,
    /// Send, accept, reject, withdraw and close referrals.
    Refer,
    /// Override a missing consent when sending a referral (with a written reason).
    OverrideConsent,
    /// Read the organisation's audit trail.
    ReadAudit,
    /// Import transaction files into the organisation's transactions.
    ImportTransactions,
    /// Read the organisation's transactions, run the red flags over them, and keep and read
    /// the alerts they raise.
    MonitorTransactions,
}

impl Action {
    pub const ALL: [Action; 18] = [
        Action::ReadCases,
        Action::ReadStatistics,
        Action::ImportCases,
        Action::ExportCases,
        Action::ManageGrants,
        Action::LinkPersons,
        Action::ReadNews,
        Action::IngestNews,
        Action::LinkEvents,
        Action::Screen,
        Action::ManageWatchlists,
        Action::ManageMembers,
        Action::ManageConsent,
        Action::Refer,
        Action::OverrideConsent,
        Action::ReadAudit,
        Action::ImportTransactions,
        Action::MonitorTransactions,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            Action::ReadCases => "read_cases",
            Action::ReadStatistics => "read_statistics",
            Action::ImportCases => "import_cases",
            Action::ExportCases => "export_cases",
            Action::ManageGrants => "manage_grants",
            Action::LinkPersons => "link_persons",
            Action::ReadNews => "read_news",
            Action::IngestNews => "ingest_news",
            Action::LinkEvents => "link_events",
            Action::Screen => "screen",
            Action::ManageWatchlists => "manage_watchlists",
            Action::ManageMembers => "manage_members",
            Action::ManageConsent => "manage_consent",
            Action::Refer => "refer",
            Action::OverrideConsent => "override_consent",
            Action::ReadAudit => "read_audit",
            Action::ImportTransactions => "import_transactions",
            Action::MonitorTransactions => "monitor_transactions",
        }
    }
}

/// The role × action matrix.
pub fn permits(role: Role, action: Action) -> bool {
    use Action as A;
    use Role as R;
    match role {
        // The organisation's administrator is also who may send a referral without the
        // person's consent, with the reason written out.
        R::OrgAdmin => matches!(
            action,
            A::ReadCases
                | A::ReadStatistics
                | A::ManageGrants
                | A::ManageMembers
                | A::Refer
                | A::OverrideConsent
        ),
        R::Caseworker => matches!(
            action,
            A::ReadCases
                | A::ReadStatistics
                | A::ImportCases
                | A::ExportCases
                | A::ManageGrants
                | A::LinkPersons
                | A::ReadNews
                | A::Screen
                | A::ManageConsent
                | A::Refer
                | A::ImportTransactions
                | A::MonitorTransactions
        ),
        // A bank's or a financial intelligence unit's analyst works on its own transactions in
        // full: an account or a payer's name is what a red flag is about.
        R::Analyst => matches!(
            action,
            A::ReadCases
                | A::ReadStatistics
                | A::LinkPersons
                | A::ReadNews
                | A::IngestNews
                | A::LinkEvents
                | A::Screen
                | A::ManageWatchlists
                | A::ImportTransactions
                | A::MonitorTransactions
        ),
        R::Auditor => matches!(action, A::ReadAudit),
        R::HubAnalyst => matches!(
            action,
            A::ReadCases
                | A::ReadStatistics
                | A::LinkPersons
                | A::ReadNews
                | A::IngestNews
                | A::LinkEvents
                | A::Screen
        ),
        R::PlatformAdmin => matches!(action, A::ManageMembers),
    }
}

/// What kind of record a grant or a read concerns.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum RecordKind {
    Case,
    Article,
    Watchlist,
    /// A financial transaction: shared only in full (see [`RecordKind::full_only`]).
    Transaction,
    /// An alert raised on transactions; shared in full, with the transactions it lists.
    Alert,
}

impl RecordKind {
    pub const ALL: [RecordKind; 5] = [
        RecordKind::Case,
        RecordKind::Article,
        RecordKind::Watchlist,
        RecordKind::Transaction,
        RecordKind::Alert,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            RecordKind::Case => "case",
            RecordKind::Article => "article",
            RecordKind::Watchlist => "watchlist",
            RecordKind::Transaction => "transaction",
            RecordKind::Alert => "alert",
        }
    }

    /// Whether records of this kind are shared in full or not at all. A transaction or an alert
    /// is about an account and its holder: there is no summary of one that says less without
    /// saying nothing, so a grant of either names the full level.
    pub fn full_only(self) -> bool {
        matches!(self, RecordKind::Transaction | RecordKind::Alert)
    }

    pub fn parse(text: &str) -> Option<RecordKind> {
        match text.trim().to_ascii_lowercase().as_str() {
            "case" | "cases" => Some(RecordKind::Case),
            "article" | "articles" | "news" => Some(RecordKind::Article),
            "watchlist" | "watchlists" | "list" | "lists" => Some(RecordKind::Watchlist),
            "transaction" | "transactions" => Some(RecordKind::Transaction),
            "alert" | "alerts" => Some(RecordKind::Alert),
            _ => None,
        }
    }
}

/// The most of a record of `kind` a role may see: of its own organisation's records, and of
/// others' (where a grant also bounds it). `None`: not at all. News and lists are read whole by
/// the roles that use them; case records are where the levels matter.
pub fn level_cap(role: Role, kind: RecordKind, own: bool) -> Option<Level> {
    match kind {
        RecordKind::Case => case_cap(role, own),
        RecordKind::Article => permits(role, Action::ReadNews).then_some(Level::Full),
        RecordKind::Watchlist => permits(role, Action::Screen).then_some(Level::Full),
        // Whole or not at all, own or granted: only the roles that monitor transactions read
        // them, and another organisation's only as far as a grant goes.
        RecordKind::Transaction | RecordKind::Alert => {
            permits(role, Action::MonitorTransactions).then_some(Level::Full)
        }
    }
}

fn case_cap(role: Role, own: bool) -> Option<Level> {
    match (role, own) {
        (Role::Caseworker, _) => Some(Level::Full),
        (Role::Analyst, _) => Some(Level::Detail),
        // The hub sees identities only where a grant gives full access.
        (Role::HubAnalyst, true) => Some(Level::Detail),
        (Role::HubAnalyst, false) => Some(Level::Full),
        (Role::OrgAdmin, _) => Some(Level::Summary),
        (Role::Auditor | Role::PlatformAdmin, _) => None,
    }
}

/// Whether `role` may give a role to a user or a token: no one hands out more than they have,
/// and only platform administrators make platform administrators.
pub fn may_assign(assigner: Role, role: Role) -> bool {
    match assigner {
        Role::PlatformAdmin => true,
        Role::OrgAdmin => role != Role::PlatformAdmin,
        _ => false,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_round_trip_and_aliases_parse() {
        for k in OrgKind::ALL {
            assert_eq!(OrgKind::parse(k.as_str()), Some(k));
        }
        assert_eq!(OrgKind::parse("FIU"), Some(OrgKind::Financial));
        assert_eq!(
            OrgKind::parse("statistics office"),
            Some(OrgKind::StatisticsOffice)
        );
        for r in Role::ALL {
            assert_eq!(Role::parse(r.as_str()), Some(r));
        }
        for l in Level::ALL {
            assert_eq!(Level::parse(l.as_str()), Some(l));
            assert_eq!(Level::from_rank(l.rank()), Some(l));
        }
        assert!(Level::Exists < Level::Summary && Level::Detail < Level::Full);
    }

    #[test]
    fn the_matrix_keeps_its_promises() {
        // Platform administrators and auditors read no case data.
        for role in [Role::PlatformAdmin, Role::Auditor] {
            assert!(!permits(role, Action::ReadCases));
            for kind in RecordKind::ALL {
                assert_eq!(level_cap(role, kind, true), None);
            }
        }
        // Only auditors read the trail; caseworkers and their organisation's administrator
        // refer, and only the administrator may override a missing consent (with a written
        // reason, in the trail).
        for role in Role::ALL {
            assert_eq!(permits(role, Action::ReadAudit), role == Role::Auditor);
            assert_eq!(
                permits(role, Action::Refer),
                matches!(role, Role::Caseworker | Role::OrgAdmin)
            );
            assert_eq!(
                permits(role, Action::OverrideConsent),
                role == Role::OrgAdmin
            );
        }
        assert_eq!(
            level_cap(Role::Analyst, RecordKind::Case, true),
            Some(Level::Detail)
        );
        assert_eq!(
            level_cap(Role::Analyst, RecordKind::Watchlist, true),
            Some(Level::Full)
        );
        assert!(may_assign(Role::OrgAdmin, Role::Caseworker));
        assert!(!may_assign(Role::OrgAdmin, Role::PlatformAdmin));
        assert!(!may_assign(Role::Caseworker, Role::Analyst));
    }
}
