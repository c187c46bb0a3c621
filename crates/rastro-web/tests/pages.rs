//! The pages over a real socket: sign-in and sessions (anti-forgery, fixation, revocation), every
//! page for every role, languages and number formats, escaping of imported text, and the import
//! flow with its row errors.

mod common;

use common::{cookie_value, enc, server, Client};
use rastro_app::demo::{demo_user, DEMO_PASSWORD};
use rastro_app::{permits, Action, Role};

const PAGES: [&str; 13] = [
    "/",
    "/map",
    "/map?layer=citizenship",
    "/country/PE",
    "/routes",
    "/trends?by=form",
    "/incidents",
    "/incidents?q=trafico",
    "/cases?by=form&by2=sex",
    "/network",
    "/screening",
    "/import",
    "/members",
];

#[test]
fn pages_need_a_sign_in_and_bring_the_user_back() {
    let anonymous = Client::anonymous();
    for page in PAGES {
        let response = anonymous.get(page);
        assert_eq!(response.status, 303, "{page}");
        assert!(response
            .header("location")
            .unwrap()
            .starts_with("/signin?next="));
    }
    let signin = anonymous.get("/signin");
    assert_eq!(signin.status, 200);
    assert!(
        signin.body.contains("rastro-demo-password"),
        "the demo names its users"
    );
    let mut wrong = Client::anonymous();
    let refused = wrong.try_sign_in(&demo_user("obs", Role::Analyst), "not the password");
    assert_eq!(refused.status, 401);
    assert!(refused.body.contains("id=\"refused\""));
    assert!(wrong.session.is_none());
}

#[test]
fn every_page_answers_every_role_without_an_error() {
    let mut users: Vec<(&str, Role)> = ["refugio", "policia", "obs"]
        .into_iter()
        .flat_map(|org| {
            [
                Role::OrgAdmin,
                Role::Caseworker,
                Role::Analyst,
                Role::Auditor,
            ]
            .into_iter()
            .map(move |role| (org, role))
        })
        .collect();
    users.extend([("obs", Role::HubAnalyst), ("obs", Role::PlatformAdmin)]);
    for (prefix, role) in users {
        let client = Client::signed_in(prefix, role);
        for page in PAGES {
            let response = client.get(page);
            // A role that may not read something gets a page saying so, never a server error.
            let needs = if page.starts_with("/incidents") {
                Some(Action::ReadNews)
            } else if ["/screening", "/import", "/members"].contains(&page) {
                None
            } else {
                Some(Action::ReadStatistics)
            };
            let expected = match needs {
                Some(action) if !permits(role, action) => 403,
                _ => 200,
            };
            assert_eq!(
                response.status,
                expected,
                "{prefix} {} {page}: {} {}",
                role.as_str(),
                response.status,
                &response.body[..response.body.len().min(400)]
            );
            assert!(
                response.body.contains("class=\"demo\""),
                "{page}: marked as a demo"
            );
            let csp = response.header("content-security-policy").unwrap();
            assert!(csp.contains("script-src 'self'"));
        }
    }
}

#[test]
fn a_forged_request_is_refused() {
    let client = Client::signed_in("obs", Role::Analyst);
    let forged = client.post_form_forged("/signout", &[], None);
    assert_eq!(forged.status, 403, "no anti-forgery value");
    let cross = client.post_form_forged(
        "/signout",
        &[("csrf", client.csrf.as_deref().unwrap())],
        Some("http://evil.example"),
    );
    assert_eq!(cross.status, 403, "another origin");
    assert_eq!(
        client.get("/").status,
        200,
        "the session survived the forgeries"
    );
    let real = client.post_form("/signout", &[]);
    assert_eq!(real.status, 303);
}

#[test]
fn signing_in_never_keeps_a_session_brought_from_before() {
    let mut client = Client::signed_in("obs", Role::Analyst);
    let fixed = client.session.clone().unwrap();
    client.sign_in(&demo_user("obs", Role::HubAnalyst), DEMO_PASSWORD);
    let fresh = client.session.clone().unwrap();
    assert_ne!(fixed, fresh, "a new session at every sign-in");
    let mut old = Client::anonymous();
    old.session = Some(fixed);
    assert_eq!(
        old.get("/").status,
        303,
        "the session brought along was ended"
    );
}

#[test]
fn a_signed_out_or_revoked_session_is_refused() {
    let client = Client::signed_in("refugio", Role::Caseworker);
    let token = client.session.clone().unwrap();
    assert_eq!(client.post_form("/signout", &[]).status, 303);
    let mut replay = Client::anonymous();
    replay.session = Some(token.clone());
    assert_eq!(replay.get("/").status, 303);
    let mut api = Client::anonymous();
    api.bearer = Some(token);
    assert_eq!(api.get("/api/v1/cases").status, 401);
}

#[test]
fn languages_change_labels_and_number_formats() {
    let mut client = Client::signed_in("obs", Role::HubAnalyst);
    let english = client.get("/");
    assert!(english.body.contains("Regional overview"));
    let switched = client.get("/lang?to=es&back=%2Froutes");
    assert_eq!(switched.status, 303);
    assert_eq!(switched.header("location"), Some("/routes"));
    assert_eq!(
        cookie_value(&switched, "rastro_lang").as_deref(),
        Some("es")
    );
    client.lang = Some("es".into());
    let spanish = client.get("/");
    assert!(spanish.body.contains("Panorama regional"));
    assert!(spanish.body.contains("<html lang=\"es\""));
    client.lang = Some("pt".into());
    let portuguese = client.get("/");
    assert!(portuguese.body.contains("Visão geral"));
    // The case total, in each language's format.
    let total = |body: &str| -> String {
        let start = body
            .find("data-figure=\"overview.cases\"><div class=\"n\">")
            .unwrap()
            + 45;
        body[start..start + body[start..].find('<').unwrap()].to_string()
    };
    let en = total(&english.body);
    let pt = total(&portuguese.body);
    assert!(en.contains(','), "{en}");
    assert_eq!(en.replace(',', "."), pt);
    let redirect = client.get("/lang?to=es&back=https%3A%2F%2Fevil.example");
    assert_eq!(
        redirect.header("location"),
        Some("/"),
        "never sent off-site"
    );
}

#[test]
fn imported_markup_is_shown_as_text_and_never_runs() {
    let analyst = server()
        .app
        .sign_in(&demo_user("obs", Role::Analyst), DEMO_PASSWORD)
        .unwrap();
    let articles = rastro_app::articles::Articles {
        articles: vec![rastro_extract::Article {
            id: "xss".into(),
            title: Some("<script>alert('pwned')</script> Rescatan víctimas de trata".into()),
            text: "<img src=x onerror=alert(1)> La policía rescató a 12 mujeres en Lima, Perú, víctimas de explotación sexual.".into(),
            url: Some("https://xss.example/a".into()),
            published: Some("2026-01-05".into()),
            line: None,
        }],
        sources: vec!["test".into()],
        warnings: 0,
        errors: 0,
    };
    rastro_app::news::ingest(&analyst, &articles, &rastro_app::Quiet).unwrap();
    let client = Client::signed_in("obs", Role::Analyst);
    let list = client.get("/incidents?q=pwned");
    assert!(
        list.body.contains("&lt;script&gt;alert(&#39;"),
        "{}",
        list.body
    );
    assert!(!list.body.contains("<script>alert"));
    let start = list.body.find("href=\"/incidents/").unwrap() + 17;
    let id = &list.body[start..start + 26];
    let detail = client.get(&format!("/incidents/{id}"));
    assert_eq!(detail.status, 200);
    assert!(detail.body.contains("&lt;img src=x onerror=alert(1)&gt;"));
    assert!(!detail.body.contains("<img src=x"));
    assert!(
        detail.body.contains("data-fact="),
        "facts are marked at their evidence"
    );
}

#[test]
fn a_search_without_accents_finds_and_marks_the_accented_word() {
    let client = Client::signed_in("obs", Role::Analyst);
    let found = client.get("/incidents?q=trafico");
    assert_eq!(found.status, 200);
    assert!(
        !found.body.contains("id=\"total\">0 "),
        "trafico finds articles"
    );
    assert!(
        found.body.contains("<mark data-q=\"1\">tráfico</mark>")
            || found.body.contains("<mark data-q=\"1\">Tráfico</mark>"),
        "the accented word is marked"
    );
}

/// A CSV file as the import page's form sends it: the content type and the body.
fn multipart(name: &str, file: &str) -> (String, String) {
    let boundary = "rastro-test-boundary";
    (
        format!("multipart/form-data; boundary={boundary}"),
        format!(
            "--{boundary}\r\nContent-Disposition: form-data; name=\"file\"; filename=\"{name}\"\r\nContent-Type: text/csv\r\n\r\n{file}\r\n--{boundary}--\r\n"
        ),
    )
}

/// Uploads `file` through the import page; the address of its preview.
fn upload(client: &Client, name: &str, file: &str) -> String {
    let (content_type, body) = multipart(name, file);
    let csrf = client.csrf.clone().unwrap();
    let uploaded = client.post_bytes(
        &format!("/import?csrf={csrf}"),
        &content_type,
        body.as_bytes(),
    );
    assert_eq!(uploaded.status, 303, "{}", uploaded.body);
    uploaded.header("location").unwrap().to_string()
}

#[test]
fn an_import_lists_bad_rows_then_adds_nothing_twice() {
    let client = Client::signed_in("refugio", Role::Caseworker);
    let file = "prs_FirstName,prs_Gender,vic_TypeOfExploitation,hte_Type,hte_Country\n\
                Rosa,Feminine,SexualExploitation,Exploitation,PE\n\
                Luis,Masculine,Piracy,Exploitation,PE\n\
                Ana,Feminine,ForcedLabour,Exploitation,Atlantis\n";
    let (content_type, body) = multipart("cases.csv", file);
    let mut forged = Client::anonymous();
    forged.session = client.session.clone();
    let refused = forged.post_bytes("/import", &content_type, body.as_bytes());
    assert_eq!(
        refused.status, 403,
        "an upload needs the anti-forgery value"
    );
    let preview_path = upload(&client, "cases.csv", file);
    let dry = client.post_form(&format!("{preview_path}/dry-run"), &[]);
    assert_eq!(dry.status, 200);
    assert!(dry.body.contains("id=\"errors\""));
    assert!(
        dry.body.contains("<td>2</td>") && dry.body.contains("<td>3</td>"),
        "rows 2 and 3 are named"
    );
    let errors = client.get(&format!("{preview_path}/errors.csv"));
    assert!(errors.body.starts_with("row,line,column,value,reason"));
    assert_eq!(errors.body.lines().count(), 3);
    let committed = client.post_form(&format!("{preview_path}/commit"), &[]);
    assert_eq!(committed.status, 303);
    let job_page = committed.header("location").unwrap().to_string();
    let done = (0..100)
        .map(|_| {
            std::thread::sleep(std::time::Duration::from_millis(100));
            client.get(&job_page)
        })
        .find(|page| page.body.contains("id=\"job-done\""))
        .expect("the import finishes");
    assert!(done.body.contains("1 records imported"), "{}", done.body);
    let again = client.post_form(&format!("{preview_path}/commit"), &[]);
    let job_page = again.header("location").unwrap().to_string();
    let done = (0..100)
        .map(|_| {
            std::thread::sleep(std::time::Duration::from_millis(100));
            client.get(&job_page)
        })
        .find(|page| page.body.contains("id=\"job-done\""))
        .expect("the second import finishes");
    assert!(done.body.contains("0 records imported"), "{}", done.body);
    // Both imports are jobs of the organisation, listed newest first with their results.
    let jobs = client.get("/jobs");
    assert_eq!(jobs.status, 200, "{}", jobs.body);
    assert!(jobs.body.contains("id=\"jobs\""), "{}", jobs.body);
    assert!(jobs.body.contains("href=\"/jobs\" data-section=\"jobs\""));
    let newest = jobs.body.find("0 records imported").unwrap();
    let oldest = jobs.body.find("1 records imported").unwrap();
    assert!(newest < oldest, "newest first");
    let mut spanish = Client::signed_in("refugio", Role::Caseworker);
    spanish.lang = Some("es".into());
    assert!(spanish.get("/jobs").body.contains("Importación de casos"));
    let analyst = Client::signed_in("refugio", Role::Analyst);
    assert!(
        !analyst.get("/").body.contains("data-section=\"jobs\""),
        "no jobs link for a role that may not import"
    );
    let other = Client::signed_in("policia", Role::Caseworker);
    assert!(
        !other.get("/jobs").body.contains("1 records imported"),
        "another organisation's jobs are not listed"
    );
    assert_eq!(
        other.get(&preview_path).status,
        404,
        "another organisation's upload is not found"
    );
}

#[test]
fn a_partners_columns_are_named_on_the_page_and_the_queued_import_reads_them() {
    let client = Client::signed_in("refugio", Role::Caseworker);
    // No header Rastro knows: the file cannot be read until its columns are named.
    let file = "Quién;Destino final;Color favorito\nYesenia;México;azul\n";
    let preview_path = upload(&client, "socio.csv", file);
    let unread = client.get(&preview_path);
    assert_eq!(unread.status, 200, "{}", unread.body);
    assert!(
        unread.body.contains("id=\"check-error\""),
        "{}",
        unread.body
    );
    assert!(
        unread.body.contains("id=\"name-columns\""),
        "the form to name them"
    );
    // A field that does not exist is shown as the problem it is, not used.
    let wrong = client.get(&format!("{preview_path}?h={}&f=prs_Nombre", enc("Quién")));
    assert!(
        wrong.body.contains("id=\"column-problems\""),
        "{}",
        wrong.body
    );
    assert!(
        wrong.body.contains("is not an HTCDS field"),
        "{}",
        wrong.body
    );
    let named = client.get(&format!(
        "{preview_path}?h={}&f=prs_FirstName&h={}&f={}",
        enc("Quién"),
        enc("Destino final"),
        enc("hte_Country@Exploitation")
    ));
    assert_eq!(named.status, 200, "{}", named.body);
    assert!(
        named.body.contains("id=\"check-summary\""),
        "{}",
        named.body
    );
    assert!(named.body.contains("1 valid rows"), "{}", named.body);
    assert!(
        named.body.contains("(1 not placed)"),
        "the colour column is left to name: {}",
        named.body
    );
    assert!(
        named
            .body
            .contains("name=\"column\" value=\"Destino final=hte_Country@Exploitation\""),
        "the namings go on to the dry run and the import"
    );
    let columns = [
        ("column", "Quién=prs_FirstName"),
        ("column", "Destino final=hte_Country@Exploitation"),
    ];
    let dry = client.post_form(&format!("{preview_path}/dry-run"), &columns);
    assert_eq!(dry.status, 200, "{}", dry.body);
    assert!(dry.body.contains("1 valid rows"), "{}", dry.body);
    let committed = client.post_form(&format!("{preview_path}/commit"), &columns);
    assert_eq!(committed.status, 303, "{}", committed.body);
    let job_page = committed.header("location").unwrap().to_string();
    let done = (0..200)
        .map(|_| {
            std::thread::sleep(std::time::Duration::from_millis(100));
            client.get(&job_page)
        })
        .find(|page| {
            page.body.contains("id=\"job-done\"") || page.body.contains("id=\"job-error\"")
        })
        .expect("the import finishes");
    assert!(done.body.contains("1 records imported"), "{}", done.body);
}

#[test]
fn cases_break_down_and_cross_by_any_descriptive_htcds_field() {
    let mut client = Client::signed_in("refugio", Role::Analyst);
    client.lang = Some("es".into());
    let page = client.get("/cases?by=vic_MethodOfRecruitment&by2=vic_MethodsOfControl");
    assert_eq!(page.status, 200, "{}", page.body);
    assert!(
        page.body.contains("Método de captación"),
        "the field's label in Spanish"
    );
    assert!(page.body.contains("Métodos de control"));
    // Values are the picklists' labels in the user's language, not wire names.
    let csv = client.get("/api/v1/stats/crosstab?by=vic_MethodOfRecruitment&by2=cas_Status");
    assert_eq!(csv.status, 200, "{}", csv.body);
    let table = csv.json();
    assert!(
        table["data"]["rows"]
            .as_array()
            .is_some_and(|r| r.len() > 1),
        "the demo's cases have several methods of recruitment: {table}"
    );
    let unknown = client.get("/cases?by=prs_FirstName");
    assert_eq!(unknown.status, 400, "a name is not a dimension");
}
