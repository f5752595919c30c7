"""The refusals of OpenID Connect login, each with a French message for the person."""

from __future__ import annotations

import logging
import re

from clea_platform.identity.oidc_state import LOGIN_STATE_VALIDITY

# One logger for the whole login flow, whichever module logs.
logger = logging.getLogger("clea_platform.identity.oidc_login")

# An error code a provider may send back that is safe to echo in a message or a log.
ERROR_CODE = re.compile(r"[a-z_]{1,40}")
RESTART = "Recommencez depuis la page de connexion."


class OidcLoginError(Exception):
    """A refused OIDC login: ``message`` is French, for the person; ``reason`` for the logs."""

    def __init__(self, message: str, *, reason: str, status: int = 400) -> None:
        super().__init__(message)
        self.message = message
        self.reason = reason
        self.status = status


def unreachable(issuer: str, detail: str) -> OidcLoginError:
    """The provider cannot be used (down, misconfigured, unreadable answers)."""
    logger.warning("OIDC provider %s unusable: %s", issuer, detail)
    return OidcLoginError(
        "Le fournisseur d'identité de votre organisme ne répond pas correctement. "
        "Réessayez dans quelques minutes ; si cela persiste, prévenez l'administrateur "
        "de votre organisme.",
        reason="provider_unreachable",
        status=502,
    )


def not_offered() -> OidcLoginError:
    return OidcLoginError(
        "Cet organisme ne propose pas de connexion par son propre fournisseur d'identité. "
        "Connectez-vous avec votre adresse e-mail et votre mot de passe.",
        reason="not_offered",
        status=404,
    )


def bad_state() -> OidcLoginError:
    return OidcLoginError(
        "Cette demande de connexion est inconnue, a déjà servi ou a expiré (elle vaut "
        f"{int(LOGIN_STATE_VALIDITY.total_seconds() // 60)} minutes). {RESTART}",
        reason="invalid_state",
    )


def rejected_token(detail: str, reason: str) -> OidcLoginError:
    return OidcLoginError(
        f"Le jeton d'identité renvoyé par le fournisseur est refusé : {detail}. {RESTART}",
        reason=reason,
    )
