"""Scoring: the shared roll-up, the choice-scale rule (CléA, CléA Management), CléA
numérique's threshold rule and the result scales — by example and by property.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Mapping

import pytest
from hypothesis import given
from hypothesis import strategies as st

from clea_management.plugin import CLEA_MANAGEMENT
from clea_numerique.plugin import CLEA_NUMERIQUE
from clea_numerique.scoring import ThresholdRule
from clea_platform.plugins.certification import Certification
from clea_platform.plugins.registry import CertificationRegistry
from clea_platform.referentiels.scoring import (
    BINARY_SCALE,
    PERCENT_SCALE,
    ChoiceScaleRule,
    LeafVerdict,
    Outcome,
    ResultScale,
    ResultValue,
    ScaleChoice,
    acquisition_threshold,
    roll_up,
)
from clea_platform.referentiels.tree import ReferentielTree, TreeNode
from clea_socle.plugin import CLEA

CHOICE_CERTIFICATIONS = pytest.mark.parametrize(
    "certification", [CLEA, CLEA_MANAGEMENT], ids=lambda c: c.code
)
UNKNOWN_VALUE = "peut-être"
NOT_IN_TREE = "99.99"


# --- strategies -----------------------------------------------------------------------------


@st.composite
def trees(draw: st.DrawFn) -> ReferentielTree:
    """A référentiel of 1–3 levels, 1–4 children per node; leaves sometimes above the last level."""
    depth = draw(st.integers(min_value=1, max_value=3))
    leaves_anywhere = draw(st.booleans())

    def nodes(prefix: str, parent: str | None, level: int) -> tuple[TreeNode, ...]:
        count = draw(st.integers(min_value=1, max_value=4))
        built = []
        for position in range(count):
            code = f"{prefix}{position + 1}"
            is_leaf = level == depth or (leaves_anywhere and draw(st.booleans()))
            children = () if is_leaf else nodes(f"{code}.", code, level + 1)
            built.append(
                TreeNode(
                    code=code,
                    title=f"Item {code}",
                    depth=level,
                    position=position,
                    parent_code=parent,
                    children=children,
                )
            )
        return tuple(built)

    levels = tuple(f"niveau {n}" for n in range(1, depth + 1))
    return ReferentielTree(levels=levels, roots=nodes("", None, 1))


@st.composite
def choice_results(
    draw: st.DrawFn, tree: ReferentielTree, scale: ResultScale
) -> dict[str, ResultValue]:
    """Results on ``scale`` for some leaves, plus noise: unknown values and foreign codes."""
    acquired = [choice.value for choice in scale.choices if choice.acquired]
    if draw(st.booleans()):  # often enough, a candidate who acquired everything
        return {code: draw(st.sampled_from(acquired)) for code in tree.leaf_codes()}
    values = st.sampled_from([choice.value for choice in scale.choices] + [UNKNOWN_VALUE])
    results: dict[str, ResultValue] = {}
    for code in tree.leaf_codes():
        if draw(st.booleans()):
            results[code] = draw(values)
    if draw(st.booleans()):
        results[NOT_IN_TREE] = draw(values)
    return results


@st.composite
def trees_with_verdicts(draw: st.DrawFn) -> tuple[ReferentielTree, dict[str, LeafVerdict]]:
    tree = draw(trees())
    verdicts = {}
    for code in tree.leaf_codes():
        if draw(st.integers(min_value=0, max_value=4)):  # one leaf in five has no verdict
            verdicts[code] = LeafVerdict(
                acquired=draw(st.booleans()),
                score=draw(st.floats(min_value=0, max_value=1)),
            )
    return tree, verdicts


@st.composite
def percent_results(draw: st.DrawFn, tree: ReferentielTree) -> dict[str, ResultValue]:
    results: dict[str, ResultValue] = {}
    for code in tree.leaf_codes():
        if draw(st.integers(min_value=0, max_value=5)):  # one competence in six not evaluated
            results[code] = draw(st.integers(min_value=0, max_value=100))
    return results


thresholds = st.one_of(
    st.integers(min_value=1, max_value=100),
    st.floats(min_value=1, max_value=100, allow_nan=False),
)


# --- helpers --------------------------------------------------------------------------------


def leaf(code: str, position: int = 0) -> TreeNode:
    return TreeNode(code=code, title=code, depth=1, position=position)


def flat_tree(*codes: str) -> ReferentielTree:
    return ReferentielTree(
        levels=("domaine",), roots=tuple(leaf(c, i) for i, c in enumerate(codes))
    )


def two_level_tree(domains: Mapping[str, list[str]]) -> ReferentielTree:
    roots = tuple(
        TreeNode(
            code=domain,
            title=domain,
            depth=1,
            position=position,
            children=tuple(
                TreeNode(code=code, title=code, depth=2, position=index, parent_code=domain)
                for index, code in enumerate(criteria)
            ),
        )
        for position, (domain, criteria) in enumerate(domains.items())
    )
    return ReferentielTree(levels=("domaine", "critère"), roots=roots)


def with_threshold(tree: ReferentielTree, threshold: object) -> ReferentielTree:
    return dataclasses.replace(tree, scoring_parameters={"threshold_percent": threshold})


def assert_consistent(
    tree: ReferentielTree, outcome: Outcome, leaf_acquired: Mapping[str, bool]
) -> None:
    """What every rule guarantees, given which leaves the rule deems acquired."""
    expected_gaps = tuple(code for code in tree.leaf_codes() if not leaf_acquired[code])
    assert outcome.gaps == expected_gaps
    assert outcome.eligible == all(leaf_acquired.values())
    assert set(outcome.mastery) == {node.code for node in tree.walk()}
    for node in tree.walk():
        mastery = outcome.mastery[node.code]
        leaves = list(node.leaves())
        assert mastery.acquired == all(leaf_acquired[leaf.code] for leaf in leaves)
        assert mastery.total_leaves == len(leaves)
        assert 0.0 <= mastery.score <= 1.0
        assert 0 <= mastery.evaluated_leaves <= mastery.total_leaves


# --- roll_up --------------------------------------------------------------------------------


def test_roll_up_counts_a_leaf_without_verdict_as_a_gap() -> None:
    # given two items, only the first with a verdict
    tree = flat_tree("1", "2")
    # when
    outcome = roll_up(tree, {"1": LeafVerdict(acquired=True, score=1.0)})
    # then nothing is presumed acquired
    assert outcome.gaps == ("2",)
    assert not outcome.eligible
    assert outcome.mastery["2"].score == 0.0
    assert outcome.mastery["2"].evaluated_leaves == 0


def test_roll_up_averages_scores_over_the_leaves_not_over_the_children() -> None:
    # given a domain with one criterion and a domain with three
    tree = two_level_tree({"A": ["A1"], "B": ["B1", "B2", "B3"]})
    verdicts = {
        "A1": LeafVerdict(acquired=True, score=1.0),
        "B1": LeafVerdict(acquired=False, score=0.0),
        "B2": LeafVerdict(acquired=True, score=1.0),
        "B3": LeafVerdict(acquired=True, score=1.0),
    }
    # when
    outcome = roll_up(tree, verdicts)
    # then the domain with more criteria weighs more, and one gap sinks its domain
    assert outcome.mastery["B"].score == pytest.approx(2 / 3)
    assert outcome.mastery["B"].evaluated_leaves == 3
    assert not outcome.mastery["B"].acquired
    assert outcome.mastery["A"].acquired
    assert outcome.gaps == ("B1",)


def test_roll_up_ignores_verdicts_on_codes_that_are_not_leaves() -> None:
    # given a verdict on a domain and on a code absent from the tree
    tree = two_level_tree({"1": ["1.1"]})
    verdicts = {"1": LeafVerdict(True, 1.0), "9": LeafVerdict(True, 1.0)}
    # when
    outcome = roll_up(tree, verdicts)
    # then a domain is never acquired on its own, only through its criteria
    assert outcome.gaps == ("1.1",)
    assert not outcome.mastery["1"].acquired
    assert "9" not in outcome.mastery


@given(case=trees_with_verdicts())
def test_roll_up_derives_every_node_from_its_leaves(
    case: tuple[ReferentielTree, dict[str, LeafVerdict]],
) -> None:
    # given a random tree and verdicts on some of its leaves
    tree, verdicts = case
    # when
    outcome = roll_up(tree, verdicts)
    # then gaps, acquisition and counts follow the leaves; a node's score is its leaves' mean
    acquired = {code: code in verdicts and verdicts[code].acquired for code in tree.leaf_codes()}
    assert_consistent(tree, outcome, acquired)
    for node in tree.walk():
        leaves = [leaf.code for leaf in node.leaves()]
        scores = [verdicts[code].score if code in verdicts else 0.0 for code in leaves]
        mastery = outcome.mastery[node.code]
        assert mastery.score == pytest.approx(sum(scores) / len(scores))
        assert mastery.evaluated_leaves == sum(code in verdicts for code in leaves)


# --- ChoiceScaleRule (CléA, CléA Management) --------------------------------------------------


def test_clea_is_eligible_when_every_one_of_its_107_criteria_is_acquired() -> None:
    # given the bundled CléA tree and every criterion acquired
    tree = CLEA.bundled_referentiel.tree
    results: dict[str, ResultValue] = dict.fromkeys(tree.leaf_codes(), "acquis")
    # when
    outcome = CLEA.scoring.score(tree, results)
    # then
    assert outcome.eligible
    assert outcome.gaps == ()
    assert all(mastery.acquired and mastery.score == 1.0 for mastery in outcome.mastery.values())
    assert outcome.mastery["1"].total_leaves == outcome.mastery["1"].evaluated_leaves


def test_one_criterion_not_acquired_makes_clea_ineligible_and_is_the_only_gap() -> None:
    # given every criterion acquired but one in sub-domain 3.2
    tree = CLEA.bundled_referentiel.tree
    missed = next(code for code in tree.leaf_codes() if code.startswith("3.2."))
    results: dict[str, ResultValue] = dict.fromkeys(tree.leaf_codes(), "acquis")
    results[missed] = "non_acquis"
    # when
    outcome = CLEA.scoring.score(tree, results)
    # then the gap is reported, its sub-domain and domain are not acquired, the others are
    assert outcome.gaps == (missed,)
    assert not outcome.eligible
    assert not outcome.mastery["3.2"].acquired
    assert not outcome.mastery["3"].acquired
    assert outcome.mastery["3.1"].acquired
    assert all(outcome.mastery[root.code].acquired for root in tree.roots if root.code != "3")


def test_clea_with_no_result_lists_all_107_criteria_as_gaps_in_referentiel_order() -> None:
    # given an évaluation préalable not started
    tree = CLEA.bundled_referentiel.tree
    # when
    outcome = CLEA.scoring.score(tree, {})
    # then
    assert outcome.gaps == tree.leaf_codes()
    assert len(outcome.gaps) == 107
    assert outcome.mastery["7"].evaluated_leaves == 0


def test_clea_management_needs_its_three_areas_acquired() -> None:
    # given the three areas, one of them not acquired
    tree = CLEA_MANAGEMENT.bundled_referentiel.tree
    first, second, third = tree.leaf_codes()
    # when
    partial = CLEA_MANAGEMENT.scoring.score(
        tree, {first: "acquis", second: "non_acquis", third: "acquis"}
    )
    complete = CLEA_MANAGEMENT.scoring.score(tree, dict.fromkeys((first, second, third), "acquis"))
    # then
    assert partial.gaps == (second,)
    assert complete.eligible


@CHOICE_CERTIFICATIONS
@given(data=st.data())
def test_a_choice_rule_is_eligible_iff_every_leaf_is_acquired(
    certification: Certification, data: st.DataObject
) -> None:
    # given a random tree and random results on the certification's scale
    tree = data.draw(trees())
    results = data.draw(choice_results(tree, certification.scale))
    acquired_values = {c.value for c in certification.scale.choices if c.acquired}
    # when
    outcome = certification.scoring.score(tree, results)
    # then gaps are exactly the leaves not acquired or without result, in référentiel order
    acquired = {code: results.get(code) in acquired_values for code in tree.leaf_codes()}
    assert_consistent(tree, outcome, acquired)
    for node in tree.walk():
        leaves = [leaf.code for leaf in node.leaves()]
        mastery = outcome.mastery[node.code]
        assert mastery.score == pytest.approx(sum(acquired[c] for c in leaves) / len(leaves))
        assert mastery.evaluated_leaves == sum(code in results for code in leaves)


@CHOICE_CERTIFICATIONS
@given(data=st.data())
def test_the_gaps_on_the_bundled_tree_are_the_criteria_not_acquired_in_order(
    certification: Certification, data: st.DataObject
) -> None:
    # given the bundled référentiel and a random set of criteria not acquired
    tree = certification.bundled_referentiel.tree
    codes = tree.leaf_codes()
    missed = data.draw(st.sets(st.sampled_from(codes)))
    results: dict[str, ResultValue] = {
        code: "non_acquis" if code in missed else "acquis" for code in codes
    }
    # when
    outcome = certification.scoring.score(tree, results)
    # then
    assert outcome.gaps == tuple(code for code in codes if code in missed)
    assert outcome.eligible == (not missed)


def test_a_choice_rule_accepts_any_scoring_parameters() -> None:
    rule = ChoiceScaleRule(BINARY_SCALE)
    assert rule.parameter_problems({}) == ()
    assert rule.parameter_problems({"threshold_percent": "n'importe quoi"}) == ()


def test_a_choice_rule_honours_every_acquired_value_of_its_scale() -> None:
    # given a three-value scale where two values count as acquired
    scale = ResultScale(
        kind="choice",
        choices=(
            ScaleChoice("maitrise", "Maîtrisé", acquired=True),
            ScaleChoice("acquis", "Acquis", acquired=True),
            ScaleChoice("en_cours", "En cours", acquired=False),
        ),
    )
    tree = flat_tree("1", "2", "3")
    # when
    outcome = ChoiceScaleRule(scale).score(tree, {"1": "maitrise", "2": "acquis", "3": "en_cours"})
    # then
    assert outcome.gaps == ("3",)


# --- ThresholdRule (CléA numérique) ---------------------------------------------------------


def test_clea_numerique_uses_the_threshold_rule(registry: CertificationRegistry) -> None:
    certification = registry.get("CLEA_NUMERIQUE")
    assert isinstance(certification.scoring, ThresholdRule)
    assert certification.scale == PERCENT_SCALE


def test_numerique_is_eligible_when_every_competence_reaches_75_percent() -> None:
    # given the bundled 2018 version (threshold 75) and every competence at exactly 75
    tree = CLEA_NUMERIQUE.bundled_referentiel.tree
    results: dict[str, ResultValue] = dict.fromkeys(tree.leaf_codes(), 75)
    # when
    outcome = CLEA_NUMERIQUE.scoring.score(tree, results)
    # then the threshold itself is enough
    assert outcome.eligible
    assert all(mastery.score == 0.75 for mastery in outcome.mastery.values())


def test_one_competence_below_75_percent_is_the_only_gap() -> None:
    # given every competence at 100 but the third at 74
    tree = CLEA_NUMERIQUE.bundled_referentiel.tree
    codes = tree.leaf_codes()
    results: dict[str, ResultValue] = dict.fromkeys(codes, 100)
    results[codes[2]] = 74
    # when
    outcome = CLEA_NUMERIQUE.scoring.score(tree, results)
    # then
    assert outcome.gaps == (codes[2],)
    assert outcome.mastery[codes[2]].score == pytest.approx(0.74)


def test_a_competence_without_result_is_a_gap() -> None:
    tree = CLEA_NUMERIQUE.bundled_referentiel.tree
    codes = tree.leaf_codes()
    results: dict[str, ResultValue] = dict.fromkeys(codes[1:], 100)
    assert CLEA_NUMERIQUE.scoring.score(tree, results).gaps == (codes[0],)


def test_the_threshold_is_read_from_the_version_not_from_the_code() -> None:
    # given the same results scored against versions with thresholds 75 and 60
    bundled = CLEA_NUMERIQUE.bundled_referentiel.tree
    results: dict[str, ResultValue] = dict.fromkeys(bundled.leaf_codes(), 65)
    # when
    at_75 = CLEA_NUMERIQUE.scoring.score(bundled, results)
    at_60 = CLEA_NUMERIQUE.scoring.score(with_threshold(bundled, 60), results)
    # then only the version with the lower threshold makes the candidate eligible
    assert not at_75.eligible
    assert at_60.eligible


def test_a_fractional_threshold_is_compared_exactly() -> None:
    tree = with_threshold(flat_tree("1", "2"), 62.5)
    outcome = ThresholdRule().score(tree, {"1": 62, "2": 63})
    assert outcome.gaps == ("1",)


@pytest.mark.parametrize("value", ["80", True, 80.0])
def test_a_value_that_is_not_an_integer_percentage_counts_as_not_evaluated(
    value: ResultValue,
) -> None:
    tree = with_threshold(flat_tree("1"), 75)
    outcome = ThresholdRule().score(tree, {"1": value})
    assert outcome.gaps == ("1",)
    assert outcome.mastery["1"].evaluated_leaves == 0


@given(threshold=thresholds, data=st.data())
def test_numerique_is_eligible_iff_every_competence_reaches_the_threshold(
    threshold: float, data: st.DataObject
) -> None:
    # given the bundled competences, a version threshold and random percentages
    tree = with_threshold(CLEA_NUMERIQUE.bundled_referentiel.tree, threshold)
    results = data.draw(percent_results(tree))
    # when
    outcome = CLEA_NUMERIQUE.scoring.score(tree, results)
    # then
    acquired = {
        code: code in results and int(results[code]) >= threshold for code in tree.leaf_codes()
    }
    assert_consistent(tree, outcome, acquired)
    for code, value in results.items():
        assert outcome.mastery[code].score == pytest.approx(int(value) / 100)


@given(threshold=thresholds, data=st.data())
def test_the_threshold_rule_holds_on_any_tree(threshold: float, data: st.DataObject) -> None:
    # given a random tree (a future version could add levels) and random percentages
    tree = with_threshold(data.draw(trees()), threshold)
    results = data.draw(percent_results(tree))
    # when
    outcome = ThresholdRule().score(tree, results)
    # then
    acquired = {
        code: code in results and int(results[code]) >= threshold for code in tree.leaf_codes()
    }
    assert_consistent(tree, outcome, acquired)


def test_the_bundled_numerique_parameters_are_accepted() -> None:
    parameters = CLEA_NUMERIQUE.bundled_referentiel.tree.scoring_parameters
    assert CLEA_NUMERIQUE.scoring.parameter_problems(parameters) == []


@pytest.mark.parametrize(
    "parameters",
    [{}, {"threshold_percent": None}, {"threshold_percent": "75"}, {"threshold_percent": True}],
    ids=["missing", "null", "text", "boolean"],
)
def test_a_missing_or_non_numeric_threshold_is_refused(parameters: dict[str, object]) -> None:
    assert ThresholdRule().parameter_problems(parameters) == [
        "scoring.threshold_percent : seuil en pourcentage obligatoire"
    ]


@pytest.mark.parametrize("threshold", [0, -5, 101, 150.5, float("nan"), float("inf")])
def test_a_threshold_outside_the_percent_range_is_refused(threshold: float) -> None:
    assert ThresholdRule().parameter_problems({"threshold_percent": threshold}) == [
        "scoring.threshold_percent : le seuil doit être entre 1 et 100"
    ]


@given(threshold=st.integers())
def test_an_integer_threshold_is_accepted_iff_it_is_between_1_and_100(threshold: int) -> None:
    problems = ThresholdRule().parameter_problems({"threshold_percent": threshold})
    assert (problems == []) == (1 <= threshold <= 100)


# --- ResultScale.problem --------------------------------------------------------------------


@pytest.mark.parametrize("value", ["acquis", "non_acquis"])
def test_the_binary_scale_accepts_its_two_values(value: str) -> None:
    assert BINARY_SCALE.problem(value) is None


@pytest.mark.parametrize("value", ["Acquis", "non acquis", "", 1, True])
def test_the_binary_scale_refuses_anything_else_and_lists_its_values(value: ResultValue) -> None:
    assert BINARY_SCALE.problem(value) == (
        "valeur inconnue ; valeurs possibles : « acquis », « non_acquis »"
    )


@pytest.mark.parametrize("value", [0, 1, 75, 100])
def test_the_percent_scale_accepts_integers_from_0_to_100(value: int) -> None:
    assert PERCENT_SCALE.problem(value) is None


@pytest.mark.parametrize("value", [-1, 101, True, False, "75", 75.0])
def test_the_percent_scale_refuses_anything_else(value: ResultValue) -> None:
    assert PERCENT_SCALE.problem(value) == "un pourcentage entier entre 0 et 100 est attendu"


@given(value=st.integers())
def test_an_integer_is_on_the_percent_scale_iff_it_is_between_0_and_100(value: int) -> None:
    assert (PERCENT_SCALE.problem(value) is None) == (0 <= value <= 100)


@given(value=st.one_of(st.text(max_size=12), st.sampled_from(["acquis", "non_acquis"])))
def test_a_text_is_on_the_binary_scale_iff_it_is_one_of_its_values(value: str) -> None:
    assert (BINARY_SCALE.problem(value) is None) == (value in {"acquis", "non_acquis"})


@pytest.mark.parametrize("code", ["CLEA", "CLEA_NUMERIQUE", "CLEA_MANAGEMENT"])
def test_every_value_a_scale_accepts_can_be_scored(
    code: str, registry: CertificationRegistry
) -> None:
    # given a certification's own scale and référentiel
    certification = registry.get(code)
    tree = certification.bundled_referentiel.tree
    values: list[ResultValue] = (
        [c.value for c in certification.scale.choices]
        if certification.scale.kind == "choice"
        else [0, 50, 100]
    )
    # when every item gets each accepted value in turn
    for value in values:
        assert certification.scale.problem(value) is None
        outcome = certification.scoring.score(tree, dict.fromkeys(tree.leaf_codes(), value))
        # then the rule scores every item
        assert all(m.evaluated_leaves == m.total_leaves for m in outcome.mastery.values())


def test_the_threshold_rule_states_its_threshold_and_a_choice_rule_says_nothing() -> None:
    # Given CléA numérique's rule and a choice rule
    threshold_rule = ThresholdRule()
    choice_rule = ChoiceScaleRule(BINARY_SCALE)

    # Then the threshold comes from the version's parameters, when they are usable
    assert acquisition_threshold(threshold_rule, {"threshold_percent": 80}) == 80.0
    assert acquisition_threshold(threshold_rule, {"threshold_percent": "beaucoup"}) is None
    assert acquisition_threshold(threshold_rule, {}) is None
    # And a rule without the optional method has no threshold to state
    assert acquisition_threshold(choice_rule, {"threshold_percent": 80}) is None


def test_a_percent_scale_with_other_bounds_says_which_ones_in_its_message() -> None:
    scale = ResultScale(kind="percent", minimum=10, maximum=20)

    assert scale.problem(15) is None
    assert scale.problem(25) == "un pourcentage entier entre 10 et 20 est attendu"
