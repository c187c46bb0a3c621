//! Reading one line with a bound on what is kept: a file without line breaks (or with one
//! enormous line) must not be read into memory whole.

use std::io::{self, BufRead};

/// A line as read: at most `max` bytes of it kept, the rest consumed and dropped.
pub struct BoundedLine {
    pub bytes: Vec<u8>,
    /// Bytes consumed from the input, the dropped ones included.
    pub consumed: usize,
    /// Whether bytes were dropped.
    pub cut: bool,
}

/// Reads up to and including the next `\n`; `Ok(None)` at the end of the input.
pub fn read_bounded_line<R: BufRead>(input: &mut R, max: usize) -> io::Result<Option<BoundedLine>> {
    let mut line = BoundedLine {
        bytes: Vec::new(),
        consumed: 0,
        cut: false,
    };
    loop {
        let chunk = input.fill_buf()?;
        if chunk.is_empty() {
            break;
        }
        let (take, done) = match chunk.iter().position(|&b| b == b'\n') {
            Some(i) => (i + 1, true),
            None => (chunk.len(), false),
        };
        let room = max.saturating_sub(line.bytes.len());
        line.bytes.extend_from_slice(&chunk[..take.min(room)]);
        line.cut |= take > room;
        line.consumed += take;
        input.consume(take);
        if done {
            break;
        }
    }
    Ok((line.consumed > 0).then_some(line))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn long_lines_are_cut_and_the_next_line_is_whole() {
        let mut input: &[u8] = b"abcdefgh\nxy\nlast";
        let first = read_bounded_line(&mut input, 4).unwrap().unwrap();
        assert_eq!(
            (first.bytes.as_slice(), first.consumed, first.cut),
            (&b"abcd"[..], 9, true)
        );
        let second = read_bounded_line(&mut input, 4).unwrap().unwrap();
        assert_eq!((second.bytes.as_slice(), second.cut), (&b"xy\n"[..], false));
        let last = read_bounded_line(&mut input, 4).unwrap().unwrap();
        assert_eq!(last.bytes, b"last");
        assert!(read_bounded_line(&mut input, 4).unwrap().is_none());
    }
}
