"""Who may open which page.

Every view of the project declares its audience with one of these decorators; the
permission-matrix test walks the URL resolver and checks each view against its declaration.
Objects of another tenant are fetched through access helpers that answer 404.
"""

from functools import wraps

from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied

from .models import Role

PUBLIC = "public"
ALL_ROLES = frozenset(Role.values)


def public(view):
    """Anyone, logged in or not."""
    view.access = PUBLIC
    return view


def role_required(*roles):
    """Only logged-in users with one of `roles`: anonymous users go to the login page, others get 403."""
    allowed = frozenset(roles) or ALL_ROLES

    def decorator(view):
        @wraps(view)
        def wrapper(request, *args, **kwargs):
            user = request.user
            if not user.is_authenticated:
                return redirect_to_login(request.get_full_path())
            if user.role not in allowed or not user.is_active:
                raise PermissionDenied
            return view(request, *args, **kwargs)

        wrapper.access = allowed
        return wrapper

    return decorator


login_required = role_required()
