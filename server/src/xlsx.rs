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

fn sheet_xml(sheet: &Sheet) -> String {
    let mut x = String::from(
        "<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?>\n<worksheet xmlns=\"http://schemas.openxmlformats.org/spreadsheetml/2006/main\">",
    );
    x.push_str("<sheetViews><sheetView workbookViewId=\"0\"><pane ySplit=\"1\" topLeftCell=\"A2\" activePane=\"bottomLeft\" state=\"frozen\"/></sheetView></sheetViews><sheetData>");
    for (r, row) in sheet.rows.iter().enumerate() {
        x.push_str(&format!("<row r=\"{}\">", r + 1));
        for (c, cell) in row.iter().enumerate() {
            let at = format!("{}{}", column(c), r + 1);
            let style = if r == 0 { " s=\"1\"" } else { "" };
            match cell {
                Cell::Number(n) if n.is_finite() => x.push_str(&format!("<c r=\"{at}\"{style}><v>{n}</v></c>")),
                Cell::Number(_) => {}
                Cell::Text(t) if t.is_empty() => {}
                Cell::Text(t) => x.push_str(&format!(
                    "<c r=\"{at}\"{style} t=\"inlineStr\"><is><t xml:space=\"preserve\">{}</t></is></c>",
                    escape(t)
                )),
            }
        }
        x.push_str("</row>");
    }
    x.push_str("</sheetData></worksheet>");
    x
}

/// The workbook as the bytes of an `.xlsx` file.
pub fn workbook(sheets: &[Sheet]) -> std::io::Result<Vec<u8>> {
    let mut names: Vec<String> = Vec::new();
    for s in sheets {
        let n = sheet_name(&s.name, &names);
        names.push(n);
    }
    let mut zip = Zip::default();
    let overrides: String = (1..=sheets.len())
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
        .map(|(i, n)| format!("<sheet name=\"{}\" sheetId=\"{}\" r:id=\"rId{}\"/>", escape(n), i + 1, i + 1))
        .collect();
    zip.add("xl/workbook.xml", format!(
        "<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?>\n<workbook xmlns=\"http://schemas.openxmlformats.org/spreadsheetml/2006/main\" \
         xmlns:r=\"http://schemas.openxmlformats.org/officeDocument/2006/relationships\"><sheets>{sheet_list}</sheets></workbook>"
    ).as_bytes())?;
    let rels: String = (1..=sheets.len())
        .map(|i| format!("<Relationship Id=\"rId{i}\" Type=\"http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet\" Target=\"worksheets/sheet{i}.xml\"/>"))
        .collect();
    zip.add("xl/_rels/workbook.xml.rels", format!(
        "<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?>\n<Relationships xmlns=\"http://schemas.openxmlformats.org/package/2006/relationships\">{rels}\
         <Relationship Id=\"rId{}\" Type=\"http://schemas.openxmlformats.org/officeDocument/2006/relationships/styles\" Target=\"styles.xml\"/></Relationships>",
        sheets.len() + 1
    ).as_bytes())?;
    zip.add("xl/styles.xml", b"<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?>\n<styleSheet xmlns=\"http://schemas.openxmlformats.org/spreadsheetml/2006/main\">\
        <fonts count=\"2\"><font><sz val=\"11\"/><name val=\"Calibri\"/></font><font><b/><sz val=\"11\"/><name val=\"Calibri\"/></font></fonts>\
        <fills count=\"2\"><fill><patternFill patternType=\"none\"/></fill><fill><patternFill patternType=\"gray125\"/></fill></fills>\
        <borders count=\"1\"><border><left/><right/><top/><bottom/><diagonal/></border></borders>\
        <cellStyleXfs count=\"1\"><xf numFmtId=\"0\" fontId=\"0\" fillId=\"0\" borderId=\"0\"/></cellStyleXfs>\
        <cellXfs count=\"2\"><xf numFmtId=\"0\" fontId=\"0\" fillId=\"0\" borderId=\"0\" xfId=\"0\"/><xf numFmtId=\"0\" fontId=\"1\" fillId=\"0\" borderId=\"0\" xfId=\"0\" applyFont=\"1\"/></cellXfs>\
        <cellStyles count=\"1\"><cellStyle name=\"Normal\" xfId=\"0\" builtinId=\"0\"/></cellStyles>\
        </styleSheet>")?;
    for (i, s) in sheets.iter().enumerate() {
        zip.add(&format!("xl/worksheets/sheet{}.xml", i + 1), sheet_xml(s).as_bytes())?;
    }
    zip.finish()
}

/// A zip archive written in memory, each entry deflated.
#[derive(Default)]
struct Zip {
    out: Vec<u8>,
    central: Vec<u8>,
    entries: u16,
}

impl Zip {
    fn add(&mut self, name: &str, data: &[u8]) -> std::io::Result<()> {
        let mut deflate = flate2::write::DeflateEncoder::new(Vec::new(), flate2::Compression::default());
        deflate.write_all(data)?;
        let packed = deflate.finish()?;
        let crc = crc32fast::hash(data);
        let offset = self.out.len() as u32;
        let (size, packed_size) = (data.len() as u32, packed.len() as u32);
        let name = name.as_bytes();
        // Local header: version 2.0, UTF-8 names, deflate, a fixed 1980 date.
        self.out.extend_from_slice(&0x0403_4b50u32.to_le_bytes());
        for v in [20u16, 0x0800, 8, 0, 0x21] {
            self.out.extend_from_slice(&v.to_le_bytes());
        }
        for v in [crc, packed_size, size] {
            self.out.extend_from_slice(&v.to_le_bytes());
        }
        self.out.extend_from_slice(&(name.len() as u16).to_le_bytes());
        self.out.extend_from_slice(&0u16.to_le_bytes());
        self.out.extend_from_slice(name);
        self.out.extend_from_slice(&packed);
        // Central directory entry.
        self.central.extend_from_slice(&0x0201_4b50u32.to_le_bytes());
        for v in [20u16, 20, 0x0800, 8, 0, 0x21] {
            self.central.extend_from_slice(&v.to_le_bytes());
        }
        for v in [crc, packed_size, size] {
            self.central.extend_from_slice(&v.to_le_bytes());
        }
        for v in [name.len() as u16, 0, 0, 0, 0] {
            self.central.extend_from_slice(&v.to_le_bytes());
        }
        self.central.extend_from_slice(&0u32.to_le_bytes());
        self.central.extend_from_slice(&offset.to_le_bytes());
        self.central.extend_from_slice(name);
        self.entries += 1;
        Ok(())
    }

    fn finish(mut self) -> std::io::Result<Vec<u8>> {
        let at = self.out.len() as u32;
        let size = self.central.len() as u32;
        self.out.extend_from_slice(&self.central);
        self.out.extend_from_slice(&0x0605_4b50u32.to_le_bytes());
        for v in [0u16, 0, self.entries, self.entries] {
            self.out.extend_from_slice(&v.to_le_bytes());
        }
        self.out.extend_from_slice(&size.to_le_bytes());
        self.out.extend_from_slice(&at.to_le_bytes());
        self.out.extend_from_slice(&0u16.to_le_bytes());
        if self.out.len() > u32::MAX as usize {
            return Err(std::io::Error::other("the workbook is too large for a zip file"));
        }
        Ok(self.out)
    }
}

/// Reads back the entries of an archive this module wrote: (name, contents). For tests.
pub fn read_entries(zip: &[u8]) -> Vec<(String, String)> {
    use std::io::Read;
    let mut out = Vec::new();
    let mut at = 0;
    while zip.len() >= at + 30 && zip[at..at + 4] == 0x0403_4b50u32.to_le_bytes() {
        let u32_at = |i: usize| u32::from_le_bytes([zip[i], zip[i + 1], zip[i + 2], zip[i + 3]]) as usize;
        let u16_at = |i: usize| u16::from_le_bytes([zip[i], zip[i + 1]]) as usize;
        let packed = u32_at(at + 18);
        let name_len = u16_at(at + 26);
        let extra = u16_at(at + 28);
        let name = String::from_utf8_lossy(&zip[at + 30..at + 30 + name_len]).to_string();
        let start = at + 30 + name_len + extra;
        let mut text = String::new();
        let _ = flate2::read::DeflateDecoder::new(&zip[start..start + packed]).read_to_string(&mut text);
        out.push((name, text));
        at = start + packed;
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn writes_sheets_that_read_back() {
        let sheets = vec![
            Sheet { name: "Parents: carers/other".into(), rows: vec![vec!["id".into(), "answer".into()], vec![1.into(), "=1+1 & <b>".into()]] },
            Sheet { name: "Parents  carers other".into(), rows: vec![vec!["x".into()]] },
        ];
        let bytes = workbook(&sheets).unwrap();
        assert_eq!(&bytes[..2], b"PK");
        let entries = read_entries(&bytes);
        let names: Vec<&str> = entries.iter().map(|(n, _)| n.as_str()).collect();
        assert_eq!(names, ["[Content_Types].xml", "_rels/.rels", "xl/workbook.xml", "xl/_rels/workbook.xml.rels", "xl/styles.xml", "xl/worksheets/sheet1.xml", "xl/worksheets/sheet2.xml"]);
        let workbook = &entries[2].1;
        assert!(workbook.contains("name=\"Parents  carers other\""));
        assert!(workbook.contains("name=\"Parents  carers other (2)\""));
        let sheet = &entries[5].1;
        assert!(sheet.contains("<c r=\"A2\"><v>1</v></c>"));
        assert!(sheet.contains("<c r=\"B2\" t=\"inlineStr\"><is><t xml:space=\"preserve\">=1+1 &amp; &lt;b&gt;</t></is></c>"), "text, never a formula");
        assert!(sheet.contains("<c r=\"A1\" s=\"1\" t=\"inlineStr\">"), "a bold header");
        assert_eq!(column(0), "A");
        assert_eq!(column(25), "Z");
        assert_eq!(column(26), "AA");
        assert_eq!(column(701), "ZZ");
        assert_eq!(column(702), "AAA");
    }
}
