//! Name-variant groups: spellings of one given name or surname across languages and scripts
//! ("josé" ~ "jozef", "joão" ~ "joao", "ma" ~ "maría").
//!
//! The table is vendored from OpenSanctions' `rigour` package (MIT, built from Wikidata) by
//! `scripts/vendor-assets.sh`, which keeps only the Latin-script spellings, folded to ASCII, of
//! groups that still have two or more distinct spellings: transliterated queries fold to the same
//! Latin forms, and the table stays near 1 MB, parsed in a few milliseconds on first use.
//!
//! Nicknames are groups too: English ones from the `nicknames` package (Apache-2.0, vendored)
//! and our own table of Spanish, Portuguese and Hebrew hypocoristics ("Pepe" ~ José, "Chucho" ~
//! Jesús, "Zé" ~ José) and of one given name across languages ("Juan" ~ John ~ João).

use std::collections::HashMap;
use std::sync::OnceLock;

use rastro_text::fold_name;

const TABLE: &str = include_str!("../data/name_variants.txt");
/// English nicknames (`nicknames` on PyPI, Apache-2.0, vendored): `name1,has_nickname,name2`.
const NICKNAMES: &str = include_str!("../data/nicknames.csv");
/// Our own Spanish, Portuguese and Hebrew hypocoristics and cross-language equivalents.
const HYPOCORISTICS: &str = include_str!("../data/hypocoristics.txt");

/// FNV-1a: the keys are short ASCII words looked up on the hot path of screening, where the
/// default SipHash costs more than the rest of the lookup.
#[derive(Default, Clone, Copy)]
struct Fnv(u64);

impl std::hash::Hasher for Fnv {
    fn finish(&self) -> u64 {
        self.0
    }
    fn write(&mut self, bytes: &[u8]) {
        let mut h = if self.0 == 0 {
            0xcbf2_9ce4_8422_2325
        } else {
            self.0
        };
        for &b in bytes {
            h = (h ^ u64::from(b)).wrapping_mul(0x0100_0000_01b3);
        }
        self.0 = h;
    }
}

type FnvBuild = std::hash::BuildHasherDefault<Fnv>;

struct Variants {
    /// Folded spelling → range in `groups`.
    by_form: HashMap<&'static str, (u32, u32), FnvBuild>,
    groups: Vec<u32>,
    /// Nickname or other-language form → the full names it stands for (at most
    /// [`MAX_FULL_NAMES`]), from the nickname tables.
    full_names: HashMap<&'static str, Vec<&'static str>, FnvBuild>,
}

/// Most full names kept for one nickname ("Ted" stands for Edward, Edmund and Theodore).
const MAX_FULL_NAMES: usize = 3;

fn table() -> &'static Variants {
    static VARIANTS: OnceLock<Variants> = OnceLock::new();
    VARIANTS.get_or_init(load)
}

/// Whether a form from a nickname table is specific enough to stand for a name: one- and
/// two-letter nicknames ("Al", "Ed", "Di") are particles, initials or other names far more often.
fn usable_nickname(form: &str) -> bool {
    form.len() >= 3 && form.bytes().all(|b| b.is_ascii_lowercase())
}

fn load() -> Variants {
    let mut pairs: Vec<(&'static str, u32)> = Vec::with_capacity(140_000);
    let mut group = 0u32;
    for line in TABLE.lines() {
        for form in line.split(' ').filter(|f| !f.is_empty()) {
            pairs.push((form, group));
        }
        group += 1;
    }
    // A nickname joins its full name's own group, one group per full name, never the groups of
    // the other names it shortens: "Ted" matches Edward and Theodore, Edward not Theodore.
    let mut nickname_groups: HashMap<&'static str, u32, FnvBuild> = HashMap::default();
    let mut full_names: HashMap<&'static str, Vec<&'static str>, FnvBuild> = HashMap::default();
    for row in NICKNAMES.lines().skip(1) {
        let mut cells = row.split(',');
        let (Some(name), Some(_), Some(nick)) = (cells.next(), cells.next(), cells.next()) else {
            continue;
        };
        if !usable_nickname(name) || !usable_nickname(nick) {
            continue;
        }
        let g = *nickname_groups.entry(name).or_insert_with(|| {
            group += 1;
            group - 1
        });
        pairs.push((name, g));
        pairs.push((nick, g));
        add_full_name(&mut full_names, nick, name);
    }
    for line in HYPOCORISTICS.lines() {
        let line = line.trim();
        if line.is_empty() || line.starts_with('#') {
            continue;
        }
        let mut forms = line.split(' ').filter(|f| !f.is_empty());
        let Some(name) = forms.next() else {
            continue;
        };
        pairs.push((name, group));
        for form in forms {
            pairs.push((form, group));
            add_full_name(&mut full_names, form, name);
        }
        group += 1;
    }
    pairs.sort_unstable();
    pairs.dedup();
    let mut by_form = HashMap::with_capacity_and_hasher(pairs.len(), FnvBuild::default());
    let mut groups = Vec::with_capacity(pairs.len());
    let mut i = 0;
    while i < pairs.len() {
        let form = pairs[i].0;
        let start = groups.len() as u32;
        while i < pairs.len() && pairs[i].0 == form {
            groups.push(pairs[i].1);
            i += 1;
        }
        by_form.insert(form, (start, groups.len() as u32));
    }
    Variants {
        by_form,
        groups,
        full_names,
    }
}

fn add_full_name(
    map: &mut HashMap<&'static str, Vec<&'static str>, FnvBuild>,
    form: &'static str,
    name: &'static str,
) {
    let names = map.entry(form).or_default();
    if form != name && names.len() < MAX_FULL_NAMES && !names.contains(&name) {
        names.push(name);
    }
}

/// The full names a nickname or another language's form stands for, folded ("pepe" → "jose",
/// "john" → "juan", "ted" → "edward", "edmund", "theodore"); empty for other tokens. For
/// blocking: a name is also filed under its full forms, so that "Pepe Pérez" and "José Pérez"
/// meet in an index.
///
/// ```
/// assert_eq!(rastro_names::full_names("paco"), ["francisco"]);
/// assert!(rastro_names::full_names("francisco").is_empty());
/// ```
pub fn full_names(token: &str) -> &'static [&'static str] {
    let t = table();
    let lookup = |key: &str| t.full_names.get(key).map(Vec::as_slice).unwrap_or(&[]);
    if token.bytes().all(|b| b.is_ascii_lowercase()) {
        lookup(token)
    } else {
        lookup(&fold_name(token))
    }
}

/// The variant groups a token belongs to (ids are stable for one build of Rastro only).
///
/// The token may be raw ("José") or folded ("jose"). Most tokens belong to none or one group;
/// common names belong to several ("jose" is in the groups of José and of Josef).
pub fn variant_groups(token: &str) -> &'static [u32] {
    let t = table();
    let lookup = |key: &str| {
        t.by_form
            .get(key)
            .map(|&(s, e)| &t.groups[s as usize..e as usize])
            .unwrap_or(&[])
    };
    if token.bytes().all(|b| b.is_ascii_lowercase()) {
        lookup(token)
    } else {
        lookup(&fold_name(token))
    }
}

/// The first variant group of a token, if it has any: a cheap key for blocking.
pub fn variant_group(token: &str) -> Option<u32> {
    variant_groups(token).first().copied()
}

/// Whether two tokens are listed as spellings of the same name.
///
/// ```
/// use rastro_names::are_variants;
/// assert!(are_variants("joão", "joao"));
/// assert!(are_variants("Ma", "María"));
/// assert!(!are_variants("maria", "pedro"));
/// ```
pub fn are_variants(a: &str, b: &str) -> bool {
    let ga = variant_groups(a);
    if ga.is_empty() {
        return false;
    }
    groups_intersect(ga, variant_groups(b))
}

/// Whether two sorted group lists share a group.
pub(crate) fn groups_intersect(ga: &[u32], gb: &[u32]) -> bool {
    // Both lists are sorted (built from sorted pairs).
    let (mut i, mut j) = (0, 0);
    while i < ga.len() && j < gb.len() {
        match ga[i].cmp(&gb[j]) {
            std::cmp::Ordering::Equal => return true,
            std::cmp::Ordering::Less => i += 1,
            std::cmp::Ordering::Greater => j += 1,
        }
    }
    false
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn nicknames_join_their_full_names_only() {
        assert!(are_variants("ted", "theodore"));
        assert!(are_variants("ted", "edward"));
        assert!(!are_variants("edward", "theodore"));
        assert!(are_variants("pepe", "josé"));
        assert!(are_variants("chucho", "jesus"));
        assert!(are_variants("Zé", "José"));
        assert!(are_variants("john", "juan"));
        assert!(!are_variants("pepe", "paco"));
        // Two-letter nicknames are left out: "al" is a particle as often as Albert.
        assert!(!are_variants("al", "albert"));
    }

    #[test]
    fn known_groups() {
        assert!(are_variants("jose", "jozef"));
        assert!(!variant_groups("maria").is_empty());
        assert!(variant_groups("zzqxw").is_empty());
        assert!(variant_groups("").is_empty());
    }
}
