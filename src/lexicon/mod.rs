//! The lexicon: loading and validating the TOML files (embedded default or a user
//! folder), and compiling every pattern once into the matchers analysis uses.
//!
//! Loading never panics: every problem becomes a [`LexiconError`] that points at
//! `file:line:column`. All problems of a lexicon are reported at once.

mod compile;
mod references;
mod schema;

pub use compile::{Hit, Matcher, Pattern, PatternKind, VerbHit};
pub use references::{Anaphor, CueArea, RefArea, RefAreaId, RefVocab};

use crate::model::DocKind;
use crate::text::normalize_pattern;
use schema::*;
use std::collections::{HashMap, HashSet};
use std::fmt;
use std::ops::Range;
use std::path::{Path, PathBuf};
use toml::Spanned;

/// A problem in a lexicon file, located for an editor.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct LexiconError {
    pub file: String,
    pub line: usize,
    pub column: usize,
    pub message: String,
}

impl fmt::Display for LexiconError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "{}:{}:{}: {}",
            self.file, self.line, self.column, self.message
        )
    }
}

/// Index of an area in [`Lexicon::areas`].
pub type AreaId = usize;
/// Index of a rule in [`Lexicon::rules`].
pub type RuleId = usize;

#[derive(Debug, Clone)]
pub struct Area {
    pub id: String,
    pub name: String,
    pub description: String,
    pub guideline: String,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, serde::Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Severity {
    Info,
    Warning,
    Error,
}

impl Severity {
    pub fn as_str(self) -> &'static str {
        match self {
            Severity::Info => "info",
            Severity::Warning => "warning",
            Severity::Error => "error",
        }
    }
    pub fn parse(s: &str) -> Option<Severity> {
        match s {
            "info" => Some(Severity::Info),
            "warning" => Some(Severity::Warning),
            "error" => Some(Severity::Error),
            _ => None,
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Check {
    /// An element of agreed language: evidence, expected by profiles or triggers.
    Element,
    /// A superseded or truncated formula: weak evidence and a `weakened` finding.
    Formula,
}

#[derive(Debug, Clone)]
pub struct Example {
    pub profile: Option<String>,
    pub bad: String,
    pub good: String,
}

#[derive(Debug, Clone)]
pub struct Rule {
    pub id: String,
    pub area: AreaId,
    pub check: Check,
    pub title: String,
    pub summary: String,
    pub why: String,
    /// Agreed language to propose in a resolution or draft resolution (mandate
    /// language); see [`Rule::suggestion_for`].
    pub suggestion: String,
    /// Wording to propose in a Secretary-General's report, if the rule has one.
    pub suggestion_report: Option<String>,
    pub source: String,
    /// The year the rule's agreed language was first adopted: a text from an
    /// earlier year is not held to it.
    pub since: u16,
    /// What a triggered finding says the paragraph lacks; the area's name if unset.
    pub lacks: Option<String>,
    pub terms: Vec<String>,
    /// Indices into [`Lexicon::profiles`].
    pub expected_in: Vec<usize>,
    pub triggers: Vec<String>,
    /// Indices into [`Lexicon::profiles`]; empty means every profile.
    pub trigger_profiles: Vec<usize>,
    /// Minimum verb strength (see [`VerbLevel::strength`]).
    pub min_verb: Option<u8>,
    pub operative: bool,
    pub severity: Severity,
    /// For formula rules: "superseded" or "truncated".
    pub reason: Option<String>,
    pub example: Option<Example>,
    /// File the rule was defined in, for messages.
    pub file: String,
}

impl Rule {
    /// The language to propose in a document of `kind`: report wording for a
    /// report (empty when the rule has none), the mandate language of
    /// `suggestion` for everything else (resolutions, drafts, letters).
    pub fn suggestion_for(&self, kind: DocKind) -> &str {
        match kind {
            DocKind::Report => self.suggestion_report.as_deref().unwrap_or(""),
            _ => &self.suggestion,
        }
    }

    /// Whether a text of `year` predates the rule's agreed language.
    pub fn predates(&self, year: Option<u16>) -> bool {
        year.is_some_and(|y| y < self.since)
    }
}

/// Earliest and latest year a rule's `since` may name.
pub const SINCE_RANGE: std::ops::RangeInclusive<i64> = 1945..=2100;

/// The internal name a user-facing text mentions, if any: the team's seed files,
/// primer and corpus, or a file name. What users read cites real documents only.
pub fn internal_name(text: &str) -> Option<String> {
    static RE: std::sync::OnceLock<regex::Regex> = std::sync::OnceLock::new();
    let re = RE.get_or_init(|| {
        regex::Regex::new(
            r"(?i)\b(?:seeds?|primer|corpus|unbench)\b|\b[\w-]+\.(?:txt|md|toml|jinja|docx|pdf)\b",
        )
        .expect("valid regex")
    });
    re.find(text).map(|m| m.as_str().to_string())
}

#[derive(Debug, Clone)]
pub struct VerbLevel {
    pub strength: u8,
    pub name: String,
    pub verbs: Vec<String>,
}

#[derive(Debug, Clone)]
pub struct Modal {
    pub strong: String,
    pub weak: String,
}

#[derive(Debug, Clone)]
pub struct Hedge {
    pub phrase: String,
    pub routine: bool,
}

#[derive(Debug, Clone)]
pub struct Exclusion {
    pub pattern: String,
    pub why: String,
}

#[derive(Debug, Clone)]
pub struct Profile {
    pub id: String,
    pub name: String,
    pub kinds: Vec<DocKind>,
    pub priority: i32,
    pub min_score: u32,
    pub detect: Vec<String>,
    /// Patterns any one of which settles the profile (e.g. "decides to extend the
    /// mandate of UNMISS").
    pub decisive: Vec<String>,
    pub expects: Vec<AreaId>,
}

/// A loaded, validated and compiled lexicon.
#[derive(Debug)]
pub struct Lexicon {
    pub name: String,
    pub version: String,
    /// Where it came from: "embedded" or the folder.
    pub origin: String,
    pub areas: Vec<Area>,
    pub rules: Vec<Rule>,
    pub levels: Vec<VerbLevel>,
    pub adverbs: Vec<String>,
    pub modals: Vec<Modal>,
    pub hedges: Vec<Hedge>,
    pub exclusions: Vec<Exclusion>,
    pub profiles: Vec<Profile>,
    /// The reference vocabulary (`references.toml`).
    pub refs: RefVocab,
    pub matcher: Matcher,
    /// The lexicon's words (five letters or more), for rejoining split words.
    pub vocab: HashSet<String>,
    /// Non-fatal remarks (e.g. a literal that is not in normalised form).
    pub warnings: Vec<LexiconError>,
}

/// The files of a lexicon: (path relative to the lexicon folder, content).
pub struct Sources {
    pub origin: String,
    /// Shown in messages in front of each relative path.
    pub display_root: String,
    pub files: Vec<(String, String)>,
}

impl Sources {
    /// Whether these are exactly the embedded files (whose regexes the test suite
    /// has compiled, so they may be compiled on first use).
    pub fn is_embedded(&self) -> bool {
        self.files.len() == crate::embedded::LEXICON_FILES.len()
            && self
                .files
                .iter()
                .zip(crate::embedded::LEXICON_FILES)
                .all(|((p, c), (ep, ec))| p == ep && c == ec)
    }

    /// The lexicon embedded in the binary.
    pub fn embedded() -> Sources {
        Sources {
            origin: "embedded".into(),
            display_root: "lexicon/".into(),
            files: crate::embedded::LEXICON_FILES
                .iter()
                .map(|(p, c)| (p.to_string(), c.to_string()))
                .collect(),
        }
    }

    /// A lexicon folder on disk, with the same layout as `lexicon/`.
    pub fn from_dir(dir: &Path) -> Result<Sources, Vec<LexiconError>> {
        let shown = dir.display().to_string();
        let err = |file: &str, message: String| {
            vec![LexiconError {
                file: file.to_string(),
                line: 1,
                column: 1,
                message,
            }]
        };
        if !dir.is_dir() {
            return Err(err(
                &shown,
                "lexicon folder not found (or not a folder)".into(),
            ));
        }
        let mut files = Vec::new();
        let mut paths: Vec<PathBuf> = Vec::new();
        for name in [
            "lexicon.toml",
            "verbs.toml",
            "hedges.toml",
            "exclusions.toml",
            "profiles.toml",
        ] {
            paths.push(dir.join(name));
        }
        // Optional: without it, references are the rules' occurrences.
        if dir.join("references.toml").is_file() {
            paths.push(dir.join("references.toml"));
        }
        let rules_dir = dir.join("rules");
        match std::fs::read_dir(&rules_dir) {
            Ok(entries) => {
                let mut rule_files: Vec<PathBuf> = entries
                    .filter_map(|e| e.ok().map(|e| e.path()))
                    .filter(|p| p.extension().is_some_and(|e| e == "toml"))
                    .collect();
                rule_files.sort();
                paths.extend(rule_files);
            }
            Err(_) => {
                return Err(err(
                    &rules_dir.display().to_string(),
                    "missing rules/ folder".into(),
                ))
            }
        }
        let mut errors = Vec::new();
        for p in paths {
            let rel = p
                .strip_prefix(dir)
                .unwrap_or(&p)
                .to_string_lossy()
                .replace('\\', "/");
            match std::fs::read_to_string(&p) {
                Ok(c) => files.push((rel, c)),
                Err(e) => errors.extend(err(
                    &p.display().to_string(),
                    format!("cannot read: {}", crate::read::io_message(&e)),
                )),
            }
        }
        if !errors.is_empty() {
            return Err(errors);
        }
        let mut root = shown;
        if !root.ends_with('/') {
            root.push('/');
        }
        Ok(Sources {
            origin: dir.display().to_string(),
            display_root: root,
            files,
        })
    }
}

/// Converts a byte offset in `content` to 1-based line and column (characters).
fn line_col(content: &str, offset: usize) -> (usize, usize) {
    let offset = offset.min(content.len());
    let before = &content[..offset];
    let line = before.matches('\n').count() + 1;
    let col = before.rsplit('\n').next().map_or(0, |l| l.chars().count()) + 1;
    (line, col)
}

struct Ctx<'a> {
    file: String,
    content: &'a str,
    errors: &'a mut Vec<LexiconError>,
}

impl Ctx<'_> {
    fn at(&mut self, span: Range<usize>, message: impl Into<String>) {
        let (line, column) = line_col(self.content, span.start);
        self.errors.push(LexiconError {
            file: self.file.clone(),
            line,
            column,
            message: message.into(),
        });
    }
}

fn parse<T: serde::de::DeserializeOwned>(ctx: &mut Ctx<'_>) -> Option<T> {
    match toml::from_str::<T>(ctx.content) {
        Ok(v) => Some(v),
        Err(e) => {
            let span = e.span().unwrap_or(0..0);
            let msg = e.message().trim().replace('\n', " ");
            ctx.at(span, msg);
            None
        }
    }
}

impl Lexicon {
    /// The default lexicon embedded in the binary. It is validated by the test
    /// suite, so failure here is a build defect.
    pub fn embedded() -> Lexicon {
        Lexicon::load(&Sources::embedded()).unwrap_or_else(|errs| {
            let list: Vec<String> = errs.iter().map(|e| e.to_string()).collect();
            panic!("the embedded lexicon is invalid:\n{}", list.join("\n"))
        })
    }

    /// Loads, validates and compiles a lexicon.
    pub fn load(src: &Sources) -> Result<Lexicon, Vec<LexiconError>> {
        let mut errors = Vec::new();
        let mut warnings = Vec::new();
        let get = |name: &str| src.files.iter().find(|(p, _)| p == name);
        let shown = |rel: &str| format!("{}{}", src.display_root, rel);

        // Each required file, parsed.
        let required = |name: &str, errors: &mut Vec<LexiconError>| -> Option<(String, String)> {
            match get(name) {
                Some((_, c)) => Some((shown(name), c.clone())),
                None => {
                    errors.push(LexiconError {
                        file: shown(name),
                        line: 1,
                        column: 1,
                        message: "required file is missing".into(),
                    });
                    None
                }
            }
        };
        let lex_src = required("lexicon.toml", &mut errors);
        let verbs_src = required("verbs.toml", &mut errors);
        let hedges_src = required("hedges.toml", &mut errors);
        let excl_src = required("exclusions.toml", &mut errors);
        let prof_src = required("profiles.toml", &mut errors);

        let mut meta = ("".to_string(), "".to_string());
        let mut areas: Vec<Area> = Vec::new();
        let mut area_ix: HashMap<String, AreaId> = HashMap::new();
        if let Some((file, content)) = &lex_src {
            let mut ctx = Ctx {
                file: file.clone(),
                content,
                errors: &mut errors,
            };
            if let Some(f) = parse::<LexiconFile>(&mut ctx) {
                meta = (f.lexicon.name, f.lexicon.version);
                for a in f.area {
                    let id = a.id.get_ref().clone();
                    if !valid_area_id(&id) {
                        ctx.at(
                            a.id.span(),
                            format!("area id {id:?} must be lower-case letters, digits and '-'"),
                        );
                    }
                    if area_ix.contains_key(&id) {
                        ctx.at(a.id.span(), format!("duplicate area id {id:?}"));
                        continue;
                    }
                    for (field, text) in [
                        ("name", &a.name),
                        ("description", &a.description),
                        ("guideline", &a.guideline),
                    ] {
                        if let Some(n) = internal_name(text) {
                            ctx.at(
                                a.id.span(),
                                format!("area {id}: {field} names {n:?}, an internal name; cite the real document (symbol or title, date, paragraph)"),
                            );
                        }
                    }
                    area_ix.insert(id.clone(), areas.len());
                    areas.push(Area {
                        id,
                        name: a.name,
                        description: a.description,
                        guideline: a.guideline,
                    });
                }
                if areas.is_empty() {
                    ctx.at(0..0, "no [[area]] defined");
                }
            }
        }

        let mut levels: Vec<VerbLevel> = Vec::new();
        let mut adverbs = Vec::new();
        let mut modals = Vec::new();
        if let Some((file, content)) = &verbs_src {
            let mut ctx = Ctx {
                file: file.clone(),
                content,
                errors: &mut errors,
            };
            if let Some(f) = parse::<VerbsFile>(&mut ctx) {
                let mut seen_strength = HashSet::new();
                let mut seen_verb = HashSet::new();
                for l in f.level {
                    if !seen_strength.insert(*l.strength.get_ref()) {
                        ctx.at(
                            l.strength.span(),
                            format!("duplicate strength {}", l.strength.get_ref()),
                        );
                    }
                    let mut verbs = Vec::new();
                    for v in l.verbs {
                        let n = normalize_pattern(v.get_ref());
                        if n.is_empty() {
                            ctx.at(v.span(), "empty verb");
                            continue;
                        }
                        if !seen_verb.insert(n.clone()) {
                            ctx.at(v.span(), format!("verb {n:?} is listed twice"));
                        }
                        verbs.push(n);
                    }
                    levels.push(VerbLevel {
                        strength: *l.strength.get_ref(),
                        name: l.name.into_inner(),
                        verbs,
                    });
                }
                levels.sort_by_key(|l| std::cmp::Reverse(l.strength));
                adverbs = f
                    .adverbs
                    .into_iter()
                    .map(|a| normalize_pattern(a.get_ref()))
                    .collect();
                modals = f
                    .modal
                    .into_iter()
                    .map(|m| Modal {
                        strong: normalize_pattern(m.strong.get_ref()),
                        weak: normalize_pattern(m.weak.get_ref()),
                    })
                    .collect();
                if levels.is_empty() {
                    ctx.at(0..0, "no [[level]] defined");
                }
            }
        }

        let mut patterns: Vec<Pattern> = Vec::new();
        let mut hedges = Vec::new();
        if let Some((file, content)) = &hedges_src {
            let mut ctx = Ctx {
                file: file.clone(),
                content,
                errors: &mut errors,
            };
            if let Some(f) = parse::<HedgesFile>(&mut ctx) {
                for h in f.hedge {
                    let ix = hedges.len();
                    if let Some(p) =
                        check_pattern(&mut ctx, &h.phrase, PatternKind::Hedge(ix), &mut warnings)
                    {
                        patterns.push(p);
                    }
                    hedges.push(Hedge {
                        phrase: h.phrase.into_inner(),
                        routine: h.routine,
                    });
                }
            }
        }

        let mut exclusions = Vec::new();
        if let Some((file, content)) = &excl_src {
            let mut ctx = Ctx {
                file: file.clone(),
                content,
                errors: &mut errors,
            };
            if let Some(f) = parse::<ExclusionsFile>(&mut ctx) {
                for x in f.exclude {
                    let ix = exclusions.len();
                    if let Some(p) = check_pattern(
                        &mut ctx,
                        &x.pattern,
                        PatternKind::Exclude(ix),
                        &mut warnings,
                    ) {
                        patterns.push(p);
                    }
                    exclusions.push(Exclusion {
                        pattern: x.pattern.into_inner(),
                        why: x.why,
                    });
                }
            }
        }

        let mut profiles: Vec<Profile> = Vec::new();
        let mut profile_ix: HashMap<String, usize> = HashMap::new();
        if let Some((file, content)) = &prof_src {
            let mut ctx = Ctx {
                file: file.clone(),
                content,
                errors: &mut errors,
            };
            if let Some(f) = parse::<ProfilesFile>(&mut ctx) {
                for p in f.profile {
                    let id = p.id.get_ref().clone();
                    if profile_ix.contains_key(&id) {
                        ctx.at(p.id.span(), format!("duplicate profile id {id:?}"));
                        continue;
                    }
                    let ix = profiles.len();
                    let mut kinds = Vec::new();
                    for k in &p.kinds {
                        match parse_kind(k.get_ref()) {
                            Some(kind) => kinds.push(kind),
                            None => ctx.at(k.span(), format!("unknown document kind {:?} (expected one of draft-resolution, resolution, report, letter, meeting-summary, other)", k.get_ref())),
                        }
                    }
                    let mut expects = Vec::new();
                    for a in &p.expects {
                        match area_ix.get(a.get_ref()) {
                            Some(&ai) => expects.push(ai),
                            None => ctx.at(a.span(), format!("unknown area {:?}", a.get_ref())),
                        }
                    }
                    for (di, d) in p.detect.iter().enumerate() {
                        if let Some(pat) = check_pattern(
                            &mut ctx,
                            d,
                            PatternKind::Detect {
                                profile: ix,
                                index: di,
                            },
                            &mut warnings,
                        ) {
                            patterns.push(pat);
                        }
                    }
                    for d in &p.decisive {
                        if let Some(pat) = check_pattern(
                            &mut ctx,
                            d,
                            PatternKind::Decisive { profile: ix },
                            &mut warnings,
                        ) {
                            patterns.push(pat);
                        }
                    }
                    if p.min_score as usize > p.detect.len() {
                        ctx.at(
                            p.id.span(),
                            format!(
                                "profile {id:?}: min_score {} is more than its {} detect patterns",
                                p.min_score,
                                p.detect.len()
                            ),
                        );
                    }
                    profile_ix.insert(id.clone(), ix);
                    profiles.push(Profile {
                        id,
                        name: p.name,
                        kinds,
                        priority: p.priority,
                        min_score: p.min_score,
                        detect: p.detect.into_iter().map(|d| d.into_inner()).collect(),
                        decisive: p.decisive.into_iter().map(|d| d.into_inner()).collect(),
                        expects,
                    });
                }
                if !profiles
                    .iter()
                    .any(|p| p.kinds.is_empty() && p.detect.is_empty())
                {
                    ctx.at(0..0, "no fallback profile (one with no kinds and no detect patterns, e.g. `generic`)");
                }
            }
        }

        // Rules, from every file under rules/.
        let mut rules: Vec<Rule> = Vec::new();
        let mut rule_ix: HashMap<String, (String, usize, usize)> = HashMap::new();
        let level_by_name: HashMap<String, u8> = levels
            .iter()
            .map(|l| (l.name.clone(), l.strength))
            .collect();
        let mut rule_files: Vec<&(String, String)> = src
            .files
            .iter()
            .filter(|(p, _)| p.starts_with("rules/"))
            .collect();
        rule_files.sort_by(|a, b| a.0.cmp(&b.0));
        if rule_files.is_empty() {
            errors.push(LexiconError {
                file: shown("rules/"),
                line: 1,
                column: 1,
                message: "no rule files".into(),
            });
        }
        for (rel, content) in rule_files {
            let file = shown(rel);
            let mut ctx = Ctx {
                file: file.clone(),
                content,
                errors: &mut errors,
            };
            let Some(f) = parse::<RulesFile>(&mut ctx) else {
                continue;
            };
            for r in f.rule {
                let id = r.id.get_ref().clone();
                if !valid_rule_id(&id) {
                    ctx.at(r.id.span(), format!("rule id {id:?} must look like WPA-001 (upper-case letters, '-', three digits)"));
                }
                let (line, col) = line_col(content, r.id.span().start);
                if let Some((f0, l0, c0)) = rule_ix.get(&id) {
                    ctx.at(
                        r.id.span(),
                        format!("duplicate rule id {id:?} (first defined at {f0}:{l0}:{c0})"),
                    );
                    continue;
                }
                rule_ix.insert(id.clone(), (file.clone(), line, col));
                let area = match area_ix.get(r.area.get_ref()) {
                    Some(&a) => a,
                    None => {
                        ctx.at(
                            r.area.span(),
                            format!(
                                "unknown area {:?} (areas are defined in lexicon.toml)",
                                r.area.get_ref()
                            ),
                        );
                        0
                    }
                };
                let check = match r.check.get_ref().as_str() {
                    "element" => Check::Element,
                    "formula" => Check::Formula,
                    other => {
                        ctx.at(
                            r.check.span(),
                            format!(
                                "unknown check {other:?} (expected \"element\" or \"formula\")"
                            ),
                        );
                        Check::Element
                    }
                };
                let rix = rules.len();
                if r.terms.is_empty() {
                    ctx.at(r.id.span(), format!("rule {id} has no terms"));
                }
                for (ti, t) in r.terms.iter().enumerate() {
                    if let Some(p) = check_pattern(
                        &mut ctx,
                        t,
                        PatternKind::Evidence {
                            rule: rix,
                            term: ti,
                        },
                        &mut warnings,
                    ) {
                        patterns.push(p);
                    }
                }
                for t in &r.triggers {
                    if let Some(p) = check_pattern(
                        &mut ctx,
                        t,
                        PatternKind::Trigger { rule: rix },
                        &mut warnings,
                    ) {
                        patterns.push(p);
                    }
                }
                let profile_list = |ctx: &mut Ctx<'_>, list: &[Spanned<String>]| -> Vec<usize> {
                    let mut v = Vec::new();
                    for p in list {
                        match profile_ix.get(p.get_ref()) {
                            Some(&i) => v.push(i),
                            None => ctx.at(p.span(), format!("unknown profile {:?}", p.get_ref())),
                        }
                    }
                    v
                };
                let expected_in = profile_list(&mut ctx, &r.expected_in);
                let trigger_profiles = profile_list(&mut ctx, &r.trigger_profiles);
                let min_verb = match &r.min_verb {
                    None => None,
                    Some(v) => match level_by_name.get(v.get_ref()) {
                        Some(&s) => Some(s),
                        None => {
                            let names: Vec<&str> = levels.iter().map(|l| l.name.as_str()).collect();
                            ctx.at(
                                v.span(),
                                format!(
                                    "unknown verb level {:?} (one of {})",
                                    v.get_ref(),
                                    names.join(", ")
                                ),
                            );
                            None
                        }
                    },
                };
                let severity = match &r.severity {
                    None => Severity::Error,
                    Some(s) => Severity::parse(s.get_ref()).unwrap_or_else(|| {
                        ctx.at(
                            s.span(),
                            format!(
                                "unknown severity {:?} (error, warning or info)",
                                s.get_ref()
                            ),
                        );
                        Severity::Error
                    }),
                };
                if let Some(reason) = &r.reason {
                    if !matches!(reason.get_ref().as_str(), "superseded" | "truncated") {
                        ctx.at(
                            reason.span(),
                            format!(
                                "unknown reason {:?} (superseded or truncated)",
                                reason.get_ref()
                            ),
                        );
                    }
                }
                if check == Check::Formula && (!r.expected_in.is_empty() || !r.triggers.is_empty())
                {
                    ctx.at(
                        r.id.span(),
                        format!("rule {id}: a formula rule cannot be expected or triggered"),
                    );
                }
                let since = match &r.since {
                    None => {
                        ctx.at(
                            r.id.span(),
                            format!("rule {id}: `since` is required (the year its agreed language was first adopted)"),
                        );
                        0
                    }
                    Some(y) if !SINCE_RANGE.contains(y.get_ref()) => {
                        ctx.at(
                            y.span(),
                            format!(
                                "rule {id}: since = {} is not a year from {} to {}",
                                y.get_ref(),
                                SINCE_RANGE.start(),
                                SINCE_RANGE.end()
                            ),
                        );
                        0
                    }
                    Some(y) => *y.get_ref() as u16,
                };
                let suggestion_report = r.suggestion_report.map(|s| {
                    if s.get_ref().trim().is_empty() {
                        ctx.at(
                            s.span(),
                            format!("rule {id}: suggestion_report is empty (leave it out instead)"),
                        );
                    }
                    s.into_inner()
                });
                for (field, text) in [
                    ("title", Some(&r.title)),
                    ("summary", Some(&r.summary)),
                    ("why", Some(&r.why)),
                    ("suggestion", Some(&r.suggestion)),
                    ("suggestion_report", suggestion_report.as_ref()),
                    ("source", Some(&r.source)),
                    ("lacks", r.lacks.as_ref()),
                ] {
                    let Some(text) = text else { continue };
                    if let Some(n) = internal_name(text) {
                        ctx.at(
                            r.id.span(),
                            format!("rule {id}: {field} names {n:?}, an internal name; cite the real document (symbol or title, date, paragraph)"),
                        );
                    }
                }
                for (field, text) in [
                    ("suggestion", Some(&r.suggestion)),
                    ("suggestion_report", suggestion_report.as_ref()),
                ] {
                    let Some(text) = text else { continue };
                    let lower = text.to_lowercase();
                    if lower.contains("[report:]") || lower.contains("[mandate:]") {
                        ctx.at(
                            r.id.span(),
                            format!("rule {id}: {field} mixes document kinds; put mandate language in `suggestion` and report wording in `suggestion_report`"),
                        );
                    }
                }
                let example = r.example.map(|e| {
                    let profile = e.profile.map(|p| {
                        if !profile_ix.contains_key(p.get_ref()) {
                            ctx.at(p.span(), format!("unknown profile {:?}", p.get_ref()));
                        }
                        p.into_inner()
                    });
                    Example {
                        profile,
                        bad: e.bad,
                        good: e.good,
                    }
                });
                rules.push(Rule {
                    id,
                    area,
                    check,
                    title: r.title,
                    summary: r.summary,
                    why: r.why,
                    suggestion: r.suggestion,
                    suggestion_report,
                    source: r.source,
                    since,
                    lacks: r.lacks,
                    terms: r.terms.into_iter().map(|t| t.into_inner()).collect(),
                    expected_in,
                    triggers: r.triggers.into_iter().map(|t| t.into_inner()).collect(),
                    trigger_profiles,
                    min_verb,
                    operative: r.operative,
                    severity,
                    reason: r.reason.map(|r| r.into_inner()),
                    example,
                    file: file.clone(),
                });
            }
        }

        let refs = match get("references.toml") {
            Some((name, content)) => {
                let mut ctx = Ctx {
                    file: shown(name),
                    content,
                    errors: &mut errors,
                };
                references::load(&mut ctx, &areas, &mut patterns, &mut warnings)
            }
            None => RefVocab::from_areas(&areas),
        };

        if !errors.is_empty() {
            return Err(errors);
        }
        let mut vocab = HashSet::new();
        let escapes = regex::Regex::new(r"\\[a-zA-Z]").expect("valid regex");
        for p in &patterns {
            let text = escapes.replace_all(&p.text, " ");
            for w in text.split(|c: char| !c.is_ascii_alphabetic()) {
                if w.len() >= 5 && w.chars().all(|c| c.is_ascii_lowercase()) {
                    vocab.insert(w.to_string());
                }
            }
        }
        let matcher = match Matcher::build(patterns, &levels, &adverbs, src.is_embedded()) {
            Ok(m) => m,
            Err(e) => return Err(vec![e]),
        };
        Ok(Lexicon {
            name: meta.0,
            version: meta.1,
            origin: src.origin.clone(),
            areas,
            rules,
            levels,
            adverbs,
            modals,
            hedges,
            exclusions,
            profiles,
            refs,
            matcher,
            vocab,
            warnings,
        })
    }

    pub fn area_by_id(&self, id: &str) -> Option<AreaId> {
        self.areas.iter().position(|a| a.id == id)
    }

    pub fn rule_by_id(&self, id: &str) -> Option<&Rule> {
        let id = id.to_ascii_uppercase();
        self.rules.iter().find(|r| r.id == id)
    }

    pub fn profile_by_id(&self, id: &str) -> Option<usize> {
        self.profiles.iter().position(|p| p.id == id)
    }

    pub fn level_name(&self, strength: u8) -> &str {
        self.levels
            .iter()
            .find(|l| l.strength == strength)
            .map_or("?", |l| l.name.as_str())
    }

    /// Every literal evidence term of every rule, normalised: what `rg -F -f` would
    /// search for (benchmarks compare against it).
    pub fn literal_terms(&self) -> Vec<String> {
        let mut v: Vec<String> = self
            .rules
            .iter()
            .flat_map(|r| r.terms.iter())
            .filter(|t| !t.starts_with("re:"))
            .map(|t| normalize_pattern(t))
            .collect();
        v.sort();
        v.dedup();
        v
    }
}

fn valid_area_id(s: &str) -> bool {
    !s.is_empty()
        && s.chars()
            .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '-')
}

fn valid_rule_id(s: &str) -> bool {
    let Some((prefix, num)) = s.rsplit_once('-') else {
        return false;
    };
    !prefix.is_empty()
        && prefix.chars().all(|c| c.is_ascii_uppercase() || c == '-')
        && num.len() == 3
        && num.chars().all(|c| c.is_ascii_digit())
}

fn parse_kind(s: &str) -> Option<DocKind> {
    Some(match s {
        "draft-resolution" => DocKind::DraftResolution,
        "resolution" => DocKind::Resolution,
        "report" => DocKind::Report,
        "letter" => DocKind::Letter,
        "meeting-summary" => DocKind::MeetingSummary,
        "other" => DocKind::Other,
        _ => return None,
    })
}

/// Checks one pattern and returns it ready to compile, or records an error.
fn check_pattern(
    ctx: &mut Ctx<'_>,
    raw: &Spanned<String>,
    kind: PatternKind,
    warnings: &mut Vec<LexiconError>,
) -> Option<Pattern> {
    let text = raw.get_ref();
    // Point inside the string, past the opening quote.
    let span = raw.span().start + 1..raw.span().end;
    if let Some(re) = text.strip_prefix("re:") {
        if re.trim().is_empty() {
            ctx.at(span, "empty regular expression");
            return None;
        }
        // Syntax and empty matches are checked here, cheaply; the matcher compiles
        // each regex once (and reports size-limit errors at the same place).
        let parsed = regex_syntax::ParserBuilder::new()
            .unicode(!re.is_ascii())
            .utf8(false)
            .build()
            .parse(re);
        match parsed {
            Err(e) => {
                let msg = e.to_string();
                let last = msg
                    .lines()
                    .rfind(|l| !l.trim().is_empty())
                    .unwrap_or("")
                    .trim();
                let last = last.strip_prefix("error: ").unwrap_or(last);
                ctx.at(span, format!("invalid regular expression: {last}"));
                None
            }
            Ok(hir) => {
                if hir.properties().minimum_len() == Some(0) {
                    ctx.at(span, "regular expression matches the empty string");
                    return None;
                }
                let (line, column) = line_col(ctx.content, span.start);
                Some(Pattern {
                    regex: true,
                    text: re.to_string(),
                    kind,
                    at: Some((ctx.file.clone(), line, column)),
                })
            }
        }
    } else {
        let n = normalize_pattern(text);
        if n.is_empty() {
            ctx.at(span, "empty pattern");
            return None;
        }
        if n != *text {
            let (line, column) = line_col(ctx.content, span.start);
            warnings.push(LexiconError {
                file: ctx.file.clone(),
                line,
                column,
                message: format!("literal {text:?} is matched as {n:?} (write it normalised)"),
            });
        }
        Some(Pattern {
            regex: false,
            text: n,
            kind,
            at: None,
        })
    }
}
