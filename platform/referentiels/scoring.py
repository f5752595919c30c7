"""What a scoring rule is, and the roll-up every rule shares.

A certification plugin turns the evaluator's result per item (on the plugin's scale)
into a verdict per leaf; :func:`roll_up` then derives the mastery of every node and
the outcome: eligible for the jury, or the list of gaps (leaves not acquired, in
référentiel order). Items without a result count as gaps: nothing is presumed acquired.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Literal, Protocol, runtime_checkable

from clea_platform.referentiels.tree import ReferentielTree, TreeNode

ResultValue = str | int


@dataclass(frozen=True, slots=True)
class ScaleChoice:
    """One value of a categorical scale, e.g. ``acquis``."""

    value: str
    label: str
    acquired: bool


@dataclass(frozen=True, slots=True)
class ResultScale:
    """The values an evaluator may record for an item.

    ``kind="choice"`` offers ``choices``; ``kind="percent"`` takes an integer from
    ``minimum`` to ``maximum`` (0–100).
    """

    kind: Literal["choice", "percent"]
    choices: tuple[ScaleChoice, ...] = ()
    minimum: int = 0
    maximum: int = 100

    def problem(self, value: ResultValue) -> str | None:
        """Why ``value`` is not on this scale (French), or ``None`` when it is."""
        if self.kind == "percent":
            if (
                isinstance(value, bool)
                or not isinstance(value, int)
                or not self.minimum <= value <= self.maximum
            ):
                return f"un pourcentage entier entre {self.minimum} et {self.maximum} est attendu"
            return None
        if value not in {choice.value for choice in self.choices}:
            allowed = ", ".join(f"« {choice.value} »" for choice in self.choices)
            return f"valeur inconnue ; valeurs possibles : {allowed}"
        return None


BINARY_SCALE = ResultScale(
    kind="choice",
    choices=(
        ScaleChoice(value="acquis", label="Acquis", acquired=True),
        ScaleChoice(value="non_acquis", label="Non acquis", acquired=False),
    ),
)
PERCENT_SCALE = ResultScale(kind="percent")


@dataclass(frozen=True, slots=True)
class LeafVerdict:
    """What a rule decides for one evaluated leaf: acquired or not, and a score in [0, 1]."""

    acquired: bool
    score: float


@dataclass(frozen=True, slots=True)
class NodeMastery:
    """Mastery of one node: acquired when every leaf under it is; ``score`` is their mean."""

    code: str
    acquired: bool
    score: float
    evaluated_leaves: int
    total_leaves: int


@dataclass(frozen=True, slots=True)
class Outcome:
    """The result of scoring: mastery per node, the gaps, and eligibility for the jury."""

    mastery: Mapping[str, NodeMastery]
    gaps: tuple[str, ...]

    @property
    def eligible(self) -> bool:
        return not self.gaps


class ScoringRule(Protocol):
    """Turns results per item into an :class:`Outcome`; provided by each plugin."""

    def parameter_problems(self, parameters: Mapping[str, object]) -> Sequence[str]:
        """French reasons why a version's ``scoring`` parameters cannot be used (empty if fine)."""
        ...

    def score(self, tree: ReferentielTree, results: Mapping[str, ResultValue]) -> Outcome:
        """Score ``results`` (item code → value) against ``tree``."""
        ...


@runtime_checkable
class StatesAcquisitionThreshold(Protocol):
    """Optional for a rule on a percent scale: from which value an item counts as acquired.

    Clients show it next to the grid (« acquis à partir de 75 % »); the rule stays the
    authority when scoring.
    """

    def acquisition_threshold(self, parameters: Mapping[str, object]) -> float | None:
        """The lowest acquired value under a version's ``scoring`` parameters, if any."""
        ...


def acquisition_threshold(rule: ScoringRule, parameters: Mapping[str, object]) -> float | None:
    """What ``rule`` says about the acquisition threshold, or ``None`` when it says nothing.

    Example:
        >>> acquisition_threshold(ChoiceScaleRule(BINARY_SCALE), {}) is None
        True
    """
    if isinstance(rule, StatesAcquisitionThreshold):
        return rule.acquisition_threshold(parameters)
    return None


def roll_up(tree: ReferentielTree, verdicts: Mapping[str, LeafVerdict]) -> Outcome:
    """Derive every node's mastery and the gaps from the verdicts on leaves.

    Example:
        >>> from clea_platform.referentiels.tree import TreeNode
        >>> tree = ReferentielTree(levels=("domaine",), roots=(
        ...     TreeNode(code="1", title="A", depth=1, position=0),
        ...     TreeNode(code="2", title="B", depth=1, position=1)))
        >>> roll_up(tree, {"1": LeafVerdict(True, 1.0)}).gaps
        ('2',)
    """
    mastery: dict[str, NodeMastery] = {}

    def visit(node: TreeNode) -> NodeMastery:
        if node.is_leaf:
            verdict = verdicts.get(node.code)
            result = NodeMastery(
                code=node.code,
                acquired=verdict is not None and verdict.acquired,
                score=0.0 if verdict is None else verdict.score,
                evaluated_leaves=0 if verdict is None else 1,
                total_leaves=1,
            )
        else:
            parts = [visit(child) for child in node.children]
            total = sum(part.total_leaves for part in parts)
            result = NodeMastery(
                code=node.code,
                acquired=all(part.acquired for part in parts),
                score=sum(part.score * part.total_leaves for part in parts) / total,
                evaluated_leaves=sum(part.evaluated_leaves for part in parts),
                total_leaves=total,
            )
        mastery[node.code] = result
        return result

    for root in tree.roots:
        visit(root)
    gaps = tuple(node.code for node in tree.leaves() if not mastery[node.code].acquired)
    return Outcome(mastery=mastery, gaps=gaps)


class ChoiceScaleRule:
    """Every leaf must carry a value of the scale marked ``acquired`` (CléA, CléA Management).

    Example:
        >>> rule = ChoiceScaleRule(BINARY_SCALE)
        >>> tree = ReferentielTree(levels=("domaine",), roots=(
        ...     TreeNode(code="1", title="A", depth=1, position=0),))
        >>> rule.score(tree, {"1": "acquis"}).eligible
        True
    """

    def __init__(self, scale: ResultScale) -> None:
        self.scale = scale
        self._acquired = {choice.value for choice in scale.choices if choice.acquired}

    def parameter_problems(self, parameters: Mapping[str, object]) -> Sequence[str]:
        return ()

    def score(self, tree: ReferentielTree, results: Mapping[str, ResultValue]) -> Outcome:
        verdicts = {}
        for code, value in results.items():
            acquired = value in self._acquired
            verdicts[code] = LeafVerdict(acquired=acquired, score=1.0 if acquired else 0.0)
        return roll_up(tree, verdicts)
