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

/// Calls `f` with the word and every distinct string made by deleting up
/// to `k` of its letters.
pub(crate) fn deletions(word: &[u8], k: usize, f: &mut dyn FnMut(&[u8])) {
    let mut seen: Vec<Vec<u8>> = vec![word.to_vec()];
    let mut frontier: Vec<Vec<u8>> = vec![word.to_vec()];
    for _ in 0..k {
        let mut next = Vec::new();
        for w in &frontier {
            for i in 0..w.len() {
                let mut d = w.clone();
                d.remove(i);
                if !seen.contains(&d) {
                    seen.push(d.clone());
                    next.push(d);
                }
            }
        }
        frontier = next;
    }
    for s in &seen {
        f(s);
    }
}

#[cfg(test)]
mod tests {
    //! Properties checked:
    //! 1. deletion neighbourhoods are complete and duplicate-free;
    //! 2. two words within k edits share a deletion key (property test).
    use super::*;

    #[test]
    fn neighbourhood() {
        let mut all = Vec::new();
        deletions(b"abc", 1, &mut |s| {
            all.push(String::from_utf8(s.to_vec()).unwrap())
        });
        all.sort();
        assert_eq!(all, ["ab", "abc", "ac", "bc"]);
        let mut n = 0;
        deletions(b"aab", 2, &mut |_| n += 1);
        // aab, ab, aa, a, b
        assert_eq!(n, 5);
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
                        let mut ka = Vec::new();
                        deletions(a, k, &mut |s| ka.push(key(0, s)));
                        let mut shared = false;
                        deletions(b, k, &mut |s| shared |= ka.contains(&key(0, s)));
                        assert!(shared, "{a:?} {b:?} k={k}");
                    }
                }
            }
        }
    }
}
