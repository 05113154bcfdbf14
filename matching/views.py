from django.contrib import messages
from django.core.exceptions import ValidationError
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_POST

from accounts.audit import audit_record
from accounts.models import Role
from accounts.permissions import public, role_required
from accounts.web import add_service_errors, page_of
from schools import school_year
from schools.selectors import access_need_by_id

from . import explain, funding, selectors, services
from .forms import (
    AnswerForm,
    BoardFilter,
    CheckInFilter,
    CheckInForm,
    EndForm,
    FundingAddForm,
    FundingSchemeForm,
    PlacementFilter,
    ProposalBoardFilter,
    RejectForm,
    RunForm,
    WeightsForm,
)
from .models import CheckIn, MatchingRun, MatchingSettings, Proposal


def _with_reasons(proposals):
    for proposal in proposals:
        proposal.reasons = services.explain(proposal.components, distance_km=proposal.distance_km,
                                            weekday_label=proposal.get_weekday_display(), day_part=proposal.day_part)
    return proposals


@role_required(Role.STAFF)
def board(request):
    form = ProposalBoardFilter(request.GET or None)
    data = form.cleaned_data if form.is_valid() else {}
    page, query = page_of(request, selectors.board(data.get("region"), need_id=data.get("need")), 30)
    page.object_list = _with_reasons(selectors.board_rows(list(page.object_list)))
    return render(request, "matching/board.html", {
        "filter_form": form, "one_need": bool(data.get("need")), "page": page, "query": query, "run_form": RunForm(),
        "runs": MatchingRun.objects.select_related("region", "started_by")[:5]
    })


@role_required(Role.STAFF)
@require_POST
def run_start(request):
    form = RunForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Choose a valid objective and region."))
        return redirect("matching:board")
    run = services.run_create(actor=request.user, **form.cleaned_data)
    return redirect("matching:run_detail", pk=run.pk)


@role_required(Role.STAFF)
def run_detail(request, pk):
    run = selectors.access_run_by_id(request.user, pk)
    page, query = page_of(request, selectors.run_proposals(run), 30)
    template = "matching/partials/run_poll.html" if request.htmx else "matching/run_detail.html"
    return render(request, template, {"run": run, "page": page, "query": query,
                                      "states": selectors.run_proposal_states(run)})


@role_required(Role.STAFF)
@require_POST
def run_restart(request, pk):
    run = selectors.access_run_by_id(request.user, pk)
    try:
        services.run_restart(run_id=run.pk, actor=request.user)
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    else:
        messages.success(request, _("The run has been started again."))
    return redirect("matching:run_detail", pk=run.pk)


@role_required(Role.STAFF)
@require_POST
def proposal_decide(request, pk, decision):
    proposal = selectors.access_proposal_by_id(request.user, pk)
    form = RejectForm(request.POST)
    error = None
    try:
        if decision == "approve":
            proposal = services.proposal_decide(proposal_id=proposal.pk, actor=request.user, approve=True)
        elif decision == "swap":
            try:
                ambassador_id = int(request.POST.get("ambassador", ""))
            except ValueError:
                raise ValidationError(_("Choose an alternative.")) from None
            proposal = services.proposal_swap(proposal_id=proposal.pk, actor=request.user, ambassador_id=ambassador_id)
            messages.success(request, _("Swapped: the alternative is now proposed."))
            return redirect("matching:board")
        elif decision == "reject":
            if not form.is_valid():
                raise ValidationError(form.errors["reason"])
            proposal = services.proposal_decide(proposal_id=proposal.pk, actor=request.user, approve=False,
                                                reason=form.cleaned_data["reason"])
        else:
            error = _("Unknown decision.")
    except ValidationError as exc:
        error = " ".join(exc.messages)
    if request.htmx:
        proposal = selectors.board_row(proposal.pk)
        _with_reasons([proposal])
        return render(request, "matching/partials/proposal_row.html",
                      {"proposal": proposal, "error": error}, status=400 if error else 200)
    if error:
        messages.error(request, error)
    else:
        messages.success(request, _("Proposal approved.") if decision == "approve" else _("Proposal rejected."))
    return redirect("matching:board")


@role_required(Role.STAFF)
def weights(request):
    form = WeightsForm(request.POST or None, instance=MatchingSettings.current())
    if request.method == "POST" and form.is_valid():
        try:
            services.weights_update(actor=request.user, data=form.cleaned_data)
        except ValidationError as exc:
            add_service_errors(form, exc)
            return render(request, "matching/weights.html", {"form": form}, status=400)
        messages.success(request, _("The weights have been saved; the next run uses them."))
        return redirect("matching:board")
    return render(request, "matching/weights.html", {"form": form}, status=400 if form.errors else 200)


@role_required(Role.STAFF)
def need_exclusions(request, pk):
    """For one need: the best alternatives (to swap in) and why the nearest ambassadors were left out."""
    need = access_need_by_id(request.user, pk)
    proposals = selectors.need_proposals(need)
    proposal = next((p for p in proposals if p.status == Proposal.Status.PROPOSED), None)  # the one a swap replaces
    rows, alternatives = services.need_overview(need)
    return render(request, "matching/need_exclusions.html", {
        "need": need, "rows": selectors.mark_proposed(rows, proposals), "alternatives": alternatives,
        "proposal": proposal, "proposals": proposals,
    })


# --- Both sides say yes -----------------------------------------------------------------------


@role_required(Role.SCHOOL_LEADER, Role.AMBASSADOR)
def proposal_answer(request, pk):
    proposal, side = selectors.access_proposal_for_answer(request.user, pk)
    form = AnswerForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.proposal_respond(proposal_id=proposal.pk, actor=request.user, side=side,
                                      accept=form.cleaned_data["accept"], reason=form.cleaned_data["reason"])
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, _("Thank you for your answer."))
            return redirect("schools:dashboard" if side == "school" else "ambassadors:dashboard")
    return render(request, "matching/proposal_answer.html", {
        "proposal": proposal, "side": side, "form": form, "why": explain.proposal_why(proposal, side),
        "open": proposal.status == Proposal.Status.APPROVED,
    }, status=400 if form.errors else 200)


# --- Check-ins and placements ---------------------------------------------------------------


@role_required(Role.SCHOOL_LEADER, Role.TEACHER, Role.AMBASSADOR)
def checkin(request, pk):
    item = selectors.access_checkin_by_id(request.user, pk)
    form = CheckInForm(request.POST or None)
    if _answered(request, form, item, actor=request.user):
        messages.success(request, _("Thank you: your answer helps the placement work."))
        return redirect("ambassadors:dashboard" if request.user.role == Role.AMBASSADOR else "schools:dashboard")
    return render(request, "matching/checkin.html", {"checkin": item, "form": form}, status=400 if form.errors else 200)


def _answered(request, form, item, actor) -> bool:
    """Store a valid check-in answer; the service's objections land on the form."""
    if request.method != "POST" or not form.is_valid():
        return False
    try:
        services.checkin_answer(checkin_id=item.pk, actor=actor, **form.cleaned_data)
    except ValidationError as exc:
        add_service_errors(form, exc)
        return False
    return True


@public
def checkin_token(request, pk, token):
    """A check-in answered through the signed link e-mailed to the school's contact person (no account needed)."""
    item = services.checkin_from_token(pk, token)
    if item is None:
        return render(request, "matching/checkin_invalid.html", status=400)
    form = CheckInForm(request.POST or None)
    if _answered(request, form, item, actor=None):
        return render(request, "matching/checkin_thanks.html")
    return render(request, "matching/checkin.html", {"checkin": item, "form": form}, status=400 if form.errors else 200)


@role_required(Role.STAFF)
def placement_list(request):
    form = PlacementFilter(request.GET or None)
    data = form.cleaned_data if form.is_valid() else {}
    page, query = page_of(request, selectors.placements_for_staff(data.get("region"), data.get("flagged")), 30)
    return render(request, "matching/placement_list.html", {"filter_form": form, "page": page, "query": query})


@role_required(Role.STAFF)
@require_POST
def placement_end(request, pk):
    placement = selectors.access_placement_by_id(request.user, pk)
    form = EndForm(request.POST)
    try:
        if not form.is_valid():
            raise ValidationError(form.errors["reason"])
        services.placement_end(placement_id=placement.pk, actor=request.user, reason=form.cleaned_data["reason"])
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    else:
        messages.success(request, _("The placement has ended; the need is open again for a new match."))
    return redirect("matching:placement_list")


@role_required(Role.STAFF, Role.SCHOOL_LEADER, Role.TEACHER)
def placement_welcome(request, pk):
    placement = selectors.access_placement_by_id(request.user, pk)
    _record_staff_view(request, placement)
    return render(request, "matching/welcome.html", {"placement": placement})


@role_required(Role.STAFF, Role.AMBASSADOR)
def placement_first_day(request, pk):
    placement = selectors.access_placement_by_id(request.user, pk)
    _record_staff_view(request, placement)
    return render(request, "matching/first_day.html", {"placement": placement})


# --- Check-ins as insight -------------------------------------------------------------------


@role_required(Role.STAFF)
def checkin_overview(request):
    """Every placement's check-in answers over time, those at risk first."""
    form = CheckInFilter(request.GET or None)
    data = form.cleaned_data if form.is_valid() else {}
    year = data.get("year") if form.is_bound else school_year.current_school_year()
    qs = selectors.checkin_overview(year=year, region=data.get("region"), at_risk_only=data.get("at_risk", False))
    page, query = page_of(request, qs, 30)
    return render(request, "matching/checkin_overview.html", {"filter_form": form, "page": page, "query": query},
                  status=400 if form.errors else 200)


@role_required(Role.STAFF, Role.SCHOOL_LEADER)
def placement_detail(request, pk):
    """One placement's check-ins over time: staff see both sides, the school leader their school's answers."""
    placement = selectors.access_placement_by_id(request.user, pk)
    sides = CheckIn.Side.values if request.user.role == Role.STAFF else [CheckIn.Side.SCHOOL]
    checkins = selectors.placement_checkins(placement, sides=sides)
    return render(request, "matching/placement_detail.html", {
        "placement": placement, "checkins": checkins, "both_sides": len(sides) > 1,
        "today": timezone.localdate(),
    })


# --- Funding schemes ------------------------------------------------------------------------


@role_required(Role.STAFF)
def funding_list(request):
    form = BoardFilter(request.GET or None)
    region = form.cleaned_data["region"] if form.is_valid() else None
    page, query = page_of(request, selectors.funding_schemes(region=region), 30)
    return render(request, "matching/funding_list.html", {"filter_form": form, "page": page, "query": query})


@role_required(Role.STAFF)
def funding_edit(request, pk=None):
    scheme = selectors.access_funding_scheme_by_id(request.user, pk) if pk is not None else None
    form = FundingSchemeForm(request.POST or None, instance=scheme)
    if request.method == "POST" and form.is_valid():
        try:
            scheme = funding.funding_scheme_save(scheme=scheme, actor=request.user, data=form.cleaned_data)
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, _("The funding scheme has been saved."))
            return redirect("matching:funding_detail", pk=scheme.pk)
    return render(request, "matching/funding_form.html", {"form": form, "scheme": scheme},
                  status=400 if form.errors else 200)


@role_required(Role.STAFF)
def funding_detail(request, pk):
    scheme = selectors.access_funding_scheme_by_id(request.user, pk)
    return _funding_detail(request, scheme)


def _funding_detail(request, scheme, form=None, status=200):
    eligible = list(selectors.funding_eligible(scheme))
    return render(request, "matching/funding_detail.html", {
        "scheme": scheme, "placements": selectors.funding_placements(scheme),
        "form": form or FundingAddForm(eligible=eligible), "eligible": eligible,
    }, status=status)


@role_required(Role.STAFF)
@require_POST
def funding_add(request, pk):
    scheme = selectors.access_funding_scheme_by_id(request.user, pk)
    form = FundingAddForm(request.POST, eligible=selectors.funding_eligible(scheme))
    if form.is_valid():
        try:
            added = funding.funding_assign(scheme_id=scheme.pk, placement_ids=form.cleaned_data["placements"],
                                           actor=request.user)
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, ngettext("%(n)s placement now counts against this scheme.",
                                               "%(n)s placements now count against this scheme.", added) % {"n": added})
            return redirect("matching:funding_detail", pk=scheme.pk)
    return _funding_detail(request, selectors.access_funding_scheme_by_id(request.user, pk), form=form, status=400)


@role_required(Role.STAFF)
@require_POST
def funding_remove(request, pk, placement_pk):
    scheme = selectors.access_funding_scheme_by_id(request.user, pk)
    try:
        funding.funding_unassign(scheme_id=scheme.pk, placement_id=placement_pk, actor=request.user)
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    else:
        messages.success(request, _("The placement no longer counts against this scheme; its place is free."))
    return redirect("matching:funding_detail", pk=scheme.pk)


def _record_staff_view(request, placement):
    """Staff opening a page with a person's contact details is a view of personal data; the people of the
    placement themselves reading their own page is not recorded."""
    if request.user.role == Role.STAFF:
        audit_record(actor=request.user, action="placement.viewed", target=placement, request=request,
                     subject=placement.ambassador.user)
