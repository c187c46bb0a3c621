//! Which column holds which field, and a row's values judged into a transaction or problems.

use std::collections::HashMap;
use std::sync::Arc;

use rastro_model::CountryCode;

use super::Problem;
use crate::money::{Amount, Currency};
use crate::time::DateTime;
use crate::txn::{Channel, Party, Transaction};

/// The fields a transaction file may hold: the canonical columns, plus a separate zone column
/// for files whose date-times are written without one.
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
pub(crate) enum Field {
    Id,
    DateTime,
    Amount,
    Currency,
    Channel,
    DebtorAccount,
    DebtorName,
    CreditorAccount,
    CreditorName,
    Branch,
    City,
    Country,
    Mcc,
    Contact,
    Description,
    Zone,
}

pub(crate) const FIELD_COUNT: usize = 16;

impl Field {
    const ALL: [Field; FIELD_COUNT] = [
        Field::Id,
        Field::DateTime,
        Field::Amount,
        Field::Currency,
        Field::Channel,
        Field::DebtorAccount,
        Field::DebtorName,
        Field::CreditorAccount,
        Field::CreditorName,
        Field::Branch,
        Field::City,
        Field::Country,
        Field::Mcc,
        Field::Contact,
        Field::Description,
        Field::Zone,
    ];

    pub(crate) fn name(self) -> &'static str {
        match self {
            Field::Zone => "zone",
            other => crate::txn::COLUMNS[other as usize],
        }
    }

    /// The names a header may give this field: the canonical one first, then what banks and
    /// organisations of the region write (compared after folding, with `_` for spaces).
    fn synonyms(self) -> &'static [&'static str] {
        match self {
            Field::Id => &[
                "id",
                "transaction_id",
                "txn_id",
                "tx_id",
                "reference",
                "id_transaccion",
                "id_operacion",
                "numero_operacion",
                "id_transacao",
            ],
            Field::DateTime => &[
                "datetime",
                "date_time",
                "timestamp",
                "time",
                "date",
                "fecha_hora",
                "fecha",
                "data_hora",
                "data",
            ],
            Field::Amount => &["amount", "monto", "importe", "valor", "value", "cantidad"],
            Field::Currency => &["currency", "moneda", "moeda", "divisa", "ccy"],
            Field::Channel => &["channel", "canal", "medio", "tipo", "type"],
            Field::DebtorAccount => &[
                "debtor_account",
                "from_account",
                "origin_account",
                "payer_account",
                "cuenta_origen",
                "cuenta_ordenante",
                "conta_origem",
                "conta_pagador",
            ],
            Field::DebtorName => &[
                "debtor_name",
                "debtor",
                "from_name",
                "payer",
                "payer_name",
                "ordenante",
                "nombre_ordenante",
                "remitente",
                "pagador",
                "nome_pagador",
            ],
            Field::CreditorAccount => &[
                "creditor_account",
                "to_account",
                "beneficiary_account",
                "payee_account",
                "cuenta_destino",
                "cuenta_beneficiario",
                "conta_destino",
                "conta_recebedor",
            ],
            Field::CreditorName => &[
                "creditor_name",
                "creditor",
                "to_name",
                "beneficiary",
                "beneficiary_name",
                "payee",
                "payee_name",
                "beneficiario",
                "nombre_beneficiario",
                "favorecido",
                "recebedor",
                "nome_recebedor",
            ],
            Field::Branch => &["branch", "sucursal", "agencia", "oficina", "atm", "cajero"],
            Field::City => &["city", "ciudad", "cidade", "municipio", "localidad"],
            Field::Country => &["country", "pais", "country_code"],
            Field::Mcc => &[
                "mcc",
                "merchant_category",
                "merchant_category_code",
                "categoria_comercio",
                "giro_comercial",
            ],
            Field::Contact => &[
                "contact",
                "counterparty_contact",
                "phone",
                "email",
                "e_mail",
                "telefono",
                "celular",
                "correo",
                "telefone",
                "contato",
            ],
            Field::Description => &[
                "description",
                "descripcion",
                "concepto",
                "detalle",
                "descricao",
                "memo",
                "narrative",
                "glosa",
                "historico",
            ],
            Field::Zone => &[
                "zone",
                "tz",
                "timezone",
                "time_zone",
                "utc_offset",
                "offset",
                "zona_horaria",
                "huso_horario",
                "fuso_horario",
            ],
        }
    }

    fn from_header(header: &str) -> Option<Field> {
        let key = rastro_text::fold_key(header).replace([' ', '-'], "_");
        Field::ALL
            .into_iter()
            .find(|f| f.synonyms().contains(&key.as_str()))
    }
}

/// Why the header cannot be read.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum HeaderError {
    #[error("no column for {}: name the columns {}", .missing.join(", "), crate::txn::COLUMNS.join(", "))]
    Missing { missing: Vec<&'static str> },
    #[error("columns {first:?} and {second:?} both hold {field}")]
    Twice {
        field: &'static str,
        first: String,
        second: String,
    },
    #[error("no column for an account: give debtor_account, creditor_account or both")]
    NoAccount,
}

/// Where each field is in a CSV row, and the headers as written (for messages).
#[derive(Debug, Clone)]
pub(crate) struct Columns {
    pub(crate) headers: Vec<String>,
    /// For each header position, the field it holds.
    pub(crate) fields: Vec<Option<Field>>,
    pub(crate) unknown: Vec<String>,
}

impl Columns {
    pub(crate) fn from_header(headers: Vec<String>) -> Result<Columns, HeaderError> {
        let mut seen: [Option<usize>; FIELD_COUNT] = [None; FIELD_COUNT];
        let mut fields = Vec::with_capacity(headers.len());
        let mut unknown = Vec::new();
        for (i, header) in headers.iter().enumerate() {
            let field = Field::from_header(header);
            if let Some(f) = field {
                if let Some(first) = seen[f as usize] {
                    return Err(HeaderError::Twice {
                        field: f.name(),
                        first: headers[first].clone(),
                        second: header.clone(),
                    });
                }
                seen[f as usize] = Some(i);
            } else if !header.trim().is_empty() {
                unknown.push(header.clone());
            }
            fields.push(field);
        }
        check_present(|f| seen[f as usize].is_some())?;
        Ok(Columns {
            headers,
            fields,
            unknown,
        })
    }
}

/// The fields every file must have.
pub(crate) fn check_present(has: impl Fn(Field) -> bool) -> Result<(), HeaderError> {
    let required = [
        Field::Id,
        Field::DateTime,
        Field::Amount,
        Field::Currency,
        Field::Channel,
    ];
    let missing: Vec<&'static str> = required
        .into_iter()
        .filter(|f| !has(*f))
        .map(Field::name)
        .collect();
    if !missing.is_empty() {
        return Err(HeaderError::Missing { missing });
    }
    if !has(Field::DebtorAccount) && !has(Field::CreditorAccount) {
        return Err(HeaderError::NoAccount);
    }
    Ok(())
}

/// One field of a row as found: its column as the file names it, and its text (or the lossy
/// text of bytes that were not UTF-8).
pub(crate) struct Cell {
    pub(crate) column: String,
    pub(crate) text: String,
    pub(crate) utf8: bool,
}

pub(crate) fn find_field(key: &str) -> Option<Field> {
    Field::from_header(key)
}

/// Shares repeated text (accounts, names, cities) between transactions, so that a file of
/// millions of rows holds each distinct value once. Forgets everything past a bound, so memory
/// stays flat on files where nothing repeats.
#[derive(Default)]
pub(crate) struct Interner {
    map: HashMap<Box<str>, Arc<str>>,
}

const INTERNER_LIMIT: usize = 200_000;

impl Interner {
    fn get(&mut self, text: &str) -> Option<Arc<str>> {
        let text = text.trim();
        if text.is_empty() {
            return None;
        }
        if let Some(shared) = self.map.get(text) {
            return Some(shared.clone());
        }
        if self.map.len() >= INTERNER_LIMIT {
            self.map.clear();
        }
        let shared: Arc<str> = Arc::from(text);
        self.map.insert(Box::from(text), shared.clone());
        Some(shared)
    }
}

/// A field's readable, non-blank cell.
fn value(cells: &[Option<Cell>; FIELD_COUNT], field: Field) -> Option<&Cell> {
    cells[field as usize]
        .as_ref()
        .filter(|c| c.utf8 && !c.text.trim().is_empty())
}

/// Judges a row: a transaction, or every problem found in it at once.
pub(crate) fn build(
    cells: &[Option<Cell>; FIELD_COUNT],
    row: u64,
    line: u64,
    interner: &mut Interner,
) -> Result<Transaction, Vec<Problem>> {
    let mut problems = Vec::new();
    let mut problem = |field: Field, cell: Option<&Cell>, message: String| {
        problems.push(Problem {
            row,
            line,
            column: cell.map_or_else(|| field.name().to_string(), |c| c.column.clone()),
            value: cell.map(|c| c.text.clone()).unwrap_or_default(),
            message,
        });
    };
    // A value that was not UTF-8 is reported once, and not judged further.
    for (i, cell) in cells.iter().enumerate() {
        if let Some(cell) = cell.as_ref().filter(|c| !c.utf8) {
            problem(
                Field::ALL[i],
                Some(cell),
                "not valid UTF-8: save the file as UTF-8 (in Excel: CSV UTF-8)".to_string(),
            );
        }
    }
    let get = |field: Field| value(cells, field);
    let required = |field: Field, problem: &mut dyn FnMut(Field, Option<&Cell>, String)| {
        let cell = value(cells, field);
        let bad_bytes = cells[field as usize].as_ref().is_some_and(|c| !c.utf8);
        if cell.is_none() && !bad_bytes {
            problem(field, None, format!("{} is required", field.name()));
        }
        cell
    };

    let id = required(Field::Id, &mut problem).map(|c| Arc::<str>::from(c.text.trim()));

    let time = required(Field::DateTime, &mut problem).and_then(|c| {
        let zone = get(Field::Zone).map(|z| z.text.trim());
        let text = c.text.trim();
        let parsed = match DateTime::parse(text) {
            Err(crate::time::TimeError::NoZone(_)) if zone.is_some() => {
                DateTime::parse(&format!("{text} {}", zone.unwrap_or_default()))
            }
            other => other,
        };
        parsed
            .map_err(|e| problem(Field::DateTime, Some(c), e.to_string()))
            .ok()
    });

    let currency = required(Field::Currency, &mut problem).and_then(|c| {
        let parsed = Currency::parse(&c.text);
        if parsed.is_none() {
            problem(
                Field::Currency,
                Some(c),
                format!(
                    "{:?} is not an ISO 4217 currency code (write MXN, COP, USD…)",
                    c.text.trim()
                ),
            );
        }
        parsed
    });

    let channel = required(Field::Channel, &mut problem).and_then(|c| {
        let parsed = Channel::parse(&c.text);
        if parsed.is_none() {
            let known: Vec<&str> = Channel::ALL.iter().map(|c| c.as_str()).collect();
            problem(
                Field::Channel,
                Some(c),
                format!(
                    "unknown channel {:?}; one of {}",
                    c.text.trim(),
                    known.join(", ")
                ),
            );
        }
        parsed
    });

    let amount = required(Field::Amount, &mut problem).and_then(|c| {
        match Amount::parse(&c.text, currency) {
            Ok(a) => {
                if let Some(ch) = channel.filter(|ch| a.is_negative() && !ch.allows_negative()) {
                    problem(
                        Field::Amount,
                        Some(c),
                        format!(
                            "a negative amount on channel {ch}: only refund and adjustment may be negative"
                        ),
                    );
                    return None;
                }
                Some(a)
            }
            Err(e) => {
                problem(Field::Amount, Some(c), e.to_string());
                None
            }
        }
    });

    let country = get(Field::Country).and_then(|c| match c.text.trim().parse::<CountryCode>() {
        Ok(code) => Some(code),
        Err(e) => {
            problem(Field::Country, Some(c), e.to_string());
            None
        }
    });

    let mcc = get(Field::Mcc).and_then(|c| {
        let text = c.text.trim();
        let parsed = (text.len() <= 4 && text.bytes().all(|b| b.is_ascii_digit()))
            .then(|| text.parse::<u16>().ok())
            .flatten();
        if parsed.is_none() {
            problem(
                Field::Mcc,
                Some(c),
                format!("{text:?} is not a merchant category code (four digits, ISO 18245)"),
            );
        }
        parsed
    });

    let text =
        |field: Field, interner: &mut Interner| get(field).and_then(|c| interner.get(&c.text));
    let debtor = Party {
        account: text(Field::DebtorAccount, interner),
        name: text(Field::DebtorName, interner),
    };
    let creditor = Party {
        account: text(Field::CreditorAccount, interner),
        name: text(Field::CreditorName, interner),
    };
    if debtor.account.is_none() && creditor.account.is_none() {
        let unreadable = [Field::DebtorAccount, Field::CreditorAccount]
            .iter()
            .any(|f| cells[*f as usize].as_ref().is_some_and(|c| !c.utf8));
        if !unreadable {
            problem(
                Field::DebtorAccount,
                None,
                "neither debtor_account nor creditor_account is given".to_string(),
            );
        }
    }
    let branch = text(Field::Branch, interner);
    let city = text(Field::City, interner);
    let contact = get(Field::Contact).map(|c| Arc::<str>::from(c.text.trim()));
    let description = text(Field::Description, interner);

    match (id, time, amount, currency, channel) {
        (Some(id), Some(time), Some(amount), Some(currency), Some(channel))
            if problems.is_empty() =>
        {
            Ok(Transaction {
                id,
                time,
                amount,
                currency,
                channel,
                debtor,
                creditor,
                branch,
                city,
                country,
                mcc,
                contact,
                description,
            })
        }
        _ => Err(problems),
    }
}
