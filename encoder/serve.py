"""``encode serve``: the HTML edition and its OAI-PMH endpoint over HTTP, for reading and
harvesting on the editor's machine.

The standard library's :class:`http.server.ThreadingHTTPServer` is enough: static files and
one endpoint. Its ``SimpleHTTPRequestHandler`` is not used because it lists directories and
follows symbolic links out of its folder; the handler here serves only regular files inside
the edition:

* the request path is decoded once and any ``.`` or ``..`` segment, backslash or NUL (raw or
  %-encoded) is a 404, before the file system is touched;
* the resolved path must still lie inside the edition (a symbolic link pointing out is a
  404), and must be a regular file (no devices, FIFOs or directory listings);
* a folder is served as its ``index.html``.

``/oai`` answers OAI-PMH by GET and by POST (``application/x-www-form-urlencoded``), as the
protocol requires. The server binds to loopback unless told otherwise, and Ctrl-C stops it
quietly.
"""

from __future__ import annotations

import ipaddress
import os
import stat
import sys
from collections.abc import Callable
from http import HTTPStatus
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from urllib.parse import parse_qs, unquote, urlsplit

from .catalogue import DEFAULT_NAMESPACE, media_type
from .files import read_regular
from .oai import Repository

OAI_PATH = "/oai"
#: The largest file served (regular files only, read with a bound: encoder.files).
MAX_FILE_BYTES = 256 * 2**20
#: The largest OAI-PMH POST body read; a harvester's request is a few hundred bytes.
MAX_FORM = 64 * 1024


class EditionServer(ThreadingHTTPServer):
    """An HTTP server for one edition folder and its OAI-PMH repository."""

    daemon_threads = True

    def __init__(self, address: tuple[str, int], edition: Path, repository: Repository,
                 log: Callable[[str], None] | None = None) -> None:
        self.root = Path(edition).resolve()
        self.repository = repository
        self.log = log
        super().__init__(address, EditionHandler)

    @property
    def base_url(self) -> str:
        host, port = self.server_address[:2]
        host = f"[{host}]" if ":" in str(host) else host
        return f"http://{host}:{port}{OAI_PATH}"


class EditionHandler(BaseHTTPRequestHandler):
    server: EditionServer
    server_version = "memcon-encoder"
    sys_version = ""

    def log_message(self, format: str, *args: object) -> None:  # noqa: A002 (stdlib name)
        if self.server.log is not None:
            self.server.log(f"{self.address_string()} {format % args}")

    def do_GET(self) -> None:  # noqa: N802 (stdlib name)
        self._dispatch(head=False)

    def do_HEAD(self) -> None:  # noqa: N802
        self._dispatch(head=True)

    def do_POST(self) -> None:  # noqa: N802
        if urlsplit(self.path).path != OAI_PATH:
            self._send(HTTPStatus.METHOD_NOT_ALLOWED, b"method not allowed\n", "text/plain")
            return
        ctype = self.headers.get("Content-Type", "").split(";")[0].strip().lower()
        try:
            length = int(self.headers.get("Content-Length", "0"))
        except ValueError:
            length = -1
        if ctype != "application/x-www-form-urlencoded" or not 0 <= length <= MAX_FORM:
            self._send(HTTPStatus.BAD_REQUEST, b"bad request\n", "text/plain")
            return
        body = self.rfile.read(length).decode("utf-8", "replace")
        self._oai(body, head=False)

    def _dispatch(self, head: bool) -> None:
        parts = urlsplit(self.path)
        if parts.path == OAI_PATH:
            self._oai(parts.query, head)
            return
        path = self._resolve(parts.path)
        if path is None:
            self._send(HTTPStatus.NOT_FOUND, b"not found\n", "text/plain", head)
            return
        try:
            data = read_regular(path, MAX_FILE_BYTES)
        except OSError:
            self._send(HTTPStatus.NOT_FOUND, b"not found\n", "text/plain", head)
            return
        rel = path.relative_to(self.server.root).as_posix()
        self._send(HTTPStatus.OK, data, media_type(rel), head)

    def _oai(self, query: str, head: bool) -> None:
        args = parse_qs(query, keep_blank_values=True)
        body = self.server.repository.respond(args, self.server.base_url)
        self._send(HTTPStatus.OK, body, "text/xml; charset=utf-8", head)

    def _resolve(self, raw: str) -> Path | None:
        """The regular file inside the edition that a request path names, or None."""
        if not raw.startswith("/"):
            return None
        try:
            segments = [unquote(s, errors="strict") for s in raw.split("/")[1:]]
        except UnicodeDecodeError:
            return None
        for seg in segments:
            if seg in (".", "..") or "\\" in seg or "\0" in seg or "/" in seg:
                return None
        target = self.server.root.joinpath(*[s for s in segments if s])
        try:
            target = target.resolve(strict=True)
            if target.is_dir():
                target = (target / "index.html").resolve(strict=True)
            mode = os.stat(target).st_mode
        except (OSError, RuntimeError):
            return None
        if not target.is_relative_to(self.server.root) or not stat.S_ISREG(mode):
            return None
        return target

    def _send(self, status: HTTPStatus, body: bytes, ctype: str, head: bool = False) -> None:
        self.send_response(status)
        self.send_header("Content-Type", ctype)
        self.send_header("Content-Length", str(len(body)))
        self.send_header("X-Content-Type-Options", "nosniff")
        self.end_headers()
        if not head:
            self.wfile.write(body)


def make_server(edition: Path, host: str = "127.0.0.1", port: int = 8000, *,
                page_size: int = 100, namespace: str = DEFAULT_NAMESPACE,
                admin_email: str | None = None,
                log: Callable[[str], None] | None = None) -> EditionServer:
    """A server for the edition, bound but not yet serving (port 0: any free port)."""
    repository = Repository(Path(edition), namespace=namespace, page_size=page_size,
                            admin_email=admin_email)
    return EditionServer((host, port), Path(edition), repository, log)


def _is_loopback(host: str) -> bool:
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return host == "localhost"


def serve(edition: Path, host: str = "127.0.0.1", port: int = 8000, *, page_size: int = 100,
          namespace: str = DEFAULT_NAMESPACE, admin_email: str | None = None,
          log: Callable[[str], None] | None = None) -> None:
    """Serve until Ctrl-C, then close the socket and return without a traceback."""
    say = log or (lambda m: print(m, file=sys.stderr))
    server = make_server(edition, host, port, page_size=page_size, namespace=namespace,
                         admin_email=admin_email, log=say)
    if not _is_loopback(host):
        say(f"warning: serving on {host}, which is not a loopback address")
    root = server.base_url.removesuffix(OAI_PATH)
    say(f"serving {edition} at {root}/ (OAI-PMH at {server.base_url}); Ctrl-C stops")
    try:
        server.serve_forever()
    except KeyboardInterrupt:
        pass
    finally:
        server.server_close()
