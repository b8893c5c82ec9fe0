//! The TOML shapes of the lexicon files, as serde reads them. Spans are kept on
//! the values validation may need to point at.

use serde::Deserialize;
use toml::Spanned;

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct LexiconFile {
    pub lexicon: LexiconMeta,
    #[serde(default)]
    pub area: Vec<AreaDef>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct LexiconMeta {
    pub name: String,
    pub version: String,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct AreaDef {
    pub id: Spanned<String>,
    pub name: String,
    pub description: String,
    #[serde(default)]
    pub guideline: String,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct VerbsFile {
    #[serde(default)]
    pub adverbs: Vec<Spanned<String>>,
    #[serde(default)]
    pub level: Vec<LevelDef>,
    #[serde(default)]
    pub modal: Vec<ModalDef>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct LevelDef {
    pub strength: Spanned<u8>,
    pub name: Spanned<String>,
    pub verbs: Vec<Spanned<String>>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ModalDef {
    pub strong: Spanned<String>,
    pub weak: Spanned<String>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct HedgesFile {
    #[serde(default)]
    pub hedge: Vec<HedgeDef>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct HedgeDef {
    pub phrase: Spanned<String>,
    #[serde(default)]
    pub routine: bool,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ExclusionsFile {
    #[serde(default)]
    pub exclude: Vec<ExcludeDef>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ExcludeDef {
    pub pattern: Spanned<String>,
    #[serde(default)]
    pub why: String,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ProfilesFile {
    #[serde(default)]
    pub profile: Vec<ProfileDef>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ProfileDef {
    pub id: Spanned<String>,
    pub name: String,
    #[serde(default)]
    pub kinds: Vec<Spanned<String>>,
    #[serde(default)]
    pub priority: i32,
    #[serde(default)]
    pub min_score: u32,
    #[serde(default)]
    pub detect: Vec<Spanned<String>>,
    #[serde(default)]
    pub decisive: Vec<Spanned<String>>,
    #[serde(default)]
    pub expects: Vec<Spanned<String>>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RulesFile {
    #[serde(default)]
    pub rule: Vec<RuleDef>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RuleDef {
    pub id: Spanned<String>,
    pub area: Spanned<String>,
    pub check: Spanned<String>,
    pub title: String,
    pub summary: String,
    pub why: String,
    pub suggestion: String,
    /// Wording to propose in a Secretary-General's report (where `suggestion` is
    /// the language for a resolution or draft).
    #[serde(default)]
    pub suggestion_report: Option<Spanned<String>>,
    pub source: String,
    /// The year the rule's agreed language was first adopted (required; checked
    /// in validation so the error points at the rule).
    #[serde(default)]
    pub since: Option<Spanned<i64>>,
    /// What a triggered finding says the paragraph lacks ("survivors"); the
    /// area's name when absent.
    #[serde(default)]
    pub lacks: Option<String>,
    pub terms: Vec<Spanned<String>>,
    #[serde(default)]
    pub expected_in: Vec<Spanned<String>>,
    #[serde(default)]
    pub triggers: Vec<Spanned<String>>,
    #[serde(default)]
    pub trigger_profiles: Vec<Spanned<String>>,
    #[serde(default)]
    pub min_verb: Option<Spanned<String>>,
    #[serde(default)]
    pub operative: bool,
    #[serde(default)]
    pub severity: Option<Spanned<String>>,
    #[serde(default)]
    pub reason: Option<Spanned<String>>,
    pub example: Option<ExampleDef>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ExampleDef {
    #[serde(default)]
    pub profile: Option<Spanned<String>>,
    pub bad: String,
    pub good: String,
}
