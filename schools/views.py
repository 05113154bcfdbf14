from django.conf import settings
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from accounts.audit import audit_record
from accounts.models import Role
from accounts.permissions import public, role_required
from accounts.web import add_service_errors, page_of, public_form_limited

from . import memberships, school_year, selectors, services
from .forms import (
    CloseNeedForm,
    ContactPersonForm,
    DecisionForm,
    IntakeFilter,
    IntakeForm,
    NeedForm,
    RegionForm,
    SchoolProfileForm,
    TeacherForm,
)
from .models import Intake, Region, School, TeacherNeed
from .selectors import SCHOOL_ROLES

# --- Public intake --------------------------------------------------------------------------


@public
def intake(request):
    form = IntakeForm(request.POST or None)
    status = 200
    if request.method == "POST":
        if public_form_limited(request, group="intake", email=request.POST.get("leader_email", ""),
                               rate=settings.INTAKE_RATE):
            form.add_error(None, _("We received many registrations from you in a short time. Please try again in an hour."))
            status = 429
        elif form.is_valid():
            if not form.is_spam():
                services.intake_submit(data=form.intake_data(), language=request.LANGUAGE_CODE)
            request.session["intake_email"] = form.cleaned_data["leader_email"]
            return redirect("schools:intake_done")
        else:
            status = 400
    return render(request, "schools/intake_form.html", {"form": form}, status=status)


@public
def intake_done(request):
    return render(request, "schools/intake_done.html", {"email": request.session.get("intake_email", "")})


# --- Staff: intake review -------------------------------------------------------------------


@role_required(Role.STAFF)
def intake_list(request):
    intake_filter = IntakeFilter(request.GET, queryset=selectors.intake_queue())
    page, query = page_of(request, intake_filter.qs)
    return render(request, "schools/intake_list.html", {"filter": intake_filter, "page": page, "query": query})


@role_required(Role.STAFF)
def intake_detail(request, pk):
    intake = selectors.access_intake_by_id(request.user, pk)
    audit_record(actor=request.user, action="intake.viewed", target=intake, request=request)
    return _intake_page(request, intake, DecisionForm())


def _intake_page(request, intake, form, status=200):
    return render(request, "schools/intake_detail.html", {
        "intake": intake, "form": form,
        "duplicates": Intake.objects.filter(duplicate_of=intake).only("id", "school_name", "created_at", "status"),
        "can_approve": intake.can_become(Intake.Status.APPROVED),
        "can_waitlist": intake.can_become(Intake.Status.WAITLISTED),
        "can_decline": intake.can_become(Intake.Status.DECLINED),
    }, status=status)


@role_required(Role.STAFF)
@require_POST
def intake_decide(request, pk, decision):
    intake = selectors.access_intake_by_id(request.user, pk)
    form = DecisionForm(request.POST)
    actions = {
        "approve": lambda reason: services.intake_approve(intake_id=intake.pk, actor=request.user),
        "waitlist": lambda reason: services.intake_waitlist(intake_id=intake.pk, actor=request.user, reason=reason),
        "decline": lambda reason: services.intake_decline(intake_id=intake.pk, actor=request.user, reason=reason),
    }
    if decision not in actions:
        return redirect("schools:intake_detail", pk=intake.pk)
    if form.is_valid():
        try:
            actions[decision](form.cleaned_data["reason"])
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            done = {"approve": _("Approved: the school is linked and the school leader has been e-mailed."),
                    "waitlist": _("Put on the waiting list; the school has been e-mailed."),
                    "decline": _("Declined; the school has been e-mailed the reason.")}
            messages.success(request, done[decision])
            return redirect("schools:intake_detail", pk=intake.pk)
    intake.refresh_from_db()
    return _intake_page(request, intake, form, status=400)


# --- Staff: regions and schools -------------------------------------------------------------


@role_required(Role.STAFF)
def region_list(request):
    return render(request, "schools/region_list.html", {"regions": selectors.regions_overview()})


@role_required(Role.STAFF)
def region_edit(request, pk=None):
    region = get_object_or_404(Region, pk=pk) if pk is not None else None
    form = RegionForm(request.POST or None, region=region)
    if request.method == "POST" and form.is_valid():
        try:
            ranges = services.parse_ranges(form.cleaned_data["postcode_ranges"])
            saved = services.region_save(region=region, data=form.region_data(), ranges=ranges, actor=request.user)
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            moved = services.region_assign_schools(region=saved)
            messages.success(request, _("Region %(name)s saved.") % {"name": saved.name}
                             + (" " + _("Schools that now fall in it: %(count)s.") % {"count": moved} if moved else ""))
            return redirect("schools:region_list")
    return render(request, "schools/region_form.html", {"form": form, "region": region},
                  status=400 if form.errors else 200)


@role_required(Role.STAFF)
def school_list(request):
    qs = selectors.school_list_for_staff()
    query = request.GET.get("q", "").strip()
    if query:
        qs = qs.filter(name__icontains=query) | qs.filter(city__icontains=query)
    page, querystring = page_of(request, qs)
    return render(request, "schools/school_list.html", {"page": page, "query": querystring, "q": query})


# --- School leader and teachers ---------------------------------------------------------------


@role_required(*SCHOOL_ROLES)
def dashboard(request):
    """A school leader lands on their (first) school; a leader of several schools switches there."""
    first = selectors.schools_for_user(request.user).order_by("name").first()
    if first is not None:
        return redirect("schools:school_detail", pk=first.pk)
    return render(request, "schools/no_school.html",
                  {"invitations": selectors.open_membership_invitations(request.user)})


@role_required(Role.SCHOOL_LEADER)
def school_edit(request, pk):
    school = selectors.access_school_by_id(request.user, pk)
    form = SchoolProfileForm(request.POST or None, instance=School.objects.get(pk=school.pk))
    if request.method == "POST" and form.is_valid():
        try:
            services.school_update(school=school, actor=request.user, data=form.cleaned_data)
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, _("The school profile has been saved."))
            return redirect("schools:school_detail", pk=school.pk)
    return render(request, "schools/school_form.html", {"form": form, "school": school},
                  status=400 if form.errors else 200)


@role_required(Role.SCHOOL_LEADER)
def contact_edit(request, pk):
    school = selectors.access_school_by_id(request.user, pk)
    form = ContactPersonForm(request.POST or None, instance=School.objects.get(pk=school.pk))
    if request.method == "POST" and form.is_valid():
        services.school_update(school=school, actor=request.user, data=form.cleaned_data)
        messages.success(request, _("The contact person has been saved."))
        return redirect("schools:school_detail", pk=school.pk)
    return render(request, "schools/contact_form.html", {"form": form, "school": school},
                  status=400 if form.errors else 200)


@role_required(Role.SCHOOL_LEADER)
def teacher_add(request, pk):
    school = selectors.access_school_by_id(request.user, pk)
    form = TeacherForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        # The same answer whether or not the address has an account: the e-mail tells its owner what happened.
        memberships.teacher_add(school=school, actor=request.user, **form.cleaned_data)
        messages.success(request, _("We have e-mailed an invitation to %(email)s. Once accepted, they can post and "
                                    "follow the needs of %(school)s.")
                         % {"email": form.cleaned_data["email"], "school": school.name})
        return redirect("schools:school_detail", pk=school.pk)
    return render(request, "schools/teacher_form.html", {"form": form, "school": school},
                  status=400 if form.errors else 200)


@role_required(*SCHOOL_ROLES)
def membership_answer(request, pk):
    """Someone with an account was invited to a school: they accept or decline it here (after logging in)."""
    invitation = selectors.access_membership_invitation(request.user, pk)
    if request.method == "POST":
        answer = request.POST.get("answer")
        if answer not in ("accept", "decline"):
            messages.error(request, _("Choose whether you accept or decline."))
            return render(request, "schools/membership_answer.html", {"invitation": invitation}, status=400)
        accept = answer == "accept"
        try:
            memberships.membership_answer(invitation_id=invitation.pk, user=request.user, accept=accept)
        except ValidationError as exc:
            messages.error(request, " ".join(exc.messages))
            return redirect("schools:dashboard")
        if accept:
            messages.success(request, _("You now have access to %(school)s.") % {"school": invitation.school.name})
            return redirect("schools:school_detail", pk=invitation.school.pk)
        messages.info(request, _("You declined the invitation; nothing has changed."))
        return redirect("schools:dashboard")
    return render(request, "schools/membership_answer.html", {"invitation": invitation})


@role_required(Role.SCHOOL_LEADER)
@require_POST
def participation_confirm(request, pk):
    school = selectors.access_school_by_id(request.user, pk)
    year = school_year.next_school_year()
    try:
        _participation, created = services.participation_confirm(school=school, actor=request.user, year=year)
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    else:
        if created:
            messages.success(request, _("Thank you! %(school)s takes part in school year %(year)s. Please check the profile and contact person below.")
                             % {"school": school.name, "year": school_year.label(year)})
        else:
            messages.info(request, _("Participation in school year %(year)s had already been confirmed.")
                          % {"year": school_year.label(year)})
    return redirect("schools:school_detail", pk=school.pk)


# --- Teacher needs --------------------------------------------------------------------------


@role_required(*SCHOOL_ROLES)
def need_create(request, pk):
    school = selectors.access_school_by_id(request.user, pk)
    if not school.allowed_tasks:
        messages.warning(request, _("First choose which tasks an ambassador may do at your school."))
        return redirect("schools:school_edit", pk=school.pk) if request.user.role == Role.SCHOOL_LEADER \
            else redirect("schools:school_detail", pk=school.pk)
    form = NeedForm(request.POST or None, school=school)
    if request.method == "POST" and form.is_valid():
        try:
            need = services.need_create(school=school, actor=request.user, data=form.cleaned_data)
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, _("The need has been posted."))
            return redirect("schools:need_detail", pk=need.pk)
    return render(request, "schools/need_form.html", {"form": form, "school": school},
                  status=400 if form.errors else 200)


@role_required(*SCHOOL_ROLES)
def need_edit(request, pk):
    need = selectors.access_need_by_id(request.user, pk)
    form = NeedForm(request.POST or None, instance=TeacherNeed.objects.get(pk=need.pk), school=need.school)
    if request.method == "POST" and form.is_valid():
        try:
            services.need_update(need=need, actor=request.user, data=form.cleaned_data)
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, _("The need has been saved."))
            return redirect("schools:need_detail", pk=need.pk)
    return render(request, "schools/need_form.html", {"form": form, "school": need.school, "need": need},
                  status=400 if form.errors else 200)


@role_required(*SCHOOL_ROLES)
@require_POST
def need_status(request, pk, action):
    need = selectors.access_need_by_id(request.user, pk)
    form = CloseNeedForm(request.POST)
    try:
        if action == "close" and form.is_valid():
            services.need_close(need=need, actor=request.user, note=form.cleaned_data["note"])
            messages.success(request, _("The need has been closed."))
        elif action == "reopen":
            services.need_reopen(need=need, actor=request.user)
            messages.success(request, _("The need is open again."))
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    return redirect(reverse("schools:need_detail", kwargs={"pk": need.pk}))
