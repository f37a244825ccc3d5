//! Fonts for the PDF: metrics for measuring text, fallback from the main
//! font to an optional CJK font, and subsetting to the glyphs used.
//!
//! printpdf subsets fonts only with its heavy `text_layout` feature, so we
//! subset ourselves with `allsorts` (which printpdf already depends on) and
//! embed the small font whole: the PDF then carries only the glyphs it shows.

use std::cell::RefCell;
use std::collections::{BTreeSet, HashMap};

/// DejaVu Sans, shipped with the crate (Bitstream Vera licence, see
/// `fonts/LICENSE-DejaVu.txt`).
static REGULAR: &[u8] = include_bytes!("../../fonts/DejaVuSans.ttf");
/// DejaVu Sans Bold.
static BOLD: &[u8] = include_bytes!("../../fonts/DejaVuSans-Bold.ttf");

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
pub struct Font {
    bytes: Vec<u8>,
    index: u32,
    /// Family name, for the PDF's font dictionary.
    pub name: String,
    units_per_em: f32,
    /// Glyph id and advance of each character of the Basic Multilingual
    /// Plane, indexed by code point (glyph 0: not in the font) …
    bmp: Vec<(u16, u16)>,
    /// … and of the characters beyond it.
    astral: HashMap<char, (u16, u16)>,
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
        let mut bmp = vec![(0u16, 0u16); 0x10000];
        let mut astral = HashMap::new();
        if let Some(cmap) = face.tables().cmap {
            for subtable in cmap.subtables {
                if !subtable.is_unicode() {
                    continue;
                }
                subtable.codepoints(|cp| {
                    if let (Some(c), Some(gid)) = (char::from_u32(cp), subtable.glyph_index(cp)) {
                        let advance = face.glyph_hor_advance(gid).unwrap_or(0);
                        if gid.0 == 0 {
                            return;
                        }
                        match bmp.get_mut(cp as usize) {
                            Some(slot) if slot.0 == 0 => *slot = (gid.0, advance),
                            Some(_) => {}
                            None => drop(astral.entry(c).or_insert((gid.0, advance))),
                        }
                    }
                });
            }
        }
        let name = face
            .names()
            .into_iter()
            .filter(|n| n.name_id == ttf_parser::name_id::POST_SCRIPT_NAME)
            .find_map(|n| n.to_string())
            .unwrap_or_else(|| "Font".to_owned());
        let units_per_em = f32::from(face.units_per_em());
        Ok(Font {
            bytes,
            index,
            name: name
                .chars()
                .filter(|c| c.is_ascii_alphanumeric() || *c == '-')
                .collect(),
            units_per_em,
            bmp,
            astral,
        })
    }

    /// True when the font has a glyph for the character.
    pub fn covers(&self, c: char) -> bool {
        self.glyph(c).is_some()
    }

    fn glyph(&self, c: char) -> Option<(u16, u16)> {
        match self.bmp.get(c as usize) {
            Some(&(0, _)) => None,
            Some(&g) => Some(g),
            None => self.astral.get(&c).copied(),
        }
    }

    /// The advance of a character at size 1, rounded down to thousandths of
    /// an em as the PDF's width array records it.
    fn advance(&self, c: char) -> f32 {
        let units = self.glyph(c).map_or(0, |g| g.1);
        (f32::from(units) * 1000.0 / self.units_per_em).trunc() / 1000.0
    }

    /// A copy of the font holding only the glyphs of `chars`.
    pub fn subset(&self, chars: &BTreeSet<char>) -> Result<Vec<u8>, String> {
        use allsorts::binary::read::ReadScope;
        use allsorts::font_data::FontData;
        use allsorts::subset::{CmapTarget, SubsetProfile, subset};
        let mut ids: Vec<u16> = chars
            .iter()
            .filter_map(|&c| self.glyph(c).map(|g| g.0))
            .collect();
        ids.sort_unstable();
        ids.dedup();
        ids.insert(0, 0);
        let data = ReadScope::new(&self.bytes)
            .read::<FontData<'_>>()
            .map_err(|e| e.to_string())?;
        let provider = data
            .table_provider(self.index as usize)
            .map_err(|e| e.to_string())?;
        subset(&provider, &ids, &SubsetProfile::Pdf, CmapTarget::Unicode).map_err(|e| e.to_string())
    }
}

/// The fonts of one document, and the characters each has been asked to show.
pub struct Fonts {
    regular: Font,
    bold: Font,
    cjk: Option<Font>,
    used: RefCell<[CharSet; 3]>,
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

    /// True when some font can show every character of the text.
    pub fn can_show(&self, text: &str) -> bool {
        text.chars()
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

    /// Splits text into runs of one face each. Characters no font has are
    /// replaced by `?` (callers check [`Fonts::can_show`] first).
    pub fn runs(&self, text: &str, bold: bool) -> Vec<(Face, String)> {
        let main = if bold { Face::Bold } else { Face::Regular };
        let mut runs: Vec<(Face, String)> = Vec::new();
        for c in text.chars() {
            let (face, c) = match self.face_for(c, bold) {
                Some(face) => (face, c),
                None if c.is_whitespace() => (main, ' '),
                None => (main, '?'),
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
            .map(|c| match self.face_for(c, bold) {
                Some(face) => self.font(face).unwrap_or(main).advance(c),
                None if c.is_whitespace() => main.advance(' '),
                None => main.advance('?'),
            })
            .sum::<f32>()
            * size
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
        assert!(fonts.width("WWW", false, 10.0) > fonts.width("iii", false, 10.0));
        assert!(fonts.width("Bold", true, 10.0) > fonts.width("Bold", false, 10.0));
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
