//! QR codes for a survey's open link, as SVG (for print) and PNG (for documents
//! and social posts). The PNG encoder is a few lines over zlib rather than an image
//! library, as a QR code is only black and white squares.

use qrcode::{EcLevel, QrCode};

fn code(text: &str) -> Result<QrCode, qrcode::types::QrError> {
    // Level M survives a smudge or a crease on a printed poster.
    QrCode::with_error_correction_level(text.as_bytes(), EcLevel::M)
}

/// An SVG QR code for `text`, with a quiet zone, 8 units a module.
pub fn svg(text: &str) -> Result<String, qrcode::types::QrError> {
    Ok(code(text)?
        .render::<qrcode::render::svg::Color>()
        .min_dimensions(256, 256)
        .dark_color(qrcode::render::svg::Color("#000000"))
        .light_color(qrcode::render::svg::Color("#ffffff"))
        .build())
}

/// A PNG QR code for `text`: 8 pixels a module, 4 modules of quiet zone.
pub fn png(text: &str) -> Result<Vec<u8>, qrcode::types::QrError> {
    let qr = code(text)?;
    let modules = qr.width();
    let colors = qr.to_colors();
    let (scale, quiet) = (8usize, 4usize);
    let size = (modules + 2 * quiet) * scale;
    // One byte a pixel (greyscale), each row led by filter type 0.
    let mut raw = Vec::with_capacity(size * (size + 1));
    for y in 0..size {
        raw.push(0u8);
        for x in 0..size {
            let (mx, my) = ((x / scale) as isize - quiet as isize, (y / scale) as isize - quiet as isize);
            let dark = mx >= 0
                && my >= 0
                && (mx as usize) < modules
                && (my as usize) < modules
                && colors[my as usize * modules + mx as usize] == qrcode::Color::Dark;
            raw.push(if dark { 0 } else { 255 });
        }
    }
    Ok(encode_png(size as u32, &raw))
}

fn encode_png(size: u32, raw: &[u8]) -> Vec<u8> {
    use std::io::Write;
    let mut out = b"\x89PNG\r\n\x1a\n".to_vec();
    let mut header = Vec::with_capacity(13);
    header.extend_from_slice(&size.to_be_bytes());
    header.extend_from_slice(&size.to_be_bytes());
    header.extend_from_slice(&[8, 0, 0, 0, 0]); // 8-bit greyscale, deflate, no interlace
    chunk(&mut out, b"IHDR", &header);
    let mut zlib = flate2::write::ZlibEncoder::new(Vec::new(), flate2::Compression::default());
    zlib.write_all(raw).expect("writing to memory");
    chunk(&mut out, b"IDAT", &zlib.finish().expect("writing to memory"));
    chunk(&mut out, b"IEND", &[]);
    out
}

fn chunk(out: &mut Vec<u8>, kind: &[u8; 4], data: &[u8]) {
    out.extend_from_slice(&(data.len() as u32).to_be_bytes());
    out.extend_from_slice(kind);
    out.extend_from_slice(data);
    let mut crc = crc32fast::Hasher::new();
    crc.update(kind);
    crc.update(data);
    out.extend_from_slice(&crc.finalize().to_be_bytes());
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_png_is_a_well_formed_greyscale_image_of_the_right_size() {
        let png = png("http://127.0.0.1:3000/s/young-people").unwrap();
        assert_eq!(&png[..8], b"\x89PNG\r\n\x1a\n");
        assert_eq!(&png[12..16], b"IHDR");
        let width = u32::from_be_bytes(png[16..20].try_into().unwrap());
        assert_eq!(width % 8, 0);
        assert!(width >= (21 + 8) * 8);
        assert_eq!(&png[png.len() - 8..png.len() - 4], b"IEND");
        // The IHDR checksum is the CRC of its type and data.
        let mut crc = crc32fast::Hasher::new();
        crc.update(&png[12..29]);
        assert_eq!(u32::from_be_bytes(png[29..33].try_into().unwrap()), crc.finalize());
    }

    #[test]
    fn the_svg_is_an_svg() {
        let svg = svg("http://127.0.0.1:3000/s/schools").unwrap();
        assert!(svg.contains("<svg"));
        assert!(svg.contains("#000000"));
    }
}
