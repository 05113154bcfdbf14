from django.contrib import messages
from django.core.exceptions import ValidationError
from django.db.models import Count, Q
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from accounts.models import Role
from accounts.permissions import role_required
from accounts.web import add_service_errors

from ..forms import MemberForm, MemberRoleForm, StudyForm, StudySettingsForm, WaveForm
from ..models import Interview, ReliabilityRound, Study
from ..selectors import overview
from ..selectors.access import require_lead, studies_for
from ..selectors.todo import for_researcher
from ..services import studies
from .common import errors_status, researcher_only, study_of, study_page


@researcher_only
def dashboard(request):
    """The researcher's landing page: their studies, each with what waits for them."""
    rows = (studies_for(request.user)
            .annotate(participants_n=Count("participants", filter=Q(participants__withdrawn_at__isnull=True), distinct=True),
                      interviews_n=Count("interviews", distinct=True),
                      coded_n=Count("interviews", filter=Q(interviews__status=Interview.Status.CODED), distinct=True),
                      open_rounds=Count("rounds", filter=Q(rounds__status=ReliabilityRound.Status.OPEN,
                                                           rounds__coders=request.user), distinct=True))
            .order_by("name"))
    return render(request, "research/dashboard.html", {"studies": rows, "todo": for_researcher(request.user)})


@researcher_only
def study_create(request):
    form = StudyForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            study = studies.study_create(actor=request.user, **form.cleaned_data)
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, _("The study has been created with the programme's themes as its codebook."))
            return redirect("research:study_detail", slug=study.slug)
    return render(request, "research/study_form.html", {"form": form}, status=errors_status(form))


@researcher_only
def study_detail(request, slug):
    study, member = study_of(request, slug)
    return study_page(request, "research/study_detail.html", study, member, overview.study_overview(study, request.user),
                      tab="overview")


@researcher_only
def study_settings(request, slug):
    study, member = study_of(request, slug)
    require_lead(member)
    form = StudySettingsForm(request.POST or None, instance=Study.objects.get(pk=study.pk))
    if request.method == "POST" and form.is_valid():
        try:
            studies.study_update(study=study, **{k: form.cleaned_data[k] for k in form.fields})
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, _("The study's settings have been saved."))
            return redirect("research:team", slug=study.slug)
    return study_page(request, "research/study_settings.html", study, member, {"form": form}, errors_status(form), "team")


@researcher_only
def team(request, slug):
    study, member = study_of(request, slug)
    member_form = MemberForm(request.POST if "add_member" in request.POST else None)
    wave_form = WaveForm(request.POST if "add_wave" in request.POST else None)
    if request.method == "POST":
        require_lead(member)
        form, action = (member_form, "member") if "add_member" in request.POST else (wave_form, "wave")
        if form.is_valid():
            try:
                if action == "member":
                    studies.member_add(study=study, **form.cleaned_data)
                else:
                    studies.wave_create(study=study, name=form.cleaned_data["name"])
            except ValidationError as exc:
                add_service_errors(form, exc)
            else:
                messages.success(request, _("Saved."))
                return redirect("research:team", slug=study.slug)
    members = study.members.select_related("user").order_by("role", "user__last_name")
    return study_page(request, "research/team.html", study, member, {
        "members": members, "member_form": member_form, "wave_form": wave_form, "waves": study.waves.all(),
        "role_choices": MemberRoleForm.base_fields["role"].choices,
    }, errors_status(member_form if "add_member" in request.POST else None, wave_form if "add_wave" in request.POST else None),
        "team")


@researcher_only
@require_POST
def member_change(request, slug):
    study, member = study_of(request, slug)
    require_lead(member)
    form = MemberRoleForm(request.POST)
    try:
        if not form.is_valid():
            raise ValidationError(_("Choose a member and a role."))
        if form.cleaned_data["role"]:
            studies.member_set_role(study=study, member_id=form.cleaned_data["member"], role=form.cleaned_data["role"])
        else:
            studies.member_remove(study=study, member_id=form.cleaned_data["member"])
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    else:
        messages.success(request, _("The team has been changed."))
    return redirect("research:team", slug=study.slug)


@role_required(Role.STAFF)
def staff_overview(request):
    """Foundation staff see how the research is going in counts only: no names, codes or words."""
    return render(request, "research/staff_overview.html", {"rows": overview.staff_counts()})
