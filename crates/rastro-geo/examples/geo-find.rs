//! Prints the place mentions `Gazetteer::find` reports for each file given (or standard input).
//! Run: cargo run -p rastro-geo --example geo-find -- FILE...

use std::io::{Read, Write};

fn main() -> std::io::Result<()> {
    let g = rastro_geo::gazetteer();
    let files: Vec<String> = std::env::args().skip(1).collect();
    let mut inputs = Vec::new();
    if files.is_empty() {
        let mut text = String::new();
        std::io::stdin().read_to_string(&mut text)?;
        inputs.push(("-".to_string(), text));
    }
    for f in files {
        let bytes = std::fs::read(&f)?;
        inputs.push((f, String::from_utf8_lossy(&bytes).into_owned()));
    }
    let mut out = std::io::stdout().lock();
    for (name, text) in inputs {
        let mentions = g.find(&text);
        let mut countries: Vec<String> = mentions.iter().map(|m| m.country.to_string()).collect();
        countries.sort();
        countries.dedup();
        writeln!(out, "== {name}: {}", countries.join(" "))?;
        for m in mentions {
            writeln!(
                out,
                "  {:?} {:?} -> {} {} ({})",
                &text[m.span.clone()],
                m.kind,
                m.country,
                m.name,
                m.admin1.unwrap_or("-")
            )?;
        }
    }
    Ok(())
}
