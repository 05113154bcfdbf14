"""The staff page of one ambassador: their screening (ambassadors) beside every proposal and placement made for them
(matching). Its views keep their addresses and names in the ambassadors namespace (see config/urls.py)."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from accounts.audit import audit_record
from accounts.models import Role
from accounts.permissions import role_required
from accounts.web import add_service_errors
from ambassadors import selectors, services
from ambassadors.forms import IntakePlanForm, TransitionForm
from ambassadors.models import Status
from matching import selectors as matching_selectors


@role_required(Role.STAFF)
def staff_detail(request, pk):
    profile = selectors.access_profile_by_id(request.user, pk)
    audit_record(actor=request.user, action="ambassador.viewed", target=profile, request=request)
    return _staff_detail(request, profile)


def _staff_detail(request, profile, transition_form=None, intake_form=None, status=200):
    intake_initial = {"at": profile.intake_at and timezone.localtime(profile.intake_at), "by": profile.intake_by_id,
                      "place": profile.intake_place, "notes": profile.intake_notes}
    grid = selectors.grid(profile)
    proposals, placements = matching_selectors.ambassador_history(profile)
    return render(request, "ambassadors/staff_detail.html", {
        "profile": profile,
        "timeline": selectors.timeline(profile),
        "grid": grid,
        "absences": profile.absences.all(),
        "next_statuses": [s for s in Status if profile.can_become(s)],
        "transition_form": transition_form or TransitionForm(),
        "intake_form": intake_form or IntakePlanForm(initial=intake_initial),
        "blockers": selectors.matching_blockers(profile, profile.start_date or timezone.localdate(), grid),
        "vog_valid_until": profile.vog_valid_until(),
        "proposals": proposals,
        "placements": placements,
        "current_placements": matching_selectors.current_placements(placements),
    }, status=status)


@role_required(Role.STAFF)
@require_POST
def staff_transition(request, pk):
    profile = selectors.access_profile_by_id(request.user, pk)
    form = TransitionForm(request.POST)
    if form.is_valid():
        try:
            services.status_transition(profile_id=profile.pk, actor=request.user, to_status=form.cleaned_data["to_status"],
                                       note=form.cleaned_data["note"], vog_issued_on=form.cleaned_data["vog_issued_on"],
                                       vog_screening_profile=form.cleaned_data["vog_screening_profile"])
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, _("Status changed."))
            return redirect("ambassadors:staff_detail", pk=profile.pk)
    return _staff_detail(request, profile, transition_form=form, status=400)


@role_required(Role.STAFF)
@require_POST
def staff_intake(request, pk):
    profile = selectors.access_profile_by_id(request.user, pk)
    form = IntakePlanForm(request.POST)
    if form.is_valid():
        try:
            services.intake_plan(profile_id=profile.pk, actor=request.user, **form.cleaned_data)
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, _("The intake talk has been planned."))
            return redirect("ambassadors:staff_detail", pk=profile.pk)
    return _staff_detail(request, profile, intake_form=form, status=400)
