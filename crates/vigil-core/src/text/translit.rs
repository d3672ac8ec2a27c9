//! Transliteration to Latin and tokenisation.
//!
//! Every script becomes lower-case ASCII words. Most scripts go through
//! `any_ascii` (English-style digraphs such as sh, kh, zh, which is what the
//! English-language lists carry, and every Tajik, Kazakh, Uzbek and Kyrgyz
//! letter). Three scripts get vigil's own tables because the generic one
//! does not give the spellings lists use:
//! - Arabic (also Persian, Pashto and Urdu): long vowels written with alef,
//!   waw and ya become vowels, the article is split off, `الله` is `allah`;
//!   short vowels are not written, so the result is close to a consonant
//!   skeleton and the matcher compares skeletons for these words.
//! - Hangul: one word per syllable, in two romanisations, the Revised
//!   Romanisation of the South and the McCune-Reischauer style that North
//!   Korean names on sanctions lists use (Ri, Pak, Jong, Chol).
//! - Devanagari: the inherent vowel is written, and dropped at word end.
//!
//! Chinese characters become one pinyin word per character, so that the
//! matcher can join syllables ("wei ming" = "weiming").

use crate::script::Script;

/// One word of a romanised name.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RawToken {
    /// Lower-case ASCII letters and digits.
    pub text: String,
    /// The script the word was written in.
    pub origin: Script,
    /// A comma came before this word ("AL-ZOMOR, Abboud"): words are not
    /// joined across it.
    pub comma_before: bool,
}

/// Characters that join the letters around them rather than separate words:
/// apostrophes and the signs used for ayn and hamza ("O'Brien", "Sa'id",
/// "ʿAbd").
fn is_joiner(c: char) -> bool {
    matches!(
        c,
        '\'' | '’' | '‘' | '`' | '´' | 'ʿ' | 'ʾ' | 'ʼ' | 'ʻ' | '′' | 'ʹ' | 'ˈ'
    )
}

/// Romanises a cleaned (lower-cased) name into its word variants: usually
/// one, two when the name has Hangul (South and North Korean spellings).
pub fn romanize(text: &str) -> Vec<Vec<RawToken>> {
    let has_hangul = text
        .chars()
        .any(|c| Script::of_char(c) == Some(Script::Hangul));
    let mut variants = vec![romanize_with(text, HangulStyle::Revised, false)];
    if has_hangul {
        variants.push(romanize_with(text, HangulStyle::McCune, false));
    }
    variants
}

/// A name with katakana or hiragana read by its consonants (see
/// `kana_word`), for matching a foreign name a Japanese writer spelt by
/// its sounds against its Latin spelling; `None` when the name has no kana.
pub fn romanize_kana_consonants(text: &str) -> Option<Vec<RawToken>> {
    text.chars()
        .any(|c| Script::of_char(c) == Some(Script::Kana))
        .then(|| romanize_with(text, HangulStyle::Revised, true))
}

#[derive(Clone, Copy, PartialEq, Eq)]
enum HangulStyle {
    Revised,
    McCune,
}

struct Builder {
    tokens: Vec<RawToken>,
    current: String,
    origin: Script,
    comma: bool,
}

impl Builder {
    fn flush(&mut self) {
        if !self.current.is_empty() {
            self.tokens.push(RawToken {
                text: std::mem::take(&mut self.current),
                origin: self.origin,
                comma_before: std::mem::take(&mut self.comma),
            });
        }
    }

    fn push_ascii(&mut self, s: &str, origin: Script) {
        if self.current.is_empty() {
            self.origin = origin;
        }
        for b in s.bytes() {
            if b.is_ascii_alphanumeric() {
                self.current.push(b.to_ascii_lowercase() as char);
            }
        }
    }

    /// A whole word that may carry upper-case letter-class markers (from
    /// Arabic and Hebrew script), kept as they are.
    fn push_marked_word(&mut self, s: &str, origin: Script) {
        self.flush();
        self.origin = origin;
        self.current
            .extend(s.chars().filter(char::is_ascii_alphanumeric));
        self.flush();
    }

    fn push_word(&mut self, s: &str, origin: Script) {
        self.flush();
        self.push_ascii(s, origin);
        self.flush();
    }
}

fn romanize_with(text: &str, style: HangulStyle, kana_consonants: bool) -> Vec<RawToken> {
    let mut b = Builder {
        tokens: Vec::new(),
        current: String::new(),
        origin: Script::Latin,
        comma: false,
    };
    let chars: Vec<char> = text.chars().collect();
    let mut i = 0;
    while i < chars.len() {
        let c = chars[i];
        if is_joiner(c) {
            i += 1;
            continue;
        }
        if c.is_ascii_alphanumeric() {
            b.push_ascii(c.encode_utf8(&mut [0; 4]), Script::Latin);
            i += 1;
            continue;
        }
        // The middle dots that separate the words of a foreign name written
        // in katakana ("アブドゥル・ラフマン"), and their look-alikes.
        if is_kana_dot(c) {
            b.flush();
            i += 1;
            continue;
        }
        match Script::of_char(c) {
            Some(Script::Arabic) => {
                let start = i;
                i = run_end(&chars, i, Script::Arabic, is_arabic_mark);
                b.flush();
                for word in arabic_word(&chars[start..i]) {
                    b.push_marked_word(&word, Script::Arabic);
                }
                continue;
            }
            Some(Script::Hebrew) => {
                let start = i;
                i = run_end(&chars, i, Script::Hebrew, is_hebrew_mark);
                b.flush();
                for word in hebrew_word(&chars[start..i]) {
                    b.push_marked_word(&word, Script::Hebrew);
                }
                continue;
            }
            Some(Script::Devanagari) => {
                let start = i;
                i = run_end(&chars, i, Script::Devanagari, is_devanagari_mark);
                let word = devanagari_word(&chars[start..i]);
                b.push_ascii(&word, Script::Devanagari);
                continue;
            }
            Some(Script::Kana) if kana_consonants => {
                let start = i;
                while i < chars.len()
                    && Script::of_char(chars[i]) == Some(Script::Kana)
                    && !is_kana_dot(chars[i])
                {
                    i += 1;
                }
                b.flush();
                b.push_marked_word(&kana_word(&chars[start..i]), Script::Kana);
                continue;
            }
            Some(Script::Hangul) => {
                b.push_word(&hangul_syllable(c, style), Script::Hangul);
            }
            Some(Script::Han) => {
                b.push_word(
                    &any_ascii::any_ascii_char(c).to_ascii_lowercase(),
                    Script::Han,
                );
            }
            // Russian and Belarusian yo, which any_ascii reads as e
            // (Каёде, Kayode; Хён, Hyon; Лёгкі, Liokhi).
            Some(Script::Cyrillic) if c == 'ё' => {
                b.push_ascii("yo", Script::Cyrillic);
            }
            // Ye, as BGN/PCGN and the lists write it, at the start of a word
            // and after a soft or hard sign (Ермаков, Yermakov; Аркадьевич,
            // Arkadyevich). After a vowel it stays e: Пае is the Korean
            // Pae.
            Some(Script::Cyrillic)
                if c == 'е'
                    && i.checked_sub(1).is_none_or(|p| {
                        "ьъ".contains(chars[p])
                            || Script::of_char(chars[p]) != Some(Script::Cyrillic)
                    }) =>
            {
                b.push_ascii("ye", Script::Cyrillic);
            }
            Some(script) => {
                b.push_ascii(any_ascii::any_ascii_char(c), script);
            }
            None if c.is_numeric() => {
                b.push_ascii(any_ascii::any_ascii_char(c), Script::Latin);
            }
            None if is_arabic_mark(c) || is_devanagari_mark(c) || is_combining(c) => {}
            None => {
                b.flush();
                if matches!(c, ',' | '،' | ';') && !b.tokens.is_empty() {
                    b.comma = true;
                }
            }
        }
        i += 1;
    }
    b.flush();
    b.tokens
}

/// The middle dots that separate the words of a foreign name written in
/// katakana, and their look-alikes.
fn is_kana_dot(c: char) -> bool {
    matches!(
        c,
        '\u{30FB}' | '\u{FF65}' | '\u{00B7}' | '\u{2027}' | '\u{30A0}'
    )
}

fn is_combining(c: char) -> bool {
    matches!(c as u32, 0x0300..=0x036F | 0x1AB0..=0x1AFF | 0x1DC0..=0x1DFF | 0x20D0..=0x20FF | 0xFE20..=0xFE2F)
}

// ---------------------------------------------------------------- Arabic ---

fn is_arabic_mark(c: char) -> bool {
    matches!(c as u32, 0x064B..=0x065F | 0x0670 | 0x06D6..=0x06ED | 0x0640)
}

/// One Arabic-script word (no spaces) into one or two Latin words: the
/// article `ال` is split off as `al`.
fn arabic_word(chars: &[char]) -> Vec<String> {
    let mut out = String::new();
    // Where the last consonant ends and what it was, for shadda, which
    // canonical ordering may place after the vowel sign.
    let mut last_consonant: (usize, &str) = (0, "");
    let n = chars.len();
    for (i, &c) in chars.iter().enumerate() {
        let first = out.is_empty();
        let s: &str = match c {
            'ا' | 'أ' | 'آ' | 'ٱ' | 'ى' => "a",
            'إ' => "i",
            'ء' => "",
            'ؤ' => "u",
            'ئ' => {
                // Pashto writes a final "ai" with it; elsewhere a hamza seat.
                if i + 1 == n { "ai" } else { "i" }
            }
            'ب' => "b",
            'ت' | 'ط' | 'ټ' | 'ٹ' => "t",
            // Letters Latin spellings render several ways are written as
            // markers (see `names::phonetic::marker_class`).
            'ث' => "T",
            'ج' => "J",
            'ح' | 'ه' | 'ہ' | 'ھ' | 'ۀ' | 'ۂ' => "h",
            'خ' => "kh",
            'د' | 'ډ' | 'ڈ' => "d",
            'ض' | 'ذ' => "D",
            'ر' | 'ړ' | 'ڑ' => "r",
            'ز' => "z",
            'ظ' => "Z",
            'س' | 'ص' => "s",
            // One symbol, the phonetic form's own for sh: "shh" (شه, شح) would
            // otherwise read as a doubled h.
            'ش' | 'ښ' => "S",
            'ع' => "a",
            'غ' => "gh",
            'ف' => "f",
            'ق' => "Q",
            'ك' | 'ک' => "k",
            'گ' | 'ګ' => "g",
            'ل' => "l",
            'م' => "m",
            'ن' | 'ڼ' | 'ں' => "n",
            'و' => {
                if first {
                    "w"
                } else {
                    "u"
                }
            }
            'ي' | 'ی' | 'ې' | 'ۍ' | 'ے' | 'ۓ' => match c {
                'ې' | 'ے' | 'ۓ' => "e",
                'ۍ' => "ai",
                _ if first => "y",
                _ => "i",
            },
            'ة' => "a",
            'پ' => "p",
            'چ' => "ch",
            'ژ' | 'ږ' => "zh",
            // Pashto dze: Zadran (ځدران) in Latin spellings.
            'ځ' => "z",
            'څ' => "ts",
            'ڤ' => "v",
            '\u{064E}' => "a", // fatha
            '\u{064F}' => "u", // damma
            '\u{0650}' => "i", // kasra
            '\u{0670}' => "a", // superscript alef
            '\u{0651}' => {
                // shadda doubles the consonant before it
                let (end, cons) = last_consonant;
                if !cons.is_empty() && end <= out.len() {
                    out.insert_str(end, cons);
                    last_consonant = (end + cons.len(), cons);
                }
                ""
            }
            '\u{0660}'..='\u{0669}' => {
                out.push(char::from(b'0' + (c as u32 - 0x0660) as u8));
                ""
            }
            '\u{06F0}'..='\u{06F9}' => {
                out.push(char::from(b'0' + (c as u32 - 0x06F0) as u8));
                ""
            }
            _ => "",
        };
        // An h after s, k, g, t, d, z or c would read as a digraph (صحراوي
        // is s-h, not sh): it is written as the marker H, which matches h.
        let s =
            if s == "h" && out.ends_with(['s', 'k', 'g', 't', 'd', 'z', 'c', 'p', 'Z', 'D', 'T']) {
                "H"
            } else {
                s
            };
        out.push_str(s);
        if !s.is_empty() && !matches!(s, "a" | "i" | "u" | "e" | "ai") {
            last_consonant = (out.len(), s);
        }
    }
    // Particles written as words: "bin", "ibn", "bint" as lists write them.
    match out.as_str() {
        "bn" => return vec!["bin".to_string()],
        "abn" | "ibn" => return vec!["ibn".to_string()],
        "bnt" => return vec!["bint".to_string()],
        _ => {}
    }
    // "الله" and compounds ending in it ("عبدالله", "نصرالله"): the doubled
    // lam and the long vowel are not written.
    if out == "allh" || out == "alah" || out == "allah" {
        return vec!["allah".to_string()];
    }
    if let Some(stem) = out.strip_suffix("allh")
        && !stem.is_empty()
    {
        return vec![format!("{stem}allah")];
    }
    // The definite article is part of the written word; lists write it as a
    // separate "al-".
    if let Some(rest) = out.strip_prefix("al")
        && rest.len() >= 2
    {
        // A waw after the article begins the word: the consonant w
        // (الورفلي, al-Warfalli), not the vowel u it is inside a word.
        let rest = match rest.strip_prefix('u') {
            Some(r) if r.len() >= 2 => format!("w{r}"),
            _ => rest.to_string(),
        };
        return vec!["al".to_string(), rest];
    }
    if out.is_empty() {
        Vec::new()
    } else {
        vec![out]
    }
}

// ------------------------------------------------------------------ Kana ---

/// One katakana (or hiragana) word read by its consonants, as a word
/// written without short vowels: Japanese spells a foreign name by
/// syllables, adding vowels the name does not have (スキルノ "sukiruno",
/// Sukirno; ユルマズ "yurumazu", Yilmaz) and writing sounds it lacks with
/// its nearest ones, so only the consonants are compared. A first vowel is
/// kept, as Arabic script keeps its alif. Sounds Japanese merges are
/// letter-class markers (see `names::phonetic::marker_class`): r for r and
/// l (`R`), f for f and h (`F`, ラフマン Rahman), b for b and v (`B`, ビッチ
/// -vich), shi for s and sh (`W`, フェリシアノ Feliciano), a last n for n and
/// ng (`N`, バンバン Bambang); n before m, b or p is m (センボリオ Semborio).
/// A small tsu (a doubled consonant) and the long-vowel mark add nothing. The particles of Arabic names are read as
/// lists write them (アブドゥル abd, アル al, ビン bin).
fn kana_word(chars: &[char]) -> String {
    // Hiragana to katakana: the same syllables, 0x60 apart.
    let kata = |c: char| match c {
        '\u{3041}'..='\u{3096}' => char::from_u32(c as u32 + 0x60).unwrap_or(c),
        _ => c,
    };
    let chars: Vec<char> = chars.iter().map(|&c| kata(c)).collect();
    let mut out = String::new();
    for (i, &c) in chars.iter().enumerate() {
        let s: &str = match c {
            'ァ' | 'ア' | 'ャ' | 'ヤ' => "a",
            'ィ' | 'イ' | 'ヰ' => "i",
            'ゥ' | 'ウ' | 'ュ' | 'ユ' => "u",
            'ェ' | 'エ' | 'ヱ' => "e",
            'ォ' | 'オ' | 'ョ' | 'ヨ' | 'ヲ' => "o",
            'カ' | 'キ' | 'ク' | 'ケ' | 'コ' | 'ヵ' | 'ヶ' => "k",
            'ガ' | 'ギ' | 'グ' | 'ゲ' | 'ゴ' => "g",
            'サ' | 'ス' | 'セ' | 'ソ' => "s",
            'シ' => "W",
            'ザ' | 'ズ' | 'ゼ' | 'ゾ' | 'ヅ' => "z",
            'ジ' | 'ヂ' => "j",
            'タ' | 'テ' | 'ト' => "t",
            'チ' => "C",
            'ツ' => "ts",
            'ダ' | 'デ' | 'ド' => "d",
            'ナ' | 'ニ' | 'ヌ' | 'ネ' | 'ノ' => "n",
            'ハ' | 'ヒ' | 'ヘ' | 'ホ' => "h",
            'フ' => "F",
            'バ' | 'ビ' | 'ブ' | 'ベ' | 'ボ' | 'ヴ' => "B",
            'パ' | 'ピ' | 'プ' | 'ペ' | 'ポ' => "p",
            'マ' | 'ミ' | 'ム' | 'メ' | 'モ' => "m",
            'ラ' | 'リ' | 'ル' | 'レ' | 'ロ' => "R",
            'ヮ' | 'ワ' => "w",
            'ン' => {
                let next = chars.get(i + 1).copied().unwrap_or(' ');
                if "マミムメモバビブベボパピプペポヴ".contains(next) {
                    "m"
                } else if next == ' ' {
                    // A last n may be the ng Japanese cannot end a word with
                    // (バンバン, Bambang; ワン, Wang).
                    "N"
                } else {
                    "n"
                }
            }
            // The small tsu, the long-vowel mark and anything else.
            _ => "",
        };
        let vowel = matches!(s, "a" | "i" | "u" | "e" | "o");
        if vowel && !out.is_empty() {
            continue;
        }
        out.push_str(s);
    }
    // A word of one consonant says too little by consonants (アガ "ag",
    // Agha): it is read by its sounds.
    if out.trim_start_matches(['a', 'i', 'u', 'e', 'o']).len() < 2 {
        return chars
            .iter()
            .map(|&c| any_ascii::any_ascii_char(c))
            .collect();
    }
    match out.as_str() {
        "aBdR" | "aBdRR" => "abd".to_string(),
        "aR" => "al".to_string(),
        "Bn" => "bin".to_string(),
        "iBn" => "ibn".to_string(),
        "aB" => "abu".to_string(),
        _ => out,
    }
}

// ---------------------------------------------------------------- Hebrew ---

fn is_hebrew_mark(c: char) -> bool {
    // points and cantillation, geresh and gershayim
    matches!(c as u32, 0x0591..=0x05C7 | 0x05F3 | 0x05F4) || c == '\''
}

/// One Hebrew-script word, often an Arabic or foreign name written in
/// Hebrew (Israeli and FollowTheMoney sources): like Arabic, long vowels
/// only, so the result is compared by skeleton; a geresh after a letter
/// gives the Arabic sound it stands for (ג׳ j, ט׳ ظ, ת׳ ث, ח׳ kh, ע׳ gh,
/// צ׳ ض or ch).
fn hebrew_word(chars: &[char]) -> Vec<String> {
    let mut out = String::new();
    let n = chars.len();
    let mut i = 0;
    while i < n {
        let c = chars[i];
        let geresh = matches!(chars.get(i + 1), Some('\'' | '\u{05F3}' | '’'));
        let first = out.is_empty();
        let s: &str = match (c, geresh) {
            ('א', _) => "a",
            ('ב', _) => "b",
            ('ג', true) => "J",
            ('ג', false) => "g",
            ('ד', true) => "D",
            ('ד', false) => "d",
            ('ה', _) => "h",
            ('ו', _) => {
                if first {
                    "w"
                } else {
                    "u"
                }
            }
            ('ז', true) => "zh",
            ('ז', false) => "z",
            ('ח', true) => "kh",
            ('ח', false) => "h",
            ('ט', true) => "Z",
            ('ט', false) => "t",
            ('י', _) => {
                if first {
                    "y"
                } else {
                    "i"
                }
            }
            ('כ' | 'ך', true) => "kh",
            ('כ' | 'ך', false) => "k",
            ('ל', _) => "l",
            ('מ' | 'ם', _) => "m",
            ('נ' | 'ן', _) => "n",
            ('ס', _) => "s",
            // With a geresh, the Arabic ghayn (ע'ומו, Goumo).
            ('ע', true) => "gh",
            ('ע', false) => "a",
            ('פ' | 'ף', _) => "f",
            // With a geresh: the Arabic dad of Arabic names (רצ'ואן, Riduan;
            // צ'יאא, Zia), the ch of other names (צ'רצ'יל, Churchill).
            ('צ' | 'ץ', true) => "X",
            // Without one, the sad of Arabic names (נאצר, Nasser) or the ts
            // of others: the marker for t or s.
            ('צ' | 'ץ', false) => "T",
            ('ק', _) => "Q",
            ('ר', _) => "r",
            ('ש', _) => "sh",
            ('ת', true) => "T",
            ('ת', false) => "t",
            _ => "",
        };
        out.push_str(s);
        i += if geresh { 2 } else { 1 };
    }
    // Arabic names in Hebrew keep the article attached (אלרחים).
    if let Some(rest) = out.strip_prefix("al")
        && rest.len() >= 2
    {
        return vec!["al".to_string(), rest.to_string()];
    }
    if out.is_empty() {
        Vec::new()
    } else {
        vec![out]
    }
}

// ------------------------------------------------------------ Devanagari ---

fn is_devanagari_mark(c: char) -> bool {
    matches!(c as u32, 0x0900..=0x0903 | 0x093A..=0x094F | 0x0951..=0x0957 | 0x0962 | 0x0963)
}

fn devanagari_consonant(c: char) -> Option<&'static str> {
    Some(match c {
        'क' => "k",
        'ख' => "kh",
        'ग' => "g",
        'घ' => "gh",
        'ङ' | 'ञ' | 'ण' | 'न' => "n",
        'च' => "ch",
        'छ' => "chh",
        'ज' => "j",
        'झ' => "jh",
        'ट' | 'त' => "t",
        'ठ' | 'थ' => "th",
        'ड' | 'द' => "d",
        'ढ' | 'ध' => "dh",
        'प' => "p",
        'फ' => "ph",
        'ब' => "b",
        'भ' => "bh",
        'म' => "m",
        'य' => "y",
        'र' => "r",
        'ल' | 'ळ' => "l",
        'व' => "v",
        'श' | 'ष' => "sh",
        'स' => "s",
        'ह' => "h",
        _ => return None,
    })
}

fn devanagari_vowel(c: char) -> Option<&'static str> {
    Some(match c {
        'अ' => "a",
        'आ' | 'ा' => "a",
        'इ' | 'ई' | 'ि' | 'ी' => "i",
        'उ' | 'ऊ' | 'ु' | 'ू' => "u",
        'ऋ' | 'ृ' => "ri",
        'ए' | 'े' | 'ॅ' | 'ऍ' => "e",
        'ऐ' | 'ै' => "ai",
        'ओ' | 'ो' | 'ॉ' | 'ऑ' => "o",
        'औ' | 'ौ' => "au",
        _ => return None,
    })
}

/// One Devanagari word: consonants carry an inherent "a" unless a vowel
/// sign or virama follows; the inherent vowel of the last consonant is
/// silent.
fn devanagari_word(chars: &[char]) -> String {
    let mut out = String::new();
    let mut pending_a = false;
    for &c in chars {
        if let Some(cons) = devanagari_consonant(c) {
            if pending_a {
                out.push('a');
            }
            out.push_str(cons);
            pending_a = true;
            continue;
        }
        match c {
            '\u{093C}' => {
                // nukta: modifies the consonant before it
                // (NFKC decomposes the precomposed nukta letters, so they all
                // arrive here.)
                let fixed = if out.ends_with("ph") {
                    Some((2, "f"))
                } else if out.ends_with("dh") {
                    Some((2, "rh"))
                } else if out.ends_with("kh") || out.ends_with("gh") {
                    None
                } else {
                    match out.as_bytes().last() {
                        Some(b'k') => Some((1, "q")),
                        Some(b'j') => Some((1, "z")),
                        Some(b'd') => Some((1, "r")),
                        _ => None,
                    }
                };
                if let Some((cut, f)) = fixed {
                    out.truncate(out.len() - cut);
                    out.push_str(f);
                }
            }
            '\u{094D}' => pending_a = false, // virama
            'ं' | 'ँ' => {
                if pending_a {
                    out.push('a');
                    pending_a = false;
                }
                out.push('n');
            }
            'ः' => {
                if pending_a {
                    out.push('a');
                    pending_a = false;
                }
                out.push('h');
            }
            _ => {
                if let Some(v) = devanagari_vowel(c) {
                    pending_a = false;
                    out.push_str(v);
                }
            }
        }
    }
    out
}

// ---------------------------------------------------------------- Hangul ---

const INITIAL_RR: [&str; 19] = [
    "g", "kk", "n", "d", "tt", "r", "m", "b", "pp", "s", "ss", "", "j", "jj", "ch", "k", "t", "p",
    "h",
];
const INITIAL_MR: [&str; 19] = [
    "k", "kk", "n", "t", "tt", "r", "m", "p", "pp", "s", "ss", "", "j", "jj", "ch", "k", "t", "p",
    "h",
];
const MEDIAL_RR: [&str; 21] = [
    "a", "ae", "ya", "yae", "eo", "e", "yeo", "ye", "o", "wa", "wae", "oe", "yo", "u", "wo", "we",
    "wi", "yu", "eu", "ui", "i",
];
const MEDIAL_MR: [&str; 21] = [
    "a", "ae", "ya", "yae", "o", "e", "yo", "ye", "o", "wa", "wae", "oe", "yo", "u", "wo", "we",
    "wi", "yu", "u", "ui", "i",
];
const FINAL: [&str; 28] = [
    "", "k", "k", "k", "n", "n", "n", "t", "l", "k", "m", "l", "l", "l", "p", "l", "m", "p", "p",
    "t", "t", "ng", "t", "t", "k", "t", "p", "t",
];

/// One Hangul syllable in the given romanisation.
fn hangul_syllable(c: char, style: HangulStyle) -> String {
    let code = c as u32;
    if !(0xAC00..=0xD7A3).contains(&code) {
        return any_ascii::any_ascii_char(c).to_ascii_lowercase();
    }
    let s = (code - 0xAC00) as usize;
    let (l, v, t) = (s / 588, (s % 588) / 28, s % 28);
    let (initials, medials) = match style {
        HangulStyle::Revised => (&INITIAL_RR, &MEDIAL_RR),
        HangulStyle::McCune => (&INITIAL_MR, &MEDIAL_MR),
    };
    format!("{}{}{}", initials[l], medials[v], FINAL[t])
}

/// Where the run of `script` letters and their marks that starts at `i`
/// ends.
fn run_end(chars: &[char], mut i: usize, script: Script, is_mark: fn(char) -> bool) -> usize {
    while i < chars.len() && (Script::of_char(chars[i]) == Some(script) || is_mark(chars[i])) {
        i += 1;
    }
    i
}

#[cfg(test)]
mod tests {
    //! Properties checked:
    //! 1. each script is romanised to the spellings lists use;
    //! 2. apostrophes join and other punctuation separates;
    //! 3. Hangul gives two variants, other scripts one.
    use super::*;

    #[track_caller]
    fn check(text: &str, expect: &[&str]) {
        let got: Vec<String> = romanize(text)
            .into_iter()
            .map(|v| v.into_iter().map(|t| t.text).collect::<Vec<_>>().join(" "))
            .collect();
        assert_eq!(got, expect, "{text}");
    }

    #[test]
    fn latin() {
        check("o'brien abdul-rahman", &["obrien abdul rahman"]);
        check(
            "łukasz müller-ørsted straße",
            &["lukasz muller orsted strasse"],
        );
        check("‘abd al-rahman", &["abd al rahman"]);
        check("a.b. smith", &["a b smith"]);
        check("al-qa'ida, 2000", &["al qaida 2000"]);
    }

    #[test]
    fn arabic() {
        check("محمد", &["mhmd"]);
        check("أبو بكر البغدادي", &["abu bkr al bghdadi"]);
        check("عبدالله", &["abdallah"]);
        check("عبد الله", &["abd allah"]);
        check("يوسف", &["yusf"]);
        check("أسامة بن لادن", &["asama bin ladn"]);
        check("حسین موسوی", &["hsin musui"]);
        check("ګلبدین حکمتیار", &["glbdin hkmtiar"]);
        check("مُحَمَّد", &["muhammad"]);
        check("كاظم", &["kaZm"]);
        check("علي بن الطاھر", &["ali bin al tahr"]);
        // A waw after the article is the consonant.
        check("الورفلي", &["al wrfli"]);
    }

    #[test]
    fn other_scripts() {
        check("шамсидин фаридуни", &["shamsidin fariduni"]);
        check("ҷамшед қурбонов", &["jamshed qurbonov"]);
        check("каёде", &["kayode"]);
        // Ye at the start and after a soft sign; e after a vowel.
        check("ермаков аркадьевич пае", &["yermakov arkadyevich pae"]);
        check("周伟明", &["zhou wei ming"]);
        check("김정은", &["gim jeong eun", "kim jong un"]);
        check("리성혁", &["ri seong hyeok", "ri song hyok"]);
        check("αλέξανδρος", &["alexandros"]);
        check("रजनीकांत", &["rajanikant"]);
        check("पल्लव रॉय", &["pallav roy"]);
        check("やまだ たろう", &["yamada tarou"]);
        check("מחמד ג'מאל עבד אלרחים", &["mhmd Jmal abd al rhim"]);
        check("ספיאן בן ע'ומו", &["sfian bn ghumu"]);
        check("רצ'ואן", &["rXuan"]);
    }

    #[test]
    fn kana_by_consonants() {
        let read = |text: &str| {
            romanize_kana_consonants(text)
                .map(|v| v.into_iter().map(|t| t.text).collect::<Vec<_>>().join(" "))
        };
        assert_eq!(read("バンバン・スキルノ").as_deref(), Some("BmBN skRn"));
        assert_eq!(
            read("アブドゥル・ラフマン・アガ").as_deref(),
            Some("abd RFmN aga")
        );
        assert_eq!(read("ムハンマド").as_deref(), Some("mhmmd"));
        assert_eq!(read("ビッチ").as_deref(), Some("BC"));
        // Hiragana alike; a name without kana has no such reading.
        assert_eq!(read("すきるの").as_deref(), Some("skRn"));
        assert_eq!(read("Sukirno"), None);
    }
}
