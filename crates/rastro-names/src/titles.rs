//! Titles and forms of address ("Dr", "señora", "sheikh"): words that stand beside a name
//! without being part of it, known to both the analysis of a name and its comparison.

/// Folded titles and forms of address, sorted (looked up by binary search for every left-over
/// token). Words that are also common names or surnames ("Don", "Pastor", "Major", "General")
/// are left out: dropping them would lose identity.
const TITLES: &[&str] = &[
    "alhaji",
    "capitan",
    "captain",
    "colonel",
    "comandante",
    "commander",
    "coronel",
    "dame",
    "dona",
    "doutor",
    "doutora",
    "dr",
    "emir",
    "excellency",
    "hadji",
    "haji",
    "hajji",
    "hon",
    "honorable",
    "honourable",
    "imam",
    "ing",
    "ingeniera",
    "ingeniero",
    "lic",
    "licenciada",
    "licenciado",
    "lieutenant",
    "lord",
    "madame",
    "maulana",
    "maulvi",
    "mawlana",
    "mawlawi",
    "miss",
    "mme",
    "monsieur",
    "mr",
    "mrs",
    "ms",
    "mulla",
    "mullah",
    "prasident",
    "president",
    "presidenta",
    "presidente",
    "prof",
    "rev",
    "reverend",
    "senor",
    "senora",
    "senorita",
    "shaikh",
    "shaykh",
    "sheik",
    "sheikh",
    "sir",
    "sr",
    "sra",
    "srta",
    "teniente",
];

/// Bits of the first letters of [`TITLES`] and their longest length: most words are not
/// titles, and these two checks say so without a search.
const TITLE_FIRST_LETTERS: u32 = {
    let mut mask = 0u32;
    let mut i = 0;
    while i < TITLES.len() {
        mask |= 1 << (TITLES[i].as_bytes()[0] & 31);
        i += 1;
    }
    mask
};
const TITLE_LONGEST: usize = 11;

pub(crate) fn is_title(text: &str) -> bool {
    let Some(&first) = text.as_bytes().first() else {
        return false;
    };
    text.len() <= TITLE_LONGEST
        && TITLE_FIRST_LETTERS & (1 << (first & 31)) != 0
        && TITLES.binary_search(&text).is_ok()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn titles_are_sorted_for_binary_search() {
        assert!(TITLES.windows(2).all(|w| w[0] < w[1]));
        assert!(TITLES
            .iter()
            .all(|t| t.len() <= TITLE_LONGEST && is_title(t)));
        assert!(!is_title("juan") && !is_title(""));
    }
}
