#!/usr/bin/env bash
# Runs the whole test suite. Installs what the tests need first: Debian's chromium for the
# Playwright browser tests (browsers cannot be downloaded here), poppler-utils (pdftotext,
# which the app uses to read PDFs) with poppler-data (the CJK character maps without which
# Chinese, Japanese and Korean PDFs come out as no text), and tesseract-ocr (with its English
# data) for the text of scanned PDFs; PostgreSQL, of which it starts a throwaway server
# (a cluster in a temporary folder, reached by a Unix socket there, no TCP port) for the tests
# of the PostgreSQL provider, and removes it afterwards; and nginx, which the tests of several
# instances start in front of them (on loopback, with a configuration of their own).
set -euo pipefail
cd "$(dirname "$0")"

missing=()
[ -x /usr/bin/chromium ] || missing+=(chromium)
command -v pdftotext >/dev/null || missing+=(poppler-utils)
command -v tesseract >/dev/null || missing+=(tesseract-ocr)
dpkg-query -W -f='${Status}' poppler-data 2>/dev/null | grep -q "install ok installed" || missing+=(poppler-data)
pg_bin() { ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -1; }
[ -n "$(pg_bin)" ] && [ -x "$(pg_bin)/initdb" ] || missing+=(postgresql)
[ -x /usr/sbin/nginx ] || missing+=(nginx)
if [ "${#missing[@]}" -gt 0 ]; then
  echo "Installing ${missing[*]} for the tests..."
  sudo=""
  [ "$(id -u)" -eq 0 ] || sudo="sudo"
  $sudo apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq --no-install-recommends "${missing[@]}"
fi

# A throwaway PostgreSQL server: initdb refuses to run as root, so as root it runs as the
# postgres user the Debian package creates. Durability is off: it holds test data only.
pg="$(mktemp -d)"
as_pg=()
if [ "$(id -u)" -eq 0 ]; then
  chown postgres "$pg"
  as_pg=(runuser -u postgres --)
fi
"${as_pg[@]}" "$(pg_bin)/initdb" -D "$pg/data" -A trust -U docchat -E UTF8 --locale=C.UTF-8 >/dev/null
"${as_pg[@]}" "$(pg_bin)/pg_ctl" -D "$pg/data" -l "$pg/server.log" -w -o "-c listen_addresses='' -k $pg -c fsync=off -c synchronous_commit=off -c full_page_writes=off -c max_connections=300" start >/dev/null
export DOCCHAT_TEST_POSTGRES_SERVER="Host=$pg;Username=docchat"

log="$(mktemp)"
stop_pg() { "${as_pg[@]}" "$(pg_bin)/pg_ctl" -D "$pg/data" -m immediate stop >/dev/null 2>&1 || true; rm -rf "$pg"; }
trap 'rm -f "$log"; stop_pg' EXIT
status=0
dotnet test DocChat.sln "$@" 2>&1 | tee "$log" || status=$?

# The integration tests where the database provider matters again (pages, forms, data, lifecycle:
# every test that starts the app in-process and stores or reads what users keep) with the app on
# PostgreSQL, each app on a database of its own on the throwaway server. Not the browser tests
# (what Chromium does with the pages, the same on either database) nor the classes marked
# [Trait("Provider", "Any")] (headers, proxies, logging, labels, time-outs: no stored data in
# question). Tests of what only SQLite has are skipped there. Not when arguments narrow the run.
if [ "$#" -eq 0 ]; then
  echo "Running the integration tests on PostgreSQL..."
  DOCCHAT_TEST_PROVIDER=Postgres dotnet test DocChat.sln --no-build \
    --filter "(FullyQualifiedName~.Controllers.|FullyQualifiedName~.Data.|FullyQualifiedName~.Lifecycle.)&Provider!=Any" \
    2>&1 | tee -a "$log" || status=$?
fi

# One plain summary line ("N passed, N failed"), over both runs, whatever the runner printed.
grep -Eo 'Failed: +[0-9]+, Passed: +[0-9]+, Skipped: +[0-9]+' "$log" \
  | sed -E 's/Failed: +([0-9]+), Passed: +([0-9]+), Skipped: +([0-9]+)/\1 \2 \3/' \
  | awk '{ f += $1; p += $2; s += $3 } END { if (NR > 0) printf "%d passed, %d failed, %d skipped\n", p, f, s }'
exit "$status"
