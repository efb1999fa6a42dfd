#!/usr/bin/python3
"""SMTP sink for tests/delivery: smtp_sink.py PORT DIR MODE (accept | reject | defer).

accept: saves each message's bytes exactly as received (after SMTP dot-unstuffing) to
DIR/<n>.eml and its envelope to DIR/<n>.env ("MAIL FROM\nRCPT TO...\n"), then replies 250.
reject: replies 554 to DATA (a permanent failure). defer: replies 451 (a temporary one).
Listens on 127.0.0.1 only; stops on SIGTERM.
"""
import os
import signal
import sys
import threading

from aiosmtpd.controller import Controller


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
    controller = Controller(Handler(folder, mode), hostname="127.0.0.1", port=port)
    controller.start()
    stop = threading.Event()
    signal.signal(signal.SIGTERM, lambda *_: stop.set())
    print("ready", flush=True)
    stop.wait()
    controller.stop()


if __name__ == "__main__":
    main()
