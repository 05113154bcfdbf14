from django.http import Http404, HttpResponse
from django.utils import timezone
from django.views.decorators.http import require_POST

from accounts.web import page_of

from ..forms import QuoteFilter
from ..models import ExportLog
from ..selectors import reports
from ..services import exports
from .common import researcher_only, study_of, study_page


@researcher_only
def report(request, slug):
    study, member = study_of(request, slug)
    return study_page(request, "research/reports.html", study, member, {
        "by_role": reports.theme_by_role(study), "by_wave": reports.theme_by_wave(study),
        "cooccurrence": reports.cooccurrence(study), "by_outcome": reports.theme_by_outcome(study),
    }, tab="reports")



@researcher_only
def quotes(request, slug):
    study, member = study_of(request, slug)
    form = QuoteFilter(request.GET or None, study=study)
    data = form.cleaned_data if form.is_valid() else {}
    page, query = page_of(request, reports.quotes(study, theme=data.get("theme"), role=data.get("role")), 25)
    reports.with_context(page.object_list)
    return study_page(request, "research/quotes.html", study, member, {"form": form, "page": page, "query": query},
                      tab="reports")


@researcher_only
def export_list(request, slug):
    study, member = study_of(request, slug)
    logs = ExportLog.objects.filter(study=study).select_related("user")
    page, query = page_of(request, logs, 25)
    return study_page(request, "research/exports.html", study, member, {
        "formats": ExportLog.Format.choices, "page": page, "query": query}, tab="exports")


@researcher_only
@require_POST
def export_download(request, slug, fmt):
    """Each download is logged: who, when, what."""
    study, member = study_of(request, slug)
    if fmt not in exports.EXPORTERS:
        raise Http404
    function, content_type, extension = exports.EXPORTERS[fmt]
    content = function(study=study, user=request.user)
    response = HttpResponse(content, content_type=content_type)
    stamp = timezone.localtime().strftime("%Y%m%d-%H%M")
    response["Content-Disposition"] = f'attachment; filename="{study.slug}-{stamp}.{extension}"'
    return response
