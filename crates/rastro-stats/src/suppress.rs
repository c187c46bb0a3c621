//! Small-cell suppression: the rule that no published number is below k, and that no hidden
//! number can be recovered by subtracting shown ones from a shown total.
//!
//! A table is a flat list of values plus "lines": sets of cells that a reader can add up against
//! a total. The total is either a cell of the same table (a margin, itself subject to
//! suppression) or public elsewhere (`None`: for example a time series' month, whose overall
//! count another call shows). Both kinds are treated as known to the reader.

/// Cells of a table a reader can add up, and what they add up to.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Line {
    pub(crate) cells: Vec<usize>,
    /// A cell of the same table, or `None` when the total is published elsewhere.
    pub(crate) total: Option<usize>,
}

/// Which values to hide.
///
/// Primary: every value with `0 < v < k`. Zero is shown: it reveals no one, and hiding zeros
/// would hide most of a sparse table for nothing.
///
/// Complementary: while some line with a known total has exactly one hidden cell, hide the
/// smallest non-zero shown cell of that line too (the cheapest loss of information), or, when
/// there is none, the line's own total. Repeat over all lines until nothing changes; every round
/// hides at least one more value, so it ends.
///
/// A cell that is the only non-zero cell of a line whose total is published elsewhere is that
/// total, so hiding it protects nothing; such cells are never chosen as partners.
///
/// With `k` of 0 or 1 nothing is hidden.
pub(crate) fn suppress(k: u64, values: &[u64], lines: &[Line]) -> Vec<bool> {
    let mut hidden: Vec<bool> = values.iter().map(|&v| v > 0 && v < k).collect();
    if k <= 1 {
        return hidden;
    }
    let mut exposed = vec![false; values.len()];
    for line in lines.iter().filter(|l| l.total.is_none()) {
        let mut non_zero = line.cells.iter().filter(|&&c| values[c] > 0);
        if let (Some(&only), None) = (non_zero.next(), non_zero.next()) {
            exposed[only] = true;
        }
    }
    loop {
        let mut changed = false;
        for line in lines {
            if line.total.is_some_and(|t| hidden[t]) {
                continue;
            }
            let hidden_cells = line.cells.iter().filter(|&&c| hidden[c]).take(2).count();
            if hidden_cells != 1 {
                continue;
            }
            let partner = line
                .cells
                .iter()
                .copied()
                .filter(|&c| !hidden[c] && !exposed[c] && values[c] > 0)
                .min_by_key(|&c| (values[c], c));
            match (partner, line.total) {
                (Some(c), _) => hidden[c] = true,
                (None, Some(t)) => hidden[t] = true,
                // The total is published elsewhere and nothing here can cover the hidden cell.
                // When the other cells are zeros the total is that cell, below k, and hidden
                // where it is published; a cell at least k is never left alone this way, since
                // such a cell is exposed and never picked as a partner.
                (None, None) => continue,
            }
            changed = true;
        }
        if !changed {
            return hidden;
        }
    }
}

/// The index layout of a `rows` × `cols` table: cells row by row, then, with margins, the row
/// totals, the column totals and the grand total.
#[derive(Debug, Clone, Copy)]
pub(crate) struct Grid {
    pub(crate) rows: usize,
    pub(crate) cols: usize,
    pub(crate) margins: bool,
}

impl Grid {
    pub(crate) fn cell(&self, row: usize, col: usize) -> usize {
        row * self.cols + col
    }

    pub(crate) fn row_total(&self, row: usize) -> usize {
        self.rows * self.cols + row
    }

    pub(crate) fn col_total(&self, col: usize) -> usize {
        self.rows * self.cols + self.rows + col
    }

    pub(crate) fn grand_total(&self) -> usize {
        self.rows * self.cols + self.rows + self.cols
    }

    pub(crate) fn len(&self) -> usize {
        if self.margins {
            self.grand_total() + 1
        } else {
            self.rows * self.cols
        }
    }

    /// Every row and every column; with margins also the row totals and the column totals
    /// against the grand total, since margins can be subtracted like any other line.
    pub(crate) fn lines(&self) -> Vec<Line> {
        let mut lines = Vec::with_capacity(self.rows + self.cols + 2);
        for row in 0..self.rows {
            lines.push(Line {
                cells: (0..self.cols).map(|col| self.cell(row, col)).collect(),
                total: self.margins.then(|| self.row_total(row)),
            });
        }
        for col in 0..self.cols {
            lines.push(Line {
                cells: (0..self.rows).map(|row| self.cell(row, col)).collect(),
                total: self.margins.then(|| self.col_total(col)),
            });
        }
        if self.margins {
            lines.push(Line {
                cells: (0..self.rows).map(|row| self.row_total(row)).collect(),
                total: Some(self.grand_total()),
            });
            lines.push(Line {
                cells: (0..self.cols).map(|col| self.col_total(col)).collect(),
                total: Some(self.grand_total()),
            });
        }
        lines
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// xorshift64*: enough randomness to explore tables, reproducible from the seed.
    struct Rng(u64);

    impl Rng {
        fn next(&mut self) -> u64 {
            self.0 ^= self.0 >> 12;
            self.0 ^= self.0 << 25;
            self.0 ^= self.0 >> 27;
            self.0.wrapping_mul(0x2545_F491_4F6C_DD1D)
        }

        fn below(&mut self, n: u64) -> u64 {
            self.next() % n
        }
    }

    /// Values mixing zeros, small cells and large ones, so that suppression has work to do.
    fn random_value(rng: &mut Rng, k: u64) -> u64 {
        match rng.below(10) {
            0..=3 => 0,
            4..=6 => 1 + rng.below(k.max(2) - 1),
            _ => k + rng.below(200),
        }
    }

    /// A table whose margins are sums (`additive`), or, like a multi-valued breakdown, margins
    /// anywhere between the largest cell and the sum.
    fn random_table(rng: &mut Rng, k: u64, additive: bool) -> (Grid, Vec<u64>) {
        let grid = Grid {
            rows: 1 + rng.below(7) as usize,
            cols: 1 + rng.below(7) as usize,
            margins: true,
        };
        let mut values = vec![0; grid.len()];
        for row in 0..grid.rows {
            for col in 0..grid.cols {
                values[grid.cell(row, col)] = random_value(rng, k);
            }
        }
        let margin = |cells: Vec<u64>, rng: &mut Rng| {
            let sum: u64 = cells.iter().sum();
            let max = cells.iter().copied().max().unwrap_or(0);
            if additive {
                sum
            } else {
                max + rng.below(sum - max + 1)
            }
        };
        for row in 0..grid.rows {
            let cells = (0..grid.cols).map(|c| values[grid.cell(row, c)]).collect();
            values[grid.row_total(row)] = margin(cells, rng);
        }
        for col in 0..grid.cols {
            let cells = (0..grid.rows).map(|r| values[grid.cell(r, col)]).collect();
            values[grid.col_total(col)] = margin(cells, rng);
        }
        let row_totals: Vec<u64> = (0..grid.rows).map(|r| values[grid.row_total(r)]).collect();
        values[grid.grand_total()] = margin(row_totals, rng);
        (grid, values)
    }

    fn check(k: u64, values: &[u64], lines: &[Line], hidden: &[bool]) {
        for (i, (&v, &h)) in values.iter().zip(hidden).enumerate() {
            assert!(
                h || v == 0 || v >= k,
                "cell {i} shows {v} < {k}: {values:?}"
            );
        }
        for line in lines {
            if line.total.is_some_and(|t| hidden[t]) {
                continue;
            }
            let n = line.cells.iter().filter(|&&c| hidden[c]).count();
            assert_ne!(n, 1, "{line:?} has one hidden cell: {values:?} {hidden:?}");
        }
    }

    #[test]
    fn random_tables_never_leak_a_small_cell() {
        let mut rng = Rng(0x9E37_79B9_7F4A_7C15);
        let mut hidden_total = 0;
        for round in 0..20_000 {
            let k = [2, 3, 5, 11][round % 4];
            let additive = round % 3 != 0;
            let (grid, values) = random_table(&mut rng, k, additive);
            let lines = grid.lines();
            let hidden = suppress(k, &values, &lines);
            check(k, &values, &lines, &hidden);
            if additive {
                // Zeros are never hidden: the rule only ever picks non-zero partners, and a
                // shown total over one hidden cell and zeros is that cell, so already hidden.
                for (i, &v) in values.iter().enumerate() {
                    assert!(v > 0 || !hidden[i], "zero hidden at {i}: {values:?}");
                }
            }
            hidden_total += hidden.iter().filter(|&&h| h).count();
        }
        // The generator must actually produce tables that need suppressing.
        assert!(hidden_total > 20_000, "{hidden_total}");
    }

    #[test]
    fn one_way_tables_get_a_partner() {
        // 3 is primary; 12 is the smallest shown non-zero cell, so it covers for the 3.
        let values = [3, 0, 12, 40, 55];
        let line = Line {
            cells: vec![0, 1, 2, 3],
            total: Some(4),
        };
        let hidden = suppress(11, &values, std::slice::from_ref(&line));
        assert_eq!(hidden, [true, false, true, false, false]);
        // A single hidden cell among zeros is the whole total: the total goes instead.
        let values = [15, 0, 0, 15];
        let line = Line {
            cells: vec![0, 1, 2],
            total: Some(3),
        };
        let hidden = suppress(20, &values, std::slice::from_ref(&line));
        assert_eq!(hidden, [true, false, false, true]);
    }

    #[test]
    fn complements_spread_across_rows_and_columns() {
        // 2 × 2 with margins: the 4 forces its row partner (30) and its column partner (20),
        // and each of those leaves the 50 alone in its line, so every cell ends up hidden while
        // the margins, all at least k, stay shown.
        let grid = Grid {
            rows: 2,
            cols: 2,
            margins: true,
        };
        let mut values = vec![0; grid.len()];
        values[grid.cell(0, 0)] = 4;
        values[grid.cell(0, 1)] = 30;
        values[grid.cell(1, 0)] = 20;
        values[grid.cell(1, 1)] = 50;
        values[grid.row_total(0)] = 34;
        values[grid.row_total(1)] = 70;
        values[grid.col_total(0)] = 24;
        values[grid.col_total(1)] = 80;
        values[grid.grand_total()] = 104;
        let hidden = suppress(11, &values, &grid.lines());
        assert!((0..4).all(|i| hidden[i]), "{hidden:?}");
        assert!(!hidden[grid.grand_total()]);
        assert!(!hidden[grid.row_total(0)]);
    }

    #[test]
    fn a_cell_equal_to_a_published_total_is_no_partner() {
        // Line 0: cells 0, 1, 2 against a public total; cell 1 (30) is the only non-zero cell of
        // line 1, so it equals that line's public total and hiding it would protect nothing.
        let values = [4, 30, 50, 0];
        let lines = [
            Line {
                cells: vec![0, 1, 2],
                total: None,
            },
            Line {
                cells: vec![1, 3],
                total: None,
            },
        ];
        assert_eq!(suppress(11, &values, &lines), [true, false, true, false]);
    }

    #[test]
    fn k_of_one_or_zero_hides_nothing() {
        let values = [1, 2, 0];
        let lines = [Line {
            cells: vec![0, 1],
            total: Some(2),
        }];
        assert_eq!(suppress(1, &values, &lines), [false; 3]);
        assert_eq!(suppress(0, &values, &lines), [false; 3]);
    }
}
