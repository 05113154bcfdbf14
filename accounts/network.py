"""The client's address, as the rate limits, the login throttle and the audit trail see it."""

import ipaddress

from django.conf import settings
from django.utils.module_loading import import_string


def client_ip(request) -> str | None:
    """The client's address as the rate limits see it (RATELIMIT_IP_META_KEY behind a proxy), or None if unusable."""
    key = settings.RATELIMIT_IP_META_KEY
    value = import_string(key)(request) if key and "." in key else request.META.get(key or "REMOTE_ADDR", "")
    value = (value or "").split(",")[0].strip()
    try:
        return str(ipaddress.ip_address(value))
    except ValueError:
        return None
