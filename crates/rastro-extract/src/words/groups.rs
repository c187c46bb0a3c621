//! The well-known criminal groups (`data/criminal_groups.tsv`: a name and its other
//! spellings per line), compiled as cue patterns of their words' keys; [`crate::facts`] finds
//! them in articles, and [`crate::vocab`] numbers their words with the other tables'.

use std::sync::OnceLock;

use crate::cues::CueSet;
use crate::tokens::tokenize;

const GROUPS_TSV: &str = include_str!("../../data/criminal_groups.tsv");

pub(crate) struct KnownGroups {
    /// Every spelling, with the index of its group.
    pub set: CueSet<usize>,
}

pub(crate) fn known_groups() -> &'static KnownGroups {
    static TABLE: OnceLock<KnownGroups> = OnceLock::new();
    TABLE.get_or_init(|| {
        let mut groups = 0usize;
        let mut patterns: Vec<(String, usize)> = Vec::new();
        for line in GROUPS_TSV.lines() {
            if line.starts_with('#') || line.trim().is_empty() {
                continue;
            }
            let (name, aliases) = line.split_once('\t').unwrap_or((line, ""));
            let id = groups;
            groups += 1;
            for spelling in std::iter::once(name).chain(aliases.split('|')) {
                let keys: Vec<String> = tokenize(spelling.trim())
                    .into_iter()
                    .map(|t| t.key.into_owned())
                    .filter(|k| !k.contains(['|', '*', '~']))
                    .collect();
                if !keys.is_empty() {
                    patterns.push((keys.join(" "), id));
                }
            }
        }
        let entries: Vec<(&str, usize)> =
            patterns.iter().map(|(p, id)| (p.as_str(), *id)).collect();
        let set = CueSet::new(&entries).unwrap_or_else(|_| CueSet::empty());
        KnownGroups { set }
    })
}

/// Every word of the known groups' spellings with its number in their set, for [`crate::vocab`].
pub(crate) fn known_group_words() -> impl Iterator<Item = (&'static str, u32)> {
    known_groups().set.words()
}
