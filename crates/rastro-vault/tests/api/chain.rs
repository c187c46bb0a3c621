//! Hash chains.

use rastro_vault::chain::{link, GENESIS};

#[test]
fn genesis_is_64_zeros() {
    assert_eq!(GENESIS.len(), 64);
    assert!(GENESIS.bytes().all(|b| b == b'0'));
}

#[test]
fn link_is_deterministic_and_matches_the_documented_formula() {
    let a = link(GENESIS, b"event 1");
    assert_eq!(a, link(GENESIS, b"event 1"));
    assert_eq!(a.len(), 64);
    // sha256(len(p).to_bytes(8, "big") + p.encode() + e).hexdigest(), computed with Python.
    assert_eq!(a, PYTHON_GENESIS_EVENT_1);
}

const PYTHON_GENESIS_EVENT_1: &str =
    "8117241a1fe03662f47a0108f37ade5847675dcfe393e84b08c84c2b8e455283";

#[test]
fn link_changes_with_either_input() {
    let a = link(GENESIS, b"event 1");
    assert_ne!(a, link(GENESIS, b"event 2"));
    assert_ne!(a, link(GENESIS, b"event 1 "));
    assert_ne!(a, link(&a, b"event 1"));
    assert_ne!(link("ab", b"c"), link("a", b"bc"));
}

#[test]
fn reordering_or_removing_events_changes_the_head() {
    let events: [&[u8]; 3] = [b"create case", b"share case", b"export"];
    let head = |events: &[&[u8]]| events.iter().fold(GENESIS.to_string(), |p, e| link(&p, e));
    let original = head(&events);
    assert_ne!(original, head(&[events[1], events[0], events[2]]));
    assert_ne!(original, head(&[events[0], events[2]]));
    assert_eq!(original, head(&events));
}
