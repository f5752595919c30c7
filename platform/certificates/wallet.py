"""OpenID for Verifiable Credential Issuance 1.0 (pre-authorised code flow): the certificate
delivered into the holder's wallet.

The platform is both the Credential Issuer and its Authorization Server (its issuer
identifier is ``CLEA_BASE_URL``). The flow, with the paths served by ``web/wallet.py``:

1. The candidate (their certificate page) or the certificate e-mail gets a **credential
   offer** (:func:`new_offer`) **by reference**:
   ``openid-credential-offer://?credential_offer_uri=<base>/openid4vci/offers/<reference>``,
   shown as a QR code. The wallet fetches the offer's JSON there (:func:`offer_by_reference`)
   while the offer is valid. Its pre-authorised code is derived from the reference
   (HMAC under ``CLEA_SECRET_KEY``), so only the SHA-256 of each is stored (``wallet_offer``);
   the code is single use and short-lived (:data:`PAGE_OFFER_VALIDITY`, or
   :data:`MAIL_OFFER_VALIDITY` for the e-mail's, like an invitation link).
   The page's offer also asks for a **transaction code** (``tx_code``: 6 digits shown
   beside the QR code, never in it); the e-mail's has none (``docs/certificates.md`` says
   why).
2. The wallet reads ``/.well-known/openid-credential-issuer`` and
   ``/.well-known/oauth-authorization-server``, then redeems the code (with the
   transaction code when the offer asks for one) at the **token endpoint**
   (:func:`redeem`, grant ``urn:ietf:params:oauth:grant-type:pre-authorized_code``,
   anonymous): a Bearer access token valid :data:`TOKEN_VALIDITY`. Used, expired, unknown
   or burnt codes are ``invalid_grant``; each wrong transaction code counts, and the
   :data:`MAX_FAILED_ATTEMPTS`-th burns the offer.
3. The wallet asks the **nonce endpoint** for a ``c_nonce`` (:func:`new_nonce`: stateless,
   an HMAC of its expiry under a key derived from ``CLEA_SECRET_KEY``, valid
   :data:`NONCE_VALIDITY`), signs an ``openid4vci-proof+jwt`` with its own key (header
   ``jwk``; claims ``aud`` = the issuer, ``iat``, ``nonce``) and posts it to the
   **credential endpoint** (:func:`deliver`) with the access token. The answer is the
   certificate's Open Badges 3.0 credential (``jwt_vc_json``) bound to that key
   (``cnf.jwk``, RFC 7800), once per offer.

Offers finished (expired, burnt or used) more than :data:`PURGE_AFTER` ago are deleted
(:func:`purge`: the dispatcher's :func:`purge_round`, and ``clea certificates
purge-wallet-offers``).

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
import time
import warnings
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import quote

import segno
from joserfc import jws
from joserfc.errors import JoseError, SecurityWarning
from joserfc.jwk import JWKRegistry
from sqlalchemy import delete, or_, select, update
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from clea_platform.audit import service as audit
from clea_platform.certificates import badge, signing
from clea_platform.certificates.models import Certificate, WalletOffer
from clea_platform.core.config import Settings
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
#: ``GET <OFFERS_PATH>/<reference>``: an offer by reference (``credential_offer_uri``).
OFFERS_PATH = "/openid4vci/offers"
TX_CODE_LENGTH = 6
#: What the wallet shows when it asks for the transaction code (at most 300 characters).
TX_CODE_DESCRIPTION = (
    "Tapez le code à 6 chiffres écrit à côté du code QR, dans votre espace candidat."
)
#: Wrong transaction codes an offer survives, minus one: the third burns it.
MAX_FAILED_ATTEMPTS = 3
#: Finished offers (expired, burnt, used) are deleted this long after.
PURGE_AFTER = dt.timedelta(days=30)
PURGE_EVERY_SECONDS = 3600.0
PAGE_OFFER_VALIDITY = dt.timedelta(minutes=15)
MAIL_OFFER_VALIDITY = dt.timedelta(days=7)
TOKEN_VALIDITY = dt.timedelta(minutes=5)
NONCE_VALIDITY = dt.timedelta(minutes=5)
#: How far in the future a proof's ``iat`` may be (clocks differ a little).
CLOCK_SKEW = dt.timedelta(seconds=60)
_NONCE_INFO = b"clea-platform/openid4vci-nonce/v1"
_CODE_INFO = b"clea-platform/openid4vci-pre-authorized-code/v1"
_TX_CODE_INFO = b"clea-platform/openid4vci-tx-code/v1"


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
    #: The transaction code to show beside the QR code (never in it), if the offer asks one.
    tx_code: str | None = None


def _derive(secret_key: str, info: bytes) -> bytes:
    return hmac.new(secret_key.encode(), info, hashlib.sha256).digest()


def pre_authorized_code(secret_key: str, reference: str) -> str:
    """The pre-authorised code of the offer fetched at ``reference`` (not stored)."""
    key = _derive(secret_key, _CODE_INFO)
    return _b64(hmac.new(key, reference.encode(), hashlib.sha256).digest())


def tx_code_hash(secret_key: str, code_hash: str, tx_code: str) -> str:
    """What is stored of a transaction code: an HMAC under a key derived from the secret
    key (a million codes are quickly tried against a plain hash), salted with the offer."""
    key = _derive(secret_key, _TX_CODE_INFO)
    return hmac.new(key, f"{code_hash}:{tx_code}".encode(), hashlib.sha256).hexdigest()


def offer_object(base_url: str, code: str, *, with_tx_code: bool) -> dict[str, Any]:
    """The Credential Offer (OpenID4VCI § 4.1.1) a wallet fetches by reference."""
    grant: dict[str, Any] = {"pre-authorized_code": code}
    if with_tx_code:
        grant["tx_code"] = {
            "input_mode": "numeric",
            "length": TX_CODE_LENGTH,
            "description": TX_CODE_DESCRIPTION,
        }
    return {
        "credential_issuer": base_url,
        "credential_configuration_ids": [CONFIGURATION_ID],
        "grants": {PRE_AUTHORIZED_GRANT: grant},
    }


def offer_uri(base_url: str, reference: str) -> str:
    """``openid-credential-offer://?credential_offer_uri=…``: the offer by reference (a QR
    code a quarter the size of the offer by value, easy to scan from a phone's camera)."""
    location = quote(f"{base_url}{OFFERS_PATH}/{reference}", safe="")
    return f"{OFFER_SCHEME}?credential_offer_uri={location}"


def new_offer(
    session: AsyncSession,
    certificate: Certificate,
    base_url: str,
    validity: dt.timedelta,
    *,
    with_tx_code: bool,
) -> Offer:
    """A fresh offer of ``certificate`` by reference (its hashes stored in the caller's
    transaction), with a transaction code when ``with_tx_code``."""
    secret_key = signing.signer_settings().secret_key
    reference = new_token()
    code_hash = hash_token(pre_authorized_code(secret_key, reference))
    tx_code = (
        f"{secrets.randbelow(10**TX_CODE_LENGTH):0{TX_CODE_LENGTH}d}" if with_tx_code else None
    )
    expires_at = utcnow() + validity
    session.add(
        WalletOffer(
            organisation_id=certificate.organisation_id,
            certificate_id=certificate.id,
            code_hash=code_hash,
            reference_hash=hash_token(reference),
            tx_code_hash=None if tx_code is None else tx_code_hash(secret_key, code_hash, tx_code),
            failed_attempts=0,
            expires_at=expires_at,
        )
    )
    return Offer(offer_uri(base_url, reference), expires_at, tx_code)


def _usable(offer: WalletOffer, now: dt.datetime) -> bool:
    return (
        offer.redeemed_at is None
        and offer.expires_at > now
        and offer.failed_attempts < MAX_FAILED_ATTEMPTS
    )


async def offer_by_reference(
    session: AsyncSession, reference: str, *, base_url: str, secret_key: str
) -> dict[str, Any]:
    """The offer's JSON while it can still be redeemed; otherwise a 404 ``invalid_request``
    (unknown, expired, used or burnt look alike)."""
    offer = (
        None
        if not reference or len(reference) > 200
        else await session.scalar(
            select(WalletOffer).where(WalletOffer.reference_hash == hash_token(reference))
        )
    )
    if offer is None or not _usable(offer, utcnow()):
        raise OAuthError(
            404,
            "invalid_request",
            "Cette offre n'existe pas ou ne marche plus. Demandez-en une nouvelle.",
        )
    return offer_object(
        base_url,
        pre_authorized_code(secret_key, reference),
        with_tx_code=offer.tx_code_hash is not None,
    )


def qr_png(uri: str) -> bytes:
    """The offer as a QR code (PNG), for the certificate e-mail."""
    buffer = io.BytesIO()
    segno.make(uri, error="m").save(buffer, kind="png", scale=5, border=4)
    return buffer.getvalue()


# -- Token endpoint -------------------------------------------------------------------------


def _invalid_grant(description: str) -> OAuthError:
    return OAuthError(400, "invalid_grant", description)


_BURNT = "Trop de codes faux : cette offre ne marche plus. Demandez-en une nouvelle."


async def _try_tx_code(
    session: AsyncSession, offer: WalletOffer, tx_code: str, secret_key: str, now: dt.datetime
) -> None:
    """Check the transaction code; a wrong one counts, the last allowed burns the offer.

    Each try is counted *before* the comparison, in one statement that only succeeds
    while tries remain (the row stays locked until the request's commit on PostgreSQL):
    guesses sent in parallel cannot exceed the budget. A right code gives its try back
    when the offer is claimed (:func:`redeem`).
    """
    if not tx_code:
        raise OAuthError(
            400,
            "invalid_request",
            "Le code de transaction manque : tapez le code à 6 chiffres affiché à côté du code QR.",
        )
    tried = await session.scalar(
        update(WalletOffer)
        .where(WalletOffer.id == offer.id, WalletOffer.failed_attempts < MAX_FAILED_ATTEMPTS)
        .values(failed_attempts=WalletOffer.failed_attempts + 1)
        .returning(WalletOffer.failed_attempts)
        .execution_options(synchronize_session=False)
    )
    if tried is None:
        raise _invalid_grant(_BURNT)
    expected = offer.tx_code_hash or ""
    if len(tx_code) <= 20 and hmac.compare_digest(
        tx_code_hash(secret_key, offer.code_hash, tx_code), expected
    ):
        return
    if tried >= MAX_FAILED_ATTEMPTS:
        # Burnt: its reference stops answering and the purge counts it as finished.
        await session.execute(
            update(WalletOffer)
            .where(WalletOffer.id == offer.id, WalletOffer.expires_at > now)
            .values(expires_at=now)
            .execution_options(synchronize_session=False)
        )
        raise _invalid_grant(_BURNT)
    left = MAX_FAILED_ATTEMPTS - tried
    raise _invalid_grant(
        f"Ce code de transaction n'est pas le bon. Il vous reste {left} essai"
        f"{'s' if left > 1 else ''}."
    )


async def redeem(session: AsyncSession, form: dict[str, str], secret_key: str) -> dict[str, Any]:
    """Exchange a pre-authorised code (and its transaction code) for an access token, once.

    A wrong transaction code is written (the attempt count) before the refusal is raised:
    the caller commits refusals too.
    """
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
    if offer.failed_attempts >= MAX_FAILED_ATTEMPTS:
        raise _invalid_grant(_BURNT)
    if offer.redeemed_at is not None:
        raise _invalid_grant("Ce code a déjà servi : il ne marche qu'une fois.")
    if offer.expires_at <= now:
        raise _invalid_grant("Ce code a expiré. Demandez une nouvelle offre.")
    with_tx_code = offer.tx_code_hash is not None
    if with_tx_code:
        await _try_tx_code(session, offer, form.get("tx_code", ""), secret_key, now)
    token = new_token()
    # Used once, even by two wallets at the same time: only one update finds it unused.
    claimed = await session.execute(
        update(WalletOffer)
        .where(
            WalletOffer.id == offer.id,
            WalletOffer.redeemed_at.is_(None),
            WalletOffer.failed_attempts <= MAX_FAILED_ATTEMPTS,
        )
        .values(
            redeemed_at=now,
            token_hash=hash_token(token),
            token_expires_at=now + TOKEN_VALIDITY,
            failed_attempts=WalletOffer.failed_attempts - (1 if with_tx_code else 0),
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


# -- Purge ----------------------------------------------------------------------------------


async def purge(session: AsyncSession, now: dt.datetime, older_than: dt.timedelta) -> int:
    """Delete the offers finished before ``now - older_than``: expired (burnt offers expire
    at their last wrong code) or redeemed then. Returns how many."""
    cutoff = now - older_than
    deleted = await session.execute(
        delete(WalletOffer)
        .where(or_(WalletOffer.expires_at < cutoff, WalletOffer.redeemed_at < cutoff))
        .execution_options(synchronize_session=False)
    )
    return int(getattr(deleted, "rowcount", 0) or 0)


_last_purge = float("-inf")


async def purge_round(sessions: async_sessionmaker[AsyncSession], settings: Settings) -> int:
    """:func:`purge` with :data:`PURGE_AFTER`, at most every :data:`PURGE_EVERY_SECONDS`
    per process (a round of the background dispatcher: after commits that queued mail,
    and every minute)."""
    global _last_purge
    now = time.monotonic()
    if now - _last_purge < PURGE_EVERY_SECONDS:
        return 0
    _last_purge = now
    async with sessions.begin() as session:
        return await purge(session, utcnow(), PURGE_AFTER)


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
