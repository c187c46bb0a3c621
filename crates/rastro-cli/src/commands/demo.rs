//! `rastro demo`: a shelter and a police unit import 10,000 synthetic cases between them and share
//! some with a regional hub by grants; prints the demo's users and what the hub's analyst sees:
//! cases by country of exploitation and form of exploitation.

use std::collections::BTreeMap;

use anyhow::Result;
use clap::Args as ClapArgs;
use rastro_app::demo::{demo_user, DEMO_ORGS, DEMO_PASSWORD};
use rastro_app::{Role, UNKNOWN};
use rastro_geo::{countries, Lang};
use rastro_model::{ExploitationType, Picklist};

use crate::config::Ctx;
use crate::progress::Bars;

#[derive(ClapArgs)]
pub struct Args {
    /// How many cases to generate.
    #[arg(long, default_value_t = 10_000)]
    pub count: u64,
    #[arg(long, default_value_t = 2024)]
    pub seed: u64,
    /// Rows of the table: the countries with most cases.
    #[arg(long, default_value_t = 15)]
    pub top: usize,
}

pub fn run(args: Args, ctx: &Ctx) -> Result<()> {
    // The store makes its directory first, owner-only; the generated file goes beside it.
    let app = ctx.open()?;
    let work_dir = ctx.work_dir.as_path();
    crate::credentials::create_private_dir(work_dir)?;
    let demo = rastro_app::demo::run(&app, work_dir, args.count, args.seed, &Bars::new(ctx.quiet))?;
    println!(
        "Generated {} synthetic cases (seed {}) into {}.",
        args.count,
        args.seed,
        work_dir.display()
    );
    for (org, import) in &demo.imports {
        println!(
            "{org}: imported {} new, {} already present, {} rejected in {:.2} s.",
            import.imported, import.duplicates, import.rejected, import.seconds
        );
    }
    println!("\nUsers (password {DEMO_PASSWORD:?}; sign in with `rastro login --user NAME`):");
    for (name, role) in &demo.users {
        println!("  {name:<24} {}", role.as_str());
    }
    if let Some(r) = &demo.referral {
        println!(
            "\n{} referred case {} to {} for {:?} on the person's consent; the referral is {}{}.",
            r.from,
            r.case_id,
            r.to,
            r.purpose,
            r.status.as_str(),
            if r.status == rastro_app::ReferralStatus::Accepted {
                " and the police opened their own case from it"
            } else {
                ""
            }
        );
    }
    println!("\nWhat each sees (cases at summary or more / in detail, without names / in full):");
    for v in &demo.views {
        println!(
            "  {:<24} {:>7} {:>7} {:>7}",
            v.user, v.summary, v.detail, v.full
        );
    }
    let (hub, _, _, prefix) = DEMO_ORGS[2];
    println!(
        "\nThe shelter grants the hub a summary of its cases; the police grant it the detail of its forced-labour cases.\n{} cases visible to {hub}'s analyst ({}):\n",
        demo.hub_visible,
        demo_user(prefix, Role::HubAnalyst)
    );
    print!("{}", render_table(&demo.crosstab, args.top));
    Ok(())
}

/// Renders country × form of exploitation, countries by total, forms in the standard's order.
fn render_table(cells: &[(String, String, u64)], top: usize) -> String {
    let forms: Vec<&str> = ExploitationType::ALL
        .iter()
        .map(|f| f.wire())
        .filter(|w| cells.iter().any(|(_, f, _)| f == w))
        .chain(
            cells
                .iter()
                .any(|(_, f, _)| f == UNKNOWN)
                .then_some(UNKNOWN),
        )
        .collect();
    let mut by_country: BTreeMap<&str, BTreeMap<&str, u64>> = BTreeMap::new();
    for (country, form, n) in cells {
        *by_country
            .entry(country)
            .or_default()
            .entry(form)
            .or_default() += n;
    }
    let mut rows: Vec<(&str, u64)> = by_country
        .iter()
        .map(|(c, m)| (*c, m.values().sum()))
        .collect();
    rows.sort_by(|a, b| b.1.cmp(&a.1).then(a.0.cmp(b.0)));

    let headers: Vec<String> = forms.iter().map(|f| short_label(f).to_string()).collect();
    let widths: Vec<usize> = headers.iter().map(|h| h.chars().count().max(6)).collect();
    let name_width = 26;
    let mut out = format!("{:<name_width$}", "Country of exploitation");
    for (h, w) in headers.iter().zip(&widths) {
        out.push_str(&format!(" {h:>w$}"));
    }
    out.push_str(&format!(" {:>7}\n", "Total"));
    out.push_str(&"-".repeat(name_width + widths.iter().map(|w| w + 1).sum::<usize>() + 8));
    out.push('\n');
    let mut column_totals = vec![0u64; forms.len()];
    for (i, (country, total)) in rows.iter().enumerate() {
        let counts = &by_country[country];
        for (j, form) in forms.iter().enumerate() {
            column_totals[j] += counts.get(form).copied().unwrap_or(0);
        }
        if i >= top {
            continue;
        }
        let label = match countries().by_alpha2(country) {
            Some(code) => {
                let name: String = countries()
                    .name(code, Lang::En)
                    .chars()
                    .take(name_width - 6)
                    .collect();
                format!("{name} ({country})")
            }
            None => "(not recorded)".to_string(),
        };
        out.push_str(&format!("{label:<name_width$}"));
        for (form, w) in forms.iter().zip(&widths) {
            out.push_str(&format!(" {:>w$}", counts.get(form).copied().unwrap_or(0)));
        }
        out.push_str(&format!(" {total:>7}\n"));
    }
    if rows.len() > top {
        out.push_str(&format!("… {} more countries\n", rows.len() - top));
    }
    out.push_str(&format!("{:<name_width$}", "All countries"));
    for (t, w) in column_totals.iter().zip(&widths) {
        out.push_str(&format!(" {t:>w$}"));
    }
    out.push_str(&format!(" {:>7}\n", column_totals.iter().sum::<u64>()));
    out.push_str("\nA case with several forms or countries counts once in each.\n");
    out
}

/// Column headings narrow enough for a terminal.
fn short_label(wire: &str) -> &str {
    match ExploitationType::parse(wire) {
        Some(ExploitationType::SexualExploitation) => "Sexual",
        Some(ExploitationType::ForcedLabour) => "Labour",
        Some(ExploitationType::ChildLabour) => "Child",
        Some(ExploitationType::ForcedMarriage) => "Marriage",
        Some(ExploitationType::Servitude) => "Servitude",
        Some(ExploitationType::ForcedMilitaryByNonStateActors) => "Armed",
        Some(ExploitationType::OrganRemoval) => "Organs",
        Some(ExploitationType::ForcedBegging) => "Begging",
        Some(ExploitationType::ForcedAdoption) => "Adoption",
        Some(ExploitationType::Surrogacy) => "Surrogacy",
        Some(ExploitationType::Other) => "Other",
        None => "Unknown",
    }
}
