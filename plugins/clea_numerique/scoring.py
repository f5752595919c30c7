"""CléA numérique's rule: every competence at or above the version's threshold."""

from __future__ import annotations

from collections.abc import Mapping, Sequence

from clea_platform.plugins import LeafVerdict, Outcome, ReferentielTree, ResultValue, roll_up

THRESHOLD_PARAMETER = "threshold_percent"


class ThresholdRule:
    """Each item is scored in percent; an item is acquired at or above the threshold.

    The threshold is a parameter of the référentiel version (``scoring.threshold_percent``,
    75 in the 2018 version), never a constant of the code.

    Example:
        >>> from clea_platform.plugins import TreeNode
        >>> tree = ReferentielTree(levels=("compétence",), roots=(
        ...     TreeNode(code="1", title="Identifier", depth=1, position=0),),
        ...     scoring_parameters={"threshold_percent": 75})
        >>> ThresholdRule().score(tree, {"1": 75}).eligible
        True
    """

    def parameter_problems(self, parameters: Mapping[str, object]) -> Sequence[str]:
        threshold = parameters.get(THRESHOLD_PARAMETER)
        if isinstance(threshold, bool) or not isinstance(threshold, int | float):
            return [f"scoring.{THRESHOLD_PARAMETER} : seuil en pourcentage obligatoire"]
        if not 0 < threshold <= 100:
            return [f"scoring.{THRESHOLD_PARAMETER} : le seuil doit être entre 1 et 100"]
        return []

    def acquisition_threshold(self, parameters: Mapping[str, object]) -> float | None:
        """The version's threshold: a competence scored at or above it is acquired.

        Example:
            >>> ThresholdRule().acquisition_threshold({"threshold_percent": 75})
            75.0
        """
        if self.parameter_problems(parameters):
            return None
        threshold = parameters[THRESHOLD_PARAMETER]
        assert isinstance(threshold, int | float)
        return float(threshold)

    def score(self, tree: ReferentielTree, results: Mapping[str, ResultValue]) -> Outcome:
        threshold = float(tree.scoring_parameters[THRESHOLD_PARAMETER])
        verdicts = {
            code: LeafVerdict(acquired=value >= threshold, score=value / 100)
            for code, value in results.items()
            if isinstance(value, int) and not isinstance(value, bool)
        }
        return roll_up(tree, verdicts)
