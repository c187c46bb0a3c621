//! Language identification for Spanish, Portuguese and English by function words.
//!
//! Function words are frequent, short and nearly disjoint across the three languages once the
//! shared ones ("de", "que", "a", "se", "no", "para") are left out; counting them over the first
//! few hundred words decides a news article reliably, and costs one hash lookup per word.

use std::sync::OnceLock;

use rastro_geo::Lang;

use crate::prefilter::Prefilter;
use crate::text::{TokKind, Token};
use rastro_text::fasthash::FastMap;

/// Folded function words that belong to one language only.
const ES: &[&str] = &[
    "el", "la", "los", "las", "del", "y", "en", "una", "por", "con", "su", "sus", "al", "es",
    "fue", "fueron", "han", "ha", "tambien", "segun", "sin", "estan", "muy", "pero", "cuando",
    "desde", "tras", "lo", "le", "les", "ya", "hay", "sido", "otros", "otras", "dijo", "donde",
];
const PT: &[&str] = &[
    "o", "os", "do", "da", "dos", "das", "na", "nos", "nas", "em", "e", "um", "uma", "com", "nao",
    "ao", "aos", "foi", "foram", "pelo", "pela", "pelos", "pelas", "sao", "mais", "tambem", "apos",
    "ate", "seu", "sua", "seus", "suas", "ele", "ela", "eles", "num", "numa", "isso", "esse",
    "essa", "ja", "disse", "onde", "estao",
];
const EN: &[&str] = &[
    "the", "of", "and", "to", "in", "is", "was", "were", "for", "with", "on", "that", "by", "from",
    "at", "it", "are", "has", "have", "be", "been", "this", "which", "their", "his", "her", "said",
    "after", "more", "who", "not", "they", "an", "or", "its", "into", "than", "also",
];

/// How many words are enough to decide.
const SAMPLE_WORDS: usize = 600;

fn profiles() -> &'static (FastMap<&'static str, usize>, Prefilter) {
    static TABLE: OnceLock<(FastMap<&'static str, usize>, Prefilter)> = OnceLock::new();
    TABLE.get_or_init(|| {
        let mut map = FastMap::default();
        let mut filter = Prefilter::default();
        for (lang, words) in [ES, PT, EN].iter().enumerate() {
            for w in *words {
                map.insert(*w, lang);
                filter.insert(w);
            }
        }
        (map, filter)
    })
}

/// Every function word with its language (0 es, 1 pt, 2 en), for [`crate::vocab`].
pub(crate) fn function_words() -> impl Iterator<Item = (&'static str, u8)> {
    profiles().0.iter().map(|(w, &l)| (*w, l as u8))
}

/// The article's language; English when nothing decides (an empty or numbers-only text).
/// Reads the tokens' [`Token::vocab`] numbers, so the tokens must come from
/// [`crate::text::Doc::new`].
pub fn identify(tokens: &[Token<'_>]) -> Lang {
    let vocab = crate::vocab::vocab();
    let mut scores = [0usize; 3];
    for tok in tokens
        .iter()
        .filter(|t| t.kind == TokKind::Word)
        .take(SAMPLE_WORDS)
    {
        if let Some(lang) = vocab.entry(tok.vocab).lang {
            scores[usize::from(lang)] += 1;
        }
    }
    let [es, pt, en] = scores;
    if es > pt && es > en {
        Lang::Es
    } else if pt > es && pt > en {
        Lang::Pt
    } else {
        Lang::En
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::text::Doc;

    fn tokenize(text: &str) -> Vec<Token<'_>> {
        Doc::new(text).tokens
    }

    #[test]
    fn identifies_the_three_languages() {
        let es = "La Policía Nacional liberó a las mujeres y detuvo a los responsables del grupo.";
        let pt = "A Polícia Federal resgatou as vítimas e prendeu os responsáveis pelo esquema.";
        let en = "The police rescued the women and arrested those responsible for the scheme.";
        assert_eq!(identify(&tokenize(es)), Lang::Es);
        assert_eq!(identify(&tokenize(pt)), Lang::Pt);
        assert_eq!(identify(&tokenize(en)), Lang::En);
        assert_eq!(identify(&tokenize("12 34")), Lang::En);
    }
}
