//! Amounts of money: "83.750 dólares", "US$ 6 mil", "USD 286,000", "48 millones de euros",
//! "$150 billion", "R$ 2 milhões".

use rastro_geo::Lang;

use super::Ctx;
use crate::model::Money;
use crate::numbers::{self, NumberPhrase};
use crate::text::TokKind;

/// Currency words after a number, folded.
fn currency_word(key: &str) -> Option<&'static str> {
    Some(match key {
        "dolares" | "dolar" | "dollars" | "dollar" | "dolares_estadounidenses" => "USD",
        "euros" | "euro" => "EUR",
        "reais" | "real" => "BRL",
        "soles" | "sol" => "PEN",
        "bolivares" => "VES",
        "quetzales" => "GTQ",
        "lempiras" => "HNL",
        "colones" => "CRC",
        "guaranies" => "PYG",
        "libras" | "pounds" => "GBP",
        "yuanes" | "yuan" => "CNY",
        "pesos" | "peso" => "peso",
        _ => return None,
    })
}

fn currency_word_at(ctx: &Ctx, i: usize) -> Option<&'static str> {
    currency_word(&ctx.doc.tokens.get(i)?.key)
}

/// Currency signs and codes before a number. `$` alone is the US dollar in English, and in
/// Spanish either the local peso or the dollar, decided by the article's countries.
fn currency_before(ctx: &Ctx, i: usize) -> Option<(&'static str, usize)> {
    let tokens = &ctx.doc.tokens;
    let prev = i.checked_sub(1).map(|p| tokens[p].key.as_ref());
    let prev2 = i.checked_sub(2).map(|p| tokens[p].key.as_ref());
    match (prev2, prev) {
        (Some("us" | "u"), Some("$")) => Some(("USD", i - 2)),
        (Some("r"), Some("$")) => Some(("BRL", i - 2)),
        (Some("s"), Some("/")) => Some(("PEN", i - 2)),
        (_, Some("$")) => Some((if ctx.lang == Lang::Es { "$" } else { "USD" }, i - 1)),
        (_, Some("€")) => Some(("EUR", i - 1)),
        (_, Some("£")) => Some(("GBP", i - 1)),
        (_, Some(code)) => {
            let c = match code {
                "usd" => "USD",
                "eur" => "EUR",
                "brl" => "BRL",
                "mxn" => "MXN",
                "cop" => "COP",
                "ars" => "ARS",
                "clp" => "CLP",
                "pen" => "PEN",
                "gbp" => "GBP",
                _ => return None,
            };
            Some((c, i - 1))
        }
        _ => None,
    }
}

/// Which peso: the first peso country the article names.
fn peso_code(ctx: &Ctx) -> &'static str {
    for m in &ctx.mentions {
        let code = match m.country.as_str() {
            "AR" => "ARS",
            "MX" => "MXN",
            "CO" => "COP",
            "CL" => "CLP",
            "UY" => "UYU",
            "DO" => "DOP",
            "CU" => "CUP",
            "PH" => "PHP",
            _ => continue,
        };
        return code;
    }
    "peso"
}

pub(crate) fn extract(ctx: &mut Ctx) -> Vec<Money> {
    let mut found: Vec<(u64, &'static str, usize, usize)> = Vec::new();
    let n = ctx.doc.tokens.len();
    let mut i = 0;
    while i < n {
        if ctx.doc.tokens[i].kind != TokKind::Number || !may_be_money(ctx, i) {
            i += 1;
            continue;
        }
        let Some(num) = numbers::parse_at(&ctx.doc, i, ctx.lang) else {
            i += 1;
            continue;
        };
        i = num.end.max(i + 1);
        if let Some(m) = money_at(ctx, &num) {
            found.push(m);
        }
    }
    let peso = peso_code(ctx);
    let mut out: Vec<Money> = Vec::new();
    for (amount, currency, a, b) in found {
        // "$" in Spanish is the peso where the article is about a peso country, else the dollar
        // (Ecuador, El Salvador and Panama use it; Central American news quotes it).
        let currency = match currency {
            "peso" => peso,
            "$" if peso != "peso" => peso,
            "$" => "USD",
            other => other,
        };
        ctx.evidence("money", format!("{amount} {currency}"), a, b);
        // Compared before a currency is copied: an article repeats its amounts.
        if !out
            .iter()
            .any(|m| m.amount == amount && m.currency == currency)
        {
            out.push(Money {
                amount,
                currency: currency.to_string(),
            });
        }
    }
    out
}

/// Whether the number at token `i` can be an amount: a currency sign or code before it, or a
/// currency word among the three tokens after it, or a scale word after it ("48 millones de
/// euros"), which may take the currency further. A number without any of them is read no
/// further: [`money_at`] would find no currency for it, and the scan steps to the next token
/// just as it does past a number without scale words.
fn may_be_money(ctx: &Ctx, i: usize) -> bool {
    currency_before(ctx, i).is_some()
        || numbers::may_start_at(&ctx.doc, i + 1)
        || (i + 1..=i + 3).any(|j| currency_word_at(ctx, j).is_some())
}

fn money_at(ctx: &Ctx, num: &NumberPhrase) -> Option<(u64, &'static str, usize, usize)> {
    if num.value <= 0.0 || num.value >= 1e13 {
        return None;
    }
    let amount = num.value.round() as u64;
    if let Some((cur, from)) = currency_before(ctx, num.start) {
        return Some((amount, cur, from, num.end));
    }
    // "83.750 dólares", "48 millones de euros", "6 mil reais"
    let mut j = num.end;
    if ctx.doc.is_word(j, "de") {
        j += 1;
    }
    // "600,000 Colombian pesos", "5 mil pesos colombianos" (the adjective after is harmless).
    if ctx.doc.tokens.get(j).is_some_and(|t| t.cap) && currency_word_at(ctx, j + 1).is_some() {
        j += 1;
    }
    let cur = currency_word_at(ctx, j)?;
    Some((amount, cur, num.start, j + 1))
}

#[cfg(test)]
mod tests {
    use crate::input::Article;

    fn amounts(text: &str) -> Vec<(u64, String)> {
        let article = Article {
            id: "money".into(),
            text: text.into(),
            ..Article::default()
        };
        crate::extract(&article)
            .money
            .into_iter()
            .map(|m| (m.amount, m.currency))
            .collect()
    }

    #[test]
    fn every_place_a_currency_is_written_reaches_its_number() {
        let cases: [(&str, u64, &str); 9] = [
            ("The network charged USD 286,000 per group.", 286_000, "USD"),
            ("The network charged US$ 6,500 per trip.", 6_500, "USD"),
            ("La red cobraba S/ 500 por persona.", 500, "PEN"),
            ("A rede cobrava R$ 2 milhões por ano.", 2_000_000, "BRL"),
            (
                "La red cobraba 83.750 dólares a cada víctima.",
                83_750,
                "USD",
            ),
            (
                "La red movió 48 millones de euros en dos años.",
                48_000_000,
                "EUR",
            ),
            ("La red cobraba 300 de dólares por viaje.", 300, "USD"),
            (
                "They charged 600,000 Colombian pesos per trip.",
                600_000,
                "COP",
            ),
            ("They paid £ 40,000 in all.", 40_000, "GBP"),
        ];
        for (text, amount, currency) in cases {
            assert_eq!(amounts(text), [(amount, currency.to_string())], "{text}");
        }
        // A number with no currency near it is no amount, however many there are.
        assert!(amounts("Rescataron a 12 víctimas y detuvieron a 4 personas en 2024.").is_empty());
    }
}
