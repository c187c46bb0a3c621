//! Settings and the data directory, end to end: every command honours the settings file
//! (`--config` or `RASTRO_CONFIG`), a linkage configuration given there is recognised, and the
//! data directory is owner-only whichever command creates it.

use std::fs;
use std::io::Write;
use std::process::{Command, Output, Stdio};

fn rastro_with(args: &[&str], dir: &std::path::Path, envs: &[(&str, &str)]) -> Output {
    rastro_fed(args, dir, envs, "")
}

/// Runs `rastro` with `stdin` on its standard input (a password, for instance).
fn rastro_fed(args: &[&str], dir: &std::path::Path, envs: &[(&str, &str)], stdin: &str) -> Output {
    let mut child = Command::new(env!("CARGO_BIN_EXE_rastro"))
        .args(args)
        .current_dir(dir)
        .env_remove("RASTRO_DATA")
        .env_remove("RASTRO_CONFIG")
        .env_remove("RASTRO_DATABASE_URL")
        .env_remove("RASTRO_TOKEN")
        .env_remove("RUST_LOG")
        .env("RASTRO_CREDENTIALS", dir.join("credentials"))
        .envs(envs.iter().copied())
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("run rastro");
    child
        .stdin
        .take()
        .expect("stdin")
        .write_all(stdin.as_bytes())
        .expect("write stdin");
    child.wait_with_output().expect("run rastro")
}

fn text(bytes: &[u8]) -> String {
    String::from_utf8_lossy(bytes).into_owned()
}

#[cfg(unix)]
#[test]
fn the_demo_makes_its_data_directory_owner_only() {
    use std::os::unix::fs::PermissionsExt;
    let tmp = tempfile::tempdir().unwrap();
    let out = rastro_with(
        &["--quiet", "--data", "fresh/data", "demo", "--count", "300"],
        tmp.path(),
        &[],
    );
    assert!(out.status.success(), "{}", text(&out.stderr));
    let data = tmp.path().join("fresh/data");
    let mode = |p: &std::path::Path| fs::metadata(p).unwrap().permissions().mode() & 0o777;
    assert_eq!(mode(&data), 0o700);
    assert_eq!(mode(&data.join("rastro.db")), 0o600);
    let shown = text(&out.stdout);
    assert!(
        shown.contains("cases visible to Observatorio Regional's analyst (obs-hub-analyst)"),
        "{shown}"
    );
    assert!(
        shown.contains("refugio-caseworker") && shown.contains("caseworker"),
        "{shown}"
    );
    // The demo's users sign in with the password it prints, and see what their role allows.
    let data = [("RASTRO_DATA", "fresh/data")];
    let login = rastro_fed(
        &["login", "--user", "obs-hub-analyst", "--password-stdin"],
        tmp.path(),
        &data,
        "rastro-demo-password\n",
    );
    assert!(login.status.success(), "{}", text(&login.stderr));
    let exported = rastro_with(&["export", "cases"], tmp.path(), &data);
    assert!(!exported.status.success());
    assert!(text(&exported.stderr).contains("hub_analyst may not export cases"));
}

#[test]
fn link_honours_the_settings_file_from_the_flag_and_the_environment() {
    let tmp = tempfile::tempdir().unwrap();
    let dir = tmp.path();
    fs::write(
        dir.join("settings.toml"),
        "data = \"elsewhere\"\norganisation = \"Shelter\"\n",
    )
    .unwrap();
    let people = "prs_FirstName,prs_SecondName,prs_Birthdate\n\
                  Ana,Pérez,1990-01-02\nAna,Perez,1990-01-02\nLuis,Rojas,1985-05-05\n";
    fs::write(dir.join("people.csv"), people).unwrap();
    let env = [("RASTRO_CONFIG", "settings.toml")];
    let password = "a long enough password\n";
    for (args, stdin) in [
        (
            vec!["admin", "create-org", "Shelter", "--kind", "shelter"],
            "",
        ),
        (
            vec![
                "admin",
                "create-user",
                "ana",
                "--org",
                "Shelter",
                "--role",
                "caseworker",
                "--password-stdin",
                "--no-token",
            ],
            password,
        ),
        (vec!["login", "--user", "ana", "--password-stdin"], password),
        (vec!["import", "cases", "people.csv"], ""),
    ] {
        let out = rastro_fed(&args, dir, &env, stdin);
        assert!(out.status.success(), "{:?}: {}", args, text(&out.stderr));
    }
    // No --data and no organisation: the data directory comes from the settings file, the
    // organisation from the signed-in user (an `organisation` there is ignored, with a warning).
    let by_env = rastro_with(&["link", "--store"], dir, &env);
    assert!(by_env.status.success(), "{}", text(&by_env.stderr));
    assert!(
        text(&by_env.stderr).contains("3 records of \"Shelter\""),
        "{}",
        text(&by_env.stderr)
    );
    assert!(text(&by_env.stderr).contains("`organisation` in the settings file is ignored"));
    let by_flag = rastro_with(&["--config", "settings.toml", "link", "--store"], dir, &[]);
    assert!(by_flag.status.success(), "{}", text(&by_flag.stderr));
    assert!(dir.join("elsewhere/rastro.db").is_file());
    assert!(!dir.join("rastro-data").exists());
}

#[cfg(unix)]
#[test]
fn login_keeps_a_private_token_that_logout_revokes() {
    use std::os::unix::fs::PermissionsExt;
    let tmp = tempfile::tempdir().unwrap();
    let dir = tmp.path();
    let password = "correct horse battery staple\n";
    for (args, stdin) in [
        (
            vec![
                "admin",
                "create-org",
                "Refugio",
                "--kind",
                "shelter",
                "--country",
                "Perú",
            ],
            "",
        ),
        (
            vec![
                "admin",
                "create-user",
                "rosa",
                "--org",
                "Refugio",
                "--role",
                "org_admin",
                "--password-stdin",
                "--no-token",
            ],
            password,
        ),
    ] {
        let out = rastro_fed(&args, dir, &[], stdin);
        assert!(out.status.success(), "{}", text(&out.stderr));
    }
    // A wrong password is refused; five in a row lock the user out for a while.
    for _ in 0..5 {
        let out = rastro_fed(
            &["login", "--user", "rosa", "--password-stdin"],
            dir,
            &[],
            "wrong password!!\n",
        );
        assert!(!out.status.success());
        assert!(
            text(&out.stderr).contains("sign-in refused"),
            "{}",
            text(&out.stderr)
        );
    }
    let locked = rastro_fed(
        &["login", "--user", "rosa", "--password-stdin"],
        dir,
        &[],
        password,
    );
    assert!(!locked.status.success());
    assert!(
        text(&locked.stderr).contains("locked"),
        "{}",
        text(&locked.stderr)
    );
    // The administrator's new password lifts the lockout.
    let reset = rastro_fed(
        &["admin", "set-password", "rosa", "--password-stdin"],
        dir,
        &[],
        password,
    );
    assert!(reset.status.success(), "{}", text(&reset.stderr));
    let login = rastro_fed(
        &["login", "--user", "rosa", "--password-stdin"],
        dir,
        &[],
        password,
    );
    assert!(login.status.success(), "{}", text(&login.stderr));
    let credentials = dir.join("credentials");
    let mode = fs::metadata(&credentials).unwrap().permissions().mode() & 0o777;
    assert_eq!(mode, 0o600);
    let kept = fs::read_to_string(&credentials).unwrap();
    assert!(
        kept.contains("rst_") && !kept.contains("correct horse"),
        "{kept}"
    );
    let whoami = rastro_with(&["whoami"], dir, &[]);
    assert_eq!(
        text(&whoami.stdout),
        "rosa of Refugio (shelter, PE) as org_admin\n"
    );
    // Its token, listed; signing out revokes it.
    let tokens = text(&rastro_with(&["token", "list"], dir, &[]).stdout);
    assert!(tokens.contains("rastro login on"), "{tokens}");
    let token = kept.trim().rsplit('\t').next().unwrap().to_string();
    let out = rastro_with(&["logout"], dir, &[]);
    assert!(out.status.success(), "{}", text(&out.stderr));
    assert!(!rastro_with(&["whoami"], dir, &[]).status.success());
    let replayed = rastro_with(&["whoami"], dir, &[("RASTRO_TOKEN", &token)]);
    assert!(!replayed.status.success());
    assert!(text(&replayed.stderr).contains("sign-in refused"));
}

#[test]
fn a_linkage_configuration_given_as_settings_says_where_it_belongs() {
    let tmp = tempfile::tempdir().unwrap();
    let dir = tmp.path();
    fs::write(
        dir.join("link.toml"),
        "id = \"id\"\nblocking = [\"surname\"]\n\n[[comparison]]\nname = \"surname\"\n",
    )
    .unwrap();
    let out = rastro_with(
        &["--config", "link.toml", "link", "a.csv", "-o", "p.csv"],
        dir,
        &[],
    );
    assert!(!out.status.success());
    assert!(
        text(&out.stderr).contains("--linkage"),
        "{}",
        text(&out.stderr)
    );
}

#[test]
fn a_store_url_names_where_the_data_lives() {
    let tmp = tempfile::tempdir().unwrap();
    let dir = tmp.path();
    let out = rastro_with(
        &[
            "--database",
            "sqlite:vault/cases.db",
            "admin",
            "create-org",
            "Hub",
            "--kind",
            "hub",
        ],
        dir,
        &[],
    );
    assert!(out.status.success(), "{}", text(&out.stderr));
    assert!(dir.join("vault/cases.db").is_file());
    let listed = rastro_with(
        &["admin", "orgs"],
        dir,
        &[("RASTRO_DATABASE_URL", "sqlite:vault/cases.db")],
    );
    assert_eq!(text(&listed.stdout), "Hub\thub\t-\n");
    let status = rastro_with(
        &["--database", "sqlite:vault/cases.db", "db", "status"],
        dir,
        &[],
    );
    assert!(
        text(&status.stdout).lines().count() >= 6,
        "{}",
        text(&status.stdout)
    );
    assert!(!text(&status.stdout).contains("pending"));
    let refused = rastro_with(
        &["--database", "postgres://ana:pw@db/rastro", "admin", "orgs"],
        dir,
        &[],
    );
    assert!(!refused.status.success());
    assert!(
        !text(&refused.stderr).contains("pw@"),
        "{}",
        text(&refused.stderr)
    );
}
