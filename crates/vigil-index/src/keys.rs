//! Retrieval keys: 64-bit hashes of a namespace byte and a string, and the
//! deletion neighbourhoods that find words a few edits apart.
//!
//! Two words are within `k` edits (insertions, deletions, substitutions,
//! adjacent transpositions) only if deleting at most `k` letters from each
//! gives a common string. Indexing every word with its deletions up to its
//! own edit budget, and looking a query word up with its own, therefore
//! finds every pair the scorer's edit rule accepts (the budget is keyed on
//! the shorter word, see `vigil_core::matching::similarity::max_edits`).

/// Key namespaces.
pub(crate) mod ns {
    /// Word text and its deletions.
    pub const TEXT: u8 = b'd';
    /// Phonetic form and its deletions.
    pub const PHON: u8 = b'e';
    /// Given-name family.
    pub const FAMILY: u8 = b'f';
    /// Skeleton (and its single deletions) of every word.
    pub const SKEL_ANY: u8 = b'k';
    /// Skeleton (and its single deletions) of words written without vowels.
    pub const SKEL_ABJAD: u8 = b'j';
    /// A word as typed without vowels (`vigil_core::names::phonetic::devowel`).
    pub const DEVOWEL: u8 = b'v';
    /// The skeleton of two adjacent listed words joined.
    pub const SKEL_PAIR: u8 = b'p';
    /// First letter of an initial.
    pub const INITIAL: u8 = b'i';
    /// Exact word of a non-name role (particles, legal forms...).
    pub const ROLE_WORD: u8 = b'r';
}

/// FNV-1a over the namespace and the bytes: fast, stable across runs and
/// platforms, and collisions only cost a verification.
pub(crate) fn key(namespace: u8, s: &[u8]) -> u64 {
    let mut h: u64 = 0xcbf29ce484222325;
    for &b in std::iter::once(&namespace).chain(s) {
        h ^= u64::from(b);
        h = h.wrapping_mul(0x100000001b3);
    }
    h
}

/// Words longer than this are keyed exactly, without deletions: no name
/// word is this long, and the neighbourhood would be large.
const MAX_DELETION_WORD: usize = 40;

/// Calls `f` with the key of the word and of every string made by deleting
/// up to `k` (at most 2) of its letters. Keys may repeat (deleting either
/// of two equal letters gives the same string); callers deduplicate.
pub(crate) fn deletion_keys(namespace: u8, word: &[u8], k: usize, f: &mut dyn FnMut(u64)) {
    f(key(namespace, word));
    let n = word.len();
    if k == 0 || n == 0 || n > MAX_DELETION_WORD {
        return;
    }
    let mut buf = [0u8; MAX_DELETION_WORD];
    for i in 0..n {
        // word without position i
        buf[..i].copy_from_slice(&word[..i]);
        buf[i..n - 1].copy_from_slice(&word[i + 1..]);
        f(key(namespace, &buf[..n - 1]));
        if k >= 2 {
            for j in i + 1..n {
                // word without positions i and j
                let mut b2 = [0u8; MAX_DELETION_WORD];
                b2[..i].copy_from_slice(&word[..i]);
                b2[i..j - 1].copy_from_slice(&word[i + 1..j]);
                b2[j - 1..n - 2].copy_from_slice(&word[j + 1..]);
                f(key(namespace, &b2[..n - 2]));
            }
        }
    }
}

#[cfg(test)]
mod tests {
    //! Properties checked:
    //! 1. deletion neighbourhoods are complete and duplicate-free;
    //! 2. two words within k edits share a deletion key (property test).
    use super::*;

    fn keys_of(word: &[u8], k: usize) -> Vec<u64> {
        let mut v = Vec::new();
        deletion_keys(0, word, k, &mut |h| v.push(h));
        v.sort_unstable();
        v.dedup();
        v
    }

    #[test]
    fn neighbourhood() {
        let mut expect: Vec<u64> = [&b"ab"[..], b"abc", b"ac", b"bc"]
            .iter()
            .map(|s| key(0, s))
            .collect();
        expect.sort_unstable();
        assert_eq!(keys_of(b"abc", 1), expect);
        // aab, ab, aa, a, b
        assert_eq!(keys_of(b"aab", 2).len(), 5);
    }

    fn osa(a: &[u8], b: &[u8]) -> usize {
        vigil_core::matching::similarity::osa_within(a, b, 10).unwrap()
    }

    #[test]
    fn within_k_share_a_key() {
        // Exhaustive over short words of a small alphabet.
        let words: Vec<Vec<u8>> = (0..3u32.pow(5))
            .map(|mut n| {
                let len = 3 + (n % 3) as usize;
                n /= 3;
                (0..len)
                    .map(|i| b"abc"[((n >> (2 * i)) % 3) as usize])
                    .collect()
            })
            .collect();
        for a in &words {
            for b in &words {
                for k in 1..=2 {
                    if osa(a, b) <= k {
                        let ka = keys_of(a, k);
                        let shared = keys_of(b, k).iter().any(|h| ka.contains(h));
                        assert!(shared, "{a:?} {b:?} k={k}");
                    }
                }
            }
        }
    }
}
