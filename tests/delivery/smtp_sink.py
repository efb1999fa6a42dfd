#!/usr/bin/python3
"""SMTP sink for tests/delivery: smtp_sink.py PORT DIR MODE (accept | auth | reject | defer).

accept: saves each message's bytes exactly as received (after SMTP dot-unstuffing) to
DIR/<n>.eml and its envelope to DIR/<n>.env ("MAIL FROM\nRCPT TO...\n"), then replies 250.
auth: like accept, but requires AUTH (PLAIN or LOGIN) as kakunin / s3cret (without TLS: loopback
only). reject: replies 554 to DATA (a permanent failure). defer: replies 451 (a temporary one).
Listens on 127.0.0.1 only; stops on SIGTERM.
"""
import os
import signal
import sys
import threading

from aiosmtpd.controller import Controller
from aiosmtpd.smtp import AuthResult, LoginPassword


def authenticator(server, session, envelope, mechanism, auth_data):
    ok = isinstance(auth_data, LoginPassword) and auth_data.login == b"kakunin" and auth_data.password == b"s3cret"
    return AuthResult(success=ok)


class Handler:
    def __init__(self, folder, mode):
        self.folder = folder
        self.mode = mode
        self.count = 0
        self.lock = threading.Lock()

    async def handle_DATA(self, server, session, envelope):
        if self.mode == "reject":
            return "554 5.7.1 Message rejected by test sink"
        if self.mode == "defer":
            return "451 4.3.0 Try again later"
        with self.lock:
            self.count += 1
            n = self.count
        base = os.path.join(self.folder, "%04d" % n)
        with open(base + ".tmp", "wb") as f:
            f.write(envelope.original_content)
        with open(base + ".env", "w") as f:
            f.write(envelope.mail_from + "\n" + "\n".join(envelope.rcpt_tos) + "\n")
        os.rename(base + ".tmp", base + ".eml")
        return "250 2.0.0 Queued"


def main():
    port, folder, mode = int(sys.argv[1]), sys.argv[2], sys.argv[3]
    extra = {}
    if mode == "auth":
        extra = {"auth_required": True, "auth_require_tls": False, "authenticator": authenticator}
    controller = Controller(Handler(folder, mode), hostname="127.0.0.1", port=port, **extra)
    controller.start()
    stop = threading.Event()
    signal.signal(signal.SIGTERM, lambda *_: stop.set())
    print("ready", flush=True)
    stop.wait()
    controller.stop()


if __name__ == "__main__":
    main()
