//! Fonts for the PDF writer: Liberation Serif (embedded from `templates/fonts/`),
//! glyph advances for line breaking, and the subset embedded in each document.

use std::collections::BTreeMap;
use std::sync::OnceLock;

/// The four styles of the body font.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Style {
    Regular,
    Bold,
    Italic,
    BoldItalic,
}

impl Style {
    pub fn of(bold: bool, italic: bool) -> Style {
        match (bold, italic) {
            (false, false) => Style::Regular,
            (true, false) => Style::Bold,
            (false, true) => Style::Italic,
            (true, true) => Style::BoldItalic,
        }
    }

    pub const ALL: [Style; 4] = [
        Style::Regular,
        Style::Bold,
        Style::Italic,
        Style::BoldItalic,
    ];

    fn file(self) -> &'static str {
        match self {
            Style::Regular => "LiberationSerif-Regular.ttf",
            Style::Bold => "LiberationSerif-Bold.ttf",
            Style::Italic => "LiberationSerif-Italic.ttf",
            Style::BoldItalic => "LiberationSerif-BoldItalic.ttf",
        }
    }

    pub fn base_name(self) -> &'static str {
        match self {
            Style::Regular => "LiberationSerif",
            Style::Bold => "LiberationSerif-Bold",
            Style::Italic => "LiberationSerif-Italic",
            Style::BoldItalic => "LiberationSerif-BoldItalic",
        }
    }

    pub fn index(self) -> usize {
        self as usize
    }
}

/// Characters below this are looked up once and kept in a table.
const TABLE: usize = 0x2200;

/// A parsed font with its metrics.
pub struct Metrics {
    pub data: &'static [u8],
    face: ttf_parser::Face<'static>,
    pub upem: f32,
    pub ascent: f32,
    pub descent: f32,
    pub cap_height: f32,
    pub bbox: [f32; 4],
    pub italic_angle: f32,
    /// (glyph id, advance in font units) for chars below `TABLE`; gid 0 = missing.
    table: Vec<(u16, u16)>,
}

impl Metrics {
    fn load(style: Style) -> Result<Metrics, String> {
        let data = crate::embedded::FONT_FILES
            .iter()
            .find(|(n, _)| *n == style.file())
            .map(|(_, d)| *d)
            .ok_or_else(|| format!("font {} is not embedded", style.file()))?;
        let face =
            ttf_parser::Face::parse(data, 0).map_err(|e| format!("{}: {e}", style.file()))?;
        let upem = face.units_per_em() as f32;
        let b = face.global_bounding_box();
        let mut table = vec![(0u16, 0u16); TABLE];
        for (c, slot) in table.iter_mut().enumerate() {
            if let Some(ch) = char::from_u32(c as u32) {
                if let Some(g) = face.glyph_index(ch) {
                    *slot = (g.0, face.glyph_hor_advance(g).unwrap_or(0));
                }
            }
        }
        Ok(Metrics {
            data,
            upem,
            ascent: face.ascender() as f32,
            descent: face.descender() as f32,
            cap_height: face.capital_height().unwrap_or(1341) as f32,
            bbox: [
                b.x_min as f32,
                b.y_min as f32,
                b.x_max as f32,
                b.y_max as f32,
            ],
            italic_angle: face.italic_angle(),
            table,
            face,
        })
    }

    /// Glyph id and advance (font units) of `c`; missing characters give .notdef.
    pub fn glyph(&self, c: char) -> (u16, u16) {
        let (g, a) = if (c as usize) < TABLE {
            self.table[c as usize]
        } else {
            match self.face.glyph_index(c) {
                Some(g) => (g.0, self.face.glyph_hor_advance(g).unwrap_or(0)),
                None => (0, 0),
            }
        };
        if g == 0 {
            (
                0,
                self.face
                    .glyph_hor_advance(ttf_parser::GlyphId(0))
                    .unwrap_or(0),
            )
        } else {
            (g, a)
        }
    }

    /// Width of `s` at `size` points.
    pub fn width(&self, s: &str, size: f32) -> f32 {
        let units: u32 = s.chars().map(|c| self.glyph(c).1 as u32).sum();
        units as f32 * size / self.upem
    }
}

static METRICS: OnceLock<Result<Vec<Metrics>, String>> = OnceLock::new();

/// The four styles' metrics, loaded once per process.
pub fn metrics() -> Result<&'static [Metrics], String> {
    METRICS
        .get_or_init(|| Style::ALL.iter().map(|s| Metrics::load(*s)).collect())
        .as_ref()
        .map(|v| v.as_slice())
        .map_err(Clone::clone)
}

/// The glyphs a document uses from one font, numbered as in its subset.
#[derive(Default)]
pub struct Usage {
    pub remapper: subsetter::GlyphRemapper,
    /// New glyph id -> (the text it shows, advance in font units).
    pub glyphs: BTreeMap<u16, (String, u16)>,
}

impl Usage {
    /// The subset glyph id of `c`, recording its use.
    pub fn use_char(&mut self, m: &Metrics, c: char) -> u16 {
        let (g, adv) = m.glyph(c);
        let new = self.remapper.remap(g);
        self.glyphs
            .entry(new)
            .or_insert_with(|| (if g == 0 { String::new() } else { c.to_string() }, adv));
        new
    }

    pub fn is_empty(&self) -> bool {
        self.glyphs.is_empty()
    }
}
