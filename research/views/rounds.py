from django.contrib import messages
from django.core.exceptions import ValidationError
from django.shortcuts import redirect
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from accounts.web import add_service_errors

from ..forms import ConsensusForm, RoundForm
from ..models import ReliabilityRound
from ..selectors import reliability as selectors
from ..selectors.access import access_round, require_lead
from ..services import reliability
from .common import errors_status, researcher_only, study_of, study_page


@researcher_only
def round_list(request, slug):
    study, member = study_of(request, slug)
    form = RoundForm(request.POST or None, study=study)
    if request.method == "POST":
        require_lead(member)
        if form.is_valid():
            data = form.cleaned_data
            try:
                round_ = reliability.round_create(study=study, actor=request.user, name=data["name"],
                                                  transcript_ids=[t.pk for t in data["transcripts"]],
                                                  coder_ids=[u.pk for u in data["coders"]],
                                                  theme_ids=[t.pk for t in data["themes"]])
            except ValidationError as exc:
                add_service_errors(form, exc)
            else:
                messages.success(request, _("The round has started: each coder codes the transcripts blind."))
                return redirect("research:round_detail", slug=study.slug, pk=round_.pk)
    rounds = (ReliabilityRound.objects.filter(study=study).prefetch_related("coders", "transcripts__interview")
              .order_by("-created_at"))
    return study_page(request, "research/round_list.html", study, member, {"rounds": rounds, "form": form},
                      errors_status(form), "rounds")


@researcher_only
def round_detail(request, slug, pk):
    study, member = study_of(request, slug)
    round_ = access_round(study, pk)
    context = {"round": round_, "coders": list(round_.coders.all()), "is_coder": round_.coders.filter(pk=request.user.pk).exists(),
               "transcripts": round_.transcripts.select_related("interview").order_by("interview__code"),
               "themes": round_.themes.filter(merged_into__isnull=True)}
    if round_.is_open:
        context["progress"] = selectors.round_progress(round_)
    else:
        context["agreement"] = selectors.round_agreement(round_)
        context["disagreements"] = selectors.disagreements(round_)
    return study_page(request, "research/round_detail.html", study, member, context, tab="rounds")


@researcher_only
@require_POST
def round_close(request, slug, pk):
    study, member = study_of(request, slug)
    require_lead(member)
    round_ = access_round(study, pk)
    try:
        reliability.round_close(round_=round_)
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    else:
        messages.success(request, _("The round is closed: the codings are compared below."))
    return redirect("research:round_detail", slug=study.slug, pk=round_.pk)


@researcher_only
@require_POST
def round_consensus(request, slug, pk):
    """The consensus meeting's decisions become the final coding (any member of the team records them)."""
    study, member = study_of(request, slug)
    round_ = access_round(study, pk)
    try:
        if "adopt" in request.POST:
            made = reliability.consensus_adopt_agreements(round_=round_, actor=request.user)
            messages.success(request, _("%(count)s agreed codings became final.") % {"count": made})
        else:
            form = ConsensusForm(request.POST)
            if not form.is_valid():
                raise ValidationError(_("Choose whether the theme applies."))
            reliability.consensus_decide(round_=round_, actor=request.user, segment_id=form.cleaned_data["segment"],
                                         theme_id=form.cleaned_data["theme"], decision=form.cleaned_data["decision"])
            messages.success(request, _("The decision has been recorded."))
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    return redirect("research:round_detail", slug=study.slug, pk=round_.pk)
