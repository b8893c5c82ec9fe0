//! Paragraph labels as diplomats cite them, on real drafts and resolutions and on
//! the project's own samples. Each expectation was checked by reading the text.

mod common;
use common::*;
use wpslens::model::{DocKind, Part};

#[test]
fn unmiss_2018_draft_labels() {
    let Some(p) = shared("drafts/S-2018-221-draft.txt") else {
        return;
    };
    let d = load(&p);
    assert_eq!(d.kind, DocKind::DraftResolution);
    assert_eq!(d.meta.symbol.as_deref(), Some("S/2018/221"));
    assert_eq!(d.meta.mission.as_deref(), Some("UNMISS"));
    assert_eq!(
        label_of(&d, "Reaffirming its strong commitment to the sovereignty"),
        "PP 2"
    );
    // "stressing the urgent need for Troop- and Police-contributing countries" (lower
    // case) continues PP 29; it does not open a paragraph.
    assert_eq!(label_of(&d, "Acting under Chapter VII"), "PP 33");
    assert_eq!(
        label_of(
            &d,
            "Decides to extend the mandate of UNMISS until 15 March 2019"
        ),
        "OP 5"
    );
    // The number of OP 7 is missing in the extracted text: it is inferred.
    assert_eq!(
        label_of(&d, "Decides that the mandate of UNMISS shall be as follows"),
        "OP 7"
    );
    let op7 = d
        .paragraphs
        .iter()
        .find(|p| p.label.to_string() == "OP 7")
        .unwrap();
    assert!(op7.inferred_number);
    assert_eq!(label_of(&d, "including through the continued use of the Mission’s Child Protection and Women Protection Advisers"), "OP 7 (a) (i)");
    assert_eq!(
        label_of(
            &d,
            "monitoring, analysis and reporting arrangements on conflict-related sexual violence"
        ),
        "OP 7 (c) (ii)"
    );
    assert_eq!(
        label_of(
            &d,
            "Actively participating in and supporting the work of the JMEC"
        ),
        "OP 7 (d) (iii)"
    );
    assert_eq!(
        label_of(
            &d,
            "Protect the airport to ensure the airport remains operational"
        ),
        "OP 9 (ii)"
    );
    assert_eq!(
        label_of(
            &d,
            "Requests UNMISS to take fully into account gender considerations"
        ),
        "OP 14"
    );
    assert_eq!(
        label_of(&d, "the participation of women in peace processes"),
        "OP 33, bullet 4"
    );
    // "[through, inter alia, mediation]" is still under negotiation.
    let i = d
        .paragraphs
        .iter()
        .position(|p| p.label.to_string() == "OP 7 (a) (vi)")
        .unwrap();
    assert_eq!(d.paragraphs[i].brackets.len(), 1);
    assert_eq!(
        &d.text[d.paragraphs[i].brackets[0].clone()],
        "[through, inter alia, mediation]"
    );
}

#[test]
fn number_printed_after_the_first_line() {
    // In S/RES/1784 (2007) the numbers of OP 3, 4, 5, 7, 8 and 9 stand on the line
    // after the paragraph's first line.
    let Some(p) = shared("resolutions/S-RES-1784-2007.txt") else {
        return;
    };
    let d = load(&p);
    assert_eq!(d.kind, DocKind::Resolution);
    assert_eq!(d.meta.symbol.as_deref(), Some("S/RES/1784 (2007)"));
    assert_eq!(d.meta.date.as_deref(), Some("31 October 2007"));
    assert_eq!(
        label_of(
            &d,
            "Decides to extend the mandate of UNMIS until 30 April 2008"
        ),
        "OP 1"
    );
    assert_eq!(
        label_of(
            &d,
            "Stresses the importance of full and expeditious implementation"
        ),
        "OP 3"
    );
    assert_eq!(
        label_of(
            &d,
            "Stresses the critical role of the Assessment and Evaluation Commission"
        ),
        "OP 4"
    );
    assert_eq!(
        label_of(
            &d,
            "Calls for all parties to agree immediately to full unrestricted UNMIS"
        ),
        "OP 5"
    );
    assert_eq!(
        label_of(
            &d,
            "Urges UNMIS to continue its efforts consistent with its mandate"
        ),
        "OP 6"
    );
    assert_eq!(
        label_of(
            &d,
            "Urges UNMIS, consistent with its mandate and in coordination with the"
        ),
        "OP 9"
    );
    let ops: Vec<String> = d
        .paragraphs
        .iter()
        .filter(|p| p.part == Part::Operative && p.parent.is_none() && !p.is_heading)
        .map(|p| p.label.to_string())
        .collect();
    let expected: Vec<String> = (1..=17).map(|n| format!("OP {n}")).collect();
    assert_eq!(ops, expected);
}

#[test]
fn page_furniture_is_noise_not_text() {
    let Some(p) = shared("resolutions/S_RES_1445_2002_EN_GOLD.txt") else {
        return;
    };
    let d = load(&p);
    assert_eq!(d.meta.symbol.as_deref(), Some("S/RES/1445 (2002)"));
    assert!(d
        .noise
        .iter()
        .any(|r| d.text[r.clone()].contains("02-72318")));
    // OP 2 runs over the page break; its text is whole, without the job number.
    assert_eq!(
        label_of(&d, "Welcomes the decision taken by all the foreign parties"),
        "OP 2"
    );
    let op2 = d
        .paragraphs
        .iter()
        .position(|p| p.label.to_string() == "OP 2")
        .unwrap();
    assert!(d
        .para_text(op2)
        .contains("progress in the implementation of these processes"));
}

#[test]
fn gaps_in_numbering_keep_the_printed_numbers() {
    // This extraction ran OP 9 to OP 12 into the line of OP 8; the rest keep their
    // numbers.
    let Some(p) = shared("drafts/DRAFT-unbench-t3-10-MINUSCA-2023.txt") else {
        return;
    };
    let d = load(&p);
    assert_eq!(
        label_of(&d, "Expresses serious concerns about repeated allegations"),
        "OP 13"
    );
    assert_eq!(
        label_of(
            &d,
            "Welcomes the recent adoption of the National Human Rights Policy"
        ),
        "OP 20"
    );
    assert_eq!(
        label_of(
            &d,
            "Urges the CAR authorities to continue addressing the presence"
        ),
        "OP 10"
    );
    assert!(d
        .warnings
        .iter()
        .any(|w| w.starts_with("OP 9 to OP 12 were run into OP 8")));
    assert!(d
        .warnings
        .iter()
        .any(|w| w.starts_with("OP 58 is not in the text")));
    // "...; Additional tasks 38. Further authorises MINUSCA ...: (a) To assist": a
    // heading and a paragraph run on.
    assert_eq!(
        label_of(
            &d,
            "Further authorises MINUSCA to carry out the following additional tasks"
        ),
        "OP 38"
    );
    assert_eq!(
        label_of(
            &d,
            "To assist the Committee established pursuant to paragraph 57"
        ),
        "OP 38 (a)"
    );
}

#[test]
fn every_real_draft_and_resolution_parses_with_operative_paragraphs() {
    for dir in ["drafts", "resolutions"] {
        let Some(p) = shared(dir) else { return };
        for e in std::fs::read_dir(p).unwrap() {
            let path = e.unwrap().path();
            let d = load(&path);
            assert!(
                d.kind.is_resolution_like(),
                "{}: {:?}",
                path.display(),
                d.kind
            );
            let ops = d
                .paragraphs
                .iter()
                .filter(|p| p.part == Part::Operative)
                .count();
            assert!(ops >= 1, "{}: no operative paragraph", path.display());
            // Spans are in order and within the text.
            for w in d.paragraphs.windows(2) {
                assert!(
                    w[0].span.end <= w[1].span.start,
                    "{}: overlapping paragraphs",
                    path.display()
                );
            }
        }
    }
}

#[test]
fn sample_mandate_draft_labels() {
    let d = load(&repo("corpus/mandate-draft.txt"));
    assert_eq!(d.kind, DocKind::DraftResolution);
    assert_eq!(d.meta.symbol.as_deref(), Some("S/2026/212"));
    assert_eq!(d.meta.mission.as_deref(), Some("MINUSKE"));
    assert_eq!(label_of(&d, "Acting under Chapter VII"), "PP 15");
    assert_eq!(
        label_of(&d, "Recognizing the importance of the adoption"),
        "PP 8"
    );
    assert_eq!(
        label_of(
            &d,
            "Urges the Transitional Authorities and all signatory armed groups"
        ),
        "OP 1"
    );
    assert_eq!(label_of(&d, "Encourages MINUSKE"), "OP 13");
}

#[test]
fn sample_report_sections_and_paragraphs() {
    let d = load(&repo("corpus/sg-report.txt"));
    assert_eq!(d.kind, DocKind::Report);
    assert_eq!(d.meta.symbol.as_deref(), Some("S/2026/150"));
    assert_eq!(
        label_of(
            &d,
            "The present report is submitted pursuant to paragraph 41"
        ),
        "para 1"
    );
    assert_eq!(label_of(&d, "Women hold 14 per cent of seats"), "para 35");
    assert!(d.paragraphs.iter().any(|p| p.is_heading
        && d.para_text(d.paragraphs.iter().position(|q| q == p).unwrap()) == "I. Introduction"));
}

#[test]
fn wrapped_preamble_and_sub_paragraphs() {
    let d = parse_text(
        "The Security Council,\n      Recalling its resolutions 1325 (2000) and 2467 (2019) on\nwomen and peace and security,\n      Acting under Chapter VII of the Charter of the United Nations,\n1. Decides that the mandate shall include the following tasks:\n(a) Protection of civilians:\n(i) To protect civilians under threat of physical violence;\n(ii) To deploy women's protection advisers;\n(b) Human rights:\n(i) To monitor and report;\n2. Decides to remain actively seized of the matter.\n",
    );
    let labels: Vec<String> = d.paragraphs.iter().map(|p| p.label.to_string()).collect();
    assert_eq!(
        labels,
        [
            "\u{b6} 1",
            "PP 1",
            "PP 2",
            "OP 1",
            "OP 1 (a)",
            "OP 1 (a) (i)",
            "OP 1 (a) (ii)",
            "OP 1 (b)",
            "OP 1 (b) (i)",
            "OP 2"
        ]
    );
    assert_eq!((d.paragraphs[1].line, d.paragraphs[1].column), (2, 7));
    // The wrapped preambular paragraph is one paragraph of two lines.
    assert!(d.para_text(1).ends_with("women and peace and security,"));
}

#[test]
fn letter_h_then_i_is_a_letter() {
    let mut s =
        String::from("The Security Council,\nNoting the report,\n1. Requests the Mission:\n");
    for c in 'a'..='j' {
        s.push_str(&format!("({c}) task {c};\n"));
    }
    let d = parse_text(&s);
    assert_eq!(label_of(&d, "task h"), "OP 1 (h)");
    assert_eq!(label_of(&d, "task i"), "OP 1 (i)");
    assert_eq!(label_of(&d, "task j"), "OP 1 (j)");
}

/// Label agreement with the outside hand codings of `../shared/ground-truth`: for
/// each coded row whose excerpt is found in its text, the paragraph holding the
/// excerpt must carry the coded label. Returns (agreeing, found, not found) and
/// prints every disagreement.
fn coded_label_agreement() -> Option<(usize, usize, usize)> {
    let gt = shared("../ground-truth")?;
    // (file relative to the corpus, label, excerpt)
    let mut rows: Vec<(String, String, String)> = Vec::new();
    let mut r = csv::Reader::from_path(gt.join("references-dev.csv")).unwrap();
    for rec in r.records() {
        let rec = rec.unwrap();
        rows.push((
            format!("drafts/{}", &rec[0]),
            rec[1].to_string(),
            rec[3].to_string(),
        ));
    }
    let mut r = csv::Reader::from_path(gt.join("renewals-dev.csv")).unwrap();
    for rec in r.records() {
        let rec = rec.unwrap();
        for (file, label, excerpt) in [(0, 2, 6), (1, 3, 7)] {
            if !rec[label].is_empty() && !rec[excerpt].is_empty() {
                rows.push((
                    rec[file].to_string(),
                    rec[label].to_string(),
                    rec[excerpt].to_string(),
                ));
            }
        }
    }
    let squeeze = |s: &str| s.chars().filter(|c| !c.is_whitespace()).collect::<String>();
    let mut docs: std::collections::HashMap<
        String,
        (wpslens::model::Document, String, Vec<usize>),
    > = Default::default();
    let (mut agree, mut found, mut missing) = (0, 0, 0);
    for (file, label, excerpt) in rows {
        let (d, flat, map) = docs.entry(file.clone()).or_insert_with(|| {
            let d = load(&shared(&file).unwrap());
            // The text without white space (excerpts differ in line breaks), with
            // the source offset of each kept byte.
            let mut flat = String::new();
            let mut map = Vec::new();
            for (i, c) in d.text.char_indices() {
                if !c.is_whitespace() {
                    flat.push(c);
                    map.extend(std::iter::repeat_n(i, c.len_utf8()));
                }
            }
            (d, flat, map)
        });
        // The longest piece of an excerpt cut with an ellipsis.
        let piece = excerpt
            .split(['…'])
            .flat_map(|s| s.split("..."))
            .max_by_key(|s| s.len())
            .unwrap_or("");
        let needle = squeeze(piece);
        let hits: Vec<usize> = flat.match_indices(&needle).map(|(i, _)| map[i]).collect();
        if needle.is_empty() || hits.is_empty() {
            missing += 1;
            eprintln!("not found: {file} {label}: {excerpt:?}");
            continue;
        }
        found += 1;
        let want = squeeze(&label);
        let labels: Vec<String> = hits
            .iter()
            .filter_map(|&at| d.paragraph_at(at))
            .map(|p| d.paragraphs[p].label.to_string())
            .collect();
        if labels.iter().any(|l| {
            let l = squeeze(l);
            l == want || (want == "Annex" && l.starts_with("Annex"))
        }) {
            agree += 1;
        } else {
            eprintln!("disagree: {file}: coded {label}, parsed {labels:?}: {piece:.60}");
        }
    }
    eprintln!(
        "label agreement with the codings: {agree} of {found} found ({missing} excerpts not found)"
    );
    Some((agree, found, missing))
}

#[test]
fn labels_agree_with_outside_codings() {
    let Some((agree, found, _)) = coded_label_agreement() else {
        return;
    };
    assert!(found > 0);
    assert!(agree * 100 >= found * 95, "{agree} of {found}");
}

/// The top-level operative labels of a document, in order.
fn top_ops(d: &wpslens::model::Document) -> Vec<String> {
    d.paragraphs
        .iter()
        .filter(|p| p.part == Part::Operative && p.parent.is_none() && !p.is_heading)
        .map(|p| p.label.to_string())
        .collect()
}

/// The S/2019/266 (UNSOM 2019) checks, for the text and for its PDF.
fn check_unsom_2019(d: &wpslens::model::Document) {
    // OP 12 to OP 16 run on in the line of OP 11 in the extraction.
    assert_eq!(
        label_of(d, "Welcomes the completion by the Federal Government of Somalia of the operational readiness"),
        "OP 12"
    );
    assert_eq!(
        label_of(
            d,
            "Further underlines the importance of collaboration between the Federal Government"
        ),
        "OP 13"
    );
    assert_eq!(
        label_of(
            d,
            "Calls upon the Federal Government of Somalia, UNSOM and UNSOS to continue"
        ),
        "OP 14"
    );
    assert_eq!(
        label_of(d, "Emphasises the vital importance of ensuring that all steps towards security sector reform"),
        "OP 15"
    );
    assert_eq!(
        label_of(
            d,
            "Expresses its concern about all violations of international humanitarian law"
        ),
        "OP 16"
    );
    // OP 11 ends where OP 12 begins.
    let op11 = d
        .paragraphs
        .iter()
        .position(|p| p.label.to_string() == "OP 11")
        .unwrap();
    let op11_text = d
        .para_text(op11)
        .split_whitespace()
        .collect::<Vec<_>>()
        .join(" ");
    assert!(
        op11_text.ends_with("rule of law institutions;"),
        "{op11_text}"
    );
    let expected: Vec<String> = (1..=23).map(|n| format!("OP {n}")).collect();
    assert_eq!(top_ops(d), expected);
    assert!(
        d.warnings
            .iter()
            .any(|w| w.starts_with("OP 12 to OP 16 were run into OP 11")),
        "{:?}",
        d.warnings
    );
    assert!(
        !d.warnings.iter().any(|w| w.contains("are not in the text")),
        "{:?}",
        d.warnings
    );
    // The PP on 'Somaliland' follows a PP cut short ("... of the Chairperson").
    assert_eq!(
        label_of(
            d,
            "Commending the role of UNSOM in carrying out its mandate"
        ),
        "PP 6"
    );
    assert_eq!(
        label_of(d, "Expressing concern over continuing tension between"),
        "PP 7"
    );
    assert_eq!(
        label_of(
            d,
            "Underlining the centrality of an inclusive political settlement"
        ),
        "PP 8"
    );
    // A wrapped line in capitals ("Security (CAS) as the key mechanism") goes on
    // with its paragraph.
    assert_eq!(
        label_of(d, "Security (CAS) as the key mechanism for coordinating"),
        "PP 12"
    );
    assert_eq!(
        label_of(
            d,
            "Condemning the continued violations and abuses of human rights"
        ),
        "PP 14"
    );
    assert!(
        d.warnings
            .iter()
            .any(|w| w.starts_with("PP 6 does not end with a comma")),
        "{:?}",
        d.warnings
    );
}

#[test]
fn unsom_2019_run_in_paragraphs_and_cut_preamble() {
    let Some(p) = shared("drafts/S-2019-266-draft.txt") else {
        return;
    };
    check_unsom_2019(&load(&p));
}

#[test]
fn unsom_2019_run_in_paragraphs_from_the_pdf() {
    let Some(p) = shared("pdf/S-2019-266-draft.pdf") else {
        return;
    };
    check_unsom_2019(&load(&p));
}

#[test]
fn unsom_2018_run_in_paragraphs() {
    // OP 13 to OP 18 run on in the line of OP 12.
    let Some(p) = shared("drafts/S-2018-257-draft.txt") else {
        return;
    };
    let d = load(&p);
    assert_eq!(
        label_of(
            &d,
            "Reaffirms the important role of women and youth in the prevention"
        ),
        "OP 14"
    );
    assert_eq!(
        label_of(
            &d,
            "in particular to deliver effective security and protection"
        ),
        "OP 17"
    );
    let ops = top_ops(&d);
    for n in 12..=18 {
        assert!(ops.contains(&format!("OP {n}")), "OP {n} missing: {ops:?}");
    }
    assert!(
        d.warnings
            .iter()
            .any(|w| w.starts_with("OP 13 to OP 18 were run into OP 12")),
        "{:?}",
        d.warnings
    );
}

#[test]
fn run_in_operative_paragraphs_are_read_apart() {
    let text = "The Security Council,\nRecalling its resolutions on the situation in Kestoria,\n\
        1. Decides to extend the mandate of the Mission until 31 March 2027;\n\
        2. Urges the Government to accelerate security sector reform, as set out in paragraph 3 (a) of resolution 2999 (2025), and to pursue reforms; 3. Welcomes the completion of the census; 4. Further underlines the importance of dialogue, recalling paragraphs 11 and 12. Of note is the women's quota;\n\
        5. Decides to remain seized of the matter.\n";
    let d = parse_text(text);
    assert_eq!(top_ops(&d), ["OP 1", "OP 2", "OP 3", "OP 4", "OP 5"]);
    assert_eq!(
        label_of(&d, "Welcomes the completion of the census"),
        "OP 3"
    );
    // A number inside prose that does not continue the sequence stays where it is.
    assert_eq!(label_of(&d, "Of note is the women's quota"), "OP 4");
    assert_eq!(label_of(&d, "paragraph 3 (a) of resolution 2999"), "OP 2");
    // Spans are source spans, labels included.
    let op3 = d
        .paragraphs
        .iter()
        .position(|p| p.label.to_string() == "OP 3")
        .unwrap();
    assert_eq!(
        d.para_text(op3),
        "3. Welcomes the completion of the census;"
    );
    assert_eq!(
        d.warnings,
        ["OP 3 to OP 4 were run into OP 2 in the text (no line break before them) and are read as paragraphs of their own"]
    );
}

#[test]
fn run_in_sub_paragraphs_continue_their_list() {
    let text = "The Security Council,\nNoting the report,\n\
        1. Decides that the Mission shall have the following tasks:\n\
        (a) To protect civilians, in line with paragraph 4 (b) of resolution 2999; (b) To monitor and report on conflict-related sexual violence; and (c) To support the participation of women;\n\
        2. Requests the Secretary-General to report on (a) the security situation; (b) progress on elections.\n";
    let d = parse_text(text);
    assert_eq!(
        label_of(&d, "To monitor and report on conflict-related"),
        "OP 1 (b)"
    );
    assert_eq!(
        label_of(&d, "To support the participation of women"),
        "OP 1 (c)"
    );
    assert_eq!(
        label_of(&d, "paragraph 4 (b) of resolution 2999"),
        "OP 1 (a)"
    );
    // In prose, a list in lower case is one paragraph.
    assert_eq!(label_of(&d, "progress on elections"), "OP 2");
    assert!(
        d.warnings
            .iter()
            .any(|w| w.starts_with("OP 1 (b) to OP 1 (c) were run into OP 1 (a)")),
        "{:?}",
        d.warnings
    );
}

#[test]
fn headed_task_areas_nest_their_tasks() {
    let text = "The Security Council,\nNoting the report,\n\
        1. Decides that the mandate of the Mission shall include the following priority tasks:\n\
        (i) Protection of civilians (a) Ensure the protection of civilians under threat;\n\
        (b) Work with the Government to identify threats to women and girls;\n\
        (ii) Support to the electoral process (a) Provide technical support to the elections; (b) Monitor the participation of women;\n\
        2. Decides to remain seized of the matter.\n";
    let d = parse_text(text);
    assert_eq!(
        label_of(&d, "Ensure the protection of civilians"),
        "OP 1 (i) (a)"
    );
    assert_eq!(
        label_of(&d, "identify threats to women and girls"),
        "OP 1 (i) (b)"
    );
    assert_eq!(
        label_of(&d, "Support to the electoral process"),
        "OP 1 (ii)"
    );
    assert_eq!(
        label_of(&d, "Provide technical support to the elections"),
        "OP 1 (ii) (a)"
    );
    assert_eq!(
        label_of(&d, "Monitor the participation of women"),
        "OP 1 (ii) (b)"
    );
}

#[test]
fn preamble_cut_short_and_run_on() {
    let text = "The Security Council,\n\
        Recalling its previous resolutions on the situation in Kestoria,\n\
        Commending the role of the Mission and of the Special Representative of the Chairperson\n\
        Expressing concern over continuing tension between the regions and underlining the importance of the\n\
        Government of Kestoria and the Federal Member States, and of dialogue,\n\
        Welcoming progress made by the Government, and\n\
        Expressing its support for women's participation, Recalling resolution 2999 (2025) on the matter, 1. Decides to extend the mandate;\n\
        2. Decides to remain seized of the matter.\n";
    let d = parse_text(text);
    assert_eq!(label_of(&d, "Commending the role of the Mission"), "PP 2");
    assert_eq!(
        label_of(&d, "Expressing concern over continuing tension"),
        "PP 3"
    );
    // A capitalised word that goes on with the sentence stays in its paragraph.
    assert_eq!(
        label_of(&d, "Government of Kestoria and the Federal Member States"),
        "PP 3"
    );
    // After "and" the line goes on with the sentence even if it opens like a PP.
    assert_eq!(
        label_of(&d, "Expressing its support for women's participation"),
        "PP 4"
    );
    // A PP and the first OP run on after a comma.
    assert_eq!(
        label_of(&d, "Recalling resolution 2999 (2025) on the matter"),
        "PP 5"
    );
    assert_eq!(label_of(&d, "Decides to extend the mandate"), "OP 1");
    assert!(
        d.warnings
            .iter()
            .any(|w| w.starts_with("PP 2 does not end with a comma")),
        "{:?}",
        d.warnings
    );
    assert!(
        d.warnings
            .iter()
            .any(|w| w.starts_with("PP 5 to OP 1 were run into PP 4")),
        "{:?}",
        d.warnings
    );
}

#[test]
fn closing_formula_ends_the_operative_part() {
    let text = "The Security Council,\nNoting the report,\n\
        1. Decides to renew the measures;\n\
        2. Decides to remain actively seized of the matter.\n\
        The entity has engaged in acts that threaten the peace, including sexual violence against women.\n";
    let d = parse_text(text);
    assert_eq!(
        label_of(&d, "including sexual violence against women"),
        "Annex"
    );
    assert!(
        d.warnings.iter().any(|w| w.contains("after OP 2")),
        "{:?}",
        d.warnings
    );
}

/// A Council-style draft whose extraction ran OP 3 and OP 4 into OP 2.
const RUN_IN_DRAFT: &str = "Distr.: Limited\nDraft resolution\nThe Security Council,\n\
    Recalling its resolutions 1325 (2000) and 2467 (2019) on women and peace and security,\n\
    1. Decides to extend the mandate of the Mission until 31 March 2027;\n\
    2. Requests the Mission to take fully into account gender considerations as a cross-cutting issue; 3. Welcomes the completion of the census; 4. Calls upon the Government to ensure the full, equal and meaningful participation of women;\n\
    5. Decides to remain seized of the matter.\n";

const RUN_IN_WARNING: &str = "OP 3 to OP 4 were run into OP 2 in the text";

/// Writes the run-in draft to a temporary folder.
fn run_in_draft() -> (tempfile::TempDir, std::path::PathBuf) {
    let dir = tempfile::tempdir().unwrap();
    let p = dir.path().join("draft.txt");
    std::fs::write(&p, RUN_IN_DRAFT).unwrap();
    (dir, p)
}

#[test]
fn structure_warnings_in_the_terminal_json_and_sarif() {
    let (_dir, p) = run_in_draft();
    let path = p.to_str().unwrap();
    let o = run_wpslens(&["check", path, "--color", "never"]);
    let out = String::from_utf8_lossy(&o.stdout);
    assert!(
        out.lines()
            .any(|l| l.starts_with("note: ") && l.contains(RUN_IN_WARNING)),
        "{out}\n{}",
        stderr(&o)
    );
    let o = run_wpslens(&["check", path, "--format", "json"]);
    let v: serde_json::Value = serde_json::from_slice(&o.stdout).unwrap();
    let w = v["documents"][0]["warnings"].as_array().unwrap();
    assert!(
        w.iter()
            .any(|w| w.as_str().unwrap().starts_with(RUN_IN_WARNING)),
        "{w:?}"
    );
    let o = run_wpslens(&["check", path, "--format", "sarif"]);
    let v: serde_json::Value = serde_json::from_slice(&o.stdout).unwrap();
    let n = v["runs"][0]["invocations"][0]["toolExecutionNotifications"]
        .as_array()
        .unwrap();
    let note = n
        .iter()
        .find(|n| {
            n["message"]["text"]
                .as_str()
                .unwrap()
                .starts_with(RUN_IN_WARNING)
        })
        .unwrap_or_else(|| panic!("{n:?}"));
    assert_eq!(note["level"], "warning");
    assert_eq!(note["descriptor"]["id"], "structure");
    assert!(
        note["locations"][0]["physicalLocation"]["artifactLocation"]["uri"]
            .as_str()
            .unwrap()
            .ends_with("draft.txt")
    );
    // The run is still successful: a warning is no error.
    assert_eq!(v["runs"][0]["invocations"][0]["executionSuccessful"], true);
}

#[test]
fn structure_warnings_in_the_word_hand_back() {
    let (dir, p) = run_in_draft();
    let out = dir.path().join("annotated.docx");
    let o = run_wpslens(&[
        "check",
        p.to_str().unwrap(),
        "--annotate",
        out.to_str().unwrap(),
    ]);
    assert!(out.exists(), "{}", stderr(&o));
    let mut z = zip::ZipArchive::new(std::fs::File::open(&out).unwrap()).unwrap();
    let mut xml = String::new();
    std::io::Read::read_to_string(&mut z.by_name("word/comments.xml").unwrap(), &mut xml).unwrap();
    assert!(xml.contains(RUN_IN_WARNING), "{xml}");
    // It is the first comment.
    let first = xml.find("<w:comment ").unwrap();
    let second = xml[first + 1..]
        .find("<w:comment ")
        .map_or(xml.len(), |i| i + first + 1);
    assert!(xml[first..second].contains("How wpslens read this text"));
    // No warning, no such comment.
    let d = parse_text(
        "The Security Council,\nNoting the report,\n1. Decides to remain seized of the matter.\n",
    );
    assert!(wpslens::annotate::structure_comment(&d).is_none());
}

#[test]
fn structure_warnings_in_the_recommendations_note() {
    let (_dir, p) = run_in_draft();
    let o = run_wpslens(&["check", p.to_str().unwrap(), "--format", "json"]);
    let findings: serde_json::Value = serde_json::from_slice(&o.stdout).unwrap();
    let data = wpslens::render::letter::data_from_findings(&findings, None).unwrap();
    let w = data["documents"][0]["warnings"].as_array().unwrap();
    assert!(w
        .iter()
        .any(|w| w.as_str().unwrap().starts_with(RUN_IN_WARNING)));
    let r = wpslens::render::Renderer::new(None).unwrap();
    let doc = r.document("recommendations", &data).unwrap();
    let shown = format!("{doc:?}");
    assert!(shown.contains("Paragraph references"), "{shown}");
    assert!(shown.contains(RUN_IN_WARNING), "{shown}");
}

#[test]
fn structure_warnings_in_the_audit_documents_table() {
    let (dir, p) = run_in_draft();
    let out = dir.path().join("audit");
    let o = run_wpslens(&[
        "audit",
        p.to_str().unwrap(),
        "--out",
        out.to_str().unwrap(),
        "-j",
        "1",
    ]);
    assert!(out.join("documents.csv").exists(), "{}", stderr(&o));
    let mut rd = csv::Reader::from_path(out.join("documents.csv")).unwrap();
    let header = rd.headers().unwrap().clone();
    // Added after `error`, the columns before keep their places (the audit's
    // series columns were added after it in turn).
    let i_error = header.iter().position(|h| h == "error").unwrap();
    assert_eq!(header.get(i_error + 1), Some("warning_messages"));
    let added: Vec<&str> = header.iter().skip(i_error + 2).collect();
    assert_eq!(
        added,
        ["sanctions_regime", "mandate", "text_hash", "duplicate_of"]
    );
    let row = rd.records().next().unwrap().unwrap();
    assert!(row[i_error + 1].starts_with(RUN_IN_WARNING), "{row:?}");
    let i_count = header.iter().position(|h| h == "warnings").unwrap();
    assert_eq!(&row[i_count], "1");
}
