//! The numbers new cases' ids encrypt (`ids::case_id`), drawn from the store's counter
//! (`case_id_numbers`) a block at a time, so that an import writes the counter once per block
//! and the index that finds a case by its number grows where the last block left off.

use crate::Result;

/// Numbers drawn at once. A block left unused when the process ends is only a gap; ids need
/// no numbers in between.
pub(crate) const BLOCK: u64 = 4_096;

/// How a backend draws `count` numbers from its counter in one statement: the first of them.
/// The row is made at the first draw, so a copied store brings its counter with its cases.
pub(crate) const DRAW_SQL: &str =
    "INSERT INTO case_id_numbers (one, next) VALUES (1, 1 + CAST(:count AS BIGINT))
     ON CONFLICT (one) DO UPDATE SET next = case_id_numbers.next + CAST(:count AS BIGINT)
     RETURNING next - CAST(:count AS BIGINT)";

/// The numbers drawn and not yet used.
#[derive(Default)]
pub(crate) struct NumberBlock {
    next: u64,
    end: u64,
}

impl NumberBlock {
    /// `n` numbers, drawing more with `draw(count) -> first` when this block runs out.
    pub fn take(&mut self, n: usize, mut draw: impl FnMut(u64) -> Result<u64>) -> Result<Vec<u64>> {
        let mut numbers = Vec::with_capacity(n);
        while numbers.len() < n {
            if self.next == self.end {
                let wanted = BLOCK.max((n - numbers.len()) as u64);
                self.next = draw(wanted)?;
                self.end = self.next + wanted;
            }
            numbers.push(self.next);
            self.next += 1;
        }
        Ok(numbers)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn blocks_are_drawn_only_when_used_up() {
        let mut counter = 1u64;
        let mut draws = 0;
        let mut draw = |count: u64| {
            draws += 1;
            let first = counter;
            counter += count;
            Ok(first)
        };
        let mut block = NumberBlock::default();
        let a = block.take(3, &mut draw).unwrap();
        let b = block.take(BLOCK as usize, &mut draw).unwrap();
        assert_eq!(a, vec![1, 2, 3]);
        assert_eq!(b.first(), Some(&4));
        let mut all: Vec<u64> = a.iter().chain(&b).copied().collect();
        all.dedup();
        assert_eq!(all.len(), 3 + BLOCK as usize);
        assert_eq!(draws, 2);
    }
}
