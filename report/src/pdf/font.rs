//! Fonts for the PDF: the fonts of a document in the order they are
//! tried, text shaped into glyphs with rustybuzz, and subsetting to the
//! glyphs used.
//!
//! Text is shaped (OpenType substitution and positioning: Arabic joining,
//! Indic conjuncts, ligatures, kerning) by rustybuzz, a Rust port of
//! HarfBuzz, the shaper browsers use; it reads the fonts through the same
//! ttf-parser we measure with, so nothing is parsed twice. Shaped words
//! are kept in a cache: a briefing repeats its words, and a word is shaped
//! once per font and direction.
//!
//! printpdf subsets fonts only with its heavy `text_layout` feature, so we
//! subset ourselves with `allsorts` (which printpdf already depends on) and
//! embed the small font whole: the PDF then carries only the glyphs it shows.

use std::borrow::Cow;
use std::cell::{Cell, RefCell};
use std::collections::{BTreeSet, HashMap};
use std::rc::Rc;

/// DejaVu Sans, shipped with the crate (Bitstream Vera licence, see
/// `fonts/LICENSE-DejaVu.txt`).
static REGULAR: &[u8] = include_bytes!("../../fonts/DejaVuSans.ttf");
/// DejaVu Sans Bold.
static BOLD: &[u8] = include_bytes!("../../fonts/DejaVuSans-Bold.ttf");

/// How many of a character map's subtables are consulted. Fonts have one
/// to three; a font may declare 65,535, each of which would be searched
/// for every character.
const MAX_SUBTABLES: usize = 16;

/// A character of the Basic Multilingual Plane not looked up yet.
const NOT_LOOKED_UP: u32 = u32::MAX;

/// Words longer than this (in bytes) are shaped each time rather than
/// cached: they are rare, and a cache of long unique strings only grows.
const CACHED_WORD: usize = 64;

/// Which font a run of text is set in: an index into the document's fonts,
/// [`Face::REGULAR`] and [`Face::BOLD`] (the bundled DejaVu Sans) first,
/// then the fonts given with `--font`, in the order given.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct Face(pub u8);

impl Face {
    /// DejaVu Sans.
    pub const REGULAR: Face = Face(0);
    /// DejaVu Sans Bold.
    pub const BOLD: Face = Face(1);
}

/// One glyph of shaped text, in thousandths of an em (the PDF's text
/// units).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Glyph {
    /// The glyph id in the whole font.
    pub id: u16,
    /// How far the pen moves after it: the glyph's width as the PDF's
    /// `/W` array gives it (truncated to a thousandth of an em), changed
    /// by as much as the shaper changed the glyph's own advance (kerning),
    /// rounded. Unkerned text thus needs no correction in the file.
    pub advance: i32,
    /// How far it is drawn from the pen, across and up, rounded.
    pub offset: (i32, i32),
    /// The text it stands for, as a byte range of the shaped text: the
    /// whole cluster for the cluster's first glyph, empty for the others.
    pub text: (u32, u32),
}

/// A word shaped in one font and one direction: its glyphs in visual
/// order (left to right), its text and its advance.
#[derive(Debug)]
pub struct Shaped {
    /// The glyphs, left to right.
    pub glyphs: Vec<Glyph>,
    /// The text shaped.
    pub text: Box<str>,
    /// The sum of the advances, in thousandths of an em.
    pub advance: i32,
    /// Whether it has been recorded as shown ([`Fonts::mark_used`]): a
    /// cached word is recorded once however often it is drawn.
    shown: Cell<bool>,
}

/// One parsed font: its bytes, its shaping face and the metrics we need.
///
/// Characters are looked up in the character map only when the document
/// asks for them, each once. The map is never walked: a font (such as one
/// given with `--font`) may declare ranges covering every code point many
/// times over, and listing them took minutes. The work is bounded by the
/// characters the document uses.
pub struct Font<'a> {
    bytes: &'a [u8],
    index: u32,
    /// Family name, for the PDF's font dictionary.
    pub name: String,
    face: rustybuzz::Face<'a>,
    /// Font units per em.
    pub units_per_em: f32,
    glyph_count: u16,
    /// The font's `cmap` table.
    cmap: &'a [u8],
    /// Glyph id of each character of the Basic Multilingual Plane, indexed
    /// by code point (0: not in the font; [`NOT_LOOKED_UP`]) …
    bmp: Box<[Cell<u32>]>,
    /// … and of the characters beyond it that were looked up.
    astral: RefCell<HashMap<char, u16>>,
}

impl<'a> Font<'a> {
    /// Parses a TrueType font (or face `index` of a collection).
    pub fn parse(bytes: &'a [u8], index: u32) -> Result<Font<'a>, String> {
        let face =
            ttf_parser::Face::parse(bytes, index).map_err(|e| format!("not a usable font: {e}"))?;
        if face.tables().glyf.is_none() {
            return Err(
                "only TrueType-outline fonts (.ttf, .ttc with glyf outlines) can be embedded"
                    .to_owned(),
            );
        }
        let cmap = face
            .raw_face()
            .table(ttf_parser::Tag::from_bytes(b"cmap"))
            .unwrap_or_default();
        let name = face
            .names()
            .into_iter()
            .filter(|n| n.name_id == ttf_parser::name_id::POST_SCRIPT_NAME)
            .find_map(|n| n.to_string())
            .unwrap_or_else(|| "Font".to_owned());
        let units_per_em = f32::from(face.units_per_em());
        let glyph_count = face.number_of_glyphs();
        Ok(Font {
            bytes,
            index,
            name: name
                .chars()
                .filter(|c| c.is_ascii_alphanumeric() || *c == '-')
                .collect(),
            face: rustybuzz::Face::from_face(face),
            units_per_em,
            glyph_count,
            cmap,
            bmp: (0..0x10000).map(|_| Cell::new(NOT_LOOKED_UP)).collect(),
            astral: RefCell::new(HashMap::new()),
        })
    }

    /// A glyph's advance in font units, from the font's metrics.
    fn hmtx(&self, glyph: u16) -> i32 {
        i32::from(
            self.face
                .glyph_hor_advance(ttf_parser::GlyphId(glyph))
                .unwrap_or(0),
        )
    }

    /// A glyph's advance in thousandths of an em, truncated, as printpdf
    /// writes it in the font's `/W` array.
    pub fn hmtx_width(&self, glyph: u16) -> i32 {
        // The same arithmetic as printpdf's, in f32, so the two agree.
        (self.hmtx(glyph) as f32 * 1000.0 / self.units_per_em) as i32
    }

    /// Font units in thousandths of an em, rounded.
    fn thousandths(&self, units: i32) -> i32 {
        (units as f32 * 1000.0 / self.units_per_em).round() as i32
    }

    /// True when the font has a glyph for the character.
    pub fn covers(&self, c: char) -> bool {
        self.glyph(c).is_some()
    }

    /// The glyph id of a character, looked up on first use.
    pub fn glyph(&self, c: char) -> Option<u16> {
        let id = match self.bmp.get(c as usize) {
            Some(slot) => match slot.get() {
                NOT_LOOKED_UP => {
                    let id = self.look_up(c);
                    slot.set(u32::from(id));
                    id
                }
                // Only glyph ids (u16) are ever stored besides the marker.
                id => u16::try_from(id).unwrap_or(0),
            },
            None => *self
                .astral
                .borrow_mut()
                .entry(c)
                .or_insert_with(|| self.look_up(c)),
        };
        (id != 0).then_some(id)
    }

    /// The glyph of a character in the first Unicode subtable of the
    /// character map that has one (0: none). Each subtable is searched by
    /// ttf-parser in logarithmic or constant time, except many-to-one range
    /// maps (format 13, used by last-resort fonts), which it searches
    /// group by group and which are skipped; variation sequences (format
    /// 14) map no character on their own. A glyph id beyond the font's
    /// glyphs counts as none.
    fn look_up(&self, c: char) -> u16 {
        use ttf_parser::cmap::Format;
        let Some(table) = ttf_parser::cmap::Table::parse(self.cmap) else {
            return 0;
        };
        table
            .subtables
            .into_iter()
            .take(MAX_SUBTABLES)
            .filter(|s| s.is_unicode())
            .filter(|s| {
                !matches!(
                    s.format,
                    Format::ManyToOneRangeMappings(_) | Format::UnicodeVariationSequences(_)
                )
            })
            .filter_map(|s| s.glyph_index(u32::from(c)))
            .map(|g| g.0)
            .find(|&g| g != 0 && g < self.glyph_count)
            .unwrap_or(0)
    }

    /// Shapes a word (text of one direction, no line break inside) with
    /// rustybuzz. A character the shaper finds no glyph for but our own
    /// look-up does (another subtable of the character map) gets ours.
    pub fn shape(&self, text: &str, rtl: bool) -> Shaped {
        let mut buffer = rustybuzz::UnicodeBuffer::new();
        buffer.push_str(text);
        buffer.set_direction(if rtl {
            rustybuzz::Direction::RightToLeft
        } else {
            rustybuzz::Direction::LeftToRight
        });
        buffer.guess_segment_properties();
        let shaped = rustybuzz::shape(&self.face, &[], buffer);
        let infos = shaped.glyph_infos();
        let positions = shaped.glyph_positions();
        // Each cluster's text runs to the next cluster's start.
        let mut starts: Vec<u32> = infos.iter().map(|i| i.cluster).collect();
        starts.sort_unstable();
        starts.dedup();
        let end_of = |start: u32| {
            let at = starts.partition_point(|&s| s <= start);
            starts
                .get(at)
                .copied()
                .unwrap_or(u32::try_from(text.len()).unwrap_or(u32::MAX))
        };
        // The text each glyph stands for: a cluster of as many characters as
        // glyphs gives each glyph one character, in logical order; any
        // other cluster is given whole to its first glyph.
        let mut counts: HashMap<u32, usize> = HashMap::new();
        for info in infos {
            *counts.entry(info.cluster).or_default() += 1;
        }
        let mut taken: HashMap<u32, usize> = HashMap::new();
        let mut advance = 0;
        let glyphs = infos
            .iter()
            .zip(positions)
            .map(|(info, pos)| {
                let mut id = u16::try_from(info.glyph_id).unwrap_or(0);
                let start = info.cluster;
                let end = end_of(start);
                let cluster = text.get(start as usize..end as usize).unwrap_or_default();
                if id == 0
                    && let Some(c) = cluster.chars().next()
                    && let Some(ours) = self.glyph(c)
                {
                    id = ours;
                }
                let own = self.hmtx_width(id);
                let glyph_advance = own + self.thousandths(pos.x_advance - self.hmtx(id));
                advance += glyph_advance;
                let count = counts.get(&start).copied().unwrap_or(1);
                let nth = taken.entry(start).or_default();
                let range = if count > 1 && cluster.chars().count() == count {
                    // Glyphs come in visual order: right to left for RTL.
                    let index = if rtl { count - 1 - *nth } else { *nth };
                    cluster
                        .char_indices()
                        .nth(index)
                        .map(|(i, c)| {
                            let from = start + i as u32;
                            (from, from + c.len_utf8() as u32)
                        })
                        .unwrap_or((start, start))
                } else if *nth == 0 {
                    (start, end)
                } else {
                    (start, start)
                };
                *nth += 1;
                Glyph {
                    id,
                    advance: glyph_advance,
                    offset: (
                        self.thousandths(pos.x_offset),
                        self.thousandths(pos.y_offset),
                    ),
                    text: range,
                }
            })
            .collect();
        Shaped {
            glyphs,
            text: text.into(),
            advance,
            shown: Cell::new(false),
        }
    }

    /// A copy of the font holding only the glyphs `ids` (ascending, glyph 0
    /// first): glyph `ids[i]` becomes glyph `i`. `chars` are the characters
    /// shown, for the subset's character map.
    ///
    /// allsorts builds the subset's character map by walking the font's
    /// own map (every code point of every range) and keeping what maps to
    /// a kept glyph; it is handed instead a map of just these characters,
    /// as looked up here, so the work follows the document's characters
    /// and the subset maps exactly the characters the PDF shows.
    pub fn subset(&self, ids: &[u16], chars: &BTreeSet<char>) -> Result<Vec<u8>, String> {
        use allsorts::binary::read::ReadScope;
        use allsorts::font_data::FontData;
        use allsorts::subset::{CmapTarget, SubsetProfile, subset};
        let mapped: Vec<(char, u16)> = chars
            .iter()
            .filter_map(|&c| self.glyph(c).map(|g| (c, g)))
            .filter(|(_, g)| ids.binary_search(g).is_ok())
            .collect();
        let data = ReadScope::new(self.bytes)
            .read::<FontData<'_>>()
            .map_err(|e| e.to_string())?;
        let provider = data
            .table_provider(self.index as usize)
            .map_err(|e| e.to_string())?;
        let provider = WithCmap {
            inner: &provider,
            cmap: cmap_of(&mapped),
        };
        subset(&provider, ids, &SubsetProfile::Pdf, CmapTarget::Unicode).map_err(|e| e.to_string())
    }
}

/// A `cmap` table mapping each character of `mapped` (in character order)
/// to its glyph.
fn cmap_of(mapped: &[(char, u16)]) -> Vec<u8> {
    cmap12(
        mapped
            .iter()
            .map(|&(c, glyph)| (u32::from(c), u32::from(c), u32::from(glyph))),
    )
}

/// A `cmap` table with one subtable (Windows, full Unicode, format 12)
/// of the given groups: first and last code point, glyph of the first.
fn cmap12(groups: impl ExactSizeIterator<Item = (u32, u32, u32)>) -> Vec<u8> {
    let count = u32::try_from(groups.len()).unwrap_or(u32::MAX);
    let length = count.saturating_mul(12).saturating_add(16);
    let mut table = Vec::with_capacity(groups.len() * 12 + 28);
    // Header: version 0, one encoding record (platform 3, encoding 10)
    // whose subtable starts after the 12 bytes of header and record.
    for half in [0u16, 1, 3, 10] {
        table.extend(half.to_be_bytes());
    }
    table.extend(12u32.to_be_bytes());
    // Format 12: format, reserved, length, language, number of groups.
    table.extend(12u16.to_be_bytes());
    table.extend(0u16.to_be_bytes());
    for word in [length, 0, count] {
        table.extend(word.to_be_bytes());
    }
    for (first, last, glyph) in groups {
        for word in [first, last, glyph] {
            table.extend(word.to_be_bytes());
        }
    }
    table
}

/// A font's tables with its `cmap` replaced.
struct WithCmap<'a, P> {
    inner: &'a P,
    cmap: Vec<u8>,
}

impl<P: allsorts::tables::FontTableProvider> allsorts::tables::FontTableProvider
    for WithCmap<'_, P>
{
    fn table_data(&self, tag: u32) -> Result<Option<Cow<'_, [u8]>>, allsorts::error::ParseError> {
        if tag == allsorts::tag::CMAP {
            Ok(Some(Cow::Borrowed(&self.cmap)))
        } else {
            self.inner.table_data(tag)
        }
    }

    fn has_table(&self, tag: u32) -> bool {
        tag == allsorts::tag::CMAP || self.inner.has_table(tag)
    }

    fn table_tags(&self) -> Option<Vec<u32>> {
        let mut tags = self.inner.table_tags()?;
        if !tags.contains(&allsorts::tag::CMAP) {
            tags.push(allsorts::tag::CMAP);
        }
        Some(tags)
    }
}

/// The fonts of one document, in the order they are tried, and what each
/// has been asked to show.
pub struct Fonts<'a> {
    list: Vec<Font<'a>>,
    used: RefCell<Vec<Used>>,
    /// Characters drawn as `?` because no font has them.
    missing: RefCell<BTreeSet<char>>,
    /// Shaped words by face and direction (`2 * face + rtl`).
    cache: RefCell<Vec<foldhash::HashMap<Box<str>, Rc<Shaped>>>>,
}

/// What one face has been asked to show: characters (for the subset's
/// character map) and glyphs with the text each stands for.
#[derive(Default)]
struct Used {
    chars: CharSet,
    glyphs: BTreeSet<u16>,
    text: HashMap<u16, Box<str>>,
}

/// A set of characters as a bitmap: marking is a shift and an or, which
/// matters when a long briefing shows millions of characters.
#[derive(Default)]
struct CharSet(Vec<u64>);

impl CharSet {
    fn insert(&mut self, c: char) {
        let n = c as usize;
        if self.0.len() <= n / 64 {
            self.0.resize(n / 64 + 1, 0);
        }
        self.0[n / 64] |= 1 << (n % 64);
    }

    fn chars(&self) -> BTreeSet<char> {
        let mut out = BTreeSet::new();
        for (i, word) in self.0.iter().enumerate() {
            for bit in 0..64 {
                if word & (1 << bit) != 0
                    && let Some(c) = char::from_u32((i * 64 + bit) as u32)
                {
                    out.insert(c);
                }
            }
        }
        out
    }
}

/// One run of a line: a shaped word in one face, placed left to right.
#[derive(Debug, Clone)]
pub struct Run {
    /// The face it is set in.
    pub face: Face,
    /// Its glyphs.
    pub shaped: Rc<Shaped>,
}

impl<'a> Fonts<'a> {
    /// The bundled fonts, then `extra` (TTF or TTC bytes, each tried in
    /// the order given for characters the ones before lack).
    pub fn new(extra: &'a [Vec<u8>]) -> Result<Fonts<'a>, String> {
        let mut list = vec![Font::parse(REGULAR, 0)?, Font::parse(BOLD, 0)?];
        for (i, bytes) in extra.iter().enumerate() {
            list.push(Font::parse(bytes, 0).map_err(|e| {
                if extra.len() == 1 {
                    format!("the font: {e}")
                } else {
                    format!("font {} of {}: {e}", i + 1, extra.len())
                }
            })?);
        }
        if list.len() > 26 * 26 {
            return Err("at most 674 fonts can be given".to_owned());
        }
        let faces = list.len();
        Ok(Fonts {
            list,
            used: RefCell::new((0..faces).map(|_| Used::default()).collect()),
            missing: RefCell::new(BTreeSet::new()),
            cache: RefCell::new((0..2 * faces).map(|_| Default::default()).collect()),
        })
    }

    /// Every face, in order.
    pub fn faces(&self) -> impl Iterator<Item = Face> + use<> {
        (0..self.list.len()).map(|i| Face(u8::try_from(i).unwrap_or(u8::MAX)))
    }

    /// The font behind a face.
    pub fn font(&self, face: Face) -> Option<&Font<'a>> {
        self.list.get(usize::from(face.0))
    }

    /// True when some font can show every character of the text (as
    /// [`visible`](crate::visible::visible) draws it).
    pub fn can_show(&self, text: &str) -> bool {
        text.chars()
            .map(crate::visible::visible)
            .all(|c| c.is_whitespace() || self.face_for(c, Face::REGULAR).is_some())
    }

    /// The first font, starting from the main one and going on through
    /// the fonts given, that has the character.
    pub(crate) fn face_for(&self, c: char, main: Face) -> Option<Face> {
        if self.list[usize::from(main.0)].covers(c) {
            return Some(main);
        }
        self.list
            .iter()
            .enumerate()
            .skip(2)
            .find(|(_, f)| f.covers(c))
            .map(|(i, _)| Face(u8::try_from(i).unwrap_or(u8::MAX)))
    }

    /// Records a character drawn as `?` because no font has it.
    pub(crate) fn note_missing(&self, c: char) {
        self.missing.borrow_mut().insert(c);
    }

    /// A word shaped in a face, from the cache when it was shaped before.
    pub(crate) fn shaped(&self, face: Face, rtl: bool, text: &str) -> Rc<Shaped> {
        let font = &self.list[usize::from(face.0)];
        if text.len() > CACHED_WORD {
            return Rc::new(font.shape(text, rtl));
        }
        let slot = 2 * usize::from(face.0) + usize::from(rtl);
        if let Some(hit) = self.cache.borrow()[slot].get(text) {
            return Rc::clone(hit);
        }
        let shaped = Rc::new(font.shape(text, rtl));
        self.cache.borrow_mut()[slot].insert(text.into(), Rc::clone(&shaped));
        shaped
    }

    /// The width of a run at size 1.
    pub fn run_width(&self, run: &Run) -> f32 {
        run.shaped.advance as f32 / 1000.0
    }

    /// The characters drawn as `?` so far because no font has them, in
    /// code point order.
    pub fn missing(&self) -> Vec<char> {
        self.missing.borrow().iter().copied().collect()
    }

    /// Records that a run will be shown, for subsetting and for the text
    /// each glyph stands for (copying and searching).
    pub fn mark_used(&self, run: &Run) {
        if run.shaped.shown.replace(true) {
            return;
        }
        let mut used = self.used.borrow_mut();
        let used = &mut used[usize::from(run.face.0)];
        for c in run.shaped.text.chars() {
            used.chars.insert(c);
        }
        for glyph in &run.shaped.glyphs {
            if used.glyphs.insert(glyph.id) || !used.text.contains_key(&glyph.id) {
                let (start, end) = glyph.text;
                if let Some(text) = run.shaped.text.get(start as usize..end as usize)
                    && !text.is_empty()
                {
                    used.text.insert(glyph.id, text.into());
                }
            }
        }
    }

    /// The characters shown in a face.
    pub fn used_chars(&self, face: Face) -> BTreeSet<char> {
        self.used.borrow()[usize::from(face.0)].chars.chars()
    }

    /// The glyphs shown in a face, ascending, with glyph 0 first.
    pub fn used_glyphs(&self, face: Face) -> Vec<u16> {
        let used = self.used.borrow();
        let glyphs = &used[usize::from(face.0)].glyphs;
        if glyphs.is_empty() {
            return Vec::new();
        }
        std::iter::once(0)
            .chain(glyphs.iter().copied().filter(|&g| g != 0))
            .collect()
    }

    /// The text each glyph shown in a face stands for: the character
    /// that the font's character map gives that glyph, when one shown
    /// does; otherwise the text the shaper made it from (a ligature's
    /// letters), or nothing (a glyph that only completes a cluster).
    pub fn glyph_texts(&self, face: Face) -> HashMap<u16, String> {
        let used = self.used.borrow();
        let used = &used[usize::from(face.0)];
        let mut texts: HashMap<u16, String> =
            used.text.iter().map(|(&g, t)| (g, t.to_string())).collect();
        if let Some(font) = self.font(face) {
            let mut mapped = BTreeSet::new();
            for c in used.chars.chars() {
                if let Some(g) = font.glyph(c)
                    && used.glyphs.contains(&g)
                    && mapped.insert(g)
                {
                    texts.insert(g, c.to_string());
                }
            }
        }
        texts
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_shipped_fonts_cover_the_briefing_characters() {
        let fonts = Fonts::new(&[]).unwrap();
        assert!(fonts.can_show("Tus-Holdings £200m – Ōsaka “quoted” › • ≈"));
        assert!(!fonts.can_show("中国医药集团"));
        // Controls and overrides are drawn as the replacement character.
        for face in [Face::REGULAR, Face::BOLD] {
            assert!(
                fonts
                    .font(face)
                    .unwrap()
                    .covers(crate::visible::REPLACEMENT)
            );
        }
        assert!(fonts.can_show("a\u{0}\u{202E}b\u{9B}"));
        let text: String = fonts
            .line("a\u{0}\u{202E}b\tc", false, true)
            .iter()
            .map(|r| r.shaped.text.to_string())
            .collect();
        assert_eq!(text, "a\u{FFFD}\u{FFFD}b c");
        assert_eq!(
            fonts.width("\u{7}", false, 10.0),
            fonts.width("\u{FFFD}", false, 10.0)
        );
        assert!(fonts.width("WWW", false, 10.0) > fonts.width("iii", false, 10.0));
        assert!(fonts.width("Bold", true, 10.0) > fonts.width("Bold", false, 10.0));
    }

    /// DejaVu Sans with its `cmap` table replaced by `cmap`.
    pub(crate) fn dejavu_with_cmap(cmap: &[u8]) -> Vec<u8> {
        let mut font = REGULAR.to_vec();
        let tables = usize::from(u16::from_be_bytes([font[4], font[5]]));
        let at = font.len().next_multiple_of(4);
        font.resize(at, 0);
        font.extend_from_slice(cmap);
        for record in (0..tables).map(|i| 12 + 16 * i) {
            if &font[record..record + 4] == b"cmap" {
                font[record + 8..record + 12].copy_from_slice(&(at as u32).to_be_bytes());
                font[record + 12..record + 16].copy_from_slice(&(cmap.len() as u32).to_be_bytes());
            }
        }
        font
    }

    /// A format 4 `cmap` of `segments` copies of one segment covering the
    /// whole plane (each character to the glyph of its own number), and
    /// the closing segment.
    fn cmap4_whole_plane(segments: u16) -> Vec<u8> {
        let count = segments + 1;
        let mut sub: Vec<u16> = vec![4, 0, 0, count * 2, 0, 0, 0];
        sub.extend((0..segments).map(|_| 0xFFFE).chain([0xFFFF])); // ends
        sub.push(0); // reserved
        sub.extend((0..segments).map(|_| 0).chain([0xFFFF])); // starts
        sub.extend((0..segments).map(|_| 0).chain([1])); // deltas
        sub.extend((0..count).map(|_| 0)); // range offsets
        sub[1] = u16::try_from(sub.len() * 2).unwrap();
        let mut table: Vec<u8> = [0u16, 1, 3, 1]
            .iter()
            .flat_map(|h| h.to_be_bytes())
            .collect();
        table.extend(12u32.to_be_bytes());
        table.extend(sub.iter().flat_map(|h| h.to_be_bytes()));
        table
    }

    /// Parses the font, asks for a few characters and subsets it.
    fn use_font(bytes: &[u8]) -> (Font<'_>, Vec<u8>, std::time::Duration) {
        let start = std::time::Instant::now();
        let font = Font::parse(bytes, 0).unwrap();
        let chars: BTreeSet<char> = "Accord 中国".chars().collect();
        let mut ids: Vec<u16> = chars.iter().filter_map(|&c| font.glyph(c)).collect();
        ids.push(0);
        ids.sort_unstable();
        ids.dedup();
        let subset = font.subset(&ids, &chars).unwrap();
        (font, subset, start.elapsed())
    }

    fn looked_up(font: &Font) -> usize {
        font.bmp.iter().filter(|c| c.get() != NOT_LOOKED_UP).count() + font.astral.borrow().len()
    }

    #[test]
    fn huge_character_ranges_cost_no_more_than_small_ones() {
        // 4,000 groups each declaring every code point: 4.5 billion
        // characters, which listing took minutes; and the same number of
        // groups of one character each. Same file size, same work.
        let huge = dejavu_with_cmap(&cmap12((0..4000).map(|_| (0x4E00, 0x10FFFF, 100))));
        let small = dejavu_with_cmap(&cmap12((0..4000u32).map(|i| (i, i, 100))));
        // 8,000 format 4 segments each covering the whole plane.
        let plane = dejavu_with_cmap(&cmap4_whole_plane(8000));
        let (_, _, base) = use_font(&small);
        for hostile in [&huge, &plane] {
            let (font, subset, took) = use_font(hostile);
            assert!(
                took < base * 4 + std::time::Duration::from_millis(100),
                "{took:?} against {base:?}"
            );
            // Only the characters asked for were looked up.
            assert_eq!(
                looked_up(&font),
                "Accord 中国".chars().collect::<BTreeSet<_>>().len()
            );
            // The subset maps exactly the characters shown, to the glyphs
            // the hostile map gives them.
            let again = Font::parse(&subset, 0).unwrap();
            for c in "Accord 中国".chars() {
                assert_eq!(again.covers(c), font.covers(c), "{c}");
            }
            assert!(!again.covers('B'));
        }
        let (font, _, _) = use_font(&huge);
        assert_eq!(font.glyph('中'), Some(100 + 0x2D));
        assert_eq!(font.glyph('A'), None);
        let (font, _, _) = use_font(&plane);
        assert_eq!(font.glyph('A'), Some(0x41));
        assert_eq!(font.glyph('中'), None, "beyond the font's glyphs");
    }

    #[test]
    fn subsets_are_small_and_keep_the_characters() {
        let fonts = Fonts::new(&[]).unwrap();
        let regular = fonts.font(Face::REGULAR).unwrap();
        let chars: BTreeSet<char> = "Accord £ ō".chars().collect();
        let mut ids: Vec<u16> = chars.iter().filter_map(|&c| regular.glyph(c)).collect();
        ids.push(0);
        ids.sort_unstable();
        ids.dedup();
        let small = regular.subset(&ids, &chars).unwrap();
        assert!(small.len() < 40_000, "{} bytes", small.len());
        let again = Font::parse(&small, 0).unwrap();
        assert!(again.covers('ō') && again.covers('£') && !again.covers('Z'));
    }
}
