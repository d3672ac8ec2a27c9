//! FNV-1a hashing for maps keyed by short strings: a compiled-in table,
//! or the words of the loaded lists. Simpler and faster than SipHash, whose
//! protection against chosen keys such maps do not need (their keys come
//! from the project's own tables and the official lists, not from
//! queries).

use std::hash::{BuildHasherDefault, Hasher};

/// The FNV-1a hasher.
pub struct Fnv(u64);

impl Default for Fnv {
    fn default() -> Fnv {
        Fnv(0xcbf2_9ce4_8422_2325)
    }
}

impl Hasher for Fnv {
    fn finish(&self) -> u64 {
        self.0
    }

    fn write(&mut self, bytes: &[u8]) {
        for &b in bytes {
            self.0 = (self.0 ^ u64::from(b)).wrapping_mul(0x0100_0000_01b3);
        }
    }
}

/// A `HashMap` hasher builder for [`Fnv`].
pub type FnvBuild = BuildHasherDefault<Fnv>;
