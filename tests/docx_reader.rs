//! Integration tests of the DOCX reader on the fixtures made by
//! `tests/fixtures/docx/make_fixtures.py`, on a real Word file from the shared corpus
//! (skipped when absent), and on mutated fixtures.

use std::io::{Cursor, Read, Write};
use std::path::{Path, PathBuf};
use wpslens::read::docx::read_docx;
use wpslens::read::{read_path, BlockKind, Extracted, Limits, ReadError};

fn fixture(name: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures/docx")
        .join(name)
}

fn read(name: &str) -> Extracted {
    let x = read_path(&fixture(name), &Limits::default()).unwrap_or_else(|e| panic!("{name}: {e}"));
    check_invariants(name, &x);
    check_sources(name, &x);
    x
}

/// Every block points at the start tag of the `w:p` it was read from.
fn check_sources(name: &str, x: &Extracted) {
    use wpslens::read::docx::{part_names, part_xml};
    use wpslens::read::XmlPart;
    let bytes = std::fs::read(fixture(name)).unwrap();
    let limits = Limits::default();
    let names = part_names(&bytes, &limits).unwrap();
    let mut last_main = None;
    for b in x.blocks.as_ref().unwrap() {
        let src = b
            .source
            .unwrap_or_else(|| panic!("{name}: block without source"));
        let part = match src.part {
            XmlPart::Main => names.main.clone(),
            XmlPart::Footnotes => names.footnotes.clone().unwrap(),
            XmlPart::Endnotes => names.endnotes.clone().unwrap(),
        };
        let xml = part_xml(&bytes, &part, &limits).unwrap().unwrap();
        for at in [src.first, src.last] {
            let tag = &xml[at..at + 5];
            assert!(
                tag == "<w:p>" || tag == "<w:p " || tag == "<w:p/",
                "{name}: source of {:?} points at {tag:?}",
                &x.text[b.span.clone()]
            );
        }
        assert!(src.first <= src.last);
        if src.part == XmlPart::Main && b.kind != BlockKind::Footnote {
            if let Some(prev) = last_main {
                assert!(src.first > prev, "{name}: body blocks in document order");
            }
            last_main = Some(src.last);
        }
    }
}

fn read_err(name: &str) -> ReadError {
    read_path(&fixture(name), &Limits::default()).unwrap_err()
}

fn lines(x: &Extracted) -> Vec<&str> {
    x.text.lines().collect()
}

/// (label, list level) of every block, `None` where the block has no automatic label.
fn labels(x: &Extracted) -> Vec<Option<(&str, u8)>> {
    x.blocks
        .as_ref()
        .unwrap()
        .iter()
        .map(|b| {
            b.auto_label
                .clone()
                .map(|r| (&x.text[r], b.list_level.unwrap()))
        })
        .collect()
}

/// The output contract of `Extracted` for DOCX: one block per line, in order, spans
/// without the newline, labels at the start of their block followed by one space.
fn check_invariants(name: &str, x: &Extracted) {
    let blocks = x.blocks.as_ref().expect("DOCX gives blocks");
    assert!(!x.text.contains('\r'), "{name}: carriage return in text");
    assert!(
        x.text.ends_with('\n'),
        "{name}: text must end with a newline"
    );
    let line_count = x.text.lines().count();
    assert_eq!(blocks.len(), line_count, "{name}: one block per line");
    let mut pos = 0;
    for (b, line) in blocks.iter().zip(x.text.lines()) {
        assert_eq!(b.span.start, pos, "{name}: blocks must follow each other");
        assert_eq!(&x.text[b.span.clone()], line, "{name}: a block is one line");
        assert!(!line.trim().is_empty(), "{name}: empty block");
        assert_eq!(line, line.trim(), "{name}: untrimmed block {line:?}");
        match &b.auto_label {
            Some(l) => {
                assert_eq!(l.start, b.span.start, "{name}: label starts the block");
                assert_eq!(
                    &x.text[l.end..l.end + 1],
                    " ",
                    "{name}: one space after label"
                );
                assert!(b.list_level.is_some(), "{name}: label without level");
                assert_ne!(b.kind, BlockKind::Footnote);
            }
            None => assert!(b.list_level.is_none(), "{name}: level without label"),
        }
        pos = b.span.end + 1;
    }
    assert_eq!(pos, x.text.len());
}

// ---------------------------------------------------------------------------------
// (1) Automatic numbering
// ---------------------------------------------------------------------------------

#[test]
fn operative_paragraph_numbers_are_reconstructed_like_word() {
    let x = read("numbering.docx");
    assert!(x.warnings.is_empty(), "{:?}", x.warnings);
    let got = labels(&x);
    let want = [
        None,
        None,
        None,
        None,
        Some(("1.", 0)),
        Some(("2.", 0)),
        Some(("3.", 0)),
        Some(("4.", 0)),
        // The second w:num restarts at 5 (w:startOverride).
        Some(("5.", 0)),
        Some(("6.", 0)),
        // A third w:num on the same abstract list continues it.
        Some(("7.", 0)),
        Some(("(a)", 1)),
        Some(("(i)", 2)),
        Some(("(ii)", 2)),
        Some(("(b)", 1)),
        Some(("(i)", 2)),
        // Back to the first w:num: the shared list goes on.
        Some(("8.", 0)),
        Some(("9.", 0)),
    ];
    assert_eq!(got, want);
    let l = lines(&x);
    assert_eq!(l[0], "The Security Council,");
    assert!(l[1].starts_with("Recalling its resolutions 1325 (2000), 1820 (2008)"));
    assert_eq!(
        l[10],
        "7. Decides that the mandate of UNIMN shall include the following tasks:"
    );
    assert_eq!(l[11], "(a) Protection of civilians:");
    assert_eq!(
        l[12],
        "(i) To protect civilians under threat of physical violence, with particular \
         attention to women and children, including through the deployment of women\u{2019}s \
         protection advisers;"
    );
    assert_eq!(l[17], "9. Decides to remain seized of the matter.");
    assert!(x
        .blocks
        .unwrap()
        .iter()
        .all(|b| b.kind == BlockKind::Body && b.heading_level.is_none()));
}

#[test]
fn numbering_inherited_from_paragraph_styles() {
    let x = read("style_numbering.docx");
    assert_eq!(
        lines(&x),
        [
            "Draft resolution",
            "The Security Council,",
            "Reaffirming its commitment to the sovereignty and territorial integrity of Northland,",
            "1. Decides to renew the measures imposed by paragraph 2 of its resolution 2999 (2024) until 1 April 2026;",
            "2. Decides that the measures shall apply to individuals who commit the following acts:",
            // numId from the based-on style, level 1 from the style.
            "(a) acts of sexual and gender-based violence;",
            // Two basedOn hops.
            "(b) the recruitment of children, including:",
            // Level from the abstract level linked to the style (w:pStyle).
            "(i) in camps for internally displaced persons;",
            "(ii) in schools;",
            "3. Requests the Panel of Experts to include gender expertise;",
            // numId 0 on the paragraph switches the style's numbering off.
            "(This paragraph keeps the operative style without a number.)",
            "4. Decides to remain seized of the matter.",
            "Annex",
        ]
    );
    let blocks = x.blocks.unwrap();
    let headings: Vec<_> = blocks.iter().map(|b| b.heading_level).collect();
    let mut want = vec![None; 13];
    want[0] = Some(1); // Heading 1 style (outlineLvl 0)
    want[12] = Some(2); // direct w:outlineLvl 1
    assert_eq!(headings, want);
    assert_eq!(blocks[7].list_level, Some(2));
}

#[test]
fn number_formats_restarts_and_legal_numbering() {
    let x = read("formats.docx");
    let got: Vec<&str> = labels(&x).into_iter().flatten().map(|(l, _)| l).collect();
    assert_eq!(
        got,
        [
            "I.",
            "1.1",
            "a)",
            "b)",
            "II.",
            "2.1",
            // lvlRestart 0: level 2 never restarts.
            "c)",
            // Letters go on past z the way Word writes them.
            "y)",
            "z)",
            "aa)",
            "bb)",
            "08.",
            "09.",
            "10.",
            // Bullets: Symbol U+F0B7, Courier "o", Wingdings U+00A7.
            "•",
            "o",
            "▪",
            "Article A:",
            "Article B:",
            // No w:start: counts from 0 (ECMA-376 17.9.25, as LibreOffice shows).
            "0.",
            "1.",
            // The empty paragraph between them took number 2.
            "1.",
            "3.",
        ]
    );
    let l = lines(&x);
    assert!(l.contains(&"An item whose list shows no number."));
    assert!(l.contains(&"3. Third consideration, after an empty numbered paragraph."));
}

// ---------------------------------------------------------------------------------
// (2) Tracked changes
// ---------------------------------------------------------------------------------

#[test]
fn tracked_changes_are_read_as_accepted() {
    let x = read("tracked_changes.docx");
    assert_eq!(
        lines(&x),
        [
            "The Security Council,",
            "Recalling its resolution 1325 (2000) and resolution 2493 (2019),",
            "1. Decides to extend the mandate of UNIMN until 31 March 2026;",
            // The wholly deleted paragraph is gone and took no number; the next two
            // paragraphs were joined by deleting the first one's mark.
            "2. Requests the Mission to integrate a gender perspective throughout its mandate and to report on it;",
            "3. Calls upon all parties to ensure the safety of women human rights defenders;",
            "4. Stresses the importance of gender-sensitive early warning and conflict analysis;",
            "The table of benchmarks is revised as follows:",
            "Benchmark",
            "Status",
            // The deleted row is dropped.
            "National action plan adopted",
            "Pending",
            "5. Decides to remain seized of the matter.",
        ]
    );
    assert_eq!(
        x.warnings,
        [
            "6 tracked deletions dropped (changes read as accepted)",
            "2 deleted paragraph marks accepted: paragraphs joined",
        ]
    );
    for gone in [
        "30 September 2025",
        "presidential statements",
        "annually",
        "Notes with concern",
        "ceasefire commission",
    ] {
        assert!(!x.text.contains(gone), "{gone:?} should be dropped");
    }
}

// ---------------------------------------------------------------------------------
// (3) Footnotes and tables
// ---------------------------------------------------------------------------------

#[test]
fn footnotes_follow_the_body_numbered_in_order_of_reference() {
    let x = read("footnotes_tables.docx");
    assert_eq!(
        x.text,
        "The Security Council,\n\
         Recalling its resolution 1325 (2000) and welcoming the report of the Secretary-General on women and peace and security,\n\
         Taking note of the benchmarks set out below:\n\
         Benchmark\n\
         Indicator\n\
         Participation of women in the peace process\n\
         Share of women in negotiating delegations\n\
         Number of consultations held with women\u{2019}s organizations\n\
         Protection from sexual violence\n\
         Reported cases\n\
         Verified cases\n\
         Figures disaggregated by sex and age\n\
         1. Decides to remain seized of the matter.\n\
         1 See also resolution 2493 (2019).\n\
         2 S/2025/100.\n\
         See also the annex to that report.\n\
         3 As reported by the Mission.\n\
         i Adopted at its 9999th meeting.\n"
    );
    let kinds: Vec<BlockKind> = x.blocks.unwrap().iter().map(|b| b.kind).collect();
    let mut want = vec![BlockKind::Body; 3];
    want.extend([BlockKind::TableCell; 9]);
    want.push(BlockKind::Body);
    want.extend([BlockKind::Footnote; 5]);
    assert_eq!(kinds, want);
    // The unreferenced note is not read.
    assert!(!x.text.contains("never referenced"));
}

// ---------------------------------------------------------------------------------
// (4) Hyperlinks, fields, comments, content controls, text boxes
// ---------------------------------------------------------------------------------

#[test]
fn hyperlinks_fields_comments_and_text_boxes() {
    let x = read("fields_links_comments.docx");
    assert_eq!(
        lines(&x),
        [
            "The Security Council,",
            // The text box, once (its text is in both mc:Choice and mc:Fallback).
            "Draft for consultation only",
            "Recalling the statement by its President of 12 March 2024 (S/PRST/2024/2),",
            // Complex and simple field results; an empty PAGE field; a nested field
            // inside an instruction.
            "Having considered the report of the Secretary-General (S/2025/150) of 14 March 2025,",
            "Welcoming the efforts of women peacebuilders in Northland to promote dialogue,",
            "Stressing the need for gender-sensitive peacekeeping and for the protection of women and girls,",
            "1. Decides that the Mission shall report on the following benchmarks:",
            "Status: ✓ agreed ad referendum.",
            // w:footnotePr numFmt lowerLetter in the section properties.
            "a Subject to confirmation by capitals.",
        ]
    );
    for absent in [
        "COMMENT TEXT",
        "RUNNING HEAD",
        "FOOTER",
        "NOTSHOWN",
        "DOCPROPERTY",
        "MERGEFIELD",
        "hidden drafting note",
        "Preambular paragraph",
    ] {
        assert!(!x.text.contains(absent), "{absent:?} must not be read");
    }
}

// ---------------------------------------------------------------------------------
// (6) Broken, hostile and unusual packages
// ---------------------------------------------------------------------------------

#[test]
fn broken_files_give_clear_errors() {
    assert_eq!(
        read_err("bad_truncated.docx"),
        ReadError::Docx("the ZIP archive is truncated or corrupted".into())
    );
    assert_eq!(
        read_err("bad_no_document.docx"),
        ReadError::Docx("no word/document.xml: not a Word document".into())
    );
    let ReadError::Docx(msg) = read_err("bad_malformed.docx") else {
        panic!("expected a DOCX error");
    };
    assert!(
        msg.starts_with("word/document.xml: malformed XML at byte ")
            && msg.ends_with("expected `</w:t>`, but `</w:r>` was found"),
        "{msg}"
    );
    assert_eq!(
        read_err("bad_doctype.docx"),
        ReadError::Docx(
            "word/document.xml: DOCTYPE and entity declarations are not allowed in a DOCX part \
             (possible entity expansion attack)"
                .into()
        )
    );
    assert_eq!(
        read_err("bad_zip_bomb.docx"),
        ReadError::Limit {
            what: "compression ratio of word/document.xml (possible zip bomb)".into(),
            limit: "200:1".into(),
            flag: "--max-compression-ratio",
        }
    );
    // With the ratio limit lifted, the uncompressed-size limit still holds.
    let limits = Limits {
        max_compression_ratio: u64::MAX,
        max_uncompressed_bytes: 4 << 20,
        ..Limits::default()
    };
    let bytes = std::fs::read(fixture("bad_zip_bomb.docx")).unwrap();
    assert_eq!(
        read_docx(&bytes, &limits).unwrap_err(),
        ReadError::Limit {
            what: "total uncompressed size of the DOCX parts read".into(),
            limit: format!("{} bytes", 4 << 20),
            flag: "--max-uncompressed-size",
        }
    );
    // Not a ZIP at all, named .docx.
    let dir = tempfile::tempdir().unwrap();
    let fake = dir.path().join("draft.docx");
    std::fs::write(&fake, "The Security Council,").unwrap();
    assert!(matches!(
        read_path(&fake, &Limits::default()).unwrap_err(),
        ReadError::Docx(_)
    ));
}

#[test]
fn macro_document_reads_its_text_and_nothing_else() {
    let x = read("macro.docm");
    assert_eq!(
        lines(&x),
        [
            "The Security Council,",
            "Recalling its resolutions 1325 (2000), 1820 (2008), 1888 (2009), 2242 (2015) and 2467 (2019) on women and peace and security, and all its previous resolutions on the situation in Northland,",
            // The internal numbering part is used; the external one is ignored.
            "1. Decides to remain seized of the matter.",
            "See the Council\u{2019}s website.",
        ]
    );
    assert_eq!(
        x.warnings,
        ["the file contains a macro project (vbaProject.bin), which was ignored"]
    );
    assert!(!x.text.contains("example.invalid"));
}

#[test]
fn main_part_found_through_the_package_relationships() {
    let x = read("moved_main_part.docx");
    assert_eq!(lines(&x)[0], "The Security Council,");
    assert_eq!(lines(&x).len(), 2);
}

#[test]
fn limits_apply_to_fixtures() {
    let bytes = std::fs::read(fixture("numbering.docx")).unwrap();
    let err = |limits: Limits| read_docx(&bytes, &limits).unwrap_err();
    assert!(matches!(
        err(Limits { max_zip_entries: 3, ..Limits::default() }),
        ReadError::Limit { what, limit, .. } if what == "number of entries in the DOCX (ZIP) archive" && limit == "3"
    ));
    assert!(matches!(
        err(Limits { max_xml_depth: 4, ..Limits::default() }),
        ReadError::Limit { what, .. } if what.starts_with("XML nesting depth in word/")
    ));
    assert!(matches!(
        err(Limits { max_text_bytes: 1000, ..Limits::default() }),
        ReadError::Limit { what, .. } if what == "extracted text"
    ));
    assert!(read_docx(&bytes, &Limits::default()).is_ok());
}

// ---------------------------------------------------------------------------------
// A real Word file (shared corpus)
// ---------------------------------------------------------------------------------

#[test]
fn real_word_draft_s_2018_221() {
    let path =
        Path::new(env!("CARGO_MANIFEST_DIR")).join("../shared/corpus/pdf/S-2018-221-draft.docx");
    if !path.exists() {
        println!("skipped: {} is absent", path.display());
        return;
    }
    let x = read_path(&path, &Limits::default()).unwrap();
    check_invariants("S-2018-221-draft.docx", &x);
    let l = lines(&x);
    // The masthead is body text; tabs become one space.
    assert_eq!(l[0], "United Nations S/2018/221");
    assert_eq!(l[1], "Security Council Distr.: Limited Original: English");
    assert_eq!(l[2], "The Security Council,");
    assert!(l.iter().any(|s| s.starts_with(
        "14. Requests UNMISS to take fully into account gender considerations as a crosscutting issue"
    )));
    assert_eq!(
        l.last(),
        Some(&"35. Decides to remain seized of the matter.")
    );
    // Running heads and footers are not read: the symbol appears once (masthead),
    // the job number and page fields never.
    assert_eq!(x.text.matches("S/2018/221").count(), 1);
    assert!(!x.text.contains("18-04123"));
    // Paragraph numbers in this file are literal text, not list numbering.
    let blocks = x.blocks.unwrap();
    assert!(blocks.iter().all(|b| b.auto_label.is_none()));
    assert!(blocks.iter().all(|b| b.kind == BlockKind::Body));
    assert!(x.warnings.is_empty(), "{:?}", x.warnings);
}

// ---------------------------------------------------------------------------------
// Robustness: mutated documents never panic and keep the output contract
// ---------------------------------------------------------------------------------

struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        // xorshift64*
        self.0 ^= self.0 >> 12;
        self.0 ^= self.0 << 25;
        self.0 ^= self.0 >> 27;
        self.0.wrapping_mul(0x2545_F491_4F6C_DD1D)
    }
    fn below(&mut self, n: usize) -> usize {
        (self.next() % n.max(1) as u64) as usize
    }
}

fn rezip(entries: &[(String, Vec<u8>)]) -> Vec<u8> {
    let mut w = zip::ZipWriter::new(Cursor::new(Vec::new()));
    let opt = zip::write::SimpleFileOptions::default()
        .compression_method(zip::CompressionMethod::Deflated);
    for (name, data) in entries {
        w.start_file(name.as_str(), opt).unwrap();
        w.write_all(data).unwrap();
    }
    w.finish().unwrap().into_inner()
}

fn unzip(bytes: &[u8]) -> Vec<(String, Vec<u8>)> {
    let mut z = zip::ZipArchive::new(Cursor::new(bytes)).unwrap();
    (0..z.len())
        .map(|i| {
            let mut f = z.by_index(i).unwrap();
            let mut data = Vec::new();
            f.read_to_end(&mut data).unwrap();
            (f.name().unwrap().into_owned(), data)
        })
        .collect()
}

#[test]
fn mutated_documents_never_panic() {
    // Well-formed snippets inserted at tag boundaries reach the reader's logic;
    // a few unbalanced ones and raw edits test the error paths.
    const SNIPPETS: &[&str] = &[
        "<w:p><w:r><w:t>inserted</w:t></w:r></w:p>",
        "<w:r><w:t xml:space=\"preserve\"> run </w:t></w:r>",
        "<w:tbl><w:tr><w:tc><w:p><w:r><w:t>cell</w:t></w:r></w:p></w:tc></w:tr></w:tbl>",
        "<w:del w:id=\"1\"><w:r><w:delText>gone</w:delText></w:r></w:del>",
        "<w:ins w:id=\"1\"><w:r><w:t>new</w:t></w:r></w:ins>",
        "<w:pPr><w:rPr><w:del w:id=\"2\"/></w:rPr></w:pPr>",
        "<w:pPr><w:numPr><w:ilvl w:val=\"8\"/><w:numId w:val=\"1\"/></w:numPr></w:pPr>",
        "<w:pPr><w:numPr><w:ilvl w:val=\"-5\"/><w:numId w:val=\"99999999999999999999\"/></w:numPr></w:pPr>",
        "<w:r><w:fldChar w:fldCharType=\"begin\"/></w:r>",
        "<w:r><w:fldChar w:fldCharType=\"separate\"/></w:r>",
        "<w:r><w:fldChar w:fldCharType=\"end\"/></w:r>",
        "<mc:AlternateContent><mc:Choice Requires=\"x\"><w:r><w:t>c</w:t></w:r></mc:Choice><mc:Fallback><w:r><w:t>f</w:t></w:r></mc:Fallback></mc:AlternateContent>",
        "<w:r><w:footnoteReference w:id=\"1\"/></w:r>",
        "<w:r><w:footnoteReference w:customMarkFollows=\"1\" w:id=\"2\"/><w:t>*</w:t></w:r>",
        "<w:r><w:t>&#x10FFFF;&amp;&lt;\u{2028}</w:t></w:r>",
        "<w:r><w:sym w:font=\"Symbol\" w:char=\"ZZZZ\"/><w:tab/><w:br/></w:r>",
        "<w:r><w:txbxContent><w:p><w:r><w:t>box</w:t></w:r></w:p></w:txbxContent></w:r>",
        "<w:lvl w:ilvl=\"0\"><w:start w:val=\"-9223372036854775808\"/><w:numFmt w:val=\"lowerLetter\"/><w:lvlText w:val=\"%1%1%1%9%\"/></w:lvl>",
        "<w:lvlOverride w:ilvl=\"0\"><w:startOverride w:val=\"9223372036854775807\"/></w:lvlOverride>",
        "<w:style w:type=\"paragraph\" w:styleId=\"Loop\"><w:basedOn w:val=\"Loop\"/><w:pPr><w:numPr><w:numId w:val=\"1\"/></w:numPr></w:pPr></w:style>",
        "<w:abstractNum w:abstractNumId=\"1\"><w:numStyleLink w:val=\"X\"/></w:abstractNum>",
        "<w:footnote w:id=\"1\"><w:p><w:r><w:t>dup</w:t></w:r></w:p></w:footnote>",
        "</w:p>",
        "<w:r>",
        "&#0;",
    ];
    let mut rng = Rng(0x5EED_1325_2000_0001);
    let (mut ok, mut runs) = (0, 0);
    for name in [
        "numbering.docx",
        "tracked_changes.docx",
        "footnotes_tables.docx",
        "fields_links_comments.docx",
        "style_numbering.docx",
        "formats.docx",
    ] {
        let original = unzip(&std::fs::read(fixture(name)).unwrap());
        for _ in 0..60 {
            let mut entries = original.clone();
            let targets: Vec<usize> = entries
                .iter()
                .enumerate()
                .filter(|(_, (n, _))| n.starts_with("word/") && n.ends_with(".xml"))
                .map(|(i, _)| i)
                .collect();
            let t = targets[rng.below(targets.len())];
            let data = &mut entries[t].1;
            for _ in 0..1 + rng.below(4) {
                let tag_ends: Vec<usize> = (0..data.len()).filter(|&i| data[i] == b'>').collect();
                let boundary = tag_ends[rng.below(tag_ends.len())] + 1;
                match rng.below(10) {
                    0..=5 => {
                        let s = SNIPPETS[rng.below(SNIPPETS.len())];
                        data.splice(boundary..boundary, s.bytes());
                    }
                    6 => {
                        let end = (boundary + rng.below(200)).min(data.len());
                        data.drain(boundary..end);
                    }
                    7 | 8 => {
                        // Duplicate a stretch between two tag boundaries.
                        let other = tag_ends[rng.below(tag_ends.len())] + 1;
                        let (a, b) = (boundary.min(other), boundary.max(other));
                        let b = b.min(a + 2000);
                        let copy = data[a..b].to_vec();
                        let to = tag_ends[rng.below(tag_ends.len())] + 1;
                        data.splice(to..to, copy);
                    }
                    _ => {
                        let at = rng.below(data.len());
                        data[at] = b' ' + (rng.next() % 95) as u8;
                    }
                }
            }
            let bytes = rezip(&entries);
            match read_docx(&bytes, &Limits::default()) {
                Ok(x) => {
                    ok += 1;
                    check_invariants(name, &x);
                }
                Err(ReadError::Docx(m)) => {
                    assert!(
                        !m.contains("internal reader failure"),
                        "{name}: the reader panicked"
                    )
                }
                Err(_) => {}
            }
            runs += 1;
        }
    }
    assert_eq!(runs, 360);
    // Most mutations keep the XML well-formed, so most reads succeed.
    assert!(ok > 120, "only {ok} of {runs} mutated documents were read");
}
