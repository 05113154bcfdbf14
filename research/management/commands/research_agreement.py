import json

from django.core.management.base import BaseCommand, CommandError

from research.models import ReliabilityRound, Study
from research.selectors.reliability import round_agreement


class Command(BaseCommand):
    help = "Agreement (Krippendorff's alpha, Cohen's kappa, percent) of a study's latest closed reliability round."

    def add_arguments(self, parser):
        parser.add_argument("--study", required=True, help="the study's short name (slug)")
        parser.add_argument("--json", action="store_true", help="print one JSON object")

    def handle(self, *args, study, **options):
        found = Study.objects.filter(slug=study).first()
        if found is None:
            raise CommandError(f"No study with the short name {study!r}.")
        round_ = (ReliabilityRound.objects.filter(study=found, status=ReliabilityRound.Status.CLOSED)
                  .order_by("-closed_at", "-pk").first())
        if round_ is None:
            raise CommandError(f"Study {study!r} has no closed reliability round yet.")
        result = round_agreement(round_)
        if options["json"]:
            keys = ["study", "round", "coders", "interviews", "units", "themes", "alpha_overall"]
            self.stdout.write(json.dumps({key: result[key] for key in keys}, ensure_ascii=False))
            return
        self.stdout.write(f"{result['round']} ({result['study']}): {', '.join(result['coders'])}; "
                          f"{result['units']} turns in {', '.join(result['interviews'])}")
        self.stdout.write(f"{'theme':<40} {'alpha':>7} {'kappa':>7} {'percent':>8}")
        for row in result["themes"]:
            self.stdout.write(f"{row['theme'][:40]:<40} {_fmt(row['alpha']):>7} {_fmt(row['kappa']):>7} "
                              f"{_fmt(row['percent'], 1):>8}")
        self.stdout.write(f"{'overall':<40} {_fmt(result['alpha_overall']):>7} {_fmt(result['kappa_overall']):>7} "
                          f"{_fmt(result['percent_overall'], 1):>8}")


def _fmt(value, digits=3):
    return "–" if value is None else f"{value:.{digits}f}"
