#!/usr/bin/env python3
"""Failed-login timing: a real account's wrong password against an unknown account's.

Talks to a running DocChat through its real forms (antiforgery token included). Start the app
with the login limits raised, or the limiter answers 429 long before the run ends:

  DocChat__RateLimits__LoginPerAddress=100000 DocChat__RateLimits__LoginPerAccount=100000 \
    dotnet run -c Release --project DocChat.Web -- --urls http://127.0.0.1:5399 &
  python3 bench/login-timing.py http://127.0.0.1:5399 60

Each attempt of a real account uses a new account (a wrong password is tried at most once per
account, so none locks); unknown accounts are random names. Prints the median and p90 of each.
"""
import http.cookiejar
import re
import statistics
import sys
import time
import urllib.error
import urllib.parse
import urllib.request
import uuid

BASE = sys.argv[1].rstrip("/") if len(sys.argv) > 1 else "http://127.0.0.1:5399"
ROUNDS = int(sys.argv[2]) if len(sys.argv) > 2 else 60
PASSWORD = "correct horse battery"


def browser():
    jar = http.cookiejar.CookieJar()
    return urllib.request.build_opener(urllib.request.HTTPCookieProcessor(jar), NoRedirect())


class NoRedirect(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args, **kwargs):
        return None


def token(opener, path):
    html = opener.open(BASE + path).read().decode()
    return re.search(r'name="__RequestVerificationToken" type="hidden" value="([^"]+)"', html).group(1)


def post(opener, path, fields):
    data = urllib.parse.urlencode(fields).encode()
    started = time.perf_counter()
    try:
        status = opener.open(BASE + path, data).status
    except urllib.error.HTTPError as error:
        status = error.code
    return status, (time.perf_counter() - started) * 1000


def register(email):
    opener = browser()
    fields = {"Input.Email": email, "Input.Password": PASSWORD, "Input.ConfirmPassword": PASSWORD,
              "__RequestVerificationToken": token(opener, "/Identity/Account/Register")}
    status, _ = post(opener, "/Identity/Account/Register", fields)
    assert status == 302, f"registration answered {status}"


def failed_login(email):
    opener = browser()
    fields = {"Input.Email": email, "Input.Password": "wrong password",
              "__RequestVerificationToken": token(opener, "/Identity/Account/Login")}
    status, elapsed = post(opener, "/Identity/Account/Login", fields)
    assert status == 400, f"failed login answered {status}"
    return elapsed


def summary(name, values):
    values = sorted(values)
    p90 = values[int(len(values) * 0.9) - 1]
    print(f"{name}: median {statistics.median(values):.1f} ms, p90 {p90:.1f} ms ({len(values)} attempts)")
    return statistics.median(values)


real_accounts = [f"timing-{uuid.uuid4().hex}@example.test" for _ in range(ROUNDS)]
for account in real_accounts:
    register(account)
failed_login(real_accounts[0])  # warm-up
real, unknown = [], []
for account in real_accounts:
    real.append(failed_login(account))
    unknown.append(failed_login(f"nobody-{uuid.uuid4().hex}@example.test"))
ratio = summary("real account, wrong password", real) / summary("unknown account", unknown)
print(f"ratio of medians (real / unknown): {ratio:.2f}")
