"""``clea statistics rebuild``: the statistics' per-dossier summary recomputed from the
dossiers, their timelines and certificates."""

from __future__ import annotations

import argparse

from clea_platform.cli.runtime import rebuild_in_every_organisation
from clea_platform.statistics import summary


def rebuild(args: argparse.Namespace) -> int:
    """Recompute ``dossier_statistics`` in every organisation (one transaction)."""
    return rebuild_in_every_organisation(
        "system:statistics",
        "système (clea statistics rebuild)",
        summary.rebuild,
        "résumé(s)",
        "résumé des statistiques recalculé.",
    )
