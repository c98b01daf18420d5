#!/usr/bin/env python3
"""How fast crafted, deeply nested files are refused (docs/reliability.md, issue 12).

Builds the files itself (nothing is downloaded), registers a fresh account on a running DocChat
through the real forms, uploads each file and prints status, time and the message:

  DocChat__RateLimits__UploadPerUser=100000 dotnet run -c Release --project DocChat.Web -- --urls http://127.0.0.1:5399 &
  python3 bench/hostile-uploads.py http://127.0.0.1:5399
"""
import http.cookiejar
import io
import re
import sys
import time
import urllib.error
import urllib.parse
import urllib.request
import uuid
import zipfile

BASE = sys.argv[1].rstrip("/") if len(sys.argv) > 1 else "http://127.0.0.1:5399"
PASSWORD = "correct horse battery"


def nested_docx(depth):
    content_types = ('<?xml version="1.0" encoding="UTF-8"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
                     '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
                     '<Default Extension="xml" ContentType="application/xml"/><Override PartName="/word/document.xml" '
                     'ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"/></Types>')
    rels = ('<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
            '<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" '
            'Target="word/document.xml"/></Relationships>')
    body = ('<?xml version="1.0"?><w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"><w:body>'
            + "<w:sdt><w:sdtContent>" * depth + "<w:p><w:r><w:t>x</w:t></w:r></w:p>" + "</w:sdtContent></w:sdt>" * depth
            + "</w:body></w:document>")
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED, compresslevel=9) as archive:
        archive.writestr("[Content_Types].xml", content_types)
        archive.writestr("_rels/.rels", rels)
        archive.writestr("word/document.xml", body)
    return buffer.getvalue()


def nested_html(tag, depth):
    return ("<html><body>" + f"<{tag}>" * depth + "x</body></html>").encode()


class NoRedirect(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args, **kwargs):
        return None


opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(http.cookiejar.CookieJar()), NoRedirect())


def open_(request, data=None):
    try:
        response = opener.open(request, data)
        return response.status, response.read().decode()
    except urllib.error.HTTPError as error:
        return error.code, error.read().decode()


def token(path):
    _, html = open_(BASE + path)
    return re.search(r'name="__RequestVerificationToken" type="hidden" value="([^"]+)"', html).group(1)


def upload(name, content):
    boundary = "b" + uuid.uuid4().hex
    body = (f'--{boundary}\r\nContent-Disposition: form-data; name="__RequestVerificationToken"\r\n\r\n{token("/Documents")}\r\n'
            f'--{boundary}\r\nContent-Disposition: form-data; name="Files"; filename="{name}"\r\n'
            "Content-Type: application/octet-stream\r\n\r\n").encode() + content + f"\r\n--{boundary}--\r\n".encode()
    request = urllib.request.Request(BASE + "/Documents/Upload", body, {"Content-Type": f"multipart/form-data; boundary={boundary}"})
    started = time.perf_counter()
    status, html = open_(request)
    elapsed = (time.perf_counter() - started) * 1000
    error = re.search(r'id="upload-errors".*?<li>(.*?)</li>', html, re.S)
    print(f"{name} ({len(content):,} bytes): {status} in {elapsed:.0f} ms {error.group(1) if error else ''}")


fields = {"Input.Email": f"hostile-{uuid.uuid4().hex}@example.test", "Input.Password": PASSWORD,
          "Input.ConfirmPassword": PASSWORD, "__RequestVerificationToken": token("/Identity/Account/Register")}
status, _ = open_(BASE + "/Identity/Account/Register", urllib.parse.urlencode(fields).encode())
assert status == 302, f"registration answered {status}"

upload("sdt-30000.docx", nested_docx(30_000))
upload("sdt-1000000.docx", nested_docx(1_000_000))
upload("div-100000.html", nested_html("div", 100_000))
upload("b-350000.html", nested_html("b", 350_000))
