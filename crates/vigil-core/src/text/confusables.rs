//! Homoglyph folding (Unicode TR39 "confusables", the Latin/Cyrillic/Greek
//! part): a Cyrillic "а" in "Usаma" or a Greek "Ο" in "ΟSAMA" is the same
//! glyph as the Latin letter and is how a tampered name evades exact
//! comparison.
//!
//! Folding runs on words that mix scripts: letters of the minority script
//! with a look-alike in the majority script are replaced by it. Digits used
//! as letters inside a Latin word ("b1n", "0sama") are folded too. A name
//! whose words are mostly Latin also gets its all-look-alike Cyrillic or
//! Greek words folded ("ВАNК" → "BANK"). The folded text is offered as an
//! extra variant of the name; the unfolded reading is kept, so an honest
//! name never loses its own reading.
//!
//! The pairs below are the TR39 confusables (confusables.txt, Unicode 15)
//! between Latin, Cyrillic and Greek letters that render alike in common
//! fonts, upper and lower case kept apart because case folding comes later.

use crate::script::Script;

/// Cyrillic and Greek letters that look like a Latin letter.
fn to_latin(c: char) -> Option<char> {
    Some(match c {
        // Cyrillic upper case
        'А' => 'A',
        'В' => 'B',
        'Е' | 'Ё' => 'E',
        'З' => '3',
        'І' | 'Ӏ' => 'I',
        'Ј' => 'J',
        'К' => 'K',
        'М' => 'M',
        'Н' => 'H',
        'О' => 'O',
        'Р' => 'P',
        'С' => 'C',
        'Т' => 'T',
        'У' | 'Ү' => 'Y',
        'Х' => 'X',
        'Ѕ' => 'S',
        'Ԁ' => 'D',
        'Һ' => 'H',
        'Ԛ' => 'Q',
        'Ԝ' => 'W',
        // Cyrillic lower case
        'а' => 'a',
        'в' => 'b',
        'е' | 'ё' => 'e',
        'і' => 'i',
        'ј' => 'j',
        'к' => 'k',
        'м' => 'm',
        'н' => 'h',
        'о' => 'o',
        'р' => 'p',
        'с' => 'c',
        'т' => 't',
        'у' | 'ү' => 'y',
        'х' => 'x',
        'ѕ' => 's',
        'ԁ' => 'd',
        'һ' => 'h',
        'ԛ' => 'q',
        'ԝ' => 'w',
        'ӏ' => 'l',
        // Greek upper case
        'Α' => 'A',
        'Β' => 'B',
        'Ε' => 'E',
        'Ζ' => 'Z',
        'Η' => 'H',
        'Ι' => 'I',
        'Κ' => 'K',
        'Μ' => 'M',
        'Ν' => 'N',
        'Ο' => 'O',
        'Ρ' => 'P',
        'Τ' => 'T',
        'Υ' => 'Y',
        'Χ' => 'X',
        // Greek lower case
        'α' => 'a',
        'ι' => 'i',
        'κ' => 'k',
        'ν' => 'v',
        'ο' => 'o',
        'ρ' => 'p',
        'τ' => 't',
        'υ' => 'u',
        'χ' => 'x',
        _ => return None,
    })
}

/// Latin letters that look like a Cyrillic letter.
fn to_cyrillic(c: char) -> Option<char> {
    Some(match c {
        'A' => 'А',
        'B' => 'В',
        'E' => 'Е',
        'I' => 'І',
        'J' => 'Ј',
        'K' => 'К',
        'M' => 'М',
        'H' => 'Н',
        'O' => 'О',
        'P' => 'Р',
        'C' => 'С',
        'T' => 'Т',
        'Y' => 'У',
        'X' => 'Х',
        'S' => 'Ѕ',
        'a' => 'а',
        'e' => 'е',
        'i' => 'і',
        'j' => 'ј',
        'o' => 'о',
        'p' => 'р',
        'c' => 'с',
        'y' => 'у',
        'x' => 'х',
        's' => 'ѕ',
        _ => return None,
    })
}

/// Digits written for letters inside a Latin word.
fn digit_to_latin(c: char) -> Option<char> {
    Some(match c {
        '0' => 'o',
        '1' => 'i',
        '3' => 'e',
        '4' => 'a',
        '5' => 's',
        '7' => 't',
        '8' => 'b',
        '@' => 'a',
        '$' => 's',
        _ => return None,
    })
}

fn is_word_char(c: char) -> bool {
    c.is_alphanumeric() || c == '@' || c == '$'
}

/// Folds look-alike letters toward each word's majority script; returns the
/// folded text and the number of characters changed, or `None` when
/// nothing needed folding.
pub fn fold(text: &str) -> Option<(String, usize)> {
    let words = split_words(text);
    // The name's own majority among Latin, Cyrillic and Greek letters decides
    // what an all-look-alike word is meant to be.
    let (mut lat, mut other) = (0usize, 0usize);
    for c in text.chars() {
        match Script::of_char(c) {
            Some(Script::Latin) => lat += 1,
            Some(Script::Cyrillic | Script::Greek) => other += 1,
            _ => {}
        }
    }
    let name_is_latin = lat > other;
    let mut out = String::with_capacity(text.len());
    let mut changed = 0;
    for (is_word, w) in words {
        if !is_word {
            out.push_str(w);
            continue;
        }
        let (wl, wc, wd) = w
            .chars()
            .fold((0, 0, 0), |(l, c, d), ch| match Script::of_char(ch) {
                Some(Script::Latin) => (l + 1, c, d),
                Some(Script::Cyrillic | Script::Greek) => (l, c + 1, d),
                _ if digit_to_latin(ch).is_some() => (l, c, d + 1),
                _ => (l, c, d),
            });
        let all_lookalike = wc > 0 && wl == 0 && w.chars().all(|ch| to_latin(ch).is_some());
        // A mixed word follows the name's majority when the name is mostly
        // Latin ("ВАNК MELLI"), else its own majority ("Мoрозова").
        let mixed = wl > 0 && wc > 0;
        let toward_latin =
            (mixed && (name_is_latin || wl >= wc)) || (name_is_latin && all_lookalike);
        let toward_cyrillic = mixed && !toward_latin;
        for ch in w.chars() {
            let folded = if toward_latin {
                to_latin(ch).filter(|&f| f != '3')
            } else if toward_cyrillic {
                to_cyrillic(ch)
            } else {
                None
            };
            let folded = folded.or_else(|| {
                // Digits inside a word that also has Latin letters.
                (wl + wc > 0 && wd > 0 && (wl > 0 || toward_latin))
                    .then(|| digit_to_latin(ch))
                    .flatten()
            });
            match folded {
                Some(f) => {
                    out.push(f);
                    changed += 1;
                }
                None => out.push(ch),
            }
        }
    }
    (changed > 0).then_some((out, changed))
}

/// Splits text into runs of word characters and runs of everything else.
fn split_words(text: &str) -> Vec<(bool, &str)> {
    let mut runs = Vec::new();
    let mut start = 0;
    let mut current: Option<bool> = None;
    for (i, c) in text.char_indices() {
        let w = is_word_char(c);
        match current {
            Some(cw) if cw == w => {}
            Some(cw) => {
                runs.push((cw, &text[start..i]));
                start = i;
                current = Some(w);
            }
            None => current = Some(w),
        }
    }
    if let Some(cw) = current {
        runs.push((cw, &text[start..]));
    }
    runs
}

#[cfg(test)]
mod tests {
    //! Properties checked:
    //! 1. a Latin word with Cyrillic or Greek look-alikes folds to Latin;
    //! 2. a Cyrillic word with Latin look-alikes folds to Cyrillic;
    //! 3. honest single-script names are left alone;
    //! 4. digits inside Latin words fold; standalone numbers do not.
    use super::fold;

    #[track_caller]
    fn check(text: &str, expect: Option<(&str, usize)>) {
        assert_eq!(
            fold(text),
            expect.map(|(s, n)| (s.to_string(), n)),
            "{text}"
        );
    }

    #[test]
    fn mixed_words_fold() {
        check("Usаma bin Lаden", Some(("Usama bin Laden", 2)));
        check("ΟSAMA", Some(("OSAMA", 1)));
        check("ВАNК MELLI", Some(("BANK MELLI", 3)));
        check("Мoрозова", Some(("Морозова", 1)));
    }

    #[test]
    fn honest_names_untouched() {
        check("Osama bin Laden", None);
        check("Шамсидин Фаридуни", None);
        check("Αλέξανδρος", None);
        check("Иван SMITH", None);
        check("Vessel 2000", None);
    }

    #[test]
    fn digits_for_letters() {
        check("0sama b1n Laden", Some(("osama bin Laden", 2)));
    }
}
