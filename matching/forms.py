from django import forms
from django.utils.translation import gettext_lazy as _

from accounts.forms import ChoicePrompts
from schools import school_year
from schools.models import Region

from .funding import SCHEME_FIELDS
from .models import FundingScheme, MatchingSettings, Objective
from .scoring import COMPONENTS


class RunForm(forms.Form):
    objective = forms.ChoiceField(label=_("Objective"), choices=Objective.choices, initial=Objective.FILL_FIRST,
                                  widget=forms.RadioSelect)
    region = forms.ModelChoiceField(label=_("Region"), queryset=Region.objects.all(), required=False,
                                    empty_label=_("All regions"))
    compare_greedy = forms.BooleanField(label=_("Compare with a greedy assignment"), required=False,
                                        help_text=_("Shows how much the optimum gains; the run takes longer."))


class RejectForm(forms.Form):
    # Whether a reason is given is the service's rule (its message says why one is needed).
    reason = forms.CharField(label=_("Reason"), max_length=1000, required=False)


class BoardFilter(forms.Form):
    region = forms.ModelChoiceField(label=_("Region"), queryset=Region.objects.all(), required=False,
                                    empty_label=_("All regions"))


class ProposalBoardFilter(BoardFilter):
    # Set by the links to one need's open proposals (from the pages of a need and of an ambassador); not shown.
    need = forms.IntegerField(required=False, min_value=1, widget=forms.HiddenInput)


class WeightsForm(forms.ModelForm):
    class Meta:
        model = MatchingSettings
        fields = list(COMPONENTS)
        widgets = {name: forms.NumberInput(attrs={"min": 0, "max": 100, "step": 1}) for name in fields}

    def clean(self):
        data = super().clean()
        if all(not data.get(name) for name in self.Meta.fields if name in data):
            raise forms.ValidationError(_("Give at least one criterion a weight."))
        return data


class AnswerForm(forms.Form):
    accept = forms.TypedChoiceField(label=_("Your answer"), choices=[("yes", _("Yes, we go ahead")), ("no", _("No"))],
                                    coerce=lambda v: v == "yes", widget=forms.RadioSelect)
    reason = forms.CharField(label=_("Why not? (required when you say no)"), max_length=1000, required=False,
                             widget=forms.Textarea(attrs={"rows": 2}))


class CheckInForm(forms.Form):
    relief = forms.TypedChoiceField(label=_("Does this lighten the teacher's workload?"), coerce=int,
                                    choices=[(i, str(i)) for i in range(1, 6)], widget=forms.RadioSelect,
                                    help_text=_("1 = not at all, 5 = very much"))
    hours_freed = forms.DecimalField(label=_("Hours freed this week"), min_value=0, max_value=40, decimal_places=1,
                                     localize=True)
    remarks = forms.CharField(label=_("Anything else?"), max_length=2000, required=False,
                              widget=forms.Textarea(attrs={"rows": 3}))


class EndForm(forms.Form):
    reason = forms.CharField(label=_("Why does the placement end early?"), max_length=2000, required=False,
                             widget=forms.Textarea(attrs={"rows": 2}))


class PlacementFilter(forms.Form):
    region = forms.ModelChoiceField(label=_("Region"), queryset=Region.objects.all(), required=False,
                                    empty_label=_("All regions"))
    flagged = forms.BooleanField(label=_("Only placements that need attention"), required=False)


def _school_year_choices():
    current = school_year.current_school_year()
    return [(year, school_year.label(year)) for year in range(current + 1, current - 6, -1)]


class CheckInFilter(forms.Form):
    year = forms.TypedChoiceField(label=_("School year"), coerce=int, required=False, empty_value=None)
    region = forms.ModelChoiceField(label=_("Region"), queryset=Region.objects.all(), required=False,
                                    empty_label=_("All regions"))
    at_risk = forms.BooleanField(label=_("Only placements at risk"), required=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["year"].choices = _school_year_choices()
        self.fields["year"].initial = school_year.current_school_year()


class FundingSchemeForm(ChoicePrompts, forms.ModelForm):
    school_year = forms.TypedChoiceField(label=_("School year"), coerce=int)

    class Meta:
        model = FundingScheme
        fields = SCHEME_FIELDS
        widgets = {"notes": forms.Textarea(attrs={"rows": 3})}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["school_year"].choices = _school_year_choices()
        if self.instance.pk and self.instance.school_year not in dict(self.fields["school_year"].choices):
            self.fields["school_year"].choices.append((self.instance.school_year, self.instance.school_year_label))
        self.fields["school_year"].initial = self.instance.school_year if self.instance.pk else school_year.current_school_year()

    def _post_clean(self):
        pass  # the service validates and saves (funding_scheme_save)


class FundingAddForm(forms.Form):
    placements = forms.TypedMultipleChoiceField(label=_("Placements to count against this scheme"), coerce=int,
                                                widget=forms.CheckboxSelectMultiple)

    def __init__(self, *args, eligible, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["placements"].choices = [
            (p.pk, f"{p.ambassador.user.get_full_name()} · {p.need.school.name} · {p.get_status_display()}")
            for p in eligible]
