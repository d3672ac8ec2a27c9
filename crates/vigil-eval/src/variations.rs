//! Variation generators: from a listed name, the spellings a screening
//! must still recognise, one class of variation at a time.
//!
//! Each generator is deterministic given its [`Rng`], and returns `None`
//! when the class does not apply to the name (no middle name to drop, no
//! word long enough for a typo).

use crate::rng::Rng;
use serde::Serialize;
use vigil_core::names::knowledge::knowledge;

/// A kind of variation.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Class {
    /// The listed name as is (the baseline).
    Exact,
    /// Another romanisation: given-name variants (Muhammad / Mohamed) and
    /// spelling conventions (kh/h, ou/u, y/i, q/k, w/v, doubled letters).
    Romanisation,
    /// The name as the list publishes it in its original script (Arabic,
    /// Cyrillic...), screened against the lists' Latin names only.
    OriginalScript,
    /// The Latin name written in Cyrillic, as a Russian-language document
    /// would render it, screened against the lists' Latin names only.
    Cyrillic,
    /// The Latin name written in Arabic script without short vowels,
    /// screened against the lists' Latin names only.
    ArabicScript,
    /// Words reordered: family name first, or "SURNAME, Given".
    Reordered,
    /// A middle name or patronymic dropped.
    DroppedMiddle,
    /// Given and middle names as initials.
    Initials,
    /// A title or honorific added (Sheikh, Dr, Haji, Mullah).
    Titles,
    /// One or two typing errors.
    Typos,
    /// OCR confusions (rn/m, l/1, O/0, cl/d, e/c).
    Ocr,
    /// Look-alike letters from Cyrillic or Greek.
    Homoglyphs,
    /// Invisible characters inserted (zero-width, soft hyphen, bidi marks).
    Invisible,
    /// Written without vowels.
    Vowelless,
    /// Two words joined, or one split in two.
    JoinedSplit,
}

impl Class {
    /// Every class, in report order.
    pub const ALL: [Class; 15] = [
        Class::Exact,
        Class::Romanisation,
        Class::OriginalScript,
        Class::Cyrillic,
        Class::ArabicScript,
        Class::Reordered,
        Class::DroppedMiddle,
        Class::Initials,
        Class::Titles,
        Class::Typos,
        Class::Ocr,
        Class::Homoglyphs,
        Class::Invisible,
        Class::Vowelless,
        Class::JoinedSplit,
    ];

    /// The snake_case name.
    pub fn as_str(self) -> &'static str {
        match self {
            Class::Exact => "exact",
            Class::Romanisation => "romanisation",
            Class::OriginalScript => "original_script",
            Class::Cyrillic => "cyrillic",
            Class::ArabicScript => "arabic_script",
            Class::Reordered => "reordered",
            Class::DroppedMiddle => "dropped_middle",
            Class::Initials => "initials",
            Class::Titles => "titles",
            Class::Typos => "typos",
            Class::Ocr => "ocr",
            Class::Homoglyphs => "homoglyphs",
            Class::Invisible => "invisible",
            Class::Vowelless => "vowelless",
            Class::JoinedSplit => "joined_split",
        }
    }

    /// Whether the class is screened against the lists' Latin names only.
    pub fn latin_only_index(self) -> bool {
        matches!(
            self,
            Class::OriginalScript | Class::Cyrillic | Class::ArabicScript
        )
    }

    /// Whether the class only makes sense for names of persons: nobody
    /// writes a company with initials, reorders its words, drops one, spells
    /// it without vowels or romanises its legal form differently, and an
    /// organisation's name in another script is usually a translation, not a
    /// spelling.
    pub fn persons_only(self) -> bool {
        matches!(
            self,
            Class::Romanisation
                | Class::OriginalScript
                | Class::Cyrillic
                | Class::ArabicScript
                | Class::Reordered
                | Class::DroppedMiddle
                | Class::Initials
                | Class::Vowelless
                | Class::Titles
        )
    }
}

fn words(name: &str) -> Vec<String> {
    name.split(|c: char| c.is_whitespace() || c == ',')
        .filter(|w| !w.is_empty())
        .map(str::to_string)
        .collect()
}

fn is_vowel(c: char) -> bool {
    matches!(c.to_ascii_lowercase(), 'a' | 'e' | 'i' | 'o' | 'u')
}

/// Applies a class of variation to a Latin name; `None` when it does not
/// apply. (`OriginalScript` is not generated: it uses the list's own names.)
pub fn vary(class: Class, name: &str, rng: &mut Rng) -> Option<String> {
    let w = words(name);
    if w.is_empty() {
        return None;
    }
    let out = match class {
        Class::Exact => name.to_string(),
        Class::Romanisation => romanise(&w, rng)?,
        Class::OriginalScript => return None,
        Class::Cyrillic => w
            .iter()
            .map(|x| to_cyrillic(x))
            .collect::<Vec<_>>()
            .join(" "),
        Class::ArabicScript => w.iter().map(|x| to_arabic(x)).collect::<Vec<_>>().join(" "),
        Class::Reordered => {
            if w.len() < 2 {
                return None;
            }
            if rng.chance(0.5) {
                let mut r = w.clone();
                let last = r.pop()?;
                format!("{last}, {}", r.join(" "))
            } else {
                let mut r = w.clone();
                r.rotate_right(1);
                r.join(" ")
            }
        }
        Class::DroppedMiddle => {
            // A middle name or patronymic: not the family name (before the
            // comma in "SURNAME, Given Middle"), not the first given name, and
            // not half of a compound ("Abdul Rahim", "al-Rahman", "Abu Zaid").
            let droppable = |words: &[String], i: usize| {
                let bound = |x: &str| {
                    let x = x.to_lowercase();
                    let x = x.trim_matches(|c: char| !c.is_alphanumeric());
                    matches!(
                        x,
                        "abd"
                            | "abdul"
                            | "abdel"
                            | "abdal"
                            | "abu"
                            | "bin"
                            | "ibn"
                            | "ben"
                            | "al"
                            | "el"
                            | "ould"
                    ) || x.starts_with("al-")
                        || x.starts_with("el-")
                };
                !bound(&words[i]) && !bound(&words[i - 1])
            };
            let drop = |words: &mut Vec<String>, from: usize, rng: &mut Rng| -> Option<()> {
                let choices: Vec<usize> = (from..words.len())
                    .filter(|&i| droppable(words, i))
                    .collect();
                let i = *choices.get(rng.below(choices.len().max(1)))?;
                words.remove(i);
                Some(())
            };
            match name.split_once(',') {
                Some((f, g)) => {
                    let mut given = words(g);
                    if given.len() < 2 {
                        return None;
                    }
                    drop(&mut given, 1, rng)?;
                    format!("{}, {}", f.trim(), given.join(" "))
                }
                None => {
                    if w.len() < 3 {
                        return None;
                    }
                    let mut r = w.clone();
                    let last = r.pop()?;
                    drop(&mut r, 1, rng)?;
                    r.push(last);
                    r.join(" ")
                }
            }
        }
        Class::Initials => {
            // The family name stays whole: the part before the comma in
            // "SURNAME, Given" (OFAC), else the last word. The first given
            // name always becomes an initial, others half the time.
            let (family, given): (Vec<String>, Vec<String>) = match name.split_once(',') {
                Some((f, g)) => (words(f), words(g)),
                None => {
                    let mut g = w.clone();
                    let f = g.pop()?;
                    (vec![f], g)
                }
            };
            if given.is_empty() {
                return None;
            }
            let initials: Vec<String> = given
                .iter()
                .enumerate()
                .map(|(i, x)| {
                    if i == 0 || rng.chance(0.5) {
                        format!("{}.", x.chars().next().unwrap_or('x'))
                    } else {
                        x.clone()
                    }
                })
                .collect();
            format!("{} {}", initials.join(" "), family.join(" "))
        }
        Class::Titles => {
            const TITLES: [&str; 8] = [
                "Sheikh", "Dr.", "Haji", "Mullah", "Mr", "Maulvi", "General", "Prof.",
            ];
            format!("{} {name}", TITLES[rng.below(TITLES.len())])
        }
        Class::Typos => {
            let n = if w.iter().map(String::len).sum::<usize>() >= 18 && rng.chance(0.5) {
                2
            } else {
                1
            };
            let mut r = w.clone();
            for _ in 0..n {
                let candidates: Vec<usize> = (0..r.len())
                    .filter(|&i| r[i].chars().count() >= 5)
                    .collect();
                let i = *candidates.get(rng.below(candidates.len().max(1)))?;
                r[i] = typo(&r[i], rng);
            }
            r.join(" ")
        }
        Class::Ocr => ocr(name, rng)?,
        Class::Homoglyphs => homoglyphs(name, rng)?,
        Class::Invisible => invisible(name, rng),
        Class::Vowelless => w
            .iter()
            .map(|x| {
                x.chars()
                    .enumerate()
                    .filter(|&(i, c)| i == 0 || !is_vowel(c))
                    .map(|(_, c)| c)
                    .collect::<String>()
            })
            .collect::<Vec<_>>()
            .join(" "),
        Class::JoinedSplit => {
            if w.len() >= 2 && rng.chance(0.6) {
                let i = rng.below(w.len() - 1);
                let mut r = w.clone();
                let next = r.remove(i + 1);
                r[i].push_str(&next);
                r.join(" ")
            } else {
                let candidates: Vec<usize> = (0..w.len())
                    .filter(|&i| w[i].chars().count() >= 8)
                    .collect();
                let i = *candidates.get(rng.below(candidates.len().max(1)))?;
                let chars: Vec<char> = w[i].chars().collect();
                let cut = 3 + rng.below(chars.len() - 5);
                let mut r = w.clone();
                r[i] = format!(
                    "{} {}",
                    chars[..cut].iter().collect::<String>(),
                    chars[cut..].iter().collect::<String>()
                );
                r.join(" ")
            }
        }
    };
    (out != name || class == Class::Exact).then_some(out)
}

/// Another romanisation: a given-name variant where the name has one, and
/// one or two spelling-convention changes.
fn romanise(w: &[String], rng: &mut Rng) -> Option<String> {
    let k = knowledge();
    let mut r: Vec<String> = w.iter().map(|x| x.to_lowercase()).collect();
    let mut changed = false;
    for x in r.iter_mut() {
        let p = vigil_core::names::phonetic::phonetic(x);
        if let Some(f) = k.family(x, &p) {
            let members = k.family_members(f);
            let others: Vec<&String> = members.iter().filter(|m| *m != x).collect();
            if !others.is_empty() && rng.chance(0.7) {
                *x = others[rng.below(others.len())].clone();
                changed = true;
            }
        }
    }
    const RULES: [(&str, &str); 16] = [
        ("kh", "h"),
        ("ou", "u"),
        ("u", "ou"),
        ("y", "i"),
        ("ee", "i"),
        ("q", "k"),
        ("w", "v"),
        ("ph", "f"),
        ("dj", "j"),
        ("j", "dj"),
        ("sh", "sch"),
        ("ai", "ay"),
        ("ei", "ey"),
        ("ss", "s"),
        ("mm", "m"),
        ("ll", "l"),
    ];
    for _ in 0..2 {
        let i = rng.below(r.len());
        let applicable: Vec<&(&str, &str)> =
            RULES.iter().filter(|(a, _)| r[i].contains(a)).collect();
        if let Some((a, b)) = applicable.get(rng.below(applicable.len().max(1))) {
            r[i] = r[i].replacen(a, b, 1);
            changed = true;
        }
    }
    changed.then(|| r.join(" "))
}

fn typo(word: &str, rng: &mut Rng) -> String {
    let mut c: Vec<char> = word.chars().collect();
    let i = 1 + rng.below(c.len() - 1);
    match rng.below(4) {
        0 => {
            c.remove(i);
        }
        1 => {
            let dup = c[i];
            c.insert(i, dup);
        }
        2 => {
            const KEYS: &str = "abcdefghijklmnopqrstuvwxyz";
            let k: Vec<char> = KEYS.chars().collect();
            c[i] = k[rng.below(k.len())];
        }
        _ => {
            let j = if i + 1 < c.len() { i + 1 } else { i - 1 };
            c.swap(i, j);
        }
    }
    c.into_iter().collect()
}

fn ocr(name: &str, rng: &mut Rng) -> Option<String> {
    const PAIRS: [(&str, &str); 10] = [
        ("m", "rn"),
        ("rn", "m"),
        ("l", "1"),
        ("I", "l"),
        ("O", "0"),
        ("o", "0"),
        ("d", "cl"),
        ("e", "c"),
        ("h", "b"),
        ("w", "vv"),
    ];
    let applicable: Vec<&(&str, &str)> = PAIRS.iter().filter(|(a, _)| name.contains(a)).collect();
    let (a, b) = applicable.get(rng.below(applicable.len().max(1)))?;
    let count = name.matches(a).count();
    let nth = rng.below(count);
    let (pos, _) = name.match_indices(a).nth(nth)?;
    Some(format!("{}{}{}", &name[..pos], b, &name[pos + a.len()..]))
}

fn homoglyphs(name: &str, rng: &mut Rng) -> Option<String> {
    let swap = |c: char| -> Option<char> {
        Some(match c {
            'a' => 'а',
            'e' => 'е',
            'o' => 'о',
            'p' => 'р',
            'c' => 'с',
            'x' => 'х',
            'y' => 'у',
            'A' => 'А',
            'B' => 'В',
            'E' => 'Е',
            'H' => 'Н',
            'K' => 'К',
            'M' => 'М',
            'O' => 'О',
            'P' => 'Р',
            'C' => 'С',
            'T' => 'Т',
            'X' => 'Х',
            'I' => 'І',
            'N' => 'Ν',
            _ => return None,
        })
    };
    let positions: Vec<usize> = name
        .char_indices()
        .filter(|&(_, c)| swap(c).is_some())
        .map(|(i, _)| i)
        .collect();
    if positions.is_empty() {
        return None;
    }
    let n = 1 + rng.below(3.min(positions.len()));
    let mut chosen: Vec<usize> = (0..n)
        .map(|_| positions[rng.below(positions.len())])
        .collect();
    chosen.sort_unstable();
    chosen.dedup();
    Some(
        name.char_indices()
            .map(|(i, c)| {
                if chosen.contains(&i) {
                    swap(c).unwrap_or(c)
                } else {
                    c
                }
            })
            .collect(),
    )
}

fn invisible(name: &str, rng: &mut Rng) -> String {
    const MARKS: [char; 6] = [
        '\u{200B}', '\u{200C}', '\u{200D}', '\u{00AD}', '\u{2060}', '\u{200E}',
    ];
    let mut out = String::new();
    for c in name.chars() {
        out.push(c);
        if c.is_alphabetic() && rng.chance(0.2) {
            out.push(MARKS[rng.below(MARKS.len())]);
        }
    }
    out
}

/// Latin to Cyrillic as Russian documents write foreign names.
fn to_cyrillic(word: &str) -> String {
    let w = word.to_lowercase();
    let b: Vec<char> = w.chars().collect();
    let mut out = String::new();
    let mut i = 0;
    while i < b.len() {
        let two: String = b[i..(i + 2).min(b.len())].iter().collect();
        let three: String = b[i..(i + 3).min(b.len())].iter().collect();
        let (s, n) = match () {
            _ if three == "sch" => ("ш", 3),
            _ if two == "sh" => ("ш", 2),
            _ if two == "kh" => ("х", 2),
            _ if two == "ch" => ("ч", 2),
            _ if two == "zh" => ("ж", 2),
            _ if two == "ts" => ("ц", 2),
            _ if two == "ya" => ("я", 2),
            _ if two == "yu" => ("ю", 2),
            _ if two == "yo" => ("ё", 2),
            _ if two == "ye" => ("е", 2),
            _ if two == "ou" => ("у", 2),
            _ if two == "ee" => ("и", 2),
            _ if two == "oo" => ("у", 2),
            _ if two == "gh" => ("г", 2),
            _ if two == "th" => ("т", 2),
            _ if two == "dh" => ("д", 2),
            _ if two == "ph" => ("ф", 2),
            _ => {
                let s = match b[i] {
                    'a' => "а",
                    'b' => "б",
                    'c' => "к",
                    'd' => "д",
                    'e' => {
                        if i == 0 {
                            "э"
                        } else {
                            "е"
                        }
                    }
                    'f' => "ф",
                    'g' => "г",
                    'h' => "х",
                    'i' => "и",
                    'j' => "дж",
                    'k' => "к",
                    'l' => "л",
                    'm' => "м",
                    'n' => "н",
                    'o' => "о",
                    'p' => "п",
                    'q' => "к",
                    'r' => "р",
                    's' => "с",
                    't' => "т",
                    'u' => "у",
                    'v' => "в",
                    'w' => "в",
                    'x' => "кс",
                    'y' => "й",
                    'z' => "з",
                    '-' => "-",
                    '\'' | '’' | '‘' => "",
                    _ => "",
                };
                (s, 1)
            }
        };
        out.push_str(s);
        i += n;
    }
    // Russian capitalises names.
    let mut c = out.chars();
    match c.next() {
        Some(f) => f.to_uppercase().collect::<String>() + c.as_str(),
        None => out,
    }
}

/// Latin to Arabic script as a person writes a name without short vowels:
/// consonants, long vowels (ou, ee, aa), a first vowel as alif (a first ou
/// as alif and waw), a last vowel as the long vowel Arabic writes there
/// (Djouadi جودي, Popova پپوا, Cho چو), an apostrophe as ayn ('Ali عل), dj
/// as jim, and a c before e, i or y as sin (Luciano لسنو, Garcia جرسي).
/// A doubled Latin letter is written once (Muhammad مهمد); two equal
/// consonants with a vowel between are both written (Popova).
fn to_arabic(word: &str) -> String {
    let w = word.to_lowercase();
    let w = w
        .strip_prefix("al-")
        .map_or(w.clone(), |r| format!("ال{r}"));
    let b: Vec<char> = w.chars().collect();
    let mut out = String::new();
    let mut i = 0;
    while i < b.len() {
        let two: String = b[i..(i + 2).min(b.len())].iter().collect();
        let first = i == 0;
        let last = i + 1 == b.len();
        let (s, n) = match () {
            _ if two == "sh" => ("ش", 2),
            _ if two == "kh" => ("خ", 2),
            _ if two == "th" => ("ث", 2),
            _ if two == "dh" => ("ذ", 2),
            _ if two == "gh" => ("غ", 2),
            _ if two == "ch" => ("چ", 2),
            _ if two == "zh" => ("ژ", 2),
            _ if two == "dj" => ("ج", 2),
            _ if first && two == "ou" => ("او", 2),
            _ if two == "ou" || two == "oo" || two == "uu" => ("و", 2),
            _ if two == "ee" || two == "ii" => ("ي", 2),
            _ if two == "aa" => ("ا", 2),
            _ => {
                let s = match b[i] {
                    // Short vowels are not written, except at the start and
                    // the end of a word.
                    'a' | 'e' | 'i' | 'o' | 'u' if first => "ا",
                    'a' if last => "ا",
                    'i' if last => "ي",
                    'o' | 'u' if last => "و",
                    'a' | 'e' | 'i' | 'o' | 'u' => "",
                    '\'' | '’' | '‘' | 'ʿ' => "ع",
                    'b' => "ب",
                    'c' if matches!(b.get(i + 1), Some('e' | 'i' | 'y')) => "س",
                    'c' | 'k' => "ك",
                    'd' => "د",
                    'f' => "ف",
                    'g' => "ج",
                    'h' => "ه",
                    'j' => "ج",
                    'l' => "ل",
                    'm' => "م",
                    'n' => "ن",
                    'p' => "پ",
                    'q' => "ق",
                    'r' => "ر",
                    's' => "س",
                    't' => "ت",
                    'v' | 'w' => "و",
                    'x' => "كس",
                    'y' => "ي",
                    'z' => "ز",
                    c if ('\u{0600}'..='\u{06FF}').contains(&c) => {
                        out.push(c);
                        ""
                    }
                    _ => "",
                };
                (s, 1)
            }
        };
        // A doubled Latin letter is written once.
        let doubled = n == 1 && i > 0 && b[i - 1] == b[i] && !is_vowel(b[i]);
        if !doubled {
            out.push_str(s);
        }
        i += n;
    }
    out
}

#[cfg(test)]
mod tests {
    //! Properties checked: each class changes the name in its own way, and
    //! is deterministic for a seed.
    use super::*;

    fn v(class: Class, name: &str) -> Option<String> {
        vary(class, name, &mut Rng::new(7))
    }

    #[test]
    fn classes() {
        assert_eq!(
            v(Class::Exact, "Usama bin Laden").as_deref(),
            Some("Usama bin Laden")
        );
        assert_eq!(
            v(Class::Vowelless, "Muhammad Yusuf").as_deref(),
            Some("Mhmmd Ysf")
        );
        assert_eq!(
            v(Class::Cyrillic, "Shamsiddin Kholov").as_deref(),
            Some("Шамсиддин Холов")
        );
        assert_eq!(
            v(Class::ArabicScript, "Muhammad Yusuf").as_deref(),
            Some("مهمد يسف")
        );
        // Letters a person writes: a last vowel, ayn for an apostrophe, dj
        // as jim, a soft c as sin, both p of Popova.
        assert_eq!(
            v(Class::ArabicScript, "Natalya POPOVA").as_deref(),
            Some("نتليا پپوا")
        );
        assert_eq!(
            v(Class::ArabicScript, "'Ali Djouadi Luciano").as_deref(),
            Some("علي جودي لسنو")
        );
        assert!(v(Class::DroppedMiddle, "Ayman Zawahiri").is_none());
        assert_eq!(
            v(Class::Typos, "Ayman Zawahiri"),
            v(Class::Typos, "Ayman Zawahiri")
        );
        assert_ne!(
            v(Class::Homoglyphs, "OSAMA BIN LADEN").as_deref(),
            Some("OSAMA BIN LADEN")
        );
    }
}
