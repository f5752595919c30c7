"""Open Badges 3.0 export: the certificate as a W3C Verifiable Credential, signed as a JWT.

The credential is an ``OpenBadgeCredential`` (VC data model 2.0 context plus the Open
Badges 3.0 context) in OB 3.0's VC-JWT format (§ 8.2): the JWT payload *is* the
credential, with the registered claims ``iss``, ``jti``, ``sub`` and ``nbf`` beside it;
the header is ``{"alg": "EdDSA", "typ": "JWT", "kid": <URL of the public JWK>}``, signed
with the platform's active certificate key (Ed25519). The holder is ``urn:uuid:`` of the
candidate record (``credentialSubject.id`` = ``sub``), named by an ``IdentityObject``.
Revocation is a W3C Bitstring Status List (``status_list.py``). See docs/certificates.md.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any
from zoneinfo import ZoneInfo

from sqlalchemy.ext.asyncio import AsyncSession

from clea_platform.certificates import signing, status_list
from clea_platform.certificates.codes import format_code
from clea_platform.certificates.models import Certificate
from clea_platform.plugins.registry import CertificationRegistry

CONTEXTS = [
    "https://www.w3.org/ns/credentials/v2",
    "https://purl.imsglobal.org/spec/ob/v3p0/context-3.0.3.json",
]
MEDIA_TYPE = "application/vc+jwt"
#: OB 3.0 § 8.2.3: "typ: If present, MUST be set to JWT."
JWT_TYPE = "JWT"
#: The official JSON Schema the credential follows (OB 3.0 § credentialSchema).
SCHEMA = {
    "id": "https://purl.imsglobal.org/spec/ob/v3p0/schema/json/"
    "ob_v3p0_achievementcredential_schema.json",
    "type": "1EdTechJsonSchemaValidator2019",
}


def issuer_profile(certifier: str, base_url: str) -> dict[str, Any]:
    """The issuer's ``Profile`` (also served at its ``id``)."""
    return {
        "id": f"{base_url}/issuers/certifpro",
        "type": ["Profile"],
        "name": certifier,
        "url": base_url,
    }


def timestamp(moment: dt.datetime) -> str:
    """An RFC 3339 UTC time with its zone (``Z``), as VC ``validFrom`` wants it."""
    if moment.tzinfo is None:
        raise ValueError("a credential's time needs its time zone")
    return moment.astimezone(dt.UTC).strftime("%Y-%m-%dT%H:%M:%SZ")


def holder_id(certificate: Certificate) -> str:
    """The holder's stable identifier: the candidate record the certificate was issued to."""
    return f"urn:uuid:{certificate.candidate_id}"


def credential(
    registry: CertificationRegistry,
    certificate: Certificate,
    base_url: str,
    status: dict[str, Any],
) -> dict[str, Any]:
    """The OpenBadgeCredential of a certificate (unsigned), ``status`` its status entry."""
    certification = registry.get(certificate.certification_code)
    code = format_code(certificate.verification_code)
    issuer = issuer_profile(certification.certifier, base_url)
    return {
        "@context": CONTEXTS,
        "id": f"urn:uuid:{certificate.id}",
        "type": ["VerifiableCredential", "OpenBadgeCredential"],
        "name": f"{certification.title} — {certificate.number}",
        "issuer": issuer,
        "validFrom": timestamp(certificate.issued_at),
        "credentialSchema": [SCHEMA],
        "credentialSubject": {
            "id": holder_id(certificate),
            "type": ["AchievementSubject"],
            "identifier": [
                {
                    "type": "IdentityObject",
                    "identityType": "name",
                    "hashed": False,
                    "identityHash": certificate.holder_name,
                }
            ],
            "achievement": {
                "id": f"{base_url}/achievements/{certification.code}",
                "type": ["Achievement"],
                "achievementType": "Certificate",
                "name": certification.title,
                "description": (
                    f"{certification.title}, délivré par {certification.certifier} sur "
                    f"décision d'un jury paritaire."
                ),
                "criteria": {
                    "narrative": (
                        "Maîtrise de l'ensemble des compétences du référentiel "
                        f"(version {certificate.referentiel_version_label}), constatée par "
                        "un jury paritaire."
                    )
                },
                "version": certificate.referentiel_version_label,
                "creator": issuer,
            },
        },
        "evidence": [
            {
                "id": f"{base_url}/verify/{code}",
                "type": ["Evidence"],
                "name": f"Décision du jury du {certificate.decided_on:%d/%m/%Y}",
                "description": certificate.jury_session_label,
            }
        ],
        "credentialStatus": status,
    }


#: The dates a candidate reads are French days.
_PARIS = ZoneInfo("Europe/Paris")


@dataclass(frozen=True, slots=True)
class BadgeWords:
    """What a credential states, read from its claims (for the holder, in plain words)."""

    holder_name: str
    achievement_name: str
    issuer_name: str
    issued_on: dt.date
    valid_until: dt.date | None


def _day(value: Any) -> dt.date | None:
    if not isinstance(value, str) or not value:
        return None
    moment = dt.datetime.fromisoformat(value.replace("Z", "+00:00"))
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=dt.UTC)
    return moment.astimezone(_PARIS).date()


def words(claims: dict[str, Any]) -> BadgeWords:
    """The plain-words reading of an OpenBadgeCredential (its JWT payload or the unsigned
    credential): the holder's name, the achievement, the issuer, the Paris days of
    ``validFrom`` and ``validUntil`` (none when it has no end)."""
    subject = claims["credentialSubject"]
    names = [
        identifier["identityHash"]
        for identifier in subject.get("identifier", [])
        if identifier.get("identityType") == "name" and not identifier.get("hashed")
    ]
    issued_on = _day(claims["validFrom"])
    assert issued_on is not None
    return BadgeWords(
        holder_name=names[0] if names else "",
        achievement_name=subject["achievement"]["name"],
        issuer_name=claims["issuer"]["name"],
        issued_on=issued_on,
        valid_until=_day(claims.get("validUntil")),
    )


def words_of(registry: CertificationRegistry, certificate: Certificate) -> BadgeWords:
    """What the certificate's credential states, read from the credential ``badge_jwt``
    signs (built without its status entry: no write, no signature)."""
    base_url = signing.signer_settings().base_url
    return words(credential(registry, certificate, base_url, status={}))


def jwt_claims(
    vc: dict[str, Any], certificate: Certificate, holder_jwk: dict[str, Any] | None = None
) -> dict[str, Any]:
    """The JWT payload: the credential itself plus OB 3.0's registered claims (§ 8.2.4);
    with ``holder_jwk``, bound to that key (``cnf``, RFC 7800: the wallet's, OpenID4VCI)."""
    claims = {
        **vc,
        "iss": vc["issuer"]["id"],
        "jti": vc["id"],
        "sub": vc["credentialSubject"]["id"],
        "nbf": int(certificate.issued_at.timestamp()),
    }
    if holder_jwk is not None:
        claims["cnf"] = {"jwk": holder_jwk}
    return claims


async def badge_jwt(
    session: AsyncSession,
    registry: CertificationRegistry,
    certificate: Certificate,
    *,
    holder_jwk: dict[str, Any] | None = None,
) -> str:
    """The signed VC-JWT of a certificate (gives it a status list entry on first use)."""
    base_url = signing.signer_settings().base_url
    status = await status_list.entry_for(session, certificate)
    vc = credential(registry, certificate, base_url, status)
    kid, key = await signing.active_key(session)
    return signing.sign(
        jwt_claims(vc, certificate, holder_jwk),
        signing.key_url(kid),
        key,
        typ=JWT_TYPE,
        algorithm=signing.EDDSA,
    )
