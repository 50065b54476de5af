"""Who may use the local form: the access token, CSRF tokens, allowed hosts and response headers.

The server listens on 127.0.0.1 only, but any local program or a web page open in the same
browser can reach that address. So every request must carry the random token printed at
start-up: the link's ``?token=`` is exchanged once for an HttpOnly, SameSite=Strict cookie,
and the browser is sent to the same address without it (the token never stays in the address
bar or the history, and a Referer goes only to this server). Every change must also carry a
CSRF token derived from the access token and come from our own origin; the Host header must
name the loopback address (against DNS rebinding).
"""

from __future__ import annotations

import hashlib
import hmac
from urllib.parse import urlencode

from starlette.datastructures import URL
from starlette.middleware.base import BaseHTTPMiddleware, RequestResponseEndpoint
from starlette.requests import Request
from starlette.responses import PlainTextResponse, RedirectResponse, Response
from starlette.types import ASGIApp

__all__ = ["CSP", "TokenGuard", "cookie_name", "csrf_token", "same_origin"]

CSP = (
    "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
    "connect-src 'self'; form-action 'self'; frame-ancestors 'none'; base-uri 'none'; "
    "object-src 'none'"
)
"""The Content-Security-Policy of every response: our own files only, no inline script."""

HEADERS = {
    "Content-Security-Policy": CSP,
    "X-Content-Type-Options": "nosniff",
    "X-Frame-Options": "DENY",
    "Referrer-Policy": "same-origin",
    "Cross-Origin-Opener-Policy": "same-origin",
    "Cross-Origin-Resource-Policy": "same-origin",
    "Cache-Control": "no-store",
}

REFUSED = (
    "Refused: this address needs the link with the access token that `rcr-checklist serve` "
    "printed when it started. Open that link (or start serve again).\n"
)


def cookie_name(port: int) -> str:
    """The access cookie's name; cookies ignore ports, so two servers need two names."""
    return f"rcr_checklist_{port}"


def csrf_token(token: str) -> str:
    """The CSRF token every form carries, derived from the access token (no server state)."""
    return hmac.new(token.encode(), b"rcr-checklist csrf", hashlib.sha256).hexdigest()


def same_origin(request: Request, port: int) -> bool:
    """Whether a change request comes from our own pages (Origin, else Referer, if sent)."""
    origin = request.headers.get("origin")
    if origin is None:
        referer = request.headers.get("referer")
        if referer is None:
            return True  # not sent (e.g. no-referrer): the CSRF token and SameSite still hold
        url = URL(referer)
        origin = f"{url.scheme}://{url.netloc}"
    return origin in (f"http://127.0.0.1:{port}", f"http://localhost:{port}")


class TokenGuard(BaseHTTPMiddleware):
    """Refuses requests without the access token; adds the security headers to every response.

    Args:
        app: the application.
        token: the access token (random, printed at start-up).
        port: the port served, for the Host check and the cookie's name.
    """

    def __init__(self, app: ASGIApp, token: str, port: int) -> None:
        super().__init__(app)
        self.token = token
        self.port = port

    async def dispatch(self, request: Request, call_next: RequestResponseEndpoint) -> Response:
        """Check the host and token, then pass the request on; add the headers."""
        response = await self._check(request, call_next)
        response.headers.update(HEADERS)
        return response

    async def _check(self, request: Request, call_next: RequestResponseEndpoint) -> Response:
        host = request.headers.get("host", "")
        if host not in (f"127.0.0.1:{self.port}", f"localhost:{self.port}"):
            return PlainTextResponse("Refused: unknown host.\n", status_code=400)
        given = request.query_params.get("token")
        if given is not None:
            if not hmac.compare_digest(given.encode(), self.token.encode()):
                return PlainTextResponse(REFUSED, status_code=403)
            rest = [(k, v) for k, v in request.query_params.multi_items() if k != "token"]
            target = request.url.path + (f"?{urlencode(rest)}" if rest else "")
            response = RedirectResponse(target, status_code=303)
            response.set_cookie(
                cookie_name(self.port),
                self.token,
                httponly=True,
                samesite="strict",
                path="/",
            )
            return response
        cookie = request.cookies.get(cookie_name(self.port), "")
        if not hmac.compare_digest(cookie.encode(), self.token.encode()):
            return PlainTextResponse(REFUSED, status_code=403)
        return await call_next(request)
