#!/usr/bin/env python3
"""Ingestion alone, in about a minute: what bench/perf.py's ingestion row measures, and its floor.

    python3 bench/ingestion.py [--source DIR] [--rounds 4] [--floor]

It publishes DocChat (Release) from the source folder (default: this repository), starts it on
loopback with a fresh data folder, and in each round has a new user upload the bench's five files
of 20,000 passages of 200 characters (16.7 MB) through the form and waits until the documents
page shows them all Ready. It prints each round's MB/s, the server's CPU seconds, and the raw
FTS5 reference of perf.py measured beside it. Later rounds run on a warmer process (the JIT) and
a fuller index. Prints only; perf.py writes the figures to docs/performance.md.

--floor also times, in Python's SQLite, the storage DocChat's ingestion writes: the same text
as owned words in a contentless index on a WAL file with synchronous=FULL, with and without the
passage rows, 500 passages per transaction (docs/performance.md, "The floor"). The rows
alternate, three times, so the machine's drift falls on all of them alike.
"""
import argparse
import os
import random
import re
import shutil
import signal
import sqlite3
import statistics
import sys
import tempfile
import time
from pathlib import Path

import perf


def ingestion_rounds(source, rounds):
    rng = random.Random(0)
    work = Path(tempfile.mkdtemp(prefix="docchat-ingestion-"))
    server = perf.start_docchat(work, perf.DOCCHAT_PORT, {
        "DocChat__Documents__MaxPassageCharacters": str(perf.PASSAGE_CHARACTERS),
        "DocChat__Documents__MaxStorageBytesPerUser": str(10**10)}, source=source)
    try:
        base = f"http://127.0.0.1:{perf.DOCCHAT_PORT}"
        perf.wait_until_up(base + "/Identity/Account/Login", server)
        paragraphs = perf.passages_text(rng, 100_000)
        files = ["\n\n".join(paragraphs[i:i + 20_000]).encode() for i in range(0, len(paragraphs), 20_000)]
        megabytes = sum(len(f) for f in files) / 1e6
        for round_number in range(rounds):
            user = perf.DocChatUser(base)
            cpu, started = perf.cpu_seconds(server.pid), time.perf_counter()
            for i, content in enumerate(files):
                user.upload(f"bulk{round_number}-{i}.txt", content)
            user.wait_ready()
            seconds = time.perf_counter() - started
            raw = perf.raw_fts_mb_per_second(paragraphs)
            print(f"round {round_number + 1}: {megabytes:.1f} MB in {seconds:.2f} s = {megabytes / seconds:.2f} MB/s, "
                  f"server CPU {perf.cpu_seconds(server.pid) - cpu:.1f} s; raw FTS5 {raw:.2f} MB/s; ratio {megabytes / seconds / raw:.2f}", flush=True)
    finally:
        os.killpg(server.pid, signal.SIGTERM)
        server.wait(timeout=30)
        shutil.rmtree(work, ignore_errors=True)


def floor():
    paragraphs = perf.passages_text(random.Random(0), 100_000)
    megabytes = sum(len(p.encode()) for p in paragraphs) / 1e6
    key = "bcd0123fghjkl"  # a key of OwnedWords' shape: 13 digits and consonants
    owned = [" ".join(key + w for w in re.findall(r"\w+", p)) for p in paragraphs]
    folder = Path(tempfile.mkdtemp(prefix="docchat-floor-"))

    def store(texts, batch, passages):
        path = folder / "floor.db"
        for suffix in ("", "-wal", "-shm"):
            Path(f"{path}{suffix}").unlink(missing_ok=True)
        database = sqlite3.connect(path, isolation_level=None)
        database.executescript("PRAGMA journal_mode=WAL; PRAGMA synchronous=FULL; PRAGMA secure_delete=ON;")
        database.execute("CREATE VIRTUAL TABLE t USING fts5(text, content='', columnsize=0, tokenize='porter unicode61 remove_diacritics 2')")
        database.execute("INSERT INTO t(t, rank) VALUES ('automerge', 16)")
        database.execute("CREATE TABLE c (Id INTEGER PRIMARY KEY AUTOINCREMENT, DocumentId TEXT NOT NULL, Ordinal INT NOT NULL, "
                         "StartOffset INT, Length INT, PageNumber INT, Heading TEXT, Text TEXT NOT NULL)")
        database.execute("CREATE UNIQUE INDEX c_document_ordinal ON c(DocumentId, Ordinal)")
        started = time.perf_counter()
        for first in range(0, len(texts), batch):
            rows = range(first, min(first + batch, len(texts)))
            database.execute("BEGIN IMMEDIATE")
            if passages:
                database.executemany("INSERT INTO c VALUES (?, 'AAAAAAAA-BBBB-CCCC-DDDD-EEEEEEEEEEEE', ?, 0, 0, NULL, NULL, ?)",
                                     ((i + 1, i, paragraphs[i]) for i in rows))
            database.executemany("INSERT INTO t(rowid, text) VALUES (?, ?)", ((i + 1, texts[i]) for i in rows))
            database.execute("COMMIT")
        seconds = time.perf_counter() - started
        database.close()
        return seconds

    kinds = {
        "raw FTS5 reference (perf.py: in memory, one transaction, plain words)":
            lambda: megabytes / perf.raw_fts_mb_per_second(paragraphs),
        "owned words, contentless, WAL file, 500 per transaction": lambda: store(owned, 500, False),
        "the same with the passage rows (what the ingestion writes)": lambda: store(owned, 500, True),
    }
    times = {name: [] for name in kinds}
    for _ in range(3):
        for name, run in kinds.items():
            times[name].append(run())
    shutil.rmtree(folder, ignore_errors=True)
    raw = statistics.median(next(iter(times.values())))
    for name, seconds in times.items():
        median = statistics.median(seconds)
        print(f"{name}: {megabytes / median:.2f} MB/s ({median:.2f} s), {raw / median:.2f} of the reference")


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--source", default=str(perf.REPO), help="repository folder to publish (default: this one)")
    parser.add_argument("--rounds", type=int, default=4)
    parser.add_argument("--floor", action="store_true", help="also time the storage alone in Python's SQLite")
    args = parser.parse_args()
    if args.floor:
        floor()
    ingestion_rounds(Path(args.source).resolve(), args.rounds)


if __name__ == "__main__":
    sys.exit(main())
