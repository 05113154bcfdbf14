"""The project's URLs plus one view that fails, to see the error page a visitor gets."""

from django.urls import path

from accounts.permissions import public
from config.urls import urlpatterns as project_urls


@public
def failing(request):
    raise RuntimeError("a bug")


urlpatterns = [*project_urls, path("failing/", failing)]
