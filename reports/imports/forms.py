from django import forms
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _
from openpyxl.utils import get_column_letter

from schools import school_year

from .columns import LAYOUTS
from .models import ImportBatch, InviteWhen, Kind

KIND_HELP = {
    Kind.SCHOOLS: _("One row per school: name, BRIN, address, school board, school leader. Import these first."),
    Kind.AMBASSADORS: _("One row per ambassador: name, e-mail, postcode, employer, days, VOG."),
    Kind.PLACEMENTS: _("One row per placement: the ambassador's e-mail, the school, the day and the period. Import "
                       "the schools and ambassadors first."),
}


class UploadForm(forms.Form):
    kind = forms.ChoiceField(label=_("What does the file hold?"), choices=Kind.choices, widget=forms.RadioSelect)
    file = forms.FileField(label=_("File (CSV or Excel .xlsx)"),
                           widget=forms.ClearableFileInput(attrs={"accept": ".csv,.txt,.xlsx"}))


class MappingForm(forms.Form):
    """One choice per column of the file: which of the platform's columns it holds, or none."""

    def __init__(self, *args, batch: ImportBatch, samples: list[list[str]], **kwargs):
        super().__init__(*args, **kwargs)
        self.batch = batch
        self.layout = LAYOUTS[batch.kind]
        options = [("", _("— do not import —"))] + [(c.key, c.label) for c in self.layout.columns]
        linked = {index: key for key, index in batch.mapping.items()}
        self.columns = []
        for index, header in enumerate(batch.headers):
            name = f"column_{index}"
            self.fields[name] = forms.ChoiceField(
                label=_("Column %(letter)s: %(heading)s") % {"letter": get_column_letter(index + 1), "heading": header},
                choices=options, required=False, initial=linked.get(index, ""))
            self.columns.append({"name": name, "letter": get_column_letter(index + 1), "heading": header,
                                 "samples": [row[index] for row in samples if index < len(row) and row[index]][:3]})
        for column in self.columns:
            column["field"] = self[column["name"]]
        if batch.kind == Kind.SCHOOLS:
            first = school_year.current_school_year()
            self.fields["school_year"] = forms.TypedChoiceField(
                label=_("School year for rows without one"), coerce=int, initial=batch.school_year,
                choices=[(year, school_year.label(year)) for year in range(first + 1, first - 11, -1)],
                help_text=_("The schools take part in this school year; a column “School year” overrides it per row."))

    def clean(self):
        data = super().clean()
        mapping, labels = {}, {c.key: c.label for c in self.layout.columns}
        for index in range(len(self.batch.headers)):
            key = data.get(f"column_{index}")
            if not key:
                continue
            if key in mapping:
                self.add_error(f"column_{index}", gettext("Column %(letter)s goes to “%(column)s” already.")
                               % {"letter": get_column_letter(mapping[key] + 1), "column": labels[key]})
            else:
                mapping[key] = index
        missing = [group for group in self.layout.required if not any(key in mapping for key in group)]
        for group in missing:
            self.add_error(None, gettext("Link a column to “%(column)s”: an import cannot do without it.")
                           % {"column": gettext("” or “").join(str(labels[key]) for key in group)})
        data["mapping"] = mapping
        return data


class ConfirmForm(forms.Form):
    invite = forms.ChoiceField(label=_("When do the invitations go out?"), choices=InviteWhen.choices,
                               initial=InviteWhen.LATER, widget=forms.RadioSelect)
