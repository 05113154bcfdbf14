from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from accounts.web import page_of

from ..forms import CodingForm, MemoForm, RemoveForm
from ..models import Memo
from ..selectors import coding as selectors
from ..selectors.access import access_transcript, coder_name
from ..services import coding
from .common import researcher_only, study_of, study_page


def _page(request, study, member, transcript, round_, form=None, status=200):
    segments = selectors.turns(transcript, request.user, round_)
    themes = selectors.themes_for(study, round_)
    form = form or CodingForm(themes=themes, segments=segments, initial={"round": round_.pk if round_ else None})
    editable = transcript.is_current and (round_ is None or round_.is_open)
    return study_page(request, "research/transcript.html", study, member, {
        "transcript": transcript, "interview": transcript.interview, "segments": segments, "themes": themes,
        "form": form, "round": round_, "editable": editable, "me": request.user,
        "versions": transcript.interview.transcripts.order_by("-version").values("pk", "version", "is_current"),
    }, status, "interviews")


@researcher_only
def transcript(request, slug, pk):
    """The coding page: select words in a turn (mouse or keyboard) or whole turns, and apply themes."""
    study, member = study_of(request, slug)
    item = access_transcript(study, pk)
    round_ = selectors.page_round(item, request.user, request.GET.get("round"))
    return _page(request, study, member, item, round_)


def _changed(request, item, member, round_, segment_ids, message, undo_ids=(), status=200, error=None):
    segments = selectors.turns(item, request.user, round_, segment_ids=segment_ids)
    return render(request, "research/partials/coding_result.html", {
        "segments": segments, "message": message, "error": error, "undo": ",".join(str(i) for i in undo_ids),
        "transcript": item, "study": item.interview.study, "round": round_, "editable": True, "me": request.user,
        "is_lead": member.is_lead,
    }, status=status)


@researcher_only
@require_POST
def codings_add(request, slug, pk):
    study, member = study_of(request, slug)
    item = access_transcript(study, pk)
    round_ = selectors.page_round(item, request.user, request.POST.get("round"))
    themes = selectors.themes_for(study, round_)
    form = CodingForm(request.POST, themes=themes, segments=item.segments.only("pk", "index"))
    error = None
    if form.is_valid():
        try:
            made = coding.codings_add(transcript=item, coder=request.user, spans=form.spans(),
                                      theme_ids=form.cleaned_data["themes"], stance=form.cleaned_data["stance"] or "",
                                      round_id=round_.pk if round_ else None, memo=form.cleaned_data["memo"])
        except ValidationError as exc:
            error = " ".join(exc.messages)
    else:
        error = " ".join(e for errors in form.errors.values() for e in errors)
    if error:
        if request.htmx:
            return _changed(request, item, member, round_, [], None, status=400, error=error)
        if not form.errors:
            form.add_error(None, error)
        return _page(request, study, member, item, round_, form=form, status=400)
    message = _("Coded: %(count)s coding(s) in %(turns)s turn(s).") % {
        "count": len(made), "turns": len({c.segment_id for c in made})}
    if request.htmx:
        return _changed(request, item, member, round_, {c.segment_id for c in made}, message, undo_ids=[c.pk for c in made])
    messages.success(request, message)
    return redirect(_address(study, item, round_) + f"#turn-{made[0].segment_id}")


def _address(study, item, round_):
    url = reverse("research:transcript", kwargs={"slug": study.slug, "pk": item.pk})
    return f"{url}?round={round_.pk}" if round_ else url


@researcher_only
@require_POST
def codings_remove(request, slug, pk):
    study, member = study_of(request, slug)
    item = access_transcript(study, pk)
    round_ = selectors.page_round(item, request.user, request.POST.get("round"))
    form = RemoveForm(request.POST)
    error = None
    segment_ids = []
    if form.is_valid():
        ids = form.cleaned_data["codings"]
        segment_ids = list(selectors.visible_codings(item, request.user, round_).filter(pk__in=ids)
                           .values_list("segment_id", flat=True).distinct())
        try:
            removed = coding.codings_remove(transcript=item, user=request.user, coding_ids=ids, is_lead=member.is_lead)
        except ValidationError as exc:
            error = " ".join(exc.messages)
    else:
        error = _("There is nothing to remove.")
    if request.htmx:
        if error:
            return _changed(request, item, member, round_, [], None, status=400, error=error)
        return _changed(request, item, member, round_, segment_ids, _("Removed: %(count)s coding(s).") % {"count": removed})
    if error:
        messages.error(request, error)
    else:
        messages.success(request, _("Removed: %(count)s coding(s).") % {"count": removed})
    return redirect(_address(study, item, round_))


@researcher_only
def theme_css(request, slug):
    """The codebook's colours as CSS (the site's content security policy allows no inline styles)."""
    study, member = study_of(request, slug)
    response = HttpResponse(selectors.theme_css(study), content_type="text/css; charset=utf-8")
    response["Cache-Control"] = "private, max-age=60"
    return response


@researcher_only
def memos(request, slug):
    """Every memo of the study in one overview, and the study journal."""
    study, member = study_of(request, slug)
    form = MemoForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        coding.memo_create(study=study, author=request.user, body=form.cleaned_data["body"])
        messages.success(request, _("The journal entry has been saved."))
        return redirect("research:memos", slug=study.slug)
    kind = request.GET.get("kind", "")
    qs = (Memo.objects.filter(study=study).select_related("author", "interview", "theme", "participant",
                                                          "coding__segment__transcript__interview", "coding__theme")
          .order_by("-created_at", "-pk"))
    filters = {"journal": {"coding__isnull": True, "interview__isnull": True, "theme__isnull": True,
                           "participant__isnull": True},
               "coding": {"coding__isnull": False}, "interview": {"interview__isnull": False},
               "theme": {"theme__isnull": False}, "participant": {"participant__isnull": False}}
    if kind in filters:
        qs = qs.filter(**filters[kind])
    page, query = page_of(request, qs, 30)
    return study_page(request, "research/memos.html", study, member, {
        "page": page, "query": query, "form": form, "kind": kind, "coder_name": coder_name},
        400 if form.errors else 200, "memos")
