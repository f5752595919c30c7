"""The events an organisation may subscribe to, and the lifecycle hook each one comes from."""

from __future__ import annotations

from types import MappingProxyType

#: Lifecycle hook (``plugins/hookspecs.py``) → webhook event type.
EVENT_OF_HOOK = MappingProxyType(
    {
        "clea_dossier_status_changed": "dossier.status_changed",
        "clea_evaluation_closed": "evaluation.closed",
        "clea_decision_recorded": "jury.decision_recorded",
        "clea_certificate_issued": "certificate.issued",
        "clea_certificate_revoked": "certificate.revoked",
    }
)
#: Every event type, in the order screens list them, with its French label.
EVENT_LABELS = MappingProxyType(
    {
        "dossier.status_changed": "Changement de statut d'un dossier",
        "evaluation.closed": "Évaluation clôturée",
        "jury.decision_recorded": "Décision de jury",
        "certificate.issued": "Certificat délivré",
        "certificate.revoked": "Certificat retiré",
    }
)
EVENT_TYPES = tuple(EVENT_LABELS)
