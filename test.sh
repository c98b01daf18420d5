#!/usr/bin/env bash
# Runs the whole test suite. Installs what the tests need first: Debian's chromium for the
# Playwright browser tests (browsers cannot be downloaded here), poppler-utils (pdftotext,
# which the app uses to read PDFs) with poppler-data (the CJK character maps without which
# Chinese, Japanese and Korean PDFs come out as no text), and tesseract-ocr (with its English
# data) for the text of scanned PDFs.
set -euo pipefail
cd "$(dirname "$0")"

missing=()
[ -x /usr/bin/chromium ] || missing+=(chromium)
command -v pdftotext >/dev/null || missing+=(poppler-utils)
command -v tesseract >/dev/null || missing+=(tesseract-ocr)
dpkg-query -W -f='${Status}' poppler-data 2>/dev/null | grep -q "install ok installed" || missing+=(poppler-data)
if [ "${#missing[@]}" -gt 0 ]; then
  echo "Installing ${missing[*]} for the tests..."
  sudo=""
  [ "$(id -u)" -eq 0 ] || sudo="sudo"
  $sudo apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq --no-install-recommends "${missing[@]}"
fi

log="$(mktemp)"
trap 'rm -f "$log"' EXIT
status=0
dotnet test DocChat.sln "$@" 2>&1 | tee "$log" || status=$?

# One plain summary line ("N passed, N failed"), whatever the runner printed.
summary="$(grep -Eo 'Failed: +[0-9]+, Passed: +[0-9]+, Skipped: +[0-9]+' "$log" | tail -1 || true)"
if [ -n "$summary" ]; then
  echo "$summary" | sed -E 's/Failed: +([0-9]+), Passed: +([0-9]+), Skipped: +([0-9]+)/\2 passed, \1 failed, \3 skipped/'
fi
exit "$status"
