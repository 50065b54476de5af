"""Starting and stopping the local server: 127.0.0.1 only, a random token; Ctrl-C stops it."""

from __future__ import annotations

import logging
import secrets
import socket
import sys
import threading
import warnings
import webbrowser
from collections.abc import Callable
from pathlib import Path
from typing import Any

from rcr_checklist.limits import EXIT_INTERRUPTED, EXIT_OK
from rcr_checklist.model.bank import Bank
from rcr_checklist.serve.app import ServeConfig, create_app
from rcr_checklist.serve.store import AnswersStore

__all__ = ["HOST", "bind", "serve"]

HOST = "127.0.0.1"
"""The only address listened on: the loopback interface of this machine."""


def bind(port: int) -> socket.socket:
    """Open the listening socket on 127.0.0.1 (``port`` 0 picks a free port).

    Args:
        port: the TCP port, 0-65535.

    Returns:
        The bound socket.

    Raises:
        OSError: the port is taken or not allowed.
    """
    sock = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    try:
        sock.bind((HOST, port))
        sock.listen(128)  # connections wait in the backlog until the server is up
    except OSError:
        sock.close()
        raise
    sock.set_inheritable(True)
    return sock


def _quiet_half_made_loop(unraisable: Any) -> None:
    """Pass unraisable exceptions to Python's hook, but an event loop's failed clean-up.

    Args:
        unraisable: what ``sys.unraisablehook`` receives (``exc_type``, ``object``, ...).
    """
    where = getattr(unraisable.object, "__qualname__", "")
    if unraisable.exc_type is AttributeError and where.endswith("EventLoop.__del__"):
        return  # a loop Ctrl-C interrupted while it was being made: nothing to say
    sys.__unraisablehook__(unraisable)


def serve(
    bank: Bank,
    path: Path,
    *,
    profile: str | None = None,
    port: int = 0,
    open_browser: bool = True,
    echo: Callable[[str], None] = print,
    token: str | None = None,
) -> int:
    """Serve the questionnaire for one answers file until Ctrl-C.

    Args:
        bank: the bank.
        path: the answers file (created from the start page when it does not exist).
        profile: the profile of a new file, or the profile to switch an existing file to.
        port: the port (0: any free port).
        open_browser: open the address in the default browser.
        echo: prints a line for the person at the terminal.
        token: the access token (random when None; tests pass their own).

    Returns:
        The exit code: 130 after Ctrl-C (every change is already saved), 0 if the server
        stopped by itself.

    Raises:
        InputError: the answers file is not a valid answers file for the bank.
        AnswersLocked: the terminal questionnaire has the file open and a profile change
            was asked for.
        OSError: the port cannot be used.
    """
    import uvicorn

    store = AnswersStore(bank, path)
    if store.exists():
        answers = store.current()  # refuse a broken file now, with its located errors
        for warning in store.warnings:
            echo(f"warning: {warning}")
        if profile is not None and profile != answers.profile:
            store.change(lambda a: a.model_copy(update={"profile": profile}))
    sock = bind(port)
    actual = sock.getsockname()[1]
    token = token or secrets.token_urlsafe(32)
    config = ServeConfig(store=store, token=token, port=actual, profile=profile or "vendor")
    app = create_app(config)
    url = f"http://{HOST}:{actual}/?token={token}"
    server = uvicorn.Server(
        uvicorn.Config(
            app,
            log_level=logging.WARNING,
            access_log=False,
            timeout_graceful_shutdown=10,
            server_header=False,
            lifespan="off",
        )
    )
    try:
        echo(f"Answers file: {path}")
        echo("Open this address in your browser (it holds the access token; keep it private):")
        echo(f"    {url}")
        echo("Every change is saved as you answer. Press Ctrl-C to stop.")
        if open_browser:
            threading.Timer(0.5, webbrowser.open, args=(url,)).start()
        # Ctrl-C while the server is starting leaves its coroutine unawaited and its event
        # loop half made: Python would print a RuntimeWarning and the loop's failed clean-up
        # around our "Stopped." line. Neither means anything to the person stopping it.
        warnings.filterwarnings("ignore", "coroutine .* was never awaited", RuntimeWarning)
        sys.unraisablehook = _quiet_half_made_loop
        server.run(sockets=[sock])
    except KeyboardInterrupt:  # also when it comes before the server took over SIGINT
        saved = f"Your answers are saved in {path}." if path.exists() else "Nothing was saved."
        echo(f"Stopped. {saved}")
        return EXIT_INTERRUPTED
    finally:
        sock.close()
    return EXIT_OK
