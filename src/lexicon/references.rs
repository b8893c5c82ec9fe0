//! The reference vocabulary (`references.toml`): the words that make a passage a
//! WPS reference, how a reference gets its area, and the proper names that are
//! not references. Its patterns join the one automaton of the lexicon, so the
//! reference layer costs no second pass over the text.

use super::schema::ExcludeDef;
use super::{check_pattern, parse, Area, Ctx, LexiconError, Pattern, PatternKind};
use serde::Deserialize;
use std::collections::HashMap;
use toml::Spanned;

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct ReferencesFile {
    #[serde(default)]
    topic: Vec<TopicDef>,
    #[serde(default)]
    cue: Vec<CueDef>,
    #[serde(default)]
    anaphor: Vec<AnaphorDef>,
    #[serde(default)]
    context: Vec<ContextDef>,
    #[serde(default)]
    exclude: Vec<ExcludeDef>,
    #[serde(default)]
    cross_reference: Vec<CrossRefDef>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct CrossRefDef {
    pattern: Spanned<String>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct TopicDef {
    id: Spanned<String>,
    name: String,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct CueDef {
    area: Spanned<String>,
    #[serde(default)]
    default: Option<Spanned<String>>,
    terms: Vec<Spanned<String>>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct AnaphorDef {
    #[serde(default)]
    area: Option<Spanned<String>>,
    #[serde(default)]
    pronoun: bool,
    terms: Vec<Spanned<String>>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct ContextDef {
    area: Spanned<String>,
    terms: Vec<Spanned<String>>,
}

/// Index into [`RefVocab::areas`]: the lexicon's areas first (the same index as
/// their `AreaId`), then the reference-only topics.
pub type RefAreaId = usize;

/// An area a reference can have.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RefArea {
    pub id: String,
    pub name: String,
    /// True for a lexicon area (rules and a coverage line); false for a topic.
    pub graded: bool,
}

/// How a cue gets its area.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum CueArea {
    Fixed(RefAreaId),
    /// From the nearest context word of the clause, else `default`.
    Context {
        default: RefAreaId,
    },
}

/// A word that refers back to an earlier reference of the paragraph.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Anaphor {
    /// The area it takes; `None`: the area of the reference it refers to.
    pub area: Option<RefAreaId>,
    /// A pronoun refers back only to the clause just before it.
    pub pronoun: bool,
}

/// The compiled reference vocabulary (empty when a lexicon has no
/// `references.toml`: its references are then the rules' occurrences).
#[derive(Debug, Clone, Default)]
pub struct RefVocab {
    pub areas: Vec<RefArea>,
    pub cues: Vec<CueArea>,
    pub anaphors: Vec<Anaphor>,
    /// Area of each context group, in priority order (index = priority).
    pub contexts: Vec<RefAreaId>,
}

impl RefVocab {
    /// The lexicon's areas only (a lexicon without `references.toml`).
    pub fn from_areas(areas: &[Area]) -> RefVocab {
        RefVocab {
            areas: areas
                .iter()
                .map(|a| RefArea {
                    id: a.id.clone(),
                    name: a.name.clone(),
                    graded: true,
                })
                .collect(),
            ..RefVocab::default()
        }
    }

    pub fn area_by_id(&self, id: &str) -> Option<RefAreaId> {
        self.areas.iter().position(|a| a.id == id)
    }
}

/// Loads `references.toml` (already read into `ctx`), adding its patterns.
pub(super) fn load(
    ctx: &mut Ctx<'_>,
    areas: &[Area],
    patterns: &mut Vec<Pattern>,
    warnings: &mut Vec<LexiconError>,
) -> RefVocab {
    let mut vocab = RefVocab::from_areas(areas);
    let Some(f) = parse::<ReferencesFile>(ctx) else {
        return vocab;
    };
    for t in f.topic {
        if vocab.area_by_id(t.id.get_ref()).is_some() {
            ctx.at(
                t.id.span(),
                format!("topic {:?} is already an area or a topic", t.id.get_ref()),
            );
            continue;
        }
        vocab.areas.push(RefArea {
            id: t.id.into_inner(),
            name: t.name,
            graded: false,
        });
    }
    let ids: HashMap<String, RefAreaId> = vocab
        .areas
        .iter()
        .enumerate()
        .map(|(i, a)| (a.id.clone(), i))
        .collect();
    let area = |ctx: &mut Ctx<'_>, s: &Spanned<String>| -> Option<RefAreaId> {
        let found = ids.get(s.get_ref()).copied();
        if found.is_none() {
            ctx.at(s.span(), format!("unknown area or topic {:?}", s.get_ref()));
        }
        found
    };
    for c in f.cue {
        let kind = if c.area.get_ref() == "context" {
            let Some(d) = c.default.as_ref() else {
                ctx.at(c.area.span(), "a context cue needs a `default` area");
                continue;
            };
            match area(ctx, d) {
                Some(default) => CueArea::Context { default },
                None => continue,
            }
        } else {
            match area(ctx, &c.area) {
                Some(a) => CueArea::Fixed(a),
                None => continue,
            }
        };
        let ix = vocab.cues.len();
        vocab.cues.push(kind);
        add_terms(ctx, &c.terms, PatternKind::Cue(ix), patterns, warnings);
    }
    for a in f.anaphor {
        let target = match &a.area {
            Some(s) => match area(ctx, s) {
                Some(x) => Some(x),
                None => continue,
            },
            None => None,
        };
        let ix = vocab.anaphors.len();
        vocab.anaphors.push(Anaphor {
            area: target,
            pronoun: a.pronoun,
        });
        add_terms(ctx, &a.terms, PatternKind::Anaphor(ix), patterns, warnings);
    }
    for c in f.context {
        let Some(a) = area(ctx, &c.area) else {
            continue;
        };
        let ix = vocab.contexts.len();
        vocab.contexts.push(a);
        add_terms(ctx, &c.terms, PatternKind::Context(ix), patterns, warnings);
    }
    for c in &f.cross_reference {
        if let Some(p) = check_pattern(ctx, &c.pattern, PatternKind::CrossRef, warnings) {
            patterns.push(p);
        }
    }
    for (ix, x) in f.exclude.iter().enumerate() {
        if let Some(p) = check_pattern(ctx, &x.pattern, PatternKind::RefExclude(ix), warnings) {
            patterns.push(p);
        }
    }
    vocab
}

fn add_terms(
    ctx: &mut Ctx<'_>,
    terms: &[Spanned<String>],
    kind: PatternKind,
    patterns: &mut Vec<Pattern>,
    warnings: &mut Vec<LexiconError>,
) {
    if terms.is_empty() {
        ctx.at(0..0, "a cue, anaphor or context group without terms");
    }
    for t in terms {
        if let Some(p) = check_pattern(ctx, t, kind, warnings) {
            patterns.push(p);
        }
    }
}
