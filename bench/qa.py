#!/usr/bin/env python3
"""Answer quality on SQuAD v1.1 dev (issue 10, item 9), through the real app.

    python3 bench/qa.py ../shared/qa-eval [--limit N] [--out docs/quality.md]

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
import json
import re
import shutil
import sqlite3
import statistics
import string
import sys
import tempfile
import time
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


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("data", help="the qa-eval folder (documents/*.md and questions.json)")
    parser.add_argument("--limit", type=int, default=0, help="ask only the first N questions (0: all)")
    parser.add_argument("--out", default=str(REPO / "docs" / "quality.md"))
    parser.add_argument("--misses", help="also write the questions answered without gold (while a retrieved passage had it) to this JSON file")
    args = parser.parse_args()
    data = Path(args.data).resolve()
    questions = json.loads((data / "questions.json").read_text())
    if args.limit:
        questions = questions[: args.limit]

    work = Path(tempfile.mkdtemp(prefix="docchat-qa-"))
    app = None
    try:
        app = start_docchat(work, PORT)
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

        db = sqlite3.connect(f"file:{work / 'data' / 'docchat.db'}?mode=ro", uri=True)
        answers = [json.loads(m) | {"content": c} for c, m in db.execute(
            "SELECT Content, MetadataJson FROM ChatMessages WHERE Role = 'Assistant' ORDER BY Id")]
        passages = dict(db.execute("SELECT Id, Text FROM DocumentChunks"))
        db.close()
        assert len(answers) == len(questions), f"{len(answers)} answers for {len(questions)} questions"
    finally:
        if app is not None:
            app.terminate()
            app.wait(timeout=30)
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
