//! Which text encoding a file is in. Spreadsheets saved by Excel on Windows in Latin America are
//! often Windows-1252; everything else is UTF-8. The choice is made once from the start of the file.

/// The encodings Rastro reads text files in.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum TextEncoding {
    Utf8,
    Windows1252,
}

impl TextEncoding {
    pub fn name(self) -> &'static str {
        match self {
            TextEncoding::Utf8 => "UTF-8",
            TextEncoding::Windows1252 => "Windows-1252",
        }
    }

    /// Accepts the usual spellings: utf8, utf-8, cp1252, windows-1252, latin1, iso-8859-1.
    pub fn from_name(name: &str) -> Option<TextEncoding> {
        match name.to_ascii_lowercase().replace(['-', '_'], "").as_str() {
            "utf8" => Some(TextEncoding::Utf8),
            "cp1252" | "windows1252" | "latin1" | "iso88591" | "ansi" => {
                Some(TextEncoding::Windows1252)
            }
            _ => None,
        }
    }
}

/// What the start of a file says about its encoding.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Detection {
    pub encoding: TextEncoding,
    /// Bytes of a byte-order mark to skip.
    pub bom_len: usize,
}

/// Errors that make a text file unreadable as a whole.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum DetectionError {
    Utf16,
    Binary,
}

/// Decides the encoding of a file from its first bytes.
///
/// A file is UTF-8 unless its non-ASCII bytes are mostly not valid UTF-8: a few broken sequences
/// in an otherwise UTF-8 file are row errors to report, not a reason to misread every accent in
/// the file; a file whose accented letters are all single bytes is Windows-1252.
pub fn detect(head: &[u8]) -> Result<Detection, DetectionError> {
    if head.starts_with(&[0xEF, 0xBB, 0xBF]) {
        return Ok(Detection {
            encoding: TextEncoding::Utf8,
            bom_len: 3,
        });
    }
    if head.starts_with(&[0xFF, 0xFE]) || head.starts_with(&[0xFE, 0xFF]) {
        return Err(DetectionError::Utf16);
    }
    let sample = &head[..head.len().min(64 * 1024)];
    let zeros = sample.iter().filter(|&&b| b == 0).count();
    if zeros > 0 && zeros * 100 >= sample.len().max(1) {
        return Err(DetectionError::Binary);
    }
    let (valid_multibyte, invalid) = count_utf8(sample);
    let encoding = if invalid > 0 && invalid > valid_multibyte {
        TextEncoding::Windows1252
    } else {
        TextEncoding::Utf8
    };
    Ok(Detection {
        encoding,
        bom_len: 0,
    })
}

/// Counts valid multi-byte UTF-8 characters and invalid sequences; a sequence cut off by the end
/// of the sample is neither.
fn count_utf8(mut bytes: &[u8]) -> (usize, usize) {
    let (mut valid, mut invalid) = (0, 0);
    loop {
        match std::str::from_utf8(bytes) {
            Ok(text) => {
                valid += text.chars().filter(|c| !c.is_ascii()).count();
                return (valid, invalid);
            }
            Err(e) => {
                let good = &bytes[..e.valid_up_to()];
                // Safe: `good` is exactly the prefix the decoder accepted.
                valid += String::from_utf8_lossy(good)
                    .chars()
                    .filter(|c| !c.is_ascii())
                    .count();
                match e.error_len() {
                    Some(len) => {
                        invalid += 1;
                        bytes = &bytes[e.valid_up_to() + len..];
                    }
                    None => return (valid, invalid),
                }
            }
        }
    }
}

/// Decodes one field. UTF-8 that does not decode is returned lossily with `false`.
pub fn decode(bytes: &[u8], encoding: TextEncoding) -> (String, bool) {
    match encoding {
        TextEncoding::Utf8 => match std::str::from_utf8(bytes) {
            Ok(s) => (s.to_string(), true),
            Err(_) => (String::from_utf8_lossy(bytes).into_owned(), false),
        },
        TextEncoding::Windows1252 => {
            if bytes.is_ascii() {
                // ASCII is the same in both; skip the decoder.
                return (String::from_utf8_lossy(bytes).into_owned(), true);
            }
            let (text, _, _) = encoding_rs::WINDOWS_1252.decode(bytes);
            (text.into_owned(), true)
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn utf8_with_a_few_bad_bytes_stays_utf8() {
        let text = b"nombre\nJos\xc3\xa9\nMar\xc3\xada\nJo\xc3\xa3o\n\xff\n";
        assert_eq!(detect(text).unwrap().encoding, TextEncoding::Utf8);
    }

    #[test]
    fn single_byte_accents_are_windows_1252() {
        let text = b"nombre\nJos\xe9\nMar\xeda\nJo\xe3o\n";
        assert_eq!(detect(text).unwrap().encoding, TextEncoding::Windows1252);
        assert_eq!(decode(b"Jos\xe9", TextEncoding::Windows1252).0, "José");
    }

    #[test]
    fn boms_and_binaries() {
        assert_eq!(detect(b"\xEF\xBB\xBFa,b").unwrap().bom_len, 3);
        assert_eq!(detect(b"\xFF\xFEa\0b\0"), Err(DetectionError::Utf16));
        assert_eq!(detect(b"\0\0\0\x01\x02PK\0\0"), Err(DetectionError::Binary));
    }
}
