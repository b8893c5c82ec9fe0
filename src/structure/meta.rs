//! Document kind, metadata and noise lines, found in the text itself (with the file
//! name as a last resort for the symbol).

use crate::model::{DocKind, Metadata};
use regex::Regex;
use std::sync::LazyLock;

static SYMBOL_RES: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"\bS/RES/(\d{1,4})\s*\((\d{4})\)").unwrap());
static SYMBOL_DOC: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"\bS/(\d{4})/(\d{1,5})((?:/(?:Rev|Add|Corr)\.\d+)*)").unwrap());
static RES_HEADING: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?i)^\s*(?:resolution\s+(\d{1,4})\s*\((\d{4})\)\s*$|(\d{1,4})\s*\((\d{4})\)\.?\s+resolution of\b)").unwrap()
});
static DATE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"\b(\d{1,2})\s+(January|February|March|April|May|June|July|August|September|October|November|December)\s+((?:19|20)\d{2})\b").unwrap()
});
static MISSION_DEF: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(
        r"\(\s*[“”]?((?:UN|MINU|MONU|BINU|ONU|MIPONU|MINURCA)[A-Z]{1,7}|UNAMID|UNMIK)[”]?\s*\)",
    )
    .unwrap()
});
static MISSION_TOKEN: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"\b((?:UN|MINU|MONU|BINU|ONU)[A-Z]{2,7})\b").unwrap());
static MANDATE_OF: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?:extend|renew)s?\b[^.;]{0,60}?\bmandate of (?:the )?((?:UN|MINU|MONU|BINU|ONU)[A-Z]{2,7})\b|\b((?:UN|MINU|MONU|BINU|ONU)[A-Z]{2,7})[’']s mandate").unwrap()
});
static COUNTRY: LazyLock<Regex> = LazyLock::new(|| {
    // A name may run over a line break ("Southern\nRhodesia").
    Regex::new(r"(?:situation in|situation concerning|concerning|regarding the situation in|on the situation in)\s+(?:the\s+)?((?:[A-Z][a-z’'\-]+)(?:(?:[ \t]*\n?[ \t]*(?:of the|of|and|d’|de))?[ \t]*\n?[ \t]*[A-Z][a-z’'\-]+){0,5})").unwrap()
});
static FILE_RES: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"(?i)\bS[-_]RES[-_]0*(\d{1,4})[-_]((?:19|20)\d{2})").unwrap());
static FILE_DOC: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"(?i)\bS[-_]((?:19|20)\d{2})[-_](\d{1,5})\b").unwrap());

/// Lines that are page furniture, not text: job numbers, barcodes, page numbers,
/// running heads with the symbol.
static NOISE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(concat!(
        r"^\s*(?:",
        // job number, with the recycling note as extraction spells it
        r"\d{2}[-\u{2010}\u{2011}]\d{4,6}\s*(?:\([A-Z]\))?(?:\s+\d{6})?(?:\s+Ple{1,2}[ae]?se\s+recycle)?(?:\s+\*\d+\*)?",
        r"|\*\d{6,}\*",                                                // barcode text
        r"|\d{1,3}\s*/\s*\d{1,3}",                                     // page/total
        r"|[-–]\s*\d{1,3}\s*[-–]",                                     // - 3 -
        r"|\d{1,3}",                                                   // bare page number
        r"|(?:Page|page)\s+\d{1,3}(?:\s+of\s+\d{1,3})?",
        r"|S/(?:RES/)?\d{1,4}(?:/\d{1,5})?(?:\s*\(\d{4}\))?(?:/(?:Rev|Add|Corr)\.\d+)*\s*(?:\d{1,3}(?:/\d{1,3})?)?", // running head
        r"|\d{1,3}(?:/\d{1,3})?\s+S/(?:RES/)?\d{1,4}(?:/\d{1,5})?(?:\s*\(\d{4}\))?",
        r")\s*$"
    ))
    .unwrap()
});

/// True for a line that is page furniture.
pub fn is_noise_line(line: &str) -> bool {
    let t = line.trim();
    // A job number line may be spread over the page width before its recycling note.
    // Every kind of furniture starts with a digit, '*', a dash, "Page" or "S/":
    // that test spares the regex nearly every line of text.
    t.starts_with(|c: char| c.is_ascii_digit() || matches!(c, '*' | '-' | '–' | 'P' | 'p' | 'S'))
        && (t.len() < 80 || (t.len() < 200 && t.starts_with(|c: char| c.is_ascii_digit())))
        && NOISE.is_match(t)
}

static COUNCIL_OPENER: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r#"^\s*[“"]?The Security Council\s*[,.:]?\s*(?:$|[A-Z])"#).unwrap()
});

/// True for the line that opens a resolution's text.
pub fn is_council_opener(line: &str) -> bool {
    // The regex's own prefix, tested first (`\s` and `trim_start` agree on spaces).
    line.trim_start()
        .trim_start_matches(['“', '"'])
        .starts_with("The Security Council")
        && COUNCIL_OPENER.is_match(line)
}

/// Tells the kind of document from its first lines.
pub fn detect_kind(lines: &[&str]) -> DocKind {
    let head: Vec<&str> = lines
        .iter()
        .map(|l| l.trim())
        .filter(|l| !l.is_empty())
        .take(40)
        .collect();
    let starts = |p: &str| head.iter().take(25).any(|l| l.starts_with(p));
    // The head lines in lower case, once (the patterns hold no line break).
    let lower = head.join("\n").to_lowercase();
    let contains = |p: &str| lower.contains(p);
    let adopted_heading = head
        .iter()
        .take(12)
        .any(|l| RES_HEADING.is_match(l) || l.starts_with("Adopted by the Security Council"));
    let opener = adopted_heading || lines.iter().take(200).any(|l| is_council_opener(l));
    if starts("Letter dated") || starts("Identical letters dated") || starts("Note verbale dated") {
        return DocKind::Letter;
    }
    if contains("summary of the meeting")
        || contains("meeting summary")
        || contains("summary of the informal expert group")
        || (contains("informal expert group") && contains("meeting") && !opener)
    {
        return DocKind::MeetingSummary;
    }
    if contains("report of the secretary-general") && !opener {
        return DocKind::Report;
    }
    if opener {
        let adopted = head.iter().any(|l| {
            RES_HEADING.is_match(l)
                || l.starts_with("Adopted by the Security Council")
                || SYMBOL_RES.is_match(l)
        });
        let draft = contains("distr.: limited") || contains("draft resolution");
        return if adopted && !draft {
            DocKind::Resolution
        } else {
            DocKind::DraftResolution
        };
    }
    // No opener: a report whose title is not in the first lines still has Roman
    // numbered sections and numbered paragraphs.
    let roman = lines
        .iter()
        .filter(|l| {
            let t = l.trim_start();
            t.starts_with("I. ") || t.starts_with("II. ") || t.starts_with("III. ")
        })
        .count();
    if roman >= 2 {
        return DocKind::Report;
    }
    DocKind::Other
}

/// Metadata from the front lines (masthead, title) and the whole text.
pub fn detect_metadata(front: &str, text: &str, path: &str) -> Metadata {
    let mut m = Metadata::default();
    let head: String = text.chars().take(1500).collect();
    if let Some(c) = SYMBOL_RES.captures(front) {
        m.symbol = Some(format!("S/RES/{} ({})", &c[1], &c[2]));
        m.resolution_number = c[1].parse().ok();
        m.year = c[2].parse().ok();
    } else if let Some(c) = head.lines().find_map(|l| RES_HEADING.captures(l)) {
        let (n, y) = match (c.get(1), c.get(2)) {
            (Some(n), Some(y)) => (n.as_str(), y.as_str()),
            _ => (&c[3], &c[4]),
        };
        m.symbol = Some(format!("S/RES/{n} ({y})"));
        m.resolution_number = n.parse().ok();
        m.year = y.parse().ok();
    } else if let Some(c) = SYMBOL_DOC.captures(front) {
        m.symbol = Some(format!("S/{}/{}{}", &c[1], &c[2], &c[3]));
        m.year = c[1].parse().ok();
    } else {
        let name = std::path::Path::new(path)
            .file_name()
            .map(|n| n.to_string_lossy().into_owned())
            .unwrap_or_default();
        if let Some(c) = FILE_RES.captures(&name) {
            let n: u32 = c[1].parse().unwrap_or(0);
            m.symbol = Some(format!("S/RES/{} ({})", n, &c[2]));
            m.resolution_number = Some(n);
            m.year = c[2].parse().ok();
        } else if let Some(c) = FILE_DOC.captures(&name) {
            m.symbol = Some(format!("S/{}/{}", &c[1], &c[2]));
            m.year = c[1].parse().ok();
        }
    }
    if let Some(c) = DATE.captures(front) {
        m.date = Some(format!("{} {} {}", &c[1], &c[2], &c[3]));
        if m.year.is_none() {
            m.year = c[3].parse().ok();
        }
    }
    m.title = front
        .lines()
        .map(str::trim)
        .find(|l| {
            l.starts_with("Letter dated")
                || l.starts_with("Identical letters dated")
                || RES_HEADING.is_match(l)
                || l.to_lowercase().contains("report of the secretary-general")
                || l.starts_with("Summary of")
        })
        .map(|l| l.chars().take(200).collect());
    m.mission = detect_mission(text);
    m
}

fn detect_mission(text: &str) -> Option<String> {
    use std::collections::HashMap;
    let mut defined: Vec<String> = Vec::new();
    for c in MISSION_DEF.captures_iter(text).take(50) {
        let s = c[1].to_string();
        if !defined.contains(&s) {
            defined.push(s);
        }
    }
    let mut counts: HashMap<&str, usize> = HashMap::new();
    for c in MISSION_TOKEN.captures_iter(text) {
        let t = c.get(1).unwrap().as_str();
        if matches!(
            t,
            "UNHCR"
                | "UNICEF"
                | "UNDP"
                | "UNFPA"
                | "UNESCO"
                | "UNODC"
                | "UNOPS"
                | "UNMAS"
                | "UNEP"
                | "UNAIDS"
                | "UNITAR"
                | "UNCT"
                | "UNPOL"
                | "UNSC"
                | "UNGA"
                | "UNSG"
                | "UNRWA"
                | "UNCLOS"
                | "UNIDIR"
                | "UNCTAD"
                | "UNIDO"
                // Capitalised words of old texts ("UNITED NATIONS"), not missions.
                | "UNITED"
                | "UNION"
                | "UNIONS"
                | "UNDER"
                | "UNTIL"
                | "UNLESS"
                | "UNABLE"
                | "UNANIMOUS"
                | "UNANIMOUSLY"
                | "UNIVERSAL"
                | "UNKNOWN"
        ) {
            continue;
        }
        *counts.entry(t).or_default() += 1;
    }
    // The mission whose mandate the text renews or sets wins; then the most
    // frequent acronym the text defines; then the most frequent one.
    if let Some(c) = MANDATE_OF.captures(text) {
        if let Some(m) = c.get(1).or(c.get(2)) {
            return Some(m.as_str().to_string());
        }
    }
    let best = counts
        .iter()
        .filter(|(k, _)| defined.is_empty() || defined.iter().any(|d| d == *k))
        .max_by(|a, b| a.1.cmp(b.1).then(b.0.cmp(a.0)))
        .or_else(|| counts.iter().max_by(|a, b| a.1.cmp(b.1).then(b.0.cmp(a.0))))
        .map(|(k, _)| k.to_string());
    if best.is_some() {
        return best;
    }
    // The first capitalised phrase after "situation in", "concerning"... that names
    // a place: not a treaty, declaration or other instrument ("Treaty concerning
    // the Establishment of ...", "Declaration ... concerning Friendly Relations").
    COUNTRY.captures_iter(text).find_map(|c| {
        let m = c.get(1)?;
        let first = m.as_str().split_whitespace().next().unwrap_or("");
        if NOT_PLACES.contains(&first) {
            return None;
        }
        let mut name = m.as_str().split_whitespace().collect::<Vec<_>>().join(" ");
        // A name broken over a line with a hyphen ("Cambo-\ndia") is read whole.
        let after = &text[m.end()..];
        let rest = after.trim_start();
        if name.ends_with('-') && rest.len() < after.len() {
            let tail = &rest[..rest.find(|c: char| !c.is_lowercase()).unwrap_or(rest.len())];
            if !tail.is_empty() {
                name.pop();
                name.push_str(tail);
            }
        }
        Some(name)
    })
}

/// Capitalised words after "concerning" that open the name of an instrument,
/// body or act, not of a place.
const NOT_PLACES: &[&str] = &[
    "Agreement",
    "Agreements",
    "Convention",
    "Declaration",
    "Establishment",
    "Friendly",
    "Implementation",
    "Measures",
    "Portuguese",
    "Principles",
    "Question",
    "Report",
    "Reports",
    "Situation",
    "Treaty",
];

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn noise_lines() {
        for l in [
            "18-04567 (E)    160318",
            "10\u{2011}70583 (E)  221210",
            "23-15068 (E) 040823 Pleese recycle",
            "22-09852 (E)      230622                                                                              Pleese recycle",
            "*1804567*",
            "3/17",
            "S/2018/221",
            "S/RES/1445 (2002)",
            "  12  ",
            "2/10  S/2019/266",
            "- 4 -",
            "Page 3",
        ] {
            assert!(is_noise_line(l), "{l:?}");
        }
        for l in [
            "3.",
            "(a) Protection of civilians:",
            "Recalling its resolution 1325 (2000),",
            "14. Requests UNMISS",
        ] {
            assert!(!is_noise_line(l), "{l:?}");
        }
    }

    #[test]
    fn metadata_from_masthead_and_name() {
        let front =
            "United Nations S/RES/1445 (2002)\nSecurity Council Distr.: General\n4 December 2002\n";
        let m = detect_metadata(front, front, "x.txt");
        assert_eq!(m.symbol.as_deref(), Some("S/RES/1445 (2002)"));
        assert_eq!(m.year, Some(2002));
        assert_eq!(m.date.as_deref(), Some("4 December 2002"));
        let m = detect_metadata("", "The Security Council,\n", "drafts/S-2018-221-draft.txt");
        assert_eq!(m.symbol.as_deref(), Some("S/2018/221"));
        let m = detect_metadata("", "", "archive/S_RES_0820_1993_EN_GOLD.txt");
        assert_eq!(m.symbol.as_deref(), Some("S/RES/820 (1993)"));
    }

    #[test]
    fn a_country_name_over_a_line_break_and_capitals_are_not_missions() {
        let t = "UNITED NATIONS\nSECURITY COUNCIL\nThe Security Council,\nConsidering the situation in Southern\nRhodesia,\n1. Condemns ...";
        assert_eq!(detect_mission(t).as_deref(), Some("Southern Rhodesia"));
        let t = "UNITED NATIONS\nThe Security Council,\nConcerned by the situation concerning Western\n  Sahara and the Republic of\nCyprus,";
        assert_eq!(detect_mission(t).as_deref(), Some("Western Sahara"));
        let t = "Concerning the situation in the Republic\nof the Congo, UNDER the terms of ...";
        assert_eq!(detect_mission(t).as_deref(), Some("Republic of the Congo"));
        let t = "report concerning the security situation in Cambo-\ndia during the period";
        assert_eq!(detect_mission(t).as_deref(), Some("Cambodia"));
        // Instruments named after "concerning" are not places; the next phrase is.
        let t = "Treaty concerning the Establishment of the Republic of Cyprus; the situation in Cyprus";
        assert_eq!(detect_mission(t).as_deref(), Some("Cyprus"));
        let t = "the Declaration on Principles of International Law concerning Friendly Relations";
        assert_eq!(detect_mission(t), None);
    }

    #[test]
    fn mission_is_the_defined_acronym() {
        let t = "the United Nations Mission in the Republic of South Sudan (UNMISS), with UNHCR and UNHCR; UNMISS shall; UNMISS";
        assert_eq!(detect_mission(t).as_deref(), Some("UNMISS"));
        assert_eq!(
            detect_mission("Recalling its resolutions concerning Yemen,").as_deref(),
            Some("Yemen")
        );
    }
}
