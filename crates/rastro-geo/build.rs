//! Builds the gazetteer from the vendored tables once, at compile time, and writes it in its
//! prebuilt form (`src/prebuilt.rs`) to `OUT_DIR/gazetteer.bin`, which `src/lib.rs` compiles in:
//! a process then loads it instead of folding and indexing every name again. The modules that
//! build it are the library's own, read from `src/`, so there is one builder.

// The library's modules hold more than building needs (lookups, tests' helpers).
#![allow(dead_code)]

#[path = "src/build.rs"]
mod build;
#[path = "src/countries.rs"]
mod countries;
#[path = "src/form.rs"]
mod form;
#[path = "src/gazetteer.rs"]
mod gazetteer;
#[path = "src/matcher.rs"]
mod matcher;
#[path = "src/prebuilt.rs"]
mod prebuilt;
#[path = "src/tables.rs"]
mod tables;

fn main() {
    for source in [
        "data",
        "src/build.rs",
        "src/countries.rs",
        "src/form.rs",
        "src/gazetteer.rs",
        "src/matcher.rs",
        "src/prebuilt.rs",
        "src/tables.rs",
        "build.rs",
    ] {
        println!("cargo:rerun-if-changed={source}");
    }
    let Some(out_dir) = std::env::var_os("OUT_DIR") else {
        eprintln!("cargo sets OUT_DIR for build scripts; it is missing");
        std::process::exit(1);
    };
    let gazetteer = build::build();
    for error in gazetteer.data_errors() {
        println!("cargo:warning=gazetteer table: {error}");
    }
    let path = std::path::Path::new(&out_dir).join("gazetteer.bin");
    if let Err(e) = std::fs::write(&path, prebuilt::encode(&gazetteer)) {
        eprintln!("{}: {e}", path.display());
        std::process::exit(1);
    }
}
