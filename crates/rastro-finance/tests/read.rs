//! Transactions in: every bad row reported with row, column and reason, the good rows kept.

use rastro_finance::read::{from_reader, read_all, Format, ReadError, ReadSummary};

fn read(bytes: Vec<u8>, format: Format) -> ReadSummary {
    let reader =
        from_reader(Box::new(std::io::Cursor::new(bytes)), format, "test").expect("header");
    read_all(reader)
}

const HEADER: &str = "id,datetime,amount,currency,channel,debtor_account,debtor_name,creditor_account,creditor_name,branch,city,country,mcc,contact,description\n";

fn csv_file(rows: &[&[u8]]) -> Vec<u8> {
    let mut bytes = HEADER.as_bytes().to_vec();
    for r in rows {
        bytes.extend_from_slice(r);
        bytes.push(b'\n');
    }
    bytes
}

#[test]
fn every_bad_row_is_reported_and_the_good_ones_kept() {
    let bytes = csv_file(&[
        b"T1,2024-03-05T10:00:00-05:00,\"1.234,56\",PEN,cash_deposit,,Ana,PE01,Luis,Ag 1,Lima,PE,,,",
        b"T2,2024-03-05T10:05:00-05:00,\"1,234.56\",PEN,cash_deposit,,Ana,PE01,Luis,Ag 1,Lima,PE,,,",
        b"T3,2024-03-05T10:10:00-05:00,100,XYZ,card,PE01,Luis,SH1,Tienda,,Lima,PE,5411,,",
        b"T4,2024-03-05 10:15:00,100,PEN,card,PE01,Luis,SH1,Tienda,,Lima,PE,5411,,",
        b"T5,2024-03-05T10:20:00-05:00,-25.00,PEN,card,PE01,Luis,SH1,Tienda,,Lima,PE,5411,,",
        b"T6,2024-03-05T10:25:00-05:00,-25.00,PEN,refund,SH1,Tienda,PE01,Luis,,Lima,PE,5411,,",
        b"T7,2024-03-05T10:30:00-05:00,100,PEN,card,PE01",
        b"T8,2024-03-05T10:35:00-05:00,100,PEN,mobile,PE01,Jos\xe9 P\xe9rez,PE02,Eva,,Lima,PE,,,",
        b"T9,2024-03-05T10:40:00-05:00,\"12,34,5\",PEN,teleport,PE01,Luis,PE02,Eva,,Lima,Narnia,54111,,",
        b",2024-03-05T10:45:00-05:00,100,PEN,transfer,,,,,,,,,,",
    ]);
    let summary = read(bytes, Format::Csv);
    assert_eq!(summary.rows, 10);
    let kept: Vec<&str> = summary.transactions.iter().map(|t| &*t.id).collect();
    assert_eq!(kept, vec!["T1", "T2", "T6"]);
    // Either decimal mark gives the same amount.
    assert_eq!(
        summary.transactions[0].amount,
        summary.transactions[1].amount
    );
    assert_eq!(summary.transactions[0].amount.ten_thousandths(), 12_345_600);
    assert!(summary.transactions[2].amount.is_negative());
    assert_eq!(summary.rejected, 7);

    let find = |row: u64, column: &str| {
        summary
            .problems
            .iter()
            .find(|p| p.row == row && p.column == column)
            .unwrap_or_else(|| {
                panic!(
                    "no problem at row {row} column {column:?}: {:?}",
                    summary.problems
                )
            })
    };
    assert!(find(3, "currency").message.contains("ISO 4217"));
    assert_eq!(find(3, "currency").value, "XYZ");
    assert!(find(4, "datetime").message.contains("no zone"));
    assert!(find(5, "amount").message.contains("negative"));
    assert!(find(7, "")
        .message
        .contains("6 fields where the header has 15"));
    assert!(find(8, "debtor_name").message.contains("UTF-8"));
    assert_eq!(find(8, "debtor_name").line, 9);
    // One row, every problem at once.
    assert!(find(9, "amount").message.contains("thousands separators"));
    assert!(find(9, "channel").message.contains("unknown channel"));
    assert!(find(9, "country").message.contains("unknown country"));
    assert!(find(9, "mcc").message.contains("merchant category"));
    assert!(find(10, "id").message.contains("required"));
    assert!(find(10, "debtor_account").message.contains("neither"));
}

#[test]
fn json_lines_report_bad_lines_the_same_way() {
    let mut bytes = Vec::new();
    bytes.extend_from_slice(br#"{"id":"J1","datetime":"2024-03-05T10:00:00Z","amount":1234.5,"currency":"usd","channel":"Cash Deposit","creditor_account":"EC1","debtor_name":"Ana"}"#);
    bytes.extend_from_slice(b"\n\n");
    bytes.extend_from_slice(b"{\"id\":\"J2\",\"datetime\":\"2024-03-05T10:00:00Z\",\"amount\":\"10\",\"currency\":\"USD\",\"channel\":\"card\",\"debtor_account\":\"EC1\",\"debtor_name\":\"Jos\xe9\"}\n");
    bytes.extend_from_slice(b"[1,2,3]\n");
    bytes.extend_from_slice(b"{\"id\":\"J4\",\"datetime\":\"2024-03-05T10:00\",\"amount\":\"1,5\",\"currency\":\"USD\",\"channel\":\"card\",\"debtor_account\":\"EC1\"}\n");
    bytes.extend_from_slice(b"{not json\n");
    bytes.extend_from_slice(br#"{"id":"J6","fecha":"2024-03-05 10:00","zona_horaria":"-05:00","monto":"1.500","moneda":"USD","canal":"retiro","cuenta_origen":"EC1"}"#);
    bytes.push(b'\n');
    let summary = read(bytes, Format::JsonLines);
    let kept: Vec<&str> = summary.transactions.iter().map(|t| &*t.id).collect();
    assert_eq!(kept, vec!["J1", "J6"]);
    assert_eq!(summary.transactions[0].amount.ten_thousandths(), 12_345_000);
    assert_eq!(summary.transactions[1].amount.ten_thousandths(), 15_000_000);
    assert_eq!(
        summary.transactions[1].time.to_string(),
        "2024-03-05T10:00:00-05:00"
    );
    let at = |line: u64| {
        summary
            .problems
            .iter()
            .filter(|p| p.line == line)
            .collect::<Vec<_>>()
    };
    assert_eq!(at(3)[0].column, "debtor_name", "{:?}", summary.problems);
    assert!(at(4)[0].message.contains("not a JSON object"));
    assert!(at(5).iter().any(|p| p.column == "datetime"));
    assert!(at(6)[0].message.starts_with("not JSON"));
    assert_eq!(at(3)[0].row, 2, "blank lines are not rows");
}

#[test]
fn header_problems_stop_the_file_with_a_reason() {
    let open = |text: &str| {
        from_reader(
            Box::new(std::io::Cursor::new(text.as_bytes().to_vec())),
            Format::Csv,
            "f.csv",
        )
    };
    match open("id,amount\n1,2\n") {
        Err(ReadError::Header { error, .. }) => {
            let text = error.to_string();
            assert!(
                text.contains("datetime") && text.contains("currency"),
                "{text}"
            );
        }
        other => panic!("{:?}", other.err()),
    }
    match open("id,datetime,monto,amount,currency,channel,debtor_account\n") {
        Err(ReadError::Header { error, .. }) => {
            assert!(error.to_string().contains("both hold amount"))
        }
        other => panic!("{:?}", other.err()),
    }
    assert!(matches!(open("\n\n"), Err(ReadError::Empty { .. })));
}

#[test]
fn semicolons_spanish_headers_and_a_byte_order_mark() {
    let text = "\u{feff}id;fecha_hora;monto;moneda;canal;cuenta_origen;ordenante;cuenta_destino;beneficiario;ciudad;pais;notas\n\
                1;05/03/2024 14:30 -05:00;1.234,56;COP;transferencia;CO1;Ana;CO2;Luis;Bogotá;Colombia;x\n";
    let reader = from_reader(
        Box::new(std::io::Cursor::new(text.as_bytes().to_vec())),
        Format::Csv,
        "f",
    )
    .expect("header");
    assert_eq!(reader.unknown_columns(), ["notas"]);
    let summary = read_all(reader);
    assert!(summary.problems.is_empty(), "{:?}", summary.problems);
    let t = &summary.transactions[0];
    assert_eq!(t.country.map(|c| c.to_string()).as_deref(), Some("CO"));
    assert_eq!(t.amount.format(t.currency), "1234.56");
    assert_eq!(t.debtor.account(), "CO1");
}

#[test]
fn the_same_file_twice_gives_the_same_fingerprints_and_repeats_count_once() {
    let row: &[u8] =
        b"T1,2024-03-05T10:00:00-05:00,100,USD,card,EC1,Ana,SH1,Tienda,,Quito,EC,5411,,";
    let first = read(csv_file(&[row]), Format::Csv);
    let second = read(csv_file(&[row, row]), Format::Csv);
    assert_eq!(second.transactions.len(), 1);
    assert_eq!(second.repeated, 1);
    assert_eq!(
        first.transactions[0].fingerprint(),
        second.transactions[0].fingerprint()
    );
    // The same transaction written another way (decimal comma, another clock) is the same.
    let other: &[u8] =
        b"T1,2024-03-05T12:00:00-03:00,\"100,00\",usd,Card,EC1,Ana,SH1,Tienda,,Quito,EC,5411,,";
    let third = read(csv_file(&[other]), Format::Csv);
    assert_eq!(
        first.transactions[0].fingerprint(),
        third.transactions[0].fingerprint()
    );
}
