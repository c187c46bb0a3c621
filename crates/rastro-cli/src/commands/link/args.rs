//! The arguments of `rastro link`, shared by its three modes (files, stored persons, news).

use std::path::PathBuf;

use anyhow::{bail, Result};
use rastro_app::decisions::NewDecision;

#[derive(clap::Args)]
pub struct Args {
    /// Linkage configuration (TOML): id column, comparisons, blocking rules, threshold. Default:
    /// the built-in configuration for persons (see --print-default-config).
    #[arg(long, value_name = "LINK.toml")]
    pub linkage: Option<PathBuf>,
    /// One CSV file to deduplicate, or two to link (with --clk: two CLK files).
    #[arg(
        value_name = "FILE",
        num_args = 1..=2,
        required_unless_present_any = ["print_default_config", "store", "news"]
    )]
    pub files: Vec<PathBuf>,
    /// The two files are CLK files written by `rastro export clk`.
    #[arg(long)]
    pub clk: bool,
    /// Matched pairs: left_id,right_id,weight,probability.
    #[arg(
        long,
        short,
        value_name = "PAIRS.csv",
        required_unless_present_any = ["print_default_config", "store", "news"]
    )]
    pub output: Option<PathBuf>,
    /// Clusters: record_id,cluster_id (the cluster id is the id of its first record).
    #[arg(long, value_name = "CLUSTERS.csv")]
    pub clusters: Option<PathBuf>,
    /// Each matched pair's weight per comparison: left_id,right_id,comparison,level,left,right,weight,tf_adjustment.
    #[arg(long, value_name = "WATERFALL.csv")]
    pub waterfall: Option<PathBuf>,
    /// The estimated model (m, u, weights per level) as JSON.
    #[arg(long, value_name = "MODEL.json")]
    pub model: Option<PathBuf>,
    /// Match probability at or above which a pair is reported (overrides the configuration).
    #[arg(long, value_name = "P")]
    pub threshold: Option<f64>,
    /// Print how the score of two records (by id) adds up, comparison by comparison, whether or
    /// not they were matched.
    #[arg(long, num_args = 2, value_names = ["ID", "ID"])]
    pub explain: Option<Vec<String>>,
    /// Print the built-in person configuration and exit.
    #[arg(long)]
    pub print_default_config: bool,
    /// Link the persons of the cases your organisation may see in the store, respecting
    /// its reviewers' decisions, and store the entities found.
    #[arg(long, conflicts_with_all = ["files", "clk"])]
    pub store: bool,
    /// Link the news articles your organisation may see in the store into events (the
    /// same raid, rescue or operation reported by several outlets, in any language), respecting
    /// its reviewers' decisions, and store the events found.
    #[arg(long, conflicts_with_all = ["files", "clk", "store", "linkage", "waterfall", "model"])]
    pub news: bool,
    /// With --news: how many other reports of its event a report has on average, which sets the
    /// prior odds of a match (default: estimated from the articles by EM).
    #[arg(long, value_name = "R", requires = "news")]
    pub other_reports: Option<f64>,
    /// With --store or --news: record that two stored records (or articles) are the same person
    /// (or event).
    #[arg(long, num_args = 2, value_names = ["ID", "ID"])]
    pub same: Option<Vec<String>>,
    /// With --store or --news: record that two stored records (or articles) are different
    /// persons (or events).
    #[arg(long, num_args = 2, value_names = ["ID", "ID"])]
    pub different: Option<Vec<String>>,
    /// With --store or --news: queue the run as a job for `rastro worker` instead of doing it
    /// now (it is stored as the command would store it; nothing is written here).
    #[arg(long, conflicts_with_all = ["same", "different", "explain", "output", "clusters"])]
    pub queue: bool,
    /// Who made the decision (with --same or --different).
    #[arg(long)]
    pub reviewer: Option<String>,
    /// Why (with --same or --different).
    #[arg(long)]
    pub note: Option<String>,
}

impl Args {
    /// The decision given on the command line, if any.
    pub fn decision(&self) -> Result<Option<NewDecision<'_>>> {
        let (pair, same) = match (&self.same, &self.different) {
            (Some(_), Some(_)) => bail!("give either --same or --different, not both"),
            (Some(pair), None) => (pair, true),
            (None, Some(pair)) => (pair, false),
            (None, None) => return Ok(None),
        };
        let Some(reviewer) = self.reviewer.as_deref() else {
            bail!("a decision needs --reviewer NAME (who decided)");
        };
        Ok(Some(NewDecision {
            left: &pair[0],
            right: &pair[1],
            same,
            reviewer,
            note: self.note.as_deref(),
        }))
    }
}
