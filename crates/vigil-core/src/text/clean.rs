//! The first normalisation steps: Unicode NFKC, removal of invisible and
//! format characters, and case folding.
//!
//! Invisible characters (zero-width spaces and joiners, bidi controls, soft
//! hyphens, variation selectors, tag characters) are how a tampered name
//! slips past byte comparison; they are removed and counted so that the
//! explanation can say so.

use unicode_normalization::UnicodeNormalization;

/// A name after NFKC, invisible-character removal and lower-casing.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Cleaned {
    /// The cleaned text.
    pub text: String,
    /// How many invisible or format characters were removed.
    pub invisible_removed: usize,
}

/// Whether a character is invisible or a formatting control that must not
/// take part in matching.
pub fn is_invisible(c: char) -> bool {
    matches!(c,
        '\u{00AD}'                // soft hyphen
        | '\u{034F}'              // combining grapheme joiner
        | '\u{061C}'              // Arabic letter mark
        | '\u{115F}' | '\u{1160}' // Hangul fillers
        | '\u{17B4}' | '\u{17B5}' // Khmer inherent vowels (invisible)
        | '\u{180B}'..='\u{180F}' // Mongolian free variation selectors and vowel separator
        | '\u{200B}'..='\u{200F}' // zero-width space, ZWNJ, ZWJ, LRM, RLM
        | '\u{202A}'..='\u{202E}' // bidi embeddings and overrides
        | '\u{2060}'..='\u{2064}' // word joiner, invisible operators
        | '\u{2066}'..='\u{206F}' // bidi isolates, deprecated format characters
        | '\u{3164}'              // Hangul filler
        | '\u{FE00}'..='\u{FE0F}' // variation selectors
        | '\u{FEFF}'              // zero-width no-break space, BOM
        | '\u{FFA0}'              // halfwidth Hangul filler
        | '\u{FFF9}'..='\u{FFFB}' // interlinear annotation
        | '\u{1BCA0}'..='\u{1BCA3}' // shorthand format controls
        | '\u{1D173}'..='\u{1D17A}' // musical format controls
        | '\u{E0000}'..='\u{E007F}' // tag characters
        | '\u{E0100}'..='\u{E01EF}' // variation selectors supplement
    )
}

/// NFKC, then invisible characters removed, control characters turned into
/// spaces, and the text lower-cased.
///
/// NFKC runs first so that compatibility forms (fullwidth letters, ligatures,
/// mathematical alphabets, Arabic presentation forms) become ordinary
/// letters before anything else looks at them.
pub fn clean(raw: &str) -> Cleaned {
    let mut text = String::with_capacity(raw.len());
    let mut invisible_removed = 0;
    for c in raw.nfkc() {
        if is_invisible(c) {
            invisible_removed += 1;
        } else if c.is_control() {
            text.push(' ');
        } else {
            for l in c.to_lowercase() {
                text.push(l);
            }
        }
    }
    Cleaned {
        text,
        invisible_removed,
    }
}

#[cfg(test)]
mod tests {
    //! Properties checked:
    //! 1. invisible characters of every kind are removed and counted;
    //! 2. NFKC turns compatibility forms into plain letters;
    //! 3. cleaning is idempotent (property test).
    use super::*;

    #[track_caller]
    fn check(raw: &str, text: &str, removed: usize) {
        let c = clean(raw);
        assert_eq!(
            (c.text.as_str(), c.invisible_removed),
            (text, removed),
            "{raw:?}"
        );
    }

    #[test]
    fn invisible_characters() {
        check("Osa\u{200B}ma", "osama", 1);
        check("\u{202E}Bin\u{202C} La\u{00AD}den\u{FEFF}", "bin laden", 4);
        check("Ab\u{200D}\u{200C}dul", "abdul", 2);
        check("Kim\u{E0041}\u{FE0F}", "kim", 2);
        check("tab\there", "tab here", 0);
    }

    #[test]
    fn compatibility_forms() {
        check("ＡＢＣ", "abc", 0);
        check("ﬁrst", "first", 0);
        check("𝐎𝐬𝐚𝐦𝐚", "osama", 0);
        // Arabic presentation forms become the base letters.
        check("\u{FEE3}\u{FEA4}\u{FEE4}\u{FEAA}", "محمد", 0);
    }

    proptest::proptest! {
        #[test]
        fn idempotent(s in "\\PC{0,30}") {
            let once = clean(&s).text;
            let twice = clean(&once).text;
            proptest::prop_assert_eq!(once, twice);
        }
    }
}
