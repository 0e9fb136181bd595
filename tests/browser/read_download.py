"""Opens a file downloaded by the browser tests with a real reader and compares it with the
database: a CSV with Python's csv module, a workbook with openpyxl, a PDF with poppler's
pdfinfo and pdftotext (what many PDF readers on Linux are built on). Prints what it found as
JSON, and exits non-zero with the reason when the file is not whole or does not match.

    python3 read_download.py responses.csv FILE SURVEY_ID
    python3 read_download.py answers.csv FILE SURVEY_ID
    python3 read_download.py workbook FILE ENGAGEMENT_SLUG
    python3 read_download.py report FILE ENGAGEMENT_SLUG
    python3 read_download.py pdf FILE ENGAGEMENT_SLUG/DOCUMENT_SLUG

The database is the SQLite file named by DATABASE_URL, as the server under test uses it.
"""
import csv
import json
import os
import sqlite3
import sys


def database():
    url = os.environ["DATABASE_URL"]
    path = url.removeprefix("sqlite://").split("?")[0]
    return sqlite3.connect(f"file:{path}?mode=ro", uri=True)


SENT_WITH_ANSWERS = """select count(distinct r.id) from responses r
    join survey_versions v on v.id = r.survey_version_id join answers a on a.response_id = r.id
    where v.survey_id = ? and r.submitted_at is not null"""

ANSWER_ROWS = """select count(*) from responses r
    join survey_versions v on v.id = r.survey_version_id join answers a on a.response_id = r.id
    where v.survey_id = ? and r.submitted_at is not null"""


def read_csv(path):
    with open(path, "rb") as f:
        raw = f.read()
    if not raw.startswith(b"\xef\xbb\xbf"):
        sys.exit("the CSV does not start with the UTF-8 byte-order mark")
    text = raw.decode("utf-8-sig")
    if not text.endswith("\r\n"):
        sys.exit("the CSV does not end with a whole line")
    return list(csv.reader(text.splitlines(keepends=True)))


def check_csv(kind, path, sid):
    db = database()
    sid = int(sid)
    rows = read_csv(path)
    header, body = rows[0], rows[1:]
    width = {len(r) for r in body}
    if width and width != {len(header)}:
        sys.exit(f"rows have {sorted(width)} fields but the header has {len(header)}")
    query = SENT_WITH_ANSWERS if kind == "responses.csv" else ANSWER_ROWS
    (expected,) = db.execute(query, (sid,)).fetchone()
    if len(body) != expected:
        sys.exit(f"{kind}: {len(body)} rows, but the database holds {expected}")
    ids = sorted({int(r[0]) for r in body})
    return {"header": header, "rows": len(body), "responses": len(ids)}


def check_workbook(path, slug):
    from openpyxl import load_workbook

    db = database()
    book = load_workbook(path, read_only=True)
    (engagement,) = db.execute("select id from engagements where slug = ?", (slug,)).fetchone()
    surveys = db.execute(
        "select id, slug from surveys where engagement_id = ? and live_version_id is not null order by id", (engagement,)
    ).fetchall()
    sheets = {}
    for ws in book.worksheets:
        sheets[ws.title] = [list(r) for r in ws.iter_rows(values_only=True)]
    names = list(sheets)
    if len(names) != len(surveys) + 2 or names[-2:] != ["Themes", "Coded answers"]:
        sys.exit(f"sheets are {names}")
    found = {}
    for (sid, sslug), name in zip(surveys, names):
        (expected,) = db.execute(SENT_WITH_ANSWERS, (sid,)).fetchone()
        rows = len(sheets[name]) - 1
        if rows != expected:
            sys.exit(f"sheet {name!r} ({sslug}): {rows} rows, but the database holds {expected} sent responses")
        found[name] = rows
    sets = [r[0] for r in db.execute("select id from theme_sets where engagement_id = ?", (engagement,))]
    marks = ",".join("?" * len(sets)) or "null"
    (themes,) = db.execute(f"select count(*) from themes where theme_set_id in ({marks})", sets).fetchone()
    rows = len(sheets["Themes"]) - 1
    if rows != themes + len(sets):
        sys.exit(f"Themes: {rows} rows, but the database holds {themes} themes in {len(sets)} sets (and one Other row each)")
    found["Themes"] = rows
    (coded,) = db.execute(
        f"""select count(*) from theme_answers ta
        join answers a on a.response_id = ta.response_id and a.question_id = ta.question_id
        join responses r on r.id = ta.response_id
        where ta.theme_set_id in ({marks}) and a.text_value is not null and r.submitted_at is not null""",
        sets,
    ).fetchone()
    rows = len(sheets["Coded answers"]) - 1
    if rows != coded:
        sys.exit(f"Coded answers: {rows} rows, but the database holds {coded}")
    found["Coded answers"] = rows
    return {"sheets": found, "theme_sets": len(sets)}


REPORT_SHEETS = ["About", "Schools reached", "Took part", "Figures", "Themes", "Quotes", "Outcomes", "You said, we did"]


def check_report(path, slug):
    """The report's workbook: its sheets, the schools reached by district and who took part, as
    the database has them (a count below the threshold reads as words)."""
    from openpyxl import load_workbook

    db = database()
    book = load_workbook(path, read_only=True)
    sheets = {ws.title: [list(r) for r in ws.iter_rows(values_only=True)] for ws in book.worksheets}
    if list(sheets) != REPORT_SHEETS:
        sys.exit(f"sheets are {list(sheets)}")
    (engagement, threshold) = db.execute("select id, suppression_threshold from engagements where slug = ?", (slug,)).fetchone()
    reach = sheets["Schools reached"][1:]
    listed = dict(db.execute("select district, count(*) from schools group by district").fetchall())
    if {r[0]: r[1] for r in reach} != listed:
        sys.exit(f"Schools reached lists {reach}, but the database has {listed}")
    answered = sum(r[2] for r in reach)
    (expected,) = db.execute(
        """select count(distinct r.school_id) from responses r join survey_versions v on v.id = r.survey_version_id
        join surveys s on s.id = v.survey_id where s.engagement_id = ? and r.submitted_at is not null""",
        (engagement,),
    ).fetchone()
    if answered != expected:
        sys.exit(f"Schools reached says {answered} schools answered, but the database has {expected}")
    took_part = sheets["Took part"][1:]
    sent = [
        n
        for (n,) in db.execute(
            """select count(r.id) from surveys s left join survey_versions v on v.survey_id = s.id
            left join responses r on r.survey_version_id = v.id and r.submitted_at is not null
            where s.engagement_id = ? and s.live_version_id is not null group by s.id order by s.id""",
            (engagement,),
        )
    ]
    shown = [n if n >= threshold else f"fewer than {threshold}" for n in sent]
    if [r[2] for r in took_part] != shown:
        sys.exit(f"Took part says {[r[2] for r in took_part]}, but the database has {sent}")
    if not any(r[0] == "Limit of the evidence" for r in sheets["About"][1:]):
        sys.exit("About does not give the limits of the evidence")
    return {"sheets": {name: len(rows) - 1 for name, rows in sheets.items()}, "schools_answered": answered}


def words(text):
    return " ".join(text.split())


def check_pdf(path, which):
    """The latest version of a document: a tagged A4 file titled as the document, whose text
    has every section's heading and words, and whose structure has the title as its one H1 and
    each section's heading as an H2, in the document's order."""
    import subprocess
    engagement, slug = which.split("/")
    db = database()
    title, number, sections = db.execute(
        """select d.title, v.number, v.sections from documents d join engagements e on e.id = d.engagement_id
           join document_versions v on v.document_id = d.id where e.slug = ? and d.slug = ?
           order by v.number desc limit 1""",
        (engagement, slug),
    ).fetchone()
    sections = json.loads(sections)
    info = dict(
        line.split(":", 1) for line in subprocess.run(["pdfinfo", path], check=True, capture_output=True, text=True).stdout.splitlines() if ":" in line
    )
    info = {k.strip(): v.strip() for k, v in info.items()}
    if info.get("Tagged") != "yes":
        sys.exit("the PDF is not tagged")
    if info.get("Title") != title:
        sys.exit(f"the PDF is titled {info.get('Title')!r}, not {title!r}")
    if "(A4)" not in info.get("Page size", ""):
        sys.exit(f"the pages are {info.get('Page size')}")
    text = words(subprocess.run(["pdftotext", path, "-"], check=True, capture_output=True, text=True).stdout)
    for section in sections:
        for part in [section["heading"], *section["text"].split("\n\n"), *section.get("easy_read", [])]:
            if words(part) not in text:
                sys.exit(f"the PDF's text lacks {part!r}")
    structure = subprocess.run(["pdfinfo", "-struct-text", path], check=True, capture_output=True, text=True).stdout.splitlines()
    tagged = []
    for i, line in enumerate(structure):
        kind = line.strip().split(" ")[0]
        if kind in ("H1", "H2") and i + 1 < len(structure):
            tagged.append((kind, structure[i + 1].strip().strip('"')))
    h1 = [t for k, t in tagged if k == "H1"]
    if h1 != [title]:
        sys.exit(f"the H1s are {h1}")
    h2 = [t for k, t in tagged if k == "H2"]
    headings = [s["heading"] for s in sections]
    if h2[: len(headings)] != headings:
        sys.exit(f"the H2s are {h2}, but the sections are {headings}")
    return {"pages": int(info["Pages"]), "sections": len(sections), "version": number}


def main():
    kind, path, which = sys.argv[1:4]
    if kind == "workbook":
        result = check_workbook(path, which)
    elif kind == "report":
        result = check_report(path, which)
    elif kind == "pdf":
        result = check_pdf(path, which)
    else:
        result = check_csv(kind, path, which)
    print(json.dumps(result))


if __name__ == "__main__":
    main()
