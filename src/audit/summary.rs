//! `summary.pdf`: the audit's summary as a Council-style document, rendered by the
//! letters' engine (`render`) from the `audit-summary` template. This module only
//! turns the audit's results into the template's data.

use super::record::has_evidence;
use super::Results;
use crate::render::{OutputFormat, RenderError, RenderOptions, Renderer};
use serde_json::{json, Value};

/// Rows of the series table and of the error table before the rest is only counted.
pub const MAX_ROWS: usize = 200;

/// The template's name.
pub const TEMPLATE: &str = "audit-summary";

/// A share in per cent as the monitors write it: whole numbers, one decimal
/// below 1 (so that 1 document in 400 is not "0").
pub fn per_cent(part: usize, whole: usize) -> String {
    if whole == 0 {
        return "0".into();
    }
    let p = part as f64 * 100.0 / whole as f64;
    if p > 0.0 && p < 1.0 {
        format!("{p:.1}")
    } else {
        format!("{}", p.round() as u64)
    }
}

/// The file name of a path (the whole path is in the tables).
fn file_name(p: &str) -> String {
    std::path::Path::new(p)
        .file_name()
        .map_or_else(|| p.to_string(), |n| n.to_string_lossy().into_owned())
}

/// A series name as the table shows it: a symbol, or the file name of a path.
fn shown(name: &str) -> String {
    let lower = name.to_ascii_lowercase();
    if [".txt", ".text", ".docx", ".pdf"]
        .iter()
        .any(|e| lower.ends_with(e))
    {
        file_name(name)
    } else {
        name.to_string()
    }
}

/// The data of the `audit-summary` template.
pub fn data(res: &Results) -> Value {
    let lex = res.lex;
    // Shares count each text once: later copies (`duplicate_of`) are left out.
    let read = res.records.iter().filter(|r| r.ok()).count();
    let ok: Vec<_> = res.records.iter().filter(|r| r.distinct()).collect();
    let copies = read - ok.len();
    let with_wps = ok.iter().filter(|r| r.has_wps()).count();
    let years: Vec<u16> = ok.iter().filter_map(|r| r.year).collect();
    let (first, last) = (years.iter().min(), years.iter().max());

    let kinds: Vec<Value> = {
        let mut names: Vec<&str> = ok.iter().map(|r| r.kind.as_str()).collect();
        names.sort_unstable();
        names.dedup();
        names
            .into_iter()
            .map(|k| {
                let of: Vec<_> = ok.iter().filter(|r| r.kind == k).collect();
                let w = of.iter().filter(|r| r.has_wps()).count();
                json!({"kind": k, "documents": of.len(), "with_wps": w, "share": per_cent(w, of.len())})
            })
            .collect()
    };
    let by_year: Vec<Value> = res
        .trends
        .iter()
        .filter(|t| t.kind == "all")
        .map(|t| {
            json!({
                "year": t.year.map_or_else(|| "no year".to_string(), |y| y.to_string()),
                "documents": t.documents,
                "with_wps": t.with_wps,
                "share": per_cent(t.with_wps, t.documents),
            })
        })
        .collect();
    let areas: Vec<Value> = lex
        .areas
        .iter()
        .enumerate()
        .map(|(i, a)| {
            let n = ok
                .iter()
                .filter(|r| r.areas.get(i).is_some_and(|&s| has_evidence(s)))
                .count();
            json!({"id": a.id, "name": a.name, "documents": n, "share": per_cent(n, ok.len())})
        })
        .collect();

    let regressions: Vec<_> = res.changes.iter().filter(|c| c.is_regression()).collect();
    let additions = res.changes.iter().filter(|c| c.is_addition()).count();
    let name = |id: &String| {
        lex.area_by_id(id)
            .map_or_else(|| id.clone(), |i| lex.areas[i].name.clone())
    };
    let names = |ids: &[String]| ids.iter().map(name).collect::<Vec<_>>().join("; ");
    let changes: Vec<Value> = regressions
        .iter()
        .take(MAX_ROWS)
        .map(|c| {
            json!({
                "series": c.series.split_once(':').map_or(c.series.as_str(), |(_, m)| m),
                "text": if c.symbol.is_empty() { file_name(&c.path) } else { c.symbol.clone() },
                "previous": shown(&c.previous),
                "dropped": names(&c.areas_dropped),
                "weakened": names(&c.areas_weakened),
                "regressed": c.regressed.unwrap_or(0),
            })
        })
        .collect();
    let failed: Vec<_> = res.records.iter().filter(|r| !r.ok()).collect();
    let errors: Vec<Value> = failed
        .iter()
        .take(MAX_ROWS)
        .map(|r| json!({"path": r.path, "error": r.error}))
        .collect();

    let scope = match (first, last) {
        (Some(f), Some(l)) if f != l => format!("{} documents, {f} to {l}", res.records.len()),
        (Some(f), _) => format!("{} documents, {f}", res.records.len()),
        _ => format!("{} documents", res.records.len()),
    };
    json!({
        "title": "Women and peace and security in Security Council documents: audit summary",
        "scope": scope,
        "version": env!("CARGO_PKG_VERSION"),
        "lexicon": format!("{} {}", lex.name, lex.version),
        "documents": res.records.len(),
        "audited": read,
        "distinct": ok.len(),
        "copies": copies,
        "unreadable": failed.len(),
        "with_wps": with_wps,
        "share": per_cent(with_wps, ok.len()),
        "first_year": first.map(|y| y.to_string()),
        "last_year": last.map(|y| y.to_string()),
        "kinds": kinds,
        "years": by_year,
        "areas": areas,
        "series": res.info.series,
        "regressions": regressions.len(),
        "additions": additions,
        "changes": changes,
        "changes_more": regressions.len().saturating_sub(MAX_ROWS),
        "errors": errors,
        "errors_more": failed.len().saturating_sub(MAX_ROWS),
        "notes": res.info.notes,
    })
}

/// The summary as PDF bytes, with the templates of `r` (the embedded ones, or a
/// `--templates` folder over them).
pub fn pdf(res: &Results, r: &Renderer) -> Result<Vec<u8>, RenderError> {
    r.render(
        TEMPLATE,
        &data(res),
        OutputFormat::Pdf,
        &RenderOptions::default(),
    )
}

#[cfg(test)]
mod tests {
    use super::per_cent;

    #[test]
    fn shares_are_whole_numbers_but_never_a_false_zero() {
        assert_eq!(per_cent(48, 100), "48");
        assert_eq!(per_cent(1, 3), "33");
        assert_eq!(per_cent(2, 3), "67");
        assert_eq!(per_cent(1, 300), "0.3");
        assert_eq!(per_cent(0, 400), "0");
        assert_eq!(per_cent(0, 0), "0");
        assert_eq!(per_cent(5, 5), "100");
    }
}
