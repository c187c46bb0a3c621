//! A response body fed from a blocking task: a store cursor writes rows as they are read, and
//! they leave as they are written, so an export of any size is never held in memory.

use std::io::Write;
use std::pin::Pin;
use std::task::{Context, Poll};

use axum::body::Bytes;
use http_body::{Body, Frame};
use tokio::sync::mpsc;

/// Chunks of this size are sent; smaller writes are gathered first.
const CHUNK: usize = 64 * 1024;

pub struct ChannelBody {
    receiver: mpsc::Receiver<Result<Bytes, std::io::Error>>,
}

impl Body for ChannelBody {
    type Data = Bytes;
    type Error = std::io::Error;

    fn poll_frame(
        mut self: Pin<&mut Self>,
        cx: &mut Context<'_>,
    ) -> Poll<Option<Result<Frame<Bytes>, std::io::Error>>> {
        self.receiver
            .poll_recv(cx)
            .map(|chunk| chunk.map(|c| c.map(Frame::data)))
    }
}

/// The writing end, for a blocking task; dropping it ends the body.
pub struct ChannelWriter {
    sender: mpsc::Sender<Result<Bytes, std::io::Error>>,
    buffer: Vec<u8>,
}

/// Ends a body with an error after its writer has been handed away: the client sees a broken
/// transfer, never a file that looks complete.
pub struct Failer(mpsc::Sender<Result<Bytes, std::io::Error>>);

impl Failer {
    pub fn fail(self, error: String) {
        let _ = self.0.blocking_send(Err(std::io::Error::other(error)));
    }
}

impl Write for ChannelWriter {
    fn write(&mut self, data: &[u8]) -> std::io::Result<usize> {
        self.buffer.extend_from_slice(data);
        if self.buffer.len() >= CHUNK {
            self.flush()?;
        }
        Ok(data.len())
    }

    fn flush(&mut self) -> std::io::Result<()> {
        if self.buffer.is_empty() {
            return Ok(());
        }
        let chunk = Bytes::from(std::mem::take(&mut self.buffer));
        self.sender.blocking_send(Ok(chunk)).map_err(|_| {
            std::io::Error::new(std::io::ErrorKind::BrokenPipe, "the client went away")
        })
    }
}

impl Drop for ChannelWriter {
    fn drop(&mut self) {
        let _ = self.flush();
    }
}

pub fn channel() -> (ChannelWriter, Failer, ChannelBody) {
    let (sender, receiver) = mpsc::channel(8);
    (
        ChannelWriter {
            sender: sender.clone(),
            buffer: Vec::with_capacity(CHUNK),
        },
        Failer(sender),
        ChannelBody { receiver },
    )
}
