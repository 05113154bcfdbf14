"""The optimum is feasible, respects capacities, is never below greedy, and equals brute force when small."""

import itertools

import numpy as np
from hypothesis import given, settings
from hypothesis import strategies as st

from matching import assignment, generate, scoring


@st.composite
def instances(draw, max_amb=5, max_need=5):
    n_amb = draw(st.integers(1, max_amb))
    n_need = draw(st.integers(1, max_need))
    all_pairs = list(itertools.product(range(n_amb), range(n_need)))
    chosen = draw(st.lists(st.sampled_from(all_pairs), unique=True, max_size=len(all_pairs)))
    scores = draw(st.lists(st.integers(1, 100), min_size=len(chosen), max_size=len(chosen)))
    amb_cap = draw(st.lists(st.integers(1, 2), min_size=n_amb, max_size=n_amb))
    need_cap = draw(st.lists(st.integers(1, 2), min_size=n_need, max_size=n_need))
    pa = np.array([a for a, _ in chosen], dtype=np.int64)
    pn = np.array([n for _, n in chosen], dtype=np.int64)
    return pa, pn, np.array(scores, dtype=float), np.array(amb_cap), np.array(need_cap)


@st.composite
def half_day_instances(draw, max_amb=3, max_need=3, max_options=9):
    """Ambassadors who may take two needs have options on their half days (slots), some pairs on several."""
    n_amb = draw(st.integers(1, max_amb))
    n_need = draw(st.integers(1, max_need))
    two = draw(st.lists(st.booleans(), min_size=n_amb, max_size=n_amb))
    keys = [(a, n, k if two[a] else -1) for a in range(n_amb) for n in range(n_need) for k in range(3)]
    keys = sorted(set(keys))
    chosen = draw(st.lists(st.sampled_from(keys), unique=True, max_size=max_options))
    scores = draw(st.lists(st.integers(1, 100), min_size=len(chosen), max_size=len(chosen)))
    need_cap = draw(st.lists(st.integers(1, 2), min_size=n_need, max_size=n_need))
    pa = np.array([a for a, _, _ in chosen], dtype=np.int64)
    pn = np.array([n for _, n, _ in chosen], dtype=np.int64)
    slot = np.array([a * 10 + k if k >= 0 else -1 for a, _, k in chosen], dtype=np.int64)
    amb_cap = np.where(np.array(two), 2, 1)
    return pa, pn, np.array(scores, dtype=float), amb_cap, np.array(need_cap), slot


def feasible(subset, pa, pn, amb_cap, need_cap, slot=None):
    subset = list(subset)
    if not ((np.bincount(pa[subset], minlength=len(amb_cap)) <= amb_cap).all()
            and (np.bincount(pn[subset], minlength=len(need_cap)) <= need_cap).all()):
        return False
    pairs = [(pa[i], pn[i]) for i in subset]
    slots = [slot[i] for i in subset if slot is not None and slot[i] >= 0]
    return len(set(pairs)) == len(pairs) and len(set(slots)) == len(slots) and len(set(subset)) == len(subset)


def respects(result, pa, pn, amb_cap, need_cap, slot=None):
    return feasible(result.chosen, pa, pn, amb_cap, need_cap, slot)


def brute_force(pa, pn, score, amb_cap, need_cap, slot=None):
    """Best (filled, total) and best total over every subset of pairs."""
    best_fill, best_total = (0, 0.0), 0.0
    for size in range(len(score) + 1):
        for subset in itertools.combinations(range(len(score)), size):
            subset = list(subset)
            if feasible(subset, pa, pn, amb_cap, need_cap, slot):
                total = float(score[subset].sum())
                best_fill = max(best_fill, (len(subset), total))
                best_total = max(best_total, total)
    return best_fill, best_total


@settings(max_examples=150, deadline=None)
@given(instances())
def test_optimal_is_feasible_and_never_below_greedy(instance):
    pa, pn, score, amb_cap, need_cap = instance
    for objective in (assignment.FILL_FIRST, assignment.BEST_FIT):
        best = assignment.optimal(pa, pn, score, amb_cap, need_cap, objective)
        assert respects(best, pa, pn, amb_cap, need_cap)
    base = assignment.greedy(pa, pn, score, amb_cap, need_cap)
    assert respects(base, pa, pn, amb_cap, need_cap)
    assert assignment.optimal(pa, pn, score, amb_cap, need_cap, assignment.BEST_FIT).total >= base.total - 1e-9
    assert assignment.optimal(pa, pn, score, amb_cap, need_cap, assignment.FILL_FIRST).filled >= base.filled


@settings(max_examples=120, deadline=None)
@given(instances(max_amb=3, max_need=3))
def test_optimal_equals_brute_force_on_small_instances(instance):
    pa, pn, score, amb_cap, need_cap = instance
    if len(score) > 9:
        score, pa, pn = score[:9], pa[:9], pn[:9]
    (fill, fill_total), best_total = brute_force(pa, pn, score, amb_cap, need_cap)
    fill_first = assignment.optimal(pa, pn, score, amb_cap, need_cap, assignment.FILL_FIRST)
    assert (fill_first.filled, round(fill_first.total, 6)) == (fill, round(fill_total, 6))
    assert round(assignment.optimal(pa, pn, score, amb_cap, need_cap, assignment.BEST_FIT).total, 6) == round(best_total, 6)


@settings(max_examples=200, deadline=None)
@given(half_day_instances())
def test_two_half_days_equal_brute_force_and_never_below_greedy(instance):
    pa, pn, score, amb_cap, need_cap, slot = instance
    (fill, fill_total), best_total = brute_force(pa, pn, score, amb_cap, need_cap, slot)
    fill_first = assignment.optimal(pa, pn, score, amb_cap, need_cap, assignment.FILL_FIRST, slot=slot)
    best_fit = assignment.optimal(pa, pn, score, amb_cap, need_cap, assignment.BEST_FIT, slot=slot)
    base = assignment.greedy(pa, pn, score, amb_cap, need_cap, slot=slot)
    for result in (fill_first, best_fit, base):
        assert respects(result, pa, pn, amb_cap, need_cap, slot)
    assert (fill_first.filled, round(fill_first.total, 6)) == (fill, round(fill_total, 6))
    assert round(best_fit.total, 6) == round(best_total, 6)
    assert best_fit.total >= base.total - 1e-9 and fill_first.filled >= base.filled


def test_an_ambassador_with_two_half_days_takes_two_needs_but_never_one_half_day_twice():
    # Ambassador 0 may take two needs: need 0 on half day 0, need 1 on half day 0 or 1, need 2 on half day 0.
    pa, pn = np.array([0, 0, 0, 0]), np.array([0, 1, 1, 2])
    slot, score = np.array([0, 0, 1, 0]), np.array([50.0, 40.0, 30.0, 45.0])
    best = assignment.optimal(pa, pn, score, [2], [1, 1, 1], assignment.BEST_FIT, slot=slot)
    assert sorted(best.chosen.tolist()) == [0, 2]   # need 0 on half day 0, need 1 moved to half day 1
    assert best.total == 80.0
    base = assignment.greedy(pa, pn, score, [2], [1, 1, 1], slot=slot)
    assert sorted(base.chosen.tolist()) == [0, 2] and base.total == 80.0


def test_one_need_is_never_filled_twice_by_the_same_ambassador():
    # A need for two ambassadors, which ambassador 0 could do on either of their half days.
    pa, pn, slot, score = np.array([0, 0]), np.array([0, 0]), np.array([0, 1]), np.array([60.0, 55.0])
    best = assignment.optimal(pa, pn, score, [2], [2], assignment.FILL_FIRST, slot=slot)
    assert (best.filled, best.total) == (1, 60.0)


def test_the_classic_case_where_greedy_loses():
    pa, pn, score = np.array([0, 0, 1]), np.array([0, 1, 0]), np.array([10.0, 9.0, 8.0])
    best = assignment.optimal(pa, pn, score, [1, 1], [1, 1])
    base = assignment.greedy(pa, pn, score, [1, 1], [1, 1])
    assert (best.total, best.filled) == (17.0, 2)
    assert (base.total, base.filled) == (10.0, 1)


def test_fill_first_prefers_more_placements_over_a_higher_total():
    # One ambassador could fill need 0 (score 90) or need 1 (score 10); another can only do need 0 (score 5).
    pa, pn, score = np.array([0, 0, 1]), np.array([0, 1, 0]), np.array([90.0, 10.0, 5.0])
    fill = assignment.optimal(pa, pn, score, [1, 1], [1, 1], assignment.FILL_FIRST)
    best = assignment.optimal(pa, pn, score, [1, 1], [1, 1], assignment.BEST_FIT)
    assert (fill.filled, fill.total) == (2, 15.0)
    assert (best.filled, best.total) == (1, 90.0)


def test_empty_instance():
    result = assignment.optimal([], [], [], [1], [1])
    assert (len(result), result.total) == (0, 0.0)


@settings(max_examples=25, deadline=None)
@given(st.integers(0, 10_000))
def test_on_generated_data_half_days_are_never_shared_and_optimum_beats_greedy(seed):
    amb, needs = generate.ambassadors(150, seed=seed), generate.needs(300, seed=seed + 1)
    pairs = scoring.score_pairs(amb, needs)
    opts = scoring.options(amb, needs, pairs)
    problem = (pairs.ambassador[opts.pair], pairs.need[opts.pair], pairs.score[opts.pair], amb.capacity,
               np.ones(len(needs), dtype=np.int64))
    for objective in (assignment.FILL_FIRST, assignment.BEST_FIT):
        best = assignment.optimal(*problem, objective, slot=opts.slot)
        assert respects(best, *problem[:2], problem[3], problem[4], opts.slot)
        # Whoever takes two needs has no whole day and takes them on two different half days.
        two = np.flatnonzero(np.bincount(problem[0][best.chosen], minlength=len(amb)) > 1)
        assert (amb.capacity[two] == 2).all()
        assert not amb.half_day_only[two].any()
    base = assignment.greedy(*problem, slot=opts.slot)
    assert respects(base, *problem[:2], problem[3], problem[4], opts.slot)
    assert assignment.optimal(*problem, assignment.BEST_FIT, slot=opts.slot).total >= base.total - 1e-6
    assert assignment.optimal(*problem, assignment.FILL_FIRST, slot=opts.slot).filled >= base.filled
