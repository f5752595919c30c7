"""OpenID for Verifiable Credential Issuance 1.0 (pre-authorised code flow): the certificate
delivered into the holder's wallet.

The platform is both the Credential Issuer and its Authorization Server (its issuer
identifier is ``CLEA_BASE_URL``). The flow, with the paths served by ``web/wallet.py``:

1. The candidate (their certificate page) or the certificate e-mail gets a **credential
   offer** (:func:`new_offer`): ``openid-credential-offer://?credential_offer=…`` carrying
   a pre-authorised code, shown as a QR code. Only the code's SHA-256 is stored
   (``wallet_offer``); it is single use and short-lived (:data:`PAGE_OFFER_VALIDITY`, or
   :data:`MAIL_OFFER_VALIDITY` for the e-mail's, like an invitation link).
2. The wallet reads ``/.well-known/openid-credential-issuer`` and
   ``/.well-known/oauth-authorization-server``, then redeems the code at the **token
   endpoint** (:func:`redeem`, grant ``urn:ietf:params:oauth:grant-type:pre-authorized_code``,
   anonymous): a Bearer access token valid :data:`TOKEN_VALIDITY`. Used, expired or unknown
   codes are ``invalid_grant``.
3. The wallet asks the **nonce endpoint** for a ``c_nonce`` (:func:`new_nonce`: stateless,
   an HMAC of its expiry under a key derived from ``CLEA_SECRET_KEY``, valid
   :data:`NONCE_VALIDITY`), signs an ``openid4vci-proof+jwt`` with its own key (header
   ``jwk``; claims ``aud`` = the issuer, ``iat``, ``nonce``) and posts it to the
   **credential endpoint** (:func:`deliver`) with the access token. The answer is the
   certificate's Open Badges 3.0 credential (``jwt_vc_json``) bound to that key
   (``cnf.jwk``, RFC 7800), once per offer.

Refusals are :class:`OAuthError`, with the error codes of RFC 6749 § 5.2 (token),
RFC 6750 § 3.1 (``invalid_token``) and OpenID4VCI § 8.3.1.2 (credential).
"""

from __future__ import annotations

import base64
import datetime as dt
import hashlib
import hmac
import io
import json
import secrets
import warnings
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import quote

import segno
from joserfc import jws
from joserfc.errors import JoseError, SecurityWarning
from joserfc.jwk import JWKRegistry
from sqlalchemy import select, update
from sqlalchemy.ext.asyncio import AsyncSession

from clea_platform.audit import service as audit
from clea_platform.certificates import badge, signing
from clea_platform.certificates.models import Certificate, WalletOffer
from clea_platform.db.base import utcnow
from clea_platform.identity.tokens import hash_token, new_token
from clea_platform.plugins.registry import CertificationRegistry
from clea_platform.tenants.context import Actor
from clea_platform.tenants.scoping import cross_tenant_reads

SCOPE = "certificates:wallet"
PRE_AUTHORIZED_GRANT = "urn:ietf:params:oauth:grant-type:pre-authorized_code"
CONFIGURATION_ID = "OpenBadgeCredential_jwt_vc_json"
FORMAT = "jwt_vc_json"
PROOF_TYP = "openid4vci-proof+jwt"
#: What a wallet may sign its proof with (``Ed25519`` is RFC 9864's name for ``EdDSA``).
PROOF_ALGORITHMS = ("ES256", "EdDSA", "Ed25519")
OFFER_SCHEME = "openid-credential-offer://"
TOKEN_PATH = "/openid4vci/token"
NONCE_PATH = "/openid4vci/nonce"
CREDENTIAL_PATH = "/openid4vci/credential"
PAGE_OFFER_VALIDITY = dt.timedelta(minutes=15)
MAIL_OFFER_VALIDITY = dt.timedelta(days=7)
TOKEN_VALIDITY = dt.timedelta(minutes=5)
NONCE_VALIDITY = dt.timedelta(minutes=5)
#: How far in the future a proof's ``iat`` may be (clocks differ a little).
CLOCK_SKEW = dt.timedelta(seconds=60)
_NONCE_INFO = b"clea-platform/openid4vci-nonce/v1"


@dataclass
class OAuthError(Exception):
    """A refusal in OAuth's shape: ``{"error": …, "error_description": …}``."""

    status: int
    error: str
    description: str
    headers: dict[str, str] = field(default_factory=dict)

    def body(self) -> dict[str, str]:
        return {"error": self.error, "error_description": self.description}


# -- Metadata -------------------------------------------------------------------------------


def issuer_metadata(base_url: str, issuer_name: str) -> dict[str, Any]:
    """The Credential Issuer Metadata (OpenID4VCI § 12.2)."""
    return {
        "credential_issuer": base_url,
        "credential_endpoint": f"{base_url}{CREDENTIAL_PATH}",
        "nonce_endpoint": f"{base_url}{NONCE_PATH}",
        "display": [{"name": issuer_name, "locale": "fr-FR"}],
        "credential_configurations_supported": {
            CONFIGURATION_ID: {
                "format": FORMAT,
                "cryptographic_binding_methods_supported": ["jwk"],
                "credential_signing_alg_values_supported": [signing.EDDSA],
                "proof_types_supported": {
                    "jwt": {"proof_signing_alg_values_supported": list(PROOF_ALGORITHMS)}
                },
                "credential_definition": {
                    "type": ["VerifiableCredential", "OpenBadgeCredential"],
                },
                "credential_metadata": {
                    "display": [
                        {
                            "name": "Certificat (Open Badges 3.0)",
                            "locale": "fr-FR",
                            "description": "Le certificat délivré sur décision d'un jury.",
                        }
                    ]
                },
            }
        },
    }


def authorization_server_metadata(base_url: str) -> dict[str, Any]:
    """RFC 8414 metadata of the token endpoint (the issuer is its own server)."""
    return {
        "issuer": base_url,
        "token_endpoint": f"{base_url}{TOKEN_PATH}",
        "grant_types_supported": [PRE_AUTHORIZED_GRANT],
        "response_types_supported": [],
        "token_endpoint_auth_methods_supported": ["none"],
        # OpenID4VCI § 12.3: a wallet needs no client_id for the pre-authorised code.
        "pre-authorized_grant_anonymous_access_supported": True,
    }


# -- Offers ---------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Offer:
    uri: str
    expires_at: dt.datetime


def offer_uri(base_url: str, code: str) -> str:
    offer = {
        "credential_issuer": base_url,
        "credential_configuration_ids": [CONFIGURATION_ID],
        "grants": {PRE_AUTHORIZED_GRANT: {"pre-authorized_code": code}},
    }
    encoded = quote(json.dumps(offer, separators=(",", ":")), safe="")
    return f"{OFFER_SCHEME}?credential_offer={encoded}"


def new_offer(
    session: AsyncSession, certificate: Certificate, base_url: str, validity: dt.timedelta
) -> Offer:
    """A fresh offer of ``certificate`` (its code's hash stored in the caller's transaction)."""
    code = new_token()
    expires_at = utcnow() + validity
    session.add(
        WalletOffer(
            organisation_id=certificate.organisation_id,
            certificate_id=certificate.id,
            code_hash=hash_token(code),
            expires_at=expires_at,
        )
    )
    return Offer(offer_uri(base_url, code), expires_at)


def qr_png(uri: str) -> bytes:
    """The offer as a QR code (PNG), for the certificate e-mail."""
    buffer = io.BytesIO()
    segno.make(uri, error="m").save(buffer, kind="png", scale=5, border=4)
    return buffer.getvalue()


# -- Token endpoint -------------------------------------------------------------------------


def _invalid_grant(description: str) -> OAuthError:
    return OAuthError(400, "invalid_grant", description)


async def redeem(session: AsyncSession, form: dict[str, str]) -> dict[str, Any]:
    """Exchange a pre-authorised code for an access token (once)."""
    if form.get("grant_type") != PRE_AUTHORIZED_GRANT:
        raise OAuthError(
            400, "unsupported_grant_type", "Seul le code pré-autorisé est accepté ici."
        )
    code = form.get("pre-authorized_code", "")
    if not code or len(code) > 200:
        raise OAuthError(400, "invalid_request", "Le code pré-autorisé manque.")
    offer = await session.scalar(
        select(WalletOffer).where(WalletOffer.code_hash == hash_token(code))
    )
    now = utcnow()
    if offer is None:
        raise _invalid_grant("Ce code ne marche pas. Demandez une nouvelle offre.")
    if offer.redeemed_at is not None:
        raise _invalid_grant("Ce code a déjà servi : il ne marche qu'une fois.")
    if offer.expires_at <= now:
        raise _invalid_grant("Ce code a expiré. Demandez une nouvelle offre.")
    token = new_token()
    # Used once, even by two wallets at the same time: only one update finds it unused.
    claimed = await session.execute(
        update(WalletOffer)
        .where(WalletOffer.id == offer.id, WalletOffer.redeemed_at.is_(None))
        .values(
            redeemed_at=now, token_hash=hash_token(token), token_expires_at=now + TOKEN_VALIDITY
        )
        .execution_options(synchronize_session=False)
    )
    if getattr(claimed, "rowcount", 0) != 1:
        raise _invalid_grant("Ce code a déjà servi : il ne marche qu'une fois.")
    return {
        "access_token": token,
        "token_type": "Bearer",
        "expires_in": int(TOKEN_VALIDITY.total_seconds()),
    }


# -- Nonces ---------------------------------------------------------------------------------


def _nonce_key(secret_key: str) -> bytes:
    return hmac.new(secret_key.encode(), _NONCE_INFO, hashlib.sha256).digest()


def _b64(data: bytes) -> str:
    return base64.urlsafe_b64encode(data).rstrip(b"=").decode()


def new_nonce(secret_key: str, now: dt.datetime | None = None) -> dict[str, Any]:
    """A ``c_nonce`` (nonce endpoint's answer): its expiry and randomness, MAC'd."""
    expires = int(((now or utcnow()) + NONCE_VALIDITY).timestamp())
    body = f"{expires}.{_b64(secrets.token_bytes(16))}"
    mac = hmac.new(_nonce_key(secret_key), body.encode(), hashlib.sha256).digest()
    return {"c_nonce": f"{body}.{_b64(mac)}"}


def nonce_is_valid(nonce: object, secret_key: str, now: dt.datetime) -> bool:
    if not isinstance(nonce, str) or nonce.count(".") != 2 or len(nonce) > 200:
        return False
    body, _, mac = nonce.rpartition(".")
    expected = _b64(hmac.new(_nonce_key(secret_key), body.encode(), hashlib.sha256).digest())
    if not hmac.compare_digest(mac, expected):
        return False
    expires = body.partition(".")[0]
    return expires.isdigit() and int(expires) > now.timestamp()


# -- Credential endpoint --------------------------------------------------------------------


def _invalid_token(description: str) -> OAuthError:
    return OAuthError(
        401,
        "invalid_token",
        description,
        {"WWW-Authenticate": f'Bearer error="invalid_token", error_description="{description}"'},
    )


def _invalid_proof(description: str) -> OAuthError:
    return OAuthError(400, "invalid_proof", description)


def holder_key(proof: object, issuer: str, secret_key: str, now: dt.datetime) -> dict[str, Any]:
    """The public JWK a valid ``openid4vci-proof+jwt`` proves possession of (App. F.1)."""
    if not isinstance(proof, str) or len(proof) > 8_000:
        raise _invalid_proof("La preuve de possession manque.")
    try:
        header = jws.extract_compact(proof.encode()).protected
    except (JoseError, ValueError):
        raise _invalid_proof("La preuve de possession est illisible.") from None
    if header.get("typ") != PROOF_TYP:
        raise _invalid_proof(f"La preuve doit être de type {PROOF_TYP}.")
    algorithm = header.get("alg")
    if algorithm not in PROOF_ALGORITHMS:
        raise _invalid_proof("Algorithme de signature de la preuve non accepté.")
    jwk = header.get("jwk")
    if not isinstance(jwk, dict) or "d" in jwk or {"kid", "x5c", "trust_chain"} & set(header):
        raise _invalid_proof("La preuve doit porter la clé publique du portefeuille (jwk).")
    try:
        key = JWKRegistry.import_key(jwk)
        with warnings.catch_warnings():
            warnings.simplefilter("ignore", SecurityWarning)
            claims = json.loads(jws.deserialize_compact(proof, key, algorithms=[algorithm]).payload)
    except (JoseError, ValueError, TypeError):
        raise _invalid_proof("La signature de la preuve ne correspond pas à sa clé.") from None
    if not isinstance(claims, dict) or claims.get("aud") != issuer:
        raise _invalid_proof("La preuve n'est pas adressée à cet émetteur (aud).")
    issued = claims.get("iat")
    if not isinstance(issued, int | float):
        raise _invalid_proof("La preuve n'a pas de date (iat).")
    moment = dt.datetime.fromtimestamp(issued, dt.UTC)
    if moment > now + CLOCK_SKEW or moment < now - NONCE_VALIDITY:
        raise _invalid_proof("La preuve est trop ancienne ou datée dans le futur (iat).")
    if not nonce_is_valid(claims.get("nonce"), secret_key, now):
        raise OAuthError(
            400, "invalid_nonce", "Le nonce de la preuve est inconnu ou expiré : demandez-en un."
        )
    return key.as_dict(private=False)


def _proof_of(body: Any) -> object:
    if not isinstance(body, dict):
        raise OAuthError(400, "invalid_credential_request", "La demande doit être un objet JSON.")
    if body.get("credential_configuration_id") != CONFIGURATION_ID:
        raise OAuthError(
            400, "unknown_credential_configuration", "Ce type de titre n'est pas proposé ici."
        )
    proofs = body.get("proofs")
    if not isinstance(proofs, dict) or set(proofs) != {"jwt"}:
        raise _invalid_proof("La demande doit porter une preuve « proofs.jwt ».")
    jwts = proofs["jwt"]
    if not isinstance(jwts, list) or len(jwts) != 1:
        raise _invalid_proof("Une seule preuve est acceptée par demande.")
    return jwts[0]


@dataclass(frozen=True, slots=True)
class Delivery:
    certificate: Certificate
    credential: str


async def deliver(
    session: AsyncSession,
    registry: CertificationRegistry,
    actor: Actor,
    authorization: str,
    body: Any,
    *,
    base_url: str,
    secret_key: str,
) -> Delivery:
    """The certificate's credential, bound to the wallet's key, for a valid access token."""
    scheme, _, token = authorization.partition(" ")
    if scheme.lower() != "bearer" or not token.strip():
        raise _invalid_token("Jeton d'accès manquant.")
    offer = await session.scalar(
        select(WalletOffer).where(WalletOffer.token_hash == hash_token(token.strip()))
    )
    now = utcnow()
    if offer is None or offer.token_expires_at is None:
        raise _invalid_token("Jeton d'accès inconnu.")
    if offer.token_expires_at <= now:
        raise _invalid_token("Jeton d'accès expiré.")
    if offer.delivered_at is not None:
        raise _invalid_token("Ce jeton a déjà servi.")
    jwk = holder_key(_proof_of(body), base_url, secret_key, now)
    async with cross_tenant_reads(session, SCOPE):
        certificate = await session.scalar(
            select(Certificate).where(
                Certificate.organisation_id == offer.organisation_id,
                Certificate.id == offer.certificate_id,
            )
        )
        if certificate is None or certificate.revoked_at is not None:
            raise OAuthError(400, "credential_request_denied", "Ce certificat a été retiré.")
        claimed = await session.execute(
            update(WalletOffer)
            .where(WalletOffer.id == offer.id, WalletOffer.delivered_at.is_(None))
            .values(delivered_at=now)
            .execution_options(synchronize_session=False)
        )
        if getattr(claimed, "rowcount", 0) != 1:
            raise _invalid_token("Ce jeton a déjà servi.")
        credential = await badge.badge_jwt(session, registry, certificate, holder_jwk=jwk)
    audit.record(
        session,
        actor,
        "certificate.wallet_delivery",
        [certificate.id],
        organisation_id=certificate.organisation_id,
    )
    return Delivery(certificate, credential)
