#!/usr/bin/env python3
"""Answer quality on SQuAD v1.1 dev (issue 10, item 9), and text fidelity on real documents
(item 10), through the real app.

    python3 bench/qa.py ../shared/qa-eval [--limit N] [--out docs/quality.md]
    python3 bench/qa.py ../shared/real-documents [--out docs/quality.md]

A folder with a manifest.csv is a folder of real documents: each file is uploaded through the
upload form, one at a time, and waited for; the report gives per format how many were Ready,
Failed (with the reasons) or refused at upload, the worst share of unreadable characters in a
Ready document's stored text, the documents over 1%, leftovers of the known defects (field
codes, ligatures, presentation forms, direction marks) and the time from upload to Ready.

Publishes DocChat (Release) into a temporary folder, starts it on its own empty data folder,
registers one user through the register form, uploads the 48 documents through the upload
form, waits until they are Ready, then asks each question through the chat form (extractive
answers, the default) and times each send. Scores, as the data's README defines them:

- answer contains gold: the stored answer without its [n] markers and its opening line,
  SQuAD-normalised, contains a normalised gold answer on word boundaries;
- recall@1 / recall@5: one of the first 1 / 5 retrieved passages (the ids each answer records)
  contains a gold answer.

It prints the figures and rewrites the measured part of docs/quality.md (between the bench
markers). The data stays where it is; nothing of it is copied into the repo.
"""

import argparse
import csv
import json
import re
import shutil
import sqlite3
import statistics
import string
import subprocess
import sys
import tempfile
import time
import unicodedata
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from perf import REPO, DocChatUser, start_docchat, wait_until_up, write_report  # noqa: E402

PORT = 5392
INTRO = "Here is what your documents say:"


def normalise(text):
    """SQuAD's answer normalisation: lower case, no punctuation, no articles, single spaces."""
    text = "".join(c for c in text.lower() if c not in set(string.punctuation))
    text = re.sub(r"\b(a|an|the)\b", " ", text)
    return " ".join(text.split())


def contains(haystack, golds):
    padded = f" {normalise(haystack)} "
    return any(f" {normalise(g)} " in padded for g in golds if normalise(g))


def answer_text(content):
    """The answer as a reader sees it: without the opening line and the [n] markers."""
    text = content.replace(INTRO, "", 1)
    return re.sub(r"\[\d+\]", " ", text)


class SqliteFile:
    """The app's SQLite database, read-only."""

    def __init__(self, path):
        self.path = path

    def query(self, sql):
        db = sqlite3.connect(f"file:{self.path}?mode=ro", uri=True)
        try:
            return db.execute(sql).fetchall()
        finally:
            db.close()


class Postgres:
    """A database of its own on a PostgreSQL server, read through psql (no Python driver here)."""

    def __init__(self, conninfo):
        self.conninfo = conninfo
        self.name = f"docchat_qa_{int(time.time())}"
        pairs = dict(part.split("=", 1) for part in conninfo.split())
        self.npgsql = ";".join(f"{key}={pairs[name]}" for name, key in
                               (("host", "Host"), ("port", "Port"), ("user", "Username"), ("password", "Password")) if name in pairs)

    def app_settings(self):
        return {"DocChat__Database__Provider": "Postgres", "ConnectionStrings__DocChat": f"{self.npgsql};Database={self.name}"}

    def query(self, sql):
        out = subprocess.run(["psql", f"{self.conninfo} dbname={self.name}", "-AtX", "-c", f"SELECT json_agg(t) FROM ({sql}) AS t"],
                             check=True, capture_output=True, text=True).stdout
        return [tuple(row.values()) for row in json.loads(out or "null") or []]

    def drop(self):
        subprocess.run(["psql", f"{self.conninfo} dbname=postgres", "-AtX", "-c", f'DROP DATABASE IF EXISTS "{self.name}" WITH (FORCE)'],
                       check=False, capture_output=True)


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("data", help="the qa-eval folder (documents/*.md and questions.json)")
    parser.add_argument("--limit", type=int, default=0, help="ask only the first N questions (0: all)")
    parser.add_argument("--out", default=str(REPO / "docs" / "quality.md"))
    parser.add_argument("--passages", help="also write every stored passage (id, document, heading, text) to this JSON file, to study the ranking offline")
    parser.add_argument("--postgres", metavar="CONNINFO",
                        help='run the app on PostgreSQL: a libpq connection string without a database, e.g. "host=127.0.0.1 port=5432 user=docchat" (a database is created for the run and dropped after)')
    parser.add_argument("--misses", help="also write the questions answered without gold (while a retrieved passage had it) to this JSON file")
    args = parser.parse_args()
    data = Path(args.data).resolve()
    if (data / "manifest.csv").exists():
        real_documents(data, Path(args.out))
        return
    questions = json.loads((data / "questions.json").read_text())
    if args.limit:
        questions = questions[: args.limit]

    work = Path(tempfile.mkdtemp(prefix="docchat-qa-"))
    app = None
    database = Postgres(args.postgres) if args.postgres else None
    try:
        app = start_docchat(work, PORT, database.app_settings() if database else None)
        base = f"http://127.0.0.1:{PORT}"
        wait_until_up(base + "/Identity/Account/Login", app)

        user = DocChatUser(base)
        documents = sorted((data / "documents").glob("*.md"))
        print(f"uploading {len(documents)} documents...", flush=True)
        for document in documents:
            user.upload(document.name, document.read_bytes(), "text/markdown")
        user.wait_ready()

        print(f"asking {len(questions)} questions...", flush=True)
        times = [user.send(q["question"]) for q in questions]

        query = database.query if database else SqliteFile(work / "data" / "docchat.db").query
        answers = [json.loads(m) | {"content": c} for c, m in query(
            'SELECT "Content", "MetadataJson" FROM "ChatMessages" WHERE "Role" = \'Assistant\' ORDER BY "Id"')]
        passages = dict(query('SELECT "Id", "Text" FROM "DocumentChunks"'))
        if args.passages:
            Path(args.passages).write_text(json.dumps([dict(zip(("id", "document", "heading", "text"), row)) for row in query(
                'SELECT c."Id", d."FileName", c."Heading", c."Text" FROM "DocumentChunks" AS c JOIN "Documents" AS d ON d."Id" = c."DocumentId"')]))
        assert len(answers) == len(questions), f"{len(answers)} answers for {len(questions)} questions"
    finally:
        if app is not None:
            app.terminate()
            app.wait(timeout=30)
        if database:
            database.drop()
        shutil.rmtree(work, ignore_errors=True)

    hits = recall1 = recall5 = 0
    misses = []
    for question, answer in zip(questions, answers):
        golds = question["answers"]
        retrieved = [passages.get(i, "") for i in answer.get("retrievedChunkIds") or []]
        hit = contains(answer_text(answer["content"]), golds)
        hits += hit
        recall1 += any(contains(p, golds) for p in retrieved[:1])
        recall5 += any(contains(p, golds) for p in retrieved[:5])
        if not hit and any(contains(p, golds) for p in retrieved[:5]):
            misses.append({"question": question["question"], "answers": golds, "answer": answer["content"],
                           "passages": [p for p in retrieved[:5] if contains(p, golds)]})
    if args.misses:
        Path(args.misses).write_text(json.dumps(misses, indent=1, ensure_ascii=False))

    n = len(questions)
    times.sort()
    figures = {
        "questions": n,
        "contains": 100 * hits / n,
        "recall1": 100 * recall1 / n,
        "recall5": 100 * recall5 / n,
        "median": statistics.median(times),
        "p95": times[min(n - 1, int(0.95 * n))],
    }
    report = render(figures)
    print(report)
    write_report(Path(args.out), report)


CONTENT_TYPES = {"pdf": "application/pdf", "txt": "text/plain", "md": "text/markdown", "html": "text/html",
                 "docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document"}
DEFECTS = {
    "field codes": re.compile(r"PAGEREF _Toc|\bTOC \\[hozt]|HYPERLINK \"|MERGEFIELD"),
    "ligatures": re.compile("[\ufb00-\ufb06]"),
    "presentation forms": re.compile("[\ufb50-\ufdff\ufe70-\ufefe]"),
    "direction marks": re.compile("[\u200e\u200f\u061c\u202a-\u202e\u2066-\u2069]"),
}


def unreadable_share(text):
    """As the app judges it: replacement, control (not tab/line/page ends), private-use, unassigned and surrogate characters among the visible ones."""
    visible = unreadable = 0
    for c in text:
        if c.isspace():
            continue
        visible += 1
        if c == "\ufffd" or unicodedata.category(c) in ("Cc", "Co", "Cn", "Cs"):
            unreadable += 1
    return unreadable / visible if visible else 0.0


def real_documents(data, out):
    rows = list(csv.DictReader((data / "manifest.csv").open()))
    work = Path(tempfile.mkdtemp(prefix="docchat-real-"))
    app = None
    results = []
    try:
        app = start_docchat(work, PORT)
        base = f"http://127.0.0.1:{PORT}"
        wait_until_up(base + "/Identity/Account/Login", app)
        user = DocChatUser(base)
        for row in rows:
            path = data / row["path"]
            if not path.exists():
                print(f"{row['path']}: listed in the manifest, not in the folder; skipped", flush=True)
                continue
            refused = []
            started = time.perf_counter()
            user.upload(path.name, path.read_bytes(), CONTENT_TYPES.get(row["format"], "application/octet-stream"), refused=refused)
            if not refused:
                user.wait_ready(fail_on_failed=False)
            first = next((r["name"] for r in results if r["sha256"] == row["sha256"]), None)
            results.append({"name": path.name, "format": row["format"], "refused": refused[0] if refused else None,
                            "sha256": row["sha256"], "duplicate_of": first,
                            "seconds": time.perf_counter() - started})
            print(f"{row['format']:5} {path.name[:40]:40} {results[-1]['seconds']:6.2f} s {refused[0][:80] if refused else ''}", flush=True)

        db = sqlite3.connect(f"file:{work / 'data' / 'docchat.db'}?mode=ro", uri=True)
        stored = {name: (status, reason, text, unreadable_pages, ocr_pages) for name, status, reason, text, unreadable_pages, ocr_pages in db.execute(
            "SELECT FileName, Status, FailureReason, Text, UnreadablePages, OcrPages FROM Documents")}
        db.close()
    finally:
        if app is not None:
            app.terminate()
            app.wait(timeout=30)
        shutil.rmtree(work, ignore_errors=True)

    for result in results:
        missing = ("Duplicate", f"the same bytes as {result['duplicate_of']}, uploaded before: stored once") if result["duplicate_of"] else ("Refused", result["refused"])
        status, reason, text, unreadable_pages, ocr_pages = stored.get(result["name"], (*missing, "", None, None))
        result.update(status=status, reason=reason, share=unreadable_share(text or "") if status == "Ready" else None,
                      unreadable_pages=unreadable_pages, ocr_pages=ocr_pages,
                      defects=[d for d, pattern in DEFECTS.items() if status == "Ready" and pattern.search(text or "")])
    report = render_real(results, data.name)
    print(report)
    write_report(out, report, marker="bench-real")


def render_real(results, folder):
    lines = [
        f"Measured {time.strftime('%Y-%m-%d')} with `python3 bench/qa.py ../shared/{folder}` ({len(results)} files of its manifest that are in the folder, one upload at a time, Release build, loopback):",
        "",
        "| format | files | Ready | Failed | refused at upload | worst unreadable share (Ready) | Ready over 1% | defects left | median / max time to Ready or Failed |",
        "|---|---|---|---|---|---|---|---|---|",
    ]
    for fmt in sorted({r["format"] for r in results}):
        rs = [r for r in results if r["format"] == fmt]
        ready = [r for r in rs if r["status"] == "Ready"]
        times = sorted(r["seconds"] for r in rs)
        defects = sorted({f"{d} ({r['name']})" for r in ready for d in r["defects"]})
        lines.append(
            f"| {fmt} | {len(rs)} | {len(ready)} | {sum(r['status'] == 'Failed' for r in rs)} | {sum(r['status'] == 'Refused' for r in rs)} "
            f"| {max((r['share'] for r in ready), default=0):.2%} | {sum(r['share'] > 0.01 for r in ready)} | {', '.join(defects) or 'none'} "
            f"| {statistics.median(times):.2f} / {max(times):.2f} s |")
    lines += ["", "Documents not Ready, and what the app told the user:", "", "| file | status | reason |", "|---|---|---|"]
    for r in results:
        if r["status"] != "Ready":
            lines.append(f"| {r['name']} | {r['status']} | {(r['reason'] or '').replace('|', '/')} |")
    noted = [r for r in results if r["unreadable_pages"] or r["ocr_pages"]]
    if noted:
        lines += ["", "Ready documents with pages recognised by OCR or left out as unreadable:", "", "| file | OCR pages | pages left out |", "|---|---|---|"]
        lines += [f"| {r['name']} | {r['ocr_pages'] or ''} | {r['unreadable_pages'] or ''} |" for r in noted]
    lines.append("")
    return "\n".join(lines)


def render(f):
    return "\n".join([
        f"Measured {time.strftime('%Y-%m-%d')} with `python3 bench/qa.py ../shared/qa-eval` ({f['questions']} questions, extractive answers, Release build, loopback):",
        "",
        "| figure | value | target |",
        "|---|---|---|",
        f"| answer contains gold | {f['contains']:.1f}% | >= 88% |",
        f"| retrieval recall@1 | {f['recall1']:.1f}% | |",
        f"| retrieval recall@5 | {f['recall5']:.1f}% | >= 95% |",
        f"| answer time (send request) median / p95 | {f['median']:.0f} / {f['p95']:.0f} ms | no slower than before |",
        "",
    ])


if __name__ == "__main__":
    main()
