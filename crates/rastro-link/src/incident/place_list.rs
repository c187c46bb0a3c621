//! Places a report names only inside a list of several ("workers from Itaqui, São Borja,
//! Alegrete and Uruguaiana", "raids in Lima, Callao, Trujillo and Piura"): where the rescued
//! came from, where a network operated, a region's towns. A town in such a list is one of many
//! the report touches, not where its event happened; the report's own town is the one it names
//! on its own.

/// Places in a row that make a list.
pub const LIST_FROM: usize = 3;
/// Text between two places of a list, at most: a comma, "and", an article.
const GAP_BYTES: usize = 16;
/// Words that may stand between two places of a list (lowercased), besides punctuation.
const GAP_WORDS: &[&str] = &[
    "e", "y", "and", "ou", "o", "or", "de", "da", "do", "del", "la", "el", "the", "em", "en", "in",
];

/// For each of `names` (places as the text writes them), whether every mention of it in `text`
/// stands in a list of [`LIST_FROM`] or more places. A name the text does not spell as given is
/// not listed.
pub fn listed(text: &str, names: &[&str]) -> Vec<bool> {
    let lower = text.to_lowercase();
    // (start, end, which name) of every mention, longest first where two start together.
    let mut mentions: Vec<(usize, usize, usize)> = Vec::new();
    for (k, name) in names.iter().enumerate() {
        let name = name.trim().to_lowercase();
        if name.is_empty() {
            continue;
        }
        for (at, _) in lower.match_indices(name.as_str()) {
            let end = at + name.len();
            let word_before = lower[..at]
                .chars()
                .next_back()
                .is_some_and(char::is_alphanumeric);
            let word_after = lower[end..]
                .chars()
                .next()
                .is_some_and(char::is_alphanumeric);
            if !word_before && !word_after {
                mentions.push((at, end, k));
            }
        }
    }
    mentions.sort_by(|a, b| a.0.cmp(&b.0).then(b.1.cmp(&a.1)));
    // A shorter name inside a longer one ("San Juan" in "San Juan de Lurigancho") is no mention.
    let mut kept: Vec<(usize, usize, usize)> = Vec::with_capacity(mentions.len());
    for m in mentions {
        if kept.last().is_none_or(|last| m.0 >= last.1) {
            kept.push(m);
        }
    }
    let mut in_list = vec![false; kept.len()];
    let mut start = 0;
    for i in 1..=kept.len() {
        let linked = i < kept.len() && joins_list(&lower[kept[i - 1].1..kept[i].0]);
        if !linked {
            if i - start >= LIST_FROM {
                in_list[start..i].iter_mut().for_each(|l| *l = true);
            }
            start = i;
        }
    }
    (0..names.len())
        .map(|k| {
            let mut mentioned = kept.iter().zip(&in_list).filter(|(m, _)| m.2 == k);
            let mut any = false;
            let all_listed = mentioned.all(|(_, &listed)| {
                any = true;
                listed
            });
            any && all_listed
        })
        .collect()
}

/// Whether the text between two places joins them in one list.
fn joins_list(gap: &str) -> bool {
    gap.len() <= GAP_BYTES
        && gap
            .split(|c: char| c.is_whitespace() || c == ',' || c == ';')
            .filter(|w| !w.is_empty())
            .all(|w| GAP_WORDS.contains(&w))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn towns_in_a_list_are_listed_and_a_town_named_alone_is_not() {
        let text = "Fiscais resgataram 56 homens em Uruguaiana. Os resgatados, moradores de \
                    Itaqui, São Borja, Alegrete e da própria Uruguaiana, voltaram para casa.";
        let names = ["Uruguaiana", "Itaqui", "São Borja", "Alegrete", "Lima"];
        // Uruguaiana is named alone first; "da própria" keeps it out of the list there too.
        assert_eq!(listed(text, &names), [false, true, true, true, false]);
        let two = "Raids in Lima and Callao ended with 12 arrests.";
        assert_eq!(listed(two, &["Lima", "Callao"]), [false, false]);
        let three = "Raids in Lima, Callao and Piura; the network began in Lima.";
        assert_eq!(
            listed(three, &["Lima", "Callao", "Piura"]),
            [false, true, true]
        );
    }
}
