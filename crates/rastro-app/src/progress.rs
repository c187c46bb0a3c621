//! How a use case tells its caller how far it got: the CLI draws bars from it, a server will
//! report it on a job. The application layer never touches a terminal.

/// What a count is of.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Unit {
    Bytes,
    Items,
}

/// Receives progress. Every method has a default that does nothing.
pub trait Progress: Sync {
    /// A stage starts: `label` says what is being done, `total` how much there is.
    fn start(&self, _label: &str, _total: u64, _unit: Unit) {}
    fn advance(&self, _by: u64) {}
    fn set_position(&self, _position: u64) {}
    fn finish(&self) {}
}

/// Progress that goes nowhere.
pub struct Quiet;
impl Progress for Quiet {}

/// The linkage engine's stages, reported through the same [`Progress`].
pub(crate) struct LinkStages<'p>(pub &'p dyn Progress);

impl rastro_link::Progress for LinkStages<'_> {
    fn start(&self, stage: rastro_link::Stage, total: u64) {
        let label = match stage {
            rastro_link::Stage::Compare => "comparing candidate pairs",
            rastro_link::Stage::SampleU => "comparing random pairs (u)",
            rastro_link::Stage::Train => "EM iterations",
            rastro_link::Stage::Score => "scoring",
        };
        self.0.start(label, total, Unit::Items);
    }

    fn advance(&self, by: u64) {
        self.0.advance(by);
    }

    fn finish(&self) {
        self.0.finish();
    }
}

/// A reader that reports the bytes read through it.
pub(crate) struct Counted<'p, R> {
    inner: R,
    read: u64,
    progress: &'p dyn Progress,
}

impl<'p, R> Counted<'p, R> {
    pub fn new(inner: R, progress: &'p dyn Progress) -> Self {
        Counted {
            inner,
            read: 0,
            progress,
        }
    }
}

impl<R: std::io::Read> std::io::Read for Counted<'_, R> {
    fn read(&mut self, buf: &mut [u8]) -> std::io::Result<usize> {
        let n = self.inner.read(buf)?;
        self.read += n as u64;
        self.progress.set_position(self.read);
        Ok(n)
    }
}
