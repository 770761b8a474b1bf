//! The server's one secret key, which signs the tokens in e-mailed links.
//!
//! Given as `CIVIC_SECRET` (base64, standard or URL-safe alphabet, padding
//! optional, of at least 32 random bytes: `openssl rand -base64 32`), or
//! generated on the first start and kept in a file that later starts reuse,
//! so links already sent keep working across restarts.

use std::path::{Path, PathBuf};
use std::sync::Arc;

use anyhow::Context;
use base64::Engine;
use base64::engine::general_purpose::{STANDARD_NO_PAD, URL_SAFE_NO_PAD};
use rand::RngCore;

/// At least 256 bits: as long as the HMAC-SHA256 output it keys.
#[derive(Clone, PartialEq, Eq)]
pub struct SecretKey(Arc<[u8]>);

impl SecretKey {
    pub const MIN_LEN: usize = 32;
    const GENERATED_LEN: usize = 32;

    pub fn from_bytes(bytes: &[u8]) -> anyhow::Result<SecretKey> {
        anyhow::ensure!(
            bytes.len() >= Self::MIN_LEN,
            "the secret key is {} bytes long; it must be at least {} random bytes (try `openssl rand -base64 32`)",
            bytes.len(),
            Self::MIN_LEN
        );
        Ok(SecretKey(Arc::from(bytes)))
    }

    /// Reads the base64 text of `CIVIC_SECRET` or of the key file.
    pub fn parse(text: &str) -> anyhow::Result<SecretKey> {
        let trimmed = text.trim().trim_end_matches('=');
        let bytes = STANDARD_NO_PAD
            .decode(trimmed)
            .or_else(|_| URL_SAFE_NO_PAD.decode(trimmed))
            .context("the secret key must be base64 text (try `openssl rand -base64 32`)")?;
        SecretKey::from_bytes(&bytes)
    }

    /// Fresh bytes from `rand`'s thread generator: a CSPRNG (ChaCha12)
    /// seeded from the operating system.
    pub fn generate() -> SecretKey {
        let mut bytes = [0u8; Self::GENERATED_LEN];
        rand::rng().fill_bytes(&mut bytes);
        SecretKey(Arc::from(&bytes[..]))
    }

    /// Reads the key kept in `path`, or generates one and writes it there
    /// (creating the folder; readable by the owner only on Unix).
    pub fn load_or_create(path: &Path) -> anyhow::Result<SecretKey> {
        match std::fs::read_to_string(path) {
            Ok(text) => {
                return SecretKey::parse(&text)
                    .with_context(|| format!("{} holds no valid secret key", path.display()));
            }
            Err(error) if error.kind() == std::io::ErrorKind::NotFound => {}
            Err(error) => return Err(error).with_context(|| format!("Failed to read {}", path.display())),
        }
        if let Some(folder) = path.parent().filter(|folder| !folder.as_os_str().is_empty()) {
            std::fs::create_dir_all(folder)
                .with_context(|| format!("Failed to create the folder {}", folder.display()))?;
        }
        let key = SecretKey::generate();
        write_new(path, &format!("{}\n", STANDARD_NO_PAD.encode(key.as_bytes())))
            .with_context(|| format!("Failed to write the new secret key to {}", path.display()))?;
        tracing::info!(path = %path.display(), "generated a new secret key");
        Ok(key)
    }

    pub fn as_bytes(&self) -> &[u8] {
        &self.0
    }

    /// A key of its own for one use (`label`), drawn from this one with
    /// HMAC-SHA256, in hex: knowing it tells nothing of this key.
    pub fn derive(&self, label: &[u8]) -> String {
        use hmac::{Hmac, Mac};
        let mut mac = Hmac::<sha2::Sha256>::new_from_slice(&self.0).expect("HMAC takes a key of any length");
        mac.update(label);
        mac.finalize()
            .into_bytes()
            .iter()
            .map(|byte| format!("{byte:02x}"))
            .collect()
    }
}

impl std::fmt::Debug for SecretKey {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("SecretKey([redacted])")
    }
}

/// Where the key comes from, as configured.
#[derive(Debug, Clone)]
pub enum SecretSource {
    Given(SecretKey),
    File(PathBuf),
}

impl SecretSource {
    pub fn load(&self) -> anyhow::Result<SecretKey> {
        match self {
            SecretSource::Given(key) => Ok(key.clone()),
            SecretSource::File(path) => SecretKey::load_or_create(path),
        }
    }
}

/// Creates the file only if it does not exist yet, so two servers starting
/// at once cannot each write a different key over the other's.
fn write_new(path: &Path, text: &str) -> std::io::Result<()> {
    use std::io::Write;
    let mut options = std::fs::OpenOptions::new();
    options.write(true).create_new(true);
    #[cfg(unix)]
    {
        use std::os::unix::fs::OpenOptionsExt;
        options.mode(0o600);
    }
    let mut file = options.open(path)?;
    file.write_all(text.as_bytes())?;
    file.sync_all()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_key_is_generated_once_and_reused() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("data/civic.secret");
        let first = SecretKey::load_or_create(&path).unwrap();
        let second = SecretKey::load_or_create(&path).unwrap();
        assert_eq!(first, second);
        assert!(first.as_bytes().len() >= SecretKey::MIN_LEN);
        assert_ne!(first, SecretKey::generate());
    }

    #[cfg(unix)]
    #[test]
    fn the_key_file_is_readable_by_its_owner_only() {
        use std::os::unix::fs::PermissionsExt;
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("civic.secret");
        SecretKey::load_or_create(&path).unwrap();
        let mode = std::fs::metadata(&path).unwrap().permissions().mode();
        assert_eq!(mode & 0o777, 0o600);
    }

    #[test]
    fn a_short_secret_is_refused_with_advice() {
        let error = SecretKey::parse(&STANDARD_NO_PAD.encode([7u8; 31])).unwrap_err();
        assert!(error.to_string().contains("at least 32"), "{error}");
        assert!(SecretKey::parse("not base64 at all!").is_err());
    }

    #[test]
    fn both_base64_alphabets_with_or_without_padding_are_read() {
        let bytes: Vec<u8> = (0..48u8).map(|n| n.wrapping_mul(37).wrapping_add(250)).collect();
        let expected = SecretKey::from_bytes(&bytes).unwrap();
        let standard = base64::engine::general_purpose::STANDARD.encode(&bytes);
        let url_safe = URL_SAFE_NO_PAD.encode(&bytes);
        assert_eq!(SecretKey::parse(&standard).unwrap(), expected);
        assert_eq!(SecretKey::parse(&format!(" {url_safe}\n")).unwrap(), expected);
    }

    #[test]
    fn a_corrupt_key_file_stops_the_start() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("civic.secret");
        std::fs::write(&path, "short").unwrap();
        assert!(SecretKey::load_or_create(&path).is_err());
    }

    #[test]
    fn debug_output_hides_the_key() {
        let key = SecretKey::from_bytes(b"hunter2-hunter2-hunter2-hunter2-").unwrap();
        let shown = format!("{key:?} {:?}", SecretSource::Given(key.clone()));
        assert!(!shown.contains("hunter2"), "{shown}");
        assert!(!shown.contains("104"), "{shown}");
    }
}
