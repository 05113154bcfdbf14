from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ReportsConfig(AppConfig):
    """The top floor: pages and commands that read across every app (dashboards, people, figures, demo data)."""

    name = "reports"
    verbose_name = _("Reports")
