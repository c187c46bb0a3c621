//! Candidate pairs from blocking rules.
//!
//! Comparing every pair of a million records is 5·10¹¹ comparisons; blocking compares only records
//! that agree on a rule's keys. Several rules are combined by union, so a typo in one key does not
//! hide a match that another rule finds. Each pair is produced once: a rule skips the pairs an
//! earlier rule already produced. A block bigger than the cap (a placeholder value, or "García"
//! with no other key) is skipped and counted in the rule's statistics, and a rule that would still
//! produce more pairs than the limit is refused before any pair is compared; the union of the
//! rules is held to the limit once its pairs are counted, before they are scored. The pairs are
//! walked, not stored ([`Plan::walk`]): at ten million records they would not fit in memory.

use rayon::prelude::*;

use crate::error::LinkError;

/// Block keys of every record under one rule; 0 means the record has no key (a key column is
/// empty) and is not blocked by this rule.
#[derive(Debug, Clone)]
pub struct RuleKeys {
    pub rule: String,
    pub keys: Vec<u64>,
}

/// What one rule contributed.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RuleStats {
    pub rule: String,
    /// Pairs this rule produced that no earlier rule had.
    pub new_pairs: u64,
    /// Blocks skipped for exceeding the size cap, and the records in them.
    pub capped_blocks: u64,
    pub capped_records: u64,
    pub largest_capped_block: u64,
}

/// Candidate pairs (a < b, indices into the records) and per-rule statistics.
#[derive(Debug, Clone)]
pub struct Candidates {
    pub pairs: Vec<(u32, u32)>,
    pub rules: Vec<RuleStats>,
}

/// Limits applied to blocking.
#[derive(Debug, Clone, Copy)]
pub struct Limits {
    pub max_block_size: usize,
    pub max_pairs: u64,
}

/// Hashes a record's key parts into a block key; `None` parts (empty values) give no key.
pub fn block_key<'a>(parts: impl IntoIterator<Item = Option<&'a str>>) -> u64 {
    let mut buffer = Vec::with_capacity(32);
    for part in parts {
        match part {
            Some(p) if !p.is_empty() => {
                buffer.extend_from_slice(p.as_bytes());
                buffer.push(0x1f);
            }
            _ => return 0,
        }
    }
    match xxhash_rust::xxh3::xxh3_64(&buffer) {
        0 => 1,
        h => h,
    }
}

/// Blocking prepared for enumeration: each rule's records sorted into blocks, ready to be walked
/// as often as needed without holding the pairs. At ten million records the candidate pairs
/// would be billions of bytes; walking the blocks again costs less than keeping them.
pub struct Plan {
    split: Option<usize>,
    rules: Vec<RulePlan>,
    stats: Vec<RuleStats>,
}

struct RulePlan {
    /// Block keys, with 0 also for the records of capped blocks: a pair an earlier rule produced
    /// is one whose records share a non-zero key of that rule.
    keys: Vec<u64>,
    /// Records with a key, sorted by key then index.
    members: Vec<u32>,
    /// Blocks of two records up to the cap: (start in `members`, length).
    blocks: Vec<(u32, u32)>,
    /// Pairs in this rule's blocks (earlier rules' included).
    pairs: u64,
}

/// Sorts every rule's records into blocks and checks each rule's size against the limits.
pub fn plan(
    n: usize,
    split: Option<usize>,
    rules: Vec<RuleKeys>,
    limits: Limits,
) -> Result<Plan, LinkError> {
    let mut plans = Vec::with_capacity(rules.len());
    let mut stats = Vec::with_capacity(rules.len());
    for (index, rule) in rules.into_iter().enumerate() {
        let RuleKeys {
            rule: name,
            mut keys,
        } = rule;
        let mut members: Vec<u32> = (0..n as u32).filter(|&i| keys[i as usize] != 0).collect();
        members.par_sort_unstable_by_key(|&i| (keys[i as usize], i));
        let mut rule_stats = RuleStats {
            rule: name,
            new_pairs: 0,
            capped_blocks: 0,
            capped_records: 0,
            largest_capped_block: 0,
        };
        let mut blocks = Vec::new();
        let mut total: u64 = 0;
        let mut uncapped_total: u64 = 0;
        let mut start = 0;
        while start < members.len() {
            let key = keys[members[start] as usize];
            let mut end = start + 1;
            while end < members.len() && keys[members[end] as usize] == key {
                end += 1;
            }
            let block = &members[start..end];
            let size = block.len();
            let pairs = block_pairs(block, split);
            uncapped_total = uncapped_total.saturating_add(pairs);
            if size > limits.max_block_size {
                rule_stats.capped_blocks += 1;
                rule_stats.capped_records += size as u64;
                rule_stats.largest_capped_block = rule_stats.largest_capped_block.max(size as u64);
                for &m in block {
                    keys[m as usize] = 0;
                }
            } else if size > 1 {
                total = total.saturating_add(pairs);
                blocks.push((start as u32, size as u32));
            }
            start = end;
        }
        // The cap is for a few skewed values; a rule whose blocks are mostly over it (blocking on
        // gender or country) is too broad, and skipping its blocks would silently drop it.
        let broad = rule_stats.capped_records * 2 > members.len() as u64;
        if total > limits.max_pairs || (broad && uncapped_total > limits.max_pairs) {
            return Err(LinkError::TooManyPairs {
                index: index + 1,
                rule: rule_stats.rule,
                pairs: total.max(uncapped_total),
                limit: limits.max_pairs,
            });
        }
        plans.push(RulePlan {
            keys,
            members,
            blocks,
            pairs: total,
        });
        stats.push(rule_stats);
    }
    Ok(Plan {
        split,
        rules: plans,
        stats,
    })
}

impl Plan {
    /// Pairs in all rules' blocks, counting twice a pair that two rules produce: an upper bound of
    /// the candidates, known before they are walked.
    pub fn pairs_upper_bound(&self) -> u64 {
        self.rules.iter().map(|r| r.pairs).sum()
    }

    /// Per-rule statistics; `new_pairs` is filled in from a walk's counts.
    pub fn stats(&self, new_pairs: &[u64]) -> Vec<RuleStats> {
        self.stats
            .iter()
            .zip(new_pairs.iter().chain(std::iter::repeat(&0)))
            .map(|(s, &n)| RuleStats {
                new_pairs: n,
                ..s.clone()
            })
            .collect()
    }

    pub fn rules(&self) -> usize {
        self.rules.len()
    }

    /// Walks every candidate pair once (a < b), blocks in parallel: `visit(state, rule, a, b)`
    /// sees each pair with the first rule that produces it; `advance` is told how many pairs of
    /// the rule's blocks each block held. Returns the states of the pieces the walk was split
    /// into, in order, so that collecting from them is deterministic.
    pub fn walk<S, I, V>(&self, init: I, visit: V, advance: &(dyn Fn(u64) + Sync)) -> Vec<S>
    where
        S: Send,
        I: Fn() -> S + Sync + Send,
        V: Fn(&mut S, usize, u32, u32) + Sync + Send,
    {
        let mut out = Vec::new();
        for (index, rule) in self.rules.iter().enumerate() {
            let earlier = &self.rules[..index];
            let states: Vec<S> = rule
                .blocks
                .par_iter()
                .fold(
                    || (init(), Vec::new()),
                    |(mut state, mut seen), &(start, len)| {
                        let members = &rule.members[start as usize..(start + len) as usize];
                        // The earlier rules' keys of the block's records, gathered once: read
                        // per pair from the full arrays they would miss the cache.
                        seen.clear();
                        for &m in members {
                            seen.extend(earlier.iter().map(|r| r.keys[m as usize]));
                        }
                        let width = earlier.len();
                        for (x, &a) in members.iter().enumerate() {
                            let ka = &seen[x * width..(x + 1) * width];
                            for (y, &b) in members.iter().enumerate().skip(x + 1) {
                                if !admissible(a, b, self.split) {
                                    continue;
                                }
                                let kb = &seen[y * width..(y + 1) * width];
                                if ka.iter().zip(kb).any(|(p, q)| *p != 0 && p == q) {
                                    continue;
                                }
                                visit(&mut state, index, a, b);
                            }
                        }
                        advance(block_pairs(members, self.split));
                        (state, seen)
                    },
                )
                .map(|(state, _)| state)
                .collect();
            out.extend(states);
        }
        out
    }
}

/// The pairs of all rules. `split` is where the second file starts in linkage (`None` to
/// deduplicate one file).
pub fn candidates(
    n: usize,
    split: Option<usize>,
    rules: &[RuleKeys],
    limits: Limits,
) -> Result<Candidates, LinkError> {
    if rules.is_empty() {
        return all_pairs(n, split, limits.max_pairs);
    }
    let plan = plan(n, split, rules.to_vec(), limits)?;
    let pieces = plan.walk(
        Vec::new,
        |pairs: &mut Vec<(usize, u32, u32)>, rule, a, b| pairs.push((rule, a, b)),
        &|_| {},
    );
    let mut new_pairs = vec![0u64; plan.rules()];
    let mut pairs = Vec::new();
    for (rule, a, b) in pieces.into_iter().flatten() {
        new_pairs[rule] += 1;
        pairs.push((a, b));
    }
    check_union(&plan, &new_pairs, limits)?;
    Ok(Candidates {
        pairs,
        rules: plan.stats(&new_pairs),
    })
}

/// Refuses a set of rules whose union of pairs exceeds the limit, naming the rule that crossed it.
pub fn check_union(plan: &Plan, new_pairs: &[u64], limits: Limits) -> Result<(), LinkError> {
    let mut sum: u64 = 0;
    for (index, (&new, stats)) in new_pairs.iter().zip(&plan.stats).enumerate() {
        sum = sum.saturating_add(new);
        if sum > limits.max_pairs {
            return Err(LinkError::TooManyPairs {
                index: index + 1,
                rule: format!("{} (together with the rules before it)", stats.rule),
                pairs: sum,
                limit: limits.max_pairs,
            });
        }
    }
    Ok(())
}

fn admissible(a: u32, b: u32, split: Option<usize>) -> bool {
    match split {
        None => true,
        Some(s) => ((a as usize) < s) != ((b as usize) < s),
    }
}

fn block_pairs(members: &[u32], split: Option<usize>) -> u64 {
    let n = members.len() as u64;
    match split {
        None => n * (n - 1) / 2,
        Some(s) => {
            let left = members.iter().filter(|&&m| (m as usize) < s).count() as u64;
            left * (n - left)
        }
    }
}

/// Without blocking rules every admissible pair is compared: one block of all records, refused
/// when it holds more pairs than the limit.
pub fn plan_without_rules(n: usize, split: Option<usize>, limit: u64) -> Result<Plan, LinkError> {
    every_pair_within(n, split, limit)?;
    let everything = RuleKeys {
        rule: "(all pairs)".into(),
        keys: vec![1; n],
    };
    let limits = Limits {
        max_block_size: usize::MAX,
        max_pairs: u64::MAX,
    };
    plan(n, split, vec![everything], limits)
}

fn every_pair_within(n: usize, split: Option<usize>, limit: u64) -> Result<(), LinkError> {
    let count = match split {
        None => (n as u64) * (n as u64).saturating_sub(1) / 2,
        Some(s) => (s as u64) * (n - s) as u64,
    };
    if count > limit {
        return Err(LinkError::NoBlocking {
            pairs: count,
            limit,
        });
    }
    Ok(())
}

fn all_pairs(n: usize, split: Option<usize>, limit: u64) -> Result<Candidates, LinkError> {
    every_pair_within(n, split, limit)?;
    let count = match split {
        None => (n as u64) * (n as u64).saturating_sub(1) / 2,
        Some(s) => (s as u64) * (n - s) as u64,
    };
    let mut pairs = Vec::with_capacity(count as usize);
    for a in 0..n as u32 {
        for b in a + 1..n as u32 {
            if admissible(a, b, split) {
                pairs.push((a, b));
            }
        }
    }
    Ok(Candidates {
        pairs,
        rules: Vec::new(),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn rule(name: &str, keys: &[&str]) -> RuleKeys {
        RuleKeys {
            rule: name.into(),
            keys: keys.iter().map(|k| block_key([Some(*k)])).collect(),
        }
    }

    const WIDE: Limits = Limits {
        max_block_size: 100,
        max_pairs: 1_000,
    };

    #[test]
    fn union_of_rules_yields_each_pair_once() {
        let a = rule("a", &["x", "x", "y", "y", ""]);
        let b = rule("b", &["1", "1", "1", "2", "2"]);
        let mut c = candidates(5, None, &[a, b], WIDE).unwrap();
        c.pairs.sort();
        assert_eq!(c.pairs, vec![(0, 1), (0, 2), (1, 2), (2, 3), (3, 4)]);
        assert_eq!(c.rules[0].new_pairs, 2);
        assert_eq!(c.rules[1].new_pairs, 3);
    }

    #[test]
    fn linkage_pairs_only_cross_files() {
        let a = rule("a", &["x", "x", "x", "x"]);
        let mut c = candidates(4, Some(2), &[a], WIDE).unwrap();
        c.pairs.sort();
        assert_eq!(c.pairs, vec![(0, 2), (0, 3), (1, 2), (1, 3)]);
    }

    #[test]
    fn oversized_blocks_are_skipped_and_left_to_later_rules() {
        let a = rule("a", &["g", "g", "g", "h", "h"]);
        let b = rule("b", &["1", "1", "2", "2", "2"]);
        let limits = Limits {
            max_block_size: 2,
            max_pairs: 1_000,
        };
        let mut c = candidates(5, None, &[a, b], limits).unwrap();
        c.pairs.sort();
        // Rule a's block of three is capped, so rule b supplies (0, 1) itself.
        assert_eq!(c.pairs, vec![(0, 1), (3, 4)]);
        assert_eq!(c.rules[0].capped_blocks, 1);
        assert_eq!(c.rules[0].largest_capped_block, 3);
        assert_eq!(c.rules[1].capped_blocks, 1);
    }

    #[test]
    fn rule_with_too_many_pairs_is_refused_with_its_name_and_count() {
        let keys = vec!["same"; 100];
        let a = rule("a", &["k"; 100]);
        let b = rule("state", &keys);
        let a = RuleKeys {
            keys: vec![0; 100],
            ..a
        };
        let limits = Limits {
            max_block_size: 1_000,
            max_pairs: 4_000,
        };
        let err = candidates(100, None, &[a, b], limits).unwrap_err();
        let text = err.to_string();
        assert!(
            text.contains("rule 2") && text.contains("`state`") && text.contains("4950"),
            "{text}"
        );
    }

    #[test]
    fn a_broad_rule_is_refused_even_when_the_cap_would_skip_its_blocks() {
        let mut keys = vec!["f"; 60];
        keys.extend(vec!["m"; 40]);
        let limits = Limits {
            max_block_size: 10,
            max_pairs: 1_000,
        };
        let err = candidates(100, None, &[rule("gender", &keys)], limits).unwrap_err();
        // 60·59/2 + 40·39/2 pairs before the cap.
        assert!(
            err.to_string().contains("`gender`") && err.to_string().contains("2550"),
            "{err}"
        );
    }

    #[test]
    fn no_rules_compares_all_pairs_within_limit_only() {
        let c = candidates(4, None, &[], WIDE).unwrap();
        assert_eq!(c.pairs.len(), 6);
        assert!(matches!(
            candidates(100, None, &[], WIDE),
            Err(LinkError::NoBlocking { pairs: 4950, .. })
        ));
    }
}
