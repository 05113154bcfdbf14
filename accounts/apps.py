from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AccountsConfig(AppConfig):
    name = "accounts"
    verbose_name = _("Accounts")

    def ready(self):
        from . import audit_hooks, checks  # noqa: F401 - checks registers the system checks

        audit_hooks.connect()
