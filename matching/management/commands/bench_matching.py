import json as jsonlib
import resource
import time

import numpy as np
from django.core.management.base import BaseCommand, CommandError

from matching import assignment, generate, scoring


class Command(BaseCommand):
    help = "Benchmark the matching engine on generated data in memory, with the greedy baseline beside it."

    def add_arguments(self, parser):
        parser.add_argument("--ambassadors", type=int, required=True)
        parser.add_argument("--needs", type=int, required=True)
        parser.add_argument("--seed", type=int, default=1)
        parser.add_argument("--objective", choices=[assignment.FILL_FIRST, assignment.BEST_FIT],
                            default=assignment.FILL_FIRST)
        parser.add_argument("--json", action="store_true", help="print one JSON object")

    def handle(self, *args, ambassadors, needs, seed, objective, **options):
        if ambassadors < 1 or needs < 1:
            raise CommandError("--ambassadors and --needs must be at least 1.")
        amb = generate.ambassadors(ambassadors, seed=seed)
        need = generate.needs(needs, seed=seed + 1)
        started = time.perf_counter()
        pairs = scoring.score_pairs(amb, need)
        seconds_score = time.perf_counter() - started
        need_cap = np.ones(len(need), dtype=np.int64)
        started = time.perf_counter()
        opts = scoring.options(amb, need, pairs)
        problem = (pairs.ambassador[opts.pair], pairs.need[opts.pair], pairs.score[opts.pair], amb.capacity, need_cap)
        best = assignment.optimal(*problem, objective, slot=opts.slot)
        seconds_assign = time.perf_counter() - started
        base = assignment.greedy(*problem, slot=opts.slot)
        result = {
            "ambassadors": ambassadors,
            "needs": needs,
            "seed": seed,
            "objective": objective,
            "pairs_scored": len(pairs),
            "pairs_share": round(len(pairs) / (ambassadors * needs), 5),
            "seconds_score": round(seconds_score, 3),
            "seconds_assign": round(seconds_assign, 3),
            "seconds_total": round(seconds_score + seconds_assign, 3),
            "optimal_total": round(best.total, 1),
            "greedy_total": round(base.total, 1),
            "optimal_filled": best.filled,
            "greedy_filled": base.filled,
            "ambassadors_with_two_needs": int((np.bincount(problem[0][best.chosen], minlength=len(amb)) > 1).sum()),
            "gap_percent": round(100 * (best.total - base.total) / best.total, 2) if best.total else 0.0,
            "peak_memory_mib": round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024, 1),
        }
        if options["json"]:
            self.stdout.write(jsonlib.dumps(result))
        else:
            for key, value in result.items():
                self.stdout.write(f"{key:>16}: {value}")

