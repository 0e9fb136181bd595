//! Printable PDF files: A4 pages of headings, paragraphs and bulleted lists, in the standard
//! Helvetica fonts (which every PDF reader has, so nothing is embedded).
//!
//! The file is tagged: its structure tree says which text is a heading of which level, a
//! paragraph or a list item, in reading order, and its language and title are set, so that a
//! screen reader reads it as it reads the web page. Page numbers are marked as page furniture,
//! not content. Text is written in Windows-1252, the standard fonts' encoding; characters it
//! lacks are written as "?".

use flate2::write::ZlibEncoder;
use flate2::Compression;
use std::fmt::Write as _;
use std::io::Write as _;

/// A piece of a document, in reading order.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Block {
    /// The document's title (H1).
    Title(String),
    /// A heading: level 2 or 3.
    Heading(u8, String),
    Paragraph(String),
    /// A paragraph in smaller type: a date, a note.
    Small(String),
    Bullets(Vec<String>),
}

const PAGE_WIDTH: f32 = 595.28;
const PAGE_HEIGHT: f32 = 841.89;
const MARGIN: f32 = 56.7;
const BOTTOM: f32 = 70.0;
const INDENT: f32 = 16.0;

/// Regular and bold Helvetica, as the pages name them.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Font {
    Regular,
    Bold,
}

impl Font {
    fn name(self) -> &'static str {
        match self {
            Font::Regular => "/F1",
            Font::Bold => "/F2",
        }
    }
}

/// How a kind of block is set: its font, size, line height and the space above it.
fn style(block: &Block) -> (Font, f32, f32, f32) {
    match block {
        Block::Title(_) => (Font::Bold, 24.0, 29.0, 0.0),
        Block::Heading(2, _) => (Font::Bold, 17.0, 21.0, 18.0),
        Block::Heading(..) => (Font::Bold, 13.0, 17.0, 12.0),
        Block::Paragraph(_) | Block::Bullets(_) => (Font::Regular, 11.5, 16.0, 8.0),
        Block::Small(_) => (Font::Regular, 10.0, 14.0, 6.0),
    }
}

/// The structure type a block's text is tagged with.
fn tag(block: &Block) -> &'static str {
    match block {
        Block::Title(_) => "H1",
        Block::Heading(2, _) => "H2",
        Block::Heading(..) => "H3",
        Block::Paragraph(_) | Block::Small(_) => "P",
        Block::Bullets(_) => "LBody",
    }
}

/// A character in Windows-1252, the standard fonts' encoding; `?` when it has none.
fn win_ansi(c: char) -> u8 {
    const HIGH: [(char, u8); 27] = [
        ('€', 0x80),
        ('‚', 0x82),
        ('ƒ', 0x83),
        ('„', 0x84),
        ('…', 0x85),
        ('†', 0x86),
        ('‡', 0x87),
        ('ˆ', 0x88),
        ('‰', 0x89),
        ('Š', 0x8a),
        ('‹', 0x8b),
        ('Œ', 0x8c),
        ('Ž', 0x8e),
        ('\u{2018}', 0x91),
        ('\u{2019}', 0x92),
        ('\u{201c}', 0x93),
        ('\u{201d}', 0x94),
        ('•', 0x95),
        ('–', 0x96),
        ('—', 0x97),
        ('˜', 0x98),
        ('™', 0x99),
        ('š', 0x9a),
        ('›', 0x9b),
        ('œ', 0x9c),
        ('ž', 0x9e),
        ('Ÿ', 0x9f),
    ];
    match c {
        '\t' | '\n' | '\r' => b' ',
        ' '..='~' | '\u{a0}'..='\u{ff}' => c as u8,
        _ => HIGH.iter().find(|(h, _)| *h == c).map_or(b'?', |(_, b)| *b),
    }
}

/// Widths of ' ' to '~' in thousandths of the type size, from Adobe's font metrics.
const REGULAR: [u16; 95] = [
    278, 278, 355, 556, 556, 889, 667, 191, 333, 333, 389, 584, 278, 333, 278, 278, 556, 556, 556, 556, 556, 556, 556, 556, 556, 556, 278,
    278, 584, 584, 584, 556, 1015, 667, 667, 722, 722, 667, 611, 778, 722, 278, 500, 667, 556, 833, 722, 778, 667, 778, 722, 667, 611, 722,
    667, 944, 667, 667, 611, 278, 278, 278, 469, 556, 333, 556, 556, 500, 556, 556, 278, 556, 556, 222, 222, 500, 222, 833, 556, 556, 556,
    556, 333, 500, 278, 556, 500, 722, 500, 500, 500, 334, 260, 334, 584,
];
const BOLD: [u16; 95] = [
    278, 333, 474, 556, 556, 889, 722, 238, 333, 333, 389, 584, 278, 333, 278, 278, 556, 556, 556, 556, 556, 556, 556, 556, 556, 556, 333,
    333, 584, 584, 584, 611, 975, 722, 722, 722, 722, 667, 611, 778, 722, 278, 556, 722, 611, 833, 722, 778, 667, 778, 722, 667, 611, 722,
    667, 944, 667, 667, 611, 333, 278, 333, 584, 556, 333, 556, 611, 556, 611, 556, 333, 611, 611, 278, 278, 556, 278, 889, 611, 611, 611,
    611, 389, 556, 333, 611, 556, 778, 556, 556, 500, 389, 280, 389, 584,
];

/// A Windows-1252 byte's width in thousandths of the type size. Letters with accents are as
/// wide as the letter; other characters above '~' near enough, which is all that wrapping needs.
fn width(font: Font, byte: u8) -> u16 {
    let table = if font == Font::Bold { &BOLD } else { &REGULAR };
    let ascii = |c: u8| table[usize::from(c - b' ')];
    match byte {
        b' '..=b'~' => ascii(byte),
        0x85 | 0x89 | 0x8c | 0x97 | 0x99 | 0xc6 => 1000,
        0x91 | 0x92 | 0x82 | 0xb7 => ascii(b','),
        0x93 | 0x94 | 0x84 => ascii(b'"'),
        0x95 => 350,
        0xa0 => ascii(b' '),
        0xc0..=0xc5 => ascii(b'A'),
        0xc7 => ascii(b'C'),
        0xc8..=0xcb => ascii(b'E'),
        0xcc..=0xcf | 0xec..=0xef => ascii(b'i'),
        0xd1 => ascii(b'N'),
        0xd2..=0xd6 | 0xd8 => ascii(b'O'),
        0xd9..=0xdc => ascii(b'U'),
        0xdd | 0x9f => ascii(b'Y'),
        0xe0..=0xe5 => ascii(b'a'),
        0xe6 => 889,
        0xe7 => ascii(b'c'),
        0xe8..=0xeb => ascii(b'e'),
        0xf1 => ascii(b'n'),
        0xf2..=0xf6 | 0xf8 => ascii(b'o'),
        0xf9..=0xfc => ascii(b'u'),
        0xfd | 0xff => ascii(b'y'),
        _ => 556,
    }
}

fn text_width(font: Font, size: f32, text: &[u8]) -> f32 {
    text.iter().map(|b| f32::from(width(font, *b))).sum::<f32>() * size / 1000.0
}

/// `text` broken into lines no wider than `room` points, at spaces where it can be; a word too
/// long for a line is broken where it must be.
fn wrap(font: Font, size: f32, room: f32, text: &str) -> Vec<Vec<u8>> {
    let mut lines = Vec::new();
    let mut line: Vec<u8> = Vec::new();
    for word in text.split_whitespace() {
        let mut word: Vec<u8> = word.chars().map(win_ansi).collect();
        let with_space = if line.is_empty() { 0.0 } else { text_width(font, size, b" ") };
        if text_width(font, size, &line) + with_space + text_width(font, size, &word) <= room {
            if !line.is_empty() {
                line.push(b' ');
            }
            line.append(&mut word);
            continue;
        }
        if !line.is_empty() {
            lines.push(std::mem::take(&mut line));
        }
        while text_width(font, size, &word) > room {
            let mut fits = 1;
            while fits < word.len() && text_width(font, size, &word[..=fits]) <= room {
                fits += 1;
            }
            lines.push(word.drain(..fits).collect());
        }
        line = word;
    }
    if !line.is_empty() || lines.is_empty() {
        lines.push(line);
    }
    lines
}

/// A PDF literal string: the bytes with `\`, `(` and `)` escaped.
fn literal(bytes: &[u8]) -> Vec<u8> {
    let mut out = Vec::with_capacity(bytes.len() + 2);
    out.push(b'(');
    for &b in bytes {
        if matches!(b, b'\\' | b'(' | b')') {
            out.push(b'\\');
        }
        out.push(b);
    }
    out.push(b')');
    out
}

/// A PDF text string for the document's title: UTF-16 with its byte-order mark, in hex.
fn text_string(text: &str) -> String {
    let mut out = String::from("<FEFF");
    for unit in text.encode_utf16() {
        let _ = write!(out, "{unit:04X}");
    }
    out.push('>');
    out
}

/// Text set on a page, tagged: which structure element it belongs to and its marked-content id.
struct Marked {
    element: usize,
    mcid: usize,
}

/// A structure element: its type, its parent (an index into the same list; none for the
/// document) and where its text is, as (page, marked-content id).
struct Element {
    kind: &'static str,
    parent: Option<usize>,
    marks: Vec<(usize, usize)>,
}

/// Pages being set: each page's content stream and what is marked on it.
struct Pages {
    streams: Vec<Vec<u8>>,
    marks: Vec<Vec<Marked>>,
    /// Where the next line's top is, from the bottom of the page.
    y: f32,
}

impl Pages {
    fn new() -> Pages {
        Pages { streams: vec![Vec::new()], marks: vec![Vec::new()], y: PAGE_HEIGHT - MARGIN }
    }

    fn page(&self) -> usize {
        self.streams.len() - 1
    }

    fn new_page(&mut self) {
        self.streams.push(Vec::new());
        self.marks.push(Vec::new());
        self.y = PAGE_HEIGHT - MARGIN;
    }

    /// Room for `height` more points on this page, or a new one.
    fn need(&mut self, height: f32) {
        if self.y - height < BOTTOM && self.y < PAGE_HEIGHT - MARGIN {
            self.new_page();
        }
    }

    /// Sets lines at `x`, tagged as part of `element`; lines run on to new pages as needed.
    fn set(&mut self, elements: &mut [Element], element: usize, lines: &[Vec<u8>], x: f32, (font, size, leading): (Font, f32, f32)) {
        let mut rest = lines;
        while !rest.is_empty() {
            self.need(leading);
            let fit = (((self.y - BOTTOM) / leading).floor() as usize).clamp(1, rest.len());
            let (now, later) = rest.split_at(fit);
            let page = self.page();
            let mcid = self.marks[page].len();
            self.marks[page].push(Marked { element, mcid });
            elements[element].marks.push((page, mcid));
            let baseline = self.y - size;
            let s = &mut self.streams[page];
            let _ = write!(
                s,
                "/{} <</MCID {mcid}>> BDC BT {} {size} Tf {leading} TL {x:.2} {baseline:.2} Td ",
                elements[element].kind,
                font.name()
            );
            for (i, line) in now.iter().enumerate() {
                if i > 0 {
                    s.extend_from_slice(b"T* ");
                }
                // A line broken at a space keeps it, unseen at its end, so that text read out or
                // copied has its words apart.
                let mut line = line.clone();
                if i + 1 < now.len() || !later.is_empty() {
                    line.push(b' ');
                }
                s.extend_from_slice(&literal(&line));
                s.extend_from_slice(b" Tj ");
            }
            s.extend_from_slice(b"ET EMC\n");
            self.y -= leading * now.len() as f32;
            rest = later;
        }
    }

    /// A mark beside the first line, as page furniture rather than content (a list's bullet).
    fn furniture(&mut self, x: f32, text: &[u8], font: Font, size: f32) {
        let baseline = self.y - size;
        let page = self.page();
        let s = &mut self.streams[page];
        let _ = write!(s, "/Artifact BMC BT {} {size} Tf {x:.2} {baseline:.2} Td ", font.name());
        s.extend_from_slice(&literal(text));
        s.extend_from_slice(b" Tj ET EMC\n");
    }
}

/// The blocks set on A4 pages, as a tagged PDF file titled `title`, in language `lang` (such as
/// "en-GB"), with "Page 1 of 3" at the foot of each page.
pub fn render(title: &str, lang: &str, blocks: &[Block]) -> Vec<u8> {
    let room = PAGE_WIDTH - 2.0 * MARGIN;
    let mut elements = vec![Element { kind: "Document", parent: None, marks: vec![] }];
    let mut pages = Pages::new();
    for (i, block) in blocks.iter().enumerate() {
        let (font, size, leading, above) = style(block);
        if pages.y < PAGE_HEIGHT - MARGIN {
            pages.y -= above;
        }
        match block {
            Block::Title(text) | Block::Heading(_, text) | Block::Paragraph(text) | Block::Small(text) => {
                let lines = wrap(font, size, room, text);
                // A heading is kept with the first lines of what follows it.
                let keep = if matches!(block, Block::Title(_) | Block::Heading(..)) && i + 1 < blocks.len() { 2.0 * 16.0 } else { 0.0 };
                pages.need(leading * lines.len().min(3) as f32 + keep);
                elements.push(Element { kind: tag(block), parent: Some(0), marks: vec![] });
                let at = elements.len() - 1;
                pages.set(&mut elements, at, &lines, MARGIN, (font, size, leading));
            }
            Block::Bullets(items) => {
                elements.push(Element { kind: "L", parent: Some(0), marks: vec![] });
                let list = elements.len() - 1;
                for (n, item) in items.iter().enumerate() {
                    if n > 0 {
                        pages.y -= 4.0;
                    }
                    let lines = wrap(font, size, room - INDENT, item);
                    pages.need(leading * lines.len().min(2) as f32);
                    elements.push(Element { kind: "LI", parent: Some(list), marks: vec![] });
                    let li = elements.len() - 1;
                    elements.push(Element { kind: "LBody", parent: Some(li), marks: vec![] });
                    let body = elements.len() - 1;
                    pages.furniture(MARGIN + 2.0, &[0x95], font, size);
                    pages.set(&mut elements, body, &lines, MARGIN + INDENT, (font, size, leading));
                }
            }
        }
    }
    let count = pages.streams.len();
    for (n, stream) in pages.streams.iter_mut().enumerate() {
        let footer = format!("Page {} of {count}", n + 1);
        let x = PAGE_WIDTH - MARGIN - text_width(Font::Regular, 9.0, footer.as_bytes());
        let _ = write!(stream, "/Artifact <</Type /Pagination>> BDC BT /F1 9 Tf {x:.2} 36 Td ");
        stream.extend_from_slice(&literal(footer.as_bytes()));
        stream.extend_from_slice(b" Tj ET EMC\n");
    }
    write_file(title, lang, &pages, &elements)
}

/// Numbered objects, written in order with the cross-reference table that finds them.
struct Objects {
    bodies: Vec<Vec<u8>>,
}

impl Objects {
    /// Keeps a place for an object written later; its number.
    fn reserve(&mut self) -> usize {
        self.bodies.push(Vec::new());
        self.bodies.len()
    }

    fn put(&mut self, number: usize, body: impl Into<Vec<u8>>) {
        self.bodies[number - 1] = body.into();
    }

    fn finish(self, catalog: usize, info: usize) -> Vec<u8> {
        let mut out = b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n".to_vec();
        let mut offsets = Vec::with_capacity(self.bodies.len());
        for (i, body) in self.bodies.iter().enumerate() {
            offsets.push(out.len());
            let _ = writeln!(out, "{} 0 obj", i + 1);
            out.extend_from_slice(body);
            out.extend_from_slice(b"\nendobj\n");
        }
        let xref = out.len();
        let _ = write!(out, "xref\n0 {}\n0000000000 65535 f \n", self.bodies.len() + 1);
        for offset in offsets {
            let _ = writeln!(out, "{offset:010} 00000 n ");
        }
        let _ =
            write!(out, "trailer\n<< /Size {} /Root {catalog} 0 R /Info {info} 0 R >>\nstartxref\n{xref}\n%%EOF\n", self.bodies.len() + 1);
        out
    }
}

fn compressed(stream: &[u8]) -> Vec<u8> {
    let mut z = ZlibEncoder::new(Vec::new(), Compression::default());
    // Writing to a Vec cannot fail.
    let _ = z.write_all(stream);
    z.finish().unwrap_or_default()
}

fn write_file(title: &str, lang: &str, pages: &Pages, elements: &[Element]) -> Vec<u8> {
    let mut objects = Objects { bodies: Vec::new() };
    let catalog = objects.reserve();
    let page_tree = objects.reserve();
    let tree_root = objects.reserve();
    let parent_tree = objects.reserve();
    let regular = objects.reserve();
    let bold = objects.reserve();
    let info = objects.reserve();
    let page_objects: Vec<usize> = pages.streams.iter().map(|_| objects.reserve()).collect();
    let element_objects: Vec<usize> = elements.iter().map(|_| objects.reserve()).collect();

    objects.put(
        catalog,
        format!(
            "<< /Type /Catalog /Pages {page_tree} 0 R /StructTreeRoot {tree_root} 0 R /MarkInfo << /Marked true >> \
             /Lang {} /ViewerPreferences << /DisplayDocTitle true >> /PageLayout /OneColumn >>",
            String::from_utf8_lossy(&literal(lang.as_bytes()))
        ),
    );
    let kids: Vec<String> = page_objects.iter().map(|p| format!("{p} 0 R")).collect();
    objects.put(page_tree, format!("<< /Type /Pages /Kids [{}] /Count {} >>", kids.join(" "), page_objects.len()));
    objects.put(
        tree_root,
        format!(
            "<< /Type /StructTreeRoot /K [{} 0 R] /ParentTree {parent_tree} 0 R /ParentTreeNextKey {} >>",
            element_objects[0],
            pages.streams.len()
        ),
    );
    let mut nums = String::new();
    for (n, marks) in pages.marks.iter().enumerate() {
        let refs: Vec<String> = marks.iter().map(|m| format!("{} 0 R", element_objects[m.element])).collect();
        debug_assert!(marks.iter().enumerate().all(|(i, m)| m.mcid == i));
        let _ = write!(nums, "{n} [{}] ", refs.join(" "));
    }
    objects.put(parent_tree, format!("<< /Nums [{nums}] >>"));
    for (number, base) in [(regular, "Helvetica"), (bold, "Helvetica-Bold")] {
        objects.put(number, format!("<< /Type /Font /Subtype /Type1 /BaseFont /{base} /Encoding /WinAnsiEncoding >>"));
    }
    objects.put(info, format!("<< /Title {} /Producer (Chorus) >>", text_string(title)));
    for (n, stream) in pages.streams.iter().enumerate() {
        let contents = objects.reserve();
        let data = compressed(stream);
        let mut body = format!("<< /Length {} /Filter /FlateDecode >>\nstream\n", data.len()).into_bytes();
        body.extend_from_slice(&data);
        body.extend_from_slice(b"\nendstream");
        objects.put(contents, body);
        objects.put(
            page_objects[n],
            format!(
                "<< /Type /Page /Parent {page_tree} 0 R /MediaBox [0 0 {PAGE_WIDTH} {PAGE_HEIGHT}] \
                 /Resources << /Font << /F1 {regular} 0 R /F2 {bold} 0 R >> >> /Contents {contents} 0 R /StructParents {n} /Tabs /S >>"
            ),
        );
    }
    for (i, element) in elements.iter().enumerate() {
        let parent = element.parent.map_or(tree_root, |p| element_objects[p]);
        let mut kids: Vec<String> =
            elements.iter().enumerate().filter(|(_, e)| e.parent == Some(i)).map(|(k, _)| format!("{} 0 R", element_objects[k])).collect();
        kids.extend(element.marks.iter().map(|(page, mcid)| format!("<< /Type /MCR /Pg {} 0 R /MCID {mcid} >>", page_objects[*page])));
        objects.put(element_objects[i], format!("<< /Type /StructElem /S /{} /P {parent} 0 R /K [{}] >>", element.kind, kids.join(" ")));
    }
    objects.finish(catalog, info)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn lines_wrap_at_spaces_within_the_room_and_long_words_are_broken() {
        let lines = wrap(Font::Regular, 10.0, 100.0, "Every school has a named specialist teacher, and a reply within ten school days.");
        assert!(lines.len() > 2);
        assert!(lines.iter().all(|l| text_width(Font::Regular, 10.0, l) <= 100.0));
        let joined: Vec<String> = lines.iter().map(|l| String::from_utf8_lossy(l).into_owned()).collect();
        assert_eq!(joined.join(" "), "Every school has a named specialist teacher, and a reply within ten school days.");
        let long = wrap(Font::Bold, 10.0, 50.0, &"W".repeat(40));
        assert!(long.len() > 1 && long.iter().all(|l| !l.is_empty() && text_width(Font::Bold, 10.0, l) <= 50.0));
        assert_eq!(wrap(Font::Regular, 10.0, 100.0, ""), vec![Vec::<u8>::new()]);
    }

    #[test]
    fn text_is_written_in_windows_1252_with_brackets_escaped() {
        let bytes: Vec<u8> = "\u{201c}Zoë’s (£5)\u{201d} – 日".chars().map(win_ansi).collect();
        assert_eq!(bytes, [0x93, b'Z', b'o', 0xeb, 0x92, b's', b' ', b'(', 0xa3, b'5', b')', 0x94, b' ', 0x96, b' ', b'?']);
        assert_eq!(literal(b"a(b)\\c"), b"(a\\(b\\)\\\\c)".to_vec());
        assert_eq!(text_string("Aé"), "<FEFF004100E9>");
    }

    #[test]
    fn the_file_is_whole_tagged_and_runs_onto_as_many_pages_as_it_needs() {
        let mut blocks = vec![Block::Title("A plan".into()), Block::Small("Version 2".into())];
        for n in 0..40 {
            blocks.push(Block::Heading(2, format!("Section {n}")));
            blocks.push(Block::Paragraph("Words ".repeat(60)));
            blocks.push(Block::Bullets(vec!["One".into(), "Two".into()]));
        }
        let pdf = render("A plan", "en-GB", &blocks);
        let text = String::from_utf8_lossy(&pdf);
        assert!(text.starts_with("%PDF-1.7") && text.ends_with("%%EOF\n"));
        let pages = text.matches("/Type /Page ").count();
        assert!(pages > 5, "{pages} pages");
        assert!(
            text.contains(&format!("/Count {pages}")) && text.contains("/MarkInfo << /Marked true >>") && text.contains("/Lang (en-GB)")
        );
        assert_eq!(text.matches("/S /H2 ").count(), 40);
        assert_eq!(text.matches("/S /LI ").count(), 80);
        // Each cross-reference points at its object.
        let xref = pdf.windows(5).rposition(|w| w == b"xref\n").unwrap();
        for (n, line) in String::from_utf8_lossy(&pdf[xref..]).lines().skip(3).take_while(|l| l.ends_with(" n ")).enumerate() {
            let offset: usize = line[..10].parse().unwrap();
            assert!(pdf[offset..].starts_with(format!("{} 0 obj", n + 1).as_bytes()), "object {}", n + 1);
        }
    }
}
