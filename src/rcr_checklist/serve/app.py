"""The web application of ``rcr-checklist serve``: the routes of one answers file.

Pages are plain HTML forms that work without JavaScript (a submission saves and re-renders);
the vendored ``serve.js`` only saves as the person answers and shows or hides questions as the
facts change. The handlers are in ``serve.views``; every change goes through
:class:`~rcr_checklist.serve.store.AnswersStore`.
"""

from __future__ import annotations

from starlette.applications import Starlette
from starlette.responses import Response
from starlette.routing import Route

from rcr_checklist.errors import InputError
from rcr_checklist.serve.config import DOWNLOADS, STATIC, STATIC_DIR, ServeConfig
from rcr_checklist.serve.security import TokenGuard
from rcr_checklist.serve.views import Views

__all__ = ["DOWNLOADS", "ServeConfig", "create_app"]


def create_app(config: ServeConfig) -> Starlette:
    """Build the application for one answers file.

    Args:
        config: the store, token and port.

    Returns:
        The ASGI application, wrapped in the token guard.
    """
    for name in STATIC:
        config.static[name] = (STATIC_DIR / name).read_bytes()
    views = Views(config)
    routes = [
        Route("/", views.home),
        Route("/start", views.start, methods=["GET", "POST"]),
        Route("/section/{sid}", views.section, methods=["GET", "POST"]),
        Route("/finish", views.finish),
        Route("/download/{fmt}", views.download),
        Route("/static/{name}", views.static),
        Route("/favicon.ico", lambda request: Response(status_code=204)),
    ]
    app = Starlette(routes=routes, exception_handlers={InputError: views.unreadable})
    app.add_middleware(TokenGuard, token=config.token, port=config.port)
    return app
