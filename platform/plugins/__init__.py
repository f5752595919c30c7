"""Certification plugins: the hook contract, the registry and the certification type."""

from clea_platform.plugins.certification import (
    Certification,
    CertificationFees,
    CertificationLimits,
)
from clea_platform.plugins.hookspecs import hookimpl

__all__ = ["Certification", "CertificationFees", "CertificationLimits", "hookimpl"]
