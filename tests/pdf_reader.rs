//! The PDF reader on committed fixtures (tests/fixtures/pdf, made by make_fixtures.py)
//! and, when they are present, on the real drafts of ../shared/corpus/pdf.

use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};
use wpslens::read::pdf::read_pdf;
use wpslens::read::{Limits, ReadError};

fn fixture(name: &str) -> Vec<u8> {
    let path = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures/pdf")
        .join(name);
    std::fs::read(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display()))
}

fn read(name: &str) -> Result<String, ReadError> {
    read_pdf(&fixture(name), &Limits::default()).map(|e| e.text)
}

fn lines(text: &str) -> Vec<&str> {
    text.lines().collect()
}

/// The paragraph label a line starts with: "7.", "(a)", "(ii)".
fn label(line: &str) -> Option<&str> {
    let t = line.trim_start();
    let end = t.find(' ')?;
    let head = &t[..end];
    let numbered = head.len() >= 2
        && head.ends_with('.')
        && head[..head.len() - 1].chars().all(|c| c.is_ascii_digit())
        && head.len() <= 4;
    let lettered = head.starts_with('(')
        && head.ends_with(')')
        && head.len() >= 3
        && head[1..head.len() - 1]
            .chars()
            .all(|c| c.is_ascii_lowercase());
    (numbered || lettered).then_some(head)
}

/// Lower case, curly quotes straightened, split on white space.
fn words(text: &str) -> Vec<String> {
    text.split_whitespace()
        .map(|w| {
            w.chars()
                .map(|c| match c {
                    '\u{2018}' | '\u{2019}' => '\'',
                    '\u{201C}' | '\u{201D}' => '"',
                    c => c,
                })
                .flat_map(char::to_lowercase)
                .collect()
        })
        .collect()
}

/// Length of the longest common subsequence of two word sequences.
fn lcs(a: &[String], b: &[String]) -> usize {
    let mut prev = vec![0u32; b.len() + 1];
    let mut cur = vec![0u32; b.len() + 1];
    for x in a {
        for (j, y) in b.iter().enumerate() {
            cur[j + 1] = if x == y {
                prev[j] + 1
            } else {
                prev[j + 1].max(cur[j])
            };
        }
        std::mem::swap(&mut prev, &mut cur);
    }
    prev[b.len()] as usize
}

// ---------------------------------------------------------------------------
// The Council-style draft made with LibreOffice
// ---------------------------------------------------------------------------

#[test]
fn draft_words_are_exactly_the_source_words() {
    let text = read("council_draft.pdf").unwrap();
    let expected = String::from_utf8(fixture("council_draft.expected.txt")).unwrap();
    let (got, want) = (words(&text), words(&expected));
    if got != want {
        let first = got
            .iter()
            .zip(&want)
            .position(|(a, b)| a != b)
            .unwrap_or(got.len().min(want.len()));
        panic!(
            "words differ at word {first}:\n  got:  {:?}\n  want: {:?}",
            &got[first.saturating_sub(3)..(first + 5).min(got.len())],
            &want[first.saturating_sub(3)..(first + 5).min(want.len())]
        );
    }
}

#[test]
fn draft_labels_start_their_lines_in_order() {
    let text = read("council_draft.pdf").unwrap();
    let labels: Vec<&str> = lines(&text).into_iter().filter_map(label).collect();
    assert_eq!(
        labels,
        [
            "1.", "2.", "(a)", "(i)", "(ii)", "(iii)", "(b)", "(i)", "(ii)", "(c)", "(i)", "3.",
            "4.", "5.", "6.", "7.", "8.", "9.", "10.", "11.", "12."
        ]
    );
    let l = lines(&text);
    assert!(l.contains(&"1. Decides to extend the mandate of the United Nations Mission in Freedonia (UNMIF) until"));
    assert!(l.contains(&"(a) Protection of civilians:"));
    assert!(l.iter().any(|x| x
        .trim_start()
        .starts_with("(i) To protect civilians under threat of physical violence,")));
    assert!(l.iter().any(|x| x
        .trim_start()
        .starts_with("(iii) To support the Government of Freedonia")));
    assert!(l.contains(&"12. Decides to remain actively seized of the matter."));
}

#[test]
fn draft_paragraphs_are_separated_by_a_blank_line() {
    let text = read("council_draft.pdf").unwrap();
    let l = lines(&text);
    for (i, line) in l.iter().enumerate() {
        let starts =
            label(line).is_some() || line.trim_start().starts_with("Recalling its resolutions");
        if starts {
            assert_eq!(l[i - 1], "", "no blank line before {line:?}");
        }
    }
    // Lines inside a paragraph are not separated.
    let i = l
        .iter()
        .position(|x| x.starts_with("1. Decides to extend"))
        .unwrap();
    assert_eq!(l[i + 1], "31 March 2025;");
}

#[test]
fn draft_masthead_is_kept_and_furniture_removed() {
    let text = read("council_draft.pdf").unwrap();
    let l = lines(&text);
    assert_eq!(
        &l[..7],
        [
            "United Nations    S/2024/999",
            "",
            "Security Council    Distr.: Limited",
            "",
            "        12 March 2024",
            "        Original: English",
            ""
        ]
    );
    // The symbol is printed on every page but read once, in the masthead.
    assert_eq!(text.matches("S/2024/999").count(), 1, "{text}");
    for line in &l {
        let t = line.trim();
        assert!(!t.contains("24-01234"), "job number left: {t:?}");
        assert!(!t.contains("2401234"), "barcode left: {t:?}");
        assert!(!t.contains("120324"), "date stamp left: {t:?}");
        assert_ne!(t, "Please recycle");
        assert!(
            !["1/3", "2/3", "3/3"].contains(&t),
            "page/total left: {t:?}"
        );
    }
    assert_eq!(
        l.last(),
        Some(&"12. Decides to remain actively seized of the matter.")
    );
}

#[test]
fn draft_hyphenated_breaks() {
    let text = read("council_draft.pdf").unwrap();
    let l = lines(&text);
    // Line-break hyphens joined, the second part moved up to the first line.
    assert!(l.contains(&"peacekeeping"), "{l:?}");
    assert!(l.contains(&"in Freedonia, and encouraging them to increase the deployment of"));
    assert!(l.iter().any(|x| x.ends_with("in the implementation")));
    assert!(l
        .iter()
        .any(|x| x.ends_with("women's organizations and other interlocutors,")));
    // Compounds keep their hyphen, whole on one line.
    assert!(l
        .iter()
        .any(|x| x.ends_with("preventing and responding to gender-based")));
    assert!(l.contains(&"3. Requests the Secretary-General"));
    assert!(l
        .iter()
        .any(|x| x.ends_with("the establishment of women-led")));
    assert!(l.iter().any(|x| x.ends_with("as a cross-cutting")));
    // A suspended hyphen keeps its space.
    assert!(text.contains("Commending the troop- and police-contributing countries"));
    for bad in [
        "peace-keeping",
        "genderbased",
        "gender- based",
        "imple-",
        "interlocu-",
        "crosscutting",
    ] {
        assert!(!text.contains(bad), "{bad:?} in the text");
    }
}

#[test]
fn draft_indentation() {
    let text = read("council_draft.pdf").unwrap();
    let l = lines(&text);
    // First lines of preambular paragraphs are indented; paragraph numbers are not.
    assert!(l.contains(&"   The Security Council,"));
    assert!(l
        .iter()
        .any(|x| x.starts_with("   Recalling its resolutions 1325 (2000),")));
    assert!(l.contains(&"(b) Support to the political process:"));
    // Sub-subparagraphs: label indented, continuation lines indented further.
    let i = l
        .iter()
        .position(|x| x.trim_start().starts_with("(ii) To assist the electoral"))
        .unwrap();
    let indent = |s: &str| s.len() - s.trim_start().len();
    assert!(
        indent(l[i]) > 0 && indent(l[i + 1]) > indent(l[i]),
        "{:?}",
        &l[i..i + 2]
    );
}

#[test]
fn owner_password_only_files_are_read() {
    let plain = read("council_draft.pdf").unwrap();
    assert_eq!(
        read("council_draft_owner_only.pdf").unwrap(),
        plain,
        "AES-256, owner password only"
    );
    assert_eq!(
        read("council_draft_owner_rc4.pdf").unwrap(),
        plain,
        "RC4 128-bit, owner password only"
    );
}

#[test]
fn user_password_is_encrypted() {
    assert_eq!(read("council_draft_user_pw.pdf"), Err(ReadError::Encrypted));
}

#[test]
fn truncated_file_is_a_pdf_error() {
    match read("truncated.pdf") {
        Err(ReadError::Pdf(cause)) => assert!(cause.contains("truncated"), "{cause}"),
        other => panic!("{other:?}"),
    }
}

#[test]
fn garbage_after_a_pdf_header_is_a_pdf_error() {
    assert!(
        matches!(read("garbage.pdf"), Err(ReadError::Pdf(_))),
        "{:?}",
        read("garbage.pdf")
    );
    assert!(matches!(
        read_pdf(b"%PDF-1.4\n", &Limits::default()),
        Err(ReadError::Pdf(_))
    ));
    assert!(matches!(
        read_pdf(b"not a pdf at all", &Limits::default()),
        Err(ReadError::Pdf(_))
    ));
}

#[test]
fn pages_without_text_are_no_text() {
    let want = Err(ReadError::NoText(
        "the PDF has no text layer (scanned?)".into(),
    ));
    assert_eq!(read("image_only.pdf"), want);
    assert_eq!(read("empty_page.pdf"), want);
}

#[test]
fn sideways_text_is_skipped_with_a_warning() {
    let e = read_pdf(&fixture("rotated.pdf"), &Limits::default()).unwrap();
    assert_eq!(
        e.text,
        "The Security Council,\nRecalling its resolution 1325 (2000),\n"
    );
    assert_eq!(e.warnings.len(), 1, "{:?}", e.warnings);
    assert!(e.warnings[0].starts_with("3 runs of rotated or vertical text skipped"));
    match read("sideways_only.pdf") {
        Err(ReadError::NoText(why)) => assert!(why.contains("rotated"), "{why}"),
        other => panic!("{other:?}"),
    }
}

#[test]
fn page_limit() {
    let bytes = fixture("council_draft.pdf");
    let limits = Limits {
        max_pdf_pages: 2,
        ..Limits::default()
    };
    match read_pdf(&bytes, &limits) {
        Err(ReadError::Limit { what, limit, .. }) => {
            assert!(what.contains('3'), "{what}");
            assert_eq!(limit, "2 pages");
        }
        other => panic!("{other:?}"),
    }
    assert!(read_pdf(
        &bytes,
        &Limits {
            max_pdf_pages: 3,
            ..Limits::default()
        }
    )
    .is_ok());
}

#[test]
fn text_limit() {
    let bytes = fixture("council_draft.pdf");
    let full = read_pdf(&bytes, &Limits::default()).unwrap().text;
    let limits = Limits {
        max_text_bytes: 2000,
        ..Limits::default()
    };
    assert!(matches!(
        read_pdf(&bytes, &limits),
        Err(ReadError::Limit { .. })
    ));
    let limits = Limits {
        max_text_bytes: full.len() + 1000,
        ..Limits::default()
    };
    assert!(read_pdf(&bytes, &limits).is_ok());
}

#[test]
fn output_is_lines_ending_in_newline() {
    let e = read_pdf(&fixture("council_draft.pdf"), &Limits::default()).unwrap();
    assert!(e.text.ends_with('\n') && !e.text.contains('\r'));
    assert!(e.blocks.is_none());
    assert!(e.warnings.is_empty(), "{:?}", e.warnings);
    assert!(!e.text.lines().any(|l| l.ends_with(' ')));
}

// ---------------------------------------------------------------------------
// Hand-written layout: drawing order, bands, bare page numbers, notes
// ---------------------------------------------------------------------------

#[test]
fn synthetic_layout_exact_text() {
    let text = read("synthetic_layout.pdf").unwrap();
    let want = "\
United Nations    S/2024/998
Security Council    Distr.: General

The Security Council,
  Recalling its resolution 2467 (2019) on sexual violence in conflict,
1. Decides to extend the mandate of the Mission until 31 March 2025;

2. Requests the Mission to deploy women's protection advisers1
to all field offices;
(a) Protection of civilians, with particular attention to women
and girls;

1 See resolution 1960 (2010).

3. Decides to remain seized of the matter.

Adopted in 2024 by the Council at its 9999th meeting,
2024
";
    assert_eq!(text, want);
}

// ---------------------------------------------------------------------------
// Damaged files: never a panic, never a hang
// ---------------------------------------------------------------------------

/// A small deterministic generator (xorshift), so failures can be replayed.
struct Rng(u64);
impl Rng {
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 << 13;
        self.0 ^= self.0 >> 7;
        self.0 ^= self.0 << 17;
        self.0
    }
    fn below(&mut self, n: usize) -> usize {
        (self.next() % n as u64) as usize
    }
}

#[test]
fn damaged_files_give_errors_or_text_quickly() {
    let original = fixture("council_draft.pdf");
    let synthetic = fixture("synthetic_layout.pdf");
    let mut rng = Rng(0x1325_2000_2467_2019);
    let mut cases: Vec<Vec<u8>> = Vec::new();
    for base in [&original, &synthetic] {
        // Truncations.
        for k in 1..20 {
            cases.push(base[..base.len() * k / 20].to_vec());
        }
        // Flipped bytes, zeroed ranges, duplicated ranges.
        for _ in 0..40 {
            let mut b = base.clone();
            for _ in 0..1 + rng.below(20) {
                let i = rng.below(b.len());
                b[i] ^= 1 << rng.below(8);
            }
            cases.push(b);
            let mut b = base.clone();
            let i = rng.below(b.len());
            let n = rng.below(400).min(b.len() - i);
            b[i..i + n].fill(0);
            cases.push(b);
            let mut b = base.clone();
            let i = rng.below(b.len());
            let n = rng.below(200).min(b.len() - i);
            let chunk = b[i..i + n].to_vec();
            b.splice(i..i, chunk);
            cases.push(b);
        }
    }
    let (mut ok, mut errors) = (0, 0);
    let start = Instant::now();
    for (i, bytes) in cases.iter().enumerate() {
        let t = Instant::now();
        match read_pdf(bytes, &Limits::default()) {
            Ok(e) => {
                assert!(e.text.ends_with('\n'));
                ok += 1;
            }
            Err(ReadError::Pdf(_) | ReadError::NoText(_) | ReadError::Encrypted) => errors += 1,
            Err(e) => panic!("case {i}: unexpected error {e:?}"),
        }
        assert!(
            t.elapsed() < Duration::from_secs(5),
            "case {i} took {:?}",
            t.elapsed()
        );
    }
    println!(
        "{} damaged files: {ok} read, {errors} errors, {:?}",
        cases.len(),
        start.elapsed()
    );
}

// ---------------------------------------------------------------------------
// Real drafts laid out as the UN document system prints them (skipped if absent)
// ---------------------------------------------------------------------------

fn corpus(rel: &str) -> Option<PathBuf> {
    let p = Path::new("../shared/corpus").join(rel);
    if p.exists() {
        Some(p)
    } else {
        println!("skipped: {} is not here", p.display());
        None
    }
}

fn check_real(symbol: &str, stem: &str, pages: usize) {
    let (Some(pdf), Some(txt)) = (
        corpus(&format!("pdf/{stem}.pdf")),
        corpus(&format!("drafts/{stem}.txt")),
    ) else {
        return;
    };
    let bytes = std::fs::read(&pdf).unwrap();
    let t = Instant::now();
    let e = read_pdf(&bytes, &Limits::default()).unwrap();
    let took = t.elapsed();
    let source = std::fs::read_to_string(&txt).unwrap();

    // (a) words in order
    let (got, want) = (words(&e.text), words(&source));
    let common = lcs(&want, &got);
    let ratio = common as f64 / want.len() as f64;
    println!(
        "{stem}: {pages} pages read in {took:?}; {common} of {} source words matched in order ({:.2} %), {} words read",
        want.len(),
        ratio * 100.0,
        got.len()
    );
    assert!(ratio >= 0.99, "{stem}: word match {ratio:.4}");

    // (b) every numbered paragraph of the text starts a line of the PDF, in order
    let numbered = regex::Regex::new(r"^\s*(\d{1,3})\.\s+[A-Z]").unwrap();
    let lettered = regex::Regex::new(r"^\s*\(([a-z]{1,2}|[ivx]+)\)\s").unwrap();
    let want_labels: Vec<String> = source
        .lines()
        .filter_map(|l| {
            numbered
                .captures(l)
                .map(|c| format!("{}.", &c[1]))
                .or_else(|| lettered.captures(l).map(|c| format!("({})", &c[1])))
        })
        .collect();
    let got_labels: Vec<&str> = e.text.lines().filter_map(label).collect();
    let mut it = got_labels.iter();
    for l in &want_labels {
        assert!(
            it.any(|g| g == l),
            "{stem}: label {l} not found at a line start in order"
        );
    }
    println!(
        "{stem}: {} paragraph labels found in order",
        want_labels.len()
    );

    // (c) no running head, page/total or job number line
    let page_total = regex::Regex::new(r"^\d{1,3}\s*/\s*\d{1,3}$").unwrap();
    let job = regex::Regex::new(r"^\d{2}-\d{5}(\s|$)|^\*\d{7}\*$").unwrap();
    for line in e.text.lines() {
        let t = line.trim();
        assert_ne!(t, symbol, "{stem}: running head left");
        assert!(!page_total.is_match(t), "{stem}: page/total left: {t:?}");
        assert!(!job.is_match(t), "{stem}: job number left: {t:?}");
        assert_ne!(t, "Please recycle");
    }
    assert_eq!(
        e.text.matches(symbol).count(),
        1,
        "{stem}: the symbol is read once, in the masthead"
    );
    assert!(e.text.starts_with(&format!("United Nations    {symbol}\n")));
}

#[test]
fn real_draft_s_2018_221() {
    check_real("S/2018/221", "S-2018-221-draft", 17);
}

#[test]
fn real_draft_s_2019_266() {
    check_real("S/2019/266", "S-2019-266-draft", 8);
}
