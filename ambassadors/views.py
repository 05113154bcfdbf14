
from django.conf import settings
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST
from django_ratelimit.core import is_ratelimited

from accounts.models import Role
from accounts.permissions import public, role_required
from accounts.web import add_service_errors, export_response, page_of, public_form_limited
from schools.models import Weekday

from . import selectors, services
from .forms import (
    AbsenceForm,
    AmbassadorFilter,
    ApplicationForm,
    FriendForm,
    OutcomeForm,
    ProfileForm,
)
from .models import Status

# --- Public application ---------------------------------------------------------------------


@public
def apply(request):
    initial = {"referral_code": request.GET.get("ref", "")[:20]}
    form = ApplicationForm(request.POST or None, initial=initial)
    status = 200
    if request.method == "POST":
        if public_form_limited(request, group="apply", email=request.POST.get("email", ""),
                               rate=settings.APPLICATION_RATE):
            form.add_error(None, _("We received many applications from you in a short time. Please try again in an hour."))
            status = 429
        elif form.is_valid():
            if form.is_spam():
                return redirect("ambassadors:apply_done")
            try:
                services.application_submit(data=form.application_data(), language=request.LANGUAGE_CODE)
            except ValidationError as exc:
                add_service_errors(form, exc)
                status = 400
            else:
                request.session["application_email"] = form.cleaned_data["email"]
                return redirect("ambassadors:apply_done")
        else:
            status = 400
    return render(request, "ambassadors/apply.html", {"form": form}, status=status)


@public
def apply_done(request):
    return render(request, "ambassadors/apply_done.html", {"email": request.session.get("application_email", "")})


# --- The ambassador's own pages -------------------------------------------------------------


@role_required(Role.AMBASSADOR)
def profile_edit(request):
    profile = selectors.own_profile(request.user)
    form = ProfileForm(request.POST or None, profile=profile)
    if request.method == "POST" and form.is_valid():
        try:
            services.profile_update(profile=profile, data=form.cleaned_data)
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, _("Your profile has been saved."))
            return redirect("ambassadors:dashboard")
    return render(request, "ambassadors/profile_form.html", {"form": form}, status=400 if form.errors else 200)


@role_required(Role.AMBASSADOR)
def availability(request):
    return _availability_page(request, selectors.own_profile(request.user), AbsenceForm())


def _availability_page(request, profile, absence_form, status=200):
    return render(request, "ambassadors/availability.html", {
        "profile": profile, "grid": selectors.grid(profile), "absences": profile.absences.filter(end__gte=timezone.localdate()),
        "absence_form": absence_form, "holidays": selectors.upcoming_holidays(profile),
    }, status=status)


@role_required(Role.AMBASSADOR)
@require_POST
def availability_toggle(request):
    profile = selectors.own_profile(request.user)
    try:
        weekday, part = int(request.POST.get("weekday", "")), request.POST.get("part", "")
        on = services.availability_toggle(profile=profile, weekday=weekday, part=part)
    except (ValueError, ValidationError):
        return HttpResponse(_("That day part does not exist."), status=400)
    if request.htmx:
        return render(request, "ambassadors/partials/slot.html", {
            "day": weekday, "part": part, "on": on, "label": Weekday(weekday).label})
    messages.success(request, _("Your availability has been saved."))
    return redirect("ambassadors:availability")


@role_required(Role.AMBASSADOR)
@require_POST
def absence_add(request):
    profile = selectors.own_profile(request.user)
    form = AbsenceForm(request.POST)
    if form.is_valid():
        try:
            services.absence_add(profile=profile, **form.cleaned_data)
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, _("Your absence has been saved."))
            return redirect("ambassadors:availability")
    return _availability_page(request, profile, form, status=400)


@role_required(Role.AMBASSADOR)
@require_POST
def absence_delete(request, pk):
    profile = selectors.own_profile(request.user)
    services.absence_delete(profile=profile, absence_id=pk)
    messages.success(request, _("The absence has been removed."))
    return redirect("ambassadors:availability")


@role_required(Role.AMBASSADOR)
@require_POST
def pause_toggle(request):
    profile = selectors.own_profile(request.user)
    try:
        profile = services.self_pause(profile=profile, actor=request.user)
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    else:
        messages.success(request, _("You are paused: we propose nothing until you resume.") if profile.status == Status.PAUSED
                         else _("Welcome back: you can be matched again."))
    return redirect("ambassadors:dashboard")


@role_required(Role.AMBASSADOR)
def outcome(request):
    profile = selectors.own_profile(request.user)
    return _outcome_form(request, profile, redirect_to="ambassadors:dashboard")


def _outcome_form(request, profile, redirect_to, **kwargs):
    initial = {"continue_next_year": {True: "yes", False: "no"}.get(profile.continue_next_year),
               "education_job": profile.education_job or None,
               "education_job_description": profile.education_job_description}
    form = OutcomeForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        services.outcome_record(profile=profile, actor=request.user, **form.cleaned_data)
        messages.success(request, _("Thank you, your answers have been saved."))
        return redirect(redirect_to, **kwargs)
    return render(request, "ambassadors/outcome_form.html", {"form": form, "profile": profile},
                  status=400 if form.errors else 200)


@role_required(Role.AMBASSADOR)
def friend_invite(request):
    profile = selectors.own_profile(request.user)
    form = FriendForm(request.POST or None, initial={"message": _(
        "I am an education ambassador: one day a week I help out at a school. It is good fun and really "
        "takes work off teachers' hands. Would this be something for you too?")})
    if request.method == "POST" and form.is_valid():
        if is_ratelimited(request, group="friend", key="user", rate="20/d", increment=True):
            form.add_error(None, _("You sent many invitations today. Please try again tomorrow."))
        else:
            services.friend_invite(profile=profile, **form.cleaned_data)
            messages.success(request, _("Your invitation to %(name)s has been sent.") % {"name": form.cleaned_data["name"]})
            return redirect("ambassadors:dashboard")
    return render(request, "ambassadors/friend_form.html", {"form": form}, status=400 if form.errors else 200)


# --- Staff ----------------------------------------------------------------------------------

EXPORT_COLUMNS = ["first_name", "last_name", "email", "status", "region", "city", "sector", "employer",
                  "vog_status", "vog_issued_on", "weekdays", "applied"]


@role_required(Role.STAFF)
def staff_list(request):
    ambassador_filter = AmbassadorFilter(request.GET, queryset=selectors.staff_list())
    page, query = page_of(request, ambassador_filter.qs)
    return render(request, "ambassadors/staff_list.html", {"filter": ambassador_filter, "page": page, "query": query})


@role_required(Role.STAFF)
def staff_export(request):
    return export_response(request, "ambassadors")


@role_required(Role.STAFF)
def staff_outcome(request, pk):
    profile = selectors.access_profile_by_id(request.user, pk)
    return _outcome_form(request, profile, redirect_to="ambassadors:staff_detail", pk=profile.pk)


@role_required(Role.STAFF)
def channels(request):
    return render(request, "ambassadors/channels.html", {"rows": selectors.channel_report()})
