//! The public API as the store will call it, in one test binary (one link instead of six).

mod chain;
mod envelope;
mod key_file;
mod keyed_hashes;
mod password;
mod token;
