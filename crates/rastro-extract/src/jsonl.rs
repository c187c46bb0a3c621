//! JSON lines of articles: `{"id","title","text","url","published"}` per line (a JSON array of
//! such objects is accepted too). A bad line is reported with its number and the others are read.

use std::borrow::Cow;

use serde_json::{Map, Value};

use crate::article::{Article, Decoded, InputError, Warning};
use crate::html;

/// Reads every line of `text` into `out`.
pub fn read(stem: &str, text: &str, out: &mut Decoded) {
    let trimmed = text.trim_start();
    if trimmed.starts_with('[') {
        match serde_json::from_str::<Vec<Value>>(trimmed) {
            Ok(items) => {
                for (i, item) in items.into_iter().enumerate() {
                    read_value(stem, i + 1, item, out);
                }
            }
            Err(e) => out.errors.push(InputError::Json {
                line: e.line(),
                message: e.to_string(),
            }),
        }
        return;
    }
    for (i, line) in text.lines().enumerate() {
        read_line(stem, i + 1, line, out);
    }
}

/// Reads one line (1-based `line`), for callers that stream large files line by line.
pub fn read_line(stem: &str, line: usize, text: &str, out: &mut Decoded) {
    if text.trim().is_empty() {
        return;
    }
    if let Some(article) = read_plain_line(line, text) {
        out.articles.push(article);
        return;
    }
    match serde_json::from_str::<Value>(text) {
        Ok(value) => read_value(stem, line, value, out),
        Err(e) => out.errors.push(InputError::Json {
            line,
            message: e.to_string(),
        }),
    }
}

/// A line of the usual shape, read straight into its fields: an object of string (or null)
/// fields among the five known, an id and a text. Building a whole JSON value of every line first
/// cost about as much as reading the article's words. Any other line gives `None` and is read
/// as a value, which knows every error and warning: no line is read differently by this path.
fn read_plain_line(line: usize, text: &str) -> Option<Article> {
    #[derive(serde::Deserialize)]
    #[serde(deny_unknown_fields)]
    struct Plain<'a> {
        #[serde(borrow)]
        id: Option<Cow<'a, str>>,
        #[serde(borrow)]
        title: Option<Cow<'a, str>>,
        #[serde(borrow)]
        text: Option<Cow<'a, str>>,
        #[serde(borrow)]
        url: Option<Cow<'a, str>>,
        #[serde(borrow)]
        published: Option<Cow<'a, str>>,
    }
    let plain: Plain = serde_json::from_str(text).ok()?;
    let given =
        |field: Option<Cow<'_, str>>| field.filter(|s| !s.trim().is_empty()).map(Cow::into_owned);
    // Without an id or a text the value path says what is missing.
    let id = given(plain.id)?;
    let text = given(plain.text)?;
    let text = if looks_like_html(&text) {
        html::to_text(&text).text
    } else {
        text
    };
    Some(Article {
        id,
        title: given(plain.title),
        text,
        url: given(plain.url),
        published: given(plain.published),
        line: Some(line),
    })
}

fn read_value(stem: &str, line: usize, value: Value, out: &mut Decoded) {
    let Value::Object(obj) = value else {
        out.errors.push(InputError::NotObject { line });
        return;
    };
    let text = match string_field(&obj, "text", line) {
        Ok(Some(t)) if !t.trim().is_empty() => t,
        Ok(_) => {
            out.errors.push(InputError::MissingField {
                line,
                field: "text",
            });
            return;
        }
        Err(e) => {
            out.errors.push(e);
            return;
        }
    };
    let mut optional = |field: &'static str| match string_field(&obj, field, line) {
        Ok(v) => v.filter(|s| !s.trim().is_empty()),
        Err(e) => {
            out.warnings.push(Warning {
                line: Some(line),
                message: format!("{e}; ignored"),
            });
            None
        }
    };
    let id = optional("id");
    let title = optional("title");
    let url = optional("url");
    let published = optional("published");
    let id = id.unwrap_or_else(|| {
        let made = format!("{stem}:{line}");
        out.warnings.push(Warning {
            line: Some(line),
            message: format!("field \"id\" is missing; using {made:?}"),
        });
        made
    });
    // Feeds often put the page's HTML in "text"; read it as a page when it looks like one.
    let text = if looks_like_html(&text) {
        html::to_text(&text).text
    } else {
        text
    };
    out.articles.push(Article {
        id,
        title,
        text,
        url,
        published,
        line: Some(line),
    });
}

fn looks_like_html(text: &str) -> bool {
    let t = text.trim_start();
    t.starts_with('<') && (t.contains("</p>") || t.contains("<br") || t.contains("</div>"))
}

/// A string field; ids may also be numbers. `Ok(None)` when absent or null.
fn string_field(
    obj: &Map<String, Value>,
    field: &'static str,
    line: usize,
) -> Result<Option<String>, InputError> {
    match obj.get(field) {
        None | Some(Value::Null) => Ok(None),
        Some(Value::String(s)) => Ok(Some(s.clone())),
        Some(Value::Number(n)) if field == "id" => Ok(Some(n.to_string())),
        Some(_) => Err(InputError::WrongType { line, field }),
    }
}

#[cfg(test)]
mod tests {
    use crate::input::{decode, Format, InputError};

    #[test]
    fn reads_good_lines_and_reports_bad_ones() {
        let input = concat!(
            r#"{"id":"a1","title":"T","text":"Rescatan a 5","url":"http://x","published":"2024-01-02"}"#,
            "\n",
            r#"{"id":"a2","title":"no text"}"#,
            "\n",
            "not json\n",
            "\n",
            r#"{"text":"sin id", "url": 5}"#,
            "\n",
            r#"[1,2]"#,
            "\n",
            r#"{"id":7,"text":"<p>Uno</p><p>Dos</p>"}"#,
            "\n"
        );
        let d = decode("feed", Format::JsonLines, input.as_bytes());
        let ids: Vec<&str> = d.articles.iter().map(|a| a.id.as_str()).collect();
        assert_eq!(ids, ["a1", "feed:5", "7"]);
        assert_eq!(d.articles[0].published.as_deref(), Some("2024-01-02"));
        assert_eq!(d.articles[2].text, "Uno\nDos");
        assert_eq!(d.errors.len(), 3);
        assert_eq!(
            d.errors[0],
            InputError::MissingField {
                line: 2,
                field: "text"
            }
        );
        assert!(matches!(d.errors[1], InputError::Json { line: 3, .. }));
        assert_eq!(d.errors[2], InputError::NotObject { line: 6 });
        let warned: Vec<Option<usize>> = d.warnings.iter().map(|w| w.line).collect();
        assert_eq!(warned, [Some(5), Some(5)]);
        assert!(d.warnings[0].message.contains("\"url\" must be a string"));
    }

    #[test]
    fn lines_read_directly_match_lines_read_as_values() {
        use crate::article::Decoded;
        let lines = [
            r#"{"id":"a1","title":"T","text":"Rescatan a 5\nen \"Lima\" \u00e9","url":"http://x","published":"2024-01-02"}"#,
            r#"{"text":"cuerpo","id":"b","title":null,"url":"  "}"#,
            r#"{"id":"c","text":"<p>Uno</p><p>Dos</p>"}"#,
            r#"{"id":"d","text":"x","title":"Repetido","title":"Otra"}"#,
            r#"{"id":"e","text":"x","source":"feed"}"#,
            r#"{"id":"f","text":"   "}"#,
            r#"{"id":"  ","text":"sin id"}"#,
        ];
        for (i, line) in lines.iter().enumerate() {
            let direct = super::read_plain_line(i + 1, line);
            let mut by_value = Decoded::default();
            let value = serde_json::from_str(line).unwrap();
            super::read_value("s", i + 1, value, &mut by_value);
            match direct {
                Some(article) => {
                    assert_eq!(by_value.articles, [article], "{line}");
                    assert!(by_value.warnings.is_empty() && by_value.errors.is_empty());
                }
                // Left to the value path: duplicates, unknown fields, no text or no id.
                None => assert!(i >= 3, "{line}"),
            }
        }
        assert!(super::read_plain_line(1, lines[0]).is_some());
        assert_eq!(
            super::read_plain_line(1, lines[0]).unwrap().text,
            "Rescatan a 5\nen \"Lima\" é"
        );
    }

    #[test]
    fn reads_a_json_array() {
        let d = decode(
            "x",
            Format::JsonLines,
            br#"[{"id":"1","text":"a"},{"id":"2"}]"#,
        );
        assert_eq!(d.articles.len(), 1);
        assert_eq!(
            d.errors,
            [InputError::MissingField {
                line: 2,
                field: "text"
            }]
        );
    }
}
