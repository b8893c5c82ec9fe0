#!/usr/bin/env python3
"""Makes hostile and oversized inputs, runs wpslens on each under /usr/bin/time -v and
prints exit status, peak memory and wall time.

    scripts/hostile.py [BINARY] [--keep DIR]

BINARY defaults to $CARGO_TARGET_DIR/release/wpslens (or target/release/wpslens).
The files (up to a few hundred MB) go to a temporary folder removed at the end.
Used for the figures of issue 6; the quick versions of these cases are in
tests/bad_inputs.rs."""

import io, os, re, shutil, subprocess, sys, tempfile, zipfile, zlib

REPO = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
CT = ('<?xml version="1.0" encoding="UTF-8"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
      '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
      '<Default Extension="xml" ContentType="application/xml"/>'
      '<Override PartName="/word/document.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"/></Types>')
RELS = ('<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
        '<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="word/document.xml"/></Relationships>')


def docx(path, body, extra=(), compress=zipfile.ZIP_DEFLATED):
    doc = body if body.startswith("<?xml") else (
        f'<?xml version="1.0" encoding="UTF-8"?><w:document xmlns:w="{W}"><w:body>{body}</w:body></w:document>')
    with zipfile.ZipFile(path, "w", compress) as z:
        z.writestr("[Content_Types].xml", CT)
        z.writestr("_rels/.rels", RELS)
        z.writestr("word/document.xml", doc)
        for name, data in extra:
            z.writestr(name, data)


def para(t):
    return f"<w:p><w:r><w:t>{t}</w:t></w:r></w:p>"


def pdf(path, n_pages=1, text_per_page=("The Security Council,",), extra_objects=0, bomb=0):
    """A PDF with Helvetica text, optional extra unreferenced objects and an optional
    flate stream that inflates to `bomb` bytes."""
    objs = []
    def add(b):
        objs.append(b)
        return len(objs)
    font = add(b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>")
    pages_id = add(None)
    kids = []
    for i in range(n_pages):
        lines = b"".join(b"BT /F1 11 Tf 72 %d Td (%s) Tj ET\n" % (720 - 14 * j, t.encode("latin-1"))
                         for j, t in enumerate(text_per_page))
        content = add(b"<< /Length %d >>\nstream\n%s\nendstream" % (len(lines), lines))
        kids.append(add(b"<< /Type /Page /Parent %d 0 R /MediaBox [0 0 612 792] /Resources << /Font << /F1 %d 0 R >> >> /Contents %d 0 R >>"
                        % (pages_id, font, content)))
    objs[pages_id - 1] = b"<< /Type /Pages /Kids [%s] /Count %d >>" % (b" ".join(b"%d 0 R" % k for k in kids), len(kids))
    for i in range(extra_objects):
        add(b"<< /N %d >>" % i)
    if bomb:
        z = zlib.compressobj(9)
        data = z.compress(b"\0" * bomb) + z.flush()
        add(b"<< /Length %d /Filter /FlateDecode >>\nstream\n" % len(data) + data + b"\nendstream")
    catalog = add(b"<< /Type /Catalog /Pages %d 0 R >>" % pages_id)
    out = io.BytesIO()
    out.write(b"%PDF-1.7\n")
    offsets = []
    for i, o in enumerate(objs):
        offsets.append(out.tell())
        out.write(b"%d 0 obj\n" % (i + 1) + o + b"\nendobj\n")
    xref = out.tell()
    out.write(b"xref\n0 %d\n0000000000 65535 f \n" % (len(objs) + 1))
    for off in offsets:
        out.write(b"%010d 00000 n \n" % off)
    out.write(b"trailer\n<< /Size %d /Root %d 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (len(objs) + 1, catalog, xref))
    with open(path, "wb") as f:
        f.write(out.getvalue())


def make(d):
    cases = []
    def case(name, args=()):
        cases.append((name, list(args)))
        return os.path.join(d, name)
    words = b"women peace and security participation protection "
    def line(path, size):
        with open(path, "wb") as f:
            f.write(b"1. Requests ")
            chunk = words * (1 << 14)
            left = size - 12
            while left > 0:
                f.write(chunk[:left]); left -= len(chunk)
    line(case("line-100MB.txt"), 100 << 20)
    shutil.copy(os.path.join(d, "line-100MB.txt"), case("line-100MB-raised.txt", ["--max-text-size", "200M"]))
    line(case("line-30MB.txt"), 30 << 20)
    with open(case("paragraphs-30MB.txt"), "w") as f:
        f.write("The Security Council,\n\n")
        n = 1
        while f.tell() < 30 << 20:
            f.write(f"{n}. Requests the Mission to ensure the full, equal and meaningful participation of women in the peace process, and to report on sexual violence in conflict;\n")
            n += 1
    text = open(os.path.join(REPO, "corpus/mandate-draft.txt"), encoding="utf-8").read()
    with open(case("utf16le-nobom-20MB.txt"), "wb") as f:
        while f.tell() < 20 << 20:
            f.write(text.encode("utf-16-le"))
    with open(case("binary-50MB.txt"), "wb") as f:
        f.write(os.urandom(50 << 20))
    with open(case("nested-labels.txt"), "w") as f:
        f.write("The Security Council,\n")
        for n in range(1, 20001):
            f.write(f"{n}. Requests:\n(a) support:\n(i) women;\n(ii) girls;\n(b) protect:\n")
    # DOCX
    shutil.copy(os.path.join(REPO, "tests/fixtures/docx/bad_zip_bomb.docx"), case("zip-bomb.docx"))
    with zipfile.ZipFile(case("zip-bomb-1GB.docx"), "w", zipfile.ZIP_DEFLATED) as z:
        z.writestr("[Content_Types].xml", CT); z.writestr("_rels/.rels", RELS)
        with z.open("word/document.xml", "w") as f:
            f.write(f'<?xml version="1.0"?><w:document xmlns:w="{W}"><w:body><w:p><w:r><w:t>'.encode())
            chunk = b"a" * (1 << 20)
            for _ in range(1024):
                f.write(chunk)
            f.write(b"</w:t></w:r></w:p></w:body></w:document>")
    shutil.copy(os.path.join(d, "zip-bomb-1GB.docx"), case("zip-bomb-1GB-ratio-off.docx", ["--max-compression-ratio", "1000000000"]))
    laughs = ('<?xml version="1.0"?><!DOCTYPE lolz [<!ENTITY lol "lol">' +
              "".join(f'<!ENTITY lol{i} "{("&lol%s;" % (i - 1 if i > 1 else "")) * 10}">' for i in range(1, 10)) +
              f']><w:document xmlns:w="{W}"><w:body><w:p><w:r><w:t>&lol9;</w:t></w:r></w:p></w:body></w:document>')
    docx(case("billion-laughs.docx"), laughs)
    docx(case("deep-xml.docx"), "<w:sdt><w:sdtContent>" * 100000 + para("x") + "</w:sdtContent></w:sdt>" * 100000)
    docx(case("many-paragraphs-25MB-text.docx"), "".join(para(f"{n}. Requests the Mission to ensure the participation of women;") for n in range(400000)))
    with zipfile.ZipFile(case("many-entries.docx"), "w", zipfile.ZIP_STORED) as z:
        z.writestr("[Content_Types].xml", CT); z.writestr("_rels/.rels", RELS)
        z.writestr("word/document.xml", f'<?xml version="1.0"?><w:document xmlns:w="{W}"><w:body>{para("x")}</w:body></w:document>')
        for i in range(300000):
            z.writestr(f"m/{i}", b"")
    numbering = (f'<?xml version="1.0"?><w:numbering xmlns:w="{W}"><w:abstractNum w:abstractNumId="0">' +
                 "".join(f'<w:lvl w:ilvl="{l}"><w:start w:val="1"/><w:numFmt w:val="decimal"/><w:lvlText w:val="%{l + 1}."/></w:lvl>' for l in range(9)) +
                 '</w:abstractNum><w:num w:numId="1"><w:abstractNumId w:val="0"/></w:num></w:numbering>')
    rels = ('<?xml version="1.0"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
            '<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/numbering" Target="numbering.xml"/></Relationships>')
    items = "".join(f'<w:p><w:pPr><w:numPr><w:ilvl w:val="{n % 9}"/><w:numId w:val="1"/></w:numPr></w:pPr><w:r><w:t>item {n}</w:t></w:r></w:p>' for n in range(100000))
    docx(case("nested-lists.docx"), items, [("word/numbering.xml", numbering), ("word/_rels/document.xml.rels", rels)])
    # PDF
    for f in ["council_draft_user_pw.pdf", "garbage.pdf", "truncated.pdf"]:
        shutil.copy(os.path.join(REPO, "tests/fixtures/pdf", f), case(f))
    pdf(case("pdf-2M-objects.pdf"), extra_objects=2_000_000)
    pdf(case("pdf-5000-pages.pdf"), n_pages=5000, text_per_page=[f"{n}. Requests the Mission to ensure the participation of women;" for n in range(40)])
    pdf(case("pdf-flate-bomb-1GB.pdf"), bomb=1 << 30)
    # lexicon with a pattern that is catastrophic for backtracking engines
    lex = os.path.join(d, "lexicon")
    shutil.copytree(os.path.join(REPO, "lexicon"), lex)
    p = os.path.join(lex, "rules/nap.toml")
    s = open(p).read().replace("terms = [\n", "terms = [\n  '''re:\\b(?:x+x+)+y\\b''',\n", 1)
    open(p, "w").write(s)
    with open(case("xxx-1MB.txt", ["--lexicon", lex]), "w") as f:
        f.write("1. Decides that " + "x" * (1 << 20) + ";\n")
    return cases


def main():
    args = sys.argv[1:]
    keep = None
    if "--keep" in args:
        i = args.index("--keep"); keep = args[i + 1]; del args[i:i + 2]
    target = os.environ.get("CARGO_TARGET_DIR", os.path.join(REPO, "target"))
    binary = args[0] if args else os.path.join(target, "release/wpslens")
    d = keep or tempfile.mkdtemp(prefix="wpslens-hostile-")
    os.makedirs(d, exist_ok=True)
    try:
        cases = make(d)
        print(f"{'input':34} {'size':>9} {'exit':>4} {'peak RSS':>10} {'wall':>8}  stderr")
        for name, extra in cases:
            path = os.path.join(d, name)
            r = subprocess.run(["/usr/bin/time", "-v", binary, "check", "--fail-on", "never", "--format", "json", *extra, path],
                               stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True, errors="replace")
            err = r.stderr
            rss = int(re.search(r"Maximum resident set size \(kbytes\): (\d+)", err).group(1))
            wall = re.search(r"Elapsed \(wall clock\) time \(h:mm:ss or m:ss\): (\S+)", err).group(1)
            msg = next((l for l in err.splitlines() if l.startswith("wpslens:")), "")
            msg = msg.replace(path, name)
            size = os.path.getsize(path)
            print(f"{name:34} {size / 1e6:8.1f}M {r.returncode:>4} {rss / 1024:8.1f}MB {wall:>8}  {msg[:150]}")
            sys.stdout.flush()
    finally:
        if not keep:
            shutil.rmtree(d, ignore_errors=True)


if __name__ == "__main__":
    main()
