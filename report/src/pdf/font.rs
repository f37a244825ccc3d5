//! Fonts for the PDF: metrics for measuring text, fallback from the main
//! font to an optional CJK font, and subsetting to the glyphs used.
//!
//! printpdf subsets fonts only with its heavy `text_layout` feature, so we
//! subset ourselves with `allsorts` (which printpdf already depends on) and
//! embed the small font whole: the PDF then carries only the glyphs it shows.

use std::borrow::Cow;
use std::cell::{Cell, RefCell};
use std::collections::{BTreeSet, HashMap};

use crate::visible::visible;

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

/// Which font a run of text is set in.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Face {
    /// DejaVu Sans.
    Regular,
    /// DejaVu Sans Bold.
    Bold,
    /// The CJK font given by the user.
    Cjk,
}

/// One parsed font: its bytes and the metrics we need.
///
/// Characters are looked up in the character map only when the document
/// asks for them, each once. The map is never walked: a font (such as one
/// given with `--font`) may declare ranges covering every code point many
/// times over, and listing them took minutes. The work is bounded by the
/// characters the document uses.
pub struct Font {
    bytes: Vec<u8>,
    index: u32,
    /// Family name, for the PDF's font dictionary.
    pub name: String,
    units_per_em: f32,
    /// The advance of each glyph, by glyph id.
    advances: Vec<u16>,
    /// The font's `cmap` table.
    cmap: Vec<u8>,
    /// Glyph id of each character of the Basic Multilingual Plane, indexed
    /// by code point (0: not in the font; [`NOT_LOOKED_UP`]) …
    bmp: Box<[Cell<u32>]>,
    /// … and of the characters beyond it that were looked up.
    astral: RefCell<HashMap<char, u16>>,
}

impl Font {
    /// Parses a TrueType font (or face `index` of a collection).
    pub fn parse(bytes: Vec<u8>, index: u32) -> Result<Font, String> {
        let face = ttf_parser::Face::parse(&bytes, index)
            .map_err(|e| format!("not a usable font: {e}"))?;
        if face.tables().glyf.is_none() {
            return Err(
                "only TrueType-outline fonts (.ttf, .ttc with glyf outlines) can be embedded"
                    .to_owned(),
            );
        }
        let advances = (0..face.number_of_glyphs())
            .map(|g| face.glyph_hor_advance(ttf_parser::GlyphId(g)).unwrap_or(0))
            .collect();
        let cmap = face
            .raw_face()
            .table(ttf_parser::Tag::from_bytes(b"cmap"))
            .unwrap_or_default()
            .to_vec();
        let name = face
            .names()
            .into_iter()
            .filter(|n| n.name_id == ttf_parser::name_id::POST_SCRIPT_NAME)
            .find_map(|n| n.to_string())
            .unwrap_or_else(|| "Font".to_owned());
        let units_per_em = f32::from(face.units_per_em());
        Ok(Font {
            index,
            name: name
                .chars()
                .filter(|c| c.is_ascii_alphanumeric() || *c == '-')
                .collect(),
            units_per_em,
            advances,
            cmap,
            bmp: (0..0x10000).map(|_| Cell::new(NOT_LOOKED_UP)).collect(),
            astral: RefCell::new(HashMap::new()),
            bytes,
        })
    }

    /// True when the font has a glyph for the character.
    pub fn covers(&self, c: char) -> bool {
        self.glyph(c).is_some()
    }

    /// The glyph id of a character, looked up on first use.
    fn glyph(&self, c: char) -> Option<u16> {
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
        let Some(table) = ttf_parser::cmap::Table::parse(&self.cmap) else {
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
            .find(|&g| g != 0 && usize::from(g) < self.advances.len())
            .unwrap_or(0)
    }

    /// The advance of a character at size 1, rounded down to thousandths of
    /// an em as the PDF's width array records it.
    fn advance(&self, c: char) -> f32 {
        let units = self
            .glyph(c)
            .and_then(|g| self.advances.get(usize::from(g)).copied())
            .unwrap_or(0);
        (f32::from(units) * 1000.0 / self.units_per_em).trunc() / 1000.0
    }

    /// A copy of the font holding only the glyphs of `chars`.
    ///
    /// allsorts builds the subset's character map by walking the font's
    /// own map (every code point of every range) and keeping what maps to
    /// a kept glyph; it is handed instead a map of just these characters,
    /// as looked up here, so the work follows the document's characters
    /// and the subset maps exactly the characters the PDF shows.
    pub fn subset(&self, chars: &BTreeSet<char>) -> Result<Vec<u8>, String> {
        use allsorts::binary::read::ReadScope;
        use allsorts::font_data::FontData;
        use allsorts::subset::{CmapTarget, SubsetProfile, subset};
        let mapped: Vec<(char, u16)> = chars
            .iter()
            .filter_map(|&c| self.glyph(c).map(|g| (c, g)))
            .collect();
        let mut ids: Vec<u16> = mapped.iter().map(|&(_, g)| g).collect();
        ids.sort_unstable();
        ids.dedup();
        ids.insert(0, 0);
        let data = ReadScope::new(&self.bytes)
            .read::<FontData<'_>>()
            .map_err(|e| e.to_string())?;
        let provider = data
            .table_provider(self.index as usize)
            .map_err(|e| e.to_string())?;
        let provider = WithCmap {
            inner: &provider,
            cmap: cmap_of(&mapped),
        };
        subset(&provider, &ids, &SubsetProfile::Pdf, CmapTarget::Unicode).map_err(|e| e.to_string())
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

/// The fonts of one document, and the characters each has been asked to show.
pub struct Fonts {
    regular: Font,
    bold: Font,
    cjk: Option<Font>,
    used: RefCell<[CharSet; 3]>,
    /// Characters drawn as `?` because no font has them.
    missing: RefCell<BTreeSet<char>>,
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

impl Fonts {
    /// The shipped fonts, plus an optional CJK font (TTF or TTC bytes).
    pub fn new(cjk: Option<&[u8]>) -> Result<Fonts, String> {
        let cjk = match cjk {
            Some(bytes) => {
                Some(Font::parse(bytes.to_vec(), 0).map_err(|e| format!("the CJK font: {e}"))?)
            }
            None => None,
        };
        Ok(Fonts {
            regular: Font::parse(REGULAR.to_vec(), 0)?,
            bold: Font::parse(BOLD.to_vec(), 0)?,
            cjk,
            used: RefCell::new(Default::default()),
            missing: RefCell::new(BTreeSet::new()),
        })
    }

    /// The font behind a face.
    pub fn font(&self, face: Face) -> Option<&Font> {
        match face {
            Face::Regular => Some(&self.regular),
            Face::Bold => Some(&self.bold),
            Face::Cjk => self.cjk.as_ref(),
        }
    }

    /// True when some font can show every character of the text (as
    /// [`visible`] draws it).
    pub fn can_show(&self, text: &str) -> bool {
        text.chars()
            .map(visible)
            .all(|c| c.is_whitespace() || self.face_for(c, false).is_some())
    }

    fn face_for(&self, c: char, bold: bool) -> Option<Face> {
        let main = if bold { Face::Bold } else { Face::Regular };
        if self.font(main).is_some_and(|f| f.covers(c)) {
            Some(main)
        } else if self.cjk.as_ref().is_some_and(|f| f.covers(c)) {
            Some(Face::Cjk)
        } else {
            None
        }
    }

    /// Splits text into runs of one face each. Control characters and
    /// bidirectional overrides are drawn as [`visible`] says; characters
    /// no font has are replaced by `?` and remembered, for
    /// [`Fonts::missing`] (callers that can leave text out check
    /// [`Fonts::can_show`] first).
    pub fn runs(&self, text: &str, bold: bool) -> Vec<(Face, String)> {
        let main = if bold { Face::Bold } else { Face::Regular };
        let mut runs: Vec<(Face, String)> = Vec::new();
        for c in text.chars().map(visible) {
            let (face, c) = match self.face_for(c, bold) {
                Some(face) => (face, c),
                None if c.is_whitespace() => (main, ' '),
                None => {
                    self.missing.borrow_mut().insert(c);
                    (main, '?')
                }
            };
            match runs.last_mut() {
                Some((f, s)) if *f == face => s.push(c),
                _ => runs.push((face, c.to_string())),
            }
        }
        runs
    }

    /// The width of text at a size, in points.
    pub fn width(&self, text: &str, bold: bool, size: f32) -> f32 {
        let main = if bold { &self.bold } else { &self.regular };
        text.chars()
            .map(visible)
            .map(|c| match self.face_for(c, bold) {
                Some(face) => self.font(face).unwrap_or(main).advance(c),
                None if c.is_whitespace() => main.advance(' '),
                None => main.advance('?'),
            })
            .sum::<f32>()
            * size
    }

    /// The characters drawn as `?` so far because no font has them, in
    /// code point order.
    pub fn missing(&self) -> Vec<char> {
        self.missing.borrow().iter().copied().collect()
    }

    /// Records that the runs will be shown, for subsetting.
    pub fn mark_used(&self, face: Face, text: &str) {
        let slot = match face {
            Face::Regular => 0,
            Face::Bold => 1,
            Face::Cjk => 2,
        };
        let mut used = self.used.borrow_mut();
        for c in text.chars() {
            used[slot].insert(c);
        }
    }

    /// The characters shown in each face.
    pub fn used(&self, face: Face) -> BTreeSet<char> {
        let slot = match face {
            Face::Regular => 0,
            Face::Bold => 1,
            Face::Cjk => 2,
        };
        self.used.borrow()[slot].chars()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_shipped_fonts_cover_the_briefing_characters() {
        let fonts = Fonts::new(None).unwrap();
        assert!(fonts.can_show("Tus-Holdings £200m – Ōsaka “quoted” › • ≈"));
        assert!(!fonts.can_show("中国医药集团"));
        // Controls and overrides are drawn as the replacement character.
        assert!(fonts.regular.covers(crate::visible::REPLACEMENT));
        assert!(fonts.bold.covers(crate::visible::REPLACEMENT));
        assert!(fonts.can_show("a\u{0}\u{202E}b\u{9B}"));
        assert_eq!(
            fonts.runs("a\u{0}\u{202E}b\tc", false),
            [(Face::Regular, "a\u{FFFD}\u{FFFD}b c".to_owned())]
        );
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
    fn use_font(bytes: &[u8]) -> (Font, Vec<u8>, std::time::Duration) {
        let start = std::time::Instant::now();
        let font = Font::parse(bytes.to_vec(), 0).unwrap();
        let chars: BTreeSet<char> = "Accord 中国".chars().collect();
        let subset = font.subset(&chars).unwrap();
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
            let again = Font::parse(subset, 0).unwrap();
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
        let fonts = Fonts::new(None).unwrap();
        let chars: BTreeSet<char> = "Accord £ ō".chars().collect();
        let small = fonts.regular.subset(&chars).unwrap();
        assert!(small.len() < 40_000, "{} bytes", small.len());
        let again = Font::parse(small, 0).unwrap();
        assert!(again.covers('ō') && again.covers('£') && !again.covers('Z'));
    }
}
