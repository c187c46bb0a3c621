//! Function words of Spanish, Portuguese and English: frequent, short, and each in one language
//! only once the shared ones ("de", "que", "a", "se", "no", "para") are left out, so that
//! counting them decides an article's language ([`crate::lang`]).

use std::sync::OnceLock;

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

fn profiles() -> &'static FastMap<&'static str, usize> {
    static TABLE: OnceLock<FastMap<&'static str, usize>> = OnceLock::new();
    TABLE.get_or_init(|| {
        let mut map = FastMap::default();
        for (lang, words) in [ES, PT, EN].iter().enumerate() {
            for w in *words {
                map.insert(*w, lang);
            }
        }
        map
    })
}

/// Every function word with its language (0 es, 1 pt, 2 en), for [`crate::vocab`].
pub(crate) fn function_words() -> impl Iterator<Item = (&'static str, u8)> {
    profiles().iter().map(|(w, &l)| (*w, l as u8))
}
