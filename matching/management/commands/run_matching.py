import json

from django.core.management.base import BaseCommand

from matching import services
from matching.models import MatchingRun, MatchingSettings, Objective


class Command(BaseCommand):
    help = "One matching run over open needs and available ambassadors."

    def add_arguments(self, parser):
        parser.add_argument("--dry-run", action="store_true", help="compute, but store no run and no proposals")
        parser.add_argument("--json", action="store_true", help="print one JSON object")
        parser.add_argument("--objective", choices=Objective.values, default=Objective.FILL_FIRST)
        parser.add_argument("--compare-greedy", action="store_true",
                            help="also compute the greedy baseline (greedy_total, greedy_filled; slower)")

    def handle(self, *args, dry_run, objective, compare_greedy, **options):
        run = MatchingRun.objects.create(objective=objective, compare_greedy=compare_greedy,
                                         weights=MatchingSettings.current().weights())
        run = services.run_execute(run_id=run.pk, dry_run=dry_run)
        if dry_run:
            MatchingRun.objects.filter(pk=run.pk).delete()
        result = {
            "run": None if dry_run else run.pk,
            "dry_run": dry_run,
            "objective": run.objective,
            "ambassadors": run.ambassadors,
            "needs": run.needs,
            "pairs_scored": run.pairs_scored,
            "proposals": run.proposals_made,
            "total_score": run.optimal_total,
            "greedy_total": run.greedy_total,
            "filled": run.proposals_made,
            "greedy_filled": run.greedy_filled,
            "seconds": run.seconds,
        }
        if options["json"]:
            self.stdout.write(json.dumps(result))
        else:
            for key, value in result.items():
                self.stdout.write(f"{key:>14}: {value}")
