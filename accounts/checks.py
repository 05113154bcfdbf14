from django.conf import settings
from django.core.checks import Error, register


@register(deploy=True)
def site_url_is_set(app_configs, **kwargs):
    """Every link in an e-mail starts with SITE_URL: without it, production mail would carry dead links."""
    if settings.DEBUG or settings.SITE_URL:
        return []
    return [Error("SITE_URL is not set.", hint="Set SITE_URL to the platform's public address, "
                  "e.g. https://platform.onderwijsambassadeurs.nl: links in e-mails start with it.",
                  id="accounts.E001")]
