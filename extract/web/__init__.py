"""``vanban serve``: a local web app to review a store — documents, each with its extracted values
marked in its text, the citation graph around it, tasks with exports, and corrections kept beside
the extracted rows (issue 14). Starlette with Jinja2 templates; every asset ships in this package."""

from __future__ import annotations

import errno
import socket

from ..errors import VanbanError
from ..store import Store


def create_app(store: Store):
    from .app import create_app as make

    return make(store)


def check_port(host: str, port: int) -> None:
    """A one-line error for a port that is taken or a host that is not this machine's, before the
    server starts (uvicorn would log a traceback-like message and exit)."""
    try:
        infos = socket.getaddrinfo(host, port, type=socket.SOCK_STREAM)
    except socket.gaierror as exc:
        raise VanbanError(None, f"cannot listen on {host!r}: {exc.strerror}") from None
    family, _, _, _, address = infos[0]
    with socket.socket(family, socket.SOCK_STREAM) as s:
        s.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        try:
            s.bind(address)
        except OSError as exc:
            if exc.errno == errno.EADDRINUSE:
                raise VanbanError(None, f"port {port} on {host} is in use (another `vanban serve`?); "
                                        f"try --port {port + 1}") from None
            raise VanbanError(None, f"cannot listen on {host}:{port}: {exc.strerror}") from None


def serve(store: Store, host: str = "127.0.0.1", port: int = 8000) -> None:
    import uvicorn

    check_port(host, port)
    uvicorn.run(create_app(store), host=host, port=port, log_level="warning")


__all__ = ["create_app", "serve", "check_port"]
