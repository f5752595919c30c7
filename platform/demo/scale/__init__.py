"""``clea demo --scale N``: thousands of realistic dossiers on top of the demo data.

Tops the two demo evaluator organisations up to ``N`` dossiers in all (dossiers already
there count, so running it again with the same ``N`` adds nothing). Candidate number
``k`` is drawn from a random generator seeded with ``k``: the same ``N`` gives the same
people, pathways and results on every database (identifiers and the dates, which follow
the day of the run, excepted).

Every stage of the pathway is represented (opened, évaluation préalable in progress,
training with its plan and progress, évaluation finale, jury, certified, not certified,
abandoned, expired), with the rows the services would have written: timeline events,
evaluations with their sittings and results per item, billable évaluations préalables,
training plans with objectives and progress. Outcomes come from the certification
plugins' own scoring rules, applied to a pool of result profiles drawn once per
certification. Rows are written with bulk ``INSERT``s, one transaction per batch of
:data:`BATCH_DOSSIERS` dossiers, each tenant's rows as that tenant (row-level security
applies), so memory stays bounded and an interrupted run resumes where it stopped.
"""

from clea_platform.demo.scale.candidates import generate_candidate
from clea_platform.demo.scale.inserts import insert_batch
from clea_platform.demo.scale.loading import EVALUATOR_SLUGS, load_world
from clea_platform.demo.scale.model import (
    INSERT_ORDER,
    SEED,
    Batch,
    Catalogue,
    DemoTenant,
    Person,
    Profile,
    ScaleReport,
    World,
)
from clea_platform.demo.scale.profiles import build_profiles
from clea_platform.demo.scale.top_up import BATCH_DOSSIERS, top_up

__all__ = [
    "BATCH_DOSSIERS",
    "EVALUATOR_SLUGS",
    "INSERT_ORDER",
    "SEED",
    "Batch",
    "Catalogue",
    "DemoTenant",
    "Person",
    "Profile",
    "ScaleReport",
    "World",
    "build_profiles",
    "generate_candidate",
    "insert_batch",
    "load_world",
    "top_up",
]
