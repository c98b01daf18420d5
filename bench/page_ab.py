#!/usr/bin/env python3
"""Is a change to the chat page faster? Both builds side by side, in alternating windows.

    python3 bench/page_ab.py [--base HEAD] [--windows 5] [--warm-up 50] [--render]

Runs of one build on this machine alone vary by more than most changes gain (the same build
measured 250 and 400 page/s a few minutes apart), so this script publishes the commit given
(a git worktree, removed afterwards) and the working tree, starts both on loopback with fresh
data folders, seeds each with the same 50-message chat, warms both up, then loads them with wrk
in alternating 10 s windows: drift of the machine falls on both alike. It prints each build's
page/s and server CPU per page, window by window, with their medians. --render gives every
request a query of its own, so each page is built anew instead of served from the app's cache
(perf.py's "rendered" row). Prints only; nothing is written to docs/. Needs wrk (see perf.py).
"""
import argparse
import os
import random
import signal
import shutil
import statistics
import subprocess
import tempfile
from pathlib import Path

import perf


def seeded(name, source, port, work):
    process = perf.start_docchat(work / name, port, {"DocChat__Documents__MaxPassageCharacters": str(perf.PASSAGE_CHARACTERS)}, source)
    base = f"http://127.0.0.1:{port}"
    perf.wait_until_up(base + "/Identity/Account/Login", process)
    rng = random.Random(0)
    user = perf.DocChatUser(base)
    user.upload("notes.txt", "\n\n".join(perf.passages_text(rng, 20)).encode())
    user.wait_ready()
    for i in range(25):
        user.send(f"question {i} about the river library")
    return process, base, [(user.cookie_header(), "")]


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--base", default="HEAD", help="the commit to compare the working tree with")
    parser.add_argument("--windows", type=int, default=5, help="measured 10 s windows per build")
    parser.add_argument("--warm-up", type=int, default=50, help="seconds of load on each build before measuring")
    parser.add_argument("--render", action="store_true", help="build every page anew (not from the app's page cache)")
    args = parser.parse_args()
    perf.ensure_tools()
    work = Path(tempfile.mkdtemp(prefix="docchat-page-ab-"))
    worktree = work / "base-source"
    subprocess.run(["git", "-C", str(perf.REPO), "worktree", "add", "-q", "--detach", str(worktree), args.base], check=True)
    processes = []
    try:
        builds = {}
        for name, source, port in ((args.base, worktree, 5431), ("working tree", perf.REPO, 5432)):
            process, base, users = seeded(name.replace(" ", "-"), source, port, work)
            processes.append(process)
            builds[name] = (process, base, users)
        for _ in range(max(1, args.warm_up // 10)):
            for process, base, users in builds.values():
                perf.wrk(base, "/Chat", users, 10, 8, render=args.render)
        results = {name: [] for name in builds}
        for _ in range(args.windows):
            for name, (process, base, users) in builds.items():
                results[name].append(perf.wrk(base, "/Chat", users, 10, 8, pid=process.pid, render=args.render))
        for name, runs in results.items():
            print(f"{name}: page/s {[round(r['rps']) for r in runs]} (median {statistics.median(r['rps'] for r in runs):.0f}), "
                  f"CPU ms per page {[round(r['cpu_ms'], 2) for r in runs]} (median {statistics.median(r['cpu_ms'] for r in runs):.2f})")
    finally:
        for process in processes:
            os.killpg(process.pid, signal.SIGKILL)
        subprocess.run(["git", "-C", str(perf.REPO), "worktree", "remove", "--force", str(worktree)], check=False)
        shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main()
