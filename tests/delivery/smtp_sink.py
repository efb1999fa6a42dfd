#!/usr/bin/python3
"""SMTP sink for tests/delivery: smtp_sink.py PORT DIR MODE
(accept | auth | starttls | smtps | reject | defer).

accept: saves each message's bytes exactly as received (after SMTP dot-unstuffing) to
DIR/<n>.eml and its envelope to DIR/<n>.env ("MAIL FROM\nRCPT TO...\n"), then replies 250.
auth: like accept, but requires AUTH (PLAIN or LOGIN) as kakunin / s3cret (without TLS: loopback
only). starttls: like accept, but offers STARTTLS and refuses mail before it; smtps: TLS from the
first byte. Both write a fresh self-signed certificate for 127.0.0.1 to DIR/cert.pem first (the
client's CA file). reject: replies 554 to DATA (a permanent failure). defer: replies 451 (a temporary one).
Listens on 127.0.0.1 only; stops on SIGTERM.
"""
import datetime
import ipaddress
import os
import signal
import ssl
import sys
import threading

from aiosmtpd.controller import Controller
from aiosmtpd.smtp import AuthResult, LoginPassword


def tls_context(folder):
    """A self-signed certificate for IP 127.0.0.1 (python3-cryptography), valid for one day."""
    from cryptography import x509
    from cryptography.hazmat.primitives import hashes, serialization
    from cryptography.hazmat.primitives.asymmetric import ec
    from cryptography.x509.oid import NameOID

    key = ec.generate_private_key(ec.SECP256R1())
    name = x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, "127.0.0.1")])
    now = datetime.datetime.now(datetime.timezone.utc)
    cert = (x509.CertificateBuilder().subject_name(name).issuer_name(name).public_key(key.public_key())
            .serial_number(x509.random_serial_number()).not_valid_before(now - datetime.timedelta(minutes=5))
            .not_valid_after(now + datetime.timedelta(days=1))
            .add_extension(x509.SubjectAlternativeName([x509.IPAddress(ipaddress.ip_address("127.0.0.1"))]), False)
            .add_extension(x509.BasicConstraints(ca=True, path_length=None), True)
            .sign(key, hashes.SHA256()))
    cert_path, key_path = os.path.join(folder, "cert.pem"), os.path.join(folder, "key.pem")
    with open(key_path, "wb") as f:
        f.write(key.private_bytes(serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8,
                                  serialization.NoEncryption()))
    with open(cert_path + ".tmp", "wb") as f:
        f.write(cert.public_bytes(serialization.Encoding.PEM))
    os.rename(cert_path + ".tmp", cert_path)
    context = ssl.create_default_context(ssl.Purpose.CLIENT_AUTH)
    context.load_cert_chain(cert_path, key_path)
    return context


def authenticator(server, session, envelope, mechanism, auth_data):
    ok = isinstance(auth_data, LoginPassword) and auth_data.login == b"kakunin" and auth_data.password == b"s3cret"
    return AuthResult(success=ok, handled=False)  # handled=False: aiosmtpd replies 535 itself.


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
    elif mode == "starttls":
        extra = {"tls_context": tls_context(folder), "require_starttls": True}
    elif mode == "smtps":
        extra = {"ssl_context": tls_context(folder)}
    controller = Controller(Handler(folder, mode), hostname="127.0.0.1", port=port, **extra)
    controller.start()
    stop = threading.Event()
    signal.signal(signal.SIGTERM, lambda *_: stop.set())
    print("ready", flush=True)
    stop.wait()
    controller.stop()


if __name__ == "__main__":
    main()
