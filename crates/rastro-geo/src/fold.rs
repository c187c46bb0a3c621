//! Folding of place and country names into lookup keys.
//!
//! Users type "PERÚ", "Peru", "perú" and "Perù" for the same country, and write "EE.UU." with or
//! without dots. A key folds case, Latin accents, dots and apostrophes away and collapses the rest
//! of the punctuation to single spaces, so that one table lookup answers all of them.

/// Folds a name into its lookup key: lowercase ASCII where the letter has a base form, accents
/// removed, dots and apostrophes dropped, other punctuation and whitespace collapsed to one space.
pub fn fold_key(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut pending_space = false;
    for ch in text.chars() {
        match ch {
            '.' | '\'' | '\u{2019}' | '\u{2018}' | '`' | '´' => {}
            c if c.is_alphanumeric() => {
                if pending_space && !out.is_empty() {
                    out.push(' ');
                }
                pending_space = false;
                push_folded(&mut out, c);
            }
            _ => pending_space = true,
        }
    }
    out
}

/// Appends the folded form of one character (lowercase, accents removed) to `out`; the text
/// matcher folds running text with exactly the letters `fold_key` uses for names.
pub(crate) fn push_folded(out: &mut String, c: char) {
    if c.is_ascii() {
        out.push(c.to_ascii_lowercase());
        return;
    }
    match fold_latin(c) {
        Some(base) => out.push_str(base),
        None => out.extend(c.to_lowercase()),
    }
}

/// Base letters of the accented Latin letters that occur in names of the Americas and Europe.
fn fold_latin(c: char) -> Option<&'static str> {
    Some(match c {
        'À' | 'Á' | 'Â' | 'Ã' | 'Ä' | 'Å' | 'à' | 'á' | 'â' | 'ã' | 'ä' | 'å' | 'Ā' | 'ā' | 'Ă'
        | 'ă' | 'Ą' | 'ą' => "a",
        'Æ' | 'æ' => "ae",
        'Ç' | 'ç' | 'Ć' | 'ć' | 'Č' | 'č' => "c",
        'Ð' | 'ð' | 'Ď' | 'ď' | 'Đ' | 'đ' => "d",
        'È' | 'É' | 'Ê' | 'Ë' | 'è' | 'é' | 'ê' | 'ë' | 'Ē' | 'ē' | 'Ė' | 'ė' | 'Ę' | 'ę' | 'Ě'
        | 'ě' => "e",
        'Ğ' | 'ğ' => "g",
        'Ì' | 'Í' | 'Î' | 'Ï' | 'ì' | 'í' | 'î' | 'ï' | 'Ī' | 'ī' | 'İ' | 'ı' => "i",
        'Ł' | 'ł' => "l",
        'Ñ' | 'ñ' | 'Ń' | 'ń' | 'Ň' | 'ň' => "n",
        'Ò' | 'Ó' | 'Ô' | 'Õ' | 'Ö' | 'Ø' | 'ò' | 'ó' | 'ô' | 'õ' | 'ö' | 'ø' | 'Ō' | 'ō' | 'Ő'
        | 'ő' => "o",
        'Œ' | 'œ' => "oe",
        'Ř' | 'ř' => "r",
        'Ś' | 'ś' | 'Š' | 'š' | 'Ş' | 'ş' | 'Ș' | 'ș' => "s",
        'ß' => "ss",
        'Ť' | 'ť' | 'Ţ' | 'ţ' | 'Ț' | 'ț' => "t",
        'Þ' | 'þ' => "th",
        'Ù' | 'Ú' | 'Û' | 'Ü' | 'ù' | 'ú' | 'û' | 'ü' | 'Ū' | 'ū' | 'Ů' | 'ů' | 'Ű' | 'ű' => {
            "u"
        }
        'Ý' | 'ý' | 'ÿ' | 'Ÿ' => "y",
        'Ź' | 'ź' | 'Ż' | 'ż' | 'Ž' | 'ž' => "z",
        _ => return None,
    })
}

/// Levenshtein distance over the bytes of two folded keys, for "did you mean" suggestions of
/// codes, names and field names. (Name matching proper lives in `rastro-names`.)
pub fn edit_distance(a: &str, b: &str) -> usize {
    let (a, b) = (a.as_bytes(), b.as_bytes());
    let mut prev: Vec<usize> = (0..=b.len()).collect();
    let mut cur = vec![0; b.len() + 1];
    for (i, &ca) in a.iter().enumerate() {
        cur[0] = i + 1;
        for (j, &cb) in b.iter().enumerate() {
            let cost = usize::from(ca != cb);
            cur[j + 1] = (prev[j] + cost).min(prev[j + 1] + 1).min(cur[j] + 1);
        }
        std::mem::swap(&mut prev, &mut cur);
    }
    prev[b.len()]
}

#[cfg(test)]
mod tests {
    use super::fold_key;

    #[test]
    fn folds_case_accents_and_punctuation() {
        assert_eq!(fold_key("  PERÚ "), "peru");
        assert_eq!(fold_key("EE.UU."), "eeuu");
        assert_eq!(fold_key("Côte d'Ivoire"), "cote divoire");
        assert_eq!(fold_key("Guinea-Bissau"), "guinea bissau");
        assert_eq!(fold_key("São  Tomé\tand Príncipe"), "sao tome and principe");
    }
}
