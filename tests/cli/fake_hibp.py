#!/usr/bin/env python3
"""A stand-in for HIBP API v3's breachedaccount call, on 127.0.0.1 only, for the golden CLI tests.

Usage: fake_hibp.py PORT_FILE. Binds a free port, writes it to PORT_FILE, serves until killed.
Answers like the real API: 401 without the right hibp-api-key, 404 for an unknown address,
429 with retry-after for rate-limited@example.com, else the breach list as JSON.
"""
import http.server
import json
import sys
import urllib.parse

KEY = "0123456789abcdef0123456789abcdef"
BREACHES = {
    "taro+amazon@example.com": [
        {"Name": "Adobe", "Title": "Adobe", "Domain": "adobe.com", "BreachDate": "2013-10-04",
         "AddedDate": "2013-12-04T00:00:00Z", "PwnCount": 152445165,
         "Description": "In October 2013, 153 million Adobe accounts were breached.",
         "DataClasses": ["Email addresses", "Password hints", "Passwords", "Usernames"],
         "IsVerified": True, "IsFabricated": False, "IsSensitive": False, "IsRetired": False,
         "IsSpamList": False, "IsMalware": False},
        {"Name": "Collection1", "Title": "Collection #1", "Domain": "", "BreachDate": "2019-01-07",
         "AddedDate": "2019-01-16T21:46:07Z", "PwnCount": 772904991,
         "DataClasses": ["Email addresses", "Passwords"],
         "IsVerified": False, "IsFabricated": False, "IsSensitive": False, "IsSpamList": True},
    ],
}


class Handler(http.server.BaseHTTPRequestHandler):
    def do_GET(self):
        prefix = "/api/v3/breachedaccount/"
        path, _, query = self.path.partition("?")
        if not path.startswith(prefix) or query != "truncateResponse=false":
            return self.answer(400, b"")
        if self.headers.get("hibp-api-key") != KEY:
            return self.answer(401, b'{"statusCode":401,"message":"Access denied due to invalid hibp-api-key."}')
        address = urllib.parse.unquote(path[len(prefix):])
        if address == "rate-limited@example.com":
            return self.answer(429, b'{"statusCode":429}', {"retry-after": "2"})
        if address not in BREACHES:
            return self.answer(404, b"")
        return self.answer(200, json.dumps(BREACHES[address]).encode())

    def answer(self, status, body, headers=None):
        self.send_response(status)
        self.send_header("content-type", "application/json")
        self.send_header("content-length", str(len(body)))
        for name, value in (headers or {}).items():
            self.send_header(name, value)
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, *args):
        pass


server = http.server.HTTPServer(("127.0.0.1", 0), Handler)
with open(sys.argv[1] + ".tmp", "w") as f:
    f.write(str(server.server_address[1]))
import os  # noqa: E402
os.rename(sys.argv[1] + ".tmp", sys.argv[1])  # Appears whole: the test polls for it.
server.serve_forever()
