//! The pages in a real browser: headless Chromium, driven through chromedriver, against the
//! shared test server. What HTTP alone cannot show is checked here: the console stays clean, the
//! SVG draws, clicks and reloads keep the view in the URL, the language switcher works through
//! its script, imported markup never runs, and nothing is fetched from anywhere but the server.
//!
//! Without Chromium and chromedriver each test says it is skipped and passes, unless
//! `RASTRO_REQUIRE_BROWSER=1` (as in CI) makes their absence a failure.

mod common;
mod webdriver;

use std::collections::BTreeSet;
use std::sync::{PoisonError, RwLock, RwLockReadGuard, RwLockWriteGuard};

use common::{server, Client};
use rastro_app::demo::{demo_user, DEMO_PASSWORD};
use rastro_app::Role;
use serde_json::{json, Value};
use webdriver::{Browser, Options};

/// Tests that add records take this for writing while they add them; tests that compare numbers
/// read at two moments hold it for reading, so the numbers cannot move under them.
static DATA: RwLock<()> = RwLock::new(());

fn reading() -> RwLockReadGuard<'static, ()> {
    DATA.read().unwrap_or_else(PoisonError::into_inner)
}

fn writing() -> RwLockWriteGuard<'static, ()> {
    DATA.write().unwrap_or_else(PoisonError::into_inner)
}

/// A browser on the test server, or `None` when the test is skipped.
fn browser() -> Option<Browser> {
    browser_with(Options::default())
}

fn browser_with(options: Options) -> Option<Browser> {
    webdriver::driver()?;
    Browser::open_with(&server().base, options)
}

fn hub_analyst() -> String {
    demo_user("obs", Role::HubAnalyst)
}

/// The pages of the navigation, and a country's page, with the names of their screenshots.
const PAGES: [(&str, &str); 11] = [
    ("overview", "/"),
    ("map", "/map"),
    ("routes", "/routes"),
    ("trends", "/trends"),
    ("incidents", "/incidents"),
    ("cases", "/cases"),
    ("network", "/network"),
    ("screening", "/screening"),
    ("import", "/import"),
    ("members", "/members"),
    ("country-PE", "/country/PE"),
];

/// A count as a page or a CSV writes it, in any of the three languages' formats.
fn count(text: &str) -> Option<u64> {
    let digits: String = text
        .trim()
        .chars()
        .filter(|c| !matches!(c, ',' | '.' | ' ' | '\u{a0}' | '\u{202f}'))
        .collect();
    if digits.is_empty() || !digits.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    digits.parse().ok()
}

/// The rows of a table's body, each cell's text.
fn table_rows(browser: &Browser, css: &str) -> Vec<Vec<String>> {
    let rows = browser.exec(
        "return Array.from(document.querySelectorAll(arguments[0] + ' tbody tr')).map(function (tr) {\
           return Array.from(tr.children).map(function (td) { return td.textContent.trim(); });\
         });",
        &[json!(css)],
    );
    serde_json::from_value(rows).expect("rows of cells")
}

/// `path` fetched by the page itself (same origin, the session's cookie): status, content type
/// and body.
fn fetch(browser: &Browser, path: &str) -> (u64, String, String) {
    let answer = browser.exec(
        "return fetch(arguments[0], { credentials: 'same-origin' }).then(function (r) {\
           return r.text().then(function (t) { return [r.status, r.headers.get('content-type') || '', t]; });\
         });",
        &[json!(path)],
    );
    (
        answer[0].as_u64().expect("a status"),
        answer[1].as_str().unwrap_or("").to_string(),
        answer[2].as_str().unwrap_or("").to_string(),
    )
}

/// RFC 4180 CSV, as the export writes it (quoted fields, CRLF).
fn parse_csv(text: &str) -> Vec<Vec<String>> {
    let mut rows = Vec::new();
    let mut row = Vec::new();
    let mut field = String::new();
    let mut quoted = false;
    let mut chars = text.chars().peekable();
    while let Some(c) = chars.next() {
        match (quoted, c) {
            (true, '"') if chars.peek() == Some(&'"') => {
                chars.next();
                field.push('"');
            }
            (true, '"') => quoted = false,
            (true, c) => field.push(c),
            (false, '"') => quoted = true,
            (false, ',') => row.push(std::mem::take(&mut field)),
            (false, '\r') => {}
            (false, '\n') => {
                row.push(std::mem::take(&mut field));
                rows.push(std::mem::take(&mut row));
            }
            (false, c) => field.push(c),
        }
    }
    if !field.is_empty() || !row.is_empty() {
        row.push(field);
        rows.push(row);
    }
    rows
}

#[test]
fn every_page_loads_without_a_console_error() {
    let Some(browser) = browser() else { return };
    browser.sign_in(&hub_analyst());
    let mut failures = Vec::new();
    let signing_in = browser.severe_logs();
    if !signing_in.is_empty() {
        failures.push(format!("/signin: {signing_in:?}"));
    }
    for (name, path) in PAGES {
        browser.goto(path);
        browser.wait_js(
            "the page to finish loading",
            "return document.readyState === 'complete';",
        );
        let state = browser.exec(
            "return {\
               h1: (document.querySelector('main h1') || {}).textContent || '',\
               error: !!document.querySelector('[data-error]'),\
               styled: document.styleSheets.length > 0 && document.styleSheets[0].cssRules.length > 0,\
               scripted: Array.from(document.scripts).some(function (s) { return /\\/assets\\/app\\.[0-9a-f]+\\.js$/.test(s.src); }),\
             };",
            &[],
        );
        if state["error"] == true || state["h1"] == "" {
            failures.push(format!("{path}: not a page of the site: {state}"));
        }
        if state["styled"] != true || state["scripted"] != true {
            failures.push(format!("{path}: stylesheet or script missing: {state}"));
        }
        let shot = browser.screenshot(name);
        let size = std::fs::metadata(&shot).map_or(0, |m| m.len());
        if size < 1_000 {
            failures.push(format!(
                "{path}: screenshot {} is {size} bytes",
                shot.display()
            ));
        }
        let errors = browser.severe_logs();
        if !errors.is_empty() {
            failures.push(format!("{path}: console errors: {errors:?}"));
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}

#[test]
fn the_map_draws_all_33_latin_american_and_caribbean_states() {
    let Some(browser) = browser() else { return };
    browser.sign_in(&hub_analyst());
    browser.goto("/map");
    let codes: Vec<&str> = rastro_geo::LATIN_AMERICA_AND_CARIBBEAN.to_vec();
    assert_eq!(codes.len(), 33);
    let problems = browser.exec(
        "var bad = [];\
         arguments[0].forEach(function (code) {\
           var region = document.querySelector('#map-panel svg path.region[data-key=\"' + code + '\"]');\
           if (!region) { bad.push(code + ': no region'); return; }\
           var box = region.getBBox();\
           if (!(box.width > 0 && box.height > 0)) { bad.push(code + ': empty box ' + box.width + 'x' + box.height); }\
           var link = region.closest('a');\
           if (!link || !link.getAttribute('href')) { bad.push(code + ': not a link'); }\
         });\
         return bad;",
        &[json!(codes)],
    );
    assert_eq!(problems, json!([]), "regions missing or empty on the map");
    let shown = browser.exec(
        "var r = document.querySelector('#map-panel svg').getBoundingClientRect(); return [r.width, r.height];",
        &[],
    );
    assert!(
        shown[0].as_f64().unwrap_or(0.0) > 100.0 && shown[1].as_f64().unwrap_or(0.0) > 100.0,
        "the map is drawn at a visible size: {shown}"
    );
}

/// What the overview shows: every panel's table, the figures, the chips and the URL.
const OVERVIEW_STATE: &str = "\
    var state = { panels: {} };\
    document.querySelectorAll('section.panel').forEach(function (s) {\
      state.panels[s.id] = Array.from(s.querySelectorAll('table td')).map(function (td) { return td.textContent.trim(); }).join('|');\
    });\
    state.figures = Array.from(document.querySelectorAll('#figures .figure')).map(function (f) {\
      return f.getAttribute('data-figure') + '=' + f.querySelector('.n').textContent;\
    }).join('|');\
    state.cases = document.querySelector('[data-figure=\"overview.cases\"] .n').textContent;\
    state.chips = Array.from(document.querySelectorAll('#chips a.chip')).map(function (a) { return a.getAttribute('data-chip'); });\
    state.url = decodeURIComponent(location.pathname + location.search);\
    return state;";

#[test]
fn clicking_peru_filters_every_panel_and_a_reload_keeps_it() {
    let Some(browser) = browser() else { return };
    browser.sign_in(&hub_analyst());
    let _data = reading();
    browser.goto("/");
    let before = browser.exec(OVERVIEW_STATE, &[]);
    let panels = before["panels"].as_object().expect("panels").clone();
    assert!(
        ["by-form", "trend", "by-country"]
            .iter()
            .all(|p| panels.contains_key(*p)),
        "the overview's panels: {before}"
    );
    assert_eq!(before["chips"], json!([]), "no filter to begin with");
    let peru = browser.find("#by-country svg g.bar[data-key=\"PE\"] a");
    browser.navigating(|| peru.click());

    let after = browser.exec(OVERVIEW_STATE, &[]);
    let url = after["url"].as_str().unwrap_or("");
    assert!(
        url.contains("country=") && url.contains("PE"),
        "the URL holds the filter: {url}"
    );
    assert!(
        url.contains("country=exploitation:PE"),
        "the filter is Peru as a country of exploitation: {url}"
    );
    assert_eq!(
        after["chips"],
        json!(["country=exploitation:PE"]),
        "a chip for Peru"
    );
    let chip = browser.find("#chips a.chip").text();
    assert!(chip.contains("Peru"), "the chip names Peru: {chip}");
    for (id, table) in &panels {
        assert_ne!(
            &after["panels"][id], table,
            "panel {id} shows other numbers once filtered"
        );
    }
    let all = count(before["cases"].as_str().unwrap()).expect("a case total");
    let peru_only = count(after["cases"].as_str().unwrap()).expect("a filtered case total");
    assert!(
        0 < peru_only && peru_only < all,
        "the case total falls from {all} to Peru's {peru_only}"
    );
    let countries = table_rows(&browser, "#by-country-table");
    assert!(
        countries.iter().any(|row| row[0] == "Peru"),
        "Peru is in its own panel: {countries:?}"
    );

    browser.reload();
    let reloaded = browser.exec(OVERVIEW_STATE, &[]);
    assert_eq!(reloaded, after, "a reload shows the same filtered view");
}

/// Cases whose route is recruited in Guatemala, through Mexico, exploited in Mexico; their form
/// (surrogacy) is one the demonstration never generates, so filtering on it shows only them.
const MEXICO_ROUTE_CASES: usize = 14;

fn import_mexico_route_cases() {
    let _data = writing();
    let session = server()
        .app
        .sign_in(&demo_user("refugio", Role::Caseworker), DEMO_PASSWORD)
        .unwrap();
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("through-mexico.csv");
    let mut file = String::from(
        "prs_FirstName,prs_SecondName,prs_Gender,vic_TypeOfExploitation,hte_Type,hte_Country\n",
    );
    for i in 0..MEXICO_ROUTE_CASES {
        file.push_str(&format!(
            "Persona{i},Ruta,Feminine,Surrogacy,Recruitment;Transit;Exploitation,GT;MX;MX\n"
        ));
    }
    std::fs::write(&path, file).unwrap();
    let report = rastro_app::cases::import_cases(
        &session,
        &path,
        &rastro_import::ImportOptions::default(),
        None,
        &rastro_app::Quiet,
    )
    .unwrap();
    assert_eq!(report.rejected, 0, "{:?}", report.errors);
    assert_eq!(
        (report.imported + report.duplicates) as usize,
        MEXICO_ROUTE_CASES
    );
}

#[test]
fn with_mexico_as_transit_and_destination_the_sankey_draws() {
    let Some(browser) = browser() else { return };
    // The demonstration's routes never pass through Mexico to end there, so such cases are
    // imported first.
    import_mexico_route_cases();
    browser.sign_in(&demo_user("refugio", Role::Caseworker));
    browser.goto("/routes?form=Surrogacy");
    let drawn = browser.exec(
        "var svg = document.querySelector('#routes-panel svg');\
         if (!svg) { return null; }\
         var node = function (key) {\
           var rect = svg.querySelector('rect.mark[data-key=\"' + key + '\"]');\
           if (!rect) { return null; }\
           var box = rect.getBBox();\
           var link = rect.closest('a');\
           return { width: box.width, height: box.height, href: link ? link.getAttribute('href') : null };\
         };\
         return {\
           origin: node('origin:GT'),\
           transit: node('transit:MX'),\
           destination: node('destination:MX'),\
           through: svg.querySelectorAll('path.link[data-source=\"transit:MX\"][data-target=\"destination:MX\"]').length,\
           links: svg.querySelectorAll('a[href]').length,\
         };",
        &[],
    );
    assert!(drawn.is_object(), "the routes page draws a diagram");
    for key in ["origin", "transit", "destination"] {
        let node = &drawn[key];
        assert!(node.is_object(), "a {key} node for the route: {drawn}");
        assert!(
            node["width"].as_f64().unwrap_or(0.0) > 0.0
                && node["height"].as_f64().unwrap_or(0.0) > 0.0,
            "the {key} node has a size: {drawn}"
        );
        assert!(
            node["href"]
                .as_str()
                .is_some_and(|h| h.starts_with("/routes?")),
            "the {key} node links to the filtered routes: {drawn}"
        );
    }
    assert_eq!(
        drawn["through"], 1,
        "one band from transit Mexico to destination Mexico"
    );
    assert!(drawn["links"].as_u64().unwrap_or(0) >= 3, "{drawn}");
    let rows = table_rows(&browser, "#routes-table");
    let through = rows
        .iter()
        .find(|r| r[0].starts_with("Mexico") && r[1].starts_with("Mexico"))
        .unwrap_or_else(|| panic!("a row from Mexico to Mexico: {rows:?}"));
    assert_eq!(
        count(&through[2]),
        Some(MEXICO_ROUTE_CASES as u64),
        "{through:?}"
    );
    assert!(
        browser.severe_logs().is_empty(),
        "the diagram draws without a console error"
    );

    let transit = browser.find("#routes-panel svg rect.mark[data-key=\"transit:MX\"]");
    browser.navigating(|| transit.click());
    let url = browser.exec_str("return decodeURIComponent(location.search);");
    assert!(
        url.contains("country=transit:MX") && url.contains("form=Surrogacy"),
        "clicking the transit node filters by it and keeps the form: {url}"
    );
    browser.find("#chips a.chip[data-chip=\"country=transit:MX\"]");
    browser.find("#routes-panel svg rect.mark[data-key=\"destination:MX\"]");
}

#[test]
fn a_cell_under_11_shows_the_mark_and_the_csv_equals_the_table() {
    let Some(browser) = browser() else { return };
    browser.sign_in(&hub_analyst());
    let _data = reading();
    browser.goto("/cases?by=country.origin");
    let suppressed = browser.find("#cases-table span.suppressed");
    assert_eq!(suppressed.attr("data-suppressed").as_deref(), Some("1"));
    let mark = browser.exec("return arguments[0].textContent;", &[suppressed.arg()]);
    assert_eq!(mark, "<11", "a small count is shown as <11");

    let href = browser
        .find("#cases-panel a[data-csv]")
        .attr("href")
        .expect("the panel's CSV link");
    assert!(href.starts_with("/export/counts.csv?"), "{href}");
    let (status, kind, body) = fetch(&browser, &href);
    assert_eq!(status, 200, "{body}");
    assert!(kind.starts_with("text/csv"), "{kind}");
    let csv = parse_csv(&body);
    assert_eq!(csv[0], ["country.origin", "records"], "the CSV's header");
    let table = table_rows(&browser, "#cases-table");
    assert_eq!(
        csv.len() - 1,
        table.len(),
        "as many rows in the CSV as on screen\n{csv:?}\n{table:?}"
    );
    let keys = browser.exec(
        "return Array.from(document.querySelectorAll('#cases-panel svg g.bar')).map(function (g) { return g.getAttribute('data-key'); });",
        &[],
    );
    let keys: Vec<String> = serde_json::from_value(keys).unwrap();
    assert!(!keys.is_empty());
    let mut small = 0;
    for (i, (line, row)) in csv[1..].iter().zip(&table).enumerate() {
        if let Some(key) = keys.get(i) {
            assert_eq!(
                &line[0], key,
                "row {i}: the same key in the CSV and the chart"
            );
        }
        if i + 1 == table.len() {
            assert_eq!(line[0], "total");
        }
        match count(&row[1]) {
            Some(n) => assert_eq!(
                count(&line[1]),
                Some(n),
                "row {i}: {line:?} in the CSV, {row:?} on screen"
            ),
            None => {
                assert_eq!(row[1], "<11", "row {i}: {row:?}");
                assert_eq!(line[1], "<11", "row {i}: {line:?}");
                small += 1;
            }
        }
    }
    assert!(small > 0, "at least one suppressed row compared");
}

#[test]
fn trafico_finds_trafico_with_its_accent_and_marks_it() {
    let Some(browser) = browser() else { return };
    browser.sign_in(&hub_analyst());
    browser.goto("/incidents?q=trafico");
    let results = browser.find_all("#results .result");
    assert!(!results.is_empty(), "trafico finds incidents");
    let total = browser.find("#total").text();
    assert!(
        count(total.split(' ').next().unwrap_or("")).is_some_and(|n| n > 0),
        "{total}"
    );
    let marks = browser.exec(
        "return Array.from(document.querySelectorAll('#results mark[data-q]')).map(function (m) { return m.textContent; });",
        &[],
    );
    let marks: Vec<String> = serde_json::from_value(marks).unwrap();
    assert!(!marks.is_empty(), "the search word is marked");
    // The search reads a word's stem as a prefix (trafico → trafic*), and so does the marking.
    for word in &marks {
        let folded = word.to_lowercase().replace('á', "a");
        assert!(
            folded.starts_with("trafic"),
            "only forms of the word searched are marked: {marks:?}"
        );
    }
    assert!(
        marks.iter().any(|m| m.to_lowercase() == "tráfico"),
        "the accented word is marked: {marks:?}"
    );
    let visible = browser.exec(
        "var m = Array.from(document.querySelectorAll('#results mark[data-q]')).find(function (m) { return m.textContent.indexOf('á') >= 0; });\
         var r = m.getBoundingClientRect(); return r.width > 0 && r.height > 0 && getComputedStyle(m).backgroundColor !== 'rgba(0, 0, 0, 0)';",
        &[],
    );
    assert_eq!(visible, true, "the mark is drawn highlighted");
    assert_eq!(
        browser.exec_str("return document.getElementById('q').value;"),
        "trafico"
    );
}

/// The navigation's labels in each language, as the label table has them.
const NAV: [(&str, [&str; 11]); 3] = [
    (
        "en",
        [
            "Overview",
            "Map",
            "Routes",
            "Trends",
            "Incidents",
            "Cases",
            "Network",
            "Alerts",
            "Screening",
            "Import",
            "Members",
        ],
    ),
    (
        "es",
        [
            "Resumen",
            "Mapa",
            "Rutas",
            "Tendencias",
            "Incidentes",
            "Casos",
            "Red",
            "Alertas",
            "Verificación",
            "Importar",
            "Miembros",
        ],
    ),
    (
        "pt",
        [
            "Visão geral",
            "Mapa",
            "Rotas",
            "Tendências",
            "Incidentes",
            "Casos",
            "Rede",
            "Alertas",
            "Verificação",
            "Importar",
            "Membros",
        ],
    ),
];

#[test]
fn switching_language_changes_every_label_and_the_number_format() {
    let Some(browser) = browser() else { return };
    browser.sign_in(&hub_analyst());
    let _data = reading();
    browser.goto("/");
    let mut totals = Vec::new();
    for (lang, labels) in [NAV[0], NAV[1], NAV[2], NAV[0]] {
        let current = browser.exec_str("return document.documentElement.lang;");
        if current != lang {
            let option = browser.find(&format!("#lang-switch option[value=\"{lang}\"]"));
            browser.navigating(|| option.click());
        }
        assert_eq!(
            browser.exec_str("return document.documentElement.lang;"),
            lang
        );
        assert_eq!(browser.path(), "/", "the switcher comes back to the page");
        let nav = browser.exec(
            "return Array.from(document.querySelectorAll('header nav a')).map(function (a) { return a.textContent; });",
            &[],
        );
        assert_eq!(nav, json!(labels), "navigation in {lang}");
        assert_eq!(
            browser.exec_str("return document.getElementById('lang-switch').value;"),
            lang
        );
        let total = browser.find("[data-figure=\"overview.cases\"] .n").text();
        let (thousands, other) = if lang == "en" { (',', '.') } else { ('.', ',') };
        assert!(
            total.contains(thousands) && !total.contains(other),
            "{lang} writes thousands with {thousands:?}: {total}"
        );
        totals.push(count(&total).expect("a number"));
        let summary = browser.find("#by-form summary").text();
        let table = match lang {
            "en" => "Table",
            "es" => "Tabla",
            _ => "Tabela",
        };
        assert_eq!(summary, table, "panel labels in {lang}");
        let months = browser.exec(
            "return Array.from(document.querySelectorAll('#trend-table tbody tr td:first-child')).map(function (td) { return td.textContent; });",
            &[],
        );
        let first = months[0].as_str().unwrap_or("").to_string();
        let lowercase = first.chars().next().is_some_and(char::is_lowercase);
        assert_eq!(lowercase, lang != "en", "month names in {lang}: {first}");
    }
    assert!(
        totals.windows(2).all(|w| w[0] == w[1]) && totals[0] > 1_000,
        "the same total in every language: {totals:?}"
    );
}

#[test]
fn an_imported_script_is_inert() {
    let Some(browser) = browser() else { return };
    let title = "<script>window.__pwned=1</script> Rescatan víctimas de trata navegadorxss";
    let img = "<img src=x onerror=\"window.__pwned=2\">";
    {
        let _data = writing();
        let analyst = server()
            .app
            .sign_in(&demo_user("obs", Role::Analyst), DEMO_PASSWORD)
            .unwrap();
        let articles = rastro_app::articles::Articles {
            articles: vec![rastro_extract::Article {
                id: "browser-xss".into(),
                title: Some(title.into()),
                text: format!(
                    "{img} La policía rescató a 9 mujeres en Quito, Ecuador, víctimas de trata. navegadorxss"
                ),
                url: Some("https://xss.example/browser".into()),
                published: Some("2026-01-06".into()),
                line: None,
            }],
            sources: vec!["browser test".into()],
            warnings: 0,
            errors: 0,
        };
        rastro_app::news::ingest(&analyst, &articles, &rastro_app::Quiet).unwrap();
    }
    browser.sign_in(&demo_user("obs", Role::Analyst));
    let pwned = "return typeof window.__pwned;";

    browser.goto("/incidents?q=navegadorxss");
    let link = browser.find("#results .result h3 a");
    let shown = link.text();
    assert!(
        shown.contains("<script>window.__pwned=1</script>"),
        "the title is text: {shown}"
    );
    assert_eq!(browser.exec_str(pwned), "undefined");
    let scripts = browser.exec(
        "return [document.querySelectorAll('main script, main img, main [onerror]').length, document.scripts.length];",
        &[],
    );
    assert_eq!(
        scripts,
        json!([0, 1]),
        "no element came from the imported text"
    );

    browser.navigating(|| link.click());
    assert!(browser.path().starts_with("/incidents/"));
    let heading = browser.find("#title").text();
    assert!(
        heading.contains("<script>window.__pwned=1</script>"),
        "{heading}"
    );
    let article = browser.find("#article").text();
    assert!(
        article.contains(img),
        "the article's markup is shown as text: {article}"
    );
    assert_eq!(browser.exec_str(pwned), "undefined");
    let elements = browser.exec(
        "return [document.querySelectorAll('main script, main img, main [onerror]').length, document.scripts.length];",
        &[],
    );
    assert_eq!(
        elements,
        json!([0, 1]),
        "no element came from the imported text"
    );
    let errors = browser.severe_logs();
    assert!(errors.is_empty(), "nothing was even attempted: {errors:?}");
}

/// Every request the page made (navigation and resources) and every URL its markup would load
/// by itself (src, link href, form action…; not `<a href>`, which only a click follows) that is
/// not the server's own.
const FOREIGN: &str = "\
    var origin = location.origin, bad = [];\
    var entries = performance.getEntriesByType('navigation').concat(performance.getEntriesByType('resource'));\
    entries.forEach(function (e) { if (new URL(e.name).origin !== origin) { bad.push(e.entryType + ' ' + e.name); } });\
    var loading = ['src', 'srcset', 'href', 'xlink:href', 'data', 'poster', 'action', 'formaction', 'background', 'ping', 'manifest'];\
    var check = function (where, value) {\
      if (!value) { return; }\
      var url;\
      try { url = new URL(value, location.href); } catch (e) { bad.push(where + ' unreadable ' + value); return; }\
      if (url.protocol === 'data:') { return; }\
      if (url.origin !== origin) { bad.push(where + '=' + value); }\
    };\
    document.querySelectorAll('*').forEach(function (el) {\
      Array.from(el.attributes).forEach(function (a) {\
        var name = a.name.toLowerCase();\
        if (loading.indexOf(name) < 0) { return; }\
        if (el.localName === 'a' && (name === 'href' || name === 'xlink:href')) { return; }\
        var values = name === 'srcset' ? a.value.split(',').map(function (s) { return s.trim().split(/\\s+/)[0]; }) : [a.value];\
        values.forEach(function (v) { check(el.localName + '[' + name + ']', v); });\
      });\
      var style = el.getAttribute('style') || '';\
      (style.match(/url\\(([^)]*)\\)/g) || []).forEach(function (u) { check(el.localName + '[style]', u.slice(4, -1).replace(/['\"]/g, '')); });\
    });\
    Array.from(document.styleSheets).forEach(function (sheet) {\
      Array.from(sheet.cssRules).forEach(function (rule) {\
        (rule.cssText.match(/url\\(([^)]*)\\)/g) || []).forEach(function (u) { check('css', u.slice(4, -1).replace(/['\"]/g, '')); });\
        if (rule.href) { check('css @import', rule.href); }\
      });\
    });\
    return bad;";

#[test]
fn nothing_leaves_localhost() {
    let Some(browser) = browser_with(Options { network_log: true }) else {
        return;
    };
    browser.sign_in(&hub_analyst());
    browser.goto("/incidents");
    let incident = browser
        .find("#results .result h3 a")
        .attr("href")
        .expect("an incident's link");
    let mut pages: Vec<String> = PAGES.iter().map(|(_, p)| p.to_string()).collect();
    pages.extend([
        "/incidents?q=trafico".to_string(),
        incident,
        "/map?layer=incidents".to_string(),
        "/signin".to_string(),
    ]);
    let origin = server().base.clone();
    let mut failures = Vec::new();
    let mut requested = 0;
    for page in &pages {
        browser.goto(page);
        browser.wait_js(
            "the page to finish loading",
            "return document.readyState === 'complete';",
        );
        let foreign = browser.exec(FOREIGN, &[]);
        if foreign != json!([]) {
            failures.push(format!("{page}: {foreign}"));
        }
        for url in browser.requests() {
            requested += 1;
            if !(url.starts_with(&format!("{origin}/")) || url.starts_with("data:")) {
                failures.push(format!("{page}: requested {url}"));
            }
        }
    }
    assert!(
        requested >= pages.len() * 2,
        "the network log saw the pages and their assets ({requested} requests)"
    );
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}

#[test]
fn an_import_with_bad_rows_lists_their_row_numbers() {
    let Some(browser) = browser() else { return };
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("bad-rows.csv");
    std::fs::write(
        &file,
        "prs_FirstName,prs_Gender,vic_TypeOfExploitation,hte_Type,hte_Country\n\
         Marta,Feminine,SexualExploitation,Exploitation,PE\n\
         Jorge,Masculine,Piracy,Exploitation,PE\n\
         Lucia,Feminine,ForcedLabour,Exploitation,Atlantis\n\
         Elena,Feminine,ForcedLabour,Exploitation,CO\n\
         Pablo,Masculine,ForcedLabour,Exploitation,Narnia\n",
    )
    .unwrap();
    browser.sign_in(&demo_user("refugio", Role::Caseworker));
    browser.goto("/import");
    let input = browser.find("#upload input[type=file]");
    input.send_keys(&file.canonicalize().unwrap().to_string_lossy());
    let chosen = browser.exec("return arguments[0].files[0].name;", &[input.arg()]);
    assert_eq!(chosen, "bad-rows.csv");
    browser.navigating(|| browser.find("#upload button").click());
    let preview = browser.path();
    assert!(
        preview.starts_with("/import/") && preview.ends_with(".csv"),
        "the upload leads to its preview: {preview}"
    );
    browser.find("#check-summary");
    browser.navigating(|| browser.find("#dry-run").click());
    assert_eq!(browser.path(), format!("{preview}/dry-run"));
    browser.find("#errors");
    let errors = table_rows(&browser, "#errors");
    let rows: BTreeSet<u64> = errors.iter().filter_map(|r| count(&r[0])).collect();
    assert_eq!(
        rows,
        BTreeSet::from([2, 3, 5]),
        "the bad rows are listed: {errors:?}"
    );
    for (row, value) in [("2", "Piracy"), ("3", "Atlantis"), ("5", "Narnia")] {
        assert!(
            errors.iter().any(|r| r[0] == row && r[2] == value),
            "row {row} names {value}: {errors:?}"
        );
    }
    let csv = browser
        .find("#errors-csv")
        .attr("href")
        .expect("the errors' CSV");
    let (status, _, body) = fetch(&browser, &csv);
    assert_eq!(status, 200);
    let listed: BTreeSet<u64> = parse_csv(&body)[1..]
        .iter()
        .filter_map(|r| count(&r[0]))
        .collect();
    assert_eq!(listed, rows, "the errors' CSV lists the same rows");
}

/// Pages whose tables a low-privilege user reads.
const LOW_PRIVILEGE_PAGES: [&str; 7] = [
    "/cases",
    "/cases?by=country.origin",
    "/cases?by=citizenship&by2=sex",
    "/cases?by=form&by2=age_band",
    "/map",
    "/map?layer=citizenship",
    "/map?layer=incidents",
];

/// Downloads a low-privilege user may fetch.
const LOW_PRIVILEGE_CSV: [&str; 8] = [
    "/export/counts.csv?by=sex",
    "/export/counts.csv?by=age_band",
    "/export/counts.csv?by=country.origin",
    "/export/counts.csv?by=citizenship",
    "/export/crosstab.csv?by=form&by2=sex",
    "/export/choropleth.csv?layer=citizenship",
    "/export/flows.csv",
    "/export/timeseries.csv?by=form",
];

/// Cases of the police that the hub was not granted (only forced labour was) and the shelter
/// never sees.
fn police_cases_hidden_from_others() -> Vec<String> {
    let police = Client::signed_in("policia", Role::Caseworker);
    let list = police.get("/api/v1/cases?limit=200").json();
    let ids: Vec<String> = list["cases"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|c| c["owner"] == "Policía Nacional")
        .filter(|c| !c.to_string().contains("ForcedLabour"))
        .filter_map(|c| c["id"].as_str().map(String::from))
        .take(5)
        .collect();
    assert!(!ids.is_empty(), "the police have cases of their own");
    ids
}

#[test]
fn a_low_privilege_user_never_sees_a_small_count_or_a_victim_field() {
    let Some(browser) = browser() else { return };
    let hidden = police_cases_hidden_from_others();
    for (prefix, role) in [("refugio", Role::OrgAdmin), ("obs", Role::HubAnalyst)] {
        let user = demo_user(prefix, role);
        browser.sign_in(&user);
        let mut shown = 0;
        for page in LOW_PRIVILEGE_PAGES {
            browser.goto(page);
            let cells = browser.exec(
                "var cells = [];\
                 document.querySelectorAll('table.data tbody tr').forEach(function (tr) {\
                   Array.from(tr.children).slice(1).forEach(function (td) { cells.push(td.textContent.trim()); });\
                 });\
                 document.querySelectorAll('svg text.value').forEach(function (t) { cells.push(t.textContent.trim()); });\
                 return cells;",
                &[],
            );
            let cells: Vec<String> = serde_json::from_value(cells).unwrap();
            shown += cells.iter().filter(|c| count(c).is_some()).count();
            let small: Vec<&String> = cells
                .iter()
                .filter(|c| count(c).is_some_and(|n| (1..=10).contains(&n)))
                .collect();
            assert!(
                small.is_empty(),
                "{user} {page}: counts under 11 shown: {small:?}"
            );
        }
        assert!(shown > 50, "{user}: the pages show counts ({shown})");
        for csv in LOW_PRIVILEGE_CSV {
            let (status, kind, body) = fetch(&browser, csv);
            assert_eq!(status, 200, "{user} {csv}: {body}");
            assert!(kind.starts_with("text/csv"), "{user} {csv}: {kind}");
            let rows = parse_csv(&body);
            let counts: Vec<u64> = rows[1..]
                .iter()
                .flat_map(|r| r.iter().skip(1).filter_map(|f| count(f)))
                .collect();
            assert!(
                !counts.is_empty(),
                "{user} {csv}: counts in the file:\n{body}"
            );
            let small: Vec<&u64> = counts.iter().filter(|n| (1..=10).contains(*n)).collect();
            assert!(
                small.is_empty(),
                "{user} {csv}: counts under 11: {small:?}\n{body}"
            );
        }

        let (_, _, missing) = fetch(&browser, "/api/v1/cases/00000000000000000000000000");
        for id in &hidden {
            let (status, kind, body) = fetch(&browser, &format!("/api/v1/cases/{id}"));
            assert_eq!(status, 404, "{user}: a police case guessed: {body}");
            assert!(kind.starts_with("application/json"), "{kind}");
            let json: Value = serde_json::from_str(&body).unwrap();
            assert_eq!(json["error"]["code"], "not_found");
            assert_eq!(body, missing, "{user}: hidden and missing answer alike");
        }

        let (status, _, body) = fetch(&browser, "/api/v1/cases?limit=50");
        assert_eq!(status, 200, "{user}: {body}");
        let list: Value = serde_json::from_str(&body).unwrap();
        let cases = list["cases"].as_array().unwrap();
        let summaries: Vec<&Value> = cases.iter().filter(|c| c["level"] == "summary").collect();
        assert!(
            !summaries.is_empty(),
            "{user}: summary-level cases to look at"
        );
        if role == Role::OrgAdmin {
            assert_eq!(summaries.len(), cases.len(), "{user} reads summaries only");
        }
        for case in summaries.iter().take(5) {
            let id = case["id"].as_str().unwrap();
            let (status, _, body) = fetch(&browser, &format!("/api/v1/cases/{id}"));
            assert_eq!(status, 200, "{user}: {body}");
            let json: Value = serde_json::from_str(&body).unwrap();
            assert_eq!(json["level"], "summary", "{body}");
            assert!(
                json.get("record").is_none(),
                "{user}: no record in a summary: {body}"
            );
            for field in [
                "FirstName",
                "SecondName",
                "MiddleName",
                "Birthdate",
                "IdentityNumber",
                "Phone",
                "Email",
            ] {
                assert!(
                    !body.contains(field),
                    "{user}: {field} in a summary: {body}"
                );
            }
        }
        browser.navigating(|| browser.find("form[action=\"/signout\"] button").click());
    }
}

#[test]
fn the_network_draws_around_a_node_recentres_on_a_click_and_filters_by_kind() {
    let Some(browser) = browser() else { return };
    browser.sign_in(&hub_analyst());
    browser.goto("/network");
    browser.navigating(|| browser.find("#starts a").click());
    assert!(
        browser.path().starts_with("/network?node="),
        "{}",
        browser.path()
    );
    let drawn = |browser: &Browser| {
        browser.exec(
            "var nodes = Array.from(document.querySelectorAll('#network-graph g.nodes a'));\
             var sized = nodes.filter(function (a) { var b = a.getBBox(); return b.width > 0 && b.height > 0; });\
             return { nodes: nodes.length, sized: sized.length,\
                      lines: document.querySelectorAll('#network-graph line').length,\
                      kinds: nodes.map(function (a) { return a.getAttribute('data-kind'); }),\
                      rows: document.querySelectorAll('#network-nodes tbody tr').length };",
            &[],
        )
    };
    let first = drawn(&browser);
    assert!(first["nodes"].as_u64().unwrap() > 1, "{first}");
    assert_eq!(
        first["nodes"], first["sized"],
        "every node is drawn: {first}"
    );
    assert!(first["lines"].as_u64().unwrap() > 0, "{first}");
    assert_eq!(
        first["rows"], first["nodes"],
        "the table lists the drawn nodes"
    );
    browser.screenshot("network-node");
    let centre = browser
        .find("#network-centre")
        .attr("data-key")
        .expect("the centre's key");

    // The node drawn last is on top of the others: clicking it centres the view on it.
    let nodes = browser.find_all("#network-graph g.nodes a");
    let target = nodes
        .iter()
        .rev()
        .find(|a| a.attr("data-key").as_deref() != Some(centre.as_str()))
        .expect("a node besides the centre");
    let key = target.attr("data-key").unwrap();
    browser.navigating(|| target.click());
    assert_eq!(
        browser.find("#network-centre").attr("data-key").as_deref(),
        Some(key.as_str()),
        "centred on the node clicked"
    );
    assert!(browser.severe_logs().is_empty());

    // Only one kind, through the form: the drawing shows that kind (and the centre).
    let kinds: Vec<String> = serde_json::from_value(drawn(&browser)["kinds"].clone()).unwrap();
    let kind = kinds.last().cloned().unwrap();
    browser
        .find(&format!("#kinds input[value=\"{kind}\"]"))
        .click();
    browser.navigating(|| browser.find("#network-filters button").click());
    assert!(
        browser.path().contains(&format!("kind={kind}")),
        "{}",
        browser.path()
    );
    let filtered: Vec<String> = serde_json::from_value(drawn(&browser)["kinds"].clone()).unwrap();
    assert!(
        filtered.iter().skip(1).all(|k| *k == kind),
        "only {kind} besides the centre: {filtered:?}"
    );
}

/// A payment of the police to the phone of one of its cases, flagged; the alert's id.
fn a_police_alert() -> String {
    let police = server()
        .app
        .sign_in(&demo_user("policia", Role::Caseworker), DEMO_PASSWORD)
        .unwrap();
    let dir = server().dir.path();
    let cases = dir.join("browser-alert-cases.csv");
    std::fs::write(
        &cases,
        "prs_FirstName,prs_MobilePhone,prs_Citizenship\nFlorinda,+51 944 222 111,PE\n",
    )
    .unwrap();
    rastro_app::cases::import_cases(
        &police,
        &cases,
        &rastro_import::ImportOptions::default(),
        None,
        &rastro_app::Quiet,
    )
    .unwrap();
    let payments = dir.join("browser-alert-payments.csv");
    std::fs::write(
        &payments,
        "id,datetime,amount,currency,channel,debtor_account,debtor_name,contact,city,country\n\
         B1,2024-05-01T23:40:00-05:00,40.00,PEN,mobile,PE-4401,Julio Pari,944222111,Juliaca,PE\n",
    )
    .unwrap();
    rastro_app::transactions::import(&police, &payments, None, &rastro_app::Quiet).unwrap();
    let catalogue = rastro_app::flags::catalogue(None).unwrap();
    let run = rastro_app::flags::run(&police, &catalogue, None, &rastro_app::Quiet).unwrap();
    run.alerts
        .iter()
        .find(|f| f.alert.subject == "PE-4401")
        .expect("the payment to the case's phone is flagged")
        .rastro_id
        .clone()
}

#[test]
fn an_alert_opens_from_the_list_moves_its_review_and_opens_its_network() {
    let Some(browser) = browser() else { return };
    let alert = {
        let _adding = writing();
        a_police_alert()
    };
    browser.sign_in(&demo_user("policia", Role::Caseworker));
    browser.goto("/alerts?typology=known_contact");
    browser.navigating(|| {
        browser
            .find(&format!("#alerts-table a[data-id=\"{alert}\"]"))
            .click()
    });
    assert_eq!(browser.path(), format!("/alerts/{alert}"));
    assert!(!table_rows(&browser, "#alert-rules-table").is_empty());
    let payments = table_rows(&browser, "#alert-transactions-table");
    assert_eq!(payments.len(), 1);
    assert_eq!(payments[0][0], "B1");
    browser.screenshot("alert");

    // Taken up for review through the form, which needs no note for that.
    browser.navigating(|| browser.find("#alert-review-form button").click());
    assert_eq!(browser.path(), format!("/alerts/{alert}"));
    assert_eq!(
        browser.find("#alert-status").attr("data-status").as_deref(),
        Some("reviewed")
    );
    assert_eq!(table_rows(&browser, "#alert-history").len(), 1);

    // Its network, drawn around it.
    browser.navigating(|| browser.find("#alert-network").click());
    assert_eq!(
        browser.find("#network-centre").attr("data-key"),
        Some(format!("alert:{alert}"))
    );
    let kinds = browser.exec(
        "return Array.from(document.querySelectorAll('#network-graph g.nodes a')).map(function (a) { return a.getAttribute('data-kind'); });",
        &[],
    );
    let kinds: Vec<String> = serde_json::from_value(kinds).unwrap();
    assert!(kinds.iter().any(|k| k == "account"), "{kinds:?}");
    assert!(kinds.iter().any(|k| k == "transaction"), "{kinds:?}");
    assert!(browser.severe_logs().is_empty());
}
