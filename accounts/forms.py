from django import forms
from django.utils.translation import gettext_lazy as _


class HoneypotForm(forms.Form):
    """A public form with a field people never see and bots fill in: such a post is thanked for and dropped."""

    website = forms.CharField(label=_("Leave this field empty"), required=False,
                              widget=forms.TextInput(attrs={"autocomplete": "off", "tabindex": "-1"}))

    def is_spam(self) -> bool:
        return bool(self.data.get("website"))
