//! Name knowledge: the tables in `data/names/` (given-name variant families,
//! titles, particles, legal forms, generic organisation words, stop words,
//! common-name frequencies), compiled into the binary and indexed once.
//!
//! Each table's header says where its entries come from; `data/names/README.md`
//! says how to extend them.

use super::phonetic::phonetic;
use crate::fnv::FnvBuild;
use std::collections::{HashMap, HashSet};

/// The tables' maps: keyed by short words, looked up for every word of
/// every name.
type Map<K, V> = HashMap<K, V, FnvBuild>;
type Set<K> = HashSet<K, FnvBuild>;
use std::sync::OnceLock;

/// The bit that marks a family id as the patronymics of a given-name family
/// (see [`Knowledge::family`]).
pub const PATRONYMIC: u32 = 1 << 31;

/// What a title-like word is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum TitleKind {
    /// A pure title (Dr, Sheikh, Mullah, Haji): ignored for matching.
    Title,
    /// An honorific that is often also a real name part (Sayed, Khan, Mir):
    /// kept, with a low weight.
    Honorific,
}

/// What a name particle is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum ParticleKind {
    /// The Arabic article and its assimilated forms (al, el, ad, ash...).
    Article,
    /// Son/daughter of (bin, ibn, bint, ben, ould, oglu, kyzy...).
    Patronymic,
    /// Father/mother of (abu, umm).
    Kunya,
    /// European particles (de, van, von, da...).
    Nobiliary,
    /// An element of Arabic compounds: "servant of" (abd, abdul...) before
    /// a name, or "of the faith / of God" (uddin, ullah...) after one.
    Compound,
}

/// The indexed tables.
#[derive(Debug)]
pub struct Knowledge {
    families: Map<String, u32>,
    family_names: Vec<String>,
    family_members: Vec<Vec<String>>,
    titles: Map<String, TitleKind>,
    particles: Map<String, ParticleKind>,
    /// Legal-form phrases keyed by their words concatenated ("sadecv",
    /// "youxiangongsi"), so that "S.A. de C.V." and 有限公司 read as
    /// "s a de c v" and "you xian gong si" meet them.
    legal_forms: Map<String, String>,
    legal_canonical: Set<String>,
    max_legal_len: usize,
    org_generic: Set<String>,
    stopwords: Set<String>,
    common: Map<String, u8>,
    /// Long words of legal forms, by their single deletions, to recognise
    /// them misspelt.
    org_words: Map<String, Vec<String>>,
}

/// The tables, loaded on first use.
pub fn knowledge() -> &'static Knowledge {
    static K: OnceLock<Knowledge> = OnceLock::new();
    K.get_or_init(Knowledge::load)
}

fn lines(text: &str) -> impl Iterator<Item = &str> {
    text.lines()
        .map(str::trim)
        .filter(|l| !l.is_empty() && !l.starts_with('#'))
}

fn words_of(phrase: &str) -> Vec<String> {
    phrase
        .split(|c: char| !c.is_ascii_alphanumeric())
        .filter(|w| !w.is_empty())
        .map(str::to_ascii_lowercase)
        .collect()
}

impl Knowledge {
    fn load() -> Knowledge {
        let mut families = Map::default();
        let mut family_names = Vec::new();
        let mut family_members: Vec<Vec<String>> = Vec::new();
        for line in lines(include_str!("../../data/names/given_name_variants.txt")) {
            let Some((canonical, variants)) = line.split_once(':') else {
                continue;
            };
            let id = family_names.len() as u32;
            family_names.push(canonical.trim().to_string());
            family_members.push(Vec::new());
            for v in std::iter::once(canonical).chain(variants.split(',')) {
                let w: String = words_of(v).concat();
                if w.is_empty() {
                    continue;
                }
                if !family_members[id as usize].contains(&w) {
                    family_members[id as usize].push(w.clone());
                }
                families.entry(phonetic(&w)).or_insert(id);
                families.entry(w).or_insert(id);
            }
        }
        let mut titles = Map::default();
        for line in lines(include_str!("../../data/names/titles.txt")) {
            let (word, kind) = line.split_once('\t').unwrap_or((line, "title"));
            let kind = if kind.trim() == "honorific" {
                TitleKind::Honorific
            } else {
                TitleKind::Title
            };
            let w = words_of(word).concat();
            // Titles are also known by sound: "hadjj" is "hajj".
            if w.len() >= 4 {
                titles.entry(phonetic(&w)).or_insert(kind);
            }
            titles.insert(w, kind);
        }
        let mut particles = Map::default();
        for line in lines(include_str!("../../data/names/particles.txt")) {
            let (word, kind) = line.split_once('\t').unwrap_or((line, "nobiliary"));
            let kind = match kind.trim() {
                "article" => ParticleKind::Article,
                "patronymic" => ParticleKind::Patronymic,
                "kunya" => ParticleKind::Kunya,
                "compound" | "compound_suffix" => ParticleKind::Compound,
                _ => ParticleKind::Nobiliary,
            };
            particles.insert(words_of(word).concat(), kind);
        }
        let mut legal_forms = Map::default();
        let mut legal_canonical = Set::default();
        let mut max_legal_len = 1;
        for line in lines(include_str!("../../data/names/legal_forms.txt")) {
            let Some((canonical, variants)) = line.split_once(':') else {
                continue;
            };
            let canonical = words_of(canonical).concat();
            for v in variants
                .split(',')
                .chain(std::iter::once(canonical.as_str()))
            {
                let w = words_of(v);
                if w.is_empty() {
                    continue;
                }
                max_legal_len = max_legal_len.max(w.iter().map(String::len).sum::<usize>());
                legal_forms
                    .entry(w.concat())
                    .or_insert_with(|| canonical.clone());
            }
            legal_canonical.insert(canonical);
        }
        let set =
            |text: &str| -> Set<String> { lines(text).map(|l| words_of(l).concat()).collect() };
        let mut common = Map::default();
        for line in lines(include_str!("../../data/names/common_names.txt")) {
            let (word, class) = line.split_once('\t').unwrap_or((line, "2"));
            let class: u8 = class.trim().parse().unwrap_or(2);
            let w = words_of(word).concat();
            common.entry(phonetic(&w)).or_insert(class);
            common.entry(w).or_insert(class);
        }
        let org_generic = set(include_str!("../../data/names/org_generic.txt"));
        let mut org_words: Map<String, Vec<String>> = Map::default();
        let long_words: Set<String> = legal_forms
            .keys()
            .cloned()
            .chain(
                include_str!("../../data/names/legal_forms.txt")
                    .lines()
                    .filter(|l| !l.starts_with('#'))
                    .flat_map(|l| l.split([':', ',', ' ']).map(str::trim).map(str::to_string)),
            )
            .filter(|w| w.len() >= 4 && w.bytes().all(|b| b.is_ascii_lowercase()))
            .collect();
        for w in long_words {
            let b = w.as_bytes();
            for i in 0..=b.len() {
                let key = if i == b.len() {
                    w.clone()
                } else {
                    let mut d = b.to_vec();
                    d.remove(i);
                    String::from_utf8(d).expect("ascii")
                };
                let entry = org_words.entry(key).or_default();
                if !entry.contains(&w) {
                    entry.push(w.clone());
                }
            }
        }
        Knowledge {
            families,
            family_names,
            family_members,
            titles,
            particles,
            legal_forms,
            legal_canonical,
            max_legal_len,
            org_generic,
            org_words,
            stopwords: set(include_str!("../../data/names/stopwords.txt")),
            common,
        }
    }

    /// The given-name family of a word (by spelling, then by phonetic form).
    ///
    /// A patronymic made from a name of a family ("Petrovich", Belarusian
    /// "Pyatrovich"; "Uladzimiravich", "Vladimirovich") is in that family's
    /// patronymic family, `id | PATRONYMIC`: two patronymics of one father's
    /// name are variants, as the names are.
    pub fn family(&self, word: &str, phonetic_form: &str) -> Option<u32> {
        self.families
            .get(word)
            .or_else(|| self.families.get(phonetic_form))
            .copied()
            .or_else(|| self.patronymic_family(word))
    }

    fn patronymic_family(&self, word: &str) -> Option<u32> {
        // Longest first: "yevich" before "evich".
        const SUFFIXES: [&str; 14] = [
            "ievich", "yevich", "ovich", "evich", "avich", "ivich", "ovych", "evych", "ievna",
            "yevna", "ovna", "evna", "avna", "ivna",
        ];
        let stem = SUFFIXES
            .iter()
            .find_map(|s| word.strip_suffix(s))
            .filter(|stem| stem.len() >= 3)?;
        // The name may end in a vowel the suffix replaced (Nikolai,
        // Nikolaevich; Sergei, Sergeevich; Pyatro, Pyatrovich).
        ["", "i", "y", "o", "a"].iter().find_map(|end| {
            let name = format!("{stem}{end}");
            self.families
                .get(&name)
                .or_else(|| self.families.get(&phonetic(&name)))
                .map(|id| id | PATRONYMIC)
        })
    }

    /// The canonical name of a family, for explanations.
    pub fn family_name(&self, id: u32) -> &str {
        let id = id & !PATRONYMIC;
        self.family_names
            .get(id as usize)
            .map_or("", String::as_str)
    }

    /// The spellings of a family, canonical first.
    pub fn family_members(&self, id: u32) -> &[String] {
        self.family_members
            .get(id as usize)
            .map_or(&[], Vec::as_slice)
    }

    /// Whether the word is a title or honorific.
    pub fn title(&self, word: &str) -> Option<TitleKind> {
        self.titles.get(word).copied().or_else(|| {
            (word.len() >= 4)
                .then(|| self.titles.get(&phonetic(word)).copied())
                .flatten()
        })
    }

    /// Whether the word is a name particle.
    pub fn particle(&self, word: &str) -> Option<ParticleKind> {
        self.particles.get(word).copied()
    }

    /// The canonical legal form of the longest phrase starting at `words[0]`,
    /// and how many words it spans. Words are compared concatenated, so a
    /// form split by dots or written syllable by syllable is found.
    pub fn legal_form(&self, words: &[&str]) -> Option<(&str, usize)> {
        let mut key = String::new();
        let mut best = None;
        for (n, w) in words.iter().enumerate() {
            key.push_str(w);
            if key.len() > self.max_legal_len {
                break;
            }
            if let Some(c) = self.legal_forms.get(&key) {
                best = Some((c.as_str(), n + 1));
            }
        }
        best
    }

    /// Whether a word is a canonical legal form.
    pub fn is_legal_form(&self, word: &str) -> bool {
        self.legal_canonical.contains(word)
    }

    /// Whether a word is a generic organisation word (company, trading...).
    pub fn is_org_generic(&self, word: &str) -> bool {
        self.org_generic.contains(word)
    }

    /// The legal-form word a word misspells by one edit (a doubled, dropped,
    /// swapped or wrong letter), or by a doubled letter and one edit, for
    /// words of six letters or more that are not such words themselves nor
    /// generic organisation words.
    pub fn org_word_correction(&self, word: &str) -> Option<&str> {
        let mut merged = word.as_bytes().to_vec();
        merged.dedup();
        let merged = String::from_utf8(merged).unwrap_or_default();
        let doubled = merged.len() < word.len();
        // A doubled letter ("Corpp", "Corrporationn") is the commonest slip.
        if doubled
            && word.len() >= 5
            && !self.org_generic.contains(word)
            && let Some(fixed) = self.org_word(&merged)
        {
            return Some(fixed);
        }
        let correctable =
            |w: &str| w.len() >= 6 && !self.org_generic.contains(w) && self.org_word(w).is_none();
        if !correctable(word) {
            return None;
        }
        // One edit from the word as typed, or, for a doubled letter and
        // another slip ("CdMPANYY"), from the word with doubled letters
        // merged.
        self.one_edit_org_word(word).or_else(|| {
            (doubled && correctable(&merged))
                .then(|| self.one_edit_org_word(&merged))
                .flatten()
        })
    }

    /// The legal-form word spelt exactly `word`.
    fn org_word(&self, word: &str) -> Option<&str> {
        self.org_words
            .get(word)?
            .iter()
            .find(|w| *w == word)
            .map(String::as_str)
    }

    /// The one legal-form word within one edit of `word`; `None` when there
    /// is none, or more than one (too ambiguous to correct).
    fn one_edit_org_word(&self, word: &str) -> Option<&str> {
        let b = word.as_bytes();
        let mut found: Option<&str> = None;
        for i in 0..=b.len() {
            let key = if i == b.len() {
                word.to_string()
            } else {
                let mut d = b.to_vec();
                d.remove(i);
                String::from_utf8(d).expect("ascii")
            };
            for cand in self.org_words.get(&key).into_iter().flatten() {
                let ok = crate::matching::similarity::osa_within(b, cand.as_bytes(), 1).is_some();
                if ok && found.is_none_or(|f| f == cand) {
                    found = Some(cand);
                } else if ok {
                    return None;
                }
            }
        }
        found
    }

    /// Whether a word is a stop word.
    pub fn is_stopword(&self, word: &str) -> bool {
        self.stopwords.contains(word)
    }

    /// The commonness class of a name word: 1 extremely common, 2 common.
    pub fn commonness(&self, word: &str, phonetic_form: &str) -> Option<u8> {
        self.common
            .get(word)
            .or_else(|| self.common.get(phonetic_form))
            .copied()
    }
}

#[cfg(test)]
mod tests {
    //! Properties checked: patronymics made from one given-name family,
    //! in any East Slavic romanisation, share a patronymic family, distinct
    //! from the given name's own and from other fathers' names.
    use super::*;

    fn family(word: &str) -> Option<u32> {
        knowledge().family(word, &phonetic(word))
    }

    #[test]
    fn patronymic_families() {
        let vladimir = family("uladzimiravich");
        assert!(vladimir.is_some_and(|id| id & PATRONYMIC != 0));
        assert_eq!(vladimir, family("vladimirovich"));
        assert_eq!(vladimir, family("volodymyrovych"));
        assert_eq!(family("pyatrovich"), family("petrovich"));
        assert_eq!(family("mikalaevich"), family("nikolaevich"));
        assert_eq!(family("sergeevna"), family("siarheevna"));
        assert_ne!(family("petrovich"), family("vladimirovich"));
        assert_ne!(family("vladimir"), vladimir);
        assert_eq!(family("ivanov"), None);
    }
}
