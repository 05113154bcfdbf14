from django import forms
from django.utils.translation import gettext_lazy as _

from schools.models import Region

from .models import MatchingSettings, Objective
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
