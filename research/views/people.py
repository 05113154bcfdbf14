from django.contrib import messages
from django.core.exceptions import ValidationError
from django.db.models import Count
from django.shortcuts import redirect
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from accounts.models import User
from accounts.web import add_service_errors, page_of
from matching.models import Placement
from schools.models import School

from ..forms import ConsentForm, LinkForm, MemoForm, ParticipantForm, WithdrawForm
from ..models import InterviewPlacement, Memo, Participant, ParticipantLink, ParticipantRole, PseudonymKey
from ..selectors.access import access_participant, require_lead
from ..services import coding, participants
from .common import errors_status, researcher_only, study_of, study_page


@researcher_only
def participant_list(request, slug):
    study, member = study_of(request, slug)
    form = ParticipantForm(request.POST or None, study=study)
    if request.method == "POST" and form.is_valid():
        try:
            person = participants.participant_create(study=study, **form.cleaned_data)
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, _("%(code)s has been added. Record their consent next.") % {"code": person.code})
            return redirect("research:participant_detail", slug=study.slug, code=person.code)
    role = request.GET.get("role", "")
    qs = (Participant.objects.filter(study=study).select_related("wave", "consent")
          .annotate(interviews_n=Count("interview_participants")).order_by("role", "code"))
    if role in ParticipantRole.values:
        qs = qs.filter(role=role)
    page, query = page_of(request, qs, 50)
    return study_page(request, "research/participant_list.html", study, member, {
        "page": page, "query": query, "form": form, "roles": ParticipantRole.choices, "role": role,
    }, errors_status(form), "participants")


@researcher_only
def participant_detail(request, slug, code):
    study, member = study_of(request, slug)
    person = access_participant(study, code)
    form = ConsentForm(initial={"info_letter_version": study.info_letter_version, **_current(person)})
    return _detail(request, study, member, person, form)


def _detail(request, study, member, person, consent_form, status=200):
    link = None
    if member.is_lead:
        link = ParticipantLink.objects.select_related("user", "school", "ambassador__user", "placement__need__school").filter(
            participant=person).first()
    return study_page(request, "research/participant_detail.html", study, member, {
        "person": person, "consents": person.consents.select_related("recorded_by"), "consent_form": consent_form,
        "withdraw_form": WithdrawForm(), "link": link, "link_form": LinkForm(), "memo_form": MemoForm(),
        "memos": Memo.objects.filter(participant=person).select_related("author"),
        "interviews": person.interview_participants.select_related("interview").order_by("interview__held_on"),
    }, status, "participants")


def _current(person):
    consent = person.consent
    if consent is None or consent.withdrawn:
        return {}
    return {k: getattr(consent, k) for k in ("recording", "transcript", "quotes", "linking")}


def _back(study, person):
    return redirect("research:participant_detail", slug=study.slug, code=person.code)


@researcher_only
@require_POST
def consent_record(request, slug, code):
    study, member = study_of(request, slug)
    person = access_participant(study, code)
    form = ConsentForm(request.POST)
    if form.is_valid():
        try:
            participants.consent_record(participant=person, actor=request.user, **form.cleaned_data)
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, _("The consent has been recorded."))
            return _back(study, person)
    return _detail(request, study, member, person, form, 400)


@researcher_only
@require_POST
def participant_withdraw(request, slug, code):
    study, member = study_of(request, slug)
    person = access_participant(study, code)
    form = WithdrawForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Tick the box to confirm the withdrawal."))
        return _back(study, person)
    try:
        participants.participant_withdraw(participant=person, actor=request.user, note=form.cleaned_data["note"])
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    else:
        messages.success(request, _("%(code)s has withdrawn: their words, codings and memos are gone from the study.")
                         % {"code": person.code})
    return _back(study, person)


@researcher_only
@require_POST
def participant_link(request, slug, code):
    """Re-identification: the lead links a participant to the platform (role, school type and region follow)."""
    study, member = study_of(request, slug)
    require_lead(member)
    person = access_participant(study, code)
    form = LinkForm(request.POST)
    try:
        if not form.is_valid():
            raise ValidationError(form.non_field_errors() or [e for errors in form.errors.values() for e in errors])
        data = form.cleaned_data
        user = User.objects.filter(email__iexact=data["email"]).first() if data["email"] else None
        placement = (Placement.objects.select_related("need__school__region", "ambassador").filter(pk=data["placement"]).first()
                     if data["placement"] else None)
        school = School.objects.filter(brin=data["brin"].upper()).first() if data["brin"] else None
        if (data["email"] and user is None) or (data["placement"] and placement is None) or (data["brin"] and school is None):
            raise ValidationError(_("Nothing on the platform matches what you entered."))
        ambassador = getattr(user, "ambassador_profile", None) if user else None
        participants.participant_link(participant=person, actor=request.user, user=user, school=school,
                                      ambassador=ambassador, placement=placement)
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    else:
        messages.success(request, _("The link has been saved; role, school type and region are filled from it."))
    return _back(study, person)


@researcher_only
@require_POST
def participant_memo(request, slug, code):
    study, member = study_of(request, slug)
    person = access_participant(study, code)
    form = MemoForm(request.POST)
    if form.is_valid():
        coding.memo_create(study=study, author=request.user, body=form.cleaned_data["body"], target=person)
        messages.success(request, _("The memo has been saved."))
    else:
        messages.error(request, _("Write the memo first."))
    return _back(study, person)


@researcher_only
def reidentification_key(request, slug):
    """The study lead's key: who each participant is, which placements interviews are about, replaced names."""
    study, member = study_of(request, slug)
    require_lead(member)
    links = (ParticipantLink.objects.filter(participant__study=study)
             .select_related("participant", "user", "school", "ambassador__user", "placement__need__school", "linked_by")
             .order_by("participant__role", "participant__code"))
    return study_page(request, "research/key.html", study, member, {
        "links": links, "keys": PseudonymKey.objects.filter(study=study),
        "placements": InterviewPlacement.objects.filter(interview__study=study)
        .select_related("interview", "placement__need__school", "placement__ambassador__user"),
    }, tab="key")

