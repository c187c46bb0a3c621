//! The crate's one error type. Queries on a built graph fail only when asked about a node it
//! does not have; exports fail only when their writer does.

use thiserror::Error;

#[derive(Debug, Error)]
pub enum GraphError {
    #[error(
        "the graph is too large to number: more than 4 billion nodes, edge ends or bytes of text"
    )]
    TooLarge,
    #[error("node {0} is not in this graph")]
    UnknownNode(u32),
    #[error("a worker thread of the analysis failed")]
    Worker,
    #[error("writing the export failed: {0}")]
    Write(#[from] std::io::Error),
}
