from django.contrib import messages
from django.core.exceptions import ValidationError
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from accounts.models import Invitation, Role
from accounts.permissions import login_required, role_required
from accounts.web import add_service_errors, page_of

from . import selectors, services
from .forms import InviteForm, UserFilter
from .navigation import NAVIGATION


@login_required
def dashboard(request):
    """Each role lands on its own dashboard after login."""
    return redirect(NAVIGATION[request.user.role][0][1])  # a role's first menu item is its dashboard


@role_required(Role.STAFF)
def staff_dashboard(request):
    return render(request, "reports/staff_dashboard.html", selectors.staff_overview())


@role_required(Role.STAFF)
def user_list(request):
    user_filter = UserFilter(request.GET, queryset=selectors.user_list())
    page, query = page_of(request, user_filter.qs)
    return render(request, "reports/user_list.html", {"filter": user_filter, "page": page, "query": query})


@role_required(Role.STAFF)
def user_invite(request):
    form = InviteForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            invitation = services.user_invite(invited_by=request.user, **form.cleaned_data)
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, _("Invitation sent to %(email)s.") % {"email": invitation.user.email})
            return redirect("reports:user_list")
    return render(request, "reports/user_invite.html", {"form": form}, status=400 if form.errors else 200)


@role_required(Role.STAFF)
@require_POST
def invitation_resend(request, pk):
    invitation = get_object_or_404(Invitation.objects.select_related("user"), pk=pk)
    try:
        services.invitation_resend(invitation=invitation, actor=request.user)
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    else:
        messages.success(request, _("A new invitation was sent to %(email)s.") % {"email": invitation.user.email})
    return redirect("reports:user_list")
