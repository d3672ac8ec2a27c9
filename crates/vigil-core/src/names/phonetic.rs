//! Phonetic forms and consonant skeletons of romanised name words.
//!
//! The same name reaches vigil romanised by different conventions: English
//! (Mukhammad, Hussein), French (Youssef, Djamel), Turkish (Mehmet),
//! Uzbek (Xalid), North Korean (Jong, Chol). [`phonetic`] folds those
//! conventions to one spelling while keeping vowels, so that an edit
//! distance on it measures real differences. [`skeleton`] keeps only the
//! consonants, so that names written without short vowels (Arabic and
//! Hebrew script, or typed vowel-less: "MHMD") meet their vowelled forms.
//!
//! The folds (see `DESIGN.md` for why each exists):
//! - dzh, dj, zh → j; tch, tsh, ch → `C` and sch, sh → `S` (one symbol for
//!   one sound, so an edit distance counts them once);
//! - kh, x (word-initially) → h; gh → g; th → t; dh → d; ph → f; q, ck → k;
//!   w → v; c before e/i/y → s, else k; x elsewhere → ks;
//! - ou, oo → u; ee, ei, ey, ai, ay, ie, y → i; o → u; e → i;
//! - a final h after a vowel is dropped (Fatimah, Abdullah);
//! - doubled letters collapse.

/// The phonetic form of a lower-case ASCII word.
pub fn phonetic(word: &str) -> String {
    // Doubled letters collapse first, so that a doubled letter cannot hide a
    // digraph ("Shhah" is "Shah").
    let mut collapsed: Vec<u8> = word.as_bytes().to_vec();
    collapsed.dedup();
    let b = &collapsed[..];
    let mut out: Vec<u8> = Vec::with_capacity(b.len());
    let mut i = 0;
    let at = |i: usize| b.get(i).copied().unwrap_or(0);
    while i < b.len() {
        let c = b[i];
        let (sym, adv): (&[u8], usize) = match (c, at(i + 1), at(i + 2)) {
            (b'd', b'z', b'h') => (b"j", 3),
            (b't', b'c', b'h') => (b"C", 3),
            (b't', b's', b'h') => (b"C", 3),
            (b's', b'c', b'h') => (b"S", 3),
            (b'd', b'j', _) => (b"j", 2),
            (b'z', b'h', _) => (b"j", 2),
            (b'c', b'h', _) => (b"C", 2),
            (b's', b'h', _) => (b"S", 2),
            (b'k', b'h', _) => (b"h", 2),
            (b'g', b'h', _) => (b"g", 2),
            (b't', b'h', _) => (b"t", 2),
            (b'd', b'h', _) => (b"d", 2),
            (b'p', b'h', _) => (b"f", 2),
            (b'c', b'k', _) => (b"k", 2),
            (b'o', b'u', _) | (b'o', b'o', _) => (b"u", 2),
            (b'e', b'e', _)
            | (b'e', b'i', _)
            | (b'e', b'y', _)
            | (b'a', b'i', _)
            | (b'a', b'y', _)
            | (b'i', b'e', _) => (b"i", 2),
            (b'x', _, _) if i == 0 => (b"h", 1),
            (b'x', _, _) => (b"ks", 1),
            (b'q', _, _) => (b"k", 1),
            // w after a vowel and before a consonant is the second half of a
            // diphthong (Tawhid, Cyrillic Таухид): u; elsewhere a consonant.
            (b'w', n, _) if i > 0 && is_vowel(b[i - 1]) && !is_vowel(n) => (b"u", 1),
            (b'w', _, _) => (b"v", 1),
            (b'c', b'e' | b'i' | b'y', _) => (b"s", 1),
            (b'c', _, _) => (b"k", 1),
            (b'y', _, _) | (b'e', _, _) => (b"i", 1),
            (b'o', _, _) => (b"u", 1),
            _ => (std::slice::from_ref(&b[i]), 1),
        };
        out.extend_from_slice(sym);
        i += adv;
    }
    // A final h after a vowel is not pronounced (Fatimah, Abdullah).
    if out.len() > 2 && out.last() == Some(&b'h') && is_vowel(out[out.len() - 2]) {
        out.pop();
    }
    out.dedup();
    String::from_utf8(out).expect("ascii")
}

fn is_vowel(c: u8) -> bool {
    matches!(c, b'a' | b'e' | b'i' | b'o' | b'u' | b'y')
}

/// The consonant skeleton of a phonetic form: vowels dropped, and the
/// glide v (from w) dropped inside the word, where Arabic script writes the
/// long vowel and the consonant alike.
pub fn skeleton(phonetic: &str) -> String {
    let mut out: Vec<u8> = Vec::with_capacity(phonetic.len());
    for (i, &c) in phonetic.as_bytes().iter().enumerate() {
        if is_vowel(c) || (c == b'v' && i > 0) {
            continue;
        }
        out.push(c);
    }
    out.dedup();
    // A final h is often silent or unwritten (Sdllh / Saidullah).
    if out.len() > 2 && matches!(out.last(), Some(b'h' | b'H')) {
        out.pop();
    }
    String::from_utf8(out).expect("ascii")
}

/// The Latin letters a letter-class marker stands for. Arabic and Hebrew
/// letters that Latin spellings render several ways are transliterated as
/// upper-case markers: ث `T` (Uthman, Usman), ذ and ض `D` (Dhahabi, Zahabi),
/// ظ `Z` (Kazim, Kathim, Kadim), ق `Q` (Qaddafi, Gaddafi), ج `J` (Jamal,
/// Gamal), Hebrew צ׳ `X` (ض of Arabic names, Riduan; ch of others). ذ is
/// also the th of Gulf spellings (البذالي, Al-Bathali).
pub fn marker_class(c: u8) -> Option<&'static [u8]> {
    Some(match c {
        b'T' => b"ts",
        b'D' => b"dzt",
        b'X' => b"dzC",
        b'Z' => b"zdt",
        b'Q' => b"kg",
        b'J' => b"jg",
        b'H' => b"h",
        b'K' => b"ks",
        // Kana (see `text::translit::kana_word`): sounds Japanese merges.
        b'R' => b"rl",
        b'F' => b"fh",
        b'B' => b"bv",
        b'W' => b"sS",
        // A last n, which may also be ng (see `skeleton_matches`).
        b'N' => b"n",
        _ => return None,
    })
}

/// A marked skeleton with each letter followed by the marker H read as the
/// Latin digraph the two letters also spell: اسحاق "sHQ" is Is-haq, and
/// Ishaq, whose "sh" the Latin skeleton reads as one letter ("SQ"). `None`
/// when it has no such pair.
pub fn fold_h_digraphs(skel: &str) -> Option<String> {
    if !skel.contains('H') {
        return None;
    }
    let b = skel.as_bytes();
    let mut out = String::with_capacity(b.len());
    let mut folded = false;
    let mut i = 0;
    while i < b.len() {
        let digraph = match (b[i], b.get(i + 1)) {
            (b's', Some(b'H')) => Some('S'),
            (b'c', Some(b'H')) => Some('C'),
            (b'k', Some(b'H')) => Some('h'),
            (b'g', Some(b'H')) => Some('g'),
            (b't', Some(b'H')) => Some('t'),
            (b'd', Some(b'H')) => Some('d'),
            (b'z' | b'Z', Some(b'H')) => Some('j'),
            (b'D', Some(b'H')) => Some('d'),
            (b'T', Some(b'H')) => Some('t'),
            (b'p', Some(b'H')) => Some('f'),
            _ => None,
        };
        match digraph {
            Some(c) => {
                out.push(c);
                folded = true;
                i += 2;
            }
            None => {
                out.push(b[i] as char);
                i += 1;
            }
        }
    }
    folded.then_some(out)
}

/// Whether a letter of a vowel-less form (possibly a marker) can be this
/// letter of a Latin form. A shin (the symbol S) may be the French ch of
/// Maghreb spellings (شوكا, Chouka; شريف, Cherif).
pub fn letter_matches(marked: u8, latin: u8) -> bool {
    marked == latin
        || (marked == b'S' && latin == b'C')
        || marker_class(marked).is_some_and(|c| c.contains(&latin))
}

/// A skeleton with markers replaced by their first letter, for counting.
pub fn canonical_skeleton(skel: &str) -> String {
    skel.bytes()
        .map(|b| marker_class(b).map_or(b, |c| c[0]) as char)
        .collect()
}

/// Every plain form a marked skeleton or phonetic form can stand for (at
/// most 27).
pub fn expand_markers(skel: &str) -> Vec<String> {
    let mut out = vec![String::new()];
    for b in skel.bytes() {
        match marker_class(b) {
            Some(class) if out.len() * class.len() <= 27 => {
                out = out
                    .iter()
                    .flat_map(|p| class.iter().map(move |&c| format!("{p}{}", c as char)))
                    .collect();
            }
            Some(class) => out.iter_mut().for_each(|p| p.push(class[0] as char)),
            None => out.iter_mut().for_each(|p| p.push(b as char)),
        }
    }
    out
}

/// The phonetic form of a Latin word typed without vowels ("Frncs"): a c
/// before a consonant could be a k or an s once the vowels are gone, so it
/// becomes the marker K.
pub fn phonetic_vowelless(word: &str) -> String {
    let b = word.as_bytes();
    let marked: String = b
        .iter()
        .enumerate()
        .map(|(i, &c)| {
            if c == b'c' && b.get(i + 1) != Some(&b'h') {
                'K'
            } else {
                c as char
            }
        })
        .collect();
    phonetic(&marked)
}

/// A word as typed without vowels: its first letter kept, the vowel
/// letters a, e, i, o, u after it dropped ("Aven" → "avn", "Yury" → "yry",
/// "Natasha" → "ntsh"). A vowel-less word equal to this form of a listed
/// word is that word typed without vowels, even where its skeleton is too
/// short to say so ("Is" / Isa) or a digraph appears once the vowels are
/// gone ("Vlghr" / Valagohar).
pub fn devowel(word: &str) -> String {
    String::from_utf8(devowelled(word).collect()).expect("only ASCII vowels are dropped")
}

/// The letters of [`devowel`], without building the string.
pub fn devowelled(word: &str) -> impl Iterator<Item = u8> + '_ {
    word.bytes()
        .enumerate()
        .filter(|&(i, c)| i == 0 || !matches!(c, b'a' | b'e' | b'i' | b'o' | b'u'))
        .map(|(_, c)| c)
}

/// A word written without short vowels, as Latin letters typed without
/// vowels would spell it: after its first letter, the long vowels Arabic
/// script writes with consonant letters are those consonants again (waw
/// "u" is w, ya "i" is y) and an alif "a" is left out, so that ري "ri"
/// reads "ry", the [`devowel`] form of Rayo, and سو "su" reads "sw", that
/// of Swe; shin, written as the symbol S, is "sh" (اش, Aisha). A Latin
/// word typed without vowels has no such letters and is unchanged.
pub fn abjad_typed(word: &str) -> impl Iterator<Item = u8> + '_ {
    word.bytes().enumerate().flat_map(|(i, c)| {
        let (x, y): (Option<u8>, Option<u8>) = match c {
            b'S' => (Some(b's'), Some(b'h')),
            _ if i == 0 => (Some(c), None),
            b'a' | b'e' | b'o' => (None, None),
            b'u' => (Some(b'w'), None),
            b'i' => (Some(b'y'), None),
            _ => (Some(c), None),
        };
        x.into_iter().chain(y)
    })
}

/// Whether a word written without vowels can be read as typed Latin
/// letters by [`abjad_typed`]: lower-case letters, and the shin symbol S,
/// but no letter-class marker.
pub fn is_abjad_typable(word: &str) -> bool {
    word.bytes().all(|b| b.is_ascii_lowercase() || b == b'S')
}

/// Whether a word has no vowel letter after its first (so "mhmd", "ahmd",
/// "anwr" and "hj" are vowel-less: a typed or abjad spelling).
pub fn is_vowelless(word: &str) -> bool {
    word.len() >= 2
        && word.bytes().all(|c| c.is_ascii_alphabetic())
        && word
            .bytes()
            .skip(1)
            .all(|c| !matches!(c, b'a' | b'e' | b'i' | b'o' | b'u'))
}

#[cfg(test)]
mod tests {
    //! Properties checked:
    //! 1. romanisation variants of one name share a phonetic form, or differ
    //!    by one vowel at most;
    //! 2. vowel-less spellings share the skeleton of the vowelled ones;
    //! 3. distinct names keep distinct skeletons.
    use super::*;

    #[track_caller]
    fn same_phonetic(words: &[&str]) {
        let forms: Vec<String> = words.iter().map(|w| phonetic(w)).collect();
        assert!(
            forms.windows(2).all(|w| w[0] == w[1]),
            "{words:?} -> {forms:?}"
        );
    }

    #[track_caller]
    fn same_skeleton(words: &[&str]) {
        let forms: Vec<String> = words.iter().map(|w| skeleton(&phonetic(w))).collect();
        assert!(
            forms.windows(2).all(|w| w[0] == w[1]),
            "{words:?} -> {forms:?}"
        );
    }

    #[test]
    fn romanisation_variants() {
        same_phonetic(&["muhammad", "mukhammad", "muhamad"]);
        same_phonetic(&["yusuf", "yousouf", "yusouf"]);
        same_phonetic(&["husein", "hussein", "husain", "husayn", "hussain"]);
        same_phonetic(&["jamal", "djamal", "dzhamal"]);
        same_phonetic(&["khalid", "halid", "xalid"]);
        same_phonetic(&["fatima", "fatimah"]);
        same_phonetic(&["qasim", "kasim", "kassim"]);
        same_phonetic(&["yuri", "yuriy", "yury", "iurii"]);
        same_phonetic(&["chol", "chul"]);
        same_phonetic(&["omar", "umar"]);
        same_phonetic(&["walid", "valid"]);
        same_phonetic(&["shah", "shhah"]);
        same_phonetic(&["tawhid", "tauhid"]);
    }

    #[test]
    fn skeletons() {
        same_skeleton(&["muhammad", "mohammed", "mhmd", "mohamed"]);
        same_skeleton(&["mahmoud", "mahmud", "mhmud"]);
        same_skeleton(&["dawud", "daoud", "dawood", "daud"]);
        same_skeleton(&["marwan", "mruan"]);
        same_skeleton(&["yusuf", "yusf", "ysf"]);
        same_skeleton(&["bghdadi", "baghdadi"]);
        assert_ne!(skeleton(&phonetic("ahmad")), skeleton(&phonetic("mahmud")));
    }

    #[test]
    fn vowelless() {
        assert!(is_vowelless("mhmd"));
        assert!(is_vowelless("anwr"));
        assert!(is_vowelless("hj"));
        assert!(is_vowelless("dmtry"));
        assert!(!is_vowelless("muhammad"));
        // Only y after the first letter: read as vowel-less, harmless.
        assert!(is_vowelless("lynch"));
        assert_eq!(devowel("aven"), "avn");
        assert_eq!(devowel("yury"), "yry");
        assert_eq!(devowel("valagohar"), "vlghr");
        assert_eq!(fold_h_digraphs("sHQ").as_deref(), Some("SQ"));
        assert_eq!(fold_h_digraphs("sQ"), None);
        let typed = |w: &str| String::from_utf8(abjad_typed(w).collect()).unwrap();
        assert_eq!(typed("ri"), "ry");
        assert_eq!(typed("su"), "sw");
        assert_eq!(typed("aS"), "ash");
        assert_eq!(typed("mhmd"), "mhmd");
    }
}
