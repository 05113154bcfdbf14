"""Who goes where: the global optimum over all feasible pairs, and a greedy baseline beside it.

The optimum is a min-cost flow (OR-Tools): source → ambassador (capacity: how many needs they can
take) → need (one arc per feasible pair, cost = -score) → sink (capacity: ambassadors the need asks).
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


def optimal(pair_amb, pair_need, score, amb_capacity, need_capacity, objective: str = FILL_FIRST) -> Assignment:
    pair_amb = np.asarray(pair_amb, dtype=np.int64)
    pair_need = np.asarray(pair_need, dtype=np.int64)
    score = np.asarray(score, dtype=float)
    n_amb, n_need = len(amb_capacity), len(need_capacity)
    if len(score) == 0:
        return Assignment(np.empty(0, dtype=np.int64), 0.0, 0)
    source, sink = n_amb + n_need, n_amb + n_need + 1
    amb_nodes = np.arange(n_amb, dtype=np.int64)
    need_nodes = n_amb + np.arange(n_need, dtype=np.int64)
    tails = np.concatenate([np.full(n_amb, source), pair_amb, need_nodes])
    heads = np.concatenate([amb_nodes, n_amb + pair_need, np.full(n_need, sink)])
    caps = np.concatenate([np.asarray(amb_capacity, dtype=np.int64), np.ones(len(score), dtype=np.int64),
                           np.asarray(need_capacity, dtype=np.int64)])
    costs = np.concatenate([np.zeros(n_amb, dtype=np.int64), -np.round(score * SCALE).astype(np.int64),
                            np.zeros(n_need, dtype=np.int64)])
    flow = min_cost_flow.SimpleMinCostFlow()
    supply = int(np.asarray(amb_capacity).sum())
    demand = int(np.asarray(need_capacity).sum())
    if objective == BEST_FIT:
        # A bypass arc lets capacity that is better left unused flow around the pairs at no cost.
        tails, heads = np.append(tails, source), np.append(heads, sink)
        caps, costs = np.append(caps, supply), np.append(costs, 0)
        flow.add_arcs_with_capacity_and_unit_cost(tails, heads, caps, costs)
        flow.set_node_supply(source, supply)
        flow.set_node_supply(sink, -supply)
        status = flow.solve()
    else:
        flow.add_arcs_with_capacity_and_unit_cost(tails, heads, caps, costs)
        flow.set_node_supply(source, supply)
        flow.set_node_supply(sink, -demand)
        status = flow.solve_max_flow_with_min_cost()
    if status != flow.OPTIMAL:
        raise RuntimeError(f"min-cost flow failed with status {status}")
    used = np.asarray(flow.flows(np.arange(n_amb, n_amb + len(score))))
    chosen = np.flatnonzero(used > 0)
    return Assignment(chosen, float(score[chosen].sum()), len(chosen))


def greedy(pair_amb, pair_need, score, amb_capacity, need_capacity) -> Assignment:
    """First come, best served: take pairs from the highest score down while both sides have room."""
    order = np.argsort(-np.asarray(score, dtype=float), kind="stable")
    amb_left = np.array(amb_capacity, dtype=np.int64)
    need_left = np.array(need_capacity, dtype=np.int64)
    chosen = []
    for index in order:
        a, n = pair_amb[index], pair_need[index]
        if amb_left[a] > 0 and need_left[n] > 0:
            amb_left[a] -= 1
            need_left[n] -= 1
            chosen.append(index)
    chosen = np.asarray(chosen, dtype=np.int64)
    return Assignment(chosen, float(np.asarray(score)[chosen].sum()) if len(chosen) else 0.0, len(chosen))
