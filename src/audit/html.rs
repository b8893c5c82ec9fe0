//! `report.html`: one self-contained page (no external file, font or script) with
//! SVG charts drawn here and sortable tables.
//!
//! Charts: the share of documents with WPS references by year; areas by year as a
//! heat map; per-series timelines of additions and regressions. Everything is
//! computed from the records, trends and series changes, so the page is
//! byte-identical on a re-run.

use super::record::{has_evidence, DocRecord};
use super::trends::Trend;
use super::{ChangeRow, RunInfo};
use crate::lexicon::Lexicon;
use std::fmt::Write as _;

/// Most document rows shown in the page's table (documents.csv has them all).
pub const MAX_DOCUMENT_ROWS: usize = 5_000;
/// Most series drawn as timelines.
pub const MAX_TIMELINES: usize = 80;

pub fn esc(s: &str) -> String {
    let mut o = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            '&' => o.push_str("&amp;"),
            '<' => o.push_str("&lt;"),
            '>' => o.push_str("&gt;"),
            '"' => o.push_str("&quot;"),
            '\'' => o.push_str("&#39;"),
            _ => o.push(c),
        }
    }
    o
}

/// Percentage with one decimal, from integers (byte-stable).
fn pct(n: usize, d: usize) -> String {
    if d == 0 {
        return "-".into();
    }
    let t = (n as u64 * 2000 + d as u64) / (2 * d as u64);
    format!("{}.{}%", t / 10, t % 10)
}

/// The trend rows a chart uses: adopted resolutions when there are any, otherwise
/// all documents. Returns the rows (with a year) and the label.
fn chart_rows(trends: &[Trend]) -> (Vec<&Trend>, &'static str) {
    let res: Vec<&Trend> = trends
        .iter()
        .filter(|t| t.kind == "resolution" && t.year.is_some())
        .collect();
    if !res.is_empty() {
        return (res, "adopted resolutions");
    }
    (
        trends
            .iter()
            .filter(|t| t.kind == "all" && t.year.is_some())
            .collect(),
        "documents",
    )
}

/// All years from the first to the last (gaps shown as empty columns).
fn year_span(rows: &[&Trend]) -> Vec<u16> {
    let ys: Vec<u16> = rows.iter().filter_map(|t| t.year).collect();
    match (ys.iter().min(), ys.iter().max()) {
        (Some(&a), Some(&b)) => (a..=b).collect(),
        _ => vec![],
    }
}

fn label_step(n: usize) -> usize {
    match n {
        0..=20 => 1,
        21..=40 => 2,
        41..=100 => 5,
        _ => 10,
    }
}

const W: usize = 1100;
const LEFT: usize = 230;
const RIGHT: usize = 20;

fn share_chart(s: &mut String, trends: &[Trend]) {
    let (rows, what) = chart_rows(trends);
    let years = year_span(&rows);
    let _ = writeln!(s, "<h2>Share of {what} with WPS references, by year</h2>");
    if years.is_empty() {
        s.push_str("<p class=note>No dated documents.</p>\n");
        return;
    }
    let (top, h) = (20usize, 220usize);
    let plot_w = W - LEFT - RIGHT;
    let bw = plot_w as f64 / years.len() as f64;
    let _ = writeln!(
        s,
        "<svg class=chart viewBox=\"0 0 {W} {}\" width=\"{W}\" height=\"{}\" role=img aria-label=\"Share of {what} with WPS references by year\">",
        top + h + 40,
        top + h + 40
    );
    for q in 0..=4 {
        let y = top + h - h * q / 4;
        let _ = writeln!(
            s,
            "<line x1={LEFT} x2={} y1={y} y2={y} class=grid /><text x={} y={} class=axis text-anchor=end>{}%</text>",
            W - RIGHT,
            LEFT - 6,
            y + 4,
            q * 25
        );
    }
    let step = label_step(years.len());
    for (i, y) in years.iter().enumerate() {
        let x = LEFT as f64 + bw * i as f64;
        if let Some(t) = rows.iter().find(|t| t.year == Some(*y)) {
            let bh = if t.documents == 0 {
                0.0
            } else {
                h as f64 * t.with_wps as f64 / t.documents as f64
            };
            let _ = writeln!(
                s,
                "<rect x=\"{:.1}\" y=\"{:.1}\" width=\"{:.1}\" height=\"{:.1}\" class=bar><title>{y}: {} of {} {what} ({})</title></rect>",
                x + bw * 0.1,
                (top + h) as f64 - bh,
                (bw * 0.8).max(1.0),
                bh.max(if t.with_wps > 0 { 1.5 } else { 0.0 }),
                t.with_wps,
                t.documents,
                pct(t.with_wps, t.documents)
            );
            // A hair-line base so years with documents but no reference show.
            let _ = writeln!(
                s,
                "<rect x=\"{:.1}\" y=\"{}\" width=\"{:.1}\" height=\"2\" class=base><title>{y}: {} {what}</title></rect>",
                x + bw * 0.1,
                top + h,
                (bw * 0.8).max(1.0),
                t.documents
            );
        }
        if (*y as usize).is_multiple_of(step) || years.len() <= 20 {
            let _ = writeln!(
                s,
                "<text x=\"{:.1}\" y={} class=axis text-anchor=middle>{y}</text>",
                x + bw / 2.0,
                top + h + 18
            );
        }
    }
    s.push_str("</svg>\n");
}

fn heat_color(n: usize, d: usize) -> String {
    if d == 0 {
        return "#ffffff".into();
    }
    if n == 0 {
        return "#f1f1f4".into();
    }
    // From a pale to a deep violet, by share (at least a visible tint).
    let f = (n as f64 / d as f64).clamp(0.0, 1.0).sqrt();
    let lerp = |a: f64, b: f64| (a + (b - a) * f).round() as u8;
    format!(
        "#{:02x}{:02x}{:02x}",
        lerp(221.0, 63.0),
        lerp(208.0, 0.0),
        lerp(240.0, 125.0)
    )
}

fn heat_map(s: &mut String, trends: &[Trend], lex: &Lexicon) {
    let (rows, what) = chart_rows(trends);
    let years = year_span(&rows);
    let _ = writeln!(
        s,
        "<h2>WPS areas by year</h2>\n<p class=note>Share of {what} with language of each area (darker is higher; grey: none that year; white: no {what}).</p>"
    );
    if years.is_empty() {
        return;
    }
    let cell_h = 18usize;
    let top = 8usize;
    let plot_w = W - LEFT - RIGHT;
    let cw = plot_w as f64 / years.len() as f64;
    let height = top + cell_h * lex.areas.len() + 30;
    let _ = writeln!(
        s,
        "<svg class=chart viewBox=\"0 0 {W} {height}\" width=\"{W}\" height=\"{height}\" role=img aria-label=\"WPS areas by year\">"
    );
    for (ai, area) in lex.areas.iter().enumerate() {
        let y = top + ai * cell_h;
        let _ = writeln!(
            s,
            "<text x={} y={} class=axis text-anchor=end>{}</text>",
            LEFT - 6,
            y + cell_h - 5,
            esc(&short(&area.name, 36))
        );
        for (i, yr) in years.iter().enumerate() {
            let x = LEFT as f64 + cw * i as f64;
            let (n, d) = rows
                .iter()
                .find(|t| t.year == Some(*yr))
                .map_or((0, 0), |t| (t.by_area[ai], t.documents));
            let _ = writeln!(
                s,
                "<rect x=\"{x:.1}\" y={y} width=\"{:.1}\" height={} fill=\"{}\"><title>{}, {yr}: {n} of {d} {what} ({})</title></rect>",
                (cw - 1.0).max(0.5),
                cell_h - 2,
                heat_color(n, d),
                esc(&area.name),
                pct(n, d)
            );
        }
    }
    let step = label_step(years.len());
    for (i, yr) in years.iter().enumerate() {
        if (*yr as usize).is_multiple_of(step) || years.len() <= 20 {
            let _ = writeln!(
                s,
                "<text x=\"{:.1}\" y={} class=axis text-anchor=middle>{yr}</text>",
                LEFT as f64 + cw * (i as f64 + 0.5),
                top + cell_h * lex.areas.len() + 16
            );
        }
    }
    s.push_str("</svg>\n");
}

fn short(s: &str, n: usize) -> String {
    if s.chars().count() <= n {
        s.to_string()
    } else {
        let mut t: String = s.chars().take(n - 1).collect();
        t.push('\u{2026}');
        t
    }
}

/// Per-series timelines: a dot per document at its year; a green mark above for
/// additions, a red one below for regressions.
fn timelines(s: &mut String, changes: &[ChangeRow]) {
    s.push_str("<h2>Series: additions and regressions</h2>\n");
    // Series in key order, with their members (changes hold every member).
    let mut keys: Vec<&str> = changes.iter().map(|c| c.series.as_str()).collect();
    keys.dedup();
    let changed: Vec<&str> = keys
        .iter()
        .copied()
        .filter(|k| {
            changes
                .iter()
                .any(|c| c.series == *k && (c.is_addition() || c.is_regression()))
        })
        .collect();
    let _ = writeln!(
        s,
        "<p class=note>{} series of successive texts on the same mission or regime; {} show WPS language added (<span class=add>\u{25b2}</span>) or weakened or dropped (<span class=reg>\u{25bc}</span>) against the text before. Each dot is one text; hover for details.{}</p>",
        keys.len(),
        changed.len(),
        if changed.len() > MAX_TIMELINES {
            format!(" The first {MAX_TIMELINES} are drawn; series.csv has them all.")
        } else {
            String::new()
        }
    );
    if changed.is_empty() {
        return;
    }
    let shown: Vec<&str> = changed.into_iter().take(MAX_TIMELINES).collect();
    fn members<'a>(changes: &'a [ChangeRow], k: &'a str) -> impl Iterator<Item = &'a ChangeRow> {
        changes.iter().filter(move |c| c.series == k)
    }
    let years: Vec<u16> = shown
        .iter()
        .flat_map(|k| members(changes, k).filter_map(|c| c.year))
        .collect();
    let (Some(&y0), Some(&y1)) = (years.iter().min(), years.iter().max()) else {
        return;
    };
    let span = (y1 - y0).max(1) as f64;
    let row_h = 30usize;
    let top = 10usize;
    let height = top + row_h * shown.len() + 30;
    // Texts without a year sit in a column of their own at the right.
    let undated = shown
        .iter()
        .any(|k| members(changes, k).any(|c| c.year.is_none()));
    let nd_w = if undated { 60.0 } else { 0.0 };
    let plot_w = (W - LEFT - RIGHT - 20) as f64 - nd_w;
    let xof = |y: u16| LEFT as f64 + 10.0 + plot_w * (y - y0) as f64 / span;
    let x_nd = LEFT as f64 + 10.0 + plot_w + nd_w * 0.6;
    let xpos = |c: &ChangeRow| c.year.map_or(x_nd, xof);
    let _ = writeln!(
        s,
        "<svg class=chart viewBox=\"0 0 {W} {height}\" width=\"{W}\" height=\"{height}\" role=img aria-label=\"Series timelines\">"
    );
    for (ri, k) in shown.iter().enumerate() {
        let cy = top + ri * row_h + row_h / 2;
        let m: Vec<&ChangeRow> = members(changes, k).collect();
        let label = k
            .replacen(':', " ", 1)
            .replace("draft-resolution", "drafts")
            .replace("resolution ", "");
        let _ = writeln!(
            s,
            "<text x={} y={} class=axis text-anchor=end>{}</text>",
            LEFT - 6,
            cy + 4,
            esc(&short(&label, 36))
        );
        let xs: Vec<f64> = m.iter().map(|c| xpos(c)).collect();
        if let (Some(a), Some(b)) = (
            xs.iter().cloned().reduce(f64::min),
            xs.iter().cloned().reduce(f64::max),
        ) {
            let _ = writeln!(
                s,
                "<line x1=\"{a:.1}\" x2=\"{b:.1}\" y1={cy} y2={cy} class=tl />"
            );
        }
        // Several texts in one year are spread a little around the year.
        let mut same_year: Vec<(Option<u16>, usize)> = Vec::new();
        for c in &m {
            let y = c.year;
            let k = match same_year.iter_mut().find(|(yy, _)| *yy == y) {
                Some(e) => {
                    e.1 += 1;
                    e.1 - 1
                }
                None => {
                    same_year.push((y, 1));
                    0
                }
            };
            let x = xpos(c) + 5.0 * k as f64;
            let tip = esc(&c.describe());
            let _ = writeln!(
                s,
                "<circle cx=\"{x:.1}\" cy={cy} r=4 class=dot><title>{tip}</title></circle>"
            );
            if c.is_addition() {
                let _ = writeln!(
                    s,
                    "<path d=\"M{:.1} {} l5 8 h-10 z\" class=add><title>{tip}</title></path>",
                    x,
                    cy - 14
                );
            }
            if c.is_regression() {
                let _ = writeln!(
                    s,
                    "<path d=\"M{:.1} {} l5 -8 h-10 z\" class=reg><title>{tip}</title></path>",
                    x,
                    cy + 14
                );
            }
        }
    }
    let step = label_step((y1 - y0) as usize + 1);
    for y in y0..=y1 {
        if (y as usize).is_multiple_of(step) || y1 - y0 < 20 {
            let _ = writeln!(
                s,
                "<text x=\"{:.1}\" y={} class=axis text-anchor=middle>{y}</text>",
                xof(y),
                top + row_h * shown.len() + 18
            );
        }
    }
    if undated {
        let _ = writeln!(
            s,
            "<text x=\"{x_nd:.1}\" y={} class=axis text-anchor=middle>no date</text>",
            top + row_h * shown.len() + 18
        );
    }
    s.push_str("</svg>\n");
}

fn table(s: &mut String, id: &str, header: &[String], rows: impl Iterator<Item = Vec<String>>) {
    let _ = writeln!(
        s,
        "<div class=scroll><table id={id} class=sortable><thead><tr>"
    );
    for h in header {
        let _ = write!(s, "<th title=\"Sort by {0}\">{0}</th>", esc(h));
    }
    s.push_str("</tr></thead><tbody>\n");
    for r in rows {
        s.push_str("<tr>");
        for v in r {
            let _ = write!(s, "<td>{}</td>", esc(&v));
        }
        s.push_str("</tr>\n");
    }
    s.push_str("</tbody></table></div>\n");
}

const STYLE: &str = r#"body{font-family:system-ui,-apple-system,"Segoe UI",Roboto,sans-serif;margin:24px;color:#222;max-width:1180px}
h1{font-size:24px;margin-bottom:4px}h2{font-size:18px;margin-top:32px;border-bottom:1px solid #ddd;padding-bottom:4px}
.note{color:#555;font-size:14px}.chart{display:block;max-width:100%;height:auto}
.grid{stroke:#e3e3e3}.axis{font-size:11px;fill:#444}.bar{fill:#5b2a86}.base{fill:#cfcfd6}
.tl{stroke:#bbb;stroke-width:2}.dot{fill:#666}.add{fill:#1a7f37;color:#1a7f37}.reg{fill:#c62828;color:#c62828}
.kpi{display:flex;gap:16px;flex-wrap:wrap;margin:12px 0}.kpi div{background:#f5f3f8;border-radius:6px;padding:8px 14px}
.kpi b{display:block;font-size:22px}.scroll{max-height:520px;overflow:auto;border:1px solid #ddd}
table{border-collapse:collapse;font-size:12px;width:100%}th,td{padding:3px 6px;border-bottom:1px solid #eee;text-align:left;white-space:nowrap}
th{position:sticky;top:0;background:#f3f3f3;cursor:pointer;user-select:none}th.asc::after{content:" \25b2"}th.desc::after{content:" \25bc"}
td.err{color:#c62828}"#;

const SCRIPT: &str = r#"document.querySelectorAll("table.sortable").forEach(function(t){
 t.querySelectorAll("th").forEach(function(th,i){th.addEventListener("click",function(){
  var asc=!th.classList.contains("asc");t.querySelectorAll("th").forEach(function(h){h.classList.remove("asc","desc")});
  th.classList.add(asc?"asc":"desc");var b=t.tBodies[0];var rows=Array.prototype.slice.call(b.rows);
  var key=function(r){var v=r.cells[i].textContent;var n=parseFloat(v);return v!==""&&!isNaN(n)&&/^-?[0-9.]+$/.test(v)?n:v.toLowerCase()};
  rows.sort(function(a,c){var x=key(a),y=key(c);if(x===y)return 0;if(x==="")return 1;if(y==="")return -1;
   if(typeof x!==typeof y){x=String(x);y=String(y)}return (x<y?-1:1)*(asc?1:-1)});
  rows.forEach(function(r){b.appendChild(r)})})})});"#;

/// The whole page.
pub fn render(
    lex: &Lexicon,
    records: &[DocRecord],
    trends: &[Trend],
    changes: &[ChangeRow],
    info: &RunInfo,
) -> String {
    let mut s = String::with_capacity(64 * 1024 + records.len() * 300);
    let _ = writeln!(
        s,
        "<!DOCTYPE html>\n<html lang=en><head><meta charset=utf-8><title>wpslens audit</title>\n<meta name=viewport content=\"width=device-width, initial-scale=1\">\n<style>{STYLE}</style></head><body>"
    );
    let ok: Vec<&DocRecord> = records.iter().filter(|r| r.ok()).collect();
    let with = ok.iter().filter(|r| r.has_wps()).count();
    let errors = records.len() - ok.len();
    let years: Vec<u16> = ok.iter().filter_map(|r| r.year).collect();
    let range = match (years.iter().min(), years.iter().max()) {
        (Some(a), Some(b)) if a != b => format!("{a}\u{2013}{b}"),
        (Some(a), _) => a.to_string(),
        _ => "no dates".into(),
    };
    let _ = writeln!(
        s,
        "<h1>WPS audit</h1>\n<p class=note>wpslens {} \u{b7} lexicon {} {} \u{b7} {}</p>",
        env!("CARGO_PKG_VERSION"),
        esc(&lex.name),
        esc(&lex.version),
        esc(&range)
    );
    let _ = writeln!(
        s,
        "<div class=kpi><div><b>{}</b>documents</div><div><b>{}</b>with WPS references ({})</div><div><b>{}</b>unreadable</div><div><b>{}</b>findings</div><div><b>{}</b>series</div></div>",
        records.len(),
        with,
        pct(with, ok.len()),
        errors,
        info.findings,
        info.series
    );
    for n in &info.notes {
        let _ = writeln!(s, "<p class=note>{}</p>", esc(n));
    }
    share_chart(&mut s, trends);
    heat_map(&mut s, trends, lex);
    timelines(&mut s, changes);

    // Areas overall.
    s.push_str("<h2>Areas</h2>\n");
    let header: Vec<String> = ["area", "documents with language", "share", "strong", "weak"]
        .iter()
        .map(|h| h.to_string())
        .collect();
    let area_rows = lex.areas.iter().enumerate().map(|(ai, a)| {
        let n = ok.iter().filter(|r| has_evidence(r.areas[ai])).count();
        let strong = ok
            .iter()
            .filter(|r| r.areas[ai] == crate::analysis::Status::Strong)
            .count();
        vec![
            a.name.clone(),
            n.to_string(),
            pct(n, ok.len()),
            strong.to_string(),
            (n - strong).to_string(),
        ]
    });
    table(&mut s, "areas", &header, area_rows);

    let changed: Vec<&ChangeRow> = changes
        .iter()
        .filter(|c| c.is_addition() || c.is_regression())
        .collect();
    let _ = writeln!(s, "<h2>Changes within series ({})</h2>", changed.len());
    let header: Vec<String> = [
        "series",
        "symbol",
        "year",
        "previous",
        "added",
        "dropped",
        "strengthened",
        "weakened",
        "regressed findings",
        "added findings",
    ]
    .iter()
    .map(|h| h.to_string())
    .collect();
    table(
        &mut s,
        "changes",
        &header,
        changed.iter().map(|c| {
            vec![
                c.series.clone(),
                c.symbol.clone(),
                c.year.map(|y| y.to_string()).unwrap_or_default(),
                c.previous.clone(),
                c.areas_added.join(", "),
                c.areas_dropped.join(", "),
                c.areas_strengthened.join(", "),
                c.areas_weakened.join(", "),
                c.regressed.map(|n| n.to_string()).unwrap_or_default(),
                c.added.map(|n| n.to_string()).unwrap_or_default(),
            ]
        }),
    );

    let shown = records.len().min(MAX_DOCUMENT_ROWS);
    let _ = writeln!(
        s,
        "<h2>Documents ({}{})</h2>\n<p class=note>Click a column to sort. Areas lists those with WPS language (strong or weak).</p>",
        records.len(),
        if shown < records.len() {
            format!("; the first {shown} shown, documents.csv has all")
        } else {
            String::new()
        }
    );
    let header: Vec<String> = [
        "path",
        "symbol",
        "year",
        "kind",
        "profile",
        "mission",
        "areas with language",
        "missing",
        "weakened",
        "regressed",
        "error",
    ]
    .iter()
    .map(|h| h.to_string())
    .collect();
    table(
        &mut s,
        "documents",
        &header,
        records.iter().take(shown).map(|r| {
            let areas: Vec<&str> = r
                .areas
                .iter()
                .enumerate()
                .filter(|(_, st)| r.ok() && has_evidence(**st))
                .map(|(i, _)| lex.areas[i].id.as_str())
                .collect();
            let n = |v: usize| if r.ok() { v.to_string() } else { String::new() };
            vec![
                r.path.clone(),
                r.symbol.clone(),
                r.year.map(|y| y.to_string()).unwrap_or_default(),
                r.kind.clone(),
                r.profile.clone(),
                r.mission.clone(),
                areas.join(", "),
                n(r.counts[0]),
                n(r.counts[1]),
                n(r.counts[2]),
                r.error.clone(),
            ]
        }),
    );

    s.push_str("<h2>Trends</h2>\n");
    let header: Vec<String> = ["year", "kind", "documents", "with WPS", "share"]
        .iter()
        .map(|h| h.to_string())
        .collect();
    table(
        &mut s,
        "trends",
        &header,
        trends.iter().map(|t| {
            vec![
                t.year
                    .map(|y| y.to_string())
                    .unwrap_or_else(|| "unknown".into()),
                t.kind.clone(),
                t.documents.to_string(),
                t.with_wps.to_string(),
                pct(t.with_wps, t.documents),
            ]
        }),
    );
    let _ = writeln!(s, "<script>{SCRIPT}</script>\n</body></html>");
    s
}
