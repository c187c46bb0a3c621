//! How much the vault costs per record, sign-in and API call, so the store can decide what to
//! encrypt and the numbers in reviews are measured, not guessed. Run with
//! `cargo run --release -p rastro-vault --bin rastro-vault-bench`. Each figure is the median of
//! several runs.

use std::error::Error;
use std::hint::black_box;
use std::time::{Duration, Instant};

use rastro_vault::{password, token, DataKey, MasterKey, VaultError};

const RUNS: usize = 7;

fn main() -> Result<(), Box<dyn Error>> {
    let cores = std::thread::available_parallelism().map_or(0, |n| n.get());
    println!(
        "rastro-vault bench: {} ({cores} cores), median of {RUNS} runs",
        cpu_model()
    );

    let key = DataKey::generate()?;
    let aad = b"01HZX3Q8B5K2M7N4P6R9S0T1V2";

    let big = vec![0x5a_u8; 1 << 20];
    let sealed_big = key.seal(&big, aad)?;
    let seal_mb = throughput(big.len(), 64, || key.seal(black_box(&big), aad).map(drop))?;
    let open_mb = throughput(big.len(), 64, || {
        key.open(black_box(&sealed_big), aad).map(drop)
    })?;
    println!("seal 1 MiB messages      {seal_mb:>10.0} MB/s");
    println!("open 1 MiB messages      {open_mb:>10.0} MB/s");

    let record = vec![0x5a_u8; 300];
    let sealed_record = key.seal(&record, aad)?;
    let seal_us = per_op_us(20_000, || key.seal(black_box(&record), aad).map(drop))?;
    let open_us = per_op_us(20_000, || {
        key.open(black_box(&sealed_record), aad).map(drop)
    })?;
    println!("seal 300-byte record     {seal_us:>10.2} µs");
    println!("open 300-byte record     {open_us:>10.2} µs");

    let master = MasterKey::generate()?;
    let pseudonyms = master.derive("pseudonym");
    let pseudonym_us = per_op_us(100_000, || {
        black_box(pseudonyms.pseudonym("P-", black_box("V-12345678")));
        Ok::<(), VaultError>(())
    })?;
    println!("pseudonym                {pseudonym_us:>10.2} µs");
    let wrapped = master.try_wrap(&key, "org")?;
    let unwrap_us = per_op_us(20_000, || {
        master.unwrap(black_box(&wrapped), "org").map(drop)
    })?;
    println!("unwrap data key          {unwrap_us:>10.2} µs");

    let hash_ms = median(
        (0..RUNS)
            .map(|_| time(|| password::hash(black_box("correct horse battery staple")).map(drop)))
            .collect::<Result<_, _>>()?,
    )
    .as_secs_f64()
        * 1e3;
    println!("password hash (Argon2id) {hash_ms:>10.1} ms");

    let t = token::Token::generate()?;
    let stored = token::hash_secret(&t.secret);
    let verify_us = per_op_us(100_000, || {
        black_box(token::verify_secret(black_box(&t.secret), &stored));
        Ok::<(), VaultError>(())
    })?;
    println!("token verify             {verify_us:>10.2} µs");
    Ok(())
}

fn time<E>(mut f: impl FnMut() -> Result<(), E>) -> Result<Duration, E> {
    let start = Instant::now();
    f()?;
    Ok(start.elapsed())
}

fn median(mut runs: Vec<Duration>) -> Duration {
    runs.sort();
    runs[runs.len() / 2]
}

/// Median over runs of `ops` calls each, in microseconds per call.
fn per_op_us<E>(ops: u32, mut f: impl FnMut() -> Result<(), E>) -> Result<f64, E> {
    let mut runs = Vec::with_capacity(RUNS);
    for _ in 0..RUNS {
        runs.push(time(|| (0..ops).try_for_each(|_| f()))?);
    }
    Ok(median(runs).as_secs_f64() * 1e6 / f64::from(ops))
}

/// Median over runs of `ops` calls each on `bytes`-byte messages, in MB/s (10^6 bytes).
fn throughput<E>(bytes: usize, ops: u32, f: impl FnMut() -> Result<(), E>) -> Result<f64, E> {
    let us = per_op_us(ops, f)?;
    Ok(bytes as f64 / us)
}

fn cpu_model() -> String {
    std::fs::read_to_string("/proc/cpuinfo")
        .ok()
        .and_then(|info| {
            info.lines()
                .find(|l| l.starts_with("model name"))
                .and_then(|l| l.split_once(':'))
                .map(|(_, name)| name.trim().to_string())
        })
        .unwrap_or_else(|| std::env::consts::ARCH.to_string())
}
