//! A small XLSX (Office Open XML spreadsheet) writer: sheets of text and number cells with a
//! bold header row, zipped with deflate. Text is stored as inline strings, so no cell can ever
//! run as a formula.

use std::io::Write;

/// One cell.
#[derive(Clone, Debug, PartialEq)]
pub enum Cell {
    Text(String),
    Number(f64),
}

impl From<&str> for Cell {
    fn from(s: &str) -> Self {
        Cell::Text(s.to_owned())
    }
}
impl From<String> for Cell {
    fn from(s: String) -> Self {
        Cell::Text(s)
    }
}
impl From<i64> for Cell {
    fn from(n: i64) -> Self {
        Cell::Number(n as f64)
    }
}

/// The media type of an `.xlsx` file.
pub const CONTENT_TYPE: &str = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet";

pub struct Sheet {
    pub name: String,
    pub rows: Vec<Vec<Cell>>,
}

/// A name Excel accepts: at most 31 characters, none of `[]:*?/\`, unique in the workbook.
fn sheet_name(wanted: &str, taken: &[String]) -> String {
    let clean: String = wanted.chars().map(|c| if "[]:*?/\\".contains(c) { ' ' } else { c }).collect();
    let clean = clean.trim().trim_matches('\'').to_string();
    let base: String = if clean.is_empty() { "Sheet".into() } else { clean.chars().take(31).collect() };
    let mut name = base.clone();
    let mut n = 2;
    while taken.iter().any(|t| t.eq_ignore_ascii_case(&name)) {
        let suffix = format!(" ({n})");
        name = format!("{}{suffix}", base.chars().take(31 - suffix.len()).collect::<String>());
        n += 1;
    }
    name
}

fn escape(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            // Characters XML 1.0 cannot hold are dropped.
            '\t' | '\n' | '\r' => out.push(c),
            c if (c as u32) < 0x20 || c == '\u{fffe}' || c == '\u{ffff}' => {}
            c => out.push(c),
        }
    }
    out
}

fn column(mut i: usize) -> String {
    let mut s = Vec::new();
    loop {
        s.push(b'A' + (i % 26) as u8);
        if i < 26 {
            break;
        }
        i = i / 26 - 1;
    }
    s.reverse();
    String::from_utf8(s).unwrap_or_default()
}

fn row_xml(x: &mut String, r: usize, row: &[Cell]) {
    use std::fmt::Write as _;
    let _ = write!(x, "<row r=\"{}\">", r + 1);
    let style = if r == 0 { " s=\"1\"" } else { "" };
    for (c, cell) in row.iter().enumerate() {
        match cell {
            Cell::Number(n) if n.is_finite() => {
                let _ = write!(x, "<c r=\"{}{}\"{style}><v>{n}</v></c>", column(c), r + 1);
            }
            Cell::Number(_) => {}
            Cell::Text(t) if t.is_empty() => {}
            Cell::Text(t) => {
                let _ = write!(
                    x,
                    "<c r=\"{}{}\"{style} t=\"inlineStr\"><is><t xml:space=\"preserve\">{}</t></is></c>",
                    column(c),
                    r + 1,
                    escape(t)
                );
            }
        }
    }
    x.push_str("</row>");
}

const SHEET_START: &str = "<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?>\n<worksheet xmlns=\"http://schemas.openxmlformats.org/spreadsheetml/2006/main\">\
    <sheetViews><sheetView workbookViewId=\"0\"><pane ySplit=\"1\" topLeftCell=\"A2\" activePane=\"bottomLeft\" state=\"frozen\"/></sheetView></sheetViews><sheetData>";
const SHEET_END: &str = "</sheetData></worksheet>";

/// The workbook as the bytes of an `.xlsx` file, for workbooks small enough to hold.
pub fn workbook(sheets: &[Sheet]) -> std::io::Result<Vec<u8>> {
    let names: Vec<&str> = sheets.iter().map(|s| s.name.as_str()).collect();
    let mut book = Workbook::new(&names)?;
    for s in sheets {
        book.next_sheet()?;
        for row in &s.rows {
            book.row(row)?;
        }
    }
    let mut out = book.take();
    out.extend(book.finish()?);
    Ok(out)
}

/// An `.xlsx` file written as it goes: the parts that list its sheets first (so the file
/// opens as a spreadsheet, not a bare zip, to anything that sniffs it), then the sheets one
/// after another, a row at a time. Whatever has been written is taken with [`Workbook::take`]
/// and sent on, so a workbook of any size is never held whole; only the current sheet's
/// compressor state and the zip directory are.
pub struct Workbook {
    zip: Zip,
    sheets: usize,
    /// The sheet being written (1-based), if one is open.
    open: Option<usize>,
    written: usize,
    rows: usize,
    buffer: String,
}

impl Workbook {
    /// A workbook of these sheets, in this order; names are made ones Excel accepts.
    pub fn new(wanted: &[&str]) -> std::io::Result<Workbook> {
        let mut names: Vec<String> = Vec::new();
        for w in wanted {
            let n = sheet_name(w, &names);
            names.push(n);
        }
        let mut zip = Zip::default();
        let n = names.len();
        let overrides: String = (1..=n)
            .map(|i| format!("<Override PartName=\"/xl/worksheets/sheet{i}.xml\" ContentType=\"application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml\"/>"))
            .collect();
        zip.add("[Content_Types].xml", format!(
            "<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?>\n<Types xmlns=\"http://schemas.openxmlformats.org/package/2006/content-types\">\
             <Default Extension=\"rels\" ContentType=\"application/vnd.openxmlformats-package.relationships+xml\"/>\
             <Default Extension=\"xml\" ContentType=\"application/xml\"/>\
             <Override PartName=\"/xl/workbook.xml\" ContentType=\"application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml\"/>\
             <Override PartName=\"/xl/styles.xml\" ContentType=\"application/vnd.openxmlformats-officedocument.spreadsheetml.styles+xml\"/>{overrides}</Types>"
        ).as_bytes())?;
        zip.add("_rels/.rels", b"<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?>\n<Relationships xmlns=\"http://schemas.openxmlformats.org/package/2006/relationships\">\
            <Relationship Id=\"rId1\" Type=\"http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument\" Target=\"xl/workbook.xml\"/></Relationships>")?;
        let sheet_list: String = names
            .iter()
            .enumerate()
            .map(|(i, name)| format!("<sheet name=\"{}\" sheetId=\"{}\" r:id=\"rId{}\"/>", escape(name), i + 1, i + 1))
            .collect();
        zip.add("xl/workbook.xml", format!(
            "<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?>\n<workbook xmlns=\"http://schemas.openxmlformats.org/spreadsheetml/2006/main\" \
             xmlns:r=\"http://schemas.openxmlformats.org/officeDocument/2006/relationships\"><sheets>{sheet_list}</sheets></workbook>"
        ).as_bytes())?;
        let rels: String = (1..=n)
            .map(|i| format!("<Relationship Id=\"rId{i}\" Type=\"http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet\" Target=\"worksheets/sheet{i}.xml\"/>"))
            .collect();
        zip.add("xl/_rels/workbook.xml.rels", format!(
            "<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?>\n<Relationships xmlns=\"http://schemas.openxmlformats.org/package/2006/relationships\">{rels}\
             <Relationship Id=\"rId{}\" Type=\"http://schemas.openxmlformats.org/officeDocument/2006/relationships/styles\" Target=\"styles.xml\"/></Relationships>",
            n + 1
        ).as_bytes())?;
        zip.add("xl/styles.xml", b"<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?>\n<styleSheet xmlns=\"http://schemas.openxmlformats.org/spreadsheetml/2006/main\">\
            <fonts count=\"2\"><font><sz val=\"11\"/><name val=\"Calibri\"/></font><font><b/><sz val=\"11\"/><name val=\"Calibri\"/></font></fonts>\
            <fills count=\"2\"><fill><patternFill patternType=\"none\"/></fill><fill><patternFill patternType=\"gray125\"/></fill></fills>\
            <borders count=\"1\"><border><left/><right/><top/><bottom/><diagonal/></border></borders>\
            <cellStyleXfs count=\"1\"><xf numFmtId=\"0\" fontId=\"0\" fillId=\"0\" borderId=\"0\"/></cellStyleXfs>\
            <cellXfs count=\"2\"><xf numFmtId=\"0\" fontId=\"0\" fillId=\"0\" borderId=\"0\" xfId=\"0\"/><xf numFmtId=\"0\" fontId=\"1\" fillId=\"0\" borderId=\"0\" xfId=\"0\" applyFont=\"1\"/></cellXfs>\
            <cellStyles count=\"1\"><cellStyle name=\"Normal\" xfId=\"0\" builtinId=\"0\"/></cellStyles>\
            </styleSheet>")?;
        Ok(Workbook { zip, sheets: names.len(), open: None, written: 0, rows: 0, buffer: String::new() })
    }

    /// Starts the next sheet, closing the one before.
    pub fn next_sheet(&mut self) -> std::io::Result<()> {
        self.end_sheet()?;
        if self.written == self.sheets {
            return Err(std::io::Error::other("every sheet named has been written"));
        }
        self.written += 1;
        self.zip.begin(&format!("xl/worksheets/sheet{}.xml", self.written))?;
        self.zip.write(SHEET_START.as_bytes())?;
        self.open = Some(self.written);
        self.rows = 0;
        Ok(())
    }

    /// Adds a row to the current sheet; the first row of a sheet is its bold header.
    pub fn row(&mut self, cells: &[Cell]) -> std::io::Result<()> {
        if self.open.is_none() {
            return Err(std::io::Error::other("a row needs a sheet"));
        }
        self.buffer.clear();
        row_xml(&mut self.buffer, self.rows, cells);
        self.rows += 1;
        self.zip.write(self.buffer.as_bytes())
    }

    /// The bytes written since the last call.
    pub fn take(&mut self) -> Vec<u8> {
        self.zip.take()
    }

    /// How many bytes are waiting to be taken.
    pub fn pending(&self) -> usize {
        self.zip.pending()
    }

    fn end_sheet(&mut self) -> std::io::Result<()> {
        if self.open.take().is_some() {
            self.zip.write(SHEET_END.as_bytes())?;
            self.zip.end()?;
        }
        Ok(())
    }

    /// Closes the last sheet (any named but not written are left empty), writes the zip
    /// directory and gives the remaining bytes.
    pub fn finish(mut self) -> std::io::Result<Vec<u8>> {
        while self.written < self.sheets {
            self.next_sheet()?;
        }
        self.end_sheet()?;
        self.zip.finish()
    }
}

/// The entry being written: its compressor, and what its directory record needs.
struct Entry {
    name: String,
    offset: u64,
    deflate: flate2::write::DeflateEncoder<Vec<u8>>,
    crc: crc32fast::Hasher,
    size: u64,
    packed: u64,
}

/// A zip archive written as a stream. Each entry is deflated; its local header carries no sizes
/// and a data descriptor after the data gives them (general purpose flag bit 3), so nothing
/// written need be revisited. Archives and entries are limited to 4 GiB (no Zip64).
#[derive(Default)]
struct Zip {
    out: Vec<u8>,
    written: u64,
    central: Vec<u8>,
    entries: u16,
    open: Option<Entry>,
}

const FLAGS: u16 = 0x0808; // sizes in a data descriptor; UTF-8 names
const LIMIT: u64 = u32::MAX as u64;

impl Zip {
    fn emit(&mut self, bytes: &[u8]) {
        self.out.extend_from_slice(bytes);
        self.written += bytes.len() as u64;
    }

    fn begin(&mut self, name: &str) -> std::io::Result<()> {
        self.end()?;
        let mut header = Vec::with_capacity(30 + name.len());
        // Local header: version 2.0, the flags, deflate, a fixed 1980 date; crc and sizes follow the data.
        header.extend_from_slice(&0x0403_4b50u32.to_le_bytes());
        for v in [20u16, FLAGS, 8, 0, 0x21] {
            header.extend_from_slice(&v.to_le_bytes());
        }
        header.extend_from_slice(&[0; 12]);
        header.extend_from_slice(&(name.len() as u16).to_le_bytes());
        header.extend_from_slice(&0u16.to_le_bytes());
        header.extend_from_slice(name.as_bytes());
        let offset = self.written;
        self.emit(&header);
        self.open = Some(Entry {
            name: name.to_owned(),
            offset,
            deflate: flate2::write::DeflateEncoder::new(Vec::new(), flate2::Compression::default()),
            crc: crc32fast::Hasher::new(),
            size: 0,
            packed: 0,
        });
        Ok(())
    }

    fn write(&mut self, data: &[u8]) -> std::io::Result<()> {
        let entry = self.open.as_mut().ok_or_else(|| std::io::Error::other("no entry is open"))?;
        entry.deflate.write_all(data)?;
        entry.crc.update(data);
        entry.size += data.len() as u64;
        let packed = std::mem::take(entry.deflate.get_mut());
        entry.packed += packed.len() as u64;
        self.emit(&packed);
        Ok(())
    }

    fn end(&mut self) -> std::io::Result<()> {
        let Some(entry) = self.open.take() else { return Ok(()) };
        let rest = entry.deflate.finish()?;
        let packed = entry.packed + rest.len() as u64;
        self.emit(&rest);
        let crc = entry.crc.finalize();
        if entry.size >= LIMIT || packed >= LIMIT || entry.offset >= LIMIT {
            return Err(std::io::Error::other("the workbook is too large for a zip file"));
        }
        let (size, packed) = (entry.size as u32, packed as u32);
        let mut descriptor = Vec::with_capacity(16);
        descriptor.extend_from_slice(&0x0807_4b50u32.to_le_bytes());
        for v in [crc, packed, size] {
            descriptor.extend_from_slice(&v.to_le_bytes());
        }
        self.emit(&descriptor);
        let name = entry.name.as_bytes();
        self.central.extend_from_slice(&0x0201_4b50u32.to_le_bytes());
        for v in [20u16, 20, FLAGS, 8, 0, 0x21] {
            self.central.extend_from_slice(&v.to_le_bytes());
        }
        for v in [crc, packed, size] {
            self.central.extend_from_slice(&v.to_le_bytes());
        }
        for v in [name.len() as u16, 0, 0, 0, 0] {
            self.central.extend_from_slice(&v.to_le_bytes());
        }
        self.central.extend_from_slice(&0u32.to_le_bytes());
        self.central.extend_from_slice(&(entry.offset as u32).to_le_bytes());
        self.central.extend_from_slice(name);
        self.entries += 1;
        Ok(())
    }

    /// One whole entry.
    fn add(&mut self, name: &str, data: &[u8]) -> std::io::Result<()> {
        self.begin(name)?;
        self.write(data)?;
        self.end()
    }

    fn take(&mut self) -> Vec<u8> {
        std::mem::take(&mut self.out)
    }

    fn pending(&self) -> usize {
        self.out.len()
    }

    fn finish(mut self) -> std::io::Result<Vec<u8>> {
        self.end()?;
        let at = self.written;
        if at >= LIMIT {
            return Err(std::io::Error::other("the workbook is too large for a zip file"));
        }
        let central = std::mem::take(&mut self.central);
        self.emit(&central);
        let mut end = Vec::with_capacity(22);
        end.extend_from_slice(&0x0605_4b50u32.to_le_bytes());
        for v in [0u16, 0, self.entries, self.entries] {
            end.extend_from_slice(&v.to_le_bytes());
        }
        end.extend_from_slice(&(central.len() as u32).to_le_bytes());
        end.extend_from_slice(&(at as u32).to_le_bytes());
        end.extend_from_slice(&0u16.to_le_bytes());
        self.emit(&end);
        Ok(self.out)
    }
}

/// Reads back the entries of an archive this module wrote, in the order of its directory:
/// (name, contents). For tests; checks each entry's size and checksum against the directory.
pub fn read_entries(zip: &[u8]) -> Vec<(String, String)> {
    use std::io::Read;
    let u32_at = |i: usize| u32::from_le_bytes([zip[i], zip[i + 1], zip[i + 2], zip[i + 3]]) as usize;
    let u16_at = |i: usize| u16::from_le_bytes([zip[i], zip[i + 1]]) as usize;
    let mut out = Vec::new();
    if zip.len() < 22 {
        return out;
    }
    let end = zip.len() - 22;
    assert_eq!(u32_at(end), 0x0605_4b50, "an end of directory record");
    let (count, mut at) = (u16_at(end + 10), u32_at(end + 16));
    for _ in 0..count {
        assert_eq!(u32_at(at), 0x0201_4b50, "a directory entry");
        let (crc, packed, size) = (u32_at(at + 16), u32_at(at + 20), u32_at(at + 24));
        let name_len = u16_at(at + 28);
        let skip = name_len + u16_at(at + 30) + u16_at(at + 32);
        let local = u32_at(at + 42);
        let name = String::from_utf8_lossy(&zip[at + 46..at + 46 + name_len]).to_string();
        assert_eq!(u32_at(local), 0x0403_4b50, "a local header for {name}");
        let start = local + 30 + u16_at(local + 26) + u16_at(local + 28);
        let mut text = String::new();
        flate2::read::DeflateDecoder::new(&zip[start..start + packed]).read_to_string(&mut text).expect("deflated text");
        assert_eq!(text.len(), size, "the size of {name}");
        let after = start + packed;
        assert_eq!(u32_at(after), 0x0807_4b50, "a data descriptor after {name}");
        assert_eq!((u32_at(after + 4), u32_at(after + 8), u32_at(after + 12)), (crc, packed, size), "the descriptor of {name}");
        assert_eq!(crc32fast::hash(text.as_bytes()) as usize, crc, "the checksum of {name}");
        out.push((name, text));
        at += 46 + skip;
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn writes_sheets_that_read_back() {
        let sheets = vec![
            Sheet {
                name: "Parents: carers/other".into(),
                rows: vec![vec!["id".into(), "answer".into()], vec![1.into(), "=1+1 & <b>".into()]],
            },
            Sheet { name: "Parents  carers other".into(), rows: vec![vec!["x".into()]] },
        ];
        let bytes = workbook(&sheets).unwrap();
        assert_eq!(&bytes[..2], b"PK");
        let entries = read_entries(&bytes);
        let names: Vec<&str> = entries.iter().map(|(n, _)| n.as_str()).collect();
        assert_eq!(
            names,
            [
                "[Content_Types].xml",
                "_rels/.rels",
                "xl/workbook.xml",
                "xl/_rels/workbook.xml.rels",
                "xl/styles.xml",
                "xl/worksheets/sheet1.xml",
                "xl/worksheets/sheet2.xml"
            ]
        );
        let workbook = &entries[2].1;
        assert!(workbook.contains("name=\"Parents  carers other\""));
        assert!(workbook.contains("name=\"Parents  carers other (2)\""));
        let sheet = &entries[5].1;
        assert!(sheet.contains("<c r=\"A2\"><v>1</v></c>"));
        assert!(
            sheet.contains("<c r=\"B2\" t=\"inlineStr\"><is><t xml:space=\"preserve\">=1+1 &amp; &lt;b&gt;</t></is></c>"),
            "text, never a formula"
        );
        assert!(sheet.contains("<c r=\"A1\" s=\"1\" t=\"inlineStr\">"), "a bold header");
        assert_eq!(column(0), "A");
        assert_eq!(column(25), "Z");
        assert_eq!(column(26), "AA");
        assert_eq!(column(701), "ZZ");
        assert_eq!(column(702), "AAA");
    }

    #[test]
    fn a_large_sheet_goes_out_in_pieces_as_it_is_written() {
        let mut book = Workbook::new(&["Answers", "Themes", "Coded answers"]).unwrap();
        book.next_sheet().unwrap();
        let mut file = Vec::new();
        let mut largest = 0;
        for i in 0..50_000i64 {
            book.row(&[i.into(), format!("answer number {i}, written at some length to fill the sheet").into()]).unwrap();
            if book.pending() >= 16 * 1024 {
                let piece = book.take();
                largest = largest.max(piece.len());
                file.extend(piece);
            }
        }
        book.next_sheet().unwrap();
        book.row(&["Theme".into()]).unwrap();
        file.extend(book.take());
        let sent_before_the_end = file.len();
        file.extend(book.finish().unwrap());
        assert!(sent_before_the_end > 200_000, "most of the file left before it was finished: {sent_before_the_end}");
        assert!(largest < 200_000, "no piece held much more than was asked for: {largest}");
        let entries = read_entries(&file);
        let sheet = &entries.iter().find(|(n, _)| n == "xl/worksheets/sheet1.xml").unwrap().1;
        assert!(sheet.ends_with("</row></sheetData></worksheet>"));
        assert!(sheet.contains("<row r=\"50000\"><c r=\"A50000\"><v>49999</v></c>"));
        let workbook = &entries.iter().find(|(n, _)| n == "xl/workbook.xml").unwrap().1;
        assert!(
            workbook.contains("<sheet name=\"Answers\" sheetId=\"1\" r:id=\"rId1\"/><sheet name=\"Themes\" sheetId=\"2\" r:id=\"rId2\"/>")
        );
        let unwritten = &entries.iter().find(|(n, _)| n == "xl/worksheets/sheet3.xml").unwrap().1;
        assert!(unwritten.ends_with("<sheetData></sheetData></worksheet>"), "a sheet named but not written is there, empty");
    }
}
