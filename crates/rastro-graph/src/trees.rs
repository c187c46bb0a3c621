//! Folding the trees that hang off a graph into the nodes they hang from, before Brandes.
//!
//! Networks from case files are mostly trees at their edges: a person with a phone nobody else
//! shares is gone already, but a transaction hanging off an account, an account off its holder,
//! a case off the one person named in it are leaves. Any path into a hanging tree goes through
//! the one node it hangs from, whatever the costs, so its betweenness can be counted exactly by
//! arithmetic on subtree sizes (Baglioni, Geraci, Pellegrini and Lastres, "Fast exact
//! computation of betweenness centrality in social networks", 2012), and Brandes needs to run
//! only on the core that remains, each core node weighing as many nodes as it stands for. On
//! the neighbourhoods here that core is a small part of the whole.
//!
//! All counts are over ordered pairs, as Brandes' sums are; the caller halves them.

use crate::subgraph::Local;

pub(crate) struct Folded {
    /// Each node's betweenness from pairs with an end in a hanging tree (ordered pairs).
    pub score: Vec<f64>,
    /// The nodes left after folding, in increasing order.
    pub core: Vec<u32>,
    /// How many nodes each node stands for: itself and the trees folded into it.
    pub weight: Vec<f64>,
}

pub(crate) fn fold_trees(local: &Local) -> Folded {
    let n = local.len();
    let component = component_sizes(local);
    let mut degree: Vec<u32> = (0..n).map(|v| local.range(v).len() as u32).collect();
    let mut removed = vec![false; n];
    let mut weight = vec![1.0f64; n];
    // Sum and sum of squares of the sizes of the trees folded into each node.
    let mut folded_sum = vec![0.0f64; n];
    let mut folded_squares = vec![0.0f64; n];
    let mut score = vec![0.0f64; n];
    let mut leaves: Vec<u32> = (0..n as u32).filter(|&v| degree[v as usize] == 1).collect();
    while let Some(v) = leaves.pop() {
        let v = v as usize;
        if removed[v] || degree[v] != 1 {
            continue;
        }
        let Some(u) = local.targets[local.range(v)]
            .iter()
            .map(|&u| u as usize)
            .find(|&u| !removed[u])
        else {
            continue;
        };
        removed[v] = true;
        degree[v] = 0;
        // The branches at v are the trees folded into it and the rest of its component; a
        // pair runs through v when its ends are in different branches.
        let outside = component[v] - weight[v];
        score[v] += crossing_pairs(
            folded_sum[v] + outside,
            folded_squares[v] + outside * outside,
        );
        folded_sum[u] += weight[v];
        folded_squares[u] += weight[v] * weight[v];
        weight[u] += weight[v];
        degree[u] -= 1;
        if degree[u] == 1 {
            leaves.push(u as u32);
        }
    }
    let mut core = Vec::new();
    for v in 0..n {
        if removed[v] {
            continue;
        }
        // Pairs between two trees folded into v, and (both ways) between a tree folded into
        // v and the rest of the component beyond v. A component that was all tree has folded
        // into one node, with nothing beyond.
        score[v] += crossing_pairs(folded_sum[v], folded_squares[v]);
        if degree[v] > 0 {
            score[v] += 2.0 * (weight[v] - 1.0) * (component[v] - weight[v]);
            core.push(v as u32);
        }
    }
    Folded {
        score,
        core,
        weight,
    }
}

/// Ordered pairs with ends in different branches, from the branches' sizes' sum and sum of
/// squares.
fn crossing_pairs(sum: f64, squares: f64) -> f64 {
    sum * sum - squares
}

/// The size of each node's connected component.
fn component_sizes(local: &Local) -> Vec<f64> {
    let n = local.len();
    let mut label = vec![u32::MAX; n];
    let mut sizes: Vec<f64> = Vec::new();
    let mut stack: Vec<u32> = Vec::new();
    for start in 0..n {
        if label[start] != u32::MAX {
            continue;
        }
        let id = sizes.len() as u32;
        label[start] = id;
        stack.push(start as u32);
        let mut size = 0.0;
        while let Some(v) = stack.pop() {
            size += 1.0;
            for &w in &local.targets[local.range(v as usize)] {
                if label[w as usize] == u32::MAX {
                    label[w as usize] = id;
                    stack.push(w);
                }
            }
        }
        sizes.push(size);
    }
    label.iter().map(|&l| sizes[l as usize]).collect()
}
