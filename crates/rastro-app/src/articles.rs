//! Reading news articles from files and directories (plain text, HTML, JSON lines or a JSON
//! array), for extraction, evaluation and ingestion alike. A path that cannot be read is
//! reported and the others are still read.

use std::fs::File;
use std::io::{BufRead, BufReader, Read};
use std::path::{Path, PathBuf};

use rastro_extract::input::{self, decode, decode_text, Decoded, Format};
use rastro_extract::{jsonl, Article};

use crate::progress::{Progress, Unit};
use crate::{AppError, Result};

/// Plain-text and HTML files larger than this are read only up to here: an article is a few
/// kilobytes, and a runaway file must not cost unbounded memory.
const MAX_ARTICLE_FILE: u64 = 8 * 1024 * 1024;

/// File extensions read when walking a directory.
const ARTICLE_EXTENSIONS: &[&str] = &[
    "txt", "text", "md", "html", "htm", "xhtml", "json", "jsonl", "ndjson", "rss", "atom", "xml",
];

/// What reading the inputs produced, and how many problems were reported on the way.
#[derive(Default)]
pub struct Articles {
    pub articles: Vec<Article>,
    /// The input each article came from, parallel to `articles`.
    pub sources: Vec<String>,
    pub warnings: usize,
    pub errors: usize,
}

impl Articles {
    fn absorb(&mut self, source: &str, decoded: Decoded) {
        for w in &decoded.warnings {
            self.warnings += 1;
            match w.line {
                Some(line) => tracing::warn!("{source}:{line}: {}", w.message),
                None => tracing::warn!("{source}: {}", w.message),
            }
        }
        for e in &decoded.errors {
            self.errors += 1;
            tracing::error!("{source}: {e}; skipped");
        }
        self.sources.extend(std::iter::repeat_n(
            source.to_string(),
            decoded.articles.len(),
        ));
        self.articles.extend(decoded.articles);
    }
}

/// Where articles come from.
pub enum Input<'a> {
    Paths(&'a [PathBuf]),
    /// Bytes already read (standard input, an upload), named for messages.
    Bytes {
        name: &'a str,
        bytes: &'a [u8],
    },
}

/// Reads every input; `except` are files left out when walking directories (the gold file of an
/// evaluation lives beside the articles it annotates).
pub fn read(inputs: &[Input<'_>], except: &[PathBuf], progress: &dyn Progress) -> Articles {
    let except: Vec<PathBuf> = except
        .iter()
        .filter_map(|p| p.canonicalize().ok())
        .collect();
    let mut out = Articles::default();
    let mut files = Vec::new();
    for input in inputs {
        match input {
            Input::Bytes { name, bytes } => {
                let format = Format::detect(name, bytes);
                out.absorb(&format!("<{name}>"), decode(name, format, bytes));
            }
            Input::Paths(paths) => {
                for p in paths.iter() {
                    if p.is_dir() {
                        let mut found = Vec::new();
                        walk(p, &mut found, &mut out);
                        files.extend(
                            found.into_iter().filter(|f| {
                                f.canonicalize().map_or(true, |c| !except.contains(&c))
                            }),
                        );
                    } else {
                        files.push(p.clone());
                    }
                }
            }
        }
    }
    progress.start("reading", files.len() as u64, Unit::Items);
    for path in &files {
        read_file(path, &mut out);
        progress.advance(1);
    }
    progress.finish();
    out
}

/// Reads all of standard input-like `reader` for [`Input::Bytes`].
pub fn read_all(mut reader: impl Read, name: &str) -> Result<Vec<u8>> {
    let mut bytes = Vec::new();
    reader.read_to_end(&mut bytes).map_err(AppError::io(name))?;
    Ok(bytes)
}

fn walk(dir: &Path, files: &mut Vec<PathBuf>, out: &mut Articles) {
    let entries = match std::fs::read_dir(dir) {
        Ok(e) => e,
        Err(e) => {
            out.errors += 1;
            tracing::error!("{}: {e}; skipped", dir.display());
            return;
        }
    };
    let mut paths: Vec<PathBuf> = entries.filter_map(|e| e.ok().map(|e| e.path())).collect();
    paths.sort();
    for p in paths {
        let hidden = p
            .file_name()
            .is_some_and(|n| n.to_string_lossy().starts_with('.'));
        if hidden {
            continue;
        }
        if p.is_dir() {
            walk(&p, files, out);
        } else if p
            .extension()
            .and_then(|e| e.to_str())
            .is_some_and(|e| ARTICLE_EXTENSIONS.contains(&e.to_ascii_lowercase().as_str()))
        {
            files.push(p);
        }
    }
}

fn stem_of(path: &Path) -> String {
    path.file_stem()
        .map(|s| s.to_string_lossy().into_owned())
        .unwrap_or_else(|| path.display().to_string())
}

fn read_file(path: &Path, out: &mut Articles) {
    let source = path.display().to_string();
    let stem = stem_of(path);
    let mut file = match File::open(path) {
        Ok(f) => f,
        Err(e) => {
            out.errors += 1;
            tracing::error!("{source}: {e}; skipped");
            return;
        }
    };
    let size = file.metadata().map(|m| m.len()).unwrap_or(0);
    let mut head = vec![0u8; 8192.min(size as usize)];
    if let Err(e) = file.read_exact(&mut head) {
        out.errors += 1;
        tracing::error!("{source}: {e}; skipped");
        return;
    }
    let format = Format::detect(&source, &head);
    let xml = path
        .extension()
        .is_some_and(|e| e.eq_ignore_ascii_case("xml"));
    if xml && format != Format::Feed {
        out.warnings += 1;
        tracing::warn!("{source}: XML that is not a news feed (RSS or Atom); skipped");
        return;
    }
    if format == Format::JsonLines && !head.trim_ascii_start().starts_with(b"[") {
        // Feeds can be large: read them line by line.
        if let Some(kind) = input::binary_kind(&head) {
            out.absorb(&source, binary(kind));
            return;
        }
        let reader = BufReader::new(head.as_slice().chain(file));
        read_jsonl(&source, &stem, reader, out);
        return;
    }
    let mut bytes = head;
    // A JSON array or a feed holds many articles and must be read whole; anything else is one
    // article.
    let cap = if matches!(format, Format::JsonLines | Format::Feed) {
        u64::MAX
    } else {
        MAX_ARTICLE_FILE
    };
    let limit = cap.saturating_sub(bytes.len() as u64);
    if let Err(e) = (&mut file).take(limit).read_to_end(&mut bytes) {
        out.errors += 1;
        tracing::error!("{source}: {e}; skipped");
        return;
    }
    if size > cap {
        out.warnings += 1;
        tracing::warn!(
            "{source}: {:.1} MB is not an article; only the first {} MB are read",
            size as f64 / 1_048_576.0,
            MAX_ARTICLE_FILE / 1_048_576
        );
    }
    out.absorb(&source, decode(&stem, format, &bytes));
}

fn binary(kind: &'static str) -> Decoded {
    Decoded {
        errors: vec![input::InputError::Binary { kind }],
        ..Decoded::default()
    }
}

fn read_jsonl(source: &str, stem: &str, mut reader: impl BufRead, out: &mut Articles) {
    let mut buf = Vec::new();
    let mut line = 0usize;
    let mut any = false;
    loop {
        buf.clear();
        match reader.read_until(b'\n', &mut buf) {
            Ok(0) => break,
            Ok(_) => {}
            Err(e) => {
                out.errors += 1;
                tracing::error!(
                    "{source}:{}: {e}; the rest of the file is skipped",
                    line + 1
                );
                break;
            }
        }
        line += 1;
        let mut decoded = Decoded::default();
        let (text, warning) = decode_text(&buf);
        if let Some(mut w) = warning {
            w.line = Some(line);
            decoded.warnings.push(w);
        }
        if !text.trim().is_empty() {
            any = true;
        }
        jsonl::read_line(
            stem,
            line,
            text.trim_end_matches(['\n', '\r']),
            &mut decoded,
        );
        out.absorb(source, decoded);
    }
    if !any {
        out.absorb(
            source,
            Decoded {
                errors: vec![input::InputError::Empty],
                ..Decoded::default()
            },
        );
    }
}
