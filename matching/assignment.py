"""Who goes where: the global optimum over all feasible pairs, and a greedy baseline beside it.

The optimum is a min-cost flow (OR-Tools): source → ambassador (capacity: how many needs they can
take) → need (one arc per feasible pair, cost = -score) → sink (capacity: ambassadors the need asks).

An ambassador who may take two needs takes them on different half days: their options leave from a
node per half day (capacity 1) instead of from the ambassador, and when one pair can be placed on
more than one half day, those options meet in a node per pair (capacity 1) before the need, so the
same ambassador never fills one need twice. Every path stays a path of capacity one, so the flow
is still an exact optimum.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
from ortools.graph.python import min_cost_flow

FILL_FIRST = "fill_first"   # fill as many needs as possible, then the best fit
BEST_FIT = "best_fit"       # the highest total score, even if fewer needs are filled
SCALE = 1000                # scores become integer costs with three decimals


@dataclass
class Assignment:
    chosen: np.ndarray       # indices into the pair arrays
    total: float
    filled: int              # number of (need, ambassador) places filled

    def __len__(self):
        return len(self.chosen)


def _nodes(keys: np.ndarray, first: int) -> tuple[np.ndarray, np.ndarray, int]:
    """Number the distinct keys from `first` on: (node per row, the keys in node order, next free number)."""
    unique, inverse = np.unique(keys, return_inverse=True)
    return first + inverse.astype(np.int64), unique, first + len(unique)


def optimal(pair_amb, pair_need, score, amb_capacity, need_capacity, objective: str = FILL_FIRST,
            slot=None) -> Assignment:
    """The best set of options; `slot` (optional, -1 for none) is a half day that at most one chosen option may take."""
    pair_amb = np.asarray(pair_amb, dtype=np.int64)
    pair_need = np.asarray(pair_need, dtype=np.int64)
    score = np.asarray(score, dtype=float)
    amb_capacity = np.asarray(amb_capacity, dtype=np.int64)
    need_capacity = np.asarray(need_capacity, dtype=np.int64)
    n_amb, n_need, n_opt = len(amb_capacity), len(need_capacity), len(score)
    if n_opt == 0:
        return Assignment(np.empty(0, dtype=np.int64), 0.0, 0)
    slot = np.full(n_opt, -1, dtype=np.int64) if slot is None else np.asarray(slot, dtype=np.int64)
    source, sink = n_amb + n_need, n_amb + n_need + 1
    tails, heads = pair_amb.copy(), n_amb + pair_need
    extra_tails, extra_heads = [np.full(n_amb, source), n_amb + np.arange(n_need)], [np.arange(n_amb), np.full(n_need, sink)]
    extra_caps = [amb_capacity, need_capacity]
    free = sink + 1
    slotted = np.flatnonzero(slot >= 0)
    if len(slotted):
        # Options on a half day leave from that half day's node, which the ambassador feeds with one unit.
        tails[slotted], unique, free_after = _nodes(slot[slotted], free)
        owner = np.zeros(len(unique), dtype=np.int64)
        owner[tails[slotted] - free] = pair_amb[slotted]
        extra_tails.append(owner)
        extra_heads.append(np.arange(free, free_after))
        extra_caps.append(np.ones(len(unique), dtype=np.int64))
        free = free_after
        # A pair with options on several half days passes through one node of capacity 1 before its need.
        key = pair_amb[slotted] * (n_need + 1) + pair_need[slotted]
        values, counts = np.unique(key, return_counts=True)
        repeated = slotted[np.isin(key, values[counts > 1])]
        if len(repeated):
            heads[repeated], unique, free_after = _nodes(pair_amb[repeated] * (n_need + 1) + pair_need[repeated], free)
            extra_tails.append(np.arange(free, free_after))
            extra_heads.append(n_amb + unique % (n_need + 1))
            extra_caps.append(np.ones(len(unique), dtype=np.int64))
            free = free_after
    all_tails = np.concatenate([tails, *extra_tails]).astype(np.int64)
    all_heads = np.concatenate([heads, *extra_heads]).astype(np.int64)
    caps = np.concatenate([np.ones(n_opt, dtype=np.int64), *extra_caps]).astype(np.int64)
    costs = np.concatenate([-np.round(score * SCALE).astype(np.int64),
                            np.zeros(len(caps) - n_opt, dtype=np.int64)])
    flow = min_cost_flow.SimpleMinCostFlow()
    supply = int(amb_capacity.sum())
    if objective == BEST_FIT:
        # A bypass arc lets capacity that is better left unused flow around the pairs at no cost.
        all_tails, all_heads = np.append(all_tails, source), np.append(all_heads, sink)
        caps, costs = np.append(caps, supply), np.append(costs, 0)
        flow.add_arcs_with_capacity_and_unit_cost(all_tails, all_heads, caps, costs)
        flow.set_node_supply(source, supply)
        flow.set_node_supply(sink, -supply)
        status = flow.solve()
    else:
        flow.add_arcs_with_capacity_and_unit_cost(all_tails, all_heads, caps, costs)
        flow.set_node_supply(source, supply)
        flow.set_node_supply(sink, -int(need_capacity.sum()))
        status = flow.solve_max_flow_with_min_cost()
    if status != flow.OPTIMAL:
        raise RuntimeError(f"min-cost flow failed with status {status}")
    used = np.asarray(flow.flows(np.arange(n_opt)))
    chosen = np.flatnonzero(used > 0)
    return Assignment(chosen, float(score[chosen].sum()), len(chosen))


def greedy(pair_amb, pair_need, score, amb_capacity, need_capacity, slot=None) -> Assignment:
    """First come, best served: take options from the highest score down while both sides (and the half day) have room."""
    order = np.argsort(-np.asarray(score, dtype=float), kind="stable")
    amb_left = np.array(amb_capacity, dtype=np.int64)
    need_left = np.array(need_capacity, dtype=np.int64)
    slot = np.full(len(order), -1, dtype=np.int64) if slot is None else np.asarray(slot, dtype=np.int64)
    taken_slots, taken_pairs = set(), set()
    chosen = []
    for index in order:
        a, n, s = int(pair_amb[index]), int(pair_need[index]), int(slot[index])
        if amb_left[a] > 0 and need_left[n] > 0 and s not in taken_slots and (a, n) not in taken_pairs:
            amb_left[a] -= 1
            need_left[n] -= 1
            taken_pairs.add((a, n))
            if s >= 0:
                taken_slots.add(s)
            chosen.append(index)
    chosen = np.asarray(chosen, dtype=np.int64)
    return Assignment(chosen, float(np.asarray(score)[chosen].sum()) if len(chosen) else 0.0, len(chosen))
