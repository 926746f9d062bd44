#!/usr/bin/env python3
"""A sendmail-compatible command for tests: `sendmail_smtp.py --smtp HOST:PORT [-t] [-i] [-f FROM] [RCPT…]`.

Reads one message on standard input (as `sendmail -t -i` does), takes the recipients from To/Cc/Bcc with -t, and hands
the message unchanged to the SMTP server at HOST:PORT. Exit status 0 when the server accepted it, 75 (EX_TEMPFAIL)
otherwise — the same contract as Debian's msmtp or postfix sendmail.
"""
import email
import email.policy
import smtplib
import sys
from email.utils import getaddresses, parseaddr

args = sys.argv[1:]
server = None
sender = None
recipients = []
from_headers = False
while args:
    arg = args.pop(0)
    if arg == "--smtp":
        server = args.pop(0)
    elif arg == "-t":
        from_headers = True
    elif arg == "-i" or arg == "-oi":
        pass
    elif arg == "-f":
        sender = args.pop(0)
    else:
        recipients.append(arg)
if server is None:
    print("sendmail_smtp.py: --smtp HOST:PORT is required", file=sys.stderr)
    sys.exit(64)
raw = sys.stdin.buffer.read()
message = email.message_from_bytes(raw, policy=email.policy.compat32)
if from_headers:
    recipients += [address for _, address in getaddresses(message.get_all("To", []) + message.get_all("Cc", []) + message.get_all("Bcc", []))]
sender = sender or parseaddr(message.get("From", ""))[1] or "ocop@localhost"
host, port = server.rsplit(":", 1)
try:
    with smtplib.SMTP(host, int(port), timeout=30) as smtp:
        smtp.sendmail(sender, recipients, raw.replace(b"\r\n", b"\n").replace(b"\n", b"\r\n"))
except Exception as error:  # noqa: BLE001 — any failure is a temporary failure for the caller
    print("sendmail_smtp.py: %s" % error, file=sys.stderr)
    sys.exit(75)
