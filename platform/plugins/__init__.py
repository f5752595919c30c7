"""Everything a certification plugin needs, from one import path.

A plugin imports from here only; the modules behind these names may move::

    from clea_platform.plugins import (
        BINARY_SCALE, Certification, CertificationLimits, ChoiceScaleRule, hookimpl,
    )

* the hook marker :data:`hookimpl` (the hooks: :mod:`clea_platform.plugins.hookspecs`);
* what a plugin hands the platform: :class:`Certification`, :class:`CertificationLimits`,
  :class:`CertificationFees`;
* scales and scoring: :class:`ResultScale`, :class:`ScaleChoice`, :data:`BINARY_SCALE`,
  :data:`PERCENT_SCALE`, :class:`ScoringRule`, :class:`ChoiceScaleRule`,
  :class:`LeafVerdict`, :class:`NodeMastery`, :class:`Outcome`, :data:`ResultValue`,
  :func:`roll_up`, :func:`acquisition_threshold`;
* the référentiel tree a rule scores: :class:`ReferentielTree`, :class:`TreeNode`;
* for a plugin's own tests: :func:`build_plugin_manager`, :class:`CertificationRegistry`.
"""

from clea_platform.plugins.certification import (
    Certification,
    CertificationFees,
    CertificationLimits,
)
from clea_platform.plugins.hookspecs import hookimpl
from clea_platform.plugins.registry import CertificationRegistry, build_plugin_manager
from clea_platform.referentiels.scoring import (
    BINARY_SCALE,
    PERCENT_SCALE,
    ChoiceScaleRule,
    LeafVerdict,
    NodeMastery,
    Outcome,
    ResultScale,
    ResultValue,
    ScaleChoice,
    ScoringRule,
    acquisition_threshold,
    roll_up,
)
from clea_platform.referentiels.tree import ReferentielTree, TreeNode

__all__ = [
    "BINARY_SCALE",
    "PERCENT_SCALE",
    "Certification",
    "CertificationFees",
    "CertificationLimits",
    "CertificationRegistry",
    "ChoiceScaleRule",
    "LeafVerdict",
    "NodeMastery",
    "Outcome",
    "ReferentielTree",
    "ResultScale",
    "ResultValue",
    "ScaleChoice",
    "ScoringRule",
    "TreeNode",
    "acquisition_threshold",
    "build_plugin_manager",
    "hookimpl",
    "roll_up",
]
