//! The data of the `recommendations` note (seed 003's format) from `check` findings:
//! the JSON of `wpslens check --format json` (contract version 1, see
//! `src/report/json.rs`), grouped per document and area, one recommendation per rule
//! and kind with every paragraph it concerns.

use serde_json::{json, Map, Value};

/// Why the data could not be built (the findings file is not `check` JSON).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FindingsError(pub String);

impl std::fmt::Display for FindingsError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.0)
    }
}

fn s<'a>(v: &'a Value, k: &str) -> &'a str {
    v.get(k).and_then(Value::as_str).unwrap_or("")
}

/// "Weakened" / "Missing" / "Regressed" and what the finding says, for the note.
fn status(f: &Value) -> String {
    let kind = s(f, "kind");
    let title = s(f, "title");
    let message = s(f, "message");
    // The message starts with the rule title; keep what follows.
    let reason = message
        .strip_prefix(title)
        .map(|r| r.trim_start_matches([':', ' ']))
        .unwrap_or(message)
        .trim();
    let head = match kind {
        "weakened" => "Weakened",
        "regressed" => "Lost since the previous text",
        _ => "Missing",
    };
    if reason.is_empty() {
        format!("{head}.")
    } else {
        let mut r = reason.to_string();
        if !r.ends_with('.') {
            r.push('.');
        }
        format!("{head}: {r}")
    }
}

/// Puts the mission's name into the lexicon's placeholders: `[MISSION]`,
/// `[on MISSION]`, `[in MISSION's mandate]` become `MINUSMA`, `on MINUSMA`,
/// `in MINUSMA's mandate`. Other brackets (choices for the drafter) stay.
pub fn fill_mission(text: &str, mission: &str) -> String {
    static RE: std::sync::OnceLock<regex::Regex> = std::sync::OnceLock::new();
    let re = RE.get_or_init(|| {
        regex::Regex::new(r"\[([^\[\]]*)\bMISSION\b([^\[\]]*)\]").expect("valid regex")
    });
    re.replace_all(text, |c: &regex::Captures| {
        format!("{}{mission}{}", &c[1], &c[2])
    })
    .into_owned()
}

/// Builds the note's data from parsed `check --format json` output. `extra` fields
/// (title, meeting, date, author...) are added at the top level and win.
pub fn data_from_findings(findings: &Value, extra: Option<&Value>) -> Result<Value, FindingsError> {
    if findings.get("version").and_then(Value::as_u64) != Some(1) {
        return Err(FindingsError(
            "not the JSON of `wpslens check --format json` (version 1 expected)".into(),
        ));
    }
    let docs = findings
        .get("documents")
        .and_then(Value::as_array)
        .ok_or_else(|| FindingsError("no `documents` list".into()))?;
    let mut out_docs = Vec::new();
    for d in docs {
        let mission = d.get("mission").and_then(Value::as_str);
        let symbol = d.get("symbol").and_then(Value::as_str);
        let path = s(d, "path");
        let file = std::path::Path::new(path)
            .file_name()
            .map(|f| f.to_string_lossy().into_owned())
            .unwrap_or_else(|| path.to_string());
        let name = match symbol {
            Some(sym) => format!("the draft {sym}"),
            None => match mission {
                Some(m) => format!("the draft mandate of {m}"),
                None => format!("the draft {file}"),
            },
        };
        // Areas in lexicon order, with their names.
        let mut areas: Vec<(String, String, Vec<Value>)> = d
            .get("areas")
            .and_then(Value::as_array)
            .map(|a| {
                a.iter()
                    .map(|a| {
                        (
                            s(a, "area").to_string(),
                            s(a, "name").to_string(),
                            Vec::new(),
                        )
                    })
                    .collect()
            })
            .unwrap_or_default();
        let (mut missing, mut weakened) = (0usize, 0usize);
        for f in d
            .get("findings")
            .and_then(Value::as_array)
            .into_iter()
            .flatten()
        {
            let kind = s(f, "kind");
            if !matches!(kind, "missing" | "weakened" | "regressed") {
                continue;
            }
            let area_id = s(f, "area");
            let idx = match areas.iter().position(|(id, _, _)| id == area_id) {
                Some(i) => i,
                None => {
                    areas.push((area_id.to_string(), area_id.to_string(), Vec::new()));
                    areas.len() - 1
                }
            };
            let items = &mut areas[idx].2;
            let rule = s(f, "rule");
            let paragraph = f.get("paragraph").and_then(Value::as_str);
            if let Some(item) = items
                .iter_mut()
                .find(|i| i["rule"] == rule && i["kind"] == kind)
            {
                if let (Some(p), Some(ps)) = (paragraph, item["paragraphs"].as_array_mut()) {
                    if !ps.iter().any(|x| x == p) {
                        ps.push(json!(p));
                    }
                }
                continue;
            }
            if kind == "weakened" {
                weakened += 1;
            } else {
                missing += 1;
            }
            let suggestion = match mission {
                Some(m) => fill_mission(s(f, "suggestion"), m),
                None => s(f, "suggestion").to_string(),
            };
            items.push(json!({
                "rule": rule,
                "title": s(f, "title"),
                "kind": kind,
                "reason": s(f, "reason"),
                "severity": s(f, "severity"),
                "status": status(f),
                "paragraphs": paragraph.map_or(vec![], |p| vec![json!(p)]),
                "excerpt": f.get("excerpt").cloned().unwrap_or(Value::Null),
                "suggestion": suggestion,
                "source": s(f, "source"),
            }));
        }
        let areas: Vec<Value> = areas
            .into_iter()
            .filter(|(_, _, items)| !items.is_empty())
            .map(|(id, name, items)| json!({"id": id, "name": name, "items": items}))
            .collect();
        out_docs.push(json!({
            "path": path,
            "file": file,
            "name": name,
            "symbol": symbol,
            "mission": mission,
            "kind": s(d, "kind"),
            "profile": s(d, "profile"),
            // What wpslens was unsure of in the text's structure (paragraphs run
            // together, numbers missing): the paragraph references may need checking.
            "warnings": d.get("warnings").cloned().filter(Value::is_array).unwrap_or_else(|| json!([])),
            "missing": missing,
            "weakened": weakened,
            "areas": areas,
        }));
    }
    let mut top = Map::new();
    top.insert(
        "title".into(),
        json!("Considerations for upcoming decisions of the Security Council"),
    );
    top.insert(
        "author".into(),
        json!("Informal Expert Group on Women and Peace and Security"),
    );
    top.insert("documents".into(), Value::Array(out_docs));
    if let Some(Value::Object(e)) = extra {
        for (k, v) in e {
            top.insert(k.clone(), v.clone());
        }
    }
    Ok(Value::Object(top))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn groups_by_area_and_merges_paragraphs_of_one_rule() {
        let f = json!({"version": 1, "documents": [{"path": "d.txt", "symbol": null, "mission": "MINUSKE",
            "areas": [{"area": "participation", "name": "Women's participation"}, {"area": "wpa", "name": "WPAs"}],
            "findings": [
              {"rule": "PAR-001", "area": "participation", "kind": "weakened", "paragraph": "OP 14", "title": "Participation",
               "message": "Participation: softened by the hedge \"as appropriate\"", "suggestion": "Requests [MISSION] to support", "source": "S/RES/1325 (2000)"},
              {"rule": "PAR-001", "area": "participation", "kind": "weakened", "paragraph": "OP 26 (a) (vi)", "title": "Participation",
               "message": "Participation: softened", "suggestion": "x", "source": "y"},
              {"rule": "WPA-001", "area": "wpa", "kind": "missing", "paragraph": null, "title": "WPAs",
               "message": "WPAs: not found", "suggestion": "z", "source": "S/RES/1888 (2009)"},
              {"rule": "X-1", "area": "wpa", "kind": "info", "paragraph": null, "title": "t", "message": "m", "suggestion": "", "source": ""}
            ]}], "errors": []});
        let d = data_from_findings(&f, Some(&json!({"meeting": "M"}))).unwrap();
        let doc = &d["documents"][0];
        assert_eq!(doc["name"], "the draft mandate of MINUSKE");
        assert_eq!(doc["missing"], 1);
        assert_eq!(doc["weakened"], 1);
        let par = &doc["areas"][0];
        assert_eq!(par["id"], "participation");
        assert_eq!(
            par["items"][0]["paragraphs"],
            json!(["OP 14", "OP 26 (a) (vi)"])
        );
        assert_eq!(par["items"][0]["suggestion"], "Requests MINUSKE to support");
        assert_eq!(
            par["items"][0]["status"],
            "Weakened: softened by the hedge \"as appropriate\"."
        );
        assert_eq!(doc["areas"][1]["items"].as_array().unwrap().len(), 1);
        assert_eq!(d["meeting"], "M");
        assert!(data_from_findings(&json!({"documents": []}), None).is_err());
        assert_eq!(
            fill_mission(
                "Requests [on MISSION] and [in MISSION's mandate], [the parties / the authorities]",
                "UNMIK"
            ),
            "Requests on UNMIK and in UNMIK's mandate, [the parties / the authorities]"
        );
    }
}
