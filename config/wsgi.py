import os

from django.conf import settings
from django.core.exceptions import ImproperlyConfigured
from django.core.wsgi import get_wsgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")

# A server without a secret refuses to start (Django validates the key on first use).
try:
    settings.SECRET_KEY  # noqa: B018
except ImproperlyConfigured as exc:
    raise ImproperlyConfigured("SECRET_KEY must be set when DEBUG is off.") from exc

# Nor does it start without the address its e-mails link to.
if not settings.DEBUG and not settings.SITE_URL:
    raise ImproperlyConfigured("SITE_URL must be set when DEBUG is off.")

application = get_wsgi_application()
