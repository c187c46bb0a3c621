//! Edit distances: how many keystrokes apart two strings are.
//!
//! Name comparison, record linkage and "did you mean" suggestions all ask this question; with one
//! implementation they cannot disagree on what a typo is. Distances count characters, not bytes
//! ("josé" / "jose" is one edit); both strings in ASCII (folded keys and name tokens always are)
//! take a byte path that gives the same answer faster.

/// Levenshtein distance: insertions, deletions and substitutions of characters.
///
/// ```
/// assert_eq!(rastro_text::levenshtein("kitten", "sitting"), 3);
/// assert_eq!(rastro_text::levenshtein("josé", "jose"), 1);
/// ```
pub fn levenshtein(a: &str, b: &str) -> usize {
    with_units(
        a,
        b,
        |x, y| distance(x, y, false),
        |x, y| distance(x, y, false),
    )
}

/// Damerau–Levenshtein distance in its optimal-string-alignment form: adjacent transpositions
/// ("Maria" / "Mraia") cost one edit, as typists make them.
pub fn damerau_levenshtein(a: &str, b: &str) -> usize {
    with_units(
        a,
        b,
        |x, y| distance(x, y, true),
        |x, y| distance(x, y, true),
    )
}

/// Whether the Levenshtein distance of `a` and `b` is at most `max`. Equal-length ASCII values
/// (dates' digits, codes) are settled by counting differing positions where that decides, and
/// most unrelated values by their letter counts, before any table is filled: record linkage asks
/// this of millions of random pairs.
pub fn levenshtein_within(a: &str, b: &str, max: u32) -> bool {
    if a == b {
        return true;
    }
    let max = max as usize;
    if a.is_ascii() && b.is_ascii() {
        if a.len().abs_diff(b.len()) > max {
            return false;
        }
        if a.len() == b.len() {
            let differing = a.bytes().zip(b.bytes()).filter(|(x, y)| x != y).count();
            if differing <= max {
                return true;
            }
            // A single edit between equal lengths can only be a substitution.
            if max <= 1 {
                return false;
            }
        }
        // Every edit-free position pairs a shared character, so the distance is at least the
        // longer length minus the shared characters.
        let (la, lb) = (letter_counts(a), letter_counts(b));
        let shared: usize = la
            .iter()
            .zip(&lb)
            .map(|(x, y)| usize::from(*x.min(y)))
            .sum();
        let longer = a.len().max(b.len());
        if longer - shared.min(longer) > max {
            return false;
        }
    }
    levenshtein(a, b) <= max
}

/// The Damerau–Levenshtein distance of `a` and `b` if it is at most `max`, else `None`. The table
/// is abandoned as soon as two rows in a row exceed `max`, so strings far apart cost a few rows,
/// not the whole table.
pub fn damerau_levenshtein_within(a: &str, b: &str, max: usize) -> Option<usize> {
    with_units(
        a,
        b,
        |x, y| bounded_osa(x, y, max),
        |x, y| bounded_osa(x, y, max),
    )
}

/// Whether two strings are at most one edit apart (insertion, deletion, substitution or adjacent
/// transposition): [`damerau_levenshtein`] ≤ 1 in one pass instead of a table. Name comparison
/// asks it of every pair of tokens.
#[inline]
pub fn within_one_edit(a: &str, b: &str) -> bool {
    if !(a.is_ascii() && b.is_ascii()) {
        return damerau_levenshtein(a, b) <= 1;
    }
    let (x, y) = (a.as_bytes(), b.as_bytes());
    let (short, long) = if x.len() <= y.len() { (x, y) } else { (y, x) };
    if long.len() - short.len() > 1 {
        return false;
    }
    let prefix = short.iter().zip(long).take_while(|(p, q)| p == q).count();
    if short.len() == long.len() {
        if prefix == short.len() {
            return true;
        }
        // One substitution, or one swap of neighbours, then the rest equal.
        let i = prefix;
        short[i + 1..] == long[i + 1..]
            || (i + 1 < short.len()
                && short[i] == long[i + 1]
                && short[i + 1] == long[i]
                && short[i + 2..] == long[i + 2..])
    } else {
        // One letter inserted into the shorter at the first difference.
        short[prefix..] == long[prefix + 1..]
    }
}

/// Runs `bytes` on two ASCII strings and `chars` on the characters of any others: the answer is
/// the same, and the byte path allocates nothing. For any measure written over units.
pub fn with_units<R>(
    a: &str,
    b: &str,
    bytes: impl Fn(&[u8], &[u8]) -> R,
    chars: impl Fn(&[char], &[char]) -> R,
) -> R {
    if a.is_ascii() && b.is_ascii() {
        bytes(a.as_bytes(), b.as_bytes())
    } else {
        let x: Vec<char> = a.chars().collect();
        let y: Vec<char> = b.chars().collect();
        chars(&x, &y)
    }
}

/// Counts of ASCII bytes by their low five bits. Letters share a slot with one punctuation mark
/// or digit at most, which can only overcount shared characters and so keeps the bound a bound.
fn letter_counts(value: &str) -> [u8; 32] {
    let mut counts = [0u8; 32];
    for byte in value.bytes() {
        let slot = &mut counts[usize::from(byte & 31)];
        *slot = slot.saturating_add(1);
    }
    counts
}

/// Three rows of the distance table, on the stack when the strings are short (names and keys
/// are), so the hot paths do not allocate.
struct Rows<const SMALL: usize> {
    stack: [[usize; SMALL]; 3],
    heap: Vec<usize>,
    width: usize,
}

impl<const SMALL: usize> Rows<SMALL> {
    fn new(width: usize) -> Self {
        Rows {
            stack: [[0; SMALL]; 3],
            heap: if width <= SMALL {
                Vec::new()
            } else {
                vec![0; 3 * width]
            },
            width,
        }
    }

    /// The rows two before, one before and current.
    fn split(&mut self) -> (&mut [usize], &mut [usize], &mut [usize]) {
        let w = self.width;
        if w <= SMALL {
            let [a, b, c] = &mut self.stack;
            (&mut a[..w], &mut b[..w], &mut c[..w])
        } else {
            let (a, rest) = self.heap.split_at_mut(w);
            let (b, c) = rest.split_at_mut(w);
            (a, b, c)
        }
    }
}

fn distance<T: PartialEq>(a: &[T], b: &[T], transpose: bool) -> usize {
    if a.is_empty() {
        return b.len();
    }
    if b.is_empty() {
        return a.len();
    }
    let mut rows = Rows::<48>::new(b.len() + 1);
    let (mut prev2, mut prev, mut cur) = rows.split();
    for (j, p) in prev.iter_mut().enumerate() {
        *p = j;
    }
    for i in 1..=a.len() {
        cur[0] = i;
        for j in 1..=b.len() {
            let cost = usize::from(a[i - 1] != b[j - 1]);
            let mut d = (prev[j] + 1).min(cur[j - 1] + 1).min(prev[j - 1] + cost);
            if transpose && i > 1 && j > 1 && a[i - 1] == b[j - 2] && a[i - 2] == b[j - 1] {
                d = d.min(prev2[j - 2] + 1);
            }
            cur[j] = d;
        }
        std::mem::swap(&mut prev2, &mut prev);
        std::mem::swap(&mut prev, &mut cur);
    }
    prev[b.len()]
}

/// Optimal-string-alignment distance if it is at most `max`.
fn bounded_osa<T: PartialEq>(a: &[T], b: &[T], max: usize) -> Option<usize> {
    if a.len().abs_diff(b.len()) > max {
        return None;
    }
    let mut rows = Rows::<64>::new(b.len() + 1);
    let (mut prev2, mut prev, mut cur) = rows.split();
    for (j, p) in prev.iter_mut().enumerate() {
        *p = j;
    }
    let mut prev_min = 0;
    for i in 1..=a.len() {
        cur[0] = i;
        let mut row_min = i;
        for j in 1..=b.len() {
            let cost = usize::from(a[i - 1] != b[j - 1]);
            let mut d = (prev[j] + 1).min(cur[j - 1] + 1).min(prev[j - 1] + cost);
            if i > 1 && j > 1 && a[i - 1] == b[j - 2] && a[i - 2] == b[j - 1] {
                d = d.min(prev2[j - 2] + 1);
            }
            cur[j] = d;
            row_min = row_min.min(d);
        }
        // A row draws only on the two before it: once two rows are both over the limit, every
        // later one is too.
        if row_min > max && prev_min > max {
            return None;
        }
        prev_min = row_min;
        std::mem::swap(&mut prev2, &mut prev);
        std::mem::swap(&mut prev, &mut cur);
    }
    let d = prev[b.len()];
    (d <= max).then_some(d)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reference_distances() {
        assert_eq!(levenshtein("kitten", "sitting"), 3);
        assert_eq!(levenshtein("", "abc"), 3);
        assert_eq!(levenshtein("maria", "mraia"), 2);
        assert_eq!(damerau_levenshtein("maria", "mraia"), 1);
        assert_eq!(damerau_levenshtein("ca", "abc"), 3);
    }

    #[test]
    fn distances_count_characters_not_bytes() {
        assert_eq!(levenshtein("josé", "jose"), 1);
        assert_eq!(damerau_levenshtein("josé", "jsoé"), 1);
        assert_eq!(levenshtein("хосе", "хозе"), 1);
        assert_eq!(damerau_levenshtein_within("josé", "jose", 1), Some(1));
    }

    #[test]
    fn long_strings_leave_the_stack_rows() {
        let a = "a".repeat(200);
        let b = format!("{}b", "a".repeat(150));
        assert_eq!(levenshtein(&a, &b), 50);
        assert_eq!(damerau_levenshtein_within(&a, &b, 60), Some(50));
        assert_eq!(damerau_levenshtein_within(&a, &b, 49), None);
    }

    #[test]
    fn shortcuts_agree_with_the_full_computation() {
        let values = [
            "19810407", "19810408", "19810470", "18910407", "1981047", "19910507", "", "maria",
            "mraia", "marai", "mari", "amria", "mario", "marias", "maaria", "mar", "m", "sko",
            "sok", "yyu", "yu", "josé", "jose", "jsoe",
        ];
        for a in values {
            for b in values {
                let full = levenshtein(a, b);
                let osa = damerau_levenshtein(a, b);
                assert_eq!(within_one_edit(a, b), osa <= 1, "{a} / {b}");
                for max in 0..4 {
                    assert_eq!(
                        levenshtein_within(a, b, max),
                        full <= max as usize,
                        "{a} {b}"
                    );
                    let bounded = damerau_levenshtein_within(a, b, max as usize);
                    assert_eq!(bounded, (osa <= max as usize).then_some(osa), "{a} {b}");
                }
            }
        }
    }
}
