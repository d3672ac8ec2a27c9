//! Writing-system detection for names: which script a name is written in.
//!
//! The detection is by Unicode block, which is enough for names: a name is
//! classified by the script of the majority of its letters, ignoring digits,
//! punctuation and spaces. Mixed Latin/Cyrillic tokens (a homoglyph attack)
//! are still reported by their majority script; normalisation deals with them.

use serde::{Deserialize, Serialize};
use std::fmt;

/// The script a name is written in.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Script {
    /// Latin letters, with or without diacritics.
    Latin,
    /// Cyrillic, including the Tajik, Kazakh, Uzbek and Kyrgyz letters.
    Cyrillic,
    /// Arabic script, also used for Persian, Pashto and Urdu.
    Arabic,
    /// Greek.
    Greek,
    /// Hebrew.
    Hebrew,
    /// Armenian.
    Armenian,
    /// Georgian.
    Georgian,
    /// Chinese characters (also Japanese kanji).
    Han,
    /// Korean Hangul.
    Hangul,
    /// Japanese hiragana and katakana.
    Kana,
    /// Devanagari (Hindi, Nepali, Marathi...).
    Devanagari,
    /// Thai.
    Thai,
    /// Letters of any other script.
    Other,
    /// No letters at all (digits or punctuation only).
    None,
}

impl Script {
    /// All scripts, in display order.
    pub const ALL: [Script; 14] = [
        Script::Latin,
        Script::Cyrillic,
        Script::Arabic,
        Script::Greek,
        Script::Hebrew,
        Script::Armenian,
        Script::Georgian,
        Script::Han,
        Script::Hangul,
        Script::Kana,
        Script::Devanagari,
        Script::Thai,
        Script::Other,
        Script::None,
    ];

    /// The script of one character, or `None` for non-letters.
    pub fn of_char(c: char) -> Option<Script> {
        let u = c as u32;
        let script = match u {
            0x0041..=0x005A | 0x0061..=0x007A => Script::Latin,
            0x00C0..=0x024F | 0x1E00..=0x1EFF | 0x2C60..=0x2C7F | 0xA720..=0xA7FF => {
                if c == '\u{00D7}' || c == '\u{00F7}' {
                    return None;
                }
                Script::Latin
            }
            0x0250..=0x02AF | 0xFF21..=0xFF3A | 0xFF41..=0xFF5A => Script::Latin,
            0x0370..=0x03FF | 0x1F00..=0x1FFF => Script::Greek,
            0x0400..=0x052F | 0x1C80..=0x1C8F | 0x2DE0..=0x2DFF | 0xA640..=0xA69F => {
                Script::Cyrillic
            }
            0x0530..=0x058F => Script::Armenian,
            0x0590..=0x05FF | 0xFB1D..=0xFB4F => Script::Hebrew,
            0x0600..=0x06FF
            | 0x0750..=0x077F
            | 0x08A0..=0x08FF
            | 0xFB50..=0xFDFF
            | 0xFE70..=0xFEFF => {
                // Arabic punctuation and digits are not letters.
                if matches!(u, 0x060C | 0x061B | 0x061F | 0x0660..=0x066D | 0x06D4 | 0x06F0..=0x06F9)
                {
                    return None;
                }
                Script::Arabic
            }
            0x0900..=0x097F => Script::Devanagari,
            0x0E00..=0x0E7F => Script::Thai,
            0x10A0..=0x10FF | 0x1C90..=0x1CBF => Script::Georgian,
            0x1100..=0x11FF | 0x3130..=0x318F | 0xAC00..=0xD7AF => Script::Hangul,
            0x3040..=0x309F | 0x30A0..=0x30FF | 0x31F0..=0x31FF | 0xFF66..=0xFF9F => Script::Kana,
            0x3400..=0x4DBF | 0x4E00..=0x9FFF | 0xF900..=0xFAFF | 0x20000..=0x3134F => Script::Han,
            _ if c.is_alphabetic() => Script::Other,
            _ => return None,
        };
        Some(script)
    }

    /// The majority script of a text; [`Script::None`] when it has no letter.
    ///
    /// Japanese names mixing kanji and kana count as [`Script::Kana`] when any
    /// kana is present, since kana marks the text as Japanese.
    pub fn detect(text: &str) -> Script {
        let mut counts = [0u32; 14];
        for c in text.chars() {
            if let Some(s) = Script::of_char(c) {
                counts[s as usize] += 1;
            }
        }
        if counts[Script::Kana as usize] > 0 {
            return Script::Kana;
        }
        let (best, n) = counts
            .iter()
            .enumerate()
            .max_by_key(|&(i, n)| (*n, std::cmp::Reverse(i)))
            .expect("non-empty");
        if *n == 0 {
            Script::None
        } else {
            Script::ALL[best]
        }
    }

    /// Whether the script is Latin.
    pub fn is_latin(self) -> bool {
        self == Script::Latin
    }

    /// The lowercase name used in output (`latin`, `cyrillic`...).
    pub fn as_str(self) -> &'static str {
        match self {
            Script::Latin => "latin",
            Script::Cyrillic => "cyrillic",
            Script::Arabic => "arabic",
            Script::Greek => "greek",
            Script::Hebrew => "hebrew",
            Script::Armenian => "armenian",
            Script::Georgian => "georgian",
            Script::Han => "han",
            Script::Hangul => "hangul",
            Script::Kana => "kana",
            Script::Devanagari => "devanagari",
            Script::Thai => "thai",
            Script::Other => "other",
            Script::None => "none",
        }
    }
}

impl fmt::Display for Script {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

#[cfg(test)]
mod tests {
    //! Properties checked:
    //! 1. each script in the list is recognised from a real name;
    //! 2. punctuation and digits do not count;
    //! 3. Japanese with kana is Kana even when kanji dominate.
    use super::Script;

    #[track_caller]
    fn check(text: &str, expect: Script) {
        assert_eq!(Script::detect(text), expect, "{text}");
    }

    #[test]
    fn scripts_of_real_names() {
        check("Abboud Abdul Latif Hassan AL-ZOMOR", Script::Latin);
        check("Łukasz Müller-Ørsted", Script::Latin);
        check("Шамсидин Фаридуни", Script::Cyrillic);
        check("Ҷамшед Қурбонов", Script::Cyrillic);
        check("أبو بكر البغدادي", Script::Arabic);
        check("ګلبدین حکمتیار", Script::Arabic);
        check("Αλέξανδρος", Script::Greek);
        check("משה כהן", Script::Hebrew);
        check("Արամ", Script::Armenian);
        check("გიორგი", Script::Georgian);
        check("王小明", Script::Han);
        check("김정은", Script::Hangul);
        check("やまだ 山田太郎", Script::Kana);
        check("रजनीकांत", Script::Devanagari);
        check("บุญนพ นักรบ", Script::Thai);
    }

    #[test]
    fn punctuation_and_digits_are_not_letters() {
        check("123 - ., '", Script::None);
        check("", Script::None);
        check("«Inter» 2000", Script::Latin);
        check("محمد ١٢٣", Script::Arabic);
    }
}
