//! How a queued job's file is kept: compressed before it is sealed. A queued case file is
//! written in one transaction, and on SQLite that transaction holds the only write lock while
//! every request of every node waits to record its trace: a 19 MB CSV held it for a third of a
//! second and left 19 MB of log for the next commit to fold back, which stalled a hub's
//! requests for over a second. Case files are text that deflates to a fraction of their size,
//! and compressing happens before the write, outside the lock. Files kept before this have no
//! mark and are read as they are.

use std::io::{Read, Write};

use flate2::read::DeflateDecoder;
use flate2::write::DeflateEncoder;
use flate2::Compression;

use crate::error::{Result, StoreError};

/// What a compressed file begins with. A case file (text, or a spreadsheet's `PK`) never
/// begins with a NUL byte, so a file kept before carries no such mark by chance.
const MARK: &[u8; 6] = b"\0rzf1\0";

/// The file as it is kept: the mark, its length, and its bytes deflated.
pub(crate) fn pack(file: &[u8]) -> Result<Vec<u8>> {
    let mut out = Vec::with_capacity(file.len() / 4 + 16);
    out.extend_from_slice(MARK);
    out.extend_from_slice(&(file.len() as u64).to_le_bytes());
    // The fastest level: the point is a short write, and text still shrinks several times.
    let mut encoder = DeflateEncoder::new(out, Compression::fast());
    encoder.write_all(file).map_err(packing)?;
    encoder.finish().map_err(packing)
}

/// The file [`pack`] kept (or, without the mark, the file kept before as it was).
pub(crate) fn unpack(job_id: &str, kept: Vec<u8>) -> Result<Vec<u8>> {
    let Some(rest) = kept.strip_prefix(MARK.as_slice()) else {
        return Ok(kept);
    };
    let corrupt = |reason: String| StoreError::Corrupt {
        id: job_id.to_string(),
        reason,
    };
    let (length, deflated) = rest
        .split_first_chunk::<8>()
        .ok_or_else(|| corrupt("its file is cut short".into()))?;
    let length = u64::from_le_bytes(*length);
    let mut file = Vec::with_capacity(usize::try_from(length).unwrap_or(0).min(1 << 30));
    // Read one byte past the stated length, so that a longer stream is caught, not cut.
    DeflateDecoder::new(deflated)
        .take(length.saturating_add(1))
        .read_to_end(&mut file)
        .map_err(|e| corrupt(format!("its file does not inflate: {e}")))?;
    if file.len() as u64 != length {
        return Err(corrupt(format!(
            "its file inflates to {} bytes, not the {length} it was",
            file.len()
        )));
    }
    Ok(file)
}

fn packing(e: std::io::Error) -> StoreError {
    StoreError::Invalid(format!("a job's file could not be compressed: {e}"))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn case_file(rows: usize) -> Vec<u8> {
        let mut csv = String::from("case_id,first_name,family_name,birth_date,citizenship\n");
        for i in 0..rows {
            csv.push_str(&format!(
                "C{i:06},María José,Pérez Gómez,1990-0{}-1{},VE\n",
                i % 9 + 1,
                i % 10
            ));
        }
        csv.into_bytes()
    }

    #[test]
    fn a_file_comes_back_as_it_was_and_is_kept_much_smaller() {
        for file in [
            case_file(20_000),
            Vec::new(),
            b"PK\x03\x04 a spreadsheet".to_vec(),
        ] {
            let kept = pack(&file).unwrap();
            assert_eq!(unpack("j", kept.clone()).unwrap(), file);
            if file.len() > 100_000 {
                assert!(
                    kept.len() * 4 < file.len(),
                    "{} of {}",
                    kept.len(),
                    file.len()
                );
            }
        }
    }

    #[test]
    fn a_file_kept_before_compression_is_read_as_it_is() {
        let file = case_file(10);
        assert_eq!(unpack("j", file.clone()).unwrap(), file);
    }

    #[test]
    fn a_damaged_file_is_said_to_be_corrupt_and_never_panics() {
        let kept = pack(&case_file(2_000)).unwrap();
        for cut in [
            MARK.len(),
            MARK.len() + 4,
            MARK.len() + 8,
            kept.len() / 2,
            kept.len() - 1,
        ] {
            assert!(
                matches!(
                    unpack("j", kept[..cut].to_vec()),
                    Err(StoreError::Corrupt { .. })
                ),
                "cut at {cut}"
            );
        }
        // A stated length that the stream does not match, either way.
        for claimed in [0u64, 5, u64::MAX] {
            let mut wrong = kept.clone();
            wrong[MARK.len()..MARK.len() + 8].copy_from_slice(&claimed.to_le_bytes());
            assert!(
                matches!(unpack("j", wrong), Err(StoreError::Corrupt { .. })),
                "{claimed}"
            );
        }
    }
}
