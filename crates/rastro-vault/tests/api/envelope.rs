//! Records sealed under data keys, data keys wrapped under the master key, and derived keys.

use rastro_vault::{DataKey, MasterKey, VaultError, SEAL_OVERHEAD};

const RECORD: &[u8] = b"{\"vic_Gender\":\"Female\",\"vic_Nationality\":\"VE\"}";
const RECORD_ID: &[u8] = b"01HZX3Q8B5K2M7N4P6R9S0T1V2";

#[test]
fn seal_open_round_trip_including_empty_and_large() {
    let key = DataKey::generate().unwrap();
    for plaintext in [&b""[..], RECORD, &vec![0xa5; 1 << 20][..]] {
        let sealed = key.seal(plaintext, RECORD_ID).unwrap();
        assert_eq!(sealed.len(), plaintext.len() + SEAL_OVERHEAD);
        assert_eq!(sealed[0], 1, "version byte");
        assert_eq!(key.open(&sealed, RECORD_ID).unwrap(), plaintext);
    }
}

#[test]
fn ciphertext_does_not_contain_the_plaintext() {
    let key = DataKey::generate().unwrap();
    let sealed = key.seal(RECORD, RECORD_ID).unwrap();
    assert!(!sealed.windows(8).any(|w| RECORD.windows(8).any(|r| r == w)));
}

#[test]
fn two_seals_of_the_same_plaintext_differ() {
    let key = DataKey::generate().unwrap();
    let a = key.seal(RECORD, RECORD_ID).unwrap();
    let b = key.seal(RECORD, RECORD_ID).unwrap();
    assert_ne!(a, b);
    assert_ne!(a[1..25], b[1..25], "nonces differ");
}

#[test]
fn tampering_with_any_part_is_refused() {
    let key = DataKey::generate().unwrap();
    let sealed = key.seal(RECORD, RECORD_ID).unwrap();
    let tag_start = sealed.len() - 16;
    let parts = [
        ("version", 0),
        ("nonce first", 1),
        ("nonce last", 24),
        ("ciphertext first", 25),
        ("ciphertext last", tag_start - 1),
        ("tag first", tag_start),
        ("tag last", sealed.len() - 1),
    ];
    for (part, index) in parts {
        let mut bad = sealed.clone();
        bad[index] ^= 0x01;
        let err = key.open(&bad, RECORD_ID).unwrap_err();
        match part {
            "version" => assert!(
                matches!(err, VaultError::UnknownVersion(0)),
                "{part}: {err}"
            ),
            _ => assert!(matches!(err, VaultError::Open), "{part}: {err}"),
        }
    }
    // Untouched, it still opens: the failures above are the tampering, not the key.
    assert_eq!(key.open(&sealed, RECORD_ID).unwrap(), RECORD);
}

#[test]
fn wrong_aad_or_key_is_refused() {
    let key = DataKey::generate().unwrap();
    let sealed = key.seal(RECORD, RECORD_ID).unwrap();
    assert!(matches!(
        key.open(&sealed, b"01HZX3Q8B5K2M7N4P6R9S0T1V3"),
        Err(VaultError::Open)
    ));
    assert!(matches!(key.open(&sealed, b""), Err(VaultError::Open)));
    let other = DataKey::generate().unwrap();
    assert!(matches!(
        other.open(&sealed, RECORD_ID),
        Err(VaultError::Open)
    ));
}

#[test]
fn truncated_or_extended_input_is_refused() {
    let key = DataKey::generate().unwrap();
    let sealed = key.seal(RECORD, RECORD_ID).unwrap();
    for len in [0, 1, 25, SEAL_OVERHEAD - 1] {
        assert!(
            matches!(
                key.open(&sealed[..len], RECORD_ID),
                Err(VaultError::Truncated { .. })
            ),
            "{len}"
        );
    }
    assert!(key.open(&sealed[..sealed.len() - 1], RECORD_ID).is_err());
    let mut longer = sealed.clone();
    longer.push(0);
    assert!(key.open(&longer, RECORD_ID).is_err());
}

#[test]
fn wrap_unwrap_round_trip_is_bound_to_label_and_master_key() {
    let master = MasterKey::generate().unwrap();
    let data = DataKey::generate().unwrap();
    let sealed = data.seal(RECORD, RECORD_ID).unwrap();

    let wrapped = master.wrap(&data, "org-casa-refugio");
    assert_eq!(wrapped.len(), 32 + SEAL_OVERHEAD);
    assert_ne!(
        wrapped,
        master.wrap(&data, "org-casa-refugio"),
        "fresh nonce"
    );

    let unwrapped = master.unwrap(&wrapped, "org-casa-refugio").unwrap();
    assert_eq!(unwrapped.fingerprint(), data.fingerprint());
    assert_eq!(unwrapped.open(&sealed, RECORD_ID).unwrap(), RECORD);

    assert!(matches!(
        master.unwrap(&wrapped, "org-observatorio"),
        Err(VaultError::Unwrap)
    ));
    assert!(matches!(
        master.unwrap(&wrapped, ""),
        Err(VaultError::Unwrap)
    ));
    let other_master = MasterKey::generate().unwrap();
    assert!(matches!(
        other_master.unwrap(&wrapped, "org-casa-refugio"),
        Err(VaultError::Unwrap)
    ));
    for index in [0, 1, 30, wrapped.len() - 1] {
        let mut bad = wrapped.clone();
        bad[index] ^= 0x80;
        assert!(master.unwrap(&bad, "org-casa-refugio").is_err(), "{index}");
    }
    assert!(master.unwrap(&wrapped[..40], "org-casa-refugio").is_err());
}

#[test]
fn a_wrapped_key_is_not_a_sealed_record_and_vice_versa() {
    // The wrapping and sealing keys are derived apart, so bytes of one kind never open as the
    // other even where a caller confuses columns.
    let master = MasterKey::generate().unwrap();
    let data = DataKey::generate().unwrap();
    let wrapped = master.wrap(&data, "org");
    assert!(data.open(&wrapped, b"org").is_err());
}

#[test]
fn derived_keys_differ_by_purpose_and_root_and_are_stable() {
    let master = MasterKey::generate().unwrap();
    let data = DataKey::generate().unwrap();
    let msg = b"maria jose perez";
    let purposes = ["pseudonym", "blind-index", "audit-query", "record-key", ""];
    let macs: Vec<[u8; 32]> = purposes.iter().map(|p| master.derive(p).mac(msg)).collect();
    for (i, a) in macs.iter().enumerate() {
        for b in &macs[i + 1..] {
            assert_ne!(a, b);
        }
        assert_eq!(*a, master.derive(purposes[i]).mac(msg), "stable");
        assert_ne!(*a, data.derive(purposes[i]).mac(msg), "master vs data key");
    }
    assert_eq!(
        data.derive("blind-index").mac(msg),
        data.derive("blind-index").mac(msg)
    );
    let other = DataKey::generate().unwrap();
    assert_ne!(
        data.derive("blind-index").mac(msg),
        other.derive("blind-index").mac(msg)
    );
}

#[test]
fn fingerprints_are_short_hex_and_differ_between_keys() {
    let a = MasterKey::generate().unwrap();
    let b = MasterKey::generate().unwrap();
    for fp in [
        a.fingerprint(),
        b.fingerprint(),
        DataKey::generate().unwrap().fingerprint(),
    ] {
        assert_eq!(fp.len(), 16);
        assert!(fp
            .bytes()
            .all(|c| c.is_ascii_digit() || (b'a'..=b'f').contains(&c)));
    }
    assert_ne!(a.fingerprint(), b.fingerprint());
    assert_eq!(a.fingerprint(), a.fingerprint());
}

#[test]
fn debug_shows_fingerprints_never_keys() {
    let master = MasterKey::generate().unwrap();
    let data = DataKey::generate().unwrap();
    let secret = master.derive("pseudonym");
    assert_eq!(
        format!("{master:?}"),
        format!(
            "MasterKey {{ fingerprint: {:?}, .. }}",
            master.fingerprint()
        )
    );
    assert_eq!(
        format!("{data:?}"),
        format!("DataKey {{ fingerprint: {:?}, .. }}", data.fingerprint())
    );
    assert_eq!(format!("{secret:?}"), "SecretKey(<secret>)");
}
