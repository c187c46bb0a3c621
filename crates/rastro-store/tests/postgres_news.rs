//! News search on PostgreSQL against SQLite's: the same articles in both stores, the same
//! queries, the same answers in the same order. PostgreSQL's index stems words and drops stop
//! words while SQLite's keeps every word, so this holds only because both count words alike over
//! the visible articles; the corpus is made to touch every difference (stems shared by other
//! words, stop words alone and in phrases, prefixes, accents and case, four languages, a phrase
//! split between title and body, and another organisation's articles that must change nothing).
//! Skipped, like `tests/postgres.rs`, when no server is named (unless required).

// The contract's fixtures alone (this file runs no contract test), some of them unused here.
#[allow(dead_code)]
#[path = "contract/fixtures.rs"]
mod fixtures;
mod pg_support;

use fixtures::{analyst, article};
use pg_support::TempDatabase;
use rastro_store::{Ingested, Store, StoreUrl, TextQuery};

/// (external id, language, title, body): the visible organisation's articles.
const VISIBLE: &[(&str, &str, &str, &str)] = &[
    (
        "es1",
        "es",
        "Trata de personas",
        "La policía rescató a 12 personas en Bogotá.",
    ),
    (
        "es2",
        "es",
        "Persona desaparecida",
        "Una persona fue hallada; la trata no se descarta.",
    ),
    (
        "es3",
        "es",
        "Migrantes",
        "Migrantes y migrante: explotación laboral de migrantes.",
    ),
    (
        "es4",
        "es",
        "Explotadores detenidos",
        "Los explotadores de la red de trata, detenidos.",
    ),
    (
        "es5",
        "es",
        "Informe",
        "Se trata de un caso de trata de personas en la frontera de Perú.",
    ),
    (
        "es6",
        "es",
        "TRÁFICO",
        "Tráfico de migrantes y trafico ilícito en el río.",
    ),
    (
        "es7",
        "es",
        "Trata",
        "de personas: el título y el texto no forman una frase.",
    ),
    (
        "pt1",
        "pt",
        "Tráfico de pessoas",
        "A polícia resgatou pessoas de trabalho escravo no Pará.",
    ),
    (
        "pt2",
        "pt",
        "Exploração",
        "Exploração sexual e tráfico de pessoas na fronteira.",
    ),
    (
        "en1",
        "en",
        "Human trafficking",
        "Police rescued people from trafficking or forced labour.",
    ),
    (
        "en2",
        "en",
        "Traffickers",
        "The traffickers were trafficking people, or so it seems.",
    ),
    (
        "fr1",
        "fr",
        "Traite des personnes",
        "La traite de personnes et le trafic de migrants.",
    ),
];

const QUERIES: &[&str] = &[
    "trata",
    "personas",
    "persona",
    "migrantes",
    "migrante",
    "explot*",
    "explotadores",
    "tra*",
    "trafico",
    "TRÁFICO",
    "de",
    "\"trata de personas\"",
    "\"caso de trata\"",
    "\"trata de\"",
    "\"trata personas\"",
    "de personas",
    "trata personas",
    "pessoas",
    "\"tráfico de pessoas\"",
    "trafficking",
    "or",
    "trafficking or",
    "people",
    "traite",
    "12",
    "peru bogota",
    "fronteira",
    "nada",
    // No operators: OR and NOT are words, a minus sign is punctuation (as `TextQuery` reads them).
    "trata OR migrantes",
    "trata -personas",
    "migr* NOT trata",
];

fn stored(store: &Store) {
    let scope = store.scope(&analyst(store, "ngo"));
    for (key, language, title, body) in VISIBLE {
        let mut a = article(key, None, body, "{}", &[]);
        a.language = language;
        a.title = Some(title);
        assert!(matches!(
            scope.ingest_article(&a).unwrap(),
            Ingested::Stored { .. }
        ));
    }
    // Another organisation's: many, long, and full of the same words.
    let other = store.scope(&analyst(store, "other"));
    for i in 0..12 {
        let key = format!("x{i}");
        let body = "trata de personas migrantes tráfico pessoas trafficking or de ".repeat(i + 1);
        let mut a = article(&key, None, &body, "{}", &[]);
        a.language = ["es", "pt", "en", "fr"][i % 4];
        assert!(matches!(
            other.ingest_article(&a).unwrap(),
            Ingested::Stored { .. }
        ));
    }
}

fn answers(store: &Store) -> Vec<(String, Vec<String>)> {
    let scope = store.scope(&analyst(store, "ngo"));
    QUERIES
        .iter()
        .map(|q| {
            let query = TextQuery::parse(q).unwrap();
            let found = scope.search_news(&query, 20).unwrap();
            // The ids alone come in the same order as the articles.
            let ids: Vec<&str> = found.iter().map(|a| a.id.as_str()).collect();
            assert_eq!(scope.search_news_ids(&query, 20).unwrap(), ids, "{q}");
            let found = found.into_iter().map(|a| a.external_id).collect();
            (q.to_string(), found)
        })
        .collect()
}

#[test]
fn search_answers_as_sqlite_does_in_the_same_order() {
    let Some(server) = pg_support::server() else {
        return;
    };
    let dir = tempfile::tempdir().unwrap();
    let sqlite = Store::open_migrated(&StoreUrl::in_data_dir(&dir.path().join("data"))).unwrap();
    stored(&sqlite);
    let expected = answers(&sqlite);
    // The corpus does what it is for: stems, stop words and phrases give SQLite's answers.
    let of = |q: &str| &expected.iter().find(|(x, _)| x == q).unwrap().1;
    assert_eq!(of("persona"), &vec!["es2".to_string()]);
    assert_eq!(of("\"trata de personas\"").len(), 2, "{expected:?}");
    assert!(of("de").len() >= 8, "{expected:?}");
    assert_eq!(of("nada"), &Vec::<String>::new());
    assert_eq!(of("trata -personas"), of("trata personas"));
    assert!(of("trata OR migrantes").is_empty(), "{expected:?}");

    let database = TempDatabase::create(&server);
    let keys = tempfile::tempdir().unwrap();
    let url = StoreUrl::parse(&database.url).unwrap();
    let postgres = Store::open_migrated_with_key(&url, &keys.path().join("rastro.key")).unwrap();
    stored(&postgres);
    let got = answers(&postgres);
    for ((query, want), (_, have)) in expected.iter().zip(&got) {
        assert_eq!(have, want, "query {query:?}");
    }
}
