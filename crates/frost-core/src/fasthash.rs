//! A fast hasher for maps keyed by store paths and URLs. std's SipHash was a
//! tenth of `frost list`'s time on 1,000 elements. Its keys come from the
//! user's own profile, so resistance to crafted collisions (what SipHash
//! buys) is not needed.

use std::collections::{HashMap, HashSet};
use std::hash::{BuildHasherDefault, Hasher};

/// rustc's FxHash: multiply-rotate over 8-byte words.
#[derive(Default, Clone, Copy)]
pub struct FxHasher(u64);

const SEED: u64 = 0x51_7c_c1_b7_27_22_0a_95;

impl FxHasher {
    fn add(&mut self, word: u64) {
        self.0 = (self.0.rotate_left(5) ^ word).wrapping_mul(SEED);
    }
}

impl Hasher for FxHasher {
    fn write(&mut self, bytes: &[u8]) {
        let mut chunks = bytes.chunks_exact(8);
        for chunk in &mut chunks {
            let mut word = [0u8; 8];
            word.copy_from_slice(chunk);
            self.add(u64::from_le_bytes(word));
        }
        let rest = chunks.remainder();
        if !rest.is_empty() {
            let mut word = [0u8; 8];
            word[..rest.len()].copy_from_slice(rest);
            self.add(u64::from_le_bytes(word));
        }
    }

    fn write_u8(&mut self, n: u8) {
        self.add(u64::from(n));
    }

    fn write_usize(&mut self, n: usize) {
        self.add(n as u64);
    }

    fn finish(&self) -> u64 {
        self.0
    }
}

pub type FastMap<K, V> = HashMap<K, V, BuildHasherDefault<FxHasher>>;
pub type FastSet<K> = HashSet<K, BuildHasherDefault<FxHasher>>;

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn maps_work_with_long_and_short_keys() {
        let mut m: FastMap<String, usize> = FastMap::default();
        for i in 0..10_000 {
            m.insert(format!("/nix/store/{i:032}-pkg{i}"), i);
        }
        m.insert(String::new(), 7);
        assert_eq!(m.len(), 10_001);
        assert_eq!(m["/nix/store/00000000000000000000000000000042-pkg42"], 42);
        assert_eq!(m[""], 7);
        // Keys that differ only in their last, partial word hash apart.
        let mut h1 = FxHasher::default();
        h1.write(b"123456789");
        let mut h2 = FxHasher::default();
        h2.write(b"123456788");
        assert_ne!(h1.finish(), h2.finish());
    }
}
