"""The browser session's cookie: its name and attributes, for every layer that sets it.

The GraphQL login and the OIDC callback set it, the authentication middleware reads it;
all three take the name and attributes from here.
"""

from __future__ import annotations

from typing import Any

SESSION_COOKIE = "clea_session"


def session_cookie_attributes(*, secure: bool) -> dict[str, Any]:
    """Keyword arguments for Starlette's ``Response.set_cookie`` (the token excepted)."""
    return {"httponly": True, "secure": secure, "samesite": "lax", "path": "/"}
