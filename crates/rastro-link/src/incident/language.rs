//! The language a report is written in, told from its most frequent short words: two reports in
//! different languages cannot share 4-grams or most capitalised words, so their not sharing any
//! says nothing about whether they tell one story.

use rastro_text::Lang;

/// Words frequent in one of the three languages and rare or absent in the other two (folded).
const MARKERS: [(Lang, &[&str]); 3] = [
    (
        Lang::En,
        &[
            "the", "and", "of", "was", "were", "with", "said", "from", "by", "which",
        ],
    ),
    (
        Lang::Es,
        &[
            "el", "los", "las", "del", "y", "fue", "una", "segun", "tras", "donde",
        ],
    ),
    (
        Lang::Pt,
        &[
            "os", "do", "dos", "das", "em", "nao", "foram", "uma", "pela", "pelo",
        ],
    ),
];

/// Text beyond this many bytes does not change which language a report is in.
const READ_BYTES: usize = 4_000;

/// Marker words the most frequent language needs, and how many times those of the next.
const MIN_MARKERS: usize = 5;
const MARGIN: usize = 2;

/// The language of `text`, when its marker words leave no doubt.
pub fn language(text: &str) -> Option<Lang> {
    let mut end = text.len().min(READ_BYTES);
    while !text.is_char_boundary(end) {
        end -= 1;
    }
    let folded = rastro_text::fold_key(&text[..end]);
    let mut counts = [0usize; 3];
    for word in folded.split(' ') {
        for (k, (_, words)) in MARKERS.iter().enumerate() {
            counts[k] += usize::from(words.contains(&word));
        }
    }
    let best = (0..3).max_by_key(|&k| counts[k])?;
    let second = (0..3)
        .filter(|&k| k != best)
        .map(|k| counts[k])
        .max()
        .unwrap_or(0);
    (counts[best] >= MIN_MARKERS && counts[best] >= MARGIN * second.max(1))
        .then_some(MARKERS[best].0)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn three_languages_and_no_guess_on_too_little() {
        assert_eq!(
            language("The police said the women were held in a house and the owner was arrested with two others."),
            Some(Lang::En)
        );
        assert_eq!(
            language("La policía dijo que las mujeres fueron rescatadas en una casa del centro y el dueño fue detenido según la fiscalía."),
            Some(Lang::Es)
        );
        assert_eq!(
            language("Os trabalhadores foram resgatados em uma fazenda do interior; os donos não foram presos pela polícia."),
            Some(Lang::Pt)
        );
        assert_eq!(language("Lima, 2023"), None);
        assert_eq!(language(""), None);
    }
}
