//! Language identification for Spanish, Portuguese and English by function words.
//!
//! Function words are frequent, short and nearly disjoint across the three languages once the
//! shared ones ("de", "que", "a", "se", "no", "para") are left out; counting them over the first
//! few hundred words decides a news article reliably, and costs one hash lookup per word.

use rastro_geo::Lang;

use crate::text::{TokKind, Token};

/// How many words are enough to decide.
const SAMPLE_WORDS: usize = 600;

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
