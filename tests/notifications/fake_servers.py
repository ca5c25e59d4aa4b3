"""Tiny socket servers on 127.0.0.1 (a free port) for tests of a mail server or broker
that is down, hung or slow. Real sockets, real clients (smtplib, redis-py): nothing in the
app is mocked.

- `SilentServer`: accepts connections and never says a word (a frozen Redis or SMTP).
- `FakeSMTPServer`: speaks just enough SMTP for smtplib and keeps every message it was
  given; hooks let a test act while a conversation is under way or hold one open."""

import contextlib
import socket
import socketserver
import threading
from email import message_from_bytes


def closed_port() -> int:
    """A local port nothing listens on (connections are refused)."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


class _Server(socketserver.ThreadingTCPServer):
    daemon_threads = True
    allow_reuse_address = True


class _Base:
    def __init__(self):
        self.connections = 0
        self._open: list[socket.socket] = []
        self._lock = threading.Lock()
        self._stopping = threading.Event()
        owner = self

        class Handler(socketserver.BaseRequestHandler):
            def handle(self):
                with owner._lock:
                    owner.connections += 1
                    number = owner.connections
                    owner._open.append(self.request)
                owner._handle(self.request, number)

        self._server = _Server(("127.0.0.1", 0), Handler)
        self.port = self._server.server_address[1]
        self._thread = threading.Thread(target=self._server.serve_forever, daemon=True)

    def __enter__(self):
        self._thread.start()
        return self

    def __exit__(self, *exc):
        self._stopping.set()
        self._server.shutdown()
        with self._lock:
            for sock in self._open:
                with contextlib.suppress(OSError):
                    sock.close()
        self._server.server_close()

    def _handle(self, sock, number):  # pragma: no cover - overridden
        raise NotImplementedError


class SilentServer(_Base):
    """Accepts every connection, reads nothing, answers nothing, until the test ends."""

    def _handle(self, sock, number):
        self._stopping.wait()


class FakeSMTPServer(_Base):
    """Enough SMTP for smtplib. `messages` holds each message whose DATA was accepted,
    `rejected` those answered with a refusal.

    - `on_connect(number)`: called in the server's thread before the greeting.
    - `hang_connections`: connection numbers (1 = the first) that get no greeting until
      `release()` is called; then the server hangs up on them.
    - `data_replies`: replies to successive DATA (default "250 OK" for all)."""

    def __init__(self, *, on_connect=None, hang_connections=(), data_replies=()):
        super().__init__()
        self.messages: list = []
        self.rejected: list = []
        self.on_connect = on_connect
        self.hang_connections = set(hang_connections)
        self.data_replies = list(data_replies)
        self.hanging = threading.Event()  # set once a hung connection is waiting
        self._release = threading.Event()

    def release(self):
        self._release.set()

    def _handle(self, sock, number):
        if self.on_connect:
            self.on_connect(number)
        if number in self.hang_connections:
            self.hanging.set()
            self._release.wait(timeout=60)
            return
        stream = sock.makefile("rb")

        def say(line: str):
            sock.sendall(line.encode() + b"\r\n")

        say("220 fake.example.org ESMTP")
        while True:
            line = stream.readline()
            if not line:
                return
            command = line.decode(errors="replace").strip().upper()
            if command.startswith(("EHLO", "HELO")):
                say("250 fake.example.org")
            elif command == "DATA":
                say("354 End data with <CR><LF>.<CR><LF>")
                data = b""
                while True:
                    chunk = stream.readline()
                    if not chunk or chunk == b".\r\n":
                        break
                    data += chunk[1:] if chunk.startswith(b"..") else chunk
                reply = self.data_replies.pop(0) if self.data_replies else "250 OK"
                message = message_from_bytes(data)
                (self.messages if reply.startswith("250") else self.rejected).append(message)
                say(reply)
            elif command == "QUIT":
                say("221 Bye")
                return
            else:  # MAIL, RCPT, RSET, NOOP
                say("250 OK")
