from django.http import JsonResponse
from django.shortcuts import redirect, render
from django.views.decorators.cache import never_cache

from accounts.permissions import public
from config import health
from reports.retention import RULES


@public
def home(request):
    if request.user.is_authenticated:
        return redirect("dashboard")
    return render(request, "home.html")


@public
def privacy(request):
    """The statement's terms are the nightly task's rules, with their numbers from the settings."""
    return render(request, "privacy.html", {"retention_rules": RULES})


@public
@never_cache
def healthz(request):
    """Can the platform serve and do its background work? 200 when every check passes, else 503."""
    healthy, results = health.report()
    return JsonResponse({"status": "ok" if healthy else "error", "checks": results}, status=200 if healthy else 503)
