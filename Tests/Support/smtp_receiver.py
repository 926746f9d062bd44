#!/usr/bin/env python3
"""A real SMTP server for the outbox tests (aiosmtpd from PyPI; `.ci/run` installs it).

Usage: smtp_receiver.py OUTDIR — listens on 127.0.0.1 on a free port, prints the port on the first line of stdout,
and writes every message it receives, decoded by Python's own e-mail parser, as OUTDIR/NNNN.json:
{"from", "to", "subject" (decoded), "rawSubject" (as on the wire), "body" (decoded), "contentType",
"transferEncoding", "delivery"}. Runs until killed (SIGTERM).
"""
import email
import email.policy
import json
import os
import signal
import socket
import sys
import threading

try:
    from aiosmtpd.controller import Controller
except ImportError:
    print("aiosmtpd is missing: python3 -m pip install aiosmtpd (.ci/run installs it)", file=sys.stderr)
    sys.exit(3)

outdir = sys.argv[1]
lock = threading.Lock()
count = [0]


class Handler:
    async def handle_DATA(self, server, session, envelope):
        raw = envelope.original_content or envelope.content
        message = email.message_from_bytes(raw, policy=email.policy.default)
        raw_message = email.message_from_bytes(raw, policy=email.policy.compat32)
        record = {
            "from": envelope.mail_from,
            "to": list(envelope.rcpt_tos),
            "subject": str(message["subject"]),
            "rawSubject": str(raw_message["Subject"]),
            "body": message.get_content(),
            "contentType": message.get_content_type() + "; charset=" + str(message.get_content_charset()),
            "transferEncoding": str(message["Content-Transfer-Encoding"]),
            "delivery": str(message["X-OCOP-Delivery"]),
        }
        with lock:
            count[0] += 1
            path = os.path.join(outdir, "%04d.json" % count[0])
        with open(path + ".tmp", "w", encoding="utf-8") as out:
            json.dump(record, out, ensure_ascii=False)
        os.rename(path + ".tmp", path)
        return "250 OK"


probe = socket.socket()
probe.bind(("127.0.0.1", 0))
port = probe.getsockname()[1]
probe.close()
controller = Controller(Handler(), hostname="127.0.0.1", port=port)
controller.start()
print(port, flush=True)
signal.sigwait([signal.SIGTERM, signal.SIGINT])
controller.stop()
