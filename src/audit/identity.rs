//! What a document is, for series: the text it holds whatever its format (a
//! normalised hash of its paragraphs, so that the TXT, DOCX and PDF of one text are
//! known as copies), the sanctions regime it renews (by the regime's founding
//! resolution), and where it falls in time (symbol, date in the text, year in the
//! file name).
//!
//! Computed in the per-document pass, while the document is parsed, and written to
//! `documents.csv` (`sanctions_regime`, `mandate`, `text_hash`), so that merged shards build
//! the same series as a whole run.

use crate::model::{Document, Part};
use regex::Regex;
use std::sync::LazyLock;

/// A hash of the text of a document's paragraphs after extraction: letters and
/// digits only, lower-cased, of every paragraph's content after its label, leaving
/// out the front matter (masthead, title) and notes, which the formats lay out
/// differently. The same text read from TXT, DOCX or PDF gives the same hash.
/// `0` when the document has no such text (nothing to compare).
pub fn text_hash(doc: &Document) -> u64 {
    let body = |p: &&crate::model::Paragraph| !matches!(p.part, Part::Front | Part::Notes);
    let mut h = Fnv::new();
    let mut any = false;
    let mut feed = |s: &str| {
        for c in s.chars().filter(|c| c.is_alphanumeric()) {
            for l in c.to_lowercase() {
                h.write_char(l);
                any = true;
            }
        }
    };
    let paras: Vec<_> = doc.paragraphs.iter().filter(body).collect();
    if paras.is_empty() {
        feed(&doc.text);
    } else {
        for p in paras {
            feed(&doc.text[p.body.clone()]);
        }
    }
    if any {
        h.0.max(1)
    } else {
        0
    }
}

/// FNV-1a, 64 bits: stable across runs, platforms and versions of Rust (the hash
/// is written to `documents.csv` and read back by `--merge`).
struct Fnv(u64);

impl Fnv {
    fn new() -> Fnv {
        Fnv(0xcbf2_9ce4_8422_2325)
    }
    fn write_char(&mut self, c: char) {
        let mut buf = [0u8; 4];
        for b in c.encode_utf8(&mut buf).bytes() {
            self.0 ^= u64::from(b);
            self.0 = self.0.wrapping_mul(0x0100_0000_01b3);
        }
    }
}

/// Sanctions regimes by founding resolution: the resolutions that founded, renamed
/// or carry the core measures of each, mapped to the founding one, and its name.
const REGIMES: &[(u32, &str, &[u32])] = &[
    (
        751,
        "Somalia/Al-Shabaab",
        &[
            733, 751, 1356, 1425, 1844, 1907, 2002, 2093, 2111, 2317, 2444, 2662, 2713,
        ],
    ),
    (918, "Rwanda", &[918, 1011]),
    (985, "Liberia", &[788, 985]),
    (1132, "Sierra Leone", &[1132, 1171]),
    (
        1267,
        "ISIL (Da'esh)/Al-Qaida",
        &[1267, 1333, 1390, 1989, 2083, 2161, 2253, 2368, 2610, 2734],
    ),
    (1343, "Liberia", &[1343, 1408, 1458, 1478]),
    (1518, "Iraq", &[661, 1483, 1518]),
    (1521, "Liberia", &[1521, 1532, 1903]),
    (
        1533,
        "Democratic Republic of the Congo",
        &[
            1493, 1533, 1596, 1807, 2293, 2360, 2424, 2478, 2528, 2582, 2641, 2688,
        ],
    ),
    (1572, "Côte d'Ivoire", &[1572, 1643]),
    (
        1591,
        "Sudan",
        &[
            1556, 1591, 1672, 1945, 2035, 2340, 2400, 2455, 2508, 2562, 2620, 2676,
        ],
    ),
    (1636, "Lebanon", &[1636]),
    (
        1718,
        "Democratic People's Republic of Korea",
        &[1718, 1874, 2087, 2094, 2270, 2321, 2371, 2375, 2397],
    ),
    (1737, "Iran", &[1737, 1747, 1803, 1929]),
    (
        1970,
        "Libya",
        &[
            1970, 1973, 2009, 2040, 2095, 2146, 2174, 2213, 2238, 2278, 2292, 2357, 2362, 2420,
            2441, 2473, 2509, 2526, 2571, 2578, 2644, 2701, 2733, 2769,
        ],
    ),
    (
        1988,
        "Taliban",
        &[1988, 2082, 2160, 2255, 2501, 2557, 2611, 2665, 2716],
    ),
    (2048, "Guinea-Bissau", &[2048]),
    (
        2127,
        "Central African Republic",
        &[
            2127, 2134, 2196, 2262, 2339, 2399, 2454, 2488, 2507, 2536, 2588, 2648, 2693, 2745,
        ],
    ),
    (
        2140,
        "Yemen",
        &[
            2140, 2204, 2216, 2266, 2342, 2402, 2456, 2511, 2564, 2624, 2675, 2707,
        ],
    ),
    (
        2206,
        "South Sudan",
        &[
            2206, 2290, 2353, 2418, 2428, 2471, 2521, 2577, 2633, 2683, 2731,
        ],
    ),
    (2374, "Mali", &[2374, 2432, 2484, 2541, 2590, 2649]),
    (2653, "Haiti", &[2653, 2699, 2752]),
];

/// The founding resolution of the regime `number` belongs to, if it is a known one.
pub fn founding(number: u32) -> Option<u32> {
    REGIMES
        .iter()
        .find(|(_, _, all)| all.contains(&number))
        .map(|(f, _, _)| *f)
}

/// How a regime is named in series keys: `sanctions 2140 (Yemen)`, or
/// `sanctions 1234` for a regime not in the table.
pub fn regime_name(founding: u32) -> String {
    match REGIMES.iter().find(|(f, _, _)| *f == founding) {
        Some((_, name, _)) => format!("sanctions {founding} ({name})"),
        None => format!("sanctions {founding}"),
    }
}

/// Citations of a sanctions regime: its committee, its measures, its panel or
/// group of experts or monitoring team (the resolution cited next).
static REGIME_CITE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(concat!(
        r"(?i)(?:Committee established (?:pursuant to|by) (?:paragraph \d+ of )?resolution",
        r"|measures (?:imposed|required|set out|specified|renewed|described) (?:by|in|under) (?:sub)?paragraphs? [^.;]{0,80}? of resolution",
        r"|measures (?:in|of) resolution",
        r"|(?:Panel|Group) of Experts[^.;]{0,160}?resolution",
        r"|Monitoring (?:Team|Group)[^.;]{0,160}?resolution",
        r"|authori[sz]ations (?:as )?set out in resolution",
        r")\s+(\d{1,4})\b"
    ))
    .unwrap()
});

/// An operative decision that keeps a sanctions regime going: renewing or
/// extending its measures, its panel, group or monitoring team, or its
/// enforcement authorisations; or deciding that States shall (continue to) take
/// its measures.
static SANCTIONS_ACTION: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(concat!(
        r"(?i)\b(?:decides|renews|extends)\b[^.;]{0,40}?\b(?:to )?(?:renew|extend|re-?establish|re\u{2011}establish|reappoint|continue)\b",
        r"[^;]{0,200}?\b(?:measures|sanctions|Panel of Experts|Group of Experts|Monitoring (?:Team|Group)|authori[sz]ations)\b",
        r"|(?i)\bdecides that all (?:Member )?States shall (?:continue to )?take the measures",
    ))
    .unwrap()
});

/// An operative decision extending a mission's (not a panel's) mandate.
static MISSION_ACTION: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?i:\b(?:extend|renew)s?\b[^.;]{0,60}?\bmandate of (?:the )?)(?:United Nations|African Union|[A-Z]{4,}\b)").unwrap()
});

/// The founding resolution of the sanctions regime a document keeps going, when it
/// is a sanctions text: an operative paragraph renews or extends a regime's
/// measures, panel or authorisations, and none extends a mission's mandate. The
/// regime is the one its citations name most often (committee, measures, panel),
/// each cited resolution mapped to its regime's founding one; `None` for any other
/// text, and for documents other than resolutions and drafts (which form no series).
pub fn sanctions_regime(doc: &Document) -> Option<u32> {
    if !doc.kind.is_resolution_like() {
        return None;
    }
    let ops: Vec<String> = doc
        .paragraphs
        .iter()
        .filter(|p| p.part == Part::Operative)
        .map(|p| collapse(&doc.text[p.body.clone()]))
        .collect();
    if ops.is_empty() || ops.iter().any(|t| MISSION_ACTION.is_match(t)) {
        return None;
    }
    if !ops.iter().any(|t| SANCTIONS_ACTION.is_match(t)) {
        return None;
    }
    let all = collapse(&doc.text);
    let mut counts: Vec<(u32, usize, usize)> = Vec::new();
    for (i, c) in REGIME_CITE.captures_iter(&all).enumerate() {
        let Some(n) = c.get(1).and_then(|m| m.as_str().parse::<u32>().ok()) else {
            continue;
        };
        let f = founding(n).unwrap_or(n);
        match counts.iter_mut().find(|(x, _, _)| *x == f) {
            Some(e) => e.1 += 1,
            None => counts.push((f, 1, i)),
        }
    }
    // Most cited; on a tie, a known regime, then the first cited.
    counts
        .into_iter()
        .max_by(|a, b| {
            a.1.cmp(&b.1)
                .then(founding(a.0).is_some().cmp(&founding(b.0).is_some()))
                .then(b.2.cmp(&a.2))
        })
        .map(|(f, _, _)| f)
}

/// White space collapsed to single spaces (citations run over line breaks).
fn collapse(s: &str) -> String {
    s.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// An operative decision renewing or authorising a mission, naming it by its
/// acronym: "extend ... the mandate of the United Nations Support Mission in Libya
/// (UNSMIL)", "extend ... UNSOM's mandate", "authorize ... to maintain the
/// deployment of ... AMISOM".
static MANDATE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(concat!(
        r"(?i:\b(?:extend|renew)s?\b)[^;]{0,120}?(?:",
        r"(?i:mandate of (?:the )?)(?:[^.;()]{0,160}?\(([A-Z]{3,10})\)|([A-Z]{3,10})\b)",
        r"|\b([A-Z]{3,10})[’']s mandate)",
        r"|(?i:\bauthori[sz]es?\b)[^;]{0,120}?(?i:maintain the deployment of )[^.;]{0,100}?\b([A-Z]{4,10})\b",
    ))
    .unwrap()
});

/// The mission whose mandate a resolution or draft renews or authorises, by its
/// acronym (`AMISOM`), from its first operative paragraph that does; `None` when
/// none does.
pub fn mandated_mission(doc: &Document) -> Option<String> {
    if !doc.kind.is_resolution_like() {
        return None;
    }
    doc.paragraphs
        .iter()
        .filter(|p| p.part == Part::Operative)
        .find_map(|p| {
            let t = collapse(&doc.text[p.body.clone()]);
            let c = MANDATE.captures(&t)?;
            (1..=4)
                .find_map(|i| c.get(i))
                .map(|m| m.as_str().to_string())
        })
}

/// Whether a mission name is an acronym (`UNSOM`), not a country (`Cyprus`).
pub fn is_acronym(s: &str) -> bool {
    s.len() >= 3 && s.chars().all(|c| c.is_ascii_uppercase())
}

/// How a series member was placed in time, best first.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum Placed {
    /// By its symbol: resolution number and year, or the year and number of
    /// `S/YYYY/NNN`.
    Symbol,
    /// By a date printed in its text.
    DateInText,
    /// By a year in its file name.
    FileNameYear,
    /// Nothing to place it by: after the others.
    Unknown,
}

impl Placed {
    pub fn as_str(self) -> &'static str {
        match self {
            Placed::Symbol => "symbol",
            Placed::DateInText => "date-in-text",
            Placed::FileNameYear => "file-name-year",
            Placed::Unknown => "unknown",
        }
    }
}

/// Where a document falls in time: year, then the symbol's number (resolutions
/// are numbered through the years, `S/YYYY/N` documents through their year, both
/// in the order the Council issued them), then the day of the year of a date in
/// its text; and how it was placed. Compare the keys as tuples (missing parts
/// sort last).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub struct When {
    pub year: u16,
    pub number: u32,
    pub day: u16,
}

static DOC_SYMBOL: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"^S/(\d{4})/(\d{1,5})\b").unwrap());
static RES_SYMBOL: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"^S/RES/(\d{1,4}) \((\d{4})\)").unwrap());
static DATE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"\b(\d{1,2})\s+(January|February|March|April|May|June|July|August|September|October|November|December)\s+((?:19|20)\d{2})\b").unwrap()
});
static FILE_YEAR: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"(?:^|[^0-9])((?:19[4-9]|20[0-9])[0-9])(?:[^0-9]|$)").unwrap());

const MONTHS: [&str; 12] = [
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
];

/// Day of the year (1..=366, months counted as 31 days: only the order matters)
/// and year of a date written `15 March 2018`.
pub fn parse_date(s: &str) -> Option<(u16, u16)> {
    let c = DATE.captures(s)?;
    let day: u16 = c[1].parse().ok()?;
    let month = MONTHS.iter().position(|m| *m == &c[2])? as u16;
    let year: u16 = c[3].parse().ok()?;
    Some((year, month * 31 + day))
}

/// The last year (1940-2099) in a path's file name.
pub fn file_name_year(path: &str) -> Option<u16> {
    let name = path.rsplit(['/', '\\']).next().unwrap_or(path);
    FILE_YEAR
        .captures_iter(name)
        .last()
        .and_then(|c| c[1].parse().ok())
}

/// When a document was adopted or issued, as far as its symbol, its date and its
/// file name tell, and which of them placed it.
pub fn when(
    symbol: &str,
    resolution_number: Option<u32>,
    date: &str,
    path: &str,
) -> (When, Placed) {
    const NONE: u32 = u32::MAX;
    let day = parse_date(date);
    let day_of = |y: u16| day.filter(|d| d.0 == y).map_or(u16::MAX, |d| d.1);
    if let Some(c) = RES_SYMBOL.captures(symbol) {
        if let (Ok(n), Ok(y)) = (c[1].parse::<u32>(), c[2].parse::<u16>()) {
            let n = resolution_number.unwrap_or(n);
            return (
                When {
                    year: y,
                    number: n,
                    day: day_of(y),
                },
                Placed::Symbol,
            );
        }
    }
    if let Some(c) = DOC_SYMBOL.captures(symbol) {
        if let (Ok(y), Ok(n)) = (c[1].parse::<u16>(), c[2].parse::<u32>()) {
            return (
                When {
                    year: y,
                    number: n,
                    day: day_of(y),
                },
                Placed::Symbol,
            );
        }
    }
    if let Some((y, d)) = day {
        return (
            When {
                year: y,
                number: NONE,
                day: d,
            },
            Placed::DateInText,
        );
    }
    if let Some(y) = file_name_year(path) {
        return (
            When {
                year: y,
                number: NONE,
                day: u16::MAX,
            },
            Placed::FileNameYear,
        );
    }
    (UNKNOWN, Placed::Unknown)
}

/// The time of a text that cannot be placed: after all others.
pub const UNKNOWN: When = When {
    year: u16::MAX,
    number: u32::MAX,
    day: u16::MAX,
};

#[cfg(test)]
mod tests {
    use super::*;

    fn doc(text: &str) -> Document {
        crate::structure::parse(
            "t.txt",
            crate::read::read_bytes(
                std::path::Path::new("t.txt"),
                text.as_bytes(),
                &Default::default(),
            )
            .unwrap(),
        )
    }

    #[test]
    fn symbols_place_drafts_by_number_not_as_text() {
        let a = when("S/2018/341", None, "", "x");
        let b = when("S/2018/1021", None, "", "x");
        assert_eq!(a.1, Placed::Symbol);
        assert!(a.0 < b.0, "S/2018/341 comes before S/2018/1021");
        let r = when("S/RES/1709 (2006)", Some(1709), "22 September 2006", "x");
        let s = when("S/RES/1706 (2006)", Some(1706), "", "x");
        assert!(
            s.0 < r.0,
            "numbers order resolutions, a date does not overtake them"
        );
    }

    #[test]
    fn dates_then_file_name_years_then_nothing() {
        let (w, p) = when("", None, "14 August 2003", "draft.txt");
        assert_eq!((w.year, p), (2003, Placed::DateInText));
        let (w, p) = when("", None, "", "drafts/DRAFT-unbench-t3-22-UNAMI-2004.txt");
        assert_eq!((w.year, p), (2004, Placed::FileNameYear));
        let (w2, _) = when("S/2022/426", None, "", "x");
        assert!(w < w2, "a 2004 draft before a 2022 one");
        let (u, p) = when("", None, "", "drafts/DRAFT-unbench-t3-07-Liberia-UNMIL.txt");
        assert_eq!(p, Placed::Unknown);
        assert!(w2 < u, "undated texts go last");
        assert_eq!(file_name_year("a/S_RES_0849_1993_EN_GOLD.txt"), Some(1993));
        assert_eq!(file_name_year("Libya-2146-2022.txt"), Some(2022));
        assert!(parse_date("15 March 2018") < parse_date("1 April 2018"));
    }

    const SANCTIONS: &str = "The Security Council,\n\nRecalling its previous resolutions on Yemen, in particular resolutions 2140 (2014) and 2216 (2015),\n\nActing under Chapter VII of the Charter of the United Nations,\n\n1. Decides to renew until 28 February 2026 the measures imposed by paragraphs 11 and 15 of resolution 2140 (2014);\n\n2. Decides to extend until 28 March 2026 the mandate of the Panel of Experts as set out in paragraph 21 of\nresolution 2140 (2014), and requests the Panel to report to the Committee established pursuant to resolution 2140 (2014);\n\n3. Decides to remain actively seized of the matter.\n";

    const MISSION: &str = "The Security Council,\n\nRecalling its previous resolutions on the Central African Republic,\n\n1. Decides to extend until 15 November 2026 the mandate of the United Nations Multidimensional Integrated Stabilization Mission in the Central African Republic (MINUSCA);\n\n2. Requests MINUSCA to assist the Committee established pursuant to resolution 2127 (2013) and the Panel of Experts established pursuant to resolution 2127 (2013);\n\n3. Decides to remain actively seized of the matter.\n";

    #[test]
    fn a_sanctions_renewal_is_known_by_its_founding_resolution() {
        assert_eq!(sanctions_regime(&doc(SANCTIONS)), Some(2140));
        // Citing the measures of a later resolution of the regime gives the same one.
        let later = SANCTIONS.replace(
            "paragraphs 11 and 15 of resolution 2140",
            "paragraph 14 of resolution 2216",
        );
        assert_eq!(sanctions_regime(&doc(&later)), Some(2140));
        assert_eq!(regime_name(2140), "sanctions 2140 (Yemen)");
    }

    #[test]
    fn a_mission_mandate_citing_a_committee_is_not_a_sanctions_text() {
        assert_eq!(sanctions_regime(&doc(MISSION)), None);
        assert_eq!(mandated_mission(&doc(MISSION)).as_deref(), Some("MINUSCA"));
        assert_eq!(mandated_mission(&doc(SANCTIONS)), None);
    }

    #[test]
    fn the_mission_a_text_renews_or_authorises_is_named_by_its_acronym() {
        let text = |op: &str| {
            format!("The Security Council,\n\nRecalling its previous resolutions on Somalia, including on UNSOM,\n\n1. {op}\n\n2. Decides to remain actively seized of the matter.\n")
        };
        let cases = [
            ("Decides to extend until 31 March 2020 UNSOM’s mandate as set out in paragraph 1 of resolution 2158 (2014);", Some("UNSOM")),
            ("Decides to authorize the Member States of the African Union to maintain the deployment of the African Union Mission in Somalia (AMISOM) until 31 July 2018;", Some("AMISOM")),
            ("Decides to authorise the Member States of the AU to maintain the deployment of 19,626 uniformed AMISOM personnel until 28 February 2021;", Some("AMISOM")),
            ("Decides to extend the mandate of UNISFA until 15 November 2019;", Some("UNISFA")),
            ("Decides to extend the mandate of the Panel of Experts until 15 March 2020;", None),
            ("Requests UNSOM to support the Federal Government of Somalia;", None),
        ];
        for (op, want) in cases {
            assert_eq!(mandated_mission(&doc(&text(op))).as_deref(), want, "{op}");
        }
    }

    #[test]
    fn copies_hash_alike_whatever_the_layout_and_changes_do_not() {
        let a = doc(SANCTIONS);
        let relaid = SANCTIONS
            .replace("\n\n", "\n\n\n")
            .replace("of\nresolution", "of resolution")
            .replace(' ', "  ");
        let b = doc(&format!(
            "United Nations S/2025/99\nSecurity Council\n\n{relaid}"
        ));
        assert_ne!(text_hash(&a), 0);
        assert_eq!(text_hash(&a), text_hash(&b));
        let changed = doc(&SANCTIONS.replace("28 February 2026", "28 February 2027"));
        assert_ne!(text_hash(&a), text_hash(&changed));
    }
}
