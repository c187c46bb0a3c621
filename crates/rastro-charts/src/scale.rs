//! Turning counts into lengths, axis ticks and map bins.

/// Axis ticks from 0 up to at least `max`, about `target` of them, at steps of 1, 2 or 5 times a
/// power of ten.
///
/// Steps are whole numbers because the values are counts of people and events: an axis reading
/// 0.5 cases would be nonsense. The last tick is the first one at or above `max`, so the axis
/// always covers the longest bar.
pub(crate) fn ticks(max: u64, target: usize) -> Vec<u64> {
    let target = target.max(1);
    if max == 0 {
        return vec![0, 1];
    }
    let raw = max as f64 / target as f64;
    let magnitude = 10f64.powf(raw.log10().floor());
    let nice = match raw / magnitude {
        r if r <= 1.0 => 1.0,
        r if r <= 2.0 => 2.0,
        r if r <= 5.0 => 5.0,
        _ => 10.0,
    };
    // `as` saturates, and a step below 1 would only repeat whole numbers.
    let step = ((nice * magnitude) as u64).max(1);
    let mut out = vec![0];
    let mut tick = 0u64;
    while tick < max {
        match tick.checked_add(step) {
            Some(next) => tick = next,
            None => {
                // Near u64::MAX the next round step does not exist; end on the maximum itself.
                tick = max;
            }
        }
        out.push(tick);
    }
    out
}

/// Position along an axis of length `length` for `value` on a scale from 0 to `top`.
pub(crate) fn position(value: u64, top: u64, length: f64) -> f64 {
    if top == 0 {
        return 0.0;
    }
    (value as f64 / top as f64).min(1.0) * length
}

/// Inclusive ranges of counts, each coloured with one step of the map's ramp.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Bins {
    pub(crate) ranges: Vec<(u64, u64)>,
}

impl Bins {
    /// Quantile bins over `values`: each bin holds about the same number of regions.
    ///
    /// Case counts are heavily skewed (one country with thousands, many with a handful), so
    /// equal-width bins would paint nearly every country the lightest colour; equal-count bins
    /// keep the differences among the many small countries visible. Bins never split one value,
    /// so there can be fewer than `max_bins`. Ranges are whole numbers, written in the legend
    /// as `lo–hi`, and each starts one above the previous end.
    pub(crate) fn quantile(values: &[u64], max_bins: usize) -> Bins {
        let mut sorted = values.to_vec();
        sorted.sort_unstable();
        let Some(&first) = sorted.first() else {
            return Bins { ranges: Vec::new() };
        };
        let mut distinct = sorted.clone();
        distinct.dedup();
        let bins = max_bins.max(1).min(distinct.len());
        let n = sorted.len();
        let mut ranges = Vec::with_capacity(bins);
        let mut low = first;
        for i in 1..=bins {
            // Upper bound of bin i: the value at the i/bins quantile (nearest rank).
            let rank = (i * n).div_ceil(bins).clamp(1, n);
            let high = sorted[rank - 1];
            if ranges.last().is_some_and(|&(_, end)| high <= end) {
                continue;
            }
            ranges.push((low, high));
            low = high.saturating_add(1);
        }
        Bins { ranges }
    }

    /// Index of the bin holding `value`; values outside every bin go to the nearest end.
    pub(crate) fn index(&self, value: u64) -> usize {
        self.ranges
            .iter()
            .position(|&(_, high)| value <= high)
            .unwrap_or(self.ranges.len().saturating_sub(1))
    }

    pub(crate) fn len(&self) -> usize {
        self.ranges.len()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ticks_are_round_and_cover_the_maximum() {
        assert_eq!(ticks(0, 5), vec![0, 1]);
        assert_eq!(ticks(1, 5), vec![0, 1]);
        assert_eq!(ticks(7, 5), vec![0, 2, 4, 6, 8]);
        assert_eq!(ticks(100, 5), vec![0, 20, 40, 60, 80, 100]);
        assert_eq!(ticks(1234, 4), vec![0, 500, 1000, 1500]);
        assert_eq!(ticks(3, 10), vec![0, 1, 2, 3]);
    }

    #[test]
    fn ticks_survive_the_largest_counts() {
        let t = ticks(u64::MAX, 5);
        assert_eq!(t.last(), Some(&u64::MAX));
        assert!(t.windows(2).all(|w| w[0] < w[1]));
        assert!(t.len() < 20);
    }

    #[test]
    fn positions_scale_linearly() {
        assert_eq!(position(50, 100, 200.0), 100.0);
        assert_eq!(position(0, 0, 200.0), 0.0);
        assert_eq!(position(300, 100, 200.0), 200.0);
    }

    #[test]
    fn quantile_bins_partition_the_values() {
        let values = [1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 50, 100, 1000, 5000];
        let bins = Bins::quantile(&values, 7);
        assert_eq!(bins.len(), 7);
        assert_eq!(bins.ranges.first().map(|r| r.0), Some(1));
        assert_eq!(bins.ranges.last().map(|r| r.1), Some(5000));
        for pair in bins.ranges.windows(2) {
            assert_eq!(pair[1].0, pair[0].1 + 1, "{:?}", bins.ranges);
        }
        for &v in &values {
            let (low, high) = bins.ranges[bins.index(v)];
            assert!(low <= v && v <= high);
        }
        // Skewed data: the small counts are not all lumped into the first bin.
        assert!(bins.index(3) < bins.index(9));
        assert_eq!(bins.index(5000), 6);
    }

    #[test]
    fn few_distinct_values_give_few_bins() {
        let bins = Bins::quantile(&[4, 4, 4, 9], 7);
        assert_eq!(bins.ranges, vec![(4, 4), (5, 9)]);
        assert_eq!(Bins::quantile(&[12], 7).ranges, vec![(12, 12)]);
        assert_eq!(Bins::quantile(&[], 7).len(), 0);
        assert_eq!(
            Bins::quantile(&[0, u64::MAX], 7).ranges,
            vec![(0, 0), (1, u64::MAX)]
        );
    }
}
