//! A small XLSX (Office Open XML spreadsheet) writer: sheets of text and number cells with a
//! bold header row, zipped with deflate by the `zip` crate. Text is stored as inline strings, so no cell can ever
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

/// What the zip writer has written and not yet been taken. Shared, because the zip writer owns
/// its output until it finishes.
#[derive(Clone, Default)]
struct Taken(std::sync::Arc<std::sync::Mutex<Vec<u8>>>);

impl Taken {
    fn take(&self) -> Vec<u8> {
        self.0.lock().map(|mut b| std::mem::take(&mut *b)).unwrap_or_default()
    }

    fn len(&self) -> usize {
        self.0.lock().map(|b| b.len()).unwrap_or_default()
    }
}

impl Write for Taken {
    fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
        self.0.lock().map_err(|_| std::io::Error::other("workbook buffer poisoned"))?.extend_from_slice(buf);
        Ok(buf.len())
    }

    fn flush(&mut self) -> std::io::Result<()> {
        Ok(())
    }
}

/// A zip archive written as a stream (the `zip` crate's stream writer: each entry deflated, its
/// sizes in a data descriptor after it, so nothing written is revisited).
struct Zip {
    writer: zip::ZipWriter<zip::write::StreamWriter<Taken>>,
    out: Taken,
}

impl Default for Zip {
    fn default() -> Self {
        let out = Taken::default();
        Zip { writer: zip::ZipWriter::new_stream(out.clone()), out }
    }
}

fn zip_error(e: zip::result::ZipError) -> std::io::Error {
    std::io::Error::other(e)
}

impl Zip {
    fn begin(&mut self, name: &str) -> std::io::Result<()> {
        let options = zip::write::SimpleFileOptions::default().compression_method(zip::CompressionMethod::Deflated);
        self.writer.start_file(name, options).map_err(zip_error)
    }

    fn write(&mut self, data: &[u8]) -> std::io::Result<()> {
        self.writer.write_all(data)
    }

    /// One whole entry.
    fn add(&mut self, name: &str, data: &[u8]) -> std::io::Result<()> {
        self.begin(name)?;
        self.write(data)
    }

    fn take(&mut self) -> Vec<u8> {
        self.out.take()
    }

    fn pending(&self) -> usize {
        self.out.len()
    }

    fn finish(self) -> std::io::Result<Vec<u8>> {
        let Zip { writer, out } = self;
        writer.finish().map_err(zip_error)?;
        Ok(out.take())
    }
}

/// Reads back the entries of a workbook with the `zip` crate's reader, in the order of its
/// directory: (name, contents). For tests; the reader checks each entry's checksum.
pub fn read_entries(bytes: &[u8]) -> Vec<(String, String)> {
    use std::io::Read;
    let mut archive = zip::ZipArchive::new(std::io::Cursor::new(bytes)).expect("a zip archive");
    (0..archive.len())
        .map(|i| {
            let mut entry = archive.by_index(i).expect("an entry");
            let mut text = String::new();
            entry.read_to_string(&mut text).expect("deflated text with the right checksum");
            (entry.name().expect("a name").to_string(), text)
        })
        .collect()
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
