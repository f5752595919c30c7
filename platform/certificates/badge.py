"""Open Badges 3.0 export: the certificate as a W3C Verifiable Credential, signed as a JWT.

The credential is an ``OpenBadgeCredential`` (VC data model 2.0 context plus the Open
Badges 3.0 context), encoded as a JWT (VC-JWT) whose claims carry it under ``vc``,
signed with the platform's active certificate key (Ed25519, its ``kid`` in the header,
published in the JWKS). Its ``credentialStatus`` points at the public verification page, which says
whether the certificate was revoked since. See docs/certificates.md.
"""

from __future__ import annotations

from typing import Any

from sqlalchemy.ext.asyncio import AsyncSession

from clea_platform.certificates import signing
from clea_platform.certificates.codes import format_code
from clea_platform.certificates.models import Certificate
from clea_platform.plugins.registry import CertificationRegistry

CONTEXTS = [
    "https://www.w3.org/ns/credentials/v2",
    "https://purl.imsglobal.org/spec/ob/v3p0/context-3.0.3.json",
]
MEDIA_TYPE = "application/vc+jwt"


def credential(
    registry: CertificationRegistry, certificate: Certificate, base_url: str
) -> dict[str, Any]:
    """The OpenBadgeCredential of a certificate (unsigned)."""
    certification = registry.get(certificate.certification_code)
    code = format_code(certificate.verification_code)
    issuer = {
        "id": f"{base_url}/issuers/certifpro",
        "type": ["Profile"],
        "name": certification.certifier,
        "url": base_url,
    }
    return {
        "@context": CONTEXTS,
        "id": f"urn:uuid:{certificate.id}",
        "type": ["VerifiableCredential", "OpenBadgeCredential"],
        "name": f"{certification.title} — {certificate.number}",
        "issuer": issuer,
        "validFrom": certificate.issued_at.isoformat().replace("+00:00", "Z"),
        "credentialSubject": {
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
        "credentialStatus": {
            "id": f"{base_url}/verify/{code}",
            "type": "CleaVerificationPage",
        },
    }


async def badge_jwt(
    session: AsyncSession, registry: CertificationRegistry, certificate: Certificate
) -> str:
    """The signed VC-JWT (compact JWS, ``typ: vc+jwt``) of a certificate."""
    base_url = signing.signer_settings().base_url
    vc = credential(registry, certificate, base_url)
    kid, key = await signing.active_key(session)
    claims = {
        "iss": vc["issuer"]["id"],
        "jti": vc["id"],
        "sub": certificate.number,
        "nbf": int(certificate.issued_at.timestamp()),
        "iat": int(certificate.issued_at.timestamp()),
        "vc": vc,
    }
    return signing.sign(claims, kid, key, typ="vc+jwt")
