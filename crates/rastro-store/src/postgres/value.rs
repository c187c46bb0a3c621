//! Parameter values that take the type PostgreSQL inferred for their place. The shared SQL of
//! `sql/` is written once for both dialects with named parameters, so a value is not declared
//! with a type: an integer may land where the server wants `int8`, `int4` or `float8`, and a NULL
//! anywhere. (The driver itself refuses an `i64` bound to an `int4` place.)

use std::error::Error;

use postgres::types::{to_sql_checked, IsNull, ToSql, Type};
use postgres::{Row, Transaction};

use crate::sql::params::positional;
use crate::{Result, StoreError};

#[derive(Debug, Clone, PartialEq)]
pub(crate) enum Value {
    Null,
    Integer(i64),
    Real(f64),
    Text(String),
    Blob(Vec<u8>),
}

impl From<i64> for Value {
    fn from(v: i64) -> Value {
        Value::Integer(v)
    }
}

impl From<u32> for Value {
    fn from(v: u32) -> Value {
        Value::Integer(i64::from(v))
    }
}

impl From<f64> for Value {
    fn from(v: f64) -> Value {
        Value::Real(v)
    }
}

impl From<String> for Value {
    fn from(v: String) -> Value {
        Value::Text(v)
    }
}

impl From<&str> for Value {
    fn from(v: &str) -> Value {
        Value::Text(v.to_string())
    }
}

impl From<Vec<u8>> for Value {
    fn from(v: Vec<u8>) -> Value {
        Value::Blob(v)
    }
}

impl<T: Into<Value>> From<Option<T>> for Value {
    fn from(v: Option<T>) -> Value {
        v.map_or(Value::Null, Into::into)
    }
}

impl ToSql for Value {
    fn to_sql(
        &self,
        ty: &Type,
        out: &mut postgres::types::private::BytesMut,
    ) -> std::result::Result<IsNull, Box<dyn Error + Sync + Send>> {
        match self {
            Value::Null => Ok(IsNull::Yes),
            Value::Integer(v) => match *ty {
                Type::INT8 => v.to_sql(ty, out),
                Type::INT4 => i32::try_from(*v)?.to_sql(ty, out),
                Type::INT2 => i16::try_from(*v)?.to_sql(ty, out),
                Type::FLOAT8 => (*v as f64).to_sql(ty, out),
                Type::BOOL => (*v != 0).to_sql(ty, out),
                Type::TEXT | Type::VARCHAR => v.to_string().to_sql(ty, out),
                _ => Err(format!("an integer cannot be bound as {ty}").into()),
            },
            Value::Real(v) => match *ty {
                Type::FLOAT8 => v.to_sql(ty, out),
                Type::FLOAT4 => (*v as f32).to_sql(ty, out),
                _ => Err(format!("a real number cannot be bound as {ty}").into()),
            },
            Value::Text(v) => match *ty {
                Type::TEXT | Type::VARCHAR | Type::BPCHAR | Type::NAME | Type::UNKNOWN => {
                    v.as_str().to_sql(&Type::TEXT, out)
                }
                _ => Err(format!("text cannot be bound as {ty}").into()),
            },
            Value::Blob(v) => match *ty {
                Type::BYTEA => v.as_slice().to_sql(ty, out),
                _ => Err(format!("bytes cannot be bound as {ty}").into()),
            },
        }
    }

    fn accepts(ty: &Type) -> bool {
        matches!(
            *ty,
            Type::INT8
                | Type::INT4
                | Type::INT2
                | Type::FLOAT8
                | Type::FLOAT4
                | Type::BOOL
                | Type::TEXT
                | Type::VARCHAR
                | Type::BPCHAR
                | Type::NAME
                | Type::UNKNOWN
                | Type::BYTEA
        )
    }

    to_sql_checked!();
}

/// A statement with named parameters (`:org`) and their values, made ready for the driver:
/// the text numbered (`$1`) and the values in number order. A name the SQL uses without a value
/// is an error here rather than a NULL at run time.
pub(crate) struct Named {
    pub sql: String,
    pub values: Vec<Value>,
}

impl Named {
    pub fn new(sql: &str, params: &[(&str, Value)]) -> Result<Named> {
        let (sql, names) = positional(sql);
        let values = names
            .iter()
            .map(|name| {
                params
                    .iter()
                    .find(|(n, _)| n.trim_start_matches(':') == name)
                    .map(|(_, v)| v.clone())
                    .ok_or_else(|| {
                        StoreError::Database(format!("no value for the parameter :{name}"))
                    })
            })
            .collect::<Result<_>>()?;
        Ok(Named { sql, values })
    }

    pub fn params(&self) -> Vec<&(dyn ToSql + Sync)> {
        self.values
            .iter()
            .map(|v| v as &(dyn ToSql + Sync))
            .collect()
    }
}

/// A count from a BIGINT column (never negative).
pub(crate) fn count(row: &Row, i: usize) -> Result<u64> {
    Ok(row.try_get::<_, i64>(i)?.max(0) as u64)
}

/// Runs a statement of shared SQL with its named values; the rows it returns.
pub(crate) fn query(
    tx: &mut Transaction<'_>,
    sql: &str,
    params: &[(&str, Value)],
) -> Result<Vec<Row>> {
    let named = Named::new(sql, params)?;
    Ok(tx.query(&named.sql, &named.params())?)
}

/// Runs a statement of shared SQL with its named values; how many rows it changed.
pub(crate) fn execute(
    tx: &mut Transaction<'_>,
    sql: &str,
    params: &[(&str, Value)],
) -> Result<u64> {
    let named = Named::new(sql, params)?;
    Ok(tx.execute(&named.sql, &named.params())?)
}

/// The keys of a JSON array bound as `:keys`, as a list PostgreSQL can test `IN`.
pub(super) const JSON_KEYS: &str =
    "SELECT CAST(value AS BIGINT) FROM json_array_elements_text(CAST(CAST(:keys AS TEXT) AS json))";

/// The ids of a JSON array bound as `:ids`.
pub(super) const JSON_IDS: &str =
    "SELECT value FROM json_array_elements_text(CAST(CAST(:ids AS TEXT) AS json))";
