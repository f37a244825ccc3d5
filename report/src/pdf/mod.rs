//! The PDF briefing: pages laid out by our own engine, drawn with printpdf,
//! with an outline (bookmarks) and a fixed document id added with lopdf so
//! that the same briefing gives the same bytes.

mod figure;
mod font;
mod layout;
mod sections;
mod shape;
mod tag;

use std::collections::HashMap;
use std::fmt;
use std::rc::Rc;

use printpdf::{
    FontId, Mm, OffsetDateTime, ParsedFont, PdfDocument, PdfFont, PdfPage, PdfSaveOptions,
};

use crate::view::{Briefing, SectionKind};
use crate::visible;
use font::{Face, Fonts};
use layout::{LinkTarget, MUTED, Page, RULE, Style, UriLink, Writer};

/// Paper sizes.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Paper {
    /// ISO A4, 210 × 297 mm.
    #[default]
    A4,
    /// US Letter, 8.5 × 11 in.
    Letter,
}

impl Paper {
    /// Width and height in points.
    pub fn size(self) -> (f32, f32) {
        match self {
            Paper::A4 => (595.276, 841.89),
            Paper::Letter => (612.0, 792.0),
        }
    }
}

/// What changes the PDF beyond the briefing's content.
#[derive(Debug, Clone, Default)]
pub struct PdfOptions {
    /// The paper size.
    pub paper: Paper,
    /// More TrueType fonts (`.ttf`, or the first face of a `.ttc`), tried
    /// in this order, after the bundled DejaVu Sans, for each character it
    /// lacks (Chinese, Devanagari, Thai …). A name in its own script that
    /// no font can show is left out, and [`Pdf::notes`] says so.
    pub fonts: Vec<Vec<u8>>,
    /// The document's creation time, in seconds since 1970 (for
    /// `SOURCE_DATE_EPOCH`); by default midnight of the briefing's date.
    pub timestamp: Option<i64>,
    /// The document's language, a BCP 47 tag (`/Lang`, for screen
    /// readers); `en` when not given.
    pub lang: Option<String>,
}

/// A rendered PDF.
#[derive(Debug, Clone)]
pub struct Pdf {
    /// The file's bytes.
    pub bytes: Vec<u8>,
    /// Its number of pages.
    pub pages: usize,
    /// What the operator should know about this rendering (text left out
    /// …), for the terminal: the PDF itself never carries these.
    pub notes: Vec<String>,
    /// Characters drawn as `?` because neither the bundled fonts nor those
    /// given (`PdfOptions::fonts`) have them, in code point order;
    /// empty when every character was drawn. Whoever calls this says which
    /// records hold them: the PDF never replaces a character silently.
    pub unshown: Vec<char>,
}

/// Why a PDF could not be made.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum PdfError {
    /// A font could not be read or subset.
    Font(String),
    /// The document could not be written.
    Write(String),
}

impl fmt::Display for PdfError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            PdfError::Font(e) => write!(f, "font: {e}"),
            PdfError::Write(e) => write!(f, "writing the PDF: {e}"),
        }
    }
}

impl std::error::Error for PdfError {}

/// The fixed id of each face's font resource, six capital letters that
/// become the subset tag in the font's name: `ACCREG`, `ACCBLD`, then
/// `ACCFAA`, `ACCFAB` … for the fonts given, in order.
pub(crate) fn font_id(face: Face) -> FontId {
    FontId(match face {
        Face::REGULAR => "ACCREG".to_owned(),
        Face::BOLD => "ACCBLD".to_owned(),
        Face(n) => {
            let n = n.saturating_sub(2);
            format!(
                "ACCF{}{}",
                char::from(b'A' + n / 26),
                char::from(b'A' + n % 26)
            )
        }
    })
}

/// Renders the briefing as a PDF.
pub fn pdf(briefing: &Briefing, options: &PdfOptions) -> Result<Pdf, PdfError> {
    let fonts = Fonts::new(&options.fonts).map_err(PdfError::Font)?;
    let (width, height) = options.paper.size();
    // What the reader should know about this rendering (printed under the
    // notes on data quality), and what the operator should (returned, for
    // the terminal: never printed in the document).
    let mut shown_notes = Vec::new();
    let mut notes = Vec::new();
    let missing_script = briefing
        .parties
        .iter()
        .filter_map(|p| p.local_name.as_ref())
        .chain(briefing.people.iter().filter_map(|p| p.local_name.as_ref()))
        .any(|local| !fonts.can_show(&local.text));
    if missing_script {
        notes.push(
            "names in their own script that no font given has (such as Chinese) are left out of the PDF; \
             give a TrueType font that has them with --font (the HTML briefing shows them)"
                .to_owned(),
        );
        shown_notes.push(
            "Names in their own script (such as Chinese) are not shown in this PDF; the HTML briefing shows them."
                .to_owned(),
        );
    }

    // The front matter (title page with the summary, and contents) comes
    // first, but its page numbers depend on its own length, and the
    // summary's and the body's references to entries on where the entries
    // fall: lay both out until the numbers are stable. The body is laid
    // out again only when it printed a reference.
    let mut front_pages = 2;
    let mut refs: HashMap<String, usize> = HashMap::new();
    let mut tries = 0;
    // A short briefing has no title page or contents of its own: the
    // title and summary head its first page, and its bookmarks are enough.
    let compact = briefing.compact();
    if compact {
        front_pages = 0;
    }
    let (body, front) = loop {
        tries += 1;
        let mut body = Writer::new(&fonts, width, height);
        if compact {
            title_block(&mut body, briefing, &refs);
            body.space(12.0);
        }
        let laid = sections::write_body(&mut body, briefing, &shown_notes, &refs);
        let found: HashMap<String, usize> = laid
            .anchors
            .into_iter()
            .map(|(anchor, page)| (anchor, front_pages + page + 1))
            .collect();
        let front = (!compact).then(|| {
            write_front(
                &fonts,
                width,
                height,
                briefing,
                &body.marks,
                front_pages,
                &found,
            )
        });
        let pages = front.as_ref().map_or(0, |f| f.pages.len());
        let stable = pages == front_pages && ((!laid.used_refs && !compact) || found == refs);
        front_pages = pages;
        refs = found;
        if stable || tries >= 4 {
            let mut body = body;
            body.finish();
            let front = front.map(|mut front| {
                front.finish();
                front
            });
            break (body, front);
        }
    };
    let total = front_pages + body.pages.len();
    // The front matter's own headings (the summary, the contents) first.
    let mut outline: Vec<(u8, String, usize)> = front
        .iter()
        .flat_map(|f| &f.marks)
        .map(|m| (m.level, m.title.clone(), m.page))
        .collect();
    outline.extend(
        body.marks
            .iter()
            .map(|m| (m.level, m.title.clone(), front_pages + m.page)),
    );
    let (mut tags, mut pages): (tag::Tags, Vec<Page>) = match front {
        Some(front) => (front.tags, front.pages),
        None => (tag::Tags::default(), Vec::new()),
    };
    tags.append(body.tags, pages.len());
    pages.extend(body.pages);
    decorate(&fonts, &mut pages, briefing, width, height, total);
    save(
        &fonts, pages, tags, briefing, options, width, height, &outline, notes,
    )
}

/// The title, what the briefing covers, and the summary: the title page
/// of a long briefing, the top of the first page of a short one.
fn title_block(w: &mut Writer<'_>, b: &Briefing, refs: &HashMap<String, usize>) {
    let title = Style {
        size: 26.0,
        bold: true,
        color: layout::ACCENT,
        leading: 32.0,
    };
    w.begin(tag::Role::H1);
    for line in w.wrap(&b.title, title, w.content_width()) {
        w.ensure(title.leading);
        let baseline = w.y + title.size;
        w.text_at(w.left, baseline, &line, title);
        w.y += title.leading;
    }
    w.end();
    w.y += 4.0;
    let rule_width = w.content_width();
    w.rule(w.left, w.y, rule_width, layout::ACCENT, 2.0);
    w.y += 14.0;
    let words = &b.wording;
    w.paragraph(words.subtitle, Style::BODY.bold().colored(MUTED), 0.0);
    if let Some(issuer) = &b.issuer {
        w.paragraph(issuer, Style::BODY, 0.0);
    }
    w.paragraph(&format!("As of {}", b.as_of_text), Style::BODY, 0.0);
    w.space(14.0);
    w.paragraph("Scope", Style::LABEL, 0.0);
    for line in &b.scope {
        w.paragraph(line, Style::BODY, 0.0);
    }
    if !b.kept_by_overlap.is_empty() {
        w.space(4.0);
        w.paragraph(
            &format!("{} {}", words.kept_by_overlap, b.kept_by_overlap.join("; ")),
            Style::SMALL,
            0.0,
        );
    }
    w.space(8.0);
    w.paragraph(&b.dataset_summary, Style::BODY, 0.0);

    if let Some(summary) = b.sections().iter().find(|s| s.kind == SectionKind::Summary) {
        w.space(16.0);
        sections::summary::write(w, b, summary.title, refs);
    }
}

/// The title page and the table of contents.
fn write_front<'f>(
    fonts: &'f Fonts<'f>,
    width: f32,
    height: f32,
    b: &Briefing,
    marks: &[layout::Mark],
    front_pages: usize,
    refs: &HashMap<String, usize>,
) -> Writer<'f> {
    let mut w = Writer::new(fonts, width, height);
    w.y = height * 0.28;
    title_block(&mut w, b, refs);

    w.new_page();
    w.heading(1, "Contents", 0.0);
    let style = Style::BODY;
    w.begin(tag::Role::Toc);
    for mark in marks {
        w.begin(tag::Role::Toci);
        let page = front_pages + mark.page + 1;
        let indent = if mark.level == 1 { 0.0 } else { 16.0 };
        let entry_style = if mark.level == 1 { style.bold() } else { style };
        w.ensure(style.leading);
        let baseline = w.y + style.size;
        let number = page.to_string();
        let number_width = w.measure(&number, style);
        let right = w.left + w.content_width();
        let room = w.content_width() - indent - number_width - 12.0;
        let text = w.cut(&mark.title, entry_style, room);
        w.text_at(w.left + indent, baseline, &text, entry_style);
        w.text_at(right - number_width, baseline, &number, style);
        let y = w.y;
        let content = w.content_width();
        w.link(w.left, y, content, style.leading, LinkTarget::Page(page));
        w.y += style.leading + if mark.level == 1 { 2.0 } else { 0.0 };
        w.end();
    }
    w.end();
    w
}

/// Running headers and "page X of Y" footers on every page but the title page.
fn decorate(
    fonts: &Fonts<'_>,
    pages: &mut [Page],
    b: &Briefing,
    width: f32,
    height: f32,
    total: usize,
) {
    let style = Style::SMALL;
    // The title is cut to the width of a line once, so that however long
    // it is, each page draws (and cuts further) no more than a line of it.
    let measure = Writer::new(fonts, width, height);
    let title = measure.cut(&b.title, style, measure.content_width());
    for (index, page) in pages.iter_mut().enumerate().skip(1) {
        let mut w = Writer::new(fonts, width, height);
        w.artifacts = true;
        // The section gets up to three fifths of the line, the title the rest.
        let section = w.cut(&page.section, style, w.content_width() * 0.6);
        let section_width = w.measure(&section, style);
        let title = w.cut(&title, style, w.content_width() - section_width - 12.0);
        w.text_at(w.left, 38.0, &title, style);
        let right = w.left + w.content_width();
        w.text_at(right - section_width, 38.0, &section, style);
        let content = w.content_width();
        w.rule(w.left, 44.0, content, RULE, 0.6);
        let footer = format!("Page {} of {}", index + 1, total);
        let footer_width = w.measure(&footer, style);
        w.text_at(
            w.left,
            height - 30.0,
            &format!("As of {}", b.as_of_text),
            style,
        );
        w.text_at(right - footer_width, height - 30.0, &footer, style);
        w.finish();
        if let Some(decoration) = w.pages.pop() {
            page.ops.extend(decoration.ops);
        }
    }
}

#[allow(clippy::too_many_arguments)]
fn save(
    fonts: &Fonts<'_>,
    pages: Vec<Page>,
    tags: tag::Tags,
    b: &Briefing,
    options: &PdfOptions,
    width: f32,
    height: f32,
    outline: &[(u8, String, usize)],
    notes: Vec<String>,
) -> Result<Pdf, PdfError> {
    let mut doc = PdfDocument::new(&visible::one_line(&b.title));
    let mut pages = pages;
    let mut remaps: Vec<Vec<u16>> = Vec::new();
    for face in fonts.faces() {
        let ids = fonts.used_glyphs(face);
        let Some(font) = fonts.font(face) else {
            continue;
        };
        // Glyph `ids[i]` of the font is glyph `i` of its subset.
        let mut remap = vec![0u16; usize::from(ids.last().copied().unwrap_or(0)) + 1];
        for (new, &old) in ids.iter().enumerate() {
            remap[usize::from(old)] = u16::try_from(new).unwrap_or(0);
        }
        remaps.push(remap);
        if ids.is_empty() {
            continue;
        }
        let bytes = font
            .subset(&ids, &fonts.used_chars(face))
            .map_err(PdfError::Font)?;
        let mut warnings = Vec::new();
        let mut parsed = ParsedFont::from_bytes(&bytes, 0, &mut warnings).ok_or_else(|| {
            PdfError::Font(format!(
                "the subset of {} could not be read back",
                font.name
            ))
        })?;
        // We embed a subset, so the name carries the subset tag (ISO 32000-1, 9.6.4).
        parsed.font_name = Some(format!("{}+{}", font_id(face).0, font.name));
        doc.resources
            .fonts
            .map
            .insert(font_id(face), PdfFont::new(parsed));
    }
    renumber_glyphs(fonts, &mut pages, &remaps);
    let to_mm = |pt: f32| Mm(pt * 25.4 / 72.0);
    let page_count = pages.len();
    let mut uri_links = Vec::with_capacity(page_count);
    doc.pages = pages
        .into_iter()
        .map(|p| {
            uri_links.push(p.uri_links);
            PdfPage::new(to_mm(width), to_mm(height), p.ops)
        })
        .collect();

    let timestamp = options.timestamp.unwrap_or_else(|| {
        b.as_of
            .and_hms_opt(0, 0, 0)
            .map_or(0, |t| t.and_utc().timestamp())
    });
    let date = OffsetDateTime::from_unix_timestamp(timestamp)
        .map_err(|e| PdfError::Write(e.to_owned()))?;
    let info = &mut doc.metadata.info;
    info.document_title = visible::one_line(&b.title);
    info.author = "Accord".to_owned();
    info.subject = format!(
        "Collaborations by region and sector, as of {}",
        b.as_of_text
    );
    info.creator = format!("accord-report {}", env!("CARGO_PKG_VERSION"));
    info.producer = "printpdf 0.12.8 with accord-report".to_owned();
    info.keywords = vec!["collaborations".to_owned(), "briefing".to_owned()];
    info.creation_date = date;
    info.modification_date = date;
    info.metadata_date = date;

    let save_options = PdfSaveOptions {
        optimize: false,
        subset_fonts: false,
        secure: true,
        image_optimization: None,
    };
    let mut warnings = Vec::new();
    let mut lo = doc.to_lopdf_document(&save_options, &mut warnings);
    drop(doc);
    let annotations = add_uri_links(&mut lo, &uri_links)?;
    add_outline(&mut lo, outline)?;
    tag::number_marked_content(&mut lo);
    compress(&mut lo);
    let date_text = chrono::DateTime::from_timestamp(timestamp, 0)
        .map(|d| d.format("%Y-%m-%dT%H:%M:%SZ").to_string())
        .unwrap_or_default();
    let title = visible::one_line(&b.title);
    let subject = format!(
        "Collaborations by region and sector, as of {}",
        b.as_of_text
    );
    let creator = format!("accord-report {}", env!("CARGO_PKG_VERSION"));
    tag::write(
        &mut lo,
        tags,
        &annotations,
        &tag::About {
            lang: options.lang.as_deref().unwrap_or("en"),
            title: &title,
            author: "Accord",
            subject: &subject,
            creator: &creator,
            producer: "printpdf 0.12.8 with accord-report",
            date: &date_text,
        },
    )
    .map_err(PdfError::Write)?;
    // The document id is derived from the content, not from a counter or a
    // clock: write a placeholder, hash the file, then put the hash in its place.
    let placeholder = lopdf::Object::String(vec![0u8; 16], lopdf::StringFormat::Hexadecimal);
    lo.trailer.set(
        "ID",
        lopdf::Object::Array(vec![placeholder.clone(), placeholder]),
    );
    let mut bytes = Vec::new();
    lo.save_to(&mut bytes)
        .map_err(|e| PdfError::Write(e.to_string()))?;
    drop(lo);
    let zeros = "0".repeat(32);
    let needle = format!("<{zeros}><{zeros}>");
    let at = find(&bytes, needle.as_bytes())
        .ok_or_else(|| PdfError::Write("the document id was not written".to_owned()))?;
    let hex: String = fingerprint(&bytes)
        .iter()
        .map(|b| format!("{b:02X}"))
        .collect();
    let id = format!("<{hex}><{hex}>");
    bytes[at..at + id.len()].copy_from_slice(id.as_bytes());
    Ok(Pdf {
        bytes,
        pages: page_count,
        notes,
        unshown: fonts.missing(),
    })
}

/// Puts the subsets' glyph ids in place of the fonts' own, and gives the
/// last use of each glyph the text it stands for: printpdf builds each
/// font's `ToUnicode` map (what copying and searching read) from the text
/// given with a glyph, the last one given winning.
fn renumber_glyphs(fonts: &Fonts<'_>, pages: &mut [Page], remaps: &[Vec<u16>]) {
    use printpdf::{Op, PdfFontHandle, TextItem};
    let face_of = |id: &FontId| fonts.faces().find(|&f| font_id(f) == *id);
    // The face of every text show, in order.
    let mut shows: Vec<Vec<Face>> = Vec::with_capacity(pages.len());
    for page in pages.iter_mut() {
        let mut face = Face::REGULAR;
        let mut faces = Vec::new();
        for op in &mut page.ops {
            match op {
                Op::SetFont {
                    font: PdfFontHandle::External(id),
                    ..
                } => face = face_of(id).unwrap_or(Face::REGULAR),
                Op::ShowText { items } => {
                    faces.push(face);
                    let remap = &remaps[usize::from(face.0)];
                    for item in items {
                        if let TextItem::GlyphIds(glyphs) = item {
                            for glyph in glyphs {
                                glyph.gid = remap.get(usize::from(glyph.gid)).copied().unwrap_or(0);
                            }
                        }
                    }
                }
                _ => {}
            }
        }
        shows.push(faces);
    }
    let mut named: Vec<Vec<bool>> = remaps.iter().map(|r| vec![false; r.len()]).collect();
    let originals: Vec<Vec<u16>> = fonts.faces().map(|f| fonts.used_glyphs(f)).collect();
    let texts: Vec<std::collections::HashMap<u16, String>> =
        fonts.faces().map(|f| fonts.glyph_texts(f)).collect();
    for (page, faces) in pages.iter_mut().zip(&shows).rev() {
        let mut faces = faces.iter().rev();
        for op in page.ops.iter_mut().rev() {
            let Op::ShowText { items } = op else {
                continue;
            };
            let face = faces.next().copied().unwrap_or(Face::REGULAR);
            let slot = usize::from(face.0);
            for item in items.iter_mut().rev() {
                if let TextItem::GlyphIds(glyphs) = item {
                    for glyph in glyphs.iter_mut().rev() {
                        let new = usize::from(glyph.gid);
                        if let Some(seen) = named[slot].get_mut(new)
                            && !*seen
                        {
                            *seen = true;
                            let original = originals[slot].get(new).copied().unwrap_or(0);
                            glyph.cid =
                                Some(texts[slot].get(&original).cloned().unwrap_or_default());
                        }
                    }
                }
            }
        }
    }
}

/// Adds the links to web addresses to their pages. Each address is one URI
/// action object, which the links of all its lines refer to, so a long
/// address wrapped over many lines is written once (printpdf writes the
/// address into every link, which for an address of a few hundred
/// thousand characters made gigabytes). The address is a hexadecimal
/// string: lopdf's writer escapes a literal string in time that grows with
/// its length times its number of parentheses.
///
/// Returns each page's annotations, in order, for the structure tree.
fn add_uri_links(
    lo: &mut lopdf::Document,
    links: &[Vec<UriLink>],
) -> Result<Vec<Vec<lopdf::ObjectId>>, PdfError> {
    use lopdf::{Dictionary, Object, StringFormat};
    let pages = lo.get_pages();
    let mut last: Option<(Rc<str>, lopdf::ObjectId)> = None;
    let mut all = Vec::with_capacity(links.len());
    for (page_links, page_id) in links.iter().zip(pages.values()) {
        let mut annotations = Vec::with_capacity(page_links.len());
        let mut ids = Vec::with_capacity(page_links.len());
        for link in page_links {
            let action = match &last {
                Some((uri, id)) if Rc::ptr_eq(uri, &link.uri) => *id,
                _ => {
                    let mut action = Dictionary::new();
                    action.set("S", Object::Name(b"URI".to_vec()));
                    action.set(
                        "URI",
                        Object::String(link.uri.as_bytes().to_vec(), StringFormat::Hexadecimal),
                    );
                    let id = lo.add_object(action);
                    last = Some((Rc::clone(&link.uri), id));
                    id
                }
            };
            let mut annotation = Dictionary::new();
            annotation.set("Type", Object::Name(b"Annot".to_vec()));
            annotation.set("Subtype", Object::Name(b"Link".to_vec()));
            annotation.set(
                "Rect",
                Object::Array(link.rect.iter().map(|&v| Object::Real(v)).collect()),
            );
            annotation.set("A", Object::Reference(action));
            annotation.set("Border", Object::Array(vec![Object::Integer(0); 3]));
            annotation.set("H", Object::Name(b"I".to_vec()));
            let id = lo.add_object(annotation);
            ids.push(id);
            annotations.push(Object::Reference(id));
        }
        all.push(ids);
        if annotations.is_empty() {
            continue;
        }
        let page = lo
            .get_dictionary_mut(*page_id)
            .map_err(|e| PdfError::Write(e.to_string()))?;
        match page.get_mut(b"Annots") {
            Ok(Object::Array(existing)) => existing.extend(annotations),
            _ => page.set("Annots", Object::Array(annotations)),
        }
    }
    Ok(all)
}

/// Nested bookmarks: level-1 sections with their level-2 parts.
fn add_outline(lo: &mut lopdf::Document, outline: &[(u8, String, usize)]) -> Result<(), PdfError> {
    let pages = lo.get_pages();
    let mut parent = None;
    for (level, title, page) in outline {
        let Some(&page_id) = pages.get(&(*page as u32 + 1)) else {
            continue;
        };
        let bookmark = lopdf::Bookmark::new(visible::one_line(title), [0.0, 0.0, 0.0], 0, page_id);
        if *level <= 1 {
            parent = Some(lo.add_bookmark(bookmark, None));
        } else {
            lo.add_bookmark(bookmark, parent);
        }
    }
    if let Some(outline_id) = lo.build_outline() {
        let catalog = lo
            .catalog_mut()
            .map_err(|e| PdfError::Write(e.to_string()))?;
        catalog.set("Outlines", lopdf::Object::Reference(outline_id));
        catalog.set("PageMode", lopdf::Object::Name(b"UseOutlines".to_vec()));
    }
    Ok(())
}

/// Compresses every unfiltered stream with a fast deflate level, on two
/// threads. (lopdf's own `compress` uses the slowest level, which took most
/// of the time for a long briefing and saved little.)
fn compress(lo: &mut lopdf::Document) {
    use std::io::Write;
    let mut streams: Vec<&mut lopdf::Stream> = lo
        .objects
        .values_mut()
        .filter_map(|o| match o {
            lopdf::Object::Stream(s) if s.dict.get(b"Filter").is_err() => Some(s),
            _ => None,
        })
        .collect();
    let deflate = |stream: &mut lopdf::Stream| {
        let mut encoder = flate2::write::ZlibEncoder::new(Vec::new(), flate2::Compression::fast());
        let compressed = encoder
            .write_all(&stream.content)
            .and_then(|()| encoder.finish());
        if let Ok(compressed) = compressed
            && compressed.len() + 19 < stream.content.len()
        {
            stream.dict.set("Filter", "FlateDecode");
            stream.set_content(compressed);
        }
    };
    let middle = streams.len() / 2;
    let (first, second) = streams.split_at_mut(middle);
    std::thread::scope(|scope| {
        scope.spawn(|| first.iter_mut().for_each(|s| deflate(s)));
        second.iter_mut().for_each(|s| deflate(s));
    });
}

fn find(haystack: &[u8], needle: &[u8]) -> Option<usize> {
    haystack.windows(needle.len()).rposition(|w| w == needle)
}

/// A 16-byte fingerprint of the document (two FNV-1a passes), stable
/// across runs and platforms.
fn fingerprint(bytes: &[u8]) -> [u8; 16] {
    let fnv = |seed: u64| {
        bytes.iter().fold(seed, |hash, &b| {
            (hash ^ u64::from(b)).wrapping_mul(0x0000_0100_0000_01b3)
        })
    };
    let a = fnv(0xcbf2_9ce4_8422_2325);
    let b = fnv(0x6c62_272e_07bb_0142);
    let mut out = [0u8; 16];
    out[..8].copy_from_slice(&a.to_be_bytes());
    out[8..].copy_from_slice(&b.to_be_bytes());
    out
}
