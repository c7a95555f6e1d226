"""A small reverse proxy for the load bench: one port in front of several gunicorn instances.

    python bench/proxy.py --port 8080 --backend 127.0.0.1:8001 --backend 127.0.0.1:8002

Standard library only: a thread per connection (ThreadingHTTPServer), each request forwarded
to the next backend in turn (round robin) over a new connection, with the client's address
appended to X-Forwarded-For as a production proxy does (the app trusts that last hop with
DJANGO_BEHIND_PROXY=true). It prints `ready` once it listens and, on SIGTERM or SIGINT, one
JSON line: per backend the requests it served, the ones that failed at the proxy (502), and
the seconds spent waiting on it.
"""

import argparse
import itertools
import json
import signal
import sys
import threading
import time
from http.client import HTTPConnection
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

# Not forwarded in either direction (RFC 9110 7.6.1): they describe one connection, not the message.
HOP_BY_HOP = {
    "connection",
    "keep-alive",
    "proxy-authenticate",
    "proxy-authorization",
    "te",
    "trailer",
    "transfer-encoding",
    "upgrade",
}


class Backend:
    def __init__(self, address: str):
        host, _, port = address.rpartition(":")
        self.host, self.port = host or "127.0.0.1", int(port)
        self.requests = self.errors = 0
        self.seconds = 0.0
        self.lock = threading.Lock()

    def figures(self) -> dict:
        with self.lock:
            return {
                "backend": f"{self.host}:{self.port}",
                "requests": self.requests,
                "errors": self.errors,
                "seconds": round(self.seconds, 3),
            }


class Proxy(ThreadingHTTPServer):
    daemon_threads = True
    request_queue_size = 256  # every simulated applicant may connect at once

    def __init__(self, address, backends: list[Backend]):
        super().__init__(address, Handler)
        self.backends = backends
        self._turn = itertools.cycle(backends)
        self._turn_lock = threading.Lock()

    def next_backend(self) -> Backend:
        with self._turn_lock:
            return next(self._turn)


class Handler(BaseHTTPRequestHandler):
    server: Proxy

    def _forward(self) -> None:
        length = int(self.headers.get("Content-Length") or 0)
        body = self.rfile.read(length) if length else None
        headers = {k: v for k, v in self.headers.items() if k.lower() not in HOP_BY_HOP}
        forwarded = self.headers.get("X-Forwarded-For")
        client = self.client_address[0]
        headers["X-Forwarded-For"] = f"{forwarded}, {client}" if forwarded else client
        backend = self.server.next_backend()
        started = time.perf_counter()
        try:
            conn = HTTPConnection(backend.host, backend.port, timeout=60)
            conn.request(self.command, self.path, body=body, headers=headers)
            response = conn.getresponse()
            payload = response.read()
            conn.close()
        except OSError as exc:
            with backend.lock:
                backend.errors += 1
            self.send_error(502, f"{type(exc).__name__} from {backend.host}:{backend.port}")
            return
        with backend.lock:
            backend.requests += 1
            backend.seconds += time.perf_counter() - started
        self.send_response_only(response.status, response.reason)
        for name, value in response.getheaders():  # a list: several Set-Cookie headers stay apart
            if name.lower() not in HOP_BY_HOP and name.lower() != "content-length":
                self.send_header(name, value)
        self.send_header("Content-Length", str(len(payload)))
        self.send_header("Connection", "close")
        self.end_headers()
        self.wfile.write(payload)

    do_GET = do_POST = do_HEAD = do_PUT = do_PATCH = do_DELETE = do_OPTIONS = _forward  # noqa: N815

    def log_message(self, format, *args):  # noqa: A002 (the base class's name)
        pass  # no access log: the load generator counts


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--port", type=int, required=True)
    parser.add_argument("--backend", action="append", required=True, help="host:port, once per instance")
    args = parser.parse_args()
    backends = [Backend(address) for address in args.backend]
    proxy = Proxy(("127.0.0.1", args.port), backends)
    stop = threading.Event()
    signal.signal(signal.SIGTERM, lambda *_: stop.set())
    signal.signal(signal.SIGINT, lambda *_: stop.set())
    threading.Thread(target=proxy.serve_forever, daemon=True).start()
    print("ready", flush=True)
    while not stop.wait(0.5):
        pass
    proxy.shutdown()
    print(json.dumps({"backends": [backend.figures() for backend in backends]}), flush=True)
    sys.exit(0)


if __name__ == "__main__":
    main()
