//! How much each word identifies: the weight the name score gives it.
//!
//! Name words weigh by rarity in the loaded lists (inverse document
//! frequency over entities, by phonetic form, or by skeleton for words
//! written without vowels), capped for words the common-name table marks as
//! very common anywhere (Muhammad, Ali, Kim, Wang, Ivanov): a name that is
//! rare on sanctions lists can still be common in the population, and a
//! match on it must not weigh like a match on a rare surname. Other roles
//! weigh by role: particles, legal forms and stop words carry little.

use crate::fnv::FnvBuild;
use crate::names::knowledge::ParticleKind;
use crate::names::phonetic::canonical_skeleton;
use crate::names::{PreparedName, Role, Token};
use std::collections::{HashMap, HashSet};

/// Gives each prepared word its weight.
pub trait TokenWeights: Send + Sync {
    /// The weight of a word, 0 for words that must not count.
    fn weight(&self, token: &Token) -> f32;

    /// Stores every word's weight in the word, so that comparisons need not
    /// recompute it.
    fn fill(&self, name: &mut PreparedName) {
        for t in &mut name.tokens {
            t.weight = self.weight(t);
        }
    }
}

/// A word's weight: the one stored by [`TokenWeights::fill`], else computed.
pub fn weight_of(t: &Token, weights: &dyn TokenWeights) -> f32 {
    if t.weight.is_nan() {
        weights.weight(t)
    } else {
        t.weight
    }
}

/// The weight of a word by role, or `None` for name words, whose weight
/// comes from their rarity.
pub fn role_weight(role: Role) -> Option<f32> {
    Some(match role {
        Role::Name => return None,
        Role::Title => 0.0,
        Role::Stop => 0.05,
        Role::Particle(ParticleKind::Article) => 0.1,
        Role::Particle(ParticleKind::Patronymic | ParticleKind::Nobiliary) => 0.3,
        Role::Particle(ParticleKind::Compound) => 0.5,
        Role::Particle(ParticleKind::Kunya) => 0.6,
        Role::LegalForm => 0.4,
        Role::OrgGeneric => 0.5,
        Role::Honorific => 0.8,
        Role::Initial => 0.8,
        Role::Number => 2.0,
    })
}

/// The most a name word can weigh.
pub const MAX_NAME_WEIGHT: f32 = 9.0;

/// Suffixes of patronymics (Russian, Ukrainian, Belarusian, Central Asian):
/// a person's father's name, often left out of a name as written.
const PATRONYMIC_SUFFIXES: [&str; 12] = [
    "ovich", "evich", "ovna", "evna", "ichna", "ivna", "ovych", "evych", "ivich", "ogly", "oglu",
    "kyzy",
];

/// How much a patronymic weighs compared with another name word of the
/// same rarity.
const PATRONYMIC_FACTOR: f32 = 0.4;

/// Caps a name word's weight by its commonness and length.
fn cap(token: &Token, w: f32) -> f32 {
    let w = if token.text.len() > 6 && PATRONYMIC_SUFFIXES.iter().any(|s| token.text.ends_with(s)) {
        w * PATRONYMIC_FACTOR
    } else {
        w
    };
    let w = match token.common {
        Some(1) => w.min(2.0),
        Some(_) => w.min(3.5),
        None => w,
    };
    let w = match token.text.len() {
        0..=2 => w.min(2.5),
        3 => w.min(5.0),
        _ => w,
    };
    w.clamp(1.0, MAX_NAME_WEIGHT)
}

/// Weights without any list statistics (comparing two names on their own):
/// every name word is equally rare, save for the common-name caps.
#[derive(Debug, Clone, Copy)]
pub struct FixedWeights;

impl TokenWeights for FixedWeights {
    fn weight(&self, token: &Token) -> f32 {
        role_weight(token.role).unwrap_or_else(|| cap(token, 6.0))
    }
}

/// Weights from the rarity of words across the entities of the loaded lists.
#[derive(Debug, Clone, Default)]
pub struct CorpusWeights {
    entities: f32,
    by_phonetic: HashMap<String, u32, FnvBuild>,
    by_skeleton: HashMap<String, u32, FnvBuild>,
}

impl CorpusWeights {
    /// Counts, for each phonetic form and skeleton, the entities having a
    /// name word with it. Each item is the prepared names of one entity.
    pub fn build<'a, I, N>(entities: I) -> CorpusWeights
    where
        I: IntoIterator<Item = N>,
        N: IntoIterator<Item = &'a PreparedName>,
    {
        let mut w = CorpusWeights::default();
        let mut phon: HashSet<&str, FnvBuild> = HashSet::default();
        let mut skel: HashSet<String, FnvBuild> = HashSet::default();
        for names in entities {
            w.entities += 1.0;
            phon.clear();
            skel.clear();
            for name in names {
                for t in name.tokens.iter().filter(|t| t.role == Role::Name) {
                    if !t.abjad {
                        phon.insert(&t.phon);
                    }
                    skel.insert(canonical_skeleton(&t.skel));
                }
            }
            for p in &phon {
                match w.by_phonetic.get_mut(*p) {
                    Some(n) => *n += 1,
                    None => {
                        w.by_phonetic.insert((*p).to_string(), 1);
                    }
                }
            }
            for s in skel.drain() {
                *w.by_skeleton.entry(s).or_insert(0) += 1;
            }
        }
        w
    }

    /// The number of entities counted.
    pub fn entity_count(&self) -> usize {
        self.entities as usize
    }

    fn idf(&self, df: u32) -> f32 {
        ((self.entities + 1.0) / (df as f32 + 0.5)).ln()
    }
}

impl TokenWeights for CorpusWeights {
    fn weight(&self, token: &Token) -> f32 {
        if let Some(w) = role_weight(token.role) {
            return w;
        }
        if self.entities < 100.0 {
            // Too few entities for frequencies to mean anything.
            return FixedWeights.weight(token);
        }
        let df = if token.abjad {
            self.by_skeleton.get(&canonical_skeleton(&token.skel))
        } else {
            self.by_phonetic.get(&token.phon)
        };
        cap(token, self.idf(df.copied().unwrap_or(0)))
    }
}
