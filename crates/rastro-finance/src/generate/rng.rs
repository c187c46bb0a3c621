//! A small deterministic random generator (SplitMix64), and streams derived from a seed and a
//! name, so that each account's day is drawn from its own stream: adding an account or a day
//! does not reshuffle the others. Only integer and basic float arithmetic is used, so a seed
//! gives the same data on every platform.

pub(crate) struct Rng(u64);

/// Mixes numbers into one well-spread 64-bit value.
pub(crate) fn mix(parts: &[u64]) -> u64 {
    let mut h = 0x243F_6A88_85A3_08D3u64;
    for p in parts {
        h = splitmix(h ^ p.wrapping_mul(0x9E37_79B9_7F4A_7C15));
    }
    h
}

fn splitmix(mut z: u64) -> u64 {
    z = z.wrapping_add(0x9E37_79B9_7F4A_7C15);
    z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
    z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
    z ^ (z >> 31)
}

impl Rng {
    /// The stream of one (seed, kind, entity, day).
    pub(crate) fn stream(parts: &[u64]) -> Rng {
        Rng(mix(parts))
    }

    pub(crate) fn next_u64(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }

    /// Uniform in [0, 1).
    pub(crate) fn unit(&mut self) -> f64 {
        (self.next_u64() >> 11) as f64 / (1u64 << 53) as f64
    }

    /// Uniform in [0, n); 0 when n is 0.
    pub(crate) fn below(&mut self, n: usize) -> usize {
        if n == 0 {
            return 0;
        }
        (((self.next_u64() >> 32) * n as u64) >> 32) as usize
    }

    /// Uniform in [low, high].
    pub(crate) fn range(&mut self, low: u32, high: u32) -> u32 {
        if high <= low {
            return low;
        }
        low + self.below((high - low + 1) as usize) as u32
    }

    /// Uniform in [low, high).
    pub(crate) fn between(&mut self, low: f64, high: f64) -> f64 {
        low + (high - low) * self.unit()
    }

    pub(crate) fn chance(&mut self, p: f64) -> bool {
        self.unit() < p
    }

    pub(crate) fn pick<'a, T>(&mut self, items: &'a [T]) -> &'a T {
        &items[self.below(items.len())]
    }

    /// Picks an index by weight.
    pub(crate) fn weighted(&mut self, weights: &[f64]) -> usize {
        let total: f64 = weights.iter().sum();
        let mut target = self.unit() * total;
        for (i, w) in weights.iter().enumerate() {
            if target < *w {
                return i;
            }
            target -= w;
        }
        weights.len().saturating_sub(1)
    }

    /// How many times something with this mean happens: a binomial draw close to Poisson
    /// for small means, without the exponential function.
    pub(crate) fn count(&mut self, mean: f64) -> u32 {
        if mean <= 0.0 {
            return 0;
        }
        let trials = ((mean * 3.0).ceil() as u32).max(6);
        let p = mean / f64::from(trials);
        (0..trials).filter(|_| self.chance(p)).count() as u32
    }

    /// A right-skewed multiplier with median near 1 (between about 0.2 and 2.7): spending and
    /// amounts spread like that, and products of uniforms need no logarithms.
    pub(crate) fn skew(&mut self) -> f64 {
        (0.6 + 0.8 * self.unit()) * (0.6 + 0.8 * self.unit()) * (0.6 + 0.8 * self.unit())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn same_stream_same_numbers_and_sane_ranges() {
        let a: Vec<u64> = {
            let mut r = Rng::stream(&[1, 2, 3]);
            (0..5).map(|_| r.next_u64()).collect()
        };
        let mut r = Rng::stream(&[1, 2, 3]);
        assert!(a.iter().all(|x| *x == r.next_u64()));
        assert_ne!(mix(&[1, 2, 3]), mix(&[1, 2, 4]));
        let mut r = Rng::stream(&[9]);
        let mut total = 0;
        for _ in 0..10_000 {
            assert!(r.below(7) < 7);
            assert!((3..=5).contains(&r.range(3, 5)));
            total += r.count(2.0);
        }
        let mean = f64::from(total) / 10_000.0;
        assert!((mean - 2.0).abs() < 0.1, "{mean}");
    }
}
