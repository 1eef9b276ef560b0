#!/usr/bin/env python3
"""A real SMTP server for Sportello's mail tests (Debian's python3-aiosmtpd).

Listens on 127.0.0.1 (on --port, or a free port), writes every message it accepts to
DIR/NNNNNN.eml (written to a temporary name and renamed, so a reader never sees half a
message), and prints "LISTENING <port>" on stdout once it accepts connections. Runs until
SIGTERM or SIGINT.

Options for failure tests: --reject-rcpt SUBSTRING answers 550 to recipients containing it;
--delay SECONDS waits that long before answering the end of DATA (a slow relay);
--auth USER:PASSWORD requires AUTH PLAIN/LOGIN with those credentials (over plain text, tests only).
"""
import argparse
import asyncio
import itertools
import os
import signal
import socket
import sys
import threading
import logging
import warnings

from aiosmtpd.controller import Controller
from aiosmtpd.smtp import AuthResult


def free_port():
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class Sink:
    def __init__(self, directory, reject, delay):
        self.directory = directory
        self.reject = reject
        self.delay = delay
        self.counter = itertools.count(1)
        self.lock = threading.Lock()

    async def handle_RCPT(self, server, session, envelope, address, rcpt_options):
        if self.reject and self.reject in address:
            return "550 5.1.1 mailbox unavailable"
        envelope.rcpt_tos.append(address)
        return "250 OK"

    async def handle_DATA(self, server, session, envelope):
        if self.delay:
            await asyncio.sleep(self.delay)
        with self.lock:
            number = next(self.counter)
        name = os.path.join(self.directory, "%06d.eml" % number)
        content = envelope.original_content or envelope.content
        if isinstance(content, str):
            content = content.encode("utf-8")
        header = ("X-Envelope-From: %s\r\nX-Envelope-To: %s\r\n" % (envelope.mail_from, ",".join(envelope.rcpt_tos))).encode()
        with open(name + ".tmp", "wb") as out:
            out.write(header + content)
        os.rename(name + ".tmp", name)
        return "250 Message accepted"


def main():
    warnings.filterwarnings("ignore")  # AUTH without TLS is what the tests want
    logging.getLogger("mail.log").setLevel(logging.CRITICAL)
    parser = argparse.ArgumentParser()
    parser.add_argument("--dir", required=True)
    parser.add_argument("--port", type=int, default=0)
    parser.add_argument("--reject-rcpt", default="")
    parser.add_argument("--delay", type=float, default=0.0)
    parser.add_argument("--auth", default="")
    args = parser.parse_args()
    os.makedirs(args.dir, exist_ok=True)
    port = args.port or free_port()
    kwargs = {}
    if args.auth:
        user, password = args.auth.split(":", 1)

        def authenticator(server, session, envelope, mechanism, auth_data):
            ok = auth_data.login.decode() == user and auth_data.password.decode() == password
            return AuthResult(success=ok)

        kwargs = {"authenticator": authenticator, "auth_require_tls": False, "auth_required": True}
    controller = Controller(Sink(args.dir, args.reject_rcpt, args.delay), hostname="127.0.0.1", port=port, **kwargs)
    controller.start()
    stop = threading.Event()
    signal.signal(signal.SIGTERM, lambda *_: stop.set())
    signal.signal(signal.SIGINT, lambda *_: stop.set())
    print("LISTENING %d" % port, flush=True)
    while not stop.wait(0.2):
        pass
    controller.stop()
    return 0


if __name__ == "__main__":
    sys.exit(main())
