"""Pools of result profiles, scored by the certification plugin's own rule."""

from __future__ import annotations

import random

from clea_platform.demo.scale.model import SEED, Profile
from clea_platform.evaluations.service import outcome_json
from clea_platform.plugins.certification import Certification
from clea_platform.referentiels.scoring import ResultValue
from clea_platform.referentiels.tree import ReferentielTree

PROFILES_PER_POOL = 200


def build_profiles(
    certification: Certification, tree: ReferentielTree, count: int = PROFILES_PER_POOL
) -> tuple[tuple[Profile, ...], tuple[Profile, ...]]:
    """Pools of profiles without gaps and with gaps, classified by the plugin's scoring."""
    rng = random.Random(f"{SEED}:profiles:{certification.code}")
    leaves = tree.leaf_codes()
    scale = certification.scale
    acquired = [c.value for c in scale.choices if c.acquired]
    missed = [c.value for c in scale.choices if not c.acquired]
    # Some items are harder than others, the same ones for everybody.
    difficulty = {code: rng.uniform(0.3, 1.7) for code in leaves}

    def value(gap: bool) -> ResultValue:
        if scale.kind == "percent":
            return rng.randint(15, 70) if gap else rng.randint(80, 100)
        return rng.choice(missed) if gap and missed else acquired[0]

    eligible: list[Profile] = []
    with_gaps: list[Profile] = []
    for attempt in range(count * 20):
        if len(eligible) >= count and len(with_gaps) >= count:
            break
        gap_rate = 0.0 if attempt % 4 == 0 else rng.uniform(0.02, 0.4)
        initial = {code: value(rng.random() < gap_rate * difficulty[code]) for code in leaves}
        outcome = certification.scoring.score(tree, initial)
        if outcome.eligible:
            if len(eligible) < count:
                eligible.append(Profile(initial, outcome_json(outcome), (), {}, None))
            continue
        if len(with_gaps) >= count:
            continue
        final = {code: value(False) for code in outcome.gaps}
        final_outcome = certification.scoring.score(tree, {**initial, **final})
        if final_outcome.eligible:
            with_gaps.append(
                Profile(
                    initial, outcome_json(outcome), outcome.gaps, final, outcome_json(final_outcome)
                )
            )
    return tuple(eligible), tuple(with_gaps)
