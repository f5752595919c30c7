"""Imports every context's models so ``Base.metadata`` describes the whole schema.

Alembic and the schema tests read the metadata from here; a new context adds its
models module to this list.
"""

from __future__ import annotations

from clea_platform.accreditations import models as accreditations_models
from clea_platform.audit import models as audit_models
from clea_platform.candidate_space import models as candidate_space_models
from clea_platform.candidates import models as candidates_models
from clea_platform.certificates import models as certificates_models
from clea_platform.db.base import CREDENTIAL, Base
from clea_platform.declarations import models as declarations_models
from clea_platform.documents import models as documents_models
from clea_platform.dossiers import models as dossiers_models
from clea_platform.evaluations import models as evaluations_models
from clea_platform.exchange import models as exchange_models
from clea_platform.follow_up import models as follow_up_models
from clea_platform.identity import models as identity_models
from clea_platform.juries import models as juries_models
from clea_platform.mail import models as mail_models
from clea_platform.referentiels import models as referentiels_models
from clea_platform.reminders import models as reminders_models
from clea_platform.statistics import models as statistics_models
from clea_platform.storage import models as storage_models
from clea_platform.tenants import models as tenants_models
from clea_platform.training import models as training_models
from clea_platform.webhooks import models as webhooks_models


def credential_columns() -> dict[str, list[str]]:
    """Table → its credential columns (``credential_column()``), from the models."""
    found: dict[str, list[str]] = {}
    for table in Base.metadata.tables.values():
        for column in table.columns:
            if column.info.get(CREDENTIAL):
                found.setdefault(table.name, []).append(column.name)
    return found


__all__ = [
    "Base",
    "accreditations_models",
    "audit_models",
    "candidate_space_models",
    "candidates_models",
    "certificates_models",
    "credential_columns",
    "declarations_models",
    "documents_models",
    "dossiers_models",
    "evaluations_models",
    "exchange_models",
    "follow_up_models",
    "identity_models",
    "juries_models",
    "mail_models",
    "referentiels_models",
    "reminders_models",
    "statistics_models",
    "storage_models",
    "tenants_models",
    "training_models",
    "webhooks_models",
]
