//! Prints generated news articles, for reading them: `cargo run --example news-dump -- SEED EVENTS`.
fn main() {
    let mut args = std::env::args().skip(1);
    let seed = args.next().and_then(|s| s.parse().ok()).unwrap_or(1);
    let events = args.next().and_then(|s| s.parse().ok()).unwrap_or(10);
    let today = rastro_model::Date::today().days_since_epoch();
    let mut articles = rastro_synth::news::generate_articles(seed, events, today);
    articles.sort_by_key(|a| a.event);
    for a in articles {
        println!(
            "=== {} [{}] event {} {} {}\n{}\n\n{}\n",
            a.id, a.language, a.event, a.published, a.url, a.title, a.text
        );
    }
}
