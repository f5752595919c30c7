"""Domain enums exposed by the certificate schema, registered once before any use."""

from __future__ import annotations

import enum

import strawberry

from clea_platform.certificates.errors import CertificateErrorCode

# The domain's codes, under the API's name for payload problems.
strawberry.enum(
    CertificateErrorCode,
    name="CertificateProblemCode",
    description="Why a certificate change was refused.",
)


@strawberry.enum(description="Whether a certificate still stands.")
class CertificateStatus(enum.Enum):
    VALID = "valid"
    REVOKED = "revoked"


__all__ = ["CertificateErrorCode", "CertificateStatus"]
