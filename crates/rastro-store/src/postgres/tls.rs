//! TLS between a node and its database server, asked for in the address with libpq's names:
//!
//! - `sslmode=verify-full`: the server's certificate must chain to the CA in `sslrootcert` and
//!   name the host the address names;
//! - `sslmode=verify-ca`: it must chain to that CA (for a server reached by an address its
//!   certificate does not carry);
//! - `sslmode=require`: taken as `verify-ca`. libpq would encrypt to any server at all, but a
//!   connection that carries victims' records to a server nobody verified protects them from a
//!   passive listener only, and an attacker in the middle reads everything; so Rastro asks for
//!   the CA here too;
//! - `sslmode=disable` or `prefer`, or none: no TLS, for a server on the same host or a private
//!   network (the default, as before).
//!
//! `sslrootcert=PATH` is a PEM file of one or more CA certificates. The driver knows neither
//! `verify-*` nor `sslrootcert`, so both are taken out of the address before it sees it.

use std::path::PathBuf;
use std::sync::Arc;

use postgres::config::SslMode;
use postgres::{Client, Config, NoTls};
use rustls::client::danger::{HandshakeSignatureValid, ServerCertVerified, ServerCertVerifier};
use rustls::client::WebPkiServerVerifier;
use rustls::crypto::ring;
use rustls::pki_types::pem::PemObject;
use rustls::pki_types::{CertificateDer, ServerName, UnixTime};
use rustls::{
    CertificateError, ClientConfig, DigitallySignedStruct, RootCertStore, SignatureScheme,
};
use tokio_postgres_rustls::MakeRustlsConnect;

use crate::{Result, StoreError};

/// How the server must prove itself.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Mode {
    Off,
    /// The certificate chains to the CA.
    VerifyCa,
    /// The certificate chains to the CA and names the host.
    VerifyFull,
}

/// The TLS settings an address carries.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Settings {
    pub mode: Mode,
    pub root: Option<PathBuf>,
}

/// The address without the TLS settings (what the driver parses), and those settings. Errors
/// never repeat the address, which may hold a password.
pub(crate) fn split(url: &str) -> Result<(String, Settings)> {
    let mut settings = Settings {
        mode: Mode::Off,
        root: None,
    };
    let Some((base, query)) = url.split_once('?') else {
        return Ok((url.to_string(), settings));
    };
    let mut kept = Vec::new();
    for pair in query.split('&').filter(|p| !p.is_empty()) {
        let (key, value) = pair.split_once('=').unwrap_or((pair, ""));
        match key {
            "sslmode" => {
                settings.mode = match value {
                    "disable" | "prefer" => Mode::Off,
                    "require" | "verify-ca" => Mode::VerifyCa,
                    "verify-full" => Mode::VerifyFull,
                    other => {
                        return Err(tls_error(format!(
                            "sslmode={other} is not a mode; use verify-full, verify-ca, require \
                             or disable"
                        )))
                    }
                }
            }
            "sslrootcert" => settings.root = Some(PathBuf::from(percent_decoded(value)?)),
            _ => kept.push(pair),
        }
    }
    if settings.mode == Mode::Off && settings.root.is_some() {
        // A CA named without a mode means the operator wants the server verified.
        settings.mode = Mode::VerifyFull;
    }
    let address = if kept.is_empty() {
        base.to_string()
    } else {
        format!("{base}?{}", kept.join("&"))
    };
    Ok((address, settings))
}

fn tls_error(reason: String) -> StoreError {
    StoreError::DatabaseTls(reason)
}

/// `%XX` escapes decoded (a path in an address may be written so).
fn percent_decoded(value: &str) -> Result<String> {
    let bytes = value.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        if bytes[i] == b'%' {
            let hex = value
                .get(i + 1..i + 3)
                .and_then(|h| u8::from_str_radix(h, 16).ok())
                .ok_or_else(|| tls_error("sslrootcert has a broken %-escape".into()))?;
            out.push(hex);
            i += 3;
        } else {
            out.push(bytes[i]);
            i += 1;
        }
    }
    String::from_utf8(out).map_err(|_| tls_error("sslrootcert is not UTF-8".into()))
}

/// What connections are made with.
pub(crate) enum Connector {
    Plain,
    Verified(MakeRustlsConnect),
}

impl Settings {
    /// The connector these settings ask for, with the CA read now, so that a missing or broken
    /// file is reported when the store opens, not at the first request.
    pub fn connector(&self) -> Result<Connector> {
        if self.mode == Mode::Off {
            return Ok(Connector::Plain);
        }
        let path = self.root.as_ref().ok_or_else(|| {
            tls_error(
                "TLS to the database needs sslrootcert=PATH in the address: the PEM file of the CA \
                 that signed the server's certificate"
                    .into(),
            )
        })?;
        let mut roots = RootCertStore::empty();
        let certificates = CertificateDer::pem_file_iter(path)
            .map_err(|e| tls_error(format!("cannot read {}: {e}", path.display())))?;
        for certificate in certificates {
            let certificate = certificate
                .map_err(|e| tls_error(format!("{} is not a PEM file: {e}", path.display())))?;
            roots.add(certificate).map_err(|e| {
                tls_error(format!(
                    "{} holds an unusable certificate: {e}",
                    path.display()
                ))
            })?;
        }
        if roots.is_empty() {
            return Err(tls_error(format!(
                "{} holds no certificate",
                path.display()
            )));
        }
        // rustls now steers towards aws-lc-rs for post-quantum key exchange; that provider
        // builds a C library with CMake on every cold build, and ring's classical suites are
        // what PostgreSQL servers offer today.
        #[allow(deprecated)]
        let provider = Arc::new(ring::default_provider());
        let builder = ClientConfig::builder_with_provider(Arc::clone(&provider))
            .with_safe_default_protocol_versions()
            .map_err(|e| tls_error(e.to_string()))?;
        let config = match self.mode {
            Mode::VerifyFull => builder.with_root_certificates(roots).with_no_client_auth(),
            Mode::VerifyCa | Mode::Off => {
                let chain = WebPkiServerVerifier::builder_with_provider(Arc::new(roots), provider)
                    .build()
                    .map_err(|e| tls_error(e.to_string()))?;
                builder
                    .dangerous()
                    .with_custom_certificate_verifier(Arc::new(ChainOnly(chain)))
                    .with_no_client_auth()
            }
        };
        Ok(Connector::Verified(MakeRustlsConnect::new(config)))
    }

    /// What the driver is told: TLS or nothing, never "whichever the server offers".
    pub fn driver_mode(&self) -> SslMode {
        match self.mode {
            Mode::Off => SslMode::Disable,
            Mode::VerifyCa | Mode::VerifyFull => SslMode::Require,
        }
    }
}

/// Opens one connection. A refused handshake says why (the driver's own message stops at
/// "error performing TLS handshake", and the reason is what an operator needs).
pub(crate) fn connect(config: &Config, connector: &Connector) -> Result<Client> {
    match connector {
        Connector::Plain => Ok(config.connect(NoTls)?),
        Connector::Verified(tls) => config.connect(tls.clone()).map_err(|e| {
            let mut reason = e.to_string();
            let mut cause = std::error::Error::source(&e);
            while let Some(inner) = cause {
                reason.push_str(": ");
                reason.push_str(&inner.to_string());
                cause = inner.source();
            }
            tls_error(reason)
        }),
    }
}

/// A certificate that chains to the CA is accepted whatever host it names (`verify-ca`): the
/// chain is checked first, so a name that does not match is the only error let through.
#[derive(Debug)]
struct ChainOnly(Arc<WebPkiServerVerifier>);

impl ServerCertVerifier for ChainOnly {
    fn verify_server_cert(
        &self,
        end_entity: &CertificateDer<'_>,
        intermediates: &[CertificateDer<'_>],
        server_name: &ServerName<'_>,
        ocsp_response: &[u8],
        now: UnixTime,
    ) -> std::result::Result<ServerCertVerified, rustls::Error> {
        match self
            .0
            .verify_server_cert(end_entity, intermediates, server_name, ocsp_response, now)
        {
            Err(rustls::Error::InvalidCertificate(
                CertificateError::NotValidForName | CertificateError::NotValidForNameContext { .. },
            )) => Ok(ServerCertVerified::assertion()),
            other => other,
        }
    }

    fn verify_tls12_signature(
        &self,
        message: &[u8],
        cert: &CertificateDer<'_>,
        dss: &DigitallySignedStruct,
    ) -> std::result::Result<HandshakeSignatureValid, rustls::Error> {
        self.0.verify_tls12_signature(message, cert, dss)
    }

    fn verify_tls13_signature(
        &self,
        message: &[u8],
        cert: &CertificateDer<'_>,
        dss: &DigitallySignedStruct,
    ) -> std::result::Result<HandshakeSignatureValid, rustls::Error> {
        self.0.verify_tls13_signature(message, cert, dss)
    }

    fn supported_verify_schemes(&self) -> Vec<SignatureScheme> {
        self.0.supported_verify_schemes()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tls_settings_leave_the_address_and_the_rest_stays() {
        let (address, settings) = split(
            "postgres://ana:pw@db:5432/rastro?application_name=x&sslmode=verify-full\
             &sslrootcert=%2Fetc%2Fca.pem",
        )
        .unwrap();
        assert_eq!(
            address,
            "postgres://ana:pw@db:5432/rastro?application_name=x"
        );
        assert_eq!(settings.mode, Mode::VerifyFull);
        assert_eq!(settings.root, Some(PathBuf::from("/etc/ca.pem")));
        assert!(address.parse::<Config>().is_ok());

        let (address, settings) =
            split("postgres://db/rastro?sslmode=require&sslrootcert=ca.pem").unwrap();
        assert_eq!(address, "postgres://db/rastro");
        assert_eq!(settings.mode, Mode::VerifyCa);

        let (_, settings) = split("postgres://db/rastro?sslrootcert=ca.pem").unwrap();
        assert_eq!(settings.mode, Mode::VerifyFull);
        let (address, settings) = split("postgres://db/rastro").unwrap();
        assert_eq!(
            (address.as_str(), settings.mode),
            ("postgres://db/rastro", Mode::Off)
        );
        let (_, settings) = split("postgres://db/rastro?sslmode=disable").unwrap();
        assert_eq!(settings.driver_mode(), SslMode::Disable);
    }

    #[test]
    fn bad_tls_settings_are_refused_without_repeating_the_password() {
        for url in [
            "postgres://ana:secret@db/r?sslmode=allow-anything",
            "postgres://ana:secret@db/r?sslrootcert=%zz",
        ] {
            let message = split(url).unwrap_err().to_string();
            assert!(!message.contains("secret"), "{message}");
            assert!(message.contains("ssl"), "{message}");
        }
        let (_, settings) = split("postgres://db/r?sslmode=verify-full").unwrap();
        let message = settings.connector().err().unwrap().to_string();
        assert!(message.contains("sslrootcert"), "{message}");

        let dir = tempfile::tempdir().unwrap();
        let missing = dir.path().join("none.pem");
        let settings = Settings {
            mode: Mode::VerifyFull,
            root: Some(missing.clone()),
        };
        let message = settings.connector().err().unwrap().to_string();
        assert!(message.contains("none.pem"), "{message}");
        let empty = dir.path().join("empty.pem");
        std::fs::write(&empty, "not a certificate\n").unwrap();
        let settings = Settings {
            mode: Mode::VerifyCa,
            root: Some(empty),
        };
        let message = settings.connector().err().unwrap().to_string();
        assert!(message.contains("no certificate"), "{message}");
    }
}
