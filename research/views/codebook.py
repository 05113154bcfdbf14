from django.contrib import messages
from django.core.exceptions import ValidationError
from django.db.models import Count, Q
from django.shortcuts import redirect
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from accounts.web import add_service_errors

from ..forms import CodebookImportForm, MemoForm, MergeForm, ThemeForm
from ..models import Memo, Theme
from ..selectors.access import access_theme
from ..selectors.reports import themes_in_order
from ..services import codebook, coding
from .common import errors_status, researcher_only, study_of, study_page


@researcher_only
def codebook_view(request, slug):
    study, member = study_of(request, slug)
    form = ThemeForm(request.POST or None, study=study)
    if request.method == "POST" and form.is_valid():
        try:
            theme = codebook.theme_create(study=study, actor=request.user, **form.cleaned_data)
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, _("Theme “%(name)s” has been added.") % {"name": theme.name})
            return redirect("research:codebook", slug=study.slug)
    return _codebook(request, study, member, form=form, status=errors_status(form))


def _codebook(request, study, member, form=None, import_form=None, status=200):
    themes = themes_in_order(study)
    counts = dict(Theme.objects.filter(study=study, merged_into__isnull=True)
                  .annotate(n=Count("codings", filter=Q(codings__round__isnull=True,
                                                        codings__segment__transcript__is_current=True)))
                  .values_list("pk", "n"))
    for theme in themes:
        theme.codings_n = counts.get(theme.pk, 0)
    return study_page(request, "research/codebook.html", study, member, {
        "themes": themes, "form": form or ThemeForm(study=study), "import_form": import_form or CodebookImportForm(),
        "merged": Theme.objects.filter(study=study, merged_into__isnull=False).select_related("merged_into"),
    }, status, "codebook")


@researcher_only
@require_POST
def codebook_import(request, slug):
    study, member = study_of(request, slug)
    form = CodebookImportForm(request.POST, request.FILES)
    if form.is_valid():
        upload = form.cleaned_data["file"]
        try:
            created, skipped = codebook.codebook_import(study=study, actor=request.user, data=upload.read(),
                                                        filename=upload.name)
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, _("%(count)s themes imported.") % {"count": len(created)})
            if skipped:
                messages.info(request, _("Already in the codebook, left as they were: %(names)s.") % {"names": ", ".join(skipped)})
            return redirect("research:codebook", slug=study.slug)
    return _codebook(request, study, member, import_form=form, status=400)


@researcher_only
def theme_detail(request, slug, pk):
    study, member = study_of(request, slug)
    theme = access_theme(study, pk)
    form = ThemeForm(request.POST or None, study=study, instance=Theme.objects.get(pk=theme.pk))
    if request.method == "POST" and form.is_valid():
        try:
            codebook.theme_update(theme=theme, actor=request.user, **form.cleaned_data)
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, _("The theme has been saved."))
            return redirect("research:theme_detail", slug=study.slug, pk=theme.pk)
    return study_page(request, "research/theme_detail.html", study, member, {
        "theme": theme, "form": form, "merge_form": MergeForm(theme=theme), "memo_form": MemoForm(),
        "events": _summarised(theme.events.select_related("actor")[:50]),
        "memos": Memo.objects.filter(theme=theme).select_related("author"),
    }, errors_status(form), "codebook")


@researcher_only
@require_POST
def theme_merge(request, slug, pk):
    study, member = study_of(request, slug)
    theme = access_theme(study, pk)
    form = MergeForm(request.POST, theme=theme)
    try:
        if not form.is_valid():
            raise ValidationError(_("Choose another theme of this codebook to merge into."))
        target = codebook.theme_merge(source=theme, target=form.cleaned_data["target"], actor=request.user)
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
        return redirect("research:theme_detail", slug=study.slug, pk=theme.pk)
    messages.success(request, _("“%(source)s” has been merged into “%(target)s”; its codings moved along.")
                     % {"source": theme.name, "target": target.name})
    return redirect("research:theme_detail", slug=study.slug, pk=target.pk)


@researcher_only
@require_POST
def theme_memo(request, slug, pk):
    study, member = study_of(request, slug)
    theme = access_theme(study, pk)
    form = MemoForm(request.POST)
    if form.is_valid():
        coding.memo_create(study=study, author=request.user, body=form.cleaned_data["body"], target=theme)
        messages.success(request, _("The memo has been saved."))
    else:
        messages.error(request, _("Write the memo first."))
    return redirect("research:theme_detail", slug=study.slug, pk=theme.pk)


CHANGE_LABELS = {"name": gettext_lazy("name"), "parent": gettext_lazy("parent theme"), "into": gettext_lazy("merged into"),
                 "from": gettext_lazy("merged from"), "codings": gettext_lazy("codings"),
                 "definition": gettext_lazy("definition"), "include": gettext_lazy("include when"),
                 "exclude": gettext_lazy("exclude when"), "example": gettext_lazy("example"),
                 "colour": gettext_lazy("colour"), "order": gettext_lazy("order")}


def _summarised(events):
    events = list(events)
    for event in events:
        parts = []
        for key, value in event.changes.items():
            label = CHANGE_LABELS.get(key, key)
            parts.append(f"{label}: {value[0]} → {value[1]}" if isinstance(value, list) and len(value) == 2 else f"{label}: {value}")
        event.summary = "; ".join(parts)
    return events
