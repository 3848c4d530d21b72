"""What is special to exercises 04-06, beyond what tests/test_exercises.py checks for every
question.

Four choice questions compute their right letter from the data: 04.4 from the verdict of a
lift's interval, 05.4 from the strongest ACSI path, 05.6 from delivery's IPA quadrant and
06.6 from the most common kind of unprofitable customer. Each maps the library's own
vocabulary onto its options, so these tests check that every word the library can return
has its option, and that the option says it. And the "one survey" mistake of 05.2 is
computed with a shortcut (``nps_noise`` with the change times the square root of 2); a hand
calculation shows it is the sample size for which one NPS has a 5-point margin.
"""

from __future__ import annotations

import math

import pandas as pd
import pytest

from crmkit import satisfaction, swift, value
from crmkit.exercises import q04, q05, q06


def test_every_lift_verdict_has_the_option_that_states_it():
    assert set(q04._VERDICT_LETTER) == set(swift.VERDICTS)
    for verdict, letter in q04._VERDICT_LETTER.items():
        said = verdict.split(":")[0]  # "real gain", "not clear", "real loss"
        assert said in q04.Q4.options[letter].lower(), (verdict, letter)
    named = {m.wrong(None) for m in q04.Q4.mistakes}
    assert named.isdisjoint(q04._VERDICT_LETTER.values())  # never a right reading


def test_every_driver_of_satisfaction_has_the_option_that_names_it():
    drivers = {source for source, target in satisfaction.ACSI_PATHS if target == "satisfaction"}
    assert set(q05.DRIVER_LETTER) == drivers
    for driver, letter in q05.DRIVER_LETTER.items():
        assert driver in q05.Q4.options[letter].lower(), (driver, letter)


def test_every_ipa_quadrant_has_the_option_that_names_it():
    # Four attributes, one in each quadrant: (mean importance, mean performance).
    means = {"w": (5, 1), "x": (5, 5), "y": (1, 1), "z": (1, 5)}
    surveys = pd.DataFrame(
        {f"imp_{a}": [i, i] for a, (i, _) in means.items()}
        | {f"perf_{a}": [p, p] for a, (_, p) in means.items()}
    )
    quadrants = set(satisfaction.ipa(surveys, attributes=list(means))["quadrant"])
    assert quadrants == set(q05.QUADRANT_LETTER)
    for quadrant, letter in q05.QUADRANT_LETTER.items():
        assert q05.Q6.options[letter].lower().startswith(quadrant), (quadrant, letter)


def test_every_kind_of_unprofitable_customer_has_its_option():
    assert set(q06.KIND_LETTER) == set(value.UNPROFITABLE_KINDS) - {"profitable"}
    assert "deal seekers" in q06.Q6.options[q06.KIND_LETTER["deal seeker"]]
    assert "one order or none" in q06.Q6.options[q06.KIND_LETTER["one order or none"]]
    assert "serve" in q06.Q6.options[q06.KIND_LETTER["other unprofitable"]]


def test_the_one_survey_mistake_is_the_sample_for_a_5_point_margin_of_one_nps():
    # Hand calculation: 40 promoters, 30 passives, 30 detractors of 100 answers, so
    # p_P = 0.4, p_D = 0.3 and one answer's SD is 100 * sqrt(0.4 + 0.3 - 0.1^2) = 83.07
    # points. One NPS of n answers has the margin z * SD / sqrt(n) (z = 1.959964 for 95%),
    # which is 5 points for n = (z * SD / 5)^2 = 1060.2, so 1,061 answers; the difference of
    # two surveys needs twice that, 2 * 1060.2 = 2120.5, so 2,121 answers each.
    surveys = pd.DataFrame({"nps_score": [10] * 40 + [8] * 30 + [3] * 30})
    sd = 100 * math.sqrt(0.4 + 0.3 - 0.1**2)
    z = 1.959963984540054
    assert satisfaction.nps_noise(surveys, change=5).sd == pytest.approx(sd)
    assert math.ceil((z * sd / 5) ** 2) == 1061
    one = satisfaction.nps_noise(surveys, change=q05.CHANGE * math.sqrt(2)).n_needed
    assert one == 1061
    assert satisfaction.nps_noise(surveys, change=q05.CHANGE).n_needed == 2121
