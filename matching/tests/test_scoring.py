"""Each hard rule and each soft criterion of the scoring, on hand-made pairs."""

import numpy as np
import pytest

from matching import scoring
from matching.scoring import AFTERNOON, MORNING, PO, VO, WHOLE_DAY, Ambassadors, Needs

TODAY = 739000
DTYPES = {"lat": float, "lon": float, "radius_km": float, "active": bool, "explores_education": bool,
          "half_day_only": bool}


def amb(**overrides):
    base = {
        "lat": [52.09],
        "lon": [5.12],
        "radius_km": [10.0],
        "slots": [WHOLE_DAY << 2],
        "tasks": [0b1],
        "school_types": [PO],
        "active": [True],
        "vog_from": [TODAY - 30],
        "vog_until": [TODAY + 150],
        "keywords": [0b1],
        "explores_education": [True],
        "last_school": [-1],
        "absences": [],
    }
    base.update(overrides)
    return Ambassadors(
        **{k: (np.asarray(v, dtype=DTYPES.get(k, np.int64)) if k != "absences" else v) for k, v in base.items()}
    )


def need(**overrides):
    base = {
        "lat": [52.10],
        "lon": [5.13],
        "days": [0b10],
        "part": [MORNING],
        "tasks": [0b1],
        "school_type": [PO],
        "start": [TODAY + 20],
        "hours": [4.0],
        "keywords": [0b1],
        "classroom": [True],
        "school": [7],
        "priority": [0.5],
    }
    base.update(overrides)
    return Needs(**{k: np.asarray(v) for k, v in base.items()})


def test_a_good_pair_is_feasible_with_its_day_and_distance():
    pairs = scoring.score_pairs(amb(), need())
    assert len(pairs) == 1
    assert pairs.day[0] == 2  # Tuesday
    assert 1.0 < pairs.distance_km[0] < 2.0
    assert 0 < pairs.score[0] <= 100


@pytest.mark.parametrize(
    "amb_overrides,need_overrides,rule",
    [
        ({"active": [False]}, {}, "inactive"),
        ({"vog_until": [-1]}, {}, "vog_missing"),
        ({"vog_until": [TODAY + 10]}, {}, "vog_too_old"),  # the VOG stops counting before the start
        ({"vog_from": [TODAY + 25]}, {}, "vog_too_old"),  # issued after the start
        ({"radius_km": [1.0]}, {}, "too_far"),
        ({"capacity": [0]}, {}, "full"),  # already placed as often as they can be
        ({"slots": [AFTERNOON << 2]}, {}, "no_day"),  # Tuesday afternoon only, need wants morning
        ({"slots": [MORNING << 2]}, {"part": [WHOLE_DAY]}, "no_day"),  # half a day where a whole day is needed
        ({"slots": [WHOLE_DAY << 4]}, {}, "no_day"),  # Wednesday, need is on Tuesday
        ({"absences": [(0, TODAY + 15, TODAY + 25)]}, {}, "absent"),
        ({"half_day_only": [True]}, {"part": [WHOLE_DAY]}, "half_day"),  # commits half a day a week
        ({"school_types": [VO]}, {}, "school_type"),
        ({"tasks": [0b10]}, {}, "task"),
    ],
)
def test_each_hard_rule_excludes_and_is_explained(amb_overrides, need_overrides, rule):
    a, n = amb(**amb_overrides), need(**need_overrides)
    assert len(scoring.score_pairs(a, n)) == 0
    [(who, _distance, reason)] = scoring.exclusions_for_need(a, n, 0, k=1)
    assert (who, reason) == (0, rule)


def test_vog_boundary_is_inclusive():
    assert len(scoring.score_pairs(amb(vog_until=[TODAY + 20]), need())) == 1
    assert len(scoring.score_pairs(amb(vog_until=[TODAY + 19]), need())) == 0


def test_any_offered_day_will_do_and_the_earliest_is_chosen():
    pairs = scoring.score_pairs(amb(slots=[(WHOLE_DAY << 2) | (WHOLE_DAY << 6)]), need(days=[0b1010]))
    assert pairs.day[0] == 2


def score_of(need_overrides=None, **amb_overrides):
    return scoring.score_pairs(amb(**amb_overrides), need(**(need_overrides or {}))).components


@pytest.mark.parametrize(
    "component,better,worse",
    [
        # The need asks for two tasks: wanting both beats wanting one of them.
        ("task", {"tasks": [0b11]}, {"tasks": [0b1]}),
        ("expertise", {"keywords": [0b1]}, {"keywords": [0b100]}),
        ("motivation", {"explores_education": [True]}, {"explores_education": [False]}),
        ("continuity", {"last_school": [7]}, {"last_school": [3]}),
    ],
)
def test_soft_criteria(component, better, worse):
    asks = {"tasks": [0b11]} if component == "task" else None
    assert score_of(asks, **better)[component][0] > score_of(asks, **worse)[component][0]


def test_nearer_and_more_relief_score_higher():
    near = scoring.score_pairs(amb(), need()).components["distance"][0]
    far = scoring.score_pairs(amb(), need(lat=[52.15])).components["distance"][0]
    assert near > far
    more = scoring.score_pairs(amb(), need(hours=[8.0])).components["relief"][0]
    less = scoring.score_pairs(amb(), need(hours=[2.0])).components["relief"][0]
    assert more > less


def test_weights_change_the_score():
    a, n = amb(explores_education=[False]), need()
    plain = scoring.score_pairs(a, n).score[0]
    motivated = scoring.score_pairs(amb(), n, weights={"motivation": 100}).score[0]
    assert motivated > plain
    only_distance = scoring.score_pairs(a, n, weights=dict.fromkeys(scoring.COMPONENTS, 0) | {"distance": 1}).score[0]
    assert only_distance == pytest.approx(100 * scoring.score_pairs(a, n).components["distance"][0])


def test_no_data_no_pairs():
    empty = amb(
        **{
            k: []
            for k in [
                "lat",
                "lon",
                "radius_km",
                "slots",
                "tasks",
                "school_types",
                "active",
                "vog_from",
                "vog_until",
                "keywords",
                "explores_education",
                "last_school",
            ]
        }
    )
    assert len(scoring.score_pairs(empty, need())) == 0


@pytest.mark.parametrize(
    "slots,half_day_only,expected",
    [
        ([WHOLE_DAY << 2], False, 1),                                   # one day = one need
        ([(WHOLE_DAY << 2) | (MORNING << 6)], False, 1),                # a whole day in the grid: still one need
        ([(MORNING << 2) | (AFTERNOON << 6)], False, 2),                # two half days may be two needs
        ([(MORNING << 0) | (MORNING << 4) | (AFTERNOON << 8)], False, 2),  # never more than two
        ([(MORNING << 2) | (AFTERNOON << 6)], True, 1),                 # half a day a week: one need
        ([MORNING << 2], False, 1),
        ([0], False, 0),                                                # no time, no need
    ],
)
def test_how_many_needs_an_ambassador_takes(slots, half_day_only, expected):
    assert scoring.needs_capacity(np.array(slots), np.array([half_day_only]))[0] == expected
    assert amb(slots=slots, half_day_only=[half_day_only]).capacity[0] == expected


def test_two_half_day_ambassadors_get_one_option_per_half_day_the_need_offers():
    # Free Tuesday morning and Thursday morning; need A takes Tuesday or Thursday morning, need B whole-day people only.
    a = amb(slots=[(MORNING << 2) | (MORNING << 6)])
    n = need(lat=[52.10, 52.11], lon=[5.13, 5.13], days=[0b1010, 0b10], part=[MORNING, MORNING], tasks=[1, 1],
             school_type=[PO, PO], start=[TODAY + 20] * 2, hours=[4.0, 4.0], keywords=[1, 1], classroom=[True, True],
             school=[7, 8], priority=[0.5, 0.5])
    pairs = scoring.score_pairs(a, n)
    opts = scoring.options(a, n, pairs)
    got = sorted((int(pairs.need[p]), int(d), int(s)) for p, d, s in zip(opts.pair, opts.day, opts.slot, strict=True))
    assert got == [(0, 2, 2), (0, 4, 6), (1, 2, 2)]  # slot = ambassador * 10 + bit of the half day


def test_one_need_ambassadors_keep_one_option_without_a_half_day():
    a, n = amb(slots=[(WHOLE_DAY << 2) | (WHOLE_DAY << 6)]), need(days=[0b1010])
    pairs = scoring.score_pairs(a, n)
    opts = scoring.options(a, n, pairs)
    assert (opts.pair.tolist(), opts.day.tolist(), opts.slot.tolist()) == ([0], [2], [-1])


def test_an_ambassador_with_no_room_left_is_not_paired():
    assert len(scoring.score_pairs(amb(capacity=[0]), need())) == 0
