"""Form fields for a Dutch address and school number, normalised before anything is saved."""

from django import forms
from django.utils.translation import gettext_lazy as _

from .geo import normalise_postcode
from .models import brin_validator


class PostcodeField(forms.CharField):
    default_error_messages = {"invalid": _("Enter a Dutch postcode such as 3511 AB.")}

    def __init__(self, **kwargs):
        kwargs.setdefault("max_length", 8)
        super().__init__(**kwargs)
        self.widget.attrs.setdefault("autocomplete", "postal-code")

    def clean(self, value):
        value = super().clean(value)
        if not value:
            return value
        normalised = normalise_postcode(value)
        if normalised is None:
            raise forms.ValidationError(self.error_messages["invalid"], code="invalid")
        return normalised


class BrinField(forms.CharField):
    """The four-character school number, in capitals and without spaces: "12 ab" becomes 12AB."""

    def __init__(self, **kwargs):
        kwargs.setdefault("max_length", 5)
        kwargs.setdefault("validators", [brin_validator])
        super().__init__(**kwargs)

    def to_python(self, value):
        return super().to_python(value).upper().replace(" ", "")
