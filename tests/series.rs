//! Series of `wpslens audit`: one mission or one sanctions regime a series, members
//! in order of adoption, copies of one text (whatever the format) counted once and
//! compared with nothing. On Council-style texts of the repository, and on the real
//! documents of `../shared/corpus` (skipped when absent).

mod common;

use common::{repo, run_wpslens, shared, stderr};
use std::collections::HashMap;
use std::path::Path;
use std::sync::OnceLock;

type Row = HashMap<String, String>;

fn csv_rows(path: &Path) -> Vec<Row> {
    let mut rd = csv::Reader::from_path(path).unwrap();
    let h: Vec<String> = rd.headers().unwrap().iter().map(str::to_string).collect();
    rd.records()
        .map(|r| {
            let r = r.unwrap();
            h.iter()
                .cloned()
                .zip(r.iter().map(str::to_string))
                .collect()
        })
        .collect()
}

struct Audit {
    _out: tempfile::TempDir,
    docs: Vec<Row>,
    series: Vec<Row>,
    findings: Vec<Row>,
}

impl Audit {
    fn run(inputs: &[&Path]) -> Audit {
        let out = tempfile::tempdir().unwrap();
        let mut args: Vec<String> = vec!["audit".into()];
        args.extend(inputs.iter().map(|p| p.display().to_string()));
        args.extend(["--out".into(), out.path().display().to_string()]);
        let refs: Vec<&str> = args.iter().map(String::as_str).collect();
        let o = run_wpslens(&refs);
        assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
        Audit {
            docs: csv_rows(&out.path().join("documents.csv")),
            series: csv_rows(&out.path().join("series.csv")),
            findings: csv_rows(&out.path().join("findings.csv")),
            _out: out,
        }
    }

    fn doc(&self, path_end: &str) -> &Row {
        let found: Vec<&Row> = self
            .docs
            .iter()
            .filter(|r| r["path"].ends_with(path_end))
            .collect();
        assert_eq!(found.len(), 1, "one row for {path_end}");
        found[0]
    }

    /// The members of each series, in order.
    fn by_series(&self) -> Vec<(String, Vec<&Row>)> {
        let mut v: Vec<(String, Vec<&Row>)> = Vec::new();
        for r in &self.series {
            match v.last_mut() {
                Some((k, m)) if *k == r["series"] => m.push(r),
                _ => v.push((r["series"].clone(), vec![r])),
            }
        }
        v
    }

    fn members(&self, key: &str) -> Vec<String> {
        self.series
            .iter()
            .filter(|r| r["series"] == key)
            .map(|r| file_name(&r["path"]))
            .collect()
    }

    /// Invariants of any audit: a copy is in no series and has no series finding;
    /// no member is compared with a copy of itself; positions count from 1.
    fn check_copies_and_pairs(&self) {
        let by_path: HashMap<&str, &Row> =
            self.docs.iter().map(|r| (r["path"].as_str(), r)).collect();
        for r in &self.docs {
            if r["duplicate_of"].is_empty() {
                continue;
            }
            let first = by_path[r["duplicate_of"].as_str()];
            assert_eq!(first["duplicate_of"], "", "a copy points at the first copy");
            assert_eq!(r["text_hash"], first["text_hash"], "{}", r["path"]);
            assert_eq!(r["series"], "", "{} is a copy, in no series", r["path"]);
            assert!(
                !self
                    .findings
                    .iter()
                    .any(|f| f["path"] == r["path"] && f["source"] == "series"),
                "{} is a copy, compared with nothing",
                r["path"]
            );
        }
        for (key, members) in self.by_series() {
            for (i, m) in members.iter().enumerate() {
                assert_eq!(m["position"], (i + 1).to_string(), "{key}");
                assert_eq!(by_path[m["path"].as_str()]["duplicate_of"], "", "{key}");
                if i == 0 || m["previous"].is_empty() {
                    continue;
                }
                let (a, b) = (
                    by_path[members[i - 1]["path"].as_str()],
                    by_path[m["path"].as_str()],
                );
                assert!(
                    a["text_hash"] != b["text_hash"] || a["symbol"] != b["symbol"],
                    "{key}: {} compared with a copy of itself, {}",
                    b["path"],
                    a["path"]
                );
            }
        }
    }
}

fn file_name(p: &str) -> String {
    Path::new(p)
        .file_name()
        .unwrap()
        .to_string_lossy()
        .into_owned()
}

fn read(rel: &str) -> String {
    std::fs::read_to_string(repo(rel)).unwrap()
}

/// The team's Kestria samples, with renewals written from them: a mission's
/// resolutions and a sanctions regime's (which names the mission too), drafts whose
/// symbols sort differently as text and as numbers, a draft dated only by its file
/// name, one that cannot be dated, and the draft in TXT, DOCX and PDF.
fn kestria() -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    std::fs::create_dir_all(d.join("word")).unwrap();
    let write = |name: &str, text: &str| std::fs::write(d.join(name), text).unwrap();
    let copy = |from: &str, to: &str| {
        std::fs::copy(repo(from), d.join(to)).unwrap();
    };

    // The mission: 2761 (2025) and its renewal 2801 (2026).
    let mission = read("corpus/mandate-previous.txt");
    write("res-mission-2761.txt", &mission);
    let renewal = mission
        .replace("S/RES/2761 (2025)", "S/RES/2801 (2026)")
        .replace("Resolution 2761 (2025)", "Resolution 2801 (2026)")
        .replace("27 March 2025", "26 March 2026");
    assert_ne!(renewal, mission);
    write("res-mission-2801.txt", &renewal);

    // The sanctions regime of resolution 2711 (2023): 2789 (2026), renewed by 2810
    // (2027). Their file names sort before the mission's.
    let sanctions = read("corpus/sanctions-resolution.txt");
    write("res-2789-sanctions.txt", &sanctions);
    let next = sanctions
        .replace("S/RES/2789 (2026)", "S/RES/2810 (2027)")
        .replace("Resolution 2789 (2026)", "Resolution 2810 (2027)")
        .replace("31 January 2027", "31 January 2028");
    assert_ne!(next, sanctions);
    write("res-2810-sanctions.txt", &next);

    // Drafts: S/2026/212 (in three formats), S/2026/341 and S/2026/1021.
    let draft = read("corpus/mandate-draft.txt");
    write("draft-212.txt", &draft);
    copy(
        "tests/fixtures/sample/mandate-draft.docx",
        "word/draft-212.docx",
    );
    copy(
        "tests/fixtures/sample/mandate-draft.pdf",
        "word/draft-212.pdf",
    );
    for n in [341, 1021] {
        let t = draft
            .replace("S/2026/212", &format!("S/2026/{n}"))
            .replace("20 March 2026", "");
        write(&format!("draft-{n}.txt"), &t);
    }
    // The body of the draft alone, with the year of an earlier round in its file
    // name, and another with no year anywhere (each with a change, so that neither
    // is a copy of the draft).
    let start = draft.find("The Security Council,").unwrap();
    let body = &draft[start..];
    let earlier = body.replacen("Recalling", "Recalling also", 1);
    write("kestria-draft-2025.txt", &earlier);
    let undated = body.replacen("Recalling", "Further recalling", 1);
    write("kestria-draft-undated.txt", &undated);
    dir
}

#[test]
fn kestria_series_by_regime_and_date_with_copies_counted_once() {
    let dir = kestria();
    let a = Audit::run(&[dir.path()]);
    a.check_copies_and_pairs();

    // The sanctions resolutions form their regime's series, named by its founding
    // resolution; the mission's series holds only the mission's texts.
    assert_eq!(a.doc("res-2789-sanctions.txt")["sanctions_regime"], "2711");
    assert_eq!(a.doc("res-mission-2761.txt")["sanctions_regime"], "");
    assert_eq!(
        a.members("resolution:sanctions 2711"),
        ["res-2789-sanctions.txt", "res-2810-sanctions.txt"]
    );
    assert_eq!(
        a.members("resolution:MINUSKE"),
        ["res-mission-2761.txt", "res-mission-2801.txt"]
    );

    // Drafts by adoption date: the year in the file name, then S/2026/212, 341,
    // 1021 by number (not as text), the undated one last.
    let drafts: Vec<&Row> = a
        .series
        .iter()
        .filter(|r| r["series"] == "draft-resolution:MINUSKE")
        .collect();
    let got: Vec<(String, &str)> = drafts
        .iter()
        .map(|r| (file_name(&r["path"]), r["placed_by"].as_str()))
        .collect();
    let want = [
        ("kestria-draft-2025.txt", "file-name-year"),
        ("draft-212.txt", "symbol"),
        ("draft-341.txt", "symbol"),
        ("draft-1021.txt", "symbol"),
        ("kestria-draft-undated.txt", "unknown"),
    ];
    let want: Vec<(String, &str)> = want.iter().map(|(f, p)| (f.to_string(), *p)).collect();
    assert_eq!(got, want);
    assert_eq!(drafts[3]["previous"], "S/2026/341");
    // The undated draft has no known predecessor: compared with nothing.
    assert_eq!(
        (
            drafts[4]["previous"].as_str(),
            drafts[4]["regressed"].as_str()
        ),
        ("", "")
    );

    // The DOCX and PDF of the draft are copies of the TXT.
    for copy in ["word/draft-212.docx", "word/draft-212.pdf"] {
        assert!(
            a.doc(copy)["duplicate_of"].ends_with("/draft-212.txt"),
            "{copy}: {:?}",
            a.doc(copy)["duplicate_of"]
        );
    }
    let copies = a
        .docs
        .iter()
        .filter(|r| !r["duplicate_of"].is_empty())
        .count();
    assert_eq!(
        copies, 2,
        "renewals and drafts with their own symbol are not copies"
    );
}

/// The audit of all of `../shared/corpus`, made once for the tests below.
fn shared_audit() -> Option<&'static Audit> {
    static AUDIT: OnceLock<Option<Audit>> = OnceLock::new();
    AUDIT
        .get_or_init(|| {
            let root = shared("")?;
            let dirs: Vec<_> = ["archive", "drafts", "pdf", "resolutions"]
                .iter()
                .map(|d| root.join(d))
                .collect();
            let refs: Vec<&Path> = dirs.iter().map(|p| p.as_path()).collect();
            Some(Audit::run(&refs))
        })
        .as_ref()
}

/// Year and number from a symbol (`S/2018/341`, `S/RES/1755 (2007)`), else the year
/// of the file name: what the manifest of the corpus dates each file by.
fn date_of(r: &Row) -> Option<(u32, Option<u32>)> {
    let s = r["symbol"].as_str();
    if let Some(rest) = s.strip_prefix("S/RES/") {
        let (n, y) = rest.split_once(" (")?;
        return Some((y.trim_end_matches(')').parse().ok()?, Some(n.parse().ok()?)));
    }
    if let Some(rest) = s.strip_prefix("S/") {
        let (y, n) = rest.split_once('/')?;
        return Some((y.parse().ok()?, Some(n.parse().ok()?)));
    }
    let name = file_name(&r["path"]);
    let stem = name.trim_end_matches(".txt");
    let y: u32 = stem.rsplit('-').next()?.parse().ok()?;
    (1940..2100).contains(&y).then_some((y, None))
}

#[test]
fn real_series_run_in_adoption_order() {
    let Some(a) = shared_audit() else { return };
    let mut checked = 0;
    for (key, members) in a.by_series() {
        let mut last: Option<(u32, Option<u32>)> = None;
        let mut undated = false;
        for m in &members {
            match date_of(m) {
                Some(d) => {
                    assert!(!undated, "{key}: {} after an undated text", m["path"]);
                    if let Some(p) = last {
                        let ok = p.0 < d.0
                            || (p.0 == d.0 && (p.1.is_none() || d.1.is_none() || p.1 <= d.1));
                        assert!(ok, "{key}: {} ({d:?}) after {p:?}", m["path"]);
                        checked += 1;
                    }
                    last = Some(d);
                }
                None => {
                    undated = true;
                    assert_eq!(m["placed_by"], "unknown", "{key}: {}", m["path"]);
                }
            }
        }
    }
    assert!(checked > 50, "{checked} pairs checked");
    assert_eq!(
        a.members("draft-resolution:UNISFA"),
        ["S-2018-341-draft.txt", "S-2018-1021-draft.txt"]
    );
    let unami = a.members("draft-resolution:UNAMI");
    assert_eq!(
        unami,
        [
            "DRAFT-unbench-t3-22-UNAMI-2004.txt",
            "S-2020-449-draft.txt",
            "S-2022-426-draft.txt"
        ]
    );
    let placed: Vec<&str> = a
        .series
        .iter()
        .filter(|r| r["series"] == "draft-resolution:UNAMI")
        .map(|r| r["placed_by"].as_str())
        .collect();
    assert_eq!(placed, ["file-name-year", "symbol", "symbol"]);
    // One mission a series: the AMISOM authorisations (which name UNSOM) are not
    // UNSOM's renewals.
    assert_eq!(
        a.members("draft-resolution:UNSOM"),
        [
            "S-2018-257-draft.txt",
            "S-2019-266-draft.txt",
            "DRAFT-unbench-t3-29-UNSOM-2020.txt"
        ]
    );
    assert_eq!(
        a.members("draft-resolution:AMISOM"),
        ["S-2018-437-draft.txt", "S-2020-445-draft.txt"]
    );
    let unmis = a.members("resolution:UNMIS");
    assert_eq!(
        unmis.first().map(String::as_str),
        Some("S-RES-1590-2005.txt")
    );
    assert_eq!(
        unmis.last().map(String::as_str),
        Some("S-RES-1919-2010.txt")
    );
}

/// The sanctions drafts of the corpus, by what their texts renew (read by hand:
/// "Decides to renew ... the measures imposed by ...", "Decides to extend ... the
/// mandate of the Panel of Experts ..."), and the founding resolution of each regime.
const SANCTIONS: &[(&str, &str)] = &[
    ("drafts/S-2017-142-draft.txt", "2140"),
    ("drafts/S-2022-158-draft.txt", "2140"),
    ("drafts/S-2017-444-draft.txt", "2206"),
    ("drafts/S-2019-441-draft.txt", "2206"),
    ("drafts/S-2017-77-draft.txt", "2127"),
    ("drafts/S-2019-90-draft.txt", "2127"),
    ("drafts/DRAFT-unbench-t3-09-CAR-sanctions-2019.txt", "2127"),
    ("drafts/S-2018-95-draft.txt", "1591"),
    ("drafts/S-2020-110-draft.txt", "1591"),
    ("drafts/DRAFT-unbench-t3-13-Libya-2146-2022.txt", "1970"),
    ("drafts/DRAFT-unbench-t3-18-Libya-2146-2024.txt", "1970"),
    ("drafts/DRAFT-unbench-t3-27-panel-2018.txt", "1718"),
];

/// Mission drafts that cite a sanctions committee or panel without renewing it.
const MISSIONS: &[&str] = &[
    "drafts/DRAFT-unbench-t3-10-MINUSCA-2023.txt",
    "drafts/DRAFT-unbench-t3-08-MINUSMA-2022.txt",
    "drafts/DRAFT-unbench-t3-04-MONUSCO-2017.txt",
    "drafts/S-2024-793-draft.txt",
];

#[test]
fn real_sanctions_texts_never_join_a_mission_series() {
    let Some(a) = shared_audit() else { return };
    for (path, regime) in SANCTIONS {
        let r = a.doc(path);
        assert_eq!(r["sanctions_regime"], *regime, "{path}");
        assert!(
            r["series"].is_empty() || r["series"].starts_with("draft-resolution:sanctions "),
            "{path} in {}",
            r["series"]
        );
    }
    for path in MISSIONS {
        assert_eq!(a.doc(path)["sanctions_regime"], "", "{path}");
    }
    for (key, members) in a.by_series() {
        if key.contains(":sanctions ") {
            continue;
        }
        for m in members {
            assert!(
                !SANCTIONS.iter().any(|(p, _)| m["path"].ends_with(p)),
                "{} in the mission series {key}",
                m["path"]
            );
        }
    }
    assert_eq!(
        a.members("draft-resolution:sanctions 2140 (Yemen)"),
        ["S-2017-142-draft.txt", "S-2022-158-draft.txt"]
    );
    assert_eq!(
        a.members("draft-resolution:sanctions 1970 (Libya)"),
        [
            "S-2021-523-draft.txt",
            "DRAFT-unbench-t3-13-Libya-2146-2022.txt",
            "DRAFT-unbench-t3-18-Libya-2146-2024.txt"
        ]
    );
}

#[test]
fn real_copies_are_marked_and_never_compared() {
    let Some(a) = shared_audit() else { return };
    a.check_copies_and_pairs();
    for (copy, first) in [
        ("pdf/S-2018-221-draft.docx", "drafts/S-2018-221-draft.txt"),
        ("pdf/S-2018-221-draft.pdf", "drafts/S-2018-221-draft.txt"),
        ("pdf/S-2019-266-draft.pdf", "drafts/S-2019-266-draft.txt"),
    ] {
        assert!(
            a.doc(copy)["duplicate_of"].ends_with(first),
            "{copy}: {:?}",
            a.doc(copy)["duplicate_of"]
        );
    }
    for first in ["drafts/S-2018-221-draft.txt", "drafts/S-2019-266-draft.txt"] {
        assert_eq!(a.doc(first)["duplicate_of"], "", "{first}");
        assert!(
            !a.doc(first)["series"].is_empty(),
            "{first} is in its series"
        );
    }
    // The UNMISS series counts S/2018/221 once.
    assert_eq!(
        a.members("draft-resolution:UNMISS"),
        ["S-2016-1061-draft.txt", "S-2018-221-draft.txt"]
    );
}
