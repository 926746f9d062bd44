"""A small HTTP/1.1 proxy between the browser and `ocop serve`, for the offline test (Tests/Browser/offline_test.py).

It forwards every request on a fresh upstream connection and can:

- go offline: while `offline` is set, every browser connection is closed at once, unanswered — the network is really
  gone for the page *and* for the service worker (DevTools' network emulation may not reach the worker's own fetches),
  while the server keeps running for the CLI and the API;
- hold one answer: when `hold_next_sync` is armed, it forwards the next POST /offline/sync, reads the server's whole
  answer (so the server has applied the entry) and keeps it back, setting `held` — the test then kills the browser, so
  the answer is never received.

Plain sockets and threads, standard library only.
"""

import socket
import threading


class HoldingProxy:
    def __init__(self, upstream_host, upstream_port):
        self.upstream = (upstream_host, upstream_port)
        self.offline = False
        self.hold_next_sync = False
        self.held = threading.Event()
        self.release = threading.Event()
        self.sync_requests = 0
        self.listener = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
        self.listener.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        self.listener.bind(("127.0.0.1", 0))
        self.listener.listen(64)
        self.port = self.listener.getsockname()[1]
        self.running = True
        threading.Thread(target=self._accept, daemon=True).start()

    def close(self):
        self.running = False
        self.release.set()
        try:
            self.listener.close()
        except OSError:
            pass

    # ---- plumbing ----

    def _accept(self):
        while self.running:
            try:
                client, _ = self.listener.accept()
            except OSError:
                return
            if self.offline:
                client.close()
                continue
            threading.Thread(target=self._serve, args=(client,), daemon=True).start()

    @staticmethod
    def _read_request(sock, buffer):
        """One request (head and Content-Length body) from `buffer` + the socket; (request bytes, rest) or (None, b"")."""
        while b"\r\n\r\n" not in buffer:
            chunk = sock.recv(65536)
            if not chunk:
                return None, b""
            buffer += chunk
        head, rest = buffer.split(b"\r\n\r\n", 1)
        length = 0
        for line in head.split(b"\r\n")[1:]:
            name, _, value = line.partition(b":")
            if name.strip().lower() == b"content-length":
                length = int(value.strip())
        while len(rest) < length:
            chunk = sock.recv(65536)
            if not chunk:
                return None, b""
            rest += chunk
        return head, rest[:length], rest[length:]

    def _serve(self, client):
        buffer = b""
        try:
            while self.running and not self.offline:
                parsed = self._read_request(client, buffer)
                if parsed[0] is None:
                    return
                head, body, buffer = parsed
                lines = head.split(b"\r\n")
                request_line = lines[0].decode("latin-1")
                method, path = request_line.split(" ")[0], request_line.split(" ")[1]
                # One request per upstream connection, read to its end.
                kept = [line for line in lines[1:] if not line.lower().startswith(b"connection:")]
                upstream_request = b"\r\n".join([lines[0]] + kept + [b"Connection: close"]) + b"\r\n\r\n" + body
                answer = self._forward(upstream_request)
                if method == "POST" and path.startswith("/offline/sync"):
                    self.sync_requests += 1
                    if self.hold_next_sync:
                        self.hold_next_sync = False
                        self.held.set()
                        self.release.wait()
                        return  # never answered: the browser is gone
                if self.offline:
                    return
                client.sendall(answer)
                if b"\r\nconnection: close" in answer.split(b"\r\n\r\n", 1)[0].lower():
                    return
        except OSError:
            return
        finally:
            try:
                client.close()
            except OSError:
                pass

    def _forward(self, request):
        upstream = socket.create_connection(self.upstream, timeout=30)
        try:
            upstream.sendall(request)
            chunks = []
            while True:
                chunk = upstream.recv(65536)
                if not chunk:
                    break
                chunks.append(chunk)
            answer = b"".join(chunks)
        finally:
            upstream.close()
        # The browser keeps its connection: say so unless the answer closes it (then the proxy closes it too).
        head, _, rest = answer.partition(b"\r\n\r\n")
        lines = [line for line in head.split(b"\r\n") if not line.lower().startswith(b"connection:")]
        return b"\r\n".join(lines + [b"Connection: close"]) + b"\r\n\r\n" + rest
