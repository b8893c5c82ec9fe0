#!/usr/bin/python3
"""Developer check (not run by the test suite): converts annotated DOCX files written
by `wpslens check --annotate` (or by the annotate tests with WPSLENS_ANNOTATE_DUMP=DIR)
to ODT with LibreOffice and prints what LibreOffice made of them: each comment
(author, date, the text it is anchored on, its first line) and each tracked change
(kind, author, text). Then render the pages to look at them:

    soffice --headless --convert-to pdf --outdir OUT FILE.docx
    pdftoppm -png -r 60 OUT/FILE.pdf OUT/page

(LibreOffice 7.4 shows comments as note icons in the PDF; it has no option to print
them in the margin, and loading commented documents through UNO crashes its headless
UI, hence the ODT route.)

Usage: python3 scripts/check_annotated.py FILE.docx...
"""

import html
import os
import re
import subprocess
import sys
import tempfile
import zipfile


def plain(xml):
    xml = re.sub(r"<text:s( text:c=\"(\d+)\")?/>", lambda m: " " * int(m.group(2) or 1), xml)
    xml = re.sub(r"<text:(tab|line-break)/>", " ", xml)
    return html.unescape(re.sub(r"<[^>]+>", "", xml))


def check(path, tmp):
    subprocess.run(["soffice", "--headless", "--convert-to", "odt", "--outdir", tmp, path],
                   capture_output=True, check=True)
    odt = os.path.join(tmp, os.path.basename(path).rsplit(".", 1)[0] + ".odt")
    content = zipfile.ZipFile(odt).read("content.xml").decode("utf-8")
    print(f"===== {path}")
    notes = list(re.finditer(r"<office:annotation(?=[ >])( office:name=\"([^\"]+)\")?[^>]*>(.*?)</office:annotation>",
                             content, re.S))
    for n, m in enumerate(notes, 1):
        body = m.group(3)
        creator = plain("".join(re.findall(r"<dc:creator>(.*?)</dc:creator>", body)))
        date = plain("".join(re.findall(r"<dc:date>(.*?)</dc:date>", body)))
        text = re.sub(r"<(dc:creator|dc:date|meta:creator-initials)>.*?</\1>", "", body)
        first = plain(re.split(r"</text:p>", text)[0])
        anchor = ""
        if m.group(2):
            end = content.find(f"<office:annotation-end office:name=\"{m.group(2)}\"", m.end())
            if end > 0:
                anchor = plain(content[m.end():end])
        print(f"comment {n}: {creator} {date[:10]} on {anchor[:60]!r}: {first[:100]}")
    changes = re.findall(r"<text:changed-region.*?</text:changed-region>", content, re.S)
    for c in changes:
        kind = re.search(r"<text:(insertion|deletion|format-change)", c).group(1)
        author = plain("".join(re.findall(r"<dc:creator>(.*?)</dc:creator>", c)))
        text = re.sub(r"<office:change-info>.*?</office:change-info>", "", c, flags=re.S)
        print(f"  {kind} by {author}: {plain(text).strip()[:80]!r}")
    print(f"{len(notes)} comments, {len(changes)} tracked changes")


def main():
    tmp = tempfile.mkdtemp(prefix="wpslens-check-")
    for path in sys.argv[1:]:
        check(path, tmp)


if __name__ == "__main__":
    main()
