from django.conf import settings
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from accounts.models import Invitation, Role, User
from accounts.permissions import login_required, public, role_required
from accounts.web import add_service_errors, page_of

from . import exports, selectors, services, todo
from .figures.cache import cached
from .figures.tables import figures as figures_for
from .forms import FiguresFilter, InviteForm, UserFilter
from .navigation import NAVIGATION


@login_required
def dashboard(request):
    """Each role lands on its own dashboard after login."""
    return redirect(NAVIGATION[request.user.role][0][1])  # a role's first menu item is its dashboard


def _figures(request):
    """The figures for the school year and region asked for; what is not valid falls back to the defaults."""
    form = FiguresFilter(request.GET or None)
    form.is_valid()
    year, region = form.chosen()
    figures = cached("year", lambda: figures_for(year=year, region=region), year, region and region.pk)
    form.set_years(figures.years, figures.year)
    return form, figures


def _dashboard(request, form, figures):
    """The staff dashboard: pending work first (within the chosen region), then the figures."""
    return render(request, "reports/staff_dashboard.html", {
        "form": form, "figures": figures, **selectors.staff_overview(),
        "todo": todo.for_staff(region=figures.region), "todo_scope": figures.region.name if figures.region else "",
    }, status=400 if form.errors else 200)


@role_required(Role.STAFF)
def staff_dashboard(request):
    form, figures = _figures(request)
    return _dashboard(request, form, figures)


@role_required(Role.STAFF)
def yearly_report(request):
    form, figures = _figures(request)
    return render(request, "reports/yearly_report.html", {"form": form, "figures": figures},
                  status=400 if form.errors else 200)


@role_required(Role.STAFF)
def figures_export(request, table, fmt):
    form, figures = _figures(request)
    if form.errors:
        return _dashboard(request, form, figures)
    if table not in figures.tables or fmt not in ("csv", "xlsx"):
        raise Http404
    name = _export_name(figures, table)
    if fmt == "csv":
        return exports.csv_response(figures.tables[table], name)
    return exports.xlsx_response([figures.tables[table]], name)


@role_required(Role.STAFF)
def figures_workbook(request):
    form, figures = _figures(request)
    if form.errors:
        return _dashboard(request, form, figures)
    return exports.xlsx_response(figures.table_list, _export_name(figures, "cijfers"))


def _export_name(figures, table):
    region = f"-{figures.region.slug}" if figures.region else ""
    return f"{table}-{figures.label}{region}"


@public
def public_figures(request):
    return render(request, "reports/public_figures.html", {
        **cached("public", selectors.public_figures), "tile_url": settings.MAP_TILE_URL, "tile_attribution": settings.MAP_TILE_ATTRIBUTION,
    })


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


@role_required(Role.STAFF)
@require_POST
def user_invitation_send(request, pk):
    """Invite someone whose account waits for it (an imported school leader or ambassador), from the user list."""
    user = get_object_or_404(User, pk=pk)
    try:
        services.user_invitation_send(user_id=user.pk, actor=request.user)
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    else:
        messages.success(request, _("Invitation sent to %(email)s.") % {"email": user.email})
    return redirect("reports:user_list")
