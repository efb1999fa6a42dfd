#!/usr/bin/python3
"""A DNS server on 127.0.0.1 that misbehaves on purpose (issue #11), standard library only.

It serves UDP and TCP on one port. How it answers depends on the zone a query falls in, one
zone per fault, each holding the same three records as the well-behaved zone ok.example.com:

  DOMAIN                     TXT "v=spf1 ip4:192.0.2.0/24 -all"
  _dmarc.DOMAIN              TXT "v=DMARC1; p=reject"
  sel._domainkey.DOMAIN      TXT <the DKIM key given with --dkim-txt>

  ok.example.com        answers (the control: DKIM, SPF and DMARC pass)
  tcponly.example.com   UDP: an empty answer with the TC bit; TCP: answers (the second control)
  servfail.example.com  RCODE SERVFAIL
  timeout.example.com   never answers
  slow.example.com      answers correctly, but only after --slow-seconds
  tc.example.com        UDP: an empty answer with the TC bit; TCP: accepts and closes at once
  oversized.example.com UDP and TCP: a 3,000-byte answer whose TXT RDLENGTH runs past the end of
                        the message (a big answer cut short without TC)
  huge.example.com      UDP: a 60,000-byte well-formed TXT answer of junk (over any EDNS size the
                        client offered, sent anyway without TC)
  loop.example.com      every name is a CNAME: NAME -> a.loop -> b.loop -> a.loop ...

Other names: NXDOMAIN; the root (the resolver's DNSSEC probe): NOERROR without data.

  fault_dns.py --port-file FILE --dkim-txt TXT [--slow-seconds S]

binds 127.0.0.1 on a free port (UDP and TCP), writes the port to FILE, serves until killed.
Each query is logged on stderr as "udp|tcp NAME TYPE -> what".
"""

import argparse
import os
import socket
import struct
import sys
import threading
import time

TXT, CNAME = 16, 5
FLAG_QR, FLAG_AA, FLAG_TC, FLAG_RD, FLAG_RA = 0x8000, 0x0400, 0x0200, 0x0100, 0x0080
NOERROR, SERVFAIL, NXDOMAIN = 0, 2, 3
ZONE_SUFFIX = ".example.com"
MODES = ("ok", "tcponly", "servfail", "timeout", "slow", "tc", "oversized", "huge", "loop")


def parse_query(msg):
    """Returns (id, flags, qname lower-case without trailing dot, qtype, question bytes)."""
    qid, flags, qdcount = struct.unpack("!HHH", msg[:6])
    if qdcount != 1:
        raise ValueError("qdcount %d" % qdcount)
    labels, i = [], 12
    while True:
        n = msg[i]
        i += 1
        if n == 0:
            break
        if n & 0xC0:
            raise ValueError("compressed question")
        labels.append(msg[i:i + n].decode("ascii", "replace"))
        i += n
    qtype, _qclass = struct.unpack("!HH", msg[i:i + 4])
    return qid, flags, ".".join(labels).lower(), qtype, msg[12:i + 4]


def encode_name(name):
    out = b""
    for label in name.split("."):
        if label:
            out += bytes([len(label)]) + label.encode()
    return out + b"\0"


def txt_rdata(text):
    data = text.encode()
    return b"".join(bytes([len(data[i:i + 255])]) + data[i:i + 255] for i in range(0, max(len(data), 1), 255))


def rr(rtype, rdata, ttl=60, owner=b"\xc0\x0c"):
    return owner + struct.pack("!HHIH", rtype, 1, ttl, len(rdata)) + rdata


def response(qid, qflags, question, rcode=NOERROR, answers=(), tc=False, rdlength_lie=False):
    flags = FLAG_QR | FLAG_AA | FLAG_RA | (qflags & FLAG_RD) | rcode | (FLAG_TC if tc else 0)
    body = b"".join(answers)
    head = struct.pack("!HHHHHH", qid, flags, 1, len(answers), 0, 0)
    msg = head + question + body
    if rdlength_lie:
        # The last RR claims 2,000 more RDATA bytes than the message holds.
        msg = msg[:-len(answers[-1])] + answers[-1][:10] + struct.pack("!H", len(answers[-1]) - 12 + 2000) + answers[-1][12:]
    return msg


class Server:
    def __init__(self, dkim_txt, slow_seconds):
        self.dkim_txt = dkim_txt
        self.slow_seconds = slow_seconds

    def mode_of(self, name):
        if not name.endswith(ZONE_SUFFIX):
            return None, name
        rest = name[:-len(ZONE_SUFFIX)]
        mode = rest.rsplit(".", 1)[-1]
        return (mode, rest) if mode in MODES else (None, name)

    def records(self, name, mode):
        domain = mode + ZONE_SUFFIX
        if name == domain:
            return "v=spf1 ip4:192.0.2.0/24 -all"
        if name == "_dmarc." + domain:
            return "v=DMARC1; p=reject"
        if name == "sel._domainkey." + domain:
            return self.dkim_txt
        return None

    def answer(self, msg, transport):
        """Returns (reply bytes or None for silence, delay in seconds, what for the log)."""
        qid, qflags, name, qtype, question = parse_query(msg)
        mode, _ = self.mode_of(name)
        if mode is None:
            if name == "":
                return response(qid, qflags, question), 0, "root: NODATA"
            return response(qid, qflags, question, NXDOMAIN), 0, "NXDOMAIN"
        if mode == "servfail":
            return response(qid, qflags, question, SERVFAIL), 0, "SERVFAIL"
        if mode == "timeout":
            return None, 0, "no answer"
        if mode == "tcponly" and transport == "udp":
            return response(qid, qflags, question, tc=True), 0, "TC"
        if mode == "tc":
            if transport == "tcp":
                return None, 0, "TCP closed"
            return response(qid, qflags, question, tc=True), 0, "TC"
        if mode == "loop":
            target = {"a.loop" + ZONE_SUFFIX: "b.loop" + ZONE_SUFFIX}.get(name, "a.loop" + ZONE_SUFFIX)
            return response(qid, qflags, question, answers=[rr(CNAME, encode_name(target))]), 0, "CNAME " + target
        if mode == "huge":
            junk = "x" * 60000
            return response(qid, qflags, question, answers=[rr(TXT, txt_rdata(junk))]), 0, "60,000-byte TXT"
        if mode == "oversized":
            junk = "y" * 3000
            return (response(qid, qflags, question, answers=[rr(TXT, txt_rdata(junk))], rdlength_lie=True), 0,
                    "RDLENGTH past the end")
        text = self.records(name, mode)
        if text is None or qtype != TXT:
            rcode = NXDOMAIN if text is None and not name.startswith("_domainkey.") else NOERROR
            reply = response(qid, qflags, question, rcode)
        else:
            reply = response(qid, qflags, question, answers=[rr(TXT, txt_rdata(text))])
        delay = self.slow_seconds if mode == "slow" else 0
        return reply, delay, "answer" + (" after %.1f s" % delay if delay else "")


def log(transport, msg, what):
    try:
        _, _, name, qtype, _ = parse_query(msg)
    except (ValueError, IndexError, struct.error):
        name, qtype = "?", 0
    print("%s %s %d -> %s" % (transport, name or ".", qtype, what), file=sys.stderr, flush=True)


def serve_udp(sock, server):
    while True:
        msg, peer = sock.recvfrom(65535)
        try:
            reply, delay, what = server.answer(msg, "udp")
        except (ValueError, IndexError, struct.error) as e:
            print("udp bad query: %s" % e, file=sys.stderr, flush=True)
            continue
        log("udp", msg, what)
        if reply is None:
            continue
        if delay:
            threading.Timer(delay, sock.sendto, (reply, peer)).start()
        else:
            sock.sendto(reply, peer)


def serve_tcp_client(conn, server):
    with conn:
        try:
            while True:
                head = conn.recv(2, socket.MSG_WAITALL)
                if len(head) < 2:
                    return
                (n,) = struct.unpack("!H", head)
                msg = conn.recv(n, socket.MSG_WAITALL)
                reply, delay, what = server.answer(msg, "tcp")
                log("tcp", msg, what)
                if reply is None:
                    return  # Closing is the fault (tc) or silence (timeout).
                if delay:
                    time.sleep(delay)
                conn.sendall(struct.pack("!H", len(reply)) + reply)
        except (OSError, ValueError, IndexError, struct.error):
            return


def serve_tcp(sock, server):
    while True:
        conn, _ = sock.accept()
        threading.Thread(target=serve_tcp_client, args=(conn, server), daemon=True).start()


def bind_pair():
    """A UDP and a TCP socket on the same free 127.0.0.1 port."""
    for _ in range(20):
        udp = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
        udp.bind(("127.0.0.1", 0))
        port = udp.getsockname()[1]
        tcp = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
        try:
            tcp.bind(("127.0.0.1", port))
        except OSError:
            udp.close()
            tcp.close()
            continue
        tcp.listen(16)
        return udp, tcp, port
    raise OSError("no free port pair")


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--port-file", required=True)
    ap.add_argument("--dkim-txt", required=True)
    ap.add_argument("--slow-seconds", type=float, default=3.0)
    args = ap.parse_args()
    server = Server(args.dkim_txt, args.slow_seconds)
    udp, tcp, port = bind_pair()
    threading.Thread(target=serve_tcp, args=(tcp, server), daemon=True).start()
    tmp = args.port_file + ".tmp"
    with open(tmp, "w") as f:
        f.write(str(port))
    os.rename(tmp, args.port_file)
    serve_udp(udp, server)


if __name__ == "__main__":
    main()
