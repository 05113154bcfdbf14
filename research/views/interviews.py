from django.contrib import messages
from django.core.exceptions import ValidationError
from django.db.models import Count
from django.shortcuts import redirect
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from accounts.web import add_service_errors, page_of
from matching.models import Placement

from .. import pseudonyms
from ..forms import InterviewForm, InterviewParticipantForm, MemoForm, PlacementLinkForm, UploadForm
from ..models import Interview, Memo
from ..selectors.access import access_import, access_interview, access_transcript, require_lead
from ..services import coding, interviews, transcripts
from .common import errors_status, researcher_only, study_of, study_page


@researcher_only
def interview_list(request, slug):
    study, member = study_of(request, slug)
    status = request.GET.get("status", "")
    qs = (Interview.objects.filter(study=study).select_related("wave")
          .annotate(participants_n=Count("interview_participants", distinct=True)).order_by("held_on", "code"))
    if status in Interview.Status.values:
        qs = qs.filter(status=status)
    page, query = page_of(request, qs, 30)
    return study_page(request, "research/interview_list.html", study, member, {
        "page": page, "query": query, "statuses": Interview.Status.choices, "status": status}, tab="interviews")


@researcher_only
def interview_create(request, slug):
    study, member = study_of(request, slug)
    form = InterviewForm(request.POST or None, study=study, initial={"interviewers": [request.user.pk]})
    if request.method == "POST" and form.is_valid():
        try:
            item = interviews.interview_create(study=study, actor=request.user, **form.cleaned_data)
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, _("Interview %(code)s has been planned. Add its participants.") % {"code": item.code})
            return redirect("research:interview_detail", slug=study.slug, code=item.code)
    return study_page(request, "research/interview_form.html", study, member, {"form": form}, errors_status(form),
                      "interviews")


@researcher_only
def interview_edit(request, slug, code):
    study, member = study_of(request, slug)
    item = access_interview(study, code)
    form = InterviewForm(request.POST or None, study=study, instance=item,
                         initial={"interviewers": list(item.interviewers.values_list("pk", flat=True))})
    if request.method == "POST" and form.is_valid():
        try:
            interviews.interview_update(interview=item, **form.cleaned_data)
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, _("The interview has been saved."))
            return redirect("research:interview_detail", slug=study.slug, code=item.code)
    return study_page(request, "research/interview_form.html", study, member, {"form": form, "interview": item},
                      errors_status(form), "interviews")


@researcher_only
def interview_detail(request, slug, code):
    study, member = study_of(request, slug)
    item = access_interview(study, code)
    return _detail(request, study, member, item)


def _detail(request, study, member, item, participant_form=None, upload_form=None, status=200):
    placements = item.placement_links.select_related("placement__need__school", "placement__ambassador__user") \
        if member.is_lead else []
    return study_page(request, "research/interview_detail.html", study, member, {
        "interview": item,
        "people": item.interview_participants.select_related("participant__consent"),
        "interviewers": item.interviewers.all(),
        "transcripts": item.transcripts.select_related("created_by").annotate(turns=Count("segments")).order_by("-version"),
        "participant_form": participant_form or InterviewParticipantForm(study=study),
        "upload_form": upload_form or UploadForm(),
        "next_statuses": [s for s in Interview.Status if item.can_become(s)],
        "placements": placements, "placement_form": PlacementLinkForm(),
        "memos": Memo.objects.filter(interview=item).select_related("author"), "memo_form": MemoForm(),
        "uploads": item.imports.filter(created_by=request.user),
    }, status, "interviews")


def _back(study, item):
    return redirect("research:interview_detail", slug=study.slug, code=item.code)


@researcher_only
@require_POST
def interview_status(request, slug, code):
    study, member = study_of(request, slug)
    item = access_interview(study, code)
    try:
        interviews.interview_transition(interview=item, to_status=request.POST.get("status", ""), actor=request.user)
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    else:
        messages.success(request, _("The interview's status has been changed."))
    return _back(study, item)


@researcher_only
@require_POST
def interview_participant(request, slug, code):
    study, member = study_of(request, slug)
    item = access_interview(study, code)
    if "remove" in request.POST:
        try:
            interviews.interview_participant_remove(interview=item, participant_id=int(request.POST["remove"]))
        except (ValidationError, ValueError) as exc:
            messages.error(request, " ".join(getattr(exc, "messages", [_("Choose a participant.")])))
        return _back(study, item)
    form = InterviewParticipantForm(request.POST, study=study)
    if form.is_valid():
        try:
            interviews.interview_participant_add(interview=item, **form.cleaned_data)
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, _("The participant has been added."))
            return _back(study, item)
    return _detail(request, study, member, item, participant_form=form, status=400)


@researcher_only
@require_POST
def interview_placement(request, slug, code):
    study, member = study_of(request, slug)
    require_lead(member)
    item = access_interview(study, code)
    form = PlacementLinkForm(request.POST)
    placement = Placement.objects.filter(pk=form.cleaned_data["placement"]).first() if form.is_valid() else None
    if placement is None:
        messages.error(request, _("There is no placement with this number."))
    else:
        interviews.interview_link_placement(interview=item, placement=placement)
        messages.success(request, _("The placement has been linked."))
    return _back(study, item)


@researcher_only
@require_POST
def recording_deleted(request, slug, code):
    study, member = study_of(request, slug)
    item = access_interview(study, code)
    interviews.recording_mark_deleted(interview=item)
    messages.success(request, _("Recorded: the recording has been deleted."))
    return _back(study, item)


@researcher_only
@require_POST
def interview_memo(request, slug, code):
    study, member = study_of(request, slug)
    item = access_interview(study, code)
    form = MemoForm(request.POST)
    if form.is_valid():
        coding.memo_create(study=study, author=request.user, body=form.cleaned_data["body"], target=item)
        messages.success(request, _("The memo has been saved."))
    else:
        messages.error(request, _("Write the memo first."))
    return _back(study, item)


@researcher_only
@require_POST
def transcript_upload(request, slug, code):
    study, member = study_of(request, slug)
    item = access_interview(study, code)
    form = UploadForm(request.POST, request.FILES)
    if form.is_valid():
        upload = form.cleaned_data["file"]
        try:
            made = transcripts.import_upload(interview=item, actor=request.user, data=upload.read(), filename=upload.name)
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            return redirect("research:import_review", slug=study.slug, pk=made.pk)
    return _detail(request, study, member, item, upload_form=form, status=400)


@researcher_only
def import_review(request, slug, pk):
    """Map the speakers and review every proposed replacement as a diff before anything is saved."""
    study, member = study_of(request, slug)
    upload = access_import(study, pk, request.user)
    proposals = transcripts.import_proposals(upload)
    options = transcripts.speaker_options(upload.interview)
    labels = list(dict.fromkeys(turn["label"] for turn in upload.turns))
    if request.method == "POST" and "discard" in request.POST:
        upload.delete()
        messages.success(request, _("The upload has been discarded."))
        return redirect("research:interview_detail", slug=study.slug, code=upload.interview.code)
    if request.method == "POST":
        mapping = {label: request.POST.get(f"speaker-{i}", "") for i, label in enumerate(labels)}
        rows = _rows_from_post(request.POST, proposals)
    else:
        mapping = transcripts.guess_mapping(upload)
        rows = [{"original": p.original, "replacement": p.replacement, "accepted": True, "kind": p.kind,
                 "count": p.count, "samples": p.samples} for p in proposals]
    replacements = {r["original"]: r["replacement"] for r in rows if r["accepted"]}
    error = None
    if request.method == "POST" and "save" in request.POST:
        try:
            saved = transcripts.import_save(upload=upload, actor=request.user, mapping=mapping, replacements=replacements)
        except ValidationError as exc:
            error = " ".join(exc.messages)
        else:
            messages.success(request, _("The transcript has been saved as version %(version)s, with %(count)s turns.")
                             % {"version": saved.version, "count": saved.segments.count()})
            return redirect("research:transcript", slug=study.slug, pk=saved.pk)
    preview = [{"label": turn["label"], "pieces": pseudonyms.pieces(turn["text"], replacements)} for turn in upload.turns]
    return study_page(request, "research/import_review.html", study, member, {
        "upload": upload, "interview": upload.interview, "labels": [(i, label, mapping.get(label, "")) for i, label in enumerate(labels)],
        "options": options.values(), "rows": rows, "preview": preview, "error": error,
    }, 400 if error else 200, "interviews")


def _rows_from_post(post, proposals):
    rows = []
    known = {p.original: p for p in proposals}
    try:
        count = max(0, min(int(post.get("rows", "0")), 2000))
    except ValueError:
        count = 0
    for i in range(count):
        original = post.get(f"original-{i}", "")
        if not original:
            continue
        proposal = known.get(original)
        rows.append({"original": original, "replacement": post.get(f"replacement-{i}", "").strip()[:100],
                     "accepted": post.get(f"accept-{i}") == "on", "kind": proposal.kind if proposal else "name",
                     "count": proposal.count if proposal else 0, "samples": proposal.samples if proposal else []})
    extra, replacement = post.get("extra_original", "").strip()[:200], post.get("extra_replacement", "").strip()[:100]
    if extra and extra not in {r["original"] for r in rows}:
        rows.append({"original": extra, "replacement": replacement or "[...]", "accepted": True, "kind": "name",
                     "count": 0, "samples": []})
    return rows


@researcher_only
def transcript_correct(request, slug, pk):
    """A correction of the current version: each turn's text, saved as a new version that carries the codings."""
    study, member = study_of(request, slug)
    transcript = access_transcript(study, pk)
    segments = list(transcript.segments.order_by("index"))
    error = None
    texts = {s.pk: request.POST.get(f"turn-{s.pk}", s.text) for s in segments} if request.method == "POST" else {}
    if request.method == "POST":
        try:
            new, lost = transcripts.transcript_correct(transcript=transcript, actor=request.user, note=request.POST.get("note", ""),
                                                       texts=texts)
        except ValidationError as exc:
            error = " ".join(exc.messages)
        else:
            if lost:
                messages.warning(request, _("%(count)s codings could not be carried over because their words changed; "
                                            "they stay on version %(version)s.") % {"count": len(lost), "version": transcript.version})
            messages.success(request, _("Version %(version)s has been saved.") % {"version": new.version})
            return redirect("research:transcript", slug=study.slug, pk=new.pk)
    for segment in segments:
        segment.draft = texts.get(segment.pk, segment.text)
    return study_page(request, "research/transcript_correct.html", study, member, {
        "transcript": transcript, "segments": segments, "error": error, "note": request.POST.get("note", ""),
    }, 400 if error else 200, "interviews")
