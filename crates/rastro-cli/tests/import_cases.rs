//! `rastro import cases` end to end: the real binary, a real SQLite store in a temporary
//! directory, real files. Each bad-input case checks the report *and* that every valid row of the
//! same file was stored.

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

use serde_json::Value;

struct Env {
    dir: tempfile::TempDir,
    /// Each organisation's caseworker's token, once the organisation exists.
    tokens: std::cell::RefCell<Vec<(String, String)>>,
}

impl Env {
    fn new() -> Env {
        Env {
            dir: tempfile::tempdir().unwrap(),
            tokens: Default::default(),
        }
    }

    /// Registers `org` and a caseworker of it the first time a test acts as it, as its
    /// administrator would; returns the caseworker's token.
    fn member(&self, org: &str) -> String {
        if let Some((_, token)) = self.tokens.borrow().iter().find(|(o, _)| o == org) {
            return token.clone();
        }
        let out = self.rastro(&["admin", "create-org", org, "--kind", "ngo"]);
        assert!(
            out.status.success(),
            "{}",
            String::from_utf8_lossy(&out.stderr)
        );
        let user = format!("{}-caseworker", org.to_lowercase().replace(' ', "-"));
        let out = self.rastro(&[
            "admin",
            "create-user",
            &user,
            "--org",
            org,
            "--role",
            "caseworker",
        ]);
        assert!(
            out.status.success(),
            "{}",
            String::from_utf8_lossy(&out.stderr)
        );
        let token = String::from_utf8(out.stdout).unwrap().trim().to_string();
        self.tokens
            .borrow_mut()
            .push((org.to_string(), token.clone()));
        token
    }

    /// Runs `rastro` as the caseworker of `org`.
    fn rastro_as(&self, org: &str, args: &[&str]) -> Output {
        let token = self.member(org);
        self.command(args)
            .env("RASTRO_TOKEN", token)
            .output()
            .unwrap()
    }

    fn data(&self) -> PathBuf {
        self.dir.path().join("data")
    }

    fn file(&self, name: &str, bytes: &[u8]) -> PathBuf {
        let path = self.dir.path().join(name);
        std::fs::write(&path, bytes).unwrap();
        path
    }

    /// Runs `rastro` signed in as nobody.
    fn rastro(&self, args: &[&str]) -> Output {
        self.command(args).output().unwrap()
    }

    fn command(&self, args: &[&str]) -> Command {
        let mut command = Command::new(env!("CARGO_BIN_EXE_rastro"));
        command
            .arg("--data")
            .arg(self.data())
            .arg("--quiet")
            .args(args)
            .env("RASTRO_CREDENTIALS", self.dir.path().join("credentials"))
            .env_remove("RASTRO_TOKEN");
        command
    }

    /// Imports with `--format json` and returns the summary; panics unless the exit code is 0.
    fn import(&self, path: &Path, org: &str, extra: &[&str]) -> Value {
        let mut args = vec![
            "import",
            "cases",
            path.to_str().unwrap(),
            "--format",
            "json",
        ];
        args.extend_from_slice(extra);
        let out = self.rastro_as(org, &args);
        assert!(
            out.status.success(),
            "import failed: {}",
            String::from_utf8_lossy(&out.stderr)
        );
        serde_json::from_slice(&out.stdout).unwrap()
    }

    /// The organisation's records as JSON objects, via `rastro export cases --format jsonl`.
    fn exported(&self, org: &str) -> Vec<serde_json::Map<String, Value>> {
        let out = self.rastro_as(org, &["export", "cases", "--format", "jsonl", "--no-id"]);
        assert!(
            out.status.success(),
            "{}",
            String::from_utf8_lossy(&out.stderr)
        );
        // Every record says whose it is; the organisation's own export holds only its own.
        String::from_utf8(out.stdout)
            .unwrap()
            .lines()
            .map(|l| {
                let mut record: serde_json::Map<String, Value> = serde_json::from_str(l).unwrap();
                assert_eq!(record.remove("rastro_owner"), Some(Value::from(org)), "{l}");
                record
            })
            .collect()
    }
}

fn first_names(records: &[serde_json::Map<String, Value>]) -> Vec<String> {
    let mut names: Vec<String> = records
        .iter()
        .map(|r| r["prs_FirstName"].as_str().unwrap().to_string())
        .collect();
    names.sort();
    names
}

fn errors(summary: &Value) -> &Vec<Value> {
    summary["errors"].as_array().unwrap()
}

const HEADER: &str =
    "prs_FirstName,prs_SecondName,prs_Birthdate,prs_Citizenship,vic_TypeOfExploitation\n";

#[test]
fn unknown_picklist_value_is_reported_with_the_closest_valid_one() {
    let env = Env::new();
    let csv = format!("{HEADER}Ana,Quispe,1990-01-02,PE,SexualExploitation\nLuis,Rojas,1985-03-04,BO,SexualExploitaton\nRosa,Mamani,,BO,ForcedLabour;ForcedBegging\n");
    let path = env.file("cases.csv", csv.as_bytes());
    let summary = env.import(&path, "Shelter", &[]);
    assert_eq!(summary["imported"], 2);
    assert_eq!(summary["rejected"], 1);
    let e = &errors(&summary)[0];
    assert_eq!(e["row"], 2);
    assert_eq!(e["column"], "vic_TypeOfExploitation");
    assert_eq!(e["value"], "SexualExploitaton");
    assert!(e["message"]
        .as_str()
        .unwrap()
        .contains("did you mean SexualExploitation"));
    assert_eq!(first_names(&env.exported("Shelter")), vec!["Ana", "Rosa"]);
}

#[test]
fn bad_dates_and_unknown_countries_are_reported_and_the_rest_stored() {
    let env = Env::new();
    let csv = format!(
        "{HEADER}Ana,Quispe,31/02/1990,PE,SexualExploitation\nLuis,Rojas,1985-03-04,Wakanda,ForcedLabour\nRosa,Mamani,17/05/1994,Bolívia,ForcedLabour\nEva,Díaz,2090-01-01,Venezuala,ForcedLabour\n"
    );
    let path = env.file("cases.csv", csv.as_bytes());
    let summary = env.import(&path, "Shelter", &[]);
    assert_eq!(summary["imported"], 1);
    assert_eq!(summary["rejected"], 3);
    let errs = errors(&summary);
    assert_eq!(errs[0]["row"], 1);
    assert_eq!(errs[0]["column"], "prs_Birthdate");
    assert!(errs[0]["message"].as_str().unwrap().contains("bad date"));
    assert_eq!(errs[1]["row"], 2);
    assert!(errs[1]["message"]
        .as_str()
        .unwrap()
        .contains("unknown country"));
    // Row 4 has two problems; both are reported, and the country gets a suggestion.
    let row4: Vec<&Value> = errs.iter().filter(|e| e["row"] == 4).collect();
    assert_eq!(row4.len(), 2);
    assert!(row4[1]["message"]
        .as_str()
        .unwrap()
        .contains("Venezuela (VE)"));
    let stored = env.exported("Shelter");
    assert_eq!(first_names(&stored), vec!["Rosa"]);
    assert_eq!(stored[0]["prs_Birthdate"], "1994-05-17");
    assert_eq!(stored[0]["prs_Citizenship"][0], "BO");
}

#[test]
fn ragged_rows_are_rejected_and_the_rest_stored() {
    let env = Env::new();
    let csv = format!("{HEADER}Ana,Quispe,1990-01-02,PE,SexualExploitation\nLuis,Rojas,1985-03-04\nRosa,Mamani,,BO,ForcedLabour,extra\nEva,Díaz,,VE,ForcedLabour\n");
    let path = env.file("cases.csv", csv.as_bytes());
    let summary = env.import(&path, "Shelter", &[]);
    assert_eq!(summary["imported"], 2);
    assert_eq!(summary["rejected"], 2);
    let errs = errors(&summary);
    assert_eq!(errs[0]["row"], 2);
    assert!(errs[0]["message"]
        .as_str()
        .unwrap()
        .contains("ragged row: 3 fields where the header has 5"));
    assert_eq!(errs[1]["row"], 3);
    assert_eq!(first_names(&env.exported("Shelter")), vec!["Ana", "Eva"]);
}

#[test]
fn bad_quoting_rejects_one_row_and_keeps_the_following_ones() {
    let env = Env::new();
    let csv = format!(
        "{HEADER}Ana,Quispe,1990-01-02,PE,SexualExploitation\n\"Luis,Rojas,1985-03-04,BO,ForcedLabour\nRosa,\"Mamani\"x,,BO,ForcedLabour\nEva,\"Díaz, de la Cruz\",,VE,ForcedLabour\nJuan,Pérez,,CO,ForcedLabour\n"
    );
    let path = env.file("cases.csv", csv.as_bytes());
    let summary = env.import(&path, "Shelter", &[]);
    let errs = errors(&summary);
    assert_eq!(summary["rejected"], 2, "{summary}");
    assert_eq!(errs[0]["row"], 2);
    assert!(errs[0]["message"].as_str().unwrap().contains("bad quoting"));
    assert_eq!(errs[1]["row"], 3);
    assert!(errs[1]["message"]
        .as_str()
        .unwrap()
        .contains("after the closing quote"));
    let stored = env.exported("Shelter");
    assert_eq!(first_names(&stored), vec!["Ana", "Eva", "Juan"]);
    let eva = stored.iter().find(|r| r["prs_FirstName"] == "Eva").unwrap();
    assert_eq!(eva["prs_SecondName"], "Díaz, de la Cruz");
}

#[test]
fn invalid_utf8_in_a_utf8_file_rejects_only_that_row() {
    let env = Env::new();
    let mut bytes =
        format!("{HEADER}José,Quispe,1990-01-02,PE,SexualExploitation\nLuis,").into_bytes();
    bytes.extend_from_slice(b"Ro\xffjas,1985-03-04,BO,ForcedLabour\n");
    bytes.extend_from_slice("María,Núñez,,BO,ForcedLabour\n".as_bytes());
    let path = env.file("cases.csv", &bytes);
    let summary = env.import(&path, "Shelter", &[]);
    assert_eq!(summary["imported"], 2);
    assert_eq!(summary["rejected"], 1);
    assert_eq!(errors(&summary)[0]["row"], 2);
    assert!(errors(&summary)[0]["message"]
        .as_str()
        .unwrap()
        .contains("invalid UTF-8"));
    assert_eq!(first_names(&env.exported("Shelter")), vec!["José", "María"]);
}

#[test]
fn windows_1252_semicolon_files_with_unprefixed_headers_are_read() {
    let env = Env::new();
    let mut bytes = b"FirstName;SECONDNAME;Citizenship;TypeOfExploitation;Gender\n".to_vec();
    bytes.extend_from_slice(b"Jos\xe9;N\xfa\xf1ez;Per\xfa;Explotaci\xf3n sexual;Femenino\n");
    bytes.extend_from_slice(b"Jo\xe3o;Concei\xe7\xe3o;Brasil;ForcedLabour;M\n");
    let path = env.file("cases.csv", &bytes);
    let summary = env.import(&path, "Shelter", &[]);
    assert_eq!(summary["imported"], 2, "{summary}");
    let stored = env.exported("Shelter");
    let jose = stored
        .iter()
        .find(|r| r["prs_FirstName"] == "José")
        .unwrap();
    assert_eq!(jose["prs_SecondName"], "Núñez");
    assert_eq!(jose["prs_Citizenship"][0], "PE");
    assert_eq!(jose["vic_TypeOfExploitation"][0], "SexualExploitation");
    assert_eq!(jose["prs_Gender"], "Feminine");
    assert!(summary["warnings"].to_string().contains("Windows-1252"));
}

#[test]
fn a_partners_own_spreadsheet_headers_and_nationality_words_are_understood() {
    let env = Env::new();
    let path = env.file(
        "socio.csv",
        "Nombre;Apellidos;Sexo;Fecha de nacimiento;Nacionalidad;Forma de explotación;Observaciones;Código interno;País de origen;Ciudad de destino;País de destino\n\
         María José;Quispe Mamani;Mujer;12/03/2006;Boliviana;Explotación sexual;derivada por la fiscalía;A-17;Bolivia;Buenos Aires;Argentina\n\
         Juan;Pérez;M;;venezolano;trabajo forzoso;;A-18;;;\n\
         Rosa;Lima;F;1990-01-02;Atlante;Explotación sexual;;A-19;;;\n"
            .as_bytes(),
    );
    let summary = env.import(&path, "Shelter", &[]);
    assert_eq!(summary["imported"], 2, "{summary}");
    // The one column nobody can place is named, and the row with a country nobody knows too.
    let warnings = summary["warnings"].to_string();
    assert!(warnings.contains("Código interno"), "{warnings}");
    assert_eq!(errors(&summary).len(), 1, "{summary}");
    // Named by the file's own header, as its user wrote it.
    assert_eq!(errors(&summary)[0]["column"], "Nacionalidad", "{summary}");
    let stored = env.exported("Shelter");
    let maria = stored
        .iter()
        .find(|r| r["prs_FirstName"] == "María José")
        .unwrap();
    assert_eq!(maria["prs_SecondName"], "Quispe Mamani");
    assert_eq!(maria["prs_Birthdate"], "2006-03-12");
    assert_eq!(maria["prs_Citizenship"][0], "BO");
    assert_eq!(maria["vic_TypeOfExploitation"][0], "SexualExploitation");
    assert_eq!(maria["cco_CaseComment"], "derivada por la fiscalía");
    // Origin and destination columns are a route: a recruitment and an exploitation event.
    assert_eq!(
        maria["hte_Type"],
        serde_json::json!(["Recruitment", "Exploitation"])
    );
    assert_eq!(maria["hte_Country"], serde_json::json!(["BO", "AR"]));
    assert_eq!(
        maria["hte_City"],
        serde_json::json!(["", "Buenos Aires"]),
        "{maria:?}"
    );
    let juan = stored
        .iter()
        .find(|r| r["prs_FirstName"] == "Juan")
        .unwrap();
    assert_eq!(juan["prs_Citizenship"][0], "VE");

    // A column the user names: its field, and a field that does not exist refused by name.
    let path = env.file(
        "socio2.csv",
        "Nombre;Residencia;Final\nLucía;Paraguay;Chile\n".as_bytes(),
    );
    let summary = env.import(
        &path,
        "Shelter",
        &[
            "--column",
            "residencia=prs_MailingCountry",
            "--column",
            "Final=hte_Country@Exploitation",
        ],
    );
    assert_eq!(summary["imported"], 1, "{summary}");
    let stored = env.exported("Shelter");
    let lucia = stored
        .iter()
        .find(|r| r["prs_FirstName"] == "Lucía")
        .unwrap();
    assert_eq!(lucia["prs_MailingCountry"], "PY");
    assert_eq!(lucia["hte_Type"], serde_json::json!(["Exploitation"]));
    assert_eq!(lucia["hte_Country"], serde_json::json!(["CL"]));
    let out = env.rastro_as(
        "Shelter",
        &[
            "import",
            "cases",
            path.to_str().unwrap(),
            "--column",
            "Residencia=prs_Residence",
        ],
    );
    assert!(!out.status.success());
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(
        stderr.contains("\"prs_Residence\" is not an HTCDS field"),
        "{stderr}"
    );
}

#[test]
fn a_partners_workbook_is_read_from_its_table_past_instructions_and_a_title() {
    let env = Env::new();
    let fixtures = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures");
    let summary = env.import(&fixtures.join("partner.ods"), "Shelter", &[]);
    assert_eq!(summary["imported"], 2, "{summary}");
    let warnings: Vec<&str> = summary["warnings"]
        .as_array()
        .unwrap()
        .iter()
        .filter_map(Value::as_str)
        .collect();
    let warnings = warnings.join("\n");
    assert!(
        warnings.contains("only sheet \"Casos\" (the first with a table of fields)"),
        "{warnings}"
    );
    assert!(
        warnings.contains("sheet rows 1–2 above the header (row 3) are skipped"),
        "{warnings}"
    );
    let stored = env.exported("Shelter");
    let rosa = stored
        .iter()
        .find(|r| r["prs_FirstName"] == "Rosa")
        .unwrap();
    assert_eq!(rosa["prs_Citizenship"][0], "PE");
    assert_eq!(rosa["vic_TypeOfExploitation"][0], "SexualExploitation");
    assert_eq!(
        rosa["hte_Type"],
        serde_json::json!(["Recruitment", "Exploitation"])
    );
    assert_eq!(rosa["hte_Country"], serde_json::json!(["PE", "CL"]));
    let marta = stored
        .iter()
        .find(|r| r["prs_FirstName"] == "Marta")
        .unwrap();
    assert_eq!(marta["vic_TypeOfExploitation"][0], "ForcedBegging");
    assert_eq!(marta["hte_Type"], serde_json::json!(["Exploitation"]));
}

#[test]
fn json_lines_with_arrays_and_a_broken_line() {
    let env = Env::new();
    let text = concat!(
        "{\"prs_FirstName\":\"Ana\",\"prs_Citizenship\":[\"VE\",\"Colombia\"],\"hte_Type\":[\"Recruitment\",\"Exploitation\"],\"hte_Country\":[\"VE\",\"PE\"],\"vic_AgeWhenTrafficked\":17}\n",
        "{\"prs_FirstName\": \"Luis\", \"prs_Birthdate\": \n",
        "\n",
        "[1, 2]\n",
        "{\"FirstName\":\"Rosa\",\"TypeOfExploitation\":\"ForcedLabour;ForcedBegging\",\"Consent\":true,\"note\":\"kept out\"}\n",
    );
    let path = env.file("cases.jsonl", text.as_bytes());
    let summary = env.import(&path, "NGO", &[]);
    assert_eq!(summary["imported"], 2);
    assert_eq!(summary["rejected"], 2);
    let errs = errors(&summary);
    assert_eq!(errs[0]["row"], 2);
    assert!(errs[0]["message"]
        .as_str()
        .unwrap()
        .contains("not valid JSON"));
    assert_eq!(errs[1]["row"], 3);
    assert_eq!(errs[1]["line"], 4);
    let stored = env.exported("NGO");
    let ana = stored.iter().find(|r| r["prs_FirstName"] == "Ana").unwrap();
    assert_eq!(ana["prs_Citizenship"], serde_json::json!(["VE", "CO"]));
    assert_eq!(ana["hte_Country"], serde_json::json!(["VE", "PE"]));
    assert_eq!(ana["vic_AgeWhenTrafficked"], "17");
}

#[test]
fn misaligned_event_columns_are_rejected() {
    let env = Env::new();
    let csv = "prs_FirstName,hte_Type,hte_Country,hte_City\nAna,Recruitment;Transit;Exploitation,VE;CO;PE,Caracas;;Lima\nLuis,Recruitment;Exploitation,VE,\n";
    let path = env.file("cases.csv", csv.as_bytes());
    let summary = env.import(&path, "Shelter", &[]);
    assert_eq!(summary["imported"], 1);
    assert_eq!(errors(&summary)[0]["row"], 2);
    assert!(errors(&summary)[0]["message"]
        .as_str()
        .unwrap()
        .contains("must align"));
    let stored = env.exported("Shelter");
    assert_eq!(
        stored[0]["hte_City"],
        serde_json::json!(["Caracas", "", "Lima"])
    );
}

#[test]
fn importing_the_same_file_twice_adds_nothing() {
    let env = Env::new();
    let csv = format!("{HEADER}Ana,Quispe,1990-01-02,PE,SexualExploitation\nLuis,Rojas,1985-03-04,BO,ForcedLabour\n");
    let path = env.file("cases.csv", csv.as_bytes());
    assert_eq!(env.import(&path, "Shelter", &[])["imported"], 2);
    let again = env.import(&path, "Shelter", &[]);
    assert_eq!(again["imported"], 0);
    assert_eq!(again["duplicates"], 2);
    // The same content with columns in another order and other spellings is the same record.
    let reordered = "vic_TypeOfExploitation,prs_Citizenship,prs_FirstName,prs_SecondName,prs_Birthdate\nExplotación sexual,Perú,Ana,Quispe,02/01/1990\n";
    let path = env.file("reordered.csv", reordered.as_bytes());
    assert_eq!(env.import(&path, "Shelter", &[])["imported"], 0);
    assert_eq!(env.exported("Shelter").len(), 2);
}

#[test]
fn rejects_file_can_be_corrected_and_imported_again() {
    let env = Env::new();
    let csv = format!("{HEADER}Ana,Quispe,1990-01-02,PE,SexualExploitation\nLuis,Rojas,1985-13-04,BO,ForcedLabour\n");
    let path = env.file("cases.csv", csv.as_bytes());
    let rejects = env.dir.path().join("rejects.csv");
    let summary = env.import(&path, "Shelter", &["--rejects", rejects.to_str().unwrap()]);
    assert_eq!(summary["rejected"], 1);
    let text = std::fs::read_to_string(&rejects).unwrap();
    let mut lines = text.lines();
    assert_eq!(
        lines.next().unwrap(),
        "prs_FirstName,prs_SecondName,prs_Birthdate,prs_Citizenship,vic_TypeOfExploitation,rastro_row,rastro_errors"
    );
    let rejected = lines.next().unwrap();
    assert!(
        rejected.starts_with("Luis,Rojas,1985-13-04,BO,ForcedLabour,2,"),
        "{rejected}"
    );
    assert!(rejected.contains("prs_Birthdate: bad date"), "{rejected}");
    let corrected = env.file(
        "corrected.csv",
        text.replace("1985-13-04", "1985-12-04").as_bytes(),
    );
    let summary = env.import(&corrected, "Shelter", &[]);
    assert_eq!(summary["imported"], 1);
    assert!(
        summary["warnings"].as_array().unwrap().is_empty(),
        "{summary}"
    );
    assert_eq!(first_names(&env.exported("Shelter")), vec!["Ana", "Luis"]);
}

#[test]
fn htcds_excel_template_blank_and_filled() {
    let env = Env::new();
    let fixtures = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures");
    let summary = env.import(&fixtures.join("htcds_template_v2.0.xlsx"), "Shelter", &[]);
    assert_eq!(summary["imported"], 0);
    assert_eq!(summary["rejected"], 0);
    let summary = env.import(&fixtures.join("filled_template.xlsx"), "Shelter", &[]);
    assert_eq!(summary["imported"], 1);
    assert_eq!(summary["rejected"], 1);
    // Data row 2 is sheet row 4: the label row is not data.
    assert_eq!(errors(&summary)[0]["row"], 2);
    assert_eq!(errors(&summary)[0]["line"], 4);
    let stored = env.exported("Shelter");
    assert_eq!(stored[0]["prs_FirstName"], "María José");
    assert_eq!(
        stored[0]["prs_Citizenship"],
        serde_json::json!(["PE", "BO"])
    );
    assert_eq!(
        stored[0]["vic_TraffickingStatus"],
        "ActualVictimOfTrafficking"
    );
    assert_eq!(stored[0]["con_Consent"], "true");

    let summary = env.import(&fixtures.join("cases.ods"), "Shelter", &[]);
    assert_eq!(summary["imported"], 1);
    assert_eq!(errors(&summary)[0]["column"], "prs_Birthdate");
}

#[test]
fn files_that_cannot_be_read_fail_with_a_clear_message() {
    let env = Env::new();
    let cases: Vec<(PathBuf, &str)> = vec![
        (env.dir.path().join("missing.csv"), "cannot read"),
        (env.file("empty.csv", b""), "is empty"),
        (
            env.file("binary.csv", &[0u8, 159, 146, 150, 0, 0, 1, 2, 0, 0, 0, 7]),
            "not a text file",
        ),
        (
            env.file("other.csv", b"name,age\nAna,3\n"),
            "no HTCDS field names",
        ),
        (env.file("utf16.csv", b"\xff\xfen\x00a\x00"), "UTF-16"),
        (
            env.file("broken.xlsx", b"PK\x03\x04 not really"),
            "cannot read the spreadsheet",
        ),
    ];
    env.member("Shelter");
    for (path, expected) in cases {
        let out = env.rastro_as("Shelter", &["import", "cases", path.to_str().unwrap()]);
        assert!(!out.status.success(), "{}", path.display());
        let stderr = String::from_utf8_lossy(&out.stderr);
        assert!(stderr.contains(expected), "{}: {stderr}", path.display());
        assert!(
            stderr.contains(path.file_name().unwrap().to_str().unwrap()),
            "{stderr}"
        );
    }
}

#[test]
fn generate_import_export_round_trip_csv_and_jsonl() {
    let env = Env::new();
    let generated = env.dir.path().join("generated.csv");
    let out = env.rastro(&[
        "generate",
        "cases",
        "--count",
        "500",
        "--seed",
        "9",
        "--out",
        generated.to_str().unwrap(),
    ]);
    assert!(out.status.success());
    let summary = env.import(&generated, "Hub", &[]);
    assert_eq!(summary["imported"], 500, "{summary}");
    assert_eq!(summary["rejected"], 0, "{summary}");

    // Every record generated is exported unchanged, in the same order.
    let original = env.file("original.jsonl", b"");
    let out = env.rastro(&[
        "generate",
        "cases",
        "--count",
        "500",
        "--seed",
        "9",
        "--out",
        original.to_str().unwrap(),
    ]);
    assert!(out.status.success());
    let expected: Vec<Value> = std::fs::read_to_string(&original)
        .unwrap()
        .lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect();
    let exported: Vec<Value> = env.exported("Hub").into_iter().map(Value::Object).collect();
    assert_eq!(exported, expected);

    // The CSV export imports back as the same records (nothing new, nothing rejected).
    let csv = env.dir.path().join("export.csv");
    let out = env.rastro_as(
        "Hub",
        &[
            "export",
            "cases",
            "--format",
            "csv",
            "--out",
            csv.to_str().unwrap(),
        ],
    );
    assert!(out.status.success());
    let again = env.import(&csv, "Hub", &[]);
    assert_eq!(again["duplicates"], 500, "{again}");
    assert_eq!(again["imported"], 0);
    assert!(again["warnings"].as_array().unwrap().is_empty(), "{again}");
}

#[test]
fn organisations_see_only_their_own_records() {
    let env = Env::new();
    let csv = format!("{HEADER}Ana,Quispe,1990-01-02,PE,SexualExploitation\n");
    let path = env.file("cases.csv", csv.as_bytes());
    env.import(&path, "Shelter A", &[]);
    env.import(&path, "Police B", &[]);
    assert_eq!(env.exported("Shelter A").len(), 1);
    assert_eq!(env.exported("Police B").len(), 1);
}

#[test]
fn commands_act_only_as_a_signed_in_user() {
    let env = Env::new();
    env.member("Shelter");
    let file = env.file(
        "cases.csv",
        "prs_FirstName,vic_TypeOfExploitation\nAna,SexualExploitation\n".as_bytes(),
    );
    // No token and no sign-in: refused, saying how to sign in.
    let out = env.rastro(&["import", "cases", file.to_str().unwrap()]);
    assert!(!out.status.success());
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(stderr.contains("not signed in"), "{stderr}");
    assert!(stderr.contains("rastro login"), "{stderr}");
    // An organisation named on the command line is no way in.
    let out = env.rastro(&[
        "import",
        "cases",
        file.to_str().unwrap(),
        "--org",
        "Shelter",
    ]);
    assert!(!out.status.success());
    // A forged or mistyped token is refused without saying which part was wrong.
    let token = env.member("Shelter");
    let last = if token.ends_with('0') { '1' } else { '0' };
    let forged = format!("{}{last}", &token[..token.len() - 1]);
    let out = env
        .command(&["export", "cases"])
        .env("RASTRO_TOKEN", &forged)
        .output()
        .unwrap();
    assert!(!out.status.success());
    assert!(
        String::from_utf8_lossy(&out.stderr).contains("sign-in refused"),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    // A role without the permission is told so, and nothing is imported.
    let out = env.rastro(&[
        "admin",
        "create-user",
        "shelter-auditor",
        "--org",
        "Shelter",
        "--role",
        "auditor",
    ]);
    assert!(out.status.success());
    let auditor = String::from_utf8(out.stdout).unwrap().trim().to_string();
    let out = env
        .command(&["import", "cases", file.to_str().unwrap()])
        .env("RASTRO_TOKEN", &auditor)
        .output()
        .unwrap();
    assert!(!out.status.success());
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(stderr.contains("auditor may not import cases"), "{stderr}");
    assert!(env.exported("Shelter").is_empty());
}

#[test]
fn a_mistyped_organisation_is_an_error_naming_the_known_one_and_creates_nothing() {
    let env = Env::new();
    env.member("Casa Refugio");
    let out = env.rastro(&[
        "admin",
        "create-user",
        "ana",
        "--org",
        "Casa Refugo",
        "--role",
        "caseworker",
    ]);
    assert!(!out.status.success());
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(
        stderr.contains("no organisation named \"Casa Refugo\""),
        "{stderr}"
    );
    assert!(stderr.contains("did you mean \"Casa Refugio\""), "{stderr}");
    let listed = env.rastro(&["admin", "orgs"]);
    assert_eq!(
        String::from_utf8_lossy(&listed.stdout),
        "Casa Refugio\tngo\t-\n"
    );
    let users = String::from_utf8_lossy(&env.rastro(&["admin", "users"]).stdout).to_string();
    assert!(!users.contains("ana"), "{users}");
    // Creating one twice is refused too.
    let again = env.rastro(&["admin", "create-org", "Casa Refugio", "--kind", "shelter"]);
    assert!(!again.status.success());
    assert!(String::from_utf8_lossy(&again.stderr).contains("exists already"));
    // So is a kind or a country that does not exist, naming what would be valid.
    let out = env.rastro(&["admin", "create-org", "X", "--kind", "church"]);
    assert!(String::from_utf8_lossy(&out.stderr).contains("shelter"));
    let out = env.rastro(&[
        "admin",
        "create-org",
        "X",
        "--kind",
        "ngo",
        "--country",
        "Atlantis",
    ]);
    assert!(!out.status.success());
    assert!(String::from_utf8_lossy(&out.stderr).contains("Atlantis"));
}

#[test]
fn an_unwritable_rejects_file_interrupts_the_import_and_running_it_again_completes_it() {
    let env = Env::new();
    env.member("Shelter");
    // Enough rejected rows to fill the rejects file's buffer while batches are being stored.
    let mut csv = String::from("prs_FirstName,prs_Birthdate\n");
    for i in 0..30_000 {
        if i % 2 == 0 {
            csv.push_str(&format!("Ana{i},1990-01-01\n"));
        } else {
            csv.push_str(&format!("Luis{i},not a date\n"));
        }
    }
    let file = env.file("cases.csv", csv.as_bytes());
    let out = env.rastro_as(
        "Shelter",
        &[
            "import",
            "cases",
            file.to_str().unwrap(),
            "--rejects",
            "/dev/full",
        ],
    );
    assert!(!out.status.success());
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(stderr.contains("interrupted"), "{stderr}");
    assert!(stderr.contains("run the same import again"), "{stderr}");
    let listed =
        String::from_utf8_lossy(&env.rastro_as("Shelter", &["import", "list"]).stdout).to_string();
    assert!(listed.contains("interrupted"), "{listed}");

    let summary = env.import(&file, "Shelter", &[]);
    assert!(summary["resumed"].is_object(), "{summary}");
    let before = summary["resumed"]["stored_before"].as_u64().unwrap();
    assert_eq!(
        summary["imported"].as_u64().unwrap() + before,
        15_000,
        "{summary}"
    );
    assert_eq!(summary["duplicates"], 0, "{summary}");
    assert_eq!(summary["rejected"], 15_000);
    assert_eq!(env.exported("Shelter").len(), 15_000);
    let listed =
        String::from_utf8_lossy(&env.rastro_as("Shelter", &["import", "list"]).stdout).to_string();
    assert_eq!(listed.lines().count(), 1, "{listed}");
    assert!(
        listed.contains("finished") && listed.contains("15000 imported"),
        "{listed}"
    );
}
