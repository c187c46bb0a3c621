//! `rastro`: the command-line shell. Each command parses its arguments, calls the application
//! layer (`rastro-app`) and prints what came back.

mod commands;
mod config;
mod credentials;
mod inputs;
mod output;
mod password;
mod progress;

use std::path::PathBuf;
use std::process::ExitCode;

use clap::{Parser, Subcommand};

use config::Ctx;

// An import, an extraction or a linkage run allocates many small values per row or article and
// frees them soon after, often on another thread than the one that made them (rows travel from
// the reading thread to sealing and storing); mimalloc's per-thread free lists serve that pattern
// with less work than the system allocator.
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

#[derive(Parser)]
#[command(
    name = "rastro",
    version,
    about = "Collect, standardise, share, screen and analyse data on human trafficking and migrant smuggling"
)]
struct Cli {
    /// Data directory (the embedded database and settings).
    #[arg(long, global = true, env = "RASTRO_DATA", value_name = "DIR")]
    data: Option<PathBuf>,

    /// Where the store lives, as a URL: sqlite:PATH, or postgres://USER:PASSWORD@HOST:PORT/DB for
    /// a hub's server shared by several nodes and workers. Default: rastro.db in the data
    /// directory.
    #[arg(long, global = true, env = "RASTRO_DATABASE_URL", value_name = "URL")]
    database: Option<String>,

    /// The key file (the store's master key; keep it apart from backups of the database).
    /// Default: rastro.key beside the database (in the data directory for PostgreSQL); every
    /// node and worker of one store needs the same key file.
    #[arg(long, global = true, env = "RASTRO_KEY_FILE", value_name = "FILE")]
    key_file: Option<PathBuf>,

    /// Settings file (TOML: data, database, key_file). Default: ./rastro.toml, if present.
    #[arg(long, global = true, env = "RASTRO_CONFIG", value_name = "FILE")]
    config: Option<PathBuf>,

    /// More log output (-v info, -vv debug); RUST_LOG overrides.
    #[arg(short, long, global = true, action = clap::ArgAction::Count)]
    verbose: u8,

    /// Only errors on the terminal: no progress bars, no info logs.
    #[arg(short, long, global = true)]
    quiet: bool,

    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand)]
enum Command {
    /// The store's administrator (whoever owns the data directory, or holds a PostgreSQL store's
    /// credentials and key file): create
    /// organisations and their users, issue tokens, set passwords.
    #[command(subcommand)]
    Admin(commands::admin::AdminCommand),
    /// Sign in: keep a token for this store in your credentials file; commands then act as you.
    Login(commands::login::LoginArgs),
    /// Sign out: revoke and forget the kept token.
    Logout,
    /// Who the commands act as: user, organisation, role.
    Whoami,
    /// Member organisations (names, kinds, countries).
    #[command(subcommand)]
    Org(commands::org::OrgCommand),
    /// Your organisation's users (for its administrator).
    #[command(subcommand)]
    User(commands::user::UserCommand),
    /// API tokens: create, list, revoke.
    #[command(subcommand)]
    Token(commands::token::TokenCommand),
    /// Sharing: let other organisations see some of your records, at a level, for a purpose.
    #[command(subcommand)]
    Grant(commands::grant::GrantCommand),
    /// Consents of the people in your cases: record, list, withdraw.
    #[command(subcommand)]
    Consent(commands::consent::ConsentCommand),
    /// Referrals between organisations: draft, send, accept, reject, withdraw, close, inbox.
    #[command(subcommand)]
    Referral(commands::referral::ReferralCommand),
    /// The audit trail: verify its hash chains; read your organisation's (auditors).
    #[command(subcommand)]
    Audit(commands::audit::AuditCommand),
    /// A consistent copy of the store, taken while it serves (the key file is not in it: keep
    /// both, apart).
    Backup(commands::backup::BackupArgs),
    /// Bring a backup back as the store of --data (which must not exist yet), opened with the
    /// key file and refused unless the file is whole and its audit trail verifies.
    Restore(commands::backup::RestoreArgs),
    /// Move the whole store into another database — a one-machine store into a hub's
    /// PostgreSQL, or back into SQLite — every record, grant, key and audit event, the trail
    /// verified after the move; the source is left as it was.
    Migrate(commands::backup::MigrateArgs),
    /// Your organisation's jobs (imports queued with --queue): state, progress, result.
    #[command(subcommand)]
    Jobs(commands::jobs::JobsCommand),
    /// Do queued jobs for the members who queued them, until stopped (--once: until the queue is
    /// empty). Any number of workers may share a store; a job whose worker died is taken again.
    Worker(commands::jobs::WorkerArgs),
    /// The store's schema: apply pending migrations, show their state.
    #[command(subcommand)]
    Db(commands::db::DbCommand),
    /// Import records into the store.
    #[command(subcommand)]
    Import(commands::import::ImportCommand),
    /// Your organisation's cases about a person (by identity number or name).
    #[command(subcommand)]
    Case(commands::case::CaseCommand),
    /// Export records from the store.
    #[command(subcommand)]
    Export(commands::export::ExportCommand),
    /// Generate synthetic data for demos, tests and benchmarks.
    #[command(subcommand)]
    Generate(commands::generate::GenerateCommand),
    /// Generate and import 10,000 synthetic cases into the data directory and summarise them.
    Demo(commands::demo::Args),
    /// The web dashboard and JSON API for signed-in members (--demo: on a demonstration store).
    Serve(commands::serve::Args),
    /// Find the same person across records (deduplicate one CSV file or link two, CLK files, or
    /// the stored cases), or the same event across stored news reports.
    Link(commands::link::Args),
    /// Extract incidents (places, forms of exploitation, counts, names…) from news articles.
    Extract(commands::extract::Args),
    /// Trafficking red flags over your organisation's transactions: alerts kept and written as
    /// JSON lines, CSV or suspicious-transaction reports (--backtest: compare catalogues).
    Flags(commands::flags::Args),
    /// Measure an engine against annotated data.
    #[command(subcommand)]
    Eval(commands::eval::EvalCommand),
    /// Take sources into the store with what Rastro extracts from them.
    #[command(subcommand)]
    Ingest(commands::ingest::IngestCommand),
    /// Check people against a watchlist: one JSON line per query with its explained matches.
    Screen(commands::screen::Args),
    /// Score pairs of names (name1,name2[,schema]) and write them with score and match columns.
    MatchPairs(commands::match_pairs::Args),
    /// Store, list, share and remove named watchlists (screen them with `rastro screen --list`).
    #[command(subcommand)]
    Watchlist(commands::watchlist::WatchlistCommand),
    /// What your organisation sees: cases and distinct persons, news articles and distinct events,
    /// victims in the news counted once per event.
    Stats(commands::stats::Args),
    /// A publishable table: small cells suppressed, optionally differentially private.
    Release(commands::release::Args),
}

fn main() -> ExitCode {
    let cli = Cli::parse();
    config::init_logging(cli.verbose, cli.quiet);
    let ctx = match Ctx::new(cli.data, cli.database, cli.key_file, cli.config, cli.quiet) {
        Ok(ctx) => ctx,
        Err(err) => {
            eprintln!("error: {err:#}");
            return ExitCode::from(2);
        }
    };
    let result = match cli.command {
        Command::Admin(cmd) => commands::admin::run(cmd, &ctx),
        Command::Login(args) => commands::login::login(args, &ctx),
        Command::Logout => commands::login::logout(&ctx),
        Command::Whoami => commands::login::whoami(&ctx),
        Command::Org(cmd) => commands::org::run(cmd, &ctx),
        Command::User(cmd) => commands::user::run(cmd, &ctx),
        Command::Token(cmd) => commands::token::run(cmd, &ctx),
        Command::Grant(cmd) => commands::grant::run(cmd, &ctx),
        Command::Audit(cmd) => commands::audit::run(cmd, &ctx),
        Command::Consent(cmd) => commands::consent::run(cmd, &ctx),
        Command::Referral(cmd) => commands::referral::run(cmd, &ctx),
        Command::Backup(args) => commands::backup::backup(args, &ctx),
        Command::Restore(args) => commands::backup::restore(args, &ctx),
        Command::Migrate(args) => commands::backup::migrate(args, &ctx),
        Command::Jobs(cmd) => commands::jobs::run(cmd, &ctx),
        Command::Worker(args) => commands::jobs::worker(args, &ctx),
        Command::Db(cmd) => commands::db::run(cmd, &ctx),
        Command::Import(cmd) => commands::import::run(cmd, &ctx),
        Command::Case(cmd) => commands::case::run(cmd, &ctx),
        Command::Export(cmd) => commands::export::run(cmd, &ctx),
        Command::Generate(cmd) => commands::generate::run(cmd, &ctx),
        Command::Demo(args) => commands::demo::run(args, &ctx),
        Command::Serve(args) => commands::serve::run(args, &ctx),
        Command::Link(args) => commands::link::run(args, &ctx),
        Command::Extract(args) => commands::extract::run(args, &ctx),
        Command::Eval(cmd) => commands::eval::run(cmd, &ctx),
        Command::Flags(args) => commands::flags::run(args, &ctx),
        Command::Ingest(cmd) => commands::ingest::run(cmd, &ctx),
        Command::Screen(args) => commands::screen::run(args, &ctx),
        Command::MatchPairs(args) => commands::match_pairs::run(args, &ctx),
        Command::Watchlist(cmd) => commands::watchlist::run(cmd, &ctx),
        Command::Stats(args) => commands::stats::run(args, &ctx),
        Command::Release(args) => commands::release::run(args, &ctx),
    };
    match result {
        Ok(()) => ExitCode::SUCCESS,
        Err(err) => {
            eprintln!("error: {err:#}");
            ExitCode::FAILURE
        }
    }
}
