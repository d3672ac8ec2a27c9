//! Text normalisation: from a name as typed or listed, in any script, to the
//! lower-case ASCII words the matcher compares.
//!
//! The chain, each step in its own module and tested on its own:
//! 1. [`clean`]: NFKC, invisible and format characters removed, lower case;
//! 2. [`confusables`]: homoglyphs in mixed-script words folded (the folded
//!    reading is an extra variant, never a replacement);
//! 3. [`ocr`]: OCR confusions repaired (again an extra reading);
//! 4. [`translit`]: every script romanised, apostrophes joined, other
//!    punctuation split, diacritics dropped.
//!
//! [`normalize`] runs the chain and returns every reading of the name.

pub mod clean;
pub mod confusables;
pub mod ocr;
pub mod translit;

pub use translit::RawToken;

/// One reading of a name: its words, and what the chain did to get there.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Reading {
    /// The words, lower-case ASCII.
    pub tokens: Vec<RawToken>,
    /// Invisible characters removed from the input.
    pub invisible_removed: usize,
    /// Homoglyphs folded to get this reading (0 for the plain reading).
    pub homoglyphs_folded: usize,
    /// Which romanisation this reading uses, when a script has several
    /// (`"mccune"` for the North Korean spelling of Hangul,
    /// `"kana-consonants"` for kana read by its consonants, `"cyrillic-h"`
    /// for Cyrillic г read as h).
    pub scheme: Option<&'static str>,
}

/// Every reading of a name: the plain one first, then the homoglyph-folded
/// one when the name mixes scripts inside words, each in every
/// romanisation its scripts have. Readings with no word are dropped, so the
/// result is empty for a name made only of punctuation or invisible
/// characters.
pub fn normalize(raw: &str) -> Vec<Reading> {
    normalize_with(raw, true)
}

/// [`normalize`] for a name as a list publishes it: without the homoglyph
/// and OCR readings, which repair tampered or machine-read input and which
/// the matcher would not use for a listed name that has its own reading.
/// A name with no reading of its own still gets the repaired ones.
pub fn normalize_listed(raw: &str) -> Vec<Reading> {
    let readings = normalize_with(raw, false);
    if readings.is_empty() {
        normalize(raw)
    } else {
        readings
    }
}

fn normalize_with(raw: &str, repairs: bool) -> Vec<Reading> {
    let nfkc: String = {
        use unicode_normalization::UnicodeNormalization;
        raw.nfkc().collect()
    };
    let mut sources = vec![(nfkc.clone(), 0)];
    // Homoglyph folding is case-aware (Cyrillic "Н" looks like Latin "H", its
    // lower case "н" does not look like "h"), so it runs before lower-casing.
    if repairs {
        let without_invisible: String = nfkc.chars().filter(|&c| !clean::is_invisible(c)).collect();
        if let Some((folded, n)) = confusables::fold(&without_invisible) {
            sources.push((folded, n));
        }
        // OCR confusions are another reading; they count as look-alikes.
        if let Some((repaired, n)) = ocr::fold(&without_invisible) {
            sources.push((repaired, n));
        }
    }
    let mut readings: Vec<Reading> = Vec::new();
    for (text, folded) in sources {
        let cleaned = clean::clean(&text);
        let mut variants: Vec<(Vec<RawToken>, Option<&'static str>)> =
            translit::romanize(&cleaned.text)
                .into_iter()
                .enumerate()
                .map(|(i, v)| (v, (i == 1).then_some("mccune")))
                .collect();
        // Kana read by consonants repairs the vowels a Japanese writer added
        // to a foreign name; a listed kana name has its own reading.
        if repairs && let Some(v) = translit::romanize_kana_consonants(&cleaned.text) {
            variants.push((v, Some("kana-consonants")));
        }
        // Ukrainian and Belarusian г is h, as their romanisations and the
        // lists write it (Лёгкі, Liokhi; Гончаренко, Honcharenko), where
        // Russian г is g; a query may be either.
        if repairs && cleaned.text.contains('г') {
            let h = cleaned.text.replace('г', "h");
            if let Some(v) = translit::romanize(&h).into_iter().next() {
                variants.push((v, Some("cyrillic-h")));
            }
        }
        for (tokens, scheme) in variants {
            if tokens.is_empty() {
                continue;
            }
            // Look-alikes often romanise to the same letters as the honest
            // reading; keep one reading, but remember they were there.
            if let Some(same) = readings.iter_mut().find(|r| r.tokens == tokens) {
                same.homoglyphs_folded = same.homoglyphs_folded.max(folded);
                continue;
            }
            readings.push(Reading {
                tokens,
                invisible_removed: cleaned.invisible_removed.max(count_invisible(raw)),
                homoglyphs_folded: folded,
                scheme,
            });
        }
    }
    readings
}

fn count_invisible(raw: &str) -> usize {
    raw.chars().filter(|&c| clean::is_invisible(c)).count()
}

#[cfg(test)]
mod tests {
    //! Properties checked:
    //! 1. a tampered name has a reading equal to the honest name's;
    //! 2. the plain reading always comes first;
    //! 3. names without letters or digits have no reading.
    use super::*;

    fn words(r: &Reading) -> String {
        r.tokens
            .iter()
            .map(|t| t.text.as_str())
            .collect::<Vec<_>>()
            .join(" ")
    }

    #[test]
    fn tampered_names_meet_honest_ones() {
        // Cyrillic "а" romanises to "a" anyway: one reading, folds recorded.
        let r = normalize("Usаma\u{200B} bin Lаden");
        assert_eq!(r.len(), 1);
        assert_eq!(words(&r[0]), "usama bin laden");
        assert_eq!(r[0].homoglyphs_folded, 2);
        assert_eq!(r[0].invisible_removed, 1);
        // Cyrillic "Н" romanises to "n" but looks like "H": two readings.
        let r = normalize("OSAMA BIN LADEН");
        assert_eq!(words(&r[0]), "osama bin laden");
        let r = normalize("ΗASSAN");
        assert_eq!(words(&r[0]), "iassan");
        assert_eq!(words(&r[1]), "hassan");
        let r = normalize("0SAMA B1N LADEN");
        assert_eq!(words(&r[1]), "osama bin laden");
    }

    #[test]
    fn cyrillic_g_is_also_h_in_queries() {
        let all = |r: Vec<Reading>| r.iter().map(words).collect::<Vec<_>>();
        assert_eq!(
            all(normalize("Гончаренко Олег")),
            ["goncharenko oleg", "honcharenko oleh"]
        );
        assert_eq!(all(normalize_listed("Гончаренко")), ["goncharenko"]);
        assert_eq!(all(normalize("Шевченко")), ["shevchenko"]);
    }

    #[test]
    fn empty_names() {
        assert!(normalize("").is_empty());
        assert!(normalize(" - ., \u{200B}").is_empty());
        assert_eq!(words(&normalize("Kim")[0]), "kim");
    }
}
