//! Entities from matched pairs. For persons, the connected components of the match graph, by
//! union-find: a chain a–b, b–c puts a and c in one entity even when their own pair scored low,
//! which is what a registry counting distinct persons needs. For events, [`coherent_clusters`]:
//! a report that shares something with many others (a round-up, an analysis piece) would chain
//! different events into one, so two clusters join only when their members agree on average
//! and no member tells against another.

/// Disjoint sets over `0..n` with path halving and union by size.
pub struct UnionFind {
    parent: Vec<u32>,
    size: Vec<u32>,
}

impl UnionFind {
    pub fn new(n: usize) -> UnionFind {
        UnionFind {
            parent: (0..n as u32).collect(),
            size: vec![1; n],
        }
    }

    pub fn find(&mut self, mut x: u32) -> u32 {
        while self.parent[x as usize] != x {
            let grandparent = self.parent[self.parent[x as usize] as usize];
            self.parent[x as usize] = grandparent;
            x = grandparent;
        }
        x
    }

    pub fn union(&mut self, a: u32, b: u32) {
        let (mut ra, mut rb) = (self.find(a), self.find(b));
        if ra == rb {
            return;
        }
        if self.size[ra as usize] < self.size[rb as usize] {
            std::mem::swap(&mut ra, &mut rb);
        }
        self.parent[rb as usize] = ra;
        self.size[ra as usize] += self.size[rb as usize];
    }

    /// For each element, the first element (in index order) of its set: a label that stays the
    /// same across runs on the same input.
    pub fn first_members(&mut self) -> Vec<u32> {
        let n = self.parent.len();
        let mut first = vec![u32::MAX; n];
        (0..n as u32)
            .map(|i| {
                let root = self.find(i) as usize;
                if first[root] == u32::MAX {
                    first[root] = i;
                }
                first[root]
            })
            .collect()
    }
}

/// For each of `n` records, the index of its cluster's canonical record: the first record (in
/// input order) of its connected component, so that ids are stable across runs on the same input.
pub fn clusters(n: usize, pairs: impl IntoIterator<Item = (u32, u32)>) -> Vec<u32> {
    let mut sets = UnionFind::new(n);
    for (a, b) in pairs {
        sets.union(a, b);
    }
    sets.first_members()
}

/// Clusters that respect reviewers' decisions. Pairs decided to be the same person are joined
/// first; matched pairs `(a, b, weight)` are then added strongest first, and a pair that would
/// put two records decided to be different persons into one entity is left out, so a decision
/// holds even when a chain of other matches would otherwise connect the two records. Returns the
/// canonical record of each record's cluster, as [`clusters`] does.
pub fn clusters_with_decisions(
    n: usize,
    matches: &[(u32, u32, f64)],
    same: &[(u32, u32)],
    different: &[(u32, u32)],
) -> Vec<u32> {
    let mut sets = UnionFind::new(n);
    for &(a, b) in same {
        sets.union(a, b);
    }
    let mut ordered: Vec<&(u32, u32, f64)> = matches.iter().collect();
    ordered.sort_by(|x, y| y.2.total_cmp(&x.2));
    for &&(a, b, _) in &ordered {
        let (ra, rb) = (sets.find(a), sets.find(b));
        if ra == rb {
            continue;
        }
        let forbidden = kept_apart(&mut sets, different, ra, rb);
        if !forbidden {
            sets.union(a, b);
        }
    }
    sets.first_members()
}

/// A pair's log-odds counts up to this many bits either way when clusters are weighed, so that
/// one pair scored far off (a figure misread, a date extracted from the background) neither
/// forces nor vetoes a join that the other pairs decide.
const PAIR_BITS_CAP: f64 = 12.0;

/// At most this share of the pairs across two clusters may tell against one entity for the
/// clusters to join: none, so every member of an event agrees with each of its other members or
/// at least does not tell against them (a report of another raid in the same town that matches
/// one report of the event, through a shared figure, stays out however well it matches).
const DISAGREEING_SHARE: f64 = 0.0;

/// How two records compare, for clustering.
#[derive(Debug, Clone, Copy)]
pub struct Pair {
    /// The log-odds, in bits, that the two are one entity (or a score on that scale).
    pub bits: f64,
    /// The comparisons tell against one entity, beyond failing to tell for it.
    pub against: bool,
}

/// Members of each side weighed when two clusters meet; beyond it, the first ones stand for
/// the rest, so a run over a large collection stays linear in its matches.
const MEMBERS_WEIGHED: usize = 32;

/// Clusters whose members agree with each other, not only with one neighbour: matched pairs
/// `(a, b, weight)` are taken strongest first, and the clusters of `a` and `b` join only when
/// the mean of `weight_of`'s bits (capped at [`PAIR_BITS_CAP`]) over every pair across them is
/// above zero and none of those pairs tells against ([`DISAGREEING_SHARE`]). Records in `alone` join
/// nothing but what reviewers decided. Reviewers' decisions hold as in
/// [`clusters_with_decisions`]: `same` pairs are joined first and weigh as agreeing, and no
/// join puts a `different` pair into one cluster. Returns the canonical record of each record's
/// cluster (the first in input order).
pub fn coherent_clusters(
    n: usize,
    matches: &[(u32, u32, f64)],
    same: &[(u32, u32)],
    different: &[(u32, u32)],
    alone: &[bool],
    weight_of: &(dyn Fn(u32, u32) -> Pair + Sync),
) -> Vec<u32> {
    let mut sets = UnionFind::new(n);
    let mut members: Vec<Vec<u32>> = (0..n as u32).map(|i| vec![i]).collect();
    let decided_same: std::collections::HashSet<(u32, u32)> =
        same.iter().map(|&(a, b)| (a.min(b), a.max(b))).collect();
    let join = |sets: &mut UnionFind, members: &mut Vec<Vec<u32>>, a: u32, b: u32| {
        let (ra, rb) = (sets.find(a), sets.find(b));
        if ra == rb {
            return;
        }
        sets.union(ra, rb);
        let root = sets.find(ra);
        let other = if root == ra { rb } else { ra };
        let moved = std::mem::take(&mut members[other as usize]);
        members[root as usize].extend(moved);
    };
    for &(a, b) in same {
        if (a as usize) < n && (b as usize) < n {
            join(&mut sets, &mut members, a, b);
        }
    }
    let mut ordered: Vec<&(u32, u32, f64)> = matches.iter().collect();
    ordered.sort_by(|x, y| y.2.total_cmp(&x.2).then((x.0, x.1).cmp(&(y.0, y.1))));
    for &&(a, b, _) in &ordered {
        if alone.get(a as usize).copied().unwrap_or(false)
            || alone.get(b as usize).copied().unwrap_or(false)
        {
            continue;
        }
        let (ra, rb) = (sets.find(a), sets.find(b));
        if ra == rb {
            continue;
        }
        let forbidden = kept_apart(&mut sets, different, ra, rb);
        if forbidden {
            continue;
        }
        let left = &members[ra as usize];
        let right = &members[rb as usize];
        let mut sum = 0.0;
        let mut count = 0u32;
        let mut disagreeing = 0u32;
        for &x in left.iter().take(MEMBERS_WEIGHED) {
            for &y in right.iter().take(MEMBERS_WEIGHED) {
                let pair = if decided_same.contains(&(x.min(y), x.max(y))) {
                    Pair {
                        bits: PAIR_BITS_CAP,
                        against: false,
                    }
                } else {
                    weight_of(x, y)
                };
                sum += pair.bits.clamp(-PAIR_BITS_CAP, PAIR_BITS_CAP);
                count += 1;
                disagreeing += u32::from(pair.against);
            }
        }
        if count > 0
            && sum / f64::from(count) > 0.0
            && f64::from(disagreeing) <= DISAGREEING_SHARE * f64::from(count)
        {
            join(&mut sets, &mut members, a, b);
        }
    }
    sets.first_members()
}

/// Which records are hubs: a record matched to members of at least `events` groups that
/// disagree with each other summarises several entities, like a round-up article citing many
/// events; it is no member of any of them. Its neighbours are grouped as [`coherent_clusters`]
/// groups, by `weight_of`: the evidence, in bits, that two records are one entity, below zero
/// when it tells against (the prior left out, so that neighbours that merely fail to match
/// still count as one group).
///
/// Only groups matched nearly as strongly as the best one count, within `margin_bits`
/// ([`HUB_MARGIN_BITS`] where nothing better tells a summary from a report): a record that
/// matches one group far better than the others may report that group's entity and share
/// only background with the rest.
///
/// `apart` says how many of a record's groups (each its neighbours' ids, strongest group first)
/// the record tells apart, for a domain where a record that reaches several groups through one
/// and the same fact reports one entity they all touch rather than summarising them;
/// `|_, groups| groups.len()` counts every group.
pub fn hubs(
    n: usize,
    matches: &[(u32, u32, f64)],
    events: usize,
    weight_of: &(dyn Fn(u32, u32) -> Pair + Sync),
    margin_bits: f64,
    apart: &(dyn Fn(u32, &[Vec<u32>]) -> usize + Sync),
) -> Vec<bool> {
    use rayon::prelude::*;
    let mut neighbours: Vec<Vec<(u32, f64)>> = vec![Vec::new(); n];
    for &(a, b, w) in matches {
        if (a as usize) < n && (b as usize) < n && a != b {
            neighbours[a as usize].push((b, w));
            neighbours[b as usize].push((a, w));
        }
    }
    neighbours
        .par_iter()
        .enumerate()
        .map(|(record, list)| {
            if list.len() < events.max(2) {
                return false;
            }
            // Beyond a few dozen neighbours, the first ones stand for the rest.
            let list = &list[..list.len().min(MEMBERS_WEIGHED * 2)];
            let ids: Vec<u32> = list.iter().map(|&(id, _)| id).collect();
            let clusters = coherent_clusters(
                ids.len(),
                &neighbour_pairs(&ids, weight_of),
                &[],
                &[],
                &[],
                &|x, y| weight_of(ids[x as usize], ids[y as usize]),
            );
            // Each group's members and strongest match.
            let mut groups: std::collections::HashMap<u32, (f64, Vec<u32>)> =
                std::collections::HashMap::new();
            for (&root, &(id, w)) in clusters.iter().zip(list) {
                let g = groups
                    .entry(root)
                    .or_insert((f64::NEG_INFINITY, Vec::new()));
                g.0 = g.0.max(w);
                g.1.push(id);
            }
            let top = groups
                .values()
                .map(|g| g.0)
                .fold(f64::NEG_INFINITY, f64::max);
            let mut near: Vec<(f64, Vec<u32>)> = groups
                .into_values()
                .filter(|g| g.0 >= top - margin_bits)
                .collect();
            if near.len() < events {
                return false;
            }
            near.sort_by(|x, y| y.0.total_cmp(&x.0).then(x.1.cmp(&y.1)));
            let near: Vec<Vec<u32>> = near.into_iter().map(|g| g.1).collect();
            apart(record as u32, &near) >= events
        })
        .collect()
}

/// How much weaker than a record's strongest group another group's best match may be and still
/// count towards calling the record a hub, when the caller has nothing better.
pub const HUB_MARGIN_BITS: f64 = 5.0;

/// Pairs among `list` (by position) with positive log-odds, as matches to cluster.
fn neighbour_pairs(
    list: &[u32],
    weight_of: &(dyn Fn(u32, u32) -> Pair + Sync),
) -> Vec<(u32, u32, f64)> {
    let mut out = Vec::new();
    for i in 0..list.len() {
        for j in i + 1..list.len() {
            let w = weight_of(list[i], list[j]);
            if w.bits > 0.0 {
                out.push((i as u32, j as u32, w.bits));
            }
        }
    }
    out
}

/// Whether a reviewer's "different" decision names one record of the set rooted at `ra` and one
/// of the set rooted at `rb`: joining them would overrule it.
fn kept_apart(sets: &mut UnionFind, different: &[(u32, u32)], ra: u32, rb: u32) -> bool {
    different.iter().any(|&(x, y)| {
        let (rx, ry) = (sets.find(x), sets.find(y));
        (rx == ra && ry == rb) || (rx == rb && ry == ra)
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn chains_join_and_singletons_stay_alone() {
        let c = clusters(6, [(4, 2), (2, 5), (0, 1)]);
        assert_eq!(c, vec![0, 0, 2, 3, 2, 2]);
    }

    #[test]
    fn decisions_override_matches_even_through_chains() {
        // 0-1 and 1-2 matched; a reviewer says 0 and 2 are different persons, and 3 and 4 the same.
        let matches = [(0, 1, 9.0), (1, 2, 5.0)];
        let c = clusters_with_decisions(5, &matches, &[(3, 4)], &[(0, 2)]);
        assert_eq!(c, vec![0, 0, 2, 3, 3]);
        // Without decisions the chain joins all three.
        assert_eq!(
            clusters_with_decisions(3, &matches, &[], &[]),
            vec![0, 0, 0]
        );
    }

    #[test]
    fn no_pairs_means_every_record_is_its_own_cluster() {
        assert_eq!(clusters(3, []), vec![0, 1, 2]);
    }

    fn every_group(_: u32, groups: &[Vec<u32>]) -> usize {
        groups.len()
    }

    /// Log-odds from a table of agreeing pairs: +8 bits for listed pairs, -8 for the rest.
    fn table(agree: &'static [(u32, u32)]) -> impl Fn(u32, u32) -> Pair + Sync {
        move |a, b| {
            let agrees = agree.contains(&(a.min(b), a.max(b)));
            Pair {
                bits: if agrees { 8.0 } else { -8.0 },
                against: !agrees,
            }
        }
    }

    #[test]
    fn a_hub_does_not_chain_clusters_that_disagree() {
        // 0 matches 1 and 2, which disagree with each other: 0 joins the stronger, 2 stays out.
        let agree: &[(u32, u32)] = &[(0, 1), (0, 2)];
        let matches = [(0, 1, 9.0), (0, 2, 5.0)];
        let w = table(agree);
        let c = coherent_clusters(3, &matches, &[], &[], &[], &w);
        assert_eq!(c, vec![0, 0, 2]);
        // Connected components would have joined all three.
        assert_eq!(
            clusters_with_decisions(3, &matches, &[], &[]),
            vec![0, 0, 0]
        );
    }

    #[test]
    fn a_member_joins_only_when_no_member_tells_against_it() {
        // 3 agrees with 0 and 1; with 2 it fails to agree (-2 bits) without telling against:
        // the mean is above zero and 3 joins.
        let weak = |a: u32, b: u32| {
            let (x, y) = (a.min(b), a.max(b));
            if (x, y) == (2, 3) {
                Pair {
                    bits: -2.0,
                    against: false,
                }
            } else {
                Pair {
                    bits: 8.0,
                    against: false,
                }
            }
        };
        let matches = [(0, 1, 9.0), (1, 2, 8.0), (0, 3, 7.0)];
        assert_eq!(
            coherent_clusters(4, &matches, &[], &[], &[], &weak),
            vec![0, 0, 0, 0]
        );
        // When 3 tells against 2 (another date, another count), two agreeing pairs of three
        // do not carry it in.
        let agree: &[(u32, u32)] = &[(0, 1), (0, 2), (1, 2), (0, 3), (1, 3)];
        let c = coherent_clusters(4, &matches, &[], &[], &[], &table(agree));
        assert_eq!(c, vec![0, 0, 0, 3]);
    }

    #[test]
    fn records_alone_and_decisions_are_honoured() {
        let agree: &[(u32, u32)] = &[(0, 1), (1, 2), (0, 2)];
        let matches = [(0, 1, 9.0), (1, 2, 8.0)];
        let w = table(agree);
        let alone = [false, true, false];
        assert_eq!(
            coherent_clusters(3, &matches, &[], &[], &alone, &w),
            vec![0, 1, 2]
        );
        assert_eq!(
            coherent_clusters(3, &matches, &[], &[(0, 2)], &[], &w),
            vec![0, 0, 2]
        );
        // A reviewer's "same" joins what scores would keep apart.
        assert_eq!(
            coherent_clusters(4, &[], &[(2, 3)], &[], &[], &w),
            vec![0, 1, 2, 2]
        );
    }

    #[test]
    fn a_record_matching_several_disagreeing_groups_is_a_hub() {
        // 0 matches 1, 2 and 3, which disagree with each other; 4 matches 5 and 6, which agree.
        let agree: &[(u32, u32)] = &[(0, 1), (0, 2), (0, 3), (4, 5), (4, 6), (5, 6)];
        let matches = [
            (0, 1, 5.0),
            (0, 2, 5.0),
            (0, 3, 5.0),
            (4, 5, 5.0),
            (4, 6, 5.0),
        ];
        let hub = hubs(7, &matches, 3, &table(agree), HUB_MARGIN_BITS, &every_group);
        assert_eq!(hub, vec![true, false, false, false, false, false, false]);
        // Two groups are not enough to call it a round-up.
        assert!(
            !hubs(
                7,
                &matches[..2],
                3,
                &table(agree),
                HUB_MARGIN_BITS,
                &every_group
            )[0]
        );
    }

    #[test]
    fn groups_the_record_does_not_tell_apart_make_no_hub() {
        // 0 matches three groups that disagree with each other, but reaches them all through
        // one fact of its own (as the domain's `apart` says): it is no summary of three.
        let agree: &[(u32, u32)] = &[(0, 1), (0, 2), (0, 3)];
        let matches = [(0, 1, 6.0), (0, 2, 5.0), (0, 3, 4.0)];
        let one_fact = |_: u32, _: &[Vec<u32>]| 1;
        let hub = hubs(4, &matches, 3, &table(agree), HUB_MARGIN_BITS, &one_fact);
        assert_eq!(hub, vec![false; 4]);
        let seen = std::sync::Mutex::new(Vec::new());
        let record = |r: u32, groups: &[Vec<u32>]| {
            seen.lock().unwrap().push((r, groups.to_vec()));
            groups.len()
        };
        assert!(hubs(4, &matches, 3, &table(agree), HUB_MARGIN_BITS, &record)[0]);
        // Strongest group first.
        assert_eq!(
            seen.lock().unwrap()[0],
            (0, vec![vec![1], vec![2], vec![3]])
        );
    }

    #[test]
    fn a_record_matching_one_group_far_better_than_the_others_is_no_hub() {
        // 0 matches 1 strongly and 2 and 3 weakly, which disagree with 1 and each other: 0
        // reports 1's entity and shares background with the rest.
        let agree: &[(u32, u32)] = &[(0, 1), (0, 2), (0, 3)];
        let matches = [(0, 1, 12.0), (0, 2, 5.0), (0, 3, 4.0)];
        assert_eq!(
            hubs(4, &matches, 3, &table(agree), HUB_MARGIN_BITS, &every_group),
            vec![false; 4]
        );
        // Matched alike, the three make 0 a round-up.
        let alike = [(0, 1, 6.0), (0, 2, 5.0), (0, 3, 4.0)];
        assert!(hubs(4, &alike, 3, &table(agree), HUB_MARGIN_BITS, &every_group)[0]);
    }
}
