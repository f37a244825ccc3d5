//! A small page-layout engine: paragraphs that wrap with real font metrics,
//! tables whose header row repeats after a page break, labelled facts,
//! charts, and marks for the table of contents and the bookmarks.
//!
//! Positions are in points with `y` measured down from the top of the page;
//! they are turned into PDF coordinates (origin bottom-left) when drawn.

use printpdf::{
    Actions, BorderArray, Codepoint, Color, ColorArray, Destination, HighlightingMode, Line,
    LinePoint, LinkAnnotation, Op, PaintMode, PdfFontHandle, Point, Pt, Rect, Rgb, TextItem,
    TextMatrix,
};

use std::borrow::Cow;
use std::rc::Rc;

use super::font::{Face, Fonts};
use super::tag::{Role, Tags};
use crate::chart::{self, Chart};

/// A colour as red, green, blue from 0 to 1.
pub type Rgb3 = (f32, f32, f32);
/// Body text.
pub const INK: Rgb3 = (0.11, 0.14, 0.2);
/// Secondary text.
pub const MUTED: Rgb3 = (0.36, 0.39, 0.46);
/// Headings and bars.
pub const ACCENT: Rgb3 = (0.12, 0.37, 0.55);
/// Table headers and boxes.
pub const SHADE: Rgb3 = (0.93, 0.95, 0.965);
/// Rules.
pub const RULE: Rgb3 = (0.8, 0.83, 0.87);

/// How a piece of text is set.
#[derive(Debug, Clone, Copy)]
pub struct Style {
    /// Font size in points.
    pub size: f32,
    /// Bold or regular.
    pub bold: bool,
    /// Colour.
    pub color: Rgb3,
    /// Distance between baselines.
    pub leading: f32,
}

impl Style {
    /// Body text.
    pub const BODY: Style = Style {
        size: 9.5,
        bold: false,
        color: INK,
        leading: 13.0,
    };
    /// Small secondary text.
    pub const SMALL: Style = Style {
        size: 8.0,
        bold: false,
        color: MUTED,
        leading: 10.5,
    };
    /// Table text.
    pub const TABLE: Style = Style {
        size: 8.5,
        bold: false,
        color: INK,
        leading: 11.0,
    };
    /// Table header text.
    pub const TABLE_HEAD: Style = Style {
        size: 8.5,
        bold: true,
        color: INK,
        leading: 11.0,
    };
    /// A label in a list of facts.
    pub const LABEL: Style = Style {
        size: 8.5,
        bold: true,
        color: MUTED,
        leading: 13.0,
    };

    /// The same style in bold.
    pub fn bold(self) -> Style {
        Style { bold: true, ..self }
    }

    /// The same style in a colour.
    pub fn colored(self, color: Rgb3) -> Style {
        Style { color, ..self }
    }
}

/// A heading recorded for the contents and the bookmarks.
#[derive(Debug, Clone, PartialEq)]
pub struct Mark {
    /// 1 for sections, 2 for their parts.
    pub level: u8,
    /// The heading's text.
    pub title: String,
    /// The page it is on, counted from 0 within its writer.
    pub page: usize,
}

/// A link to a web address: its area, in PDF coordinates (left, bottom,
/// right, top), and the address. Lines of one address share one string.
pub struct UriLink {
    /// The clickable area.
    pub rect: [f32; 4],
    /// The address, 7-bit ASCII.
    pub uri: Rc<str>,
}

/// One laid-out page.
pub struct Page {
    /// The drawing operations.
    pub ops: Vec<Op>,
    /// Links to web addresses, added to the page after printpdf writes it
    /// (printpdf would copy the address into every link).
    pub uri_links: Vec<UriLink>,
    /// The section the page belongs to, for the running header.
    pub section: String,
    /// The font and fill colour last set for text, so that unchanged state
    /// is not written again (both persist across text objects).
    text_state: Option<(Face, u32, Rgb3)>,
    /// The marked-content sequence open at the end of the page's
    /// operations.
    marked: Option<Marked>,
}

/// What a marked-content sequence belongs to.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Marked {
    /// A structure element (an index into the writer's [`Tags`]).
    Element(usize),
    /// Page furniture: headers, footers, rules, shading.
    Artifact,
}

/// A table column: heading, share of the width, right-aligned or not.
pub struct Column<'a> {
    /// The heading.
    pub title: &'a str,
    /// The share of the table's width (shares are normalised).
    pub share: f32,
    /// Right-align the column (numbers).
    pub right: bool,
}

/// Pages being filled.
pub struct Writer<'f> {
    fonts: &'f Fonts<'f>,
    /// Page width in points.
    pub width: f32,
    /// Page height in points.
    pub height: f32,
    /// Left margin.
    pub left: f32,
    /// Top of the text area.
    pub top: f32,
    /// Bottom limit of the text area (from the top of the page).
    pub limit: f32,
    /// The pages so far.
    pub pages: Vec<Page>,
    /// Headings, for the contents and the bookmarks.
    pub marks: Vec<Mark>,
    /// The cursor: distance of the next line's top from the page's top.
    pub y: f32,
    section: String,
    chapter: String,
    /// The structure tree of what has been drawn.
    pub tags: Tags,
    /// Everything drawn is page furniture (running headers and footers).
    pub artifacts: bool,
}

impl<'f> Writer<'f> {
    /// A writer for pages of the given size, with one empty page.
    pub fn new(fonts: &'f Fonts<'f>, width: f32, height: f32) -> Self {
        let mut writer = Writer {
            fonts,
            width,
            height,
            left: 50.0,
            top: 62.0,
            limit: height - 56.0,
            pages: Vec::new(),
            marks: Vec::new(),
            y: 0.0,
            section: String::new(),
            chapter: String::new(),
            tags: Tags::default(),
            artifacts: false,
        };
        writer.new_page();
        writer
    }

    /// The width of the text area.
    pub fn content_width(&self) -> f32 {
        self.width - 2.0 * self.left
    }

    /// Starts a new page.
    pub fn new_page(&mut self) {
        if !self.pages.is_empty() {
            let index = self.page_index();
            self.close_marked(index);
        }
        self.pages.push(Page {
            ops: Vec::new(),
            uri_links: Vec::new(),
            section: self.section.clone(),
            text_state: None,
            marked: None,
        });
        self.y = self.top;
    }

    /// Opens a structure element inside the current one: what is drawn
    /// until [`Writer::end`] belongs to it. Returns its index.
    pub fn begin(&mut self, role: Role) -> usize {
        let id = self.tags.add(role, None);
        self.tags.open(id);
        id
    }

    /// Opens a figure with its text alternative.
    pub fn begin_figure(&mut self, alt: String) -> usize {
        let id = self.tags.add(Role::Figure, Some(alt));
        self.tags.open(id);
        id
    }

    /// Closes the element opened last.
    pub fn end(&mut self) {
        self.tags.close();
    }

    /// Ends the open marked-content sequence of every page: call once
    /// drawing is done, before anything is added to the pages.
    pub fn finish(&mut self) {
        for index in 0..self.pages.len() {
            self.close_marked(index);
        }
    }

    fn close_marked(&mut self, index: usize) {
        let page = &mut self.pages[index];
        if page.marked.take().is_some() {
            page.ops.push(Op::EndMarkedContent);
        }
    }

    /// Makes what is drawn next part of `want`, opening a marked-content
    /// sequence when it is not the open one.
    fn mark(&mut self, want: Marked) {
        let index = self.page_index();
        if self.pages[index].marked == Some(want) {
            return;
        }
        self.close_marked(index);
        let op = match want {
            Marked::Element(id) => {
                // Written as `/P BMC`: the save numbers each page's
                // sequences in order (`/P <</MCID n>> BDC`), which costs
                // no property dictionary per sequence while drawing.
                self.tags.content(id, index);
                let role = self.tags.role(id).map_or("P", super::tag::role_name);
                Op::BeginMarkedContent {
                    tag: role.to_owned(),
                }
            }
            Marked::Artifact => Op::BeginMarkedContent {
                tag: "Artifact".to_owned(),
            },
        };
        let page = &mut self.pages[index];
        page.ops.push(op);
        page.marked = Some(want);
    }

    /// Marks text about to be drawn: it belongs to the open element (or,
    /// outside any, to a paragraph of its own), unless it is furniture.
    fn mark_text(&mut self) {
        if self.artifacts {
            return self.mark(Marked::Artifact);
        }
        let id = match self.tags.current() {
            Some(id) => id,
            None => self.tags.add(Role::P, None),
        };
        self.mark(Marked::Element(id));
    }

    /// Marks a shape about to be drawn: part of a figure, or furniture.
    fn mark_shape(&mut self) {
        match self.tags.current() {
            Some(id) if !self.artifacts && self.tags.role(id) == Some(Role::Figure) => {
                self.mark(Marked::Element(id));
            }
            _ => self.mark(Marked::Artifact),
        }
    }

    /// Index of the current page.
    pub fn page_index(&self) -> usize {
        self.pages.len() - 1
    }

    /// Moves down.
    pub fn space(&mut self, points: f32) {
        self.y += points;
    }

    /// Starts a new page when less than `points` of height is left.
    pub fn ensure(&mut self, points: f32) {
        if self.y + points > self.limit {
            self.new_page();
        }
    }

    /// The current page's drawing operations, for the figures' vector paths.
    /// They belong to the open figure, or are furniture (`/Artifact`).
    pub(super) fn ops(&mut self) -> &mut Vec<Op> {
        self.mark_shape();
        let index = self.page_index();
        &mut self.pages[index].ops
    }

    /// True when the fonts can show every character of the text.
    pub fn can_show(&self, text: &str) -> bool {
        self.fonts.can_show(text)
    }

    /// Text width at a style.
    pub fn measure(&self, text: &str, style: Style) -> f32 {
        self.fonts.width(text, style.bold, style.size)
    }

    /// The text cut to fit `room` on one line, with `…` for what is cut
    /// off; the text itself when it fits.
    pub fn cut<'t>(&self, text: &'t str, style: Style, room: f32) -> Cow<'t, str> {
        if self.measure(text, style) <= room {
            return Cow::Borrowed(text);
        }
        let end = self
            .fonts
            .fitting(text, style.bold, style.size, room, "…", false);
        Cow::Owned(format!("{}…", text[..end].trim_end_matches('…')))
    }

    /// Draws one line of text with its baseline at `baseline` (from the
    /// top): shaped, in visual order, each run in the first font that has
    /// its characters.
    pub fn text_at(&mut self, x: f32, baseline: f32, text: &str, style: Style) {
        let runs = self.fonts.line(text, style.bold, true);
        if !runs.is_empty() {
            self.mark_text();
        }
        let mut x = x;
        let y = self.height - baseline;
        let mut rest = &runs[..];
        while let Some(first) = rest.first() {
            let face = first.face;
            let count = rest.iter().take_while(|r| r.face == face).count();
            let (group, after) = rest.split_at(count);
            rest = after;
            let Some(font) = self.fonts.font(face) else {
                continue;
            };
            let mut width = 0.0;
            for run in group {
                self.fonts.mark_used(run);
                width += self.fonts.run_width(run) * style.size;
            }
            let shows = glyph_items(font, group, style.size);
            let (r, g, b) = style.color;
            let index = self.page_index();
            let page = &mut self.pages[index];
            let size_key = (style.size * 100.0) as u32;
            let (set_font, set_color) = match page.text_state {
                Some((f, s, c)) => (f != face || s != size_key, c != style.color),
                None => (true, true),
            };
            page.text_state = Some((face, size_key, style.color));
            // Consecutive text shares one text object: reopen the last one.
            // The `T*` before the absolute `Tm` changes nothing on the page
            // but tells text extractors that a new line starts.
            if matches!(page.ops.last(), Some(Op::EndTextSection)) {
                page.ops.pop();
                page.ops.push(Op::AddLineBreak);
            } else {
                page.ops.push(Op::StartTextSection);
            }
            if set_font {
                page.ops.push(Op::SetFont {
                    font: PdfFontHandle::External(super::font_id(face)),
                    size: Pt(style.size),
                });
            }
            if set_color {
                page.ops.push(Op::SetFillColor {
                    col: Color::Rgb(Rgb::new(r, g, b, None)),
                });
            }
            page.ops.push(Op::SetTextMatrix {
                matrix: TextMatrix::Translate(Pt(x), Pt(y)),
            });
            let mut rise = 0.0;
            for (shift, items) in shows {
                if shift != rise {
                    page.ops.push(Op::SetLineOffset { multiplier: shift });
                    rise = shift;
                }
                page.ops.push(Op::ShowText { items });
            }
            if rise != 0.0 {
                page.ops.push(Op::SetLineOffset { multiplier: 0.0 });
            }
            page.ops.push(Op::EndTextSection);
            x += width;
        }
    }

    /// A filled rectangle; `y` is its top, from the top of the page.
    pub fn rect(&mut self, x: f32, y: f32, w: f32, h: f32, color: Rgb3) {
        let (r, g, b) = color;
        let rect = Rect {
            mode: Some(PaintMode::Fill),
            ..Rect::from_xywh(Pt(x), Pt(self.height - y - h), Pt(w), Pt(h))
        };
        self.mark_shape();
        self.ops().extend([
            Op::SaveGraphicsState,
            Op::SetFillColor {
                col: Color::Rgb(Rgb::new(r, g, b, None)),
            },
            Op::DrawRectangle { rectangle: rect },
            Op::RestoreGraphicsState,
        ]);
    }

    /// A horizontal rule at `y`.
    pub fn rule(&mut self, x: f32, y: f32, w: f32, color: Rgb3, thickness: f32) {
        let (r, g, b) = color;
        let py = self.height - y;
        self.mark_shape();
        self.ops().extend([
            Op::SaveGraphicsState,
            Op::SetOutlineColor {
                col: Color::Rgb(Rgb::new(r, g, b, None)),
            },
            Op::SetOutlineThickness { pt: Pt(thickness) },
            Op::DrawLine {
                line: Line {
                    points: vec![
                        LinePoint {
                            p: Point {
                                x: Pt(x),
                                y: Pt(py),
                            },
                            bezier: false,
                        },
                        LinePoint {
                            p: Point {
                                x: Pt(x + w),
                                y: Pt(py),
                            },
                            bezier: false,
                        },
                    ],
                    is_closed: false,
                },
            },
            Op::RestoreGraphicsState,
        ]);
    }

    /// A clickable area; `y` is its top. `target` is a web address, or a
    /// page number (1-based) inside the document.
    pub fn link(&mut self, x: f32, y: f32, w: f32, h: f32, target: LinkTarget) {
        let bottom = self.height - y - h;
        let page = match target {
            LinkTarget::Uri(uri) => {
                let index = self.page_index();
                self.tags
                    .annotation(index, self.pages[index].uri_links.len());
                self.pages[index].uri_links.push(UriLink {
                    rect: [x, bottom, x + w, bottom + h],
                    uri,
                });
                return;
            }
            LinkTarget::Page(page) => page,
        };
        let actions = Actions::Goto(Destination::Xyz {
            page,
            left: None,
            top: None,
            zoom: None,
        });
        let rect = Rect::from_xywh(Pt(x), Pt(bottom), Pt(w), Pt(h));
        let link = LinkAnnotation::new(
            rect,
            actions,
            Some(BorderArray::Solid([0.0, 0.0, 0.0])),
            Some(ColorArray::Transparent),
            Some(HighlightingMode::Invert),
        );
        self.ops().push(Op::LinkAnnotation { link });
    }

    /// Breaks text into lines no wider than `width`, where the Unicode
    /// line-breaking rules allow. Words longer than a line are broken
    /// between characters; explicit newlines are kept.
    pub fn wrap(&self, text: &str, style: Style, width: f32) -> Vec<String> {
        self.fonts.wrap(text, style.bold, style.size, width)
    }

    /// Wraps text for a narrow box: the size shrinks (down to 6 points) until
    /// the longest word fits, so words break between characters only when
    /// even that is not enough. The leading stays, so rows line up.
    pub fn fit(&self, text: &str, style: Style, width: f32) -> (Vec<String>, Style) {
        let mut style = style;
        let longest = |style: Style| {
            text.split_whitespace()
                .map(|w| self.measure(w, style))
                .fold(0.0, f32::max)
        };
        while longest(style) > width && style.size > 6.0 {
            style.size -= 0.5;
        }
        (self.wrap(text, style, width), style)
    }

    /// A wrapped paragraph at an indent, breaking pages between lines.
    pub fn paragraph(&mut self, text: &str, style: Style, indent: f32) {
        let width = self.content_width() - indent;
        self.begin(Role::P);
        for line in self.wrap(text, style, width) {
            self.ensure(style.leading);
            let baseline = self.y + style.size;
            self.text_at(self.left + indent, baseline, &line, style);
            self.y += style.leading;
        }
        self.end();
    }

    /// A bulleted list.
    pub fn bullets(&mut self, items: &[String], style: Style, indent: f32) {
        self.begin(Role::L);
        for item in items {
            self.begin(Role::LI);
            let width = self.content_width() - indent - 10.0;
            for (i, line) in self.wrap(item, style, width).into_iter().enumerate() {
                self.ensure(style.leading);
                let baseline = self.y + style.size;
                if i == 0 {
                    // The bullet is furniture: the item's role says it.
                    let furniture = self.artifacts;
                    self.artifacts = true;
                    self.text_at(self.left + indent, baseline, "•", style);
                    self.artifacts = furniture;
                    self.begin(Role::LBody);
                }
                self.text_at(self.left + indent + 10.0, baseline, &line, style);
                self.y += style.leading;
            }
            self.end();
            self.end();
        }
        self.end();
    }

    /// A heading. Level 1 starts the section named in running headers; levels
    /// 1 and 2 are recorded for the contents. `keep` is the height of what
    /// must follow on the same page.
    pub fn heading(&mut self, level: u8, text: &str, keep: f32) {
        let style = match level {
            1 => Style {
                size: 17.0,
                bold: true,
                color: ACCENT,
                leading: 22.0,
            },
            2 => Style {
                size: 13.0,
                bold: true,
                color: ACCENT,
                leading: 17.0,
            },
            _ => Style {
                size: 10.5,
                bold: true,
                color: INK,
                leading: 14.0,
            },
        };
        let before = match level {
            1 => 0.0,
            2 => 10.0,
            _ => 8.0,
        };
        let lines = self.wrap(text, style, self.content_width());
        let height = before + lines.len() as f32 * style.leading + keep;
        self.ensure(height);
        // A page's running header names the section in effect at its top:
        // the one continued from the page before, or the one whose heading
        // opens the page (not the last one to start on it).
        let opens_page = self.y <= self.top;
        if !opens_page {
            self.y += before;
        }
        if level <= 2 {
            if level == 1 {
                self.chapter = text.to_owned();
                self.section = text.to_owned();
            } else {
                self.section = format!("{} › {text}", self.chapter);
            }
            if opens_page {
                let index = self.page_index();
                self.pages[index].section = self.section.clone();
            }
        }
        if level <= 2 {
            self.marks.push(Mark {
                level,
                title: text.to_owned(),
                page: self.page_index(),
            });
        }
        self.begin(match level {
            1 => Role::H1,
            2 => Role::H2,
            _ => Role::H3,
        });
        for line in lines {
            // A heading too long for one page breaks between its lines.
            self.ensure(style.leading);
            let baseline = self.y + style.size;
            self.text_at(self.left, baseline, &line, style);
            self.y += style.leading;
        }
        self.end();
        if level == 1 {
            let y = self.y + 1.0;
            let width = self.content_width();
            self.rule(self.left, y, width, RULE, 0.8);
            self.y += 8.0;
        } else {
            self.y += 2.0;
        }
    }

    /// Labelled facts: a label column and a wrapped value column.
    pub fn facts(&mut self, facts: &[(String, Vec<String>)], label_width: f32) {
        let value_width = self.content_width() - label_width;
        let style = Style::BODY;
        // Each fact is a paragraph, its label first: a briefing of
        // thousands of entries holds hundreds of thousands of facts, and a
        // table row would be three elements for each.
        for (label, values) in facts {
            self.begin(Role::P);
            let mut first = true;
            for value in values {
                let lines = self.wrap(
                    value,
                    style,
                    value_width - if values.len() > 1 { 10.0 } else { 0.0 },
                );
                for (i, line) in lines.iter().enumerate() {
                    self.ensure(style.leading);
                    let baseline = self.y + style.size;
                    if first {
                        self.text_at(self.left, baseline, label, Style::LABEL);
                        first = false;
                    }
                    let x = self.left + label_width;
                    if values.len() > 1 {
                        if i == 0 {
                            // Part of the paragraph: one marked-content
                            // sequence for the whole fact.
                            self.text_at(x, baseline, "•", style);
                        }
                        self.text_at(x + 10.0, baseline, line, style);
                    } else {
                        self.text_at(x, baseline, line, style);
                    }
                    self.y += style.leading;
                }
            }
            self.end();
        }
    }

    /// A table with a shaded header row that repeats on every page the
    /// table runs onto. Rows move whole to the next page when they fit on
    /// one; taller rows are split between lines.
    pub fn table(&mut self, columns: &[Column<'_>], rows: &[Vec<String>]) {
        let pad = 3.5;
        let total: f32 = columns.iter().map(|c| c.share).sum();
        let widths: Vec<f32> = columns
            .iter()
            .map(|c| c.share / total * self.content_width())
            .collect();
        let header: Vec<(Vec<String>, Style)> = columns
            .iter()
            .zip(&widths)
            .map(|(c, w)| self.fit(c.title, Style::TABLE_HEAD, w - 2.0 * pad))
            .collect();
        let header_height = header
            .iter()
            .map(|(lines, style)| lines.len() as f32 * style.leading)
            .fold(0.0, f32::max)
            + 2.0 * pad;
        let wrapped: Vec<Vec<(Vec<String>, Style)>> = rows
            .iter()
            .map(|row| {
                row.iter()
                    .zip(&widths)
                    .map(|(cell, w)| self.fit(cell, Style::TABLE, w - 2.0 * pad))
                    .collect()
            })
            .collect();
        let leading = Style::TABLE.leading;
        // The header must be followed by at least one line of the first row.
        self.ensure(header_height + leading + 2.0 * pad);
        self.begin(Role::Table);
        self.begin(Role::TR);
        let heads: Vec<usize> = columns
            .iter()
            .map(|_| self.tags.add(Role::ThColumn, None))
            .collect();
        self.end();
        self.table_header(columns, &widths, &header, header_height, pad, Some(&heads));
        for cells in &wrapped {
            self.begin(Role::TR);
            let ids: Vec<usize> = cells
                .iter()
                .map(|_| self.tags.add(Role::TD, None))
                .collect();
            self.end();
            let lines = cells.iter().map(|(l, _)| l.len()).max().unwrap_or(1).max(1);
            let height = lines as f32 * leading + 2.0 * pad;
            let page_room = self.limit - self.top - header_height;
            if self.y + height > self.limit && height <= page_room {
                self.new_page();
                self.table_header(columns, &widths, &header, header_height, pad, None);
            }
            let mut done = 0;
            while done < lines {
                let room = ((self.limit - self.y - 2.0 * pad) / leading)
                    .floor()
                    .max(0.0) as usize;
                if room == 0 {
                    self.new_page();
                    self.table_header(columns, &widths, &header, header_height, pad, None);
                    continue;
                }
                let take = room.min(lines - done);
                let mut x = self.left;
                for ((((cell, style), width), column), &id) in
                    cells.iter().zip(&widths).zip(columns).zip(&ids)
                {
                    self.tags.open(id);
                    for (i, line) in cell.iter().skip(done).take(take).enumerate() {
                        let baseline = self.y + pad + i as f32 * leading + Style::TABLE.size;
                        let tx = if column.right {
                            x + width - pad - self.measure(line, *style)
                        } else {
                            x + pad
                        };
                        self.text_at(tx, baseline, line, *style);
                    }
                    self.end();
                    x += width;
                }
                self.y += take as f32 * leading + 2.0 * pad;
                let width = self.content_width();
                self.rule(self.left, self.y, width, RULE, 0.5);
                done += take;
            }
        }
        self.end();
        self.y += 8.0;
    }

    fn table_header(
        &mut self,
        columns: &[Column<'_>],
        widths: &[f32],
        header: &[(Vec<String>, Style)],
        height: f32,
        pad: f32,
        heads: Option<&[usize]>,
    ) {
        let width = self.content_width();
        self.rect(self.left, self.y, width, height, SHADE);
        // The header's first drawing is the table's header row; a header
        // repeated on a later page is page furniture.
        let furniture = self.artifacts;
        self.artifacts = furniture || heads.is_none();
        let mut x = self.left;
        for (column_index, (((lines, style), w), column)) in
            header.iter().zip(widths).zip(columns).enumerate()
        {
            if let Some(&id) = heads.and_then(|h| h.get(column_index)) {
                self.tags.open(id);
            } else {
                self.tags.open(usize::MAX);
            }
            for (i, line) in lines.iter().enumerate() {
                let baseline = self.y + pad + i as f32 * style.leading + style.size;
                let tx = if column.right {
                    x + w - pad - self.measure(line, *style)
                } else {
                    x + pad
                };
                self.text_at(tx, baseline, line, *style);
            }
            self.end();
            x += w;
        }
        self.artifacts = furniture;
        self.y += height;
        self.rule(self.left, self.y, width, RULE, 0.8);
    }

    /// A bar chart, drawn from the same geometry as the HTML's SVG.
    pub fn chart(&mut self, chart: &Chart) {
        let title = Style::BODY.bold();
        let height = chart.height();
        self.ensure(title.leading + height + 16.0);
        // The description gives every bar's value: the figure's text
        // alternative, as the HTML's SVG has it.
        self.begin_figure(format!("{}. {}", chart.title, chart.description));
        let baseline = self.y + title.size;
        self.text_at(self.left, baseline, &chart.title, title);
        self.y += title.leading + 4.0;
        let x0 = self.left;
        let label_style = Style {
            size: 8.0,
            bold: false,
            color: INK,
            leading: 10.0,
        };
        for bar in chart.geometry() {
            let top = self.y + bar.y;
            let baseline = top + chart::BAR - 3.0;
            // Shrink a label that would run past the chart's left edge.
            let room = chart::BAR_X - 8.0;
            let mut style = label_style;
            while self.measure(&bar.label, style) > room && style.size > 5.0 {
                style.size -= 0.5;
            }
            let label_width = self.measure(&bar.label, style);
            self.text_at(
                x0 + chart::BAR_X - 8.0 - label_width,
                baseline,
                &bar.label,
                style,
            );
            if bar.width > 0.0 {
                self.rect(x0 + bar.x, top, bar.width, chart::BAR, ACCENT);
            }
            self.text_at(
                x0 + bar.x + bar.width + 6.0,
                baseline,
                &bar.value,
                label_style,
            );
        }
        // The absolute axis: a rule under the bars and its counts.
        let axis_top = self.y + chart.bars.len().max(1) as f32 * chart::ROW;
        self.rule(x0 + chart::BAR_X, axis_top, chart::BAR_MAX, RULE, 0.6);
        for (x, label, baseline) in chart.ticks() {
            let width = self.measure(&label, label_style);
            let style = label_style.colored(MUTED);
            self.text_at(x0 + x - width / 2.0, self.y + baseline, &label, style);
        }
        self.end();
        self.y += height + 12.0;
    }

    /// Boxes of key figures, `per_row` to a row.
    pub fn figure_boxes(&mut self, figures: &[(String, String)], per_row: usize) {
        let gap = 8.0;
        let width = (self.content_width() - gap * (per_row as f32 - 1.0)) / per_row as f32;
        let number = Style {
            size: 18.0,
            bold: true,
            color: ACCENT,
            leading: 22.0,
        };
        let label = Style {
            size: 8.0,
            bold: false,
            color: INK,
            leading: 10.0,
        };
        self.begin(Role::L);
        for row in figures.chunks(per_row) {
            let wrapped: Vec<Vec<String>> = row
                .iter()
                .map(|(_, l)| self.wrap(l, label, width - 12.0))
                .collect();
            let lines = wrapped.iter().map(Vec::len).max().unwrap_or(1);
            let height = 8.0 + number.leading + lines as f32 * label.leading + 6.0;
            self.ensure(height + gap);
            for (i, ((value, _), lines)) in row.iter().zip(&wrapped).enumerate() {
                let x = self.left + i as f32 * (width + gap);
                self.rect(x, self.y, width, height, SHADE);
                self.begin(Role::LI);
                self.text_at(x + 6.0, self.y + 6.0 + number.size, value, number);
                for (j, line) in lines.iter().enumerate() {
                    self.text_at(
                        x + 6.0,
                        self.y + 8.0 + number.leading + j as f32 * label.leading + label.size,
                        line,
                        label,
                    );
                }
                self.end();
            }
            self.y += height + gap;
        }
        self.end();
    }
}

/// The glyphs of runs set in one font, as `TJ` items that put each glyph
/// where the shaper placed it: after each glyph the viewer moves by the
/// glyph's width in the font's `/W` array (its advance in thousandths of
/// an em, truncated, as printpdf writes it), and a number after it moves
/// the pen on to the next glyph's place. Glyphs raised or lowered (marks
/// placed by the shaper) go in their own show, each with its text rise in
/// points.
///
/// A glyph that is simply its character's glyph (the font's character map
/// gives it, one character, not moved) is written as that character, which
/// printpdf encodes through the subset's character map: two bytes in the
/// file as a glyph id would be, but a byte or so in memory instead of a
/// glyph record, which for a briefing of thousands of pages is most of its
/// memory. Only shaped glyphs (ligatures, joining forms, conjuncts, marks)
/// are written as glyph ids.
fn glyph_items(
    font: &super::font::Font<'_>,
    runs: &[super::font::Run],
    size: f32,
) -> Vec<(f32, Vec<TextItem>)> {
    // Where each glyph goes, in thousandths of an em from the start, how
    // far up, and its character when it is that character's own glyph.
    let mut placed: Vec<(u16, i32, i32, Option<char>)> = Vec::new();
    let mut pen = 0;
    for run in runs {
        for glyph in &run.shaped.glyphs {
            let (start, end) = glyph.text;
            let text = run
                .shaped
                .text
                .get(start as usize..end as usize)
                .unwrap_or_default();
            let mut chars = text.chars();
            let plain = match (chars.next(), chars.next()) {
                (Some(c), None) if glyph.offset == (0, 0) && font.glyph(c) == Some(glyph.id) => {
                    Some(c)
                }
                _ => None,
            };
            placed.push((glyph.id, pen + glyph.offset.0, glyph.offset.1, plain));
            pen += glyph.advance;
        }
    }
    let mut shows: Vec<(f32, Vec<TextItem>)> = Vec::new();
    // Where the viewer's pen is.
    let mut at = 0;
    for (i, &(id, x, up, plain)) in placed.iter().enumerate() {
        let shift = up as f32 * size / 1000.0;
        if shows.last().is_none_or(|(s, _)| *s != shift) {
            shows.push((shift, Vec::new()));
        }
        let Some((_, items)) = shows.last_mut() else {
            continue;
        };
        if x != at {
            items.push(TextItem::Offset((at - x) as f32));
        }
        // After the glyph the viewer moves by its width; the shaper may
        // want the next glyph elsewhere (kerning, marks).
        at = x + font.hmtx_width(id);
        let next = placed.get(i + 1).map_or(pen, |p| p.1);
        let kern = at - next;
        at -= kern;
        match plain {
            Some(c) => {
                match items.last_mut() {
                    Some(TextItem::Text(text)) => text.push(c),
                    _ => items.push(TextItem::Text(c.to_string())),
                }
                if kern != 0 {
                    items.push(TextItem::Offset(kern as f32));
                }
            }
            None => match items.last_mut() {
                Some(TextItem::GlyphIds(glyphs)) => {
                    glyphs.push(Codepoint::new(id, kern as f32));
                }
                _ => items.push(TextItem::GlyphIds(vec![Codepoint::new(id, kern as f32)])),
            },
        }
    }
    shows
}

/// Where a link goes.
pub enum LinkTarget {
    /// A web address, 7-bit ASCII; the lines of one address share it.
    Uri(Rc<str>),
    /// A page of the document, counted from 1.
    Page(usize),
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn cut_text_fits_its_room_and_says_it_was_cut() {
        let fonts = Fonts::new(&[]).unwrap();
        let w = Writer::new(&fonts, 595.0, 842.0);
        let style = Style::BODY;
        assert_eq!(w.cut("Eastern Asia", style, 200.0), "Eastern Asia");
        let long = "Collaborations by region in a very long name ".repeat(2_000);
        let cut = w.cut(&long, style, 200.0);
        assert!(cut.ends_with('…') && long.starts_with(cut.trim_end_matches('…')));
        assert!(w.measure(&cut, style) <= 200.0);
        // One more letter would not have fitted.
        let next = long[cut.len() - '…'.len_utf8()..].chars().next().unwrap();
        let longer = format!("{}{next}…", cut.trim_end_matches('…'));
        assert!(w.measure(&longer, style) > 200.0);
        assert_eq!(w.cut("abc", style, 0.0), "…");
    }

    #[test]
    fn the_building_blocks_declare_their_structure() {
        let fonts = Fonts::new(&[]).unwrap();
        let mut w = Writer::new(&fonts, 595.0, 842.0);
        w.heading(1, "Regions", 0.0);
        w.paragraph("Text.", Style::BODY, 0.0);
        w.bullets(&["one".to_owned()], Style::BODY, 0.0);
        let columns = [
            Column {
                title: "Region",
                share: 1.0,
                right: false,
            },
            Column {
                title: "Count",
                share: 1.0,
                right: true,
            },
        ];
        // Rows enough to run onto a second page, where the header repeats.
        let rows: Vec<Vec<String>> = (0..80)
            .map(|i| vec![format!("r{i}"), i.to_string()])
            .collect();
        w.table(&columns, &rows);
        w.chart(&Chart::new(
            "c",
            "Counts",
            "Bars.",
            vec![("a".to_owned(), 2)],
        ));
        w.finish();
        let outline = w.tags.outline();
        let roles: Vec<&str> = outline.iter().map(|(_, r)| *r).collect();
        assert_eq!(&roles[..6], ["H1", "P", "L", "LI", "LBody", "Table"]);
        assert_eq!(
            roles.iter().filter(|r| **r == "TH").count(),
            2,
            "the header once"
        );
        assert_eq!(roles.iter().filter(|r| **r == "TR").count(), 81);
        assert_eq!(roles.last(), Some(&"Figure"));
        // Every marked-content sequence is closed on its page, and the
        // repeated header is furniture.
        assert!(w.pages.len() >= 2);
        for page in &w.pages {
            let opened = page
                .ops
                .iter()
                .filter(|op| {
                    matches!(
                        op,
                        Op::BeginMarkedContent { .. } | Op::BeginMarkedContentWithProperties { .. }
                    )
                })
                .count();
            let closed = page
                .ops
                .iter()
                .filter(|op| matches!(op, Op::EndMarkedContent))
                .count();
            assert_eq!(opened, closed);
        }
        assert!(
            w.pages[1]
                .ops
                .iter()
                .any(|op| matches!(op, Op::BeginMarkedContent { tag } if tag == "Artifact"))
        );
    }
}
