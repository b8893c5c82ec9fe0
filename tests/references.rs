//! The reference layer on Council-style text written for these tests: every WPS
//! reference is found (list mentions, female personnel, special needs), with its
//! area from its clause, its label, the verb that governs it and the hedges on
//! its clause; proper names are no references.

mod common;

use common::parse_text;
use wpslens::analysis::{self, Analysis, Reference, Via};
use wpslens::lexicon::Lexicon;
use wpslens::model::Document;

fn analyse(text: &str) -> (Document, Analysis, Lexicon) {
    let lex = Lexicon::embedded();
    let doc = parse_text(text);
    let a = analysis::analyze(&doc, &lex, &analysis::Options::default());
    (doc, a, lex)
}

/// The references whose text contains `needle`.
fn refs_at<'a>(doc: &Document, a: &'a Analysis, needle: &str) -> Vec<&'a Reference> {
    let at = doc
        .text
        .find(needle)
        .unwrap_or_else(|| panic!("{needle:?} not in the text"));
    let span = at..at + needle.len();
    a.references
        .iter()
        .filter(|r| r.span.start < span.end && span.start < r.span.end)
        .collect()
}

fn area<'a>(lex: &'a Lexicon, r: &Reference) -> &'a str {
    &lex.refs.areas[r.area].id
}

const MANDATE: &str = "The Security Council,

Recalling its resolutions 1325 (2000) and 2467 (2019) on women, peace and security,

Expressing concern at the continued tension between the parties,

1. Decides to extend the mandate of UNSOM until 31 March 2026;

2. Encourages UNSOM to enhance its interaction with civil society at national and regional level, including women, youth and religious leaders;

3. Calls on, as appropriate, the Transition Government and all parties to ensure an inclusive political process with the full, equal and meaningful participation of women;

4. Requests the Secretary-General to deploy greater numbers of female military and police personnel and to address the special needs of women in the police training programme;

5. Condemns all acts of rape and other forms of sexual violence, urging all parties to release children separated from armed groups and to consider them as victims;

6. Decides that the mandate of UNSOM shall include, where possible, the following tasks:
(a) To support the Government in the appointment of more women to senior positions;
(b) To support the national electoral commission;

7. Welcomes the cooperation of UN-Women and the Ministry of Women and Human Rights Development with the Mission, and requests UNSOM to ensure full compliance with the zero-tolerance policy on sexual exploitation and abuse and to ensure full accountability in cases of such conduct;
";

#[test]
fn list_mentions_and_plain_words_are_references() {
    let (doc, a, lex) = analyse(MANDATE);
    let r = refs_at(&doc, &a, "including women, youth");
    assert_eq!(r.len(), 1, "{r:?}");
    assert_eq!(area(&lex, r[0]), "civil-society");
    assert_eq!(doc.paragraphs[r[0].paragraph].label.to_string(), "OP 2");
    assert_eq!(r[0].verb_text.as_deref(), Some("encourages"));

    let r = refs_at(&doc, &a, "female military and police personnel");
    assert!(r.iter().any(|r| area(&lex, r) == "gender"), "{r:?}");
    let r = refs_at(&doc, &a, "special needs of women");
    assert!(!r.is_empty());
    assert_eq!(r[0].verb_text.as_deref(), Some("requests"));
    let r = refs_at(&doc, &a, "appointment of more women");
    assert!(r.iter().any(|r| area(&lex, r) == "participation"), "{r:?}");
    let r = refs_at(&doc, &a, "rape");
    assert!(r.iter().any(|r| area(&lex, r) == "crsv"), "{r:?}");
}

#[test]
fn the_wps_resolutions_cited_are_framework_references_in_the_preamble() {
    let (doc, a, lex) = analyse(MANDATE);
    let r = refs_at(&doc, &a, "women, peace and security");
    assert!(r.iter().any(|r| area(&lex, r) == "framework"), "{r:?}");
    assert_eq!(doc.paragraphs[r[0].paragraph].label.to_string(), "PP 1");
    assert_eq!(
        r[0].verb_text, None,
        "a preambular paragraph has no governing verb"
    );
}

#[test]
fn a_hedge_far_from_the_wps_words_governs_them() {
    let (doc, a, _) = analyse(MANDATE);
    let r = refs_at(&doc, &a, "participation of women");
    assert!(!r.is_empty());
    assert!(r.iter().all(|r| r.hedges == ["as appropriate"]), "{r:?}");
    assert_eq!(r[0].verb_text.as_deref(), Some("calls on"));
}

#[test]
fn a_hedge_in_a_sibling_clause_does_not_count() {
    // "to consider them as victims" is in the clause of "urging", not in the one
    // holding the sexual violence language.
    let (doc, a, _) = analyse(MANDATE);
    let r = refs_at(&doc, &a, "sexual violence");
    assert!(!r.is_empty());
    assert!(r.iter().all(|r| r.hedges.is_empty()), "{r:?}");
    assert_eq!(r[0].verb_text.as_deref(), Some("condemns"));
}

#[test]
fn a_task_list_is_governed_by_its_lead_in_and_its_hedge() {
    let (doc, a, _) = analyse(MANDATE);
    let r = refs_at(&doc, &a, "more women");
    assert!(!r.is_empty());
    assert_eq!(doc.paragraphs[r[0].paragraph].label.to_string(), "OP 6 (a)");
    assert_eq!(r[0].verb_text.as_deref(), Some("decides"));
    assert!(r[0].verb_from_lead_in);
    assert_eq!(r[0].hedges, ["where possible"]);
}

#[test]
fn proper_names_are_no_references_and_anaphors_refer_back() {
    let (doc, a, lex) = analyse(MANDATE);
    assert!(refs_at(&doc, &a, "UN-Women").is_empty());
    assert!(refs_at(&doc, &a, "Ministry of Women").is_empty());
    let r = refs_at(&doc, &a, "such conduct");
    assert_eq!(r.len(), 1, "{r:?}");
    assert_eq!(r[0].via, Via::Anaphor);
    assert_eq!(area(&lex, r[0]), "sea");
    assert_eq!(r[0].verb_text.as_deref(), Some("requests"));
}

#[test]
fn anaphors_without_an_earlier_reference_are_nothing() {
    let (doc, a, _) = analyse(
        "The Security Council,\n\nRecalling its previous resolutions,\n\n1. Requests the Mission to report to the Council on this issue and to prevent such acts;\n",
    );
    assert!(refs_at(&doc, &a, "this issue").is_empty());
    assert!(refs_at(&doc, &a, "such acts").is_empty());
}

#[test]
fn a_paragraph_of_a_hundred_thousand_cues_and_anaphors_is_read_in_one_pass() {
    // Every cue and anaphor is checked against its neighbours only: a hostile
    // paragraph (one line, tens of thousands of references) stays linear.
    let mut text = String::from("The Security Council,\n\nRecalling its previous resolutions,\n\n1. Requests the Mission to protect ");
    for _ in 0..50_000 {
        text.push_str("women and girls affected by such acts, with UN Women; ");
    }
    text.push_str("and civilians.\n");
    let (_, a, _) = analyse(&text);
    // "women and girls" merge into one reference per repetition; "UN Women" is
    // a proper name; each "such acts" refers back.
    assert_eq!(a.references.len(), 100_000);
}

#[test]
fn a_citation_of_a_wps_paragraph_is_a_reference_of_its_area() {
    let text = "The Security Council,

Recalling its previous resolutions,

1. Requests the Secretary-General to increase the number of women in the Mission's military and police components;

2. Decides to extend the mandate of the Mission until 15 November 2026;

3. Requests the Secretary-General to report on the steps taken in line with paragraph 1, and on progress under paragraph 2, and recalls paragraph 6 of resolution 2242 (2015);
";
    let (doc, a, lex) = analyse(text);
    let r = refs_at(&doc, &a, "paragraph 1,");
    assert_eq!(r.len(), 1, "{r:?}");
    assert_eq!(r[0].via, Via::CrossReference);
    assert_eq!(area(&lex, r[0]), "gender");
    assert_eq!(r[0].verb_text.as_deref(), Some("requests"));
    // Paragraph 2 holds no WPS language; paragraph 6 is another text's.
    assert!(refs_at(&doc, &a, "paragraph 2").is_empty());
    assert!(refs_at(&doc, &a, "paragraph 6").is_empty());
}
