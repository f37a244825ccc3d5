//! Tagged PDF (ISO 32000-1, 14.7–14.8): the structure tree that gives
//! screen readers and reflowing viewers the document's headings,
//! paragraphs, lists, tables and figures in reading order.
//!
//! Section code declares structure through the [`Writer`](super::layout::Writer)
//! (`begin`, `end`, and the building blocks — headings, paragraphs, lists,
//! tables, charts — which tag themselves); the writer wraps what it draws
//! in marked content (`BDC /P <</MCID n>> … EMC`) belonging to the open
//! element, and everything else (running headers, footers, rules, shading,
//! a table header repeated on a later page) in `/Artifact`. After printpdf
//! has written the pages, [`write`] adds the tree, the parent tree that
//! maps each page's marked content back to its element, and the catalog
//! entries that say the document is tagged.

use lopdf::{Dictionary, Document, Object, ObjectId, StringFormat};

/// A standard structure type (ISO 32000-1, 14.8.4).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Role {
    /// Headings of levels 1 to 3.
    H1,
    /// A level-2 heading.
    H2,
    /// A level-3 heading.
    H3,
    /// A paragraph.
    P,
    /// A list.
    L,
    /// A list item.
    LI,
    /// A list item's text.
    LBody,
    /// A table.
    Table,
    /// A table row.
    TR,
    /// A header cell of a column.
    ThColumn,
    /// A data cell.
    TD,
    /// A picture; it carries a text alternative.
    Figure,
    /// A link.
    Link,
    /// A table of contents.
    Toc,
    /// An entry of a table of contents.
    Toci,
}

/// The name of a role in the PDF (`H1`, `TH` …).
pub fn role_name(role: Role) -> &'static str {
    role.name()
}

impl Role {
    fn name(self) -> &'static str {
        match self {
            Role::H1 => "H1",
            Role::H2 => "H2",
            Role::H3 => "H3",
            Role::P => "P",
            Role::L => "L",
            Role::LI => "LI",
            Role::LBody => "LBody",
            Role::Table => "Table",
            Role::TR => "TR",
            Role::ThColumn => "TH",
            Role::TD => "TD",
            Role::Figure => "Figure",
            Role::Link => "Link",
            Role::Toc => "TOC",
            Role::Toci => "TOCI",
        }
    }
}

/// What an element holds, in reading order.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Kid {
    /// Another element.
    Element(usize),
    /// A marked-content sequence: page (from 0) and its MCID there.
    Content {
        /// The page.
        page: usize,
        /// The MCID.
        mcid: u32,
    },
    /// A link annotation: page and its index among the page's links to
    /// web addresses.
    Annotation {
        /// The page.
        page: usize,
        /// The link's index on its page.
        index: usize,
    },
}

/// One structure element.
#[derive(Debug, Clone)]
pub struct Element {
    role: Role,
    parent: Option<usize>,
    kids: Vec<Kid>,
    alt: Option<String>,
}

/// A structure tree being built.
#[derive(Debug, Default, Clone)]
pub struct Tags {
    elements: Vec<Element>,
    /// Elements without a parent, in order.
    roots: Vec<usize>,
    /// The open elements, innermost last.
    stack: Vec<usize>,
    /// The next MCID of each page.
    next_mcid: Vec<u32>,
}

impl Tags {
    /// A new element inside the innermost open one (or at the top), not
    /// opened.
    pub fn add(&mut self, role: Role, alt: Option<String>) -> usize {
        let id = self.elements.len();
        let parent = self.current();
        self.elements.push(Element {
            role,
            parent,
            kids: Vec::new(),
            alt,
        });
        match parent {
            Some(p) => self.elements[p].kids.push(Kid::Element(id)),
            None => self.roots.push(id),
        }
        id
    }

    /// Opens an element made with [`Tags::add`] (or a new one).
    pub fn open(&mut self, id: usize) {
        self.stack.push(id);
    }

    /// Closes the innermost open element.
    pub fn close(&mut self) {
        self.stack.pop();
    }

    /// The innermost open element (none when the innermost is a
    /// placeholder opened for furniture, `usize::MAX`).
    pub fn current(&self) -> Option<usize> {
        self.stack
            .last()
            .copied()
            .filter(|&id| id < self.elements.len())
    }

    /// The role of an element.
    pub fn role(&self, id: usize) -> Option<Role> {
        self.elements.get(id).map(|e| e.role)
    }

    /// A new marked-content sequence of an element on a page: its MCID.
    pub fn content(&mut self, id: usize, page: usize) -> u32 {
        if self.next_mcid.len() <= page {
            self.next_mcid.resize(page + 1, 0);
        }
        let mcid = self.next_mcid[page];
        self.next_mcid[page] += 1;
        self.elements[id].kids.push(Kid::Content { page, mcid });
        mcid
    }

    /// Records a link annotation as a kid of the innermost open element.
    pub fn annotation(&mut self, page: usize, index: usize) {
        if let Some(id) = self.current() {
            self.elements[id].kids.push(Kid::Annotation { page, index });
        }
    }

    /// Puts another tree after this one, its pages after `pages` of ours.
    pub fn append(&mut self, other: Tags, pages: usize) {
        let base = self.elements.len();
        for mut element in other.elements {
            element.parent = element.parent.map(|p| p + base);
            for kid in &mut element.kids {
                match kid {
                    Kid::Element(e) => *e += base,
                    Kid::Content { page, .. } | Kid::Annotation { page, .. } => *page += pages,
                }
            }
            self.elements.push(element);
        }
        self.roots.extend(other.roots.iter().map(|r| r + base));
        if self.next_mcid.len() < pages {
            self.next_mcid.resize(pages, 0);
        }
        self.next_mcid.truncate(pages);
        self.next_mcid.extend(other.next_mcid);
    }

    /// The roles of the tree in reading order with their depth, for tests.
    #[cfg(test)]
    pub fn outline(&self) -> Vec<(usize, &'static str)> {
        fn walk(tags: &Tags, id: usize, depth: usize, out: &mut Vec<(usize, &'static str)>) {
            out.push((depth, tags.elements[id].role.name()));
            for kid in &tags.elements[id].kids {
                if let Kid::Element(k) = kid {
                    walk(tags, *k, depth + 1, out);
                }
            }
        }
        let mut out = Vec::new();
        for &root in &self.roots {
            walk(self, root, 0, &mut out);
        }
        out
    }
}

/// A PDF text string: bytes for 7-bit text, UTF-16BE with its mark
/// otherwise.
pub fn text_string(text: &str) -> Object {
    if text.is_ascii() {
        Object::String(text.as_bytes().to_vec(), StringFormat::Literal)
    } else {
        let mut bytes = vec![0xFE, 0xFF];
        bytes.extend(text.encode_utf16().flat_map(u16::to_be_bytes));
        Object::String(bytes, StringFormat::Hexadecimal)
    }
}

/// What the document says about itself beyond its tree.
#[derive(Debug)]
pub struct About<'a> {
    /// The document's language (BCP 47).
    pub lang: &'a str,
    /// Its title.
    pub title: &'a str,
    /// Who made it.
    pub author: &'a str,
    /// What it is about.
    pub subject: &'a str,
    /// The program that made it.
    pub creator: &'a str,
    /// The library that wrote it.
    pub producer: &'a str,
    /// Its date, as XMP writes it (`2023-08-09T00:00:00Z`).
    pub date: &'a str,
}

/// Numbers the marked-content sequences of each page's content, in order:
/// `/P BMC` becomes `/P <</MCID n>> BDC` (n from 0 on each page), while
/// `/Artifact BMC` stays. The writer emits sequences of elements as `BMC`
/// and numbers them in the same order (see [`Tags::content`]).
///
/// Each operation is on a line of its own in printpdf's content streams,
/// and text is written as hexadecimal strings or literal strings without
/// line breaks, so a line `/Name BMC` is always an operator.
pub fn number_marked_content(lo: &mut Document) {
    let pages: Vec<ObjectId> = lo.get_pages().values().copied().collect();
    for page in pages {
        let Ok(contents) = lo
            .get_dictionary(page)
            .and_then(|d| d.get(b"Contents"))
            .cloned()
        else {
            continue;
        };
        let ids: Vec<ObjectId> = match contents {
            Object::Reference(id) => vec![id],
            Object::Array(items) => items.iter().filter_map(|o| o.as_reference().ok()).collect(),
            _ => Vec::new(),
        };
        let mut mcid = 0u32;
        for id in ids {
            let Ok(Object::Stream(stream)) = lo.get_object_mut(id) else {
                continue;
            };
            if stream.dict.get(b"Filter").is_ok() {
                continue;
            }
            let content = &stream.content;
            let mut out = Vec::with_capacity(content.len() + content.len() / 8);
            for line in content.split_inclusive(|&b| b == b'\n') {
                let body = line.strip_suffix(b"\n").unwrap_or(line);
                match body.strip_suffix(b" BMC") {
                    Some(name) if name.starts_with(b"/") && name != b"/Artifact" => {
                        out.extend_from_slice(name);
                        out.extend_from_slice(format!(" <</MCID {mcid}>> BDC").as_bytes());
                        out.extend_from_slice(&line[body.len()..]);
                        mcid += 1;
                    }
                    _ => out.extend_from_slice(line),
                }
            }
            stream.set_content(out);
        }
    }
}

/// Adds the structure tree of `tags` to a document printpdf wrote: the
/// elements, a parent tree, `/StructParents` on each page and
/// `/StructParent` on each link annotation; the catalog's `/MarkInfo`,
/// `/Lang` and `/ViewerPreferences` (the title, not the file name, in the
/// window); XMP metadata with the title; and an information dictionary
/// without keys that claim what the file is not (an empty `GTS_PDFXVersion`
/// made readers take it for PDF/X).
///
/// `annotations[page][index]` is the object of each link to a web address.
pub fn write(
    lo: &mut Document,
    tags: Tags,
    annotations: &[Vec<ObjectId>],
    about: &About<'_>,
) -> Result<(), String> {
    let pages: Vec<ObjectId> = lo.get_pages().values().copied().collect();
    let root_id = lo.new_object_id();
    let document_id = lo.new_object_id();
    let ids: Vec<ObjectId> = tags.elements.iter().map(|_| lo.new_object_id()).collect();
    // The parent tree: for each page, the element of each MCID; then one
    // entry per annotation.
    let mut by_page: Vec<Vec<Option<ObjectId>>> = vec![Vec::new(); pages.len()];
    let mut annotation_parents: Vec<(ObjectId, ObjectId)> = Vec::new();
    let Tags {
        elements, roots, ..
    } = tags;
    for (element, id) in elements.into_iter().zip(&ids) {
        let mut kids = Vec::with_capacity(element.kids.len());
        let mut first_page = None;
        for kid in &element.kids {
            match *kid {
                Kid::Element(e) => kids.push(Object::Reference(ids[e])),
                Kid::Content { page, mcid } => {
                    let Some(&page_id) = pages.get(page) else {
                        continue;
                    };
                    first_page.get_or_insert(page_id);
                    let slots = &mut by_page[page];
                    let at = mcid as usize;
                    if slots.len() <= at {
                        slots.resize(at + 1, None);
                    }
                    slots[at] = Some(*id);
                    // Content on the element's own page (its /Pg) is its
                    // MCID alone; on another page, a marked-content
                    // reference naming the page.
                    if first_page == Some(page_id) {
                        kids.push(Object::Integer(i64::from(mcid)));
                    } else {
                        let mut mcr = Dictionary::new();
                        mcr.set("Type", Object::Name(b"MCR".to_vec()));
                        mcr.set("Pg", Object::Reference(page_id));
                        mcr.set("MCID", Object::Integer(i64::from(mcid)));
                        kids.push(Object::Dictionary(mcr));
                    }
                }
                Kid::Annotation { page, index } => {
                    let (Some(&page_id), Some(&annotation)) = (
                        pages.get(page),
                        annotations.get(page).and_then(|a| a.get(index)),
                    ) else {
                        continue;
                    };
                    let mut objr = Dictionary::new();
                    objr.set("Type", Object::Name(b"OBJR".to_vec()));
                    objr.set("Pg", Object::Reference(page_id));
                    objr.set("Obj", Object::Reference(annotation));
                    kids.push(Object::Dictionary(objr));
                    annotation_parents.push((annotation, *id));
                }
            }
        }
        // (`/Type /StructElem` is optional, and left out: a long briefing
        // has hundreds of thousands of elements.)
        let mut dict = Dictionary::new();
        dict.set("S", Object::Name(element.role.name().as_bytes().to_vec()));
        let parent = element.parent.map_or(document_id, |p| ids[p]);
        dict.set("P", Object::Reference(parent));
        if let Some(page) = first_page {
            dict.set("Pg", Object::Reference(page));
        }
        if let Some(alt) = &element.alt {
            dict.set("Alt", text_string(alt));
        }
        match element.role {
            Role::ThColumn => {
                let mut attributes = Dictionary::new();
                attributes.set("O", Object::Name(b"Table".to_vec()));
                attributes.set("Scope", Object::Name(b"Column".to_vec()));
                dict.set("A", Object::Dictionary(attributes));
            }
            Role::Figure => {
                // A figure's content is replaced by its text alternative.
                let mut attributes = Dictionary::new();
                attributes.set("O", Object::Name(b"Layout".to_vec()));
                attributes.set("Placement", Object::Name(b"Block".to_vec()));
                dict.set("A", Object::Dictionary(attributes));
            }
            _ => {}
        }
        // One kid is written alone (an MCID on the element's page, most
        // often), saving an array per element.
        let kids = if kids.len() == 1 {
            kids.pop().unwrap_or(Object::Null)
        } else {
            Object::Array(kids)
        };
        dict.set("K", kids);
        lo.objects.insert(*id, Object::Dictionary(dict));
    }
    let mut document = Dictionary::new();
    document.set("Type", Object::Name(b"StructElem".to_vec()));
    document.set("S", Object::Name(b"Document".to_vec()));
    document.set("P", Object::Reference(root_id));
    document.set("Lang", text_string(about.lang));
    document.set(
        "K",
        Object::Array(roots.iter().map(|&r| Object::Reference(ids[r])).collect()),
    );
    lo.objects.insert(document_id, Object::Dictionary(document));

    let mut nums = Vec::new();
    for (key, (page_id, slots)) in pages.iter().zip(&by_page).enumerate() {
        let key = i64::try_from(key).map_err(|e| e.to_string())?;
        if let Ok(page) = lo.get_dictionary_mut(*page_id) {
            page.set("StructParents", Object::Integer(key));
            // Tab order follows the structure.
            page.set("Tabs", Object::Name(b"S".to_vec()));
        }
        let array: Vec<Object> = slots
            .iter()
            .map(|s| s.map_or(Object::Null, Object::Reference))
            .collect();
        let array_id = lo.add_object(Object::Array(array));
        nums.push(Object::Integer(key));
        nums.push(Object::Reference(array_id));
    }
    let mut next_key = pages.len();
    for (annotation, element) in annotation_parents {
        let key = i64::try_from(next_key).map_err(|e| e.to_string())?;
        if let Ok(dict) = lo.get_dictionary_mut(annotation) {
            dict.set("StructParent", Object::Integer(key));
        }
        nums.push(Object::Integer(key));
        nums.push(Object::Reference(element));
        next_key += 1;
    }
    let mut parent_tree = Dictionary::new();
    parent_tree.set("Nums", Object::Array(nums));
    let parent_tree_id = lo.add_object(parent_tree);

    let mut root = Dictionary::new();
    root.set("Type", Object::Name(b"StructTreeRoot".to_vec()));
    root.set("K", Object::Reference(document_id));
    root.set("ParentTree", Object::Reference(parent_tree_id));
    root.set(
        "ParentTreeNextKey",
        Object::Integer(i64::try_from(next_key).map_err(|e| e.to_string())?),
    );
    lo.objects.insert(root_id, Object::Dictionary(root));

    let metadata = lo.add_object(lopdf::Stream::new(
        {
            let mut d = Dictionary::new();
            d.set("Type", Object::Name(b"Metadata".to_vec()));
            d.set("Subtype", Object::Name(b"XML".to_vec()));
            d
        },
        xmp(about).into_bytes(),
    ));

    let catalog = lo.catalog_mut().map_err(|e| e.to_string())?;
    let mut mark_info = Dictionary::new();
    mark_info.set("Marked", Object::Boolean(true));
    catalog.set("MarkInfo", Object::Dictionary(mark_info));
    catalog.set("StructTreeRoot", Object::Reference(root_id));
    catalog.set("Lang", text_string(about.lang));
    let mut preferences = Dictionary::new();
    preferences.set("DisplayDocTitle", Object::Boolean(true));
    catalog.set("ViewerPreferences", Object::Dictionary(preferences));
    catalog.set("Metadata", Object::Reference(metadata));

    // Keys of the information dictionary that say nothing, or something
    // untrue: an empty PDF/X version, trapping never decided.
    if let Ok(Object::Reference(info)) = lo.trailer.get(b"Info").cloned()
        && let Ok(info) = lo.get_dictionary_mut(info)
    {
        info.remove(b"GTS_PDFXVersion");
        info.remove(b"Trapped");
        let empty: Vec<Vec<u8>> = info
            .iter()
            .filter(|(_, v)| matches!(v, Object::String(s, _) if s.is_empty()))
            .map(|(k, _)| k.clone())
            .collect();
        for key in empty {
            info.remove(&key);
        }
    }
    lo.version = "1.7".to_owned();
    Ok(())
}

/// XML text with `&`, `<`, `>` and quotes escaped.
fn escape(text: &str) -> String {
    text.replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
        .replace('"', "&quot;")
}

/// The XMP packet: Dublin Core title, creator, description and language,
/// the dates and the producing program, as the information dictionary
/// gives them.
fn xmp(about: &About<'_>) -> String {
    format!(
        r#"<?xpacket begin="" id="W5M0MpCehiHzreSzNTczkc9d"?>
<x:xmpmeta xmlns:x="adobe:ns:meta/">
<rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#">
<rdf:Description rdf:about="" xmlns:dc="http://purl.org/dc/elements/1.1/" xmlns:xmp="http://ns.adobe.com/xap/1.0/" xmlns:pdf="http://ns.adobe.com/pdf/1.3/">
<dc:format>application/pdf</dc:format>
<dc:title><rdf:Alt><rdf:li xml:lang="x-default">{title}</rdf:li></rdf:Alt></dc:title>
<dc:creator><rdf:Seq><rdf:li>{author}</rdf:li></rdf:Seq></dc:creator>
<dc:description><rdf:Alt><rdf:li xml:lang="x-default">{subject}</rdf:li></rdf:Alt></dc:description>
<dc:language><rdf:Bag><rdf:li>{lang}</rdf:li></rdf:Bag></dc:language>
<xmp:CreatorTool>{creator}</xmp:CreatorTool>
<xmp:CreateDate>{date}</xmp:CreateDate>
<xmp:ModifyDate>{date}</xmp:ModifyDate>
<xmp:MetadataDate>{date}</xmp:MetadataDate>
<pdf:Producer>{producer}</pdf:Producer>
</rdf:Description>
</rdf:RDF>
</x:xmpmeta>
<?xpacket end="w"?>"#,
        title = escape(about.title),
        author = escape(about.author),
        subject = escape(about.subject),
        lang = escape(about.lang),
        creator = escape(about.creator),
        date = escape(about.date),
        producer = escape(about.producer),
    )
}
