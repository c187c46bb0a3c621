//! Settings and the data directory, end to end: every command honours the settings file
//! (`--config` or `RASTRO_CONFIG`), a linkage configuration given there is recognised, and the
//! data directory is owner-only whichever command creates it.

use std::fs;
use std::process::{Command, Output};

mod common;

fn rastro_with(args: &[&str], dir: &std::path::Path, envs: &[(&str, &str)]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_rastro"))
        .args(args)
        .current_dir(dir)
        .env_remove("RASTRO_DATA")
        .env_remove("RASTRO_CONFIG")
        .env_remove("RASTRO_DATABASE_URL")
        .env_remove("RUST_LOG")
        .envs(envs.iter().copied())
        .output()
        .expect("run rastro")
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
    assert!(
        text(&out.stdout).contains("300 cases visible to Demo Hub"),
        "{}",
        text(&out.stdout)
    );
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
    for args in [
        vec!["org", "create", "Shelter"],
        vec!["import", "cases", "people.csv"],
    ] {
        let out = rastro_with(&args, dir, &env);
        assert!(out.status.success(), "{}", text(&out.stderr));
    }
    // No --org and no --data: both come from the settings file, for `link` as for the rest.
    let by_env = rastro_with(&["link", "--store"], dir, &env);
    assert!(by_env.status.success(), "{}", text(&by_env.stderr));
    assert!(
        text(&by_env.stderr).contains("3 records of \"Shelter\""),
        "{}",
        text(&by_env.stderr)
    );
    let by_flag = rastro_with(&["--config", "settings.toml", "link", "--store"], dir, &[]);
    assert!(by_flag.status.success(), "{}", text(&by_flag.stderr));
    assert!(dir.join("elsewhere/rastro.db").is_file());
    assert!(!dir.join("rastro-data").exists());
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
            "org",
            "create",
            "Hub",
        ],
        dir,
        &[],
    );
    assert!(out.status.success(), "{}", text(&out.stderr));
    assert!(dir.join("vault/cases.db").is_file());
    let listed = rastro_with(
        &["org", "list"],
        dir,
        &[("RASTRO_DATABASE_URL", "sqlite:vault/cases.db")],
    );
    assert_eq!(text(&listed.stdout), "Hub\n");
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
        &["--database", "postgres://ana:pw@db/rastro", "org", "list"],
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
