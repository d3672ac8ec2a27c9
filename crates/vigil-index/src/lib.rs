//! vigil-index: the in-memory candidate index over every name of the
//! loaded lists, and the screener that scores candidates with
//! `vigil_core::matching`.
//!
//! Retrieval is **recall-safe** by construction: the index keys a word by
//! exactly what the scorer compares (canonical word and its deletion
//! neighbourhood, phonetic form and its deletions, given-name family,
//! consonant skeleton, initial), and a query reaches every entity that could
//! score at or above the threshold:
//! 1. each query word is looked up by its keys, and every vocabulary word
//!    found is verified with the scorer's own word similarity;
//! 2. the query's *necessary* words are the fewest heaviest ones such that
//!    an entity matching none of them cannot reach the threshold even with
//!    all its other words matched and all positive evidence; only entities
//!    matching a necessary word become candidates;
//! 3. candidates whose best possible query coverage (from the words they
//!    matched) cannot reach the threshold are dropped before scoring.
//!
//! The `recall` test compares this against brute-force scoring of every
//! entity on the real lists.
//!
//! ```
//! use vigil_core::{Entity, Name, NameKind, Schema};
//! use vigil_index::{IndexBuilder, ListMeta, ScreenOptions};
//!
//! let mut e = Entity::new("demo", "1", Schema::Person);
//! e.add_name(Name::new("Karim Abdulrahman AL-FARSI", NameKind::Primary).unwrap());
//! let mut b = IndexBuilder::new();
//! b.add_list(ListMeta::named("demo"), vec![e]);
//! let index = b.build();
//! let q = vigil_core::matching::Query::name("Kareem Abdul Rahman al Farsi").prepare().unwrap();
//! let hits = index.screen(&q, &ScreenOptions { threshold: 0.75, limit: 5 });
//! assert_eq!(hits[0].entity.id, "demo:1");
//! ```
#![deny(missing_docs)]

mod keys;
pub mod report;

use keys::{deletion_keys, key, ns};
use rayon::prelude::*;
use serde::Serialize;
use std::collections::HashMap;
use vigil_core::fnv::FnvBuild;
use vigil_core::matching::weights::{MAX_NAME_WEIGHT, role_weight};

use vigil_core::matching::align::{
    INITIAL_SHARE, is_joinable, is_title_of, joined_forms, listed_side,
};

/// The most information an initial can carry in scoring.
const INITIAL_MAX: f32 = INITIAL_SHARE * MAX_NAME_WEIGHT;

use vigil_core::matching::similarity::{
    is_syllable_script, phonetic_retrieval_edits, retrieval_edits, token_similarity,
};
use vigil_core::matching::{
    self, CorpusWeights, PreparedEntity, PreparedQuery, Scored, ScoringConfig, TokenWeights,
};
use vigil_core::names::phonetic::{
    abjad_typed, devowel, expand_markers, fold_h_digraphs, is_abjad_typable, marker_class,
};
use vigil_core::names::prepare::is_misspelt_abd;
use vigil_core::names::{Role, Token};
use vigil_core::{Entity, PartialDate};

/// What the index knows about the list an entity came from.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct ListMeta {
    /// The source name (`un`, `ofac-sdn`...).
    pub source: String,
    /// The format read.
    pub format: String,
    /// The files read.
    pub files: Vec<String>,
    /// The publication date, when stated.
    pub published: Option<PartialDate>,
}

impl ListMeta {
    /// A list known only by its source name.
    pub fn named(source: &str) -> ListMeta {
        ListMeta {
            source: source.to_string(),
            format: String::new(),
            files: Vec::new(),
            published: None,
        }
    }
}

/// Collects lists, then builds the [`Index`].
#[derive(Debug, Default)]
pub struct IndexBuilder {
    lists: Vec<ListMeta>,
    entities: Vec<(u16, Entity)>,
}

impl IndexBuilder {
    /// An empty builder.
    pub fn new() -> IndexBuilder {
        IndexBuilder::default()
    }

    /// Adds a list and its entities.
    pub fn add_list(&mut self, meta: ListMeta, entities: Vec<Entity>) {
        let id = self.lists.len() as u16;
        self.lists.push(meta);
        self.entities.extend(entities.into_iter().map(|e| (id, e)));
    }

    /// Prepares every name and builds the index, on all cores.
    pub fn build(self) -> Index {
        let IndexBuilder { lists, entities } = self;
        let prepared: Vec<PreparedEntity> = entities
            .par_iter()
            .map(|(_, e)| PreparedEntity::new(e))
            .collect();
        let weights =
            CorpusWeights::build(prepared.iter().map(|p| p.names.iter().map(|n| &n.name)));

        // The vocabulary: distinct words, with their postings. A word is its
        // text, role, whether it was written without vowels, and whether in
        // a script of syllables: the same "aman" from Latin and from Arabic
        // script, or "kim" from Latin and from Hangul, compare differently.
        let mut vocab_ids: HashMap<(&str, Role, bool, bool), u32, FnvBuild> = HashMap::default();
        let mut vocab: Vec<Token> = Vec::new();
        let mut postings: Vec<Vec<u32>> = Vec::new();
        // Each listed word's vocabulary id, in the order of the loop below.
        let mut word_ids: Vec<u32> = Vec::new();
        for (e, p) in prepared.iter().enumerate() {
            // Titles too: a query word may be a listed title spelt otherwise
            // ("Mlw" / Maulawi), which scoring leaves out rather than
            // counting as missing, and retrieval must know it.
            for t in p.names.iter().flat_map(|n| &n.name.tokens) {
                let id = *vocab_ids
                    .entry((
                        t.text.as_str(),
                        t.role,
                        t.abjad,
                        is_syllable_script(t.origin),
                    ))
                    .or_insert_with(|| {
                        vocab.push(t.clone());
                        postings.push(Vec::new());
                        (vocab.len() - 1) as u32
                    });
                word_ids.push(id);
                let list = &mut postings[id as usize];
                if list.last() != Some(&(e as u32)) {
                    list.push(e as u32);
                }
            }
        }
        drop(vocab_ids);
        let vocab_weight: Vec<f32> = vocab.iter().map(|t| weights.weight(t)).collect();
        // Each listed word learns its weight and vocabulary id once.
        let mut prepared = prepared;
        let mut starts = Vec::with_capacity(prepared.len());
        let mut at = 0usize;
        for p in &prepared {
            starts.push(at);
            at += p.names.iter().map(|n| n.name.tokens.len()).sum::<usize>();
        }
        prepared.par_iter_mut().zip(starts).for_each(|(p, start)| {
            let ids = word_ids[start..].iter();
            for (t, &id) in p.names.iter_mut().flat_map(|n| &mut n.name.tokens).zip(ids) {
                t.weight = weights.weight(t);
                if id != u32::MAX {
                    t.vocab = id;
                }
            }
        });
        let lightest_name: Vec<f32> = prepared
            .par_iter()
            .map(|p| {
                p.names
                    .iter()
                    .map(|n| n.name.compared().map(|t| t.weight).sum::<f32>())
                    .fold(f32::INFINITY, f32::min)
            })
            .collect();
        let mut glued: Vec<(u64, GluedPair)> = prepared
            .par_iter()
            .enumerate()
            .flat_map_iter(|(e, p)| glued_pairs_of(e as u32, p, &vocab_weight))
            .collect();
        glued.par_sort_unstable_by(|a, b| a.0.cmp(&b.0).then(a.1.entity.cmp(&b.1.entity)));
        glued.dedup();
        let mut keys: Vec<(u64, u32)> = vocab
            .par_iter()
            .enumerate()
            .flat_map_iter(|(id, t)| {
                let mut out = Vec::new();
                vocab_keys(t, &mut |k| out.push((k, id as u32)));
                out
            })
            .collect();
        keys.par_sort_unstable();
        keys.dedup();
        let directory = directory_of(&keys);

        let mut identifiers: HashMap<String, Vec<u32>> = HashMap::new();
        for (e, (_, entity)) in entities.iter().enumerate() {
            for id in &entity.identifiers {
                let v = id.normalized_value();
                if v.len() >= 4 {
                    let list = identifiers.entry(v).or_default();
                    if list.last() != Some(&(e as u32)) {
                        list.push(e as u32);
                    }
                }
            }
        }
        let (list_of, entities): (Vec<u16>, Vec<Entity>) = entities.into_iter().unzip();
        Index {
            lists,
            list_of,
            entities,
            prepared,
            weights,
            vocab,
            vocab_weight,
            postings,
            keys,
            directory,
            identifiers,
            glued,
            lightest_name,
            config: ScoringConfig::recommended(),
            memo: WordMemo::default(),
        }
    }
}

/// Bits of a key that index the directory.
const DIRECTORY_BITS: u32 = 18;

/// For each value of the top [`DIRECTORY_BITS`] bits, where its keys start;
/// one more entry closes the last range.
fn directory_of(keys: &[(u64, u32)]) -> Vec<u32> {
    let n = 1usize << DIRECTORY_BITS;
    let mut dir = vec![0u32; n + 1];
    let mut i = 0usize;
    for (top, slot) in dir.iter_mut().enumerate().take(n) {
        while i < keys.len() && ((keys[i].0 >> (64 - DIRECTORY_BITS)) as usize) < top {
            i += 1;
        }
        *slot = i as u32;
    }
    dir[n] = keys.len() as u32;
    dir
}

/// The heaviest weight among vocabulary words found.
fn best_weight(found: &[(u32, f32)]) -> f32 {
    found.iter().map(|&(_, w)| w).fold(0.0, f32::max)
}

/// The entities in both sorted lists.
fn intersect(a: &[u32], b: &[u32]) -> Vec<u32> {
    let mut out = Vec::new();
    let (mut x, mut y) = (0, 0);
    while x < a.len() && y < b.len() {
        match a[x].cmp(&b[y]) {
            std::cmp::Ordering::Less => x += 1,
            std::cmp::Ordering::Greater => y += 1,
            std::cmp::Ordering::Equal => {
                out.push(a[x]);
                x += 1;
                y += 1;
            }
        }
    }
    out
}

/// The adjacent word pairs of an entity's names that a word written
/// without vowels can meet joined, as the scorer joins them (see
/// `vigil_core::matching::align`): name words and particles (the scorer
/// joins no legal form, generic word or number by skeleton), not both
/// written without vowels, with a joined skeleton of two letters or more.
fn glued_pairs_of(entity: u32, p: &PreparedEntity, vocab_weight: &[f32]) -> Vec<(u64, GluedPair)> {
    let mut out = Vec::new();
    for n in &p.names {
        let words: Vec<&Token> = n.name.compared().collect();
        for w in words.windows(2) {
            let by_skeleton = |t: &&Token| {
                is_joinable(t.role)
                    && !matches!(t.role, Role::LegalForm | Role::OrgGeneric | Role::Number)
            };
            if !w.iter().all(by_skeleton) || w.iter().all(|t| t.abjad) {
                continue;
            }
            let (_, _, skel, _) = joined_forms(w);
            if skel.len() < 2 {
                continue;
            }
            out.push((
                key(ns::SKEL_PAIR, skel.as_bytes()),
                GluedPair {
                    entity,
                    weight: vocab_weight[w[0].vocab as usize] + vocab_weight[w[1].vocab as usize],
                    parts: [w[0].vocab, w[1].vocab],
                },
            ));
        }
    }
    out
}

/// The keys a vocabulary word is indexed under.
fn vocab_keys(t: &Token, f: &mut dyn FnMut(u64)) {
    match t.role {
        Role::Name | Role::Honorific => {
            spelling_keys(t, retrieval_edits(t.text.len()), f);
            if !t.abjad {
                f(key(ns::DEVOWEL, devowel(&t.text).as_bytes()));
            }
            if t.skel.len() >= 2 || (!t.skel.is_empty() && t.text.len() >= 4) {
                let k = usize::from(t.skel.len() >= 5);
                // A skeleton with letter-class markers (ظ: z, d or t) is keyed
                // under every plain skeleton it stands for.
                for skel in marked_skeletons(&t.skel, t.abjad) {
                    deletion_keys(ns::SKEL_ANY, skel.as_bytes(), k, f);
                    if t.abjad {
                        deletion_keys(ns::SKEL_ABJAD, skel.as_bytes(), k, f);
                    }
                }
            }
        }
        Role::Initial => f(key(ns::INITIAL, t.text.as_bytes())),
        _ => {
            f(key(ns::ROLE_WORD, t.text.as_bytes()));
            f(key(ns::ROLE_WORD, t.phon.as_bytes()));
            if t.role == Role::Title {
                f(key(ns::DEVOWEL, devowel(&t.text).as_bytes()));
            }
        }
    }
}

/// The keys of a name word's spelling: its text within `text_edits`
/// deletions, its phonetic form within the phonetic budget, its given-name
/// family.
fn spelling_keys(t: &Token, text_edits: usize, f: &mut dyn FnMut(u64)) {
    deletion_keys(ns::TEXT, t.text.as_bytes(), text_edits, f);
    deletion_keys(
        ns::PHON,
        t.phon.as_bytes(),
        phonetic_retrieval_edits(t.phon.len()),
        f,
    );
    if let Some(fam) = t.family {
        f(key(ns::FAMILY, &fam.to_le_bytes()));
    }
    // A word written without vowels whose phonetic form has markers meets
    // the Latin phonetic forms the markers stand for (جو "Ju" / Jo), as
    // `forms_similarity` accepts them.
    if t.abjad && t.phon.bytes().any(|b| marker_class(b).is_some()) {
        for p in plain_forms(&t.phon, true) {
            f(key(ns::PHON, p.as_bytes()));
        }
    }
}

/// Every plain form a marked one stands for ([`expand_markers`]) and, for a
/// word written without vowels, each of those with its shins read as the
/// French ch too (see `letter_matches`; up to three shins).
fn plain_forms(marked: &str, abjad: bool) -> Vec<String> {
    let mut out = expand_markers(marked);
    if abjad {
        for i in 0..out.len() {
            let at: Vec<usize> = out[i].match_indices('S').map(|(k, _)| k).collect();
            for mask in 1..1usize << at.len().min(3) {
                let mut v = out[i].clone().into_bytes();
                for (bit, &k) in at.iter().take(3).enumerate() {
                    if mask & 1 << bit != 0 {
                        v[k] = b'C';
                    }
                }
                out.push(String::from_utf8(v).expect("ascii"));
            }
        }
    }
    out
}

/// The plain skeletons a query skeleton with markers stands for, with
/// doubled letters merged as listed skeletons have them ("frnKs" is "frnks",
/// "frnss" and "frns").
fn marked_skeletons(skel: &str, abjad: bool) -> Vec<String> {
    let mut out = plain_forms(skel, abjad);
    // A letter and the marker H may be a Latin digraph ("sHQ" / Ishaq).
    if let Some(folded) = fold_h_digraphs(skel) {
        out.extend(plain_forms(&folded, abjad));
    }
    // A marker read as v inside the word is the glide a Latin skeleton
    // leaves out (the B of kana ビッチ, -vich; see `skeleton_matches`).
    for s in &mut out {
        if s.len() > 1 && s[1..].contains('v') {
            *s = s
                .char_indices()
                .filter(|&(i, c)| i == 0 || c != 'v')
                .map(|(_, c)| c)
                .collect();
        }
    }
    // A kana word's last n may be a Latin ng (see `skeleton_matches`).
    if skel.ends_with('N') {
        for i in 0..out.len() {
            let ng = format!("{}g", out[i]);
            out.push(ng);
        }
    }
    if skel.bytes().any(|b| b.is_ascii_uppercase()) {
        for i in 0..out.len() {
            let mut merged = out[i].clone().into_bytes();
            merged.dedup();
            let merged = String::from_utf8(merged).expect("ascii");
            if !out.contains(&merged) {
                out.push(merged);
            }
        }
    }
    out
}

/// The keys a query word is looked up by.
fn query_keys(t: &Token, f: &mut dyn FnMut(u64)) {
    match t.role {
        Role::Name | Role::Honorific => {
            spelling_keys(t, retrieval_edits(t.text.len()), f);
            typed_vowelless_key(t, f);
            if t.skel.len() >= 2 || (!t.skel.is_empty() && t.text.len() >= 4) {
                let k = usize::from(t.skel.len() >= 5);
                // An abjad query word meets any listed word by skeleton; a
                // vowelled one meets only listed words written without vowels.
                let space = if t.abjad {
                    ns::SKEL_ANY
                } else {
                    ns::SKEL_ABJAD
                };
                for skel in marked_skeletons(&t.skel, t.abjad) {
                    deletion_keys(space, skel.as_bytes(), k, f);
                }
            }
            if let Some(first) = t.text.as_bytes().first() {
                f(key(ns::INITIAL, std::slice::from_ref(first)));
            }
            // A name-like word may be a particle spelt oddly ("all" / "al").
            f(key(ns::ROLE_WORD, t.phon.as_bytes()));
        }
        // A query initial matches too much to retrieve by; the other words
        // of the name retrieve, and the scorer still credits the initial.
        Role::Initial | Role::Title => {}
        _ => {
            f(key(ns::ROLE_WORD, t.text.as_bytes()));
            f(key(ns::ROLE_WORD, t.phon.as_bytes()));
        }
    }
}

/// A word typed without vowels meets the listed words it is the vowel-less
/// form of ("Yry" / Yury), however short.
fn typed_vowelless_key(t: &Token, f: &mut dyn FnMut(u64)) {
    if t.abjad && is_abjad_typable(&t.text) {
        let typed: Vec<u8> = abjad_typed(&t.text).collect();
        f(key(ns::DEVOWEL, &typed));
        // A last long vowel may be the Latin word's last vowel (يري / Yuri).
        if t.text.len() >= 2 && matches!(t.text.as_bytes().last(), Some(b'i' | b'u')) {
            f(key(ns::DEVOWEL, &typed[..typed.len() - 1]));
        }
    }
}

/// The keys a word made of joined words, or a piece of a glued word, is
/// looked up by: the scorer accepts joined words only when they agree
/// closely (one edit below 25 letters, an equal skeleton), so fewer keys
/// reach everything it can accept.
fn joined_query_keys(t: &Token, f: &mut dyn FnMut(u64)) {
    let cap = if t.text.len() >= 25 { 2 } else { 1 };
    spelling_keys(t, retrieval_edits(t.text.len()).min(cap), f);
    typed_vowelless_key(t, f);
    if t.skel.len() >= 2 {
        let space = if t.abjad {
            ns::SKEL_ANY
        } else {
            ns::SKEL_ABJAD
        };
        for skel in marked_skeletons(&t.skel, t.abjad) {
            deletion_keys(space, skel.as_bytes(), 0, f);
        }
    }
}

/// Options of one screening.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct ScreenOptions {
    /// Only matches scoring at least this are returned; 0 returns the best
    /// `limit` candidates whatever their score.
    pub threshold: f32,
    /// At most this many matches are returned.
    pub limit: usize,
}

/// One match of a screening.
#[derive(Debug, Clone)]
pub struct Hit<'a> {
    /// The entity's position in [`Index::entities`].
    pub position: usize,
    /// The entity matched.
    pub entity: &'a Entity,
    /// The list it came from.
    pub list: &'a ListMeta,
    /// The score and its explanation.
    pub scored: Scored,
}

/// The index over all loaded lists.
#[derive(Debug)]
pub struct Index {
    lists: Vec<ListMeta>,
    list_of: Vec<u16>,
    entities: Vec<Entity>,
    prepared: Vec<PreparedEntity>,
    weights: CorpusWeights,
    vocab: Vec<Token>,
    vocab_weight: Vec<f32>,
    postings: Vec<Vec<u32>>,
    keys: Vec<(u64, u32)>,
    /// Where the keys with each value of their top [`DIRECTORY_BITS`] bits
    /// start in `keys`: a lookup scans a handful of entries instead of
    /// binary-searching millions.
    directory: Vec<u32>,
    identifiers: HashMap<String, Vec<u32>>,
    /// Adjacent listed words joined, by the key of their joined skeleton,
    /// sorted: a word written without vowels may be two listed words glued.
    glued: Vec<(u64, GluedPair)>,
    /// Per entity, the total weight of its lightest name: what its listed
    /// words matched are a share of, at least.
    lightest_name: Vec<f32>,
    config: ScoringConfig,
    /// The vocabulary words recent query words matched.
    memo: WordMemo,
}

/// The vocabulary words that query words matched, remembered: the same
/// words come back in query after query (Muhammad, Ali, Ivanov...), and
/// finding a word's matches (its retrieval keys, their look-ups, the
/// similarity of every word found) is most of the cost of retrieval.
///
/// What a word matches depends only on the word's forms (text, phonetic
/// form, role, script, written without vowels) and the index, so a
/// remembered answer is the answer: results are the same with or without
/// the memo. Bounded: a shard that fills up is emptied. Its keys come
/// from queries, so it hashes with the standard library's keyed hasher.
#[derive(Debug, Default)]
struct WordMemo {
    hasher: std::collections::hash_map::RandomState,
    shards: [std::sync::Mutex<MemoShard>; MEMO_SHARDS],
}

/// Query words (their forms, see [`WordMemo::get_or`]) and the vocabulary
/// words they matched, with their weights.
type MemoShard = HashMap<String, Box<[(u32, f32)]>>;

const MEMO_SHARDS: usize = 16;
/// Words remembered per shard.
const MEMO_SHARD_WORDS: usize = 4096;

impl WordMemo {
    fn get_or(
        &self,
        joined: bool,
        t: &Token,
        find: impl FnOnce() -> Vec<(u32, f32)>,
    ) -> Vec<(u32, f32)> {
        use std::hash::BuildHasher;
        // Every form the keys and the similarity read: the rest of a
        // token (skeleton, family, commonness) is made from these.
        let key = format!(
            "{}{:?}{:?}{}|{}|{}",
            u8::from(joined),
            t.role,
            t.origin,
            u8::from(t.abjad),
            t.text,
            t.phon
        );
        let shard = &self.shards[(self.hasher.hash_one(&key) as usize) % MEMO_SHARDS];
        if let Some(found) = shard.lock().expect("memo lock").get(&key) {
            return found.to_vec();
        }
        let found = find();
        let mut map = shard.lock().expect("memo lock");
        if map.len() >= MEMO_SHARD_WORDS {
            map.clear();
        }
        map.insert(key, found.as_slice().into());
        found
    }
}

/// Two adjacent words of a listed name, joined.
#[derive(Debug, Clone, Copy, PartialEq)]
struct GluedPair {
    entity: u32,
    /// The sum of the two words' weights: the most the joined pair can
    /// bring in scoring.
    weight: f32,
    /// The two words' vocabulary ids.
    parts: [u32; 2],
}

/// Per-candidate bookkeeping during retrieval.
#[derive(Clone, Copy, Default)]
struct Acc {
    /// Query words matched by a full word.
    matched: u32,
    /// Query words matched only by a listed initial.
    initial: u32,
    /// Best listed-word weight per query word (up to 16 words).
    weight: [f32; 16],
    necessary: bool,
    /// Upper bound of the entity's name score for this reading.
    bound: f32,
}

/// Statistics of an index, for `lists show` and metrics.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub struct IndexStats {
    /// Entities indexed.
    pub entities: usize,
    /// Name readings indexed.
    pub names: usize,
    /// Distinct words.
    pub vocabulary: usize,
    /// Retrieval keys.
    pub keys: usize,
}

impl Index {
    /// The entities, in load order.
    pub fn entities(&self) -> &[Entity] {
        &self.entities
    }

    /// The lists.
    pub fn lists(&self) -> &[ListMeta] {
        &self.lists
    }

    /// The list of the entity at `i`.
    pub fn list_of(&self, i: usize) -> &ListMeta {
        &self.lists[self.list_of[i] as usize]
    }

    /// The position in [`Index::lists`] of the list of the entity at `i`.
    pub fn list_position_of(&self, i: usize) -> usize {
        self.list_of[i] as usize
    }

    /// The scoring configuration in use.
    pub fn config(&self) -> &ScoringConfig {
        &self.config
    }

    /// Forgets the query words remembered (the vocabulary words they
    /// matched, kept because the same words come back in query after query): for
    /// benchmarks that must not time a query whose words an earlier round
    /// looked up. Results never depend on it.
    pub fn forget_query_words(&self) {
        for shard in &self.memo.shards {
            shard.lock().expect("memo lock").clear();
        }
    }

    /// Replaces the scoring configuration (for evaluation and tuning).
    pub fn set_config(&mut self, config: ScoringConfig) {
        self.config = config;
    }

    /// The word weights from the lists.
    pub fn weights(&self) -> &CorpusWeights {
        &self.weights
    }

    /// Sizes.
    pub fn stats(&self) -> IndexStats {
        IndexStats {
            entities: self.entities.len(),
            names: self.prepared.iter().map(|p| p.names.len()).sum(),
            vocabulary: self.vocab.len(),
            keys: self.keys.len(),
        }
    }

    fn lookup(&self, k: u64, out: &mut Vec<u32>) {
        let top = (k >> (64 - DIRECTORY_BITS)) as usize;
        let (from, to) = (
            self.directory[top] as usize,
            self.directory[top + 1] as usize,
        );
        let bucket = &self.keys[from..to];
        let start = bucket.partition_point(|&(h, _)| h < k);
        for &(h, v) in &bucket[start..] {
            if h != k {
                break;
            }
            out.push(v);
        }
    }

    /// The vocabulary words a query word matches, with their weights.
    fn matching_vocab(&self, t: &Token) -> Vec<(u32, f32)> {
        self.memo
            .get_or(false, t, || self.vocab_by_keys(t, query_keys))
    }

    /// [`Index::matching_vocab`] for joined words and pieces of glued ones.
    fn joined_vocab(&self, t: &Token) -> Vec<(u32, f32)> {
        self.memo
            .get_or(true, t, || self.vocab_by_keys(t, joined_query_keys))
    }

    fn vocab_by_keys(
        &self,
        t: &Token,
        keys_of: fn(&Token, &mut dyn FnMut(u64)),
    ) -> Vec<(u32, f32)> {
        let mut keys = Vec::with_capacity(128);
        keys_of(t, &mut |k| keys.push(k));
        keys.sort_unstable();
        keys.dedup();
        let mut ids = Vec::new();
        for k in keys {
            self.lookup(k, &mut ids);
        }
        ids.sort_unstable();
        ids.dedup();
        ids.into_iter()
            .filter(|&v| {
                let w = &self.vocab[v as usize];
                if w.role == Role::Title {
                    is_title_of(t, w)
                } else {
                    token_similarity(t, w).is_some()
                }
            })
            .map(|v| (v, self.vocab_weight[v as usize]))
            .collect()
    }

    /// Words of the vocabulary spelt exactly `word`, names or other roles.
    fn exact_vocab(&self, word: &str) -> Vec<(u32, f32)> {
        let mut ids = Vec::new();
        self.lookup(key(ns::TEXT, word.as_bytes()), &mut ids);
        self.lookup(key(ns::ROLE_WORD, word.as_bytes()), &mut ids);
        ids.sort_unstable();
        ids.dedup();
        ids.into_iter()
            .filter(|&v| self.vocab[v as usize].text == word)
            .map(|v| (v, self.vocab_weight[v as usize]))
            .collect()
    }

    /// The entities that have the two words a word glued from two could
    /// be made of, and those words: at every cut (for joined words, `skip`
    /// is their boundary, and only cuts near it are tried), a particle
    /// and an exact word ("albaghdadi"), or two pieces of three letters or
    /// more. Pieces are found exactly, except, when `fuzzy`, the pieces of
    /// four letters or more of a long word the lists do not know, which are
    /// found as the scorer's similarity allows ("aidyn" / "aydyn"): the
    /// scorer accepts an edit in joined words only from ten letters. Each
    /// entity comes with the weights of both pieces' best words, the most a
    /// joined pair of them can bring in scoring.
    fn pieces(&self, t: &Token, fuzzy: bool, skip: usize) -> (Vec<u32>, Vec<(u32, f32)>) {
        let text = t.text.as_str();
        let mut vocab = Vec::new();
        let mut entities = Vec::new();
        if text.len() < 5 || !text.is_ascii() {
            return (vocab, entities);
        }
        let k = vigil_core::names::knowledge::knowledge();
        let fuzzy = fuzzy && text.len() >= 10 && self.exact_vocab(text).is_empty();
        let find = |piece: &str| {
            // Exactly, whatever its role ("international"; a legal form by
            // its canonical word, "zao" as "jsc"), and for a long unknown
            // word, also as a name within an edit.
            let mut found = self.exact_vocab(piece);
            if let Some((form, 1)) = k.legal_form(&[piece]) {
                found.extend(self.exact_vocab(form));
            }
            if fuzzy && piece.len() >= 4 {
                found.extend(self.joined_vocab(&t.piece(piece)));
            }
            found
        };
        let holders = |found: &[(u32, f32)]| self.holders(found);
        for cut in 2..text.len() - 1 {
            // Joined query words are cut near their own boundary only: a
            // boundary shifted by a letter or two ("myongc hin" / "myong
            // chin"); elsewhere their own words found the listed ones.
            if cut == skip || (skip != usize::MAX && cut.abs_diff(skip) > 2) {
                continue;
            }
            let (a, b) = text.split_at(cut);
            // A particle glued before or after a word ("albaghdadi",
            // "hasanal").
            let particle = if k.particle(a).is_some() {
                Some(b)
            } else if k.particle(b).is_some() {
                Some(a)
            } else {
                None
            };
            if let Some(word) = particle {
                // The particle itself may be missing from the listed name:
                // the word alone makes the candidate.
                let fb = self.exact_vocab(word);
                vocab.extend(fb.iter().map(|&(v, _)| v));
                let w = best_weight(&fb) + 1.0;
                entities.extend(holders(&fb).into_iter().map(|e| (e, w)));
                continue;
            }
            if a.len() < 3 || b.len() < 3 {
                continue;
            }
            // The longer piece first: it is rarer, and often finds nothing.
            let (long, short) = if a.len() >= b.len() { (a, b) } else { (b, a) };
            let fl = find(long);
            if fl.is_empty() {
                continue;
            }
            let fs = find(short);
            if fs.is_empty() {
                continue;
            }
            let w = best_weight(&fl) + best_weight(&fs);
            let both = intersect(&holders(&fl), &holders(&fs));
            if !both.is_empty() {
                vocab.extend(fl.iter().chain(&fs).map(|&(v, _)| v));
                entities.extend(both.into_iter().map(|e| (e, w)));
            }
        }
        (vocab, entities)
    }

    /// The entities holding any of these vocabulary words, sorted.
    fn holders(&self, found: &[(u32, f32)]) -> Vec<u32> {
        let mut out: Vec<u32> = found
            .iter()
            .flat_map(|&(v, _)| self.postings[v as usize].iter().copied())
            .collect();
        out.sort_unstable();
        out.dedup();
        out
    }

    /// The most the listed side of the name score (the factors for the
    /// listed words left unmatched and for specificity, see
    /// `vigil_core::matching::align`) can be for this entity, when at most
    /// `listed` weight of its words is matched with at most `information`:
    /// a query of two common words ("محمد محمدی") meets thousands of long
    /// listed names that it covers too little of to reach the floor, and
    /// this bound spares aligning them.
    fn listed_coverage_bound(&self, e: u32, listed: f32, information: f32) -> f32 {
        self.listed_side_bound(listed, information, self.lightest_name[e as usize])
    }

    /// [`Index::listed_coverage_bound`] for a listed name of `total` weight.
    fn listed_side_bound(&self, listed: f32, information: f32, total: f32) -> f32 {
        if total <= 0.0 || !total.is_finite() {
            return 1.0;
        }
        let (unmatched_listed, specificity) =
            listed_side((listed / total).min(1.0), information, &self.config);
        unmatched_listed * specificity
    }

    /// The listed word pairs whose joined skeleton is `skel`.
    fn glued_pairs(&self, skel: &str) -> impl Iterator<Item = &GluedPair> {
        let k = key(ns::SKEL_PAIR, skel.as_bytes());
        let start = self.glued.partition_point(|(h, _)| *h < k);
        self.glued[start..]
            .iter()
            .take_while(move |(h, _)| *h == k)
            .map(|(_, g)| g)
    }

    /// The most positive evidence (log-odds) the query's facts can bring.
    fn evidence_boost(&self, query: &PreparedQuery) -> f32 {
        let c = &self.config;
        let f = &query.query.facts;
        let mut boost = 0.0;
        if !f.birth_dates.is_empty() {
            boost += c.dob_exact;
        }
        if !f.countries.is_empty() {
            boost += c.country_match;
        }
        if f.gender.is_some() {
            boost += c.gender_match;
        }
        boost
    }

    /// The highest final score a name score of `n` can reach with `boost`
    /// of positive evidence (which counts fully only from
    /// `positive_evidence_full`, in proportion below it).
    fn reach(&self, n: f32, boost: f32) -> f32 {
        self.reach_with(n, boost, 0.0)
    }

    /// [`Index::reach`] with `negative` evidence too, which counts fully.
    fn reach_with(&self, n: f32, boost: f32, negative: f32) -> f32 {
        let c = &self.config;
        let share = matching::positive_evidence_share(n, c);
        1.0 / (1.0 + (-(matching::name_logit(n, c) + boost * share + negative)).exp())
    }

    /// The name score a candidate needs so that the final score can reach
    /// `threshold` with all positive evidence the query could bring.
    fn name_floor(&self, threshold: f32, boost: f32) -> f32 {
        if threshold <= 0.0 {
            return 0.0;
        }
        if self.reach(1.0, boost) < threshold {
            // No name can reach it: a floor above every score.
            return 1.1;
        }
        let (mut lo, mut hi) = (0.0f32, 1.0f32);
        for _ in 0..24 {
            let mid = (lo + hi) / 2.0;
            if self.reach(mid, boost) >= threshold {
                hi = mid
            } else {
                lo = mid
            }
        }
        lo
    }

    /// Screens one prepared query.
    ///
    /// Candidates are scored in decreasing order of their upper bound, and
    /// the search stops once `limit` matches score at least the next bound:
    /// with `threshold` 0 this returns the best `limit` entities without
    /// scoring every entity that shares a word with the query.
    pub fn screen(&self, query: &PreparedQuery, options: &ScreenOptions) -> Vec<Hit<'_>> {
        // The query's words get their weights once, from these lists.
        let mut query = query.clone();
        for r in &mut query.readings {
            self.weights.fill(r);
        }
        let query = &query;
        let boost = self.evidence_boost(query);
        let floor = self.name_floor(options.threshold, boost);
        let mut candidates: Vec<(u32, f32)> = Vec::new();
        let mut touched_vocab: Vec<u32> = Vec::new();
        SCRATCH.with(|s| {
            let mut s = s.borrow_mut();
            for reading in &query.readings {
                self.retrieve(reading, floor, &mut s, &mut candidates, &mut touched_vocab);
            }
        });
        // Identifiers retrieve on their own: the same passport number is
        // strong evidence whatever the name.
        for id in &query.query.facts.identifiers {
            if let Some(list) = self.identifiers.get(&id.normalized_value()) {
                candidates.extend(list.iter().map(|&e| (e, f32::INFINITY)));
            }
        }
        // One entry per entity, with its best bound, best first.
        candidates.sort_unstable_by(|a, b| a.0.cmp(&b.0).then(b.1.total_cmp(&a.1)));
        candidates.dedup_by_key(|c| c.0);
        candidates.sort_unstable_by(|a, b| b.1.total_cmp(&a.1).then(a.0.cmp(&b.0)));
        touched_vocab.sort_unstable();
        touched_vocab.dedup();
        if std::env::var_os("VIGIL_TRACE").is_some() {
            eprintln!(
                "trace: {:?} candidates={}",
                query.query.name,
                candidates.len()
            );
        }
        // Only names sharing a word with the query can match it (joined and
        // split words were looked up too).
        // And, but for a query initial (which may confirm any listed word),
        // only names whose words it touched can be a large enough share of
        // to reach the floor: an entity's short alias made it a candidate,
        // its long names need not be aligned.
        let query_initial = query
            .readings
            .iter()
            .any(|r| r.tokens.iter().any(|t| t.role == Role::Initial));
        let consider = |n: &matching::PreparedListName| {
            let (mut touched, mut total) = (0.0f32, 0.0f32);
            let (mut any, mut initial) = (false, false);
            for t in n.name.compared() {
                total += t.weight;
                if touched_vocab.binary_search(&t.vocab).is_ok() {
                    any = true;
                    touched += t.weight;
                    // A listed initial carries a share of the query word's
                    // information, not its own weight.
                    initial |= t.role == Role::Initial;
                }
            }
            any && (query_initial
                || initial
                || floor <= 0.0
                || self.listed_side_bound(touched, touched, total) >= floor)
        };
        let forced = !query.query.facts.identifiers.is_empty();
        let has_facts = boost > 0.0;
        let mut hits: Vec<(u32, Scored)> = Vec::new();
        for (e, bound) in candidates {
            // Enough matches already beat everything left.
            if hits.len() >= options.limit {
                let kth = hits.iter().map(|h| h.1.score).fold(f32::INFINITY, f32::min);
                if kth >= self.reach(bound.min(1.0), boost) {
                    break;
                }
            }
            let entity = &self.entities[e as usize];
            if !matching::schema_compatible(query.query.schema, entity.schema) {
                continue;
            }
            // With facts, this entity's own evidence bounds what it can
            // reach: a listed person born 20 years apart from the query
            // needs a far better name than the query-wide floor assumed.
            if has_facts && !forced && bound.is_finite() {
                let (positive, negative) =
                    matching::evidence::evidence(&query.query.facts, entity, &self.config)
                        .iter()
                        .fold((0.0f32, 0.0f32), |(p, n), ev| {
                            if ev.weight > 0.0 {
                                (p + ev.weight, n)
                            } else {
                                (p, n + ev.weight)
                            }
                        });
                if self.reach_with(bound.min(1.0), positive, negative) < options.threshold {
                    continue;
                }
            }
            let prepared = &self.prepared[e as usize];
            let scored = if forced {
                matching::score(query, entity, prepared, &self.weights, &self.config)
            } else {
                matching::score_names(
                    query,
                    entity,
                    prepared,
                    &self.weights,
                    &self.config,
                    &consider,
                )
            };
            let Some(s) = scored.filter(|s| s.score >= options.threshold) else {
                continue;
            };
            // The same entity id from two versions of one list is one
            // identity: keep its best.
            if let Some(h) = hits
                .iter_mut()
                .find(|h| self.entities[h.0 as usize].id == entity.id)
            {
                if s.score > h.1.score {
                    *h = (e, s);
                }
                continue;
            }
            hits.push((e, s));
            if hits.len() > options.limit {
                hits.sort_by(|a, b| b.1.score.total_cmp(&a.1.score).then(a.0.cmp(&b.0)));
                hits.truncate(options.limit);
            }
        }
        hits.sort_by(|a, b| b.1.score.total_cmp(&a.1.score).then(a.0.cmp(&b.0)));
        hits.truncate(options.limit);
        hits.into_iter()
            .map(|(e, scored)| Hit {
                position: e as usize,
                entity: &self.entities[e as usize],
                list: self.list_of(e as usize),
                scored,
            })
            .collect()
    }

    /// Screens many queries on all cores, results in input order.
    pub fn screen_batch(
        &self,
        queries: &[PreparedQuery],
        options: &ScreenOptions,
    ) -> Vec<Vec<Hit<'_>>> {
        queries
            .par_iter()
            .map(|q| self.screen(q, options))
            .collect()
    }

    /// Every entity whose score reaches the threshold, by brute force: the
    /// reference the index is tested against.
    pub fn screen_brute_force(&self, query: &PreparedQuery, threshold: f32) -> Vec<(usize, f32)> {
        let mut query = query.clone();
        for r in &mut query.readings {
            self.weights.fill(r);
        }
        let query = &query;
        let mut out: Vec<(usize, f32)> = (0..self.entities.len())
            .into_par_iter()
            .filter_map(|e| {
                let s = matching::score(
                    query,
                    &self.entities[e],
                    &self.prepared[e],
                    &self.weights,
                    &self.config,
                )?;
                (s.score >= threshold).then_some((e, s.score))
            })
            .collect();
        out.sort_by(|a, b| b.1.total_cmp(&a.1));
        out
    }

    /// Retrieves the candidates of one reading of the query into `out`, and
    /// the vocabulary words its words matched into `vocab_out`.
    fn retrieve(
        &self,
        reading: &vigil_core::names::PreparedName,
        floor: f32,
        acc: &mut Scratch,
        out: &mut Vec<(u32, f32)>,
        vocab_out: &mut Vec<u32>,
    ) {
        acc.reset(self.entities.len());
        let c = &self.config;
        let tokens: Vec<&Token> = reading.compared().collect();
        let qweights: Vec<f32> = tokens
            .iter()
            .map(|t| self.weights.weight(t).min(c.max_unmatched_query_weight))
            .collect();
        let mut matches: Vec<Vec<(u32, f32)>> =
            tokens.iter().map(|t| self.matching_vocab(t)).collect();
        // Entities that have both pieces of a glued query word, with the
        // weight the joined pair can bring, for each query word.
        let mut glued: Vec<Vec<(u32, f32)>> = vec![Vec::new(); tokens.len()];
        // Two or three adjacent query words joined ("bin laden" /
        // "binladen", "iabd al ghafur" / "abdalghafur") find listed words
        // too, and so do the pieces of the joined text cut elsewhere
        // ("myongc hin" / "myong chin"); what they find counts for each of
        // the words.
        let joinable = |t: &Token| !matches!(t.role, Role::Initial | Role::Title | Role::Number);
        for len in 2..=3 {
            for i in 0..(tokens.len() + 1).saturating_sub(len) {
                let run = &tokens[i..i + len];
                if !run.iter().all(|t| joinable(t)) {
                    continue;
                }
                let joined = Token::joined(run);
                let found = self.joined_vocab(&joined);
                for m in &mut matches[i..i + len] {
                    m.extend(found.iter().copied());
                }
                if len == 2 {
                    let boundary = run[0].text.len();
                    let (vocab, entities) = self.pieces(&joined, false, boundary);
                    vocab_out.extend(vocab);
                    for g in &mut glued[i..i + len] {
                        g.extend(entities.iter().copied());
                    }
                }
            }
        }
        // A query word may be two listed words glued ("binladen" / "bin
        // laden", "namkim" / "nam kim", "aidynnikolaevich" / "aydyn
        // nikolayevich"): its pieces find them.
        for (i, t) in tokens.iter().enumerate() {
            if t.role == Role::Name {
                let (vocab, entities) = self.pieces(t, true, usize::MAX);
                vocab_out.extend(vocab);
                glued[i].extend(entities);
                // A word written without vowels may be two listed words
                // glued ("sjdn" / Sajedi-Nia, "kunjl" / Kwang-Il).
                if t.abjad {
                    for skel in marked_skeletons(&t.skel, t.abjad) {
                        for g in self.glued_pairs(&skel) {
                            vocab_out.extend(g.parts);
                            glued[i].push((g.entity, g.weight));
                        }
                    }
                }
            }
        }
        // A compound split by reordering ("Al-Rahman ..., Abd") meets the
        // listed compound through its stem: look the stems up as compounds.
        // A misspelt "abd" ("Adel Aziz" / Abdel Aziz) is credited with what
        // its stems find too, as the scorer pairs them together.
        let misspelt: Vec<usize> = (0..tokens.len())
            .filter(|&i| is_misspelt_abd(tokens[i]))
            .collect();
        if !misspelt.is_empty()
            || tokens.iter().any(|t| {
                (t.text.starts_with("abd") && t.text.len() <= 6)
                    || (t.role == Role::Initial && t.text == "a")
            })
        {
            for (i, t) in tokens.iter().enumerate() {
                if t.role == Role::Name && !t.text.starts_with("abd") {
                    let found = self.exact_vocab(&format!("abdal{}", t.text));
                    for &j in misspelt.iter().filter(|&&j| j != i) {
                        matches[j].extend(found.iter().copied());
                    }
                    matches[i].extend(found);
                }
            }
        }
        for m in &matches {
            vocab_out.extend(m.iter().map(|&(v, _)| v));
        }
        // Each query word's best possible listed weight.
        let best: Vec<f32> = matches
            .iter()
            .zip(&tokens)
            .zip(&qweights)
            .zip(&glued)
            .map(|(((m, t), &qw), g)| {
                let found = m.iter().chain(g).map(|&(_, w)| w).fold(0.0, f32::max);
                // A query initial may match any listed word of its letter,
                // confirming a share of it.
                if t.role == Role::Initial {
                    found.max(qw).max(INITIAL_MAX)
                } else {
                    found
                }
            })
            .collect();
        // Necessary words: heaviest first until the rest cannot reach the
        // floor on their own.
        let bound = |matched: &[usize], unmatched_weight: f32| {
            let m: f32 = matched.iter().map(|&i| best[i]).sum();
            if m <= 0.0 {
                0.0
            } else {
                (m / (m + unmatched_weight)).powf(c.query_coverage_exponent)
            }
        };
        let mut order: Vec<usize> = (0..tokens.len()).collect();
        order.sort_by(|&a, &b| qweights[b].total_cmp(&qweights[a]));
        let mut necessary = vec![false; tokens.len()];
        let mut excluded_weight = 0.0;
        for &i in &order {
            let rest: Vec<usize> = (0..tokens.len())
                .filter(|&k| !necessary[k] && k != i)
                .collect();
            let rest_bound = bound(
                &rest
                    .iter()
                    .copied()
                    .chain(std::iter::once(i))
                    .collect::<Vec<_>>(),
                excluded_weight,
            );
            if rest_bound < floor && floor > 0.0 {
                break;
            }
            necessary[i] = true;
            excluded_weight += qweights[i];
        }
        if std::env::var_os("VIGIL_TRACE").is_some() {
            for (i, t) in tokens.iter().enumerate() {
                eprintln!(
                    "trace:   {} {:?} w={:.2} best={:.2} vocab={} necessary={} floor={floor:.3}",
                    t.text,
                    t.role,
                    qweights[i],
                    best[i],
                    matches[i].len(),
                    necessary[i]
                );
                let words: Vec<String> = matches[i]
                    .iter()
                    .take(40)
                    .map(|&(v, w)| {
                        let t = &self.vocab[v as usize];
                        format!(
                            "{}/{}{}:{w:.1}",
                            t.text,
                            t.skel,
                            if t.abjad { "*" } else { "" }
                        )
                    })
                    .collect();
                eprintln!("trace:     {}", words.join(" "));
            }
        }
        // Necessary words first, so that the other words' matches are
        // recorded for every candidate they create.
        let mut visit: Vec<usize> = (0..tokens.len()).filter(|&i| necessary[i]).collect();
        visit.extend((0..tokens.len()).filter(|&i| !necessary[i]));
        for i in visit {
            for &(v, w) in &matches[i] {
                for &e in &self.postings[v as usize] {
                    let Some(a) = acc.entry(e, necessary[i]) else {
                        continue;
                    };
                    if self.vocab[v as usize].role == Role::Initial {
                        a.initial |= 1 << i;
                    } else {
                        a.matched |= 1 << i;
                        a.weight[i] = a.weight[i].max(w);
                    }
                    a.necessary |= necessary[i];
                }
            }
            for &(e, w) in &glued[i] {
                let Some(a) = acc.entry(e, necessary[i]) else {
                    continue;
                };
                a.matched |= 1 << i;
                a.weight[i] = a.weight[i].max(w);
                a.necessary |= necessary[i];
            }
        }
        // Drop candidates that cannot reach the floor with what they matched
        // (joined and split words were looked up above, so what a candidate
        // did not match here it does not match in scoring either).
        // A query initial may confirm any listed word: then what the listed
        // name has matched is not bounded here.
        let query_initial = tokens.iter().any(|t| t.role == Role::Initial);
        {
            for (e, a) in acc.accs.iter_mut().filter(|(_, a)| a.necessary) {
                let mut m = 0.0;
                let mut um = 0.0;
                // The listed weight matched, and the information, at most.
                let (mut listed, mut information) = (0.0f32, 0.0f32);
                for (i, &qw) in qweights.iter().enumerate() {
                    if tokens[i].role == Role::Initial {
                        // A query initial is not looked up, but may match a
                        // listed word in scoring: count it as matched.
                        m += qw.max(INITIAL_MAX);
                    } else if a.matched & (1 << i) != 0 {
                        m += a.weight[i];
                        listed += a.weight[i];
                        information += a.weight[i].max(qw);
                    } else if a.initial & (1 << i) != 0 {
                        // A listed initial confirms a share of the query word
                        // and leaves half the rest unconfirmed, as in scoring.
                        let initial = role_weight(Role::Initial).unwrap_or(0.0);
                        let w = (qw * INITIAL_SHARE).max(initial.min(qw));
                        m += w;
                        um += (qw - w) * 0.5;
                        listed += initial;
                        information += qw.max(initial);
                    } else {
                        um += qw;
                    }
                }
                let b = if m <= 0.0 {
                    0.0
                } else {
                    (m / (m + um)).powf(c.query_coverage_exponent)
                };
                // (Only for those that the query's side leaves above it.)
                let b = if query_initial || b < floor {
                    b
                } else {
                    b * self.listed_coverage_bound(*e, listed, information)
                };
                a.bound = b;
                if b < floor {
                    a.necessary = false;
                }
            }
        }
        out.extend(
            acc.accs
                .iter()
                .filter(|(_, a)| a.necessary)
                .map(|(e, a)| (*e, a.bound)),
        );
    }
}

/// Per-thread working memory of retrieval: one accumulator per touched
/// entity, found through a slot array stamped with the current query, so
/// that nothing is hashed or cleared per entity.
#[derive(Default)]
struct Scratch {
    slot: Vec<u32>,
    stamp: Vec<u32>,
    generation: u32,
    accs: Vec<(u32, Acc)>,
}

impl Scratch {
    fn reset(&mut self, entities: usize) {
        if self.slot.len() != entities {
            self.slot = vec![0; entities];
            self.stamp = vec![0; entities];
            self.generation = 0;
        }
        self.generation = self.generation.wrapping_add(1);
        if self.generation == 0 {
            self.stamp.fill(0);
            self.generation = 1;
        }
        self.accs.clear();
    }

    /// The accumulator of entity `e`, created when `create`.
    fn entry(&mut self, e: u32, create: bool) -> Option<&mut Acc> {
        let i = e as usize;
        if self.stamp[i] != self.generation {
            if !create {
                return None;
            }
            self.stamp[i] = self.generation;
            self.slot[i] = self.accs.len() as u32;
            self.accs.push((e, Acc::default()));
        }
        Some(&mut self.accs[self.slot[i] as usize].1)
    }
}

thread_local! {
    static SCRATCH: std::cell::RefCell<Scratch> = std::cell::RefCell::default();
}
