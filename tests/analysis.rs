//! Analysis on realistic text: what counts as evidence, what makes it weak, what is
//! missing. Each case is a short Council-style text with the expected findings.

mod common;
use common::*;
use wpslens::analysis::{analyze, Analysis, FindingKind, Options, Status};
use wpslens::lexicon::Lexicon;

fn check(text: &str, profile: &str) -> (Analysis, Lexicon) {
    let lex = Lexicon::embedded();
    let d = parse_text(text);
    let a = analyze(
        &d,
        &lex,
        &Options {
            profile: lex.profile_by_id(profile),
            ..Default::default()
        },
    );
    (a, lex)
}

fn status(a: &Analysis, lex: &Lexicon, area: &str) -> Status {
    a.areas
        .iter()
        .find(|r| lex.areas[r.area].id == area)
        .unwrap()
        .status
}

fn reasons(a: &Analysis, lex: &Lexicon, area: &str) -> Vec<&'static str> {
    a.findings
        .iter()
        .filter(|f| lex.areas[f.area].id == area)
        .map(|f| f.reason.as_str())
        .collect()
}

const HEAD: &str = "The Security Council,\nRecalling its resolutions 1325 (2000), 1820 (2008), 1888 (2009) and 2467 (2019),\nActing under Chapter VII of the Charter of the United Nations,\n1. Decides to extend the mandate of MINUSKE until 31 March 2027;\n";

#[test]
fn a_mandate_without_wpas_misses_them() {
    let (a, lex) = check(&format!("{HEAD}2. Decides that MINUSKE shall protect civilians under threat of physical violence;\n"), "pko-mandate");
    assert_eq!(status(&a, &lex, "wpa"), Status::Missing);
    let f = a
        .findings
        .iter()
        .find(|f| lex.rules[f.rule].id == "WPA-001")
        .expect("WPA-001 fires");
    assert_eq!(f.kind, FindingKind::Missing);
    assert_eq!(f.paragraph, None);
}

#[test]
fn extraction_mess_still_matches() {
    // Curly apostrophe after a space, and a word split by extraction.
    let (a, lex) = check(
        &format!("{HEAD}2. Requests MINUSKE to continue the deployment of wom en ’s protection advisers to all field offices;\n"),
        "pko-mandate",
    );
    assert_eq!(status(&a, &lex, "wpa"), Status::Strong, "{:?}", a.findings);
}

#[test]
fn an_encouraged_element_is_weakened() {
    let (a, lex) = check(
        &format!("{HEAD}2. Encourages MINUSKE to deploy women’s protection advisers;\n"),
        "pko-mandate",
    );
    assert_eq!(status(&a, &lex, "wpa"), Status::Weak);
    assert!(reasons(&a, &lex, "wpa").contains(&"weak-verb"));
}

#[test]
fn a_hedge_in_the_clause_weakens_but_the_routine_poc_hedge_does_not() {
    let (a, lex) = check(
        &format!(
            "{HEAD}2. Requests MINUSKE, as appropriate, to deploy women's protection advisers;\n"
        ),
        "pko-mandate",
    );
    assert!(
        reasons(&a, &lex, "wpa").contains(&"hedged"),
        "{:?}",
        a.findings
    );
    let (a, lex) = check(
        &format!("{HEAD}2. Decides that the mandate of MINUSKE shall include the following tasks:\n(a) To protect civilians under threat of physical violence, within its capacity and areas of deployment, with specific protection for women and children, including through the deployment of women's protection advisers;\n"),
        "pko-mandate",
    );
    assert_eq!(status(&a, &lex, "wpa"), Status::Strong, "{:?}", a.findings);
    assert!(reasons(&a, &lex, "wpa").is_empty());
}

#[test]
fn preamble_only_language_commits_no_one() {
    let (a, lex) = check(
        "The Security Council,\nWelcoming the deployment of women's protection advisers to the Mission,\n1. Decides to extend the mandate of MINUSKE until 31 March 2027;\n2. Decides to remain seized of the matter.\n",
        "pko-mandate",
    );
    assert_eq!(status(&a, &lex, "wpa"), Status::Weak);
    assert!(reasons(&a, &lex, "wpa").contains(&"preamble-only"));
}

#[test]
fn bracketed_language_is_still_under_negotiation() {
    let (a, lex) = check(
        &format!("{HEAD}2. Requests MINUSKE to protect civilians [including through the deployment of women's protection advisers];\n"),
        "pko-mandate",
    );
    assert!(reasons(&a, &lex, "wpa").contains(&"bracketed"));
}

#[test]
fn superseded_participation_formula() {
    let (a, lex) = check(
        &format!("{HEAD}2. Calls upon the parties to ensure the full and effective participation of women in the peace process;\n"),
        "pko-mandate",
    );
    assert!(
        reasons(&a, &lex, "participation").contains(&"superseded"),
        "{:?}",
        a.findings
    );
    let (a, lex) = check(
        &format!("{HEAD}2. Calls upon the parties to ensure the full, equal and meaningful participation of women in the peace process;\n"),
        "pko-mandate",
    );
    assert_eq!(status(&a, &lex, "participation"), Status::Strong);
    assert!(!reasons(&a, &lex, "participation").contains(&"superseded"));
}

#[test]
fn women_in_a_list_of_vulnerable_groups_is_not_participation() {
    let (a, lex) = check(
        &format!("{HEAD}2. Demands the protection of civilians, in particular children, women and the elderly, and urges the participation of all stakeholders in the dialogue;\n"),
        "thematic",
    );
    let part = a
        .areas
        .iter()
        .find(|r| lex.areas[r.area].id == "participation")
        .unwrap();
    assert!(part.evidence.is_empty(), "{:?}", part.evidence);
}

#[test]
fn a_ddr_task_without_women_and_girls_triggers_ddr() {
    let (a, lex) = check(
        &format!("{HEAD}2. Requests MINUSKE to support the national disarmament, demobilization and reintegration programme;\n"),
        "pko-mandate",
    );
    let f = a
        .findings
        .iter()
        .find(|f| lex.areas[f.area].id == "ddr")
        .expect("a DDR finding");
    assert_eq!(f.kind, FindingKind::Missing);
    assert!(f.paragraph.is_some());
    let (a, lex) = check(
        &format!("{HEAD}2. Requests MINUSKE to support a gender-responsive disarmament, demobilization and reintegration programme that addresses the specific needs of women and girls associated with armed groups;\n"),
        "pko-mandate",
    );
    assert_eq!(status(&a, &lex, "ddr"), Status::Strong, "{:?}", a.findings);
}

#[test]
fn rape_in_the_yugoslavia_resolutions_is_crsv_evidence() {
    let Some(p) = shared("archive/S_RES_0798_1992_EN_GOLD.txt") else {
        return;
    };
    let lex = Lexicon::embedded();
    let d = load(&p);
    let a = analyze(&d, &lex, &Options::default());
    assert_ne!(status(&a, &lex, "crsv"), Status::Missing);
    let crsv = a
        .areas
        .iter()
        .find(|r| lex.areas[r.area].id == "crsv")
        .unwrap();
    assert!(!crsv.evidence.is_empty());
}

#[test]
fn an_early_resolution_has_no_wps_language() {
    let Some(p) = shared("archive/S_RES_0013_1946_EN_GOLD.txt") else {
        return;
    };
    let lex = Lexicon::embedded();
    let a = analyze(&load(&p), &lex, &Options::default());
    assert!(a.areas.iter().all(|r| r.evidence.is_empty()));
}

/// An election to the International Court of Justice is not an electoral task: the
/// exclusion keeps PAR-002 (women as voters and candidates) from being expected,
/// while an electoral task in the same kind of text still expects it.
#[test]
fn an_election_to_fill_a_court_vacancy_is_not_an_electoral_task() {
    let rule = |a: &Analysis, lex: &Lexicon| -> Vec<String> {
        a.findings
            .iter()
            .map(|f| lex.rules[f.rule].id.clone())
            .filter(|id| id == "PAR-002")
            .collect()
    };
    let icj = "The Security Council,\nNoting with regret the death of Judge Hélène Ndiaye on 2 March 2026,\nNoting further that a vacancy in the International Court of Justice for the remainder of the term of office of the deceased must be filled,\n1. Decides that the election to fill the vacancy shall take place on 5 May 2026 at a meeting of the Security Council and at a meeting of the General Assembly at its eightieth session.\n";
    let (a, lex) = check(icj, "generic");
    assert!(rule(&a, &lex).is_empty(), "{:?}", a.findings);
    let electoral = "The Security Council,\n1. Requests the Secretary-General to provide technical assistance to the national electoral commission for the elections to be held in 2027;\n";
    let (a, lex) = check(electoral, "generic");
    assert_eq!(rule(&a, &lex), ["PAR-002"], "{:?}", a.findings);
}
