from django import forms
from django.utils.translation import gettext_lazy as _

from schools.models import Region

from .models import MatchingSettings, Objective


class RunForm(forms.Form):
    objective = forms.ChoiceField(label=_("Objective"), choices=Objective.choices, initial=Objective.FILL_FIRST,
                                  widget=forms.RadioSelect)
    region = forms.ModelChoiceField(label=_("Region"), queryset=Region.objects.all(), required=False,
                                    empty_label=_("All regions"))


class RejectForm(forms.Form):
    reason = forms.CharField(label=_("Reason"), max_length=1000)


class BoardFilter(forms.Form):
    region = forms.ModelChoiceField(label=_("Region"), queryset=Region.objects.all(), required=False,
                                    empty_label=_("All regions"))


class WeightsForm(forms.ModelForm):
    class Meta:
        model = MatchingSettings
        fields = ["task", "expertise", "motivation", "distance", "relief", "continuity", "priority"]
        widgets = {name: forms.NumberInput(attrs={"min": 0, "max": 100, "step": 1}) for name in fields}

    def clean(self):
        data = super().clean()
        if all(not data.get(name) for name in self.Meta.fields if name in data):
            raise forms.ValidationError(_("Give at least one criterion a weight."))
        return data
