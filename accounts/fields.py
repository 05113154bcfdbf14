"""Form fields for Dutch input: validated at the edge and normalised before anything is saved (schools.fields
adds the postcode and the school number)."""

import re

import phonenumbers
from django import forms
from django.utils.translation import gettext_lazy as _


class DutchPhoneField(forms.CharField):
    default_error_messages = {"invalid": _("Enter a Dutch phone number, such as 06 12345678 or 030 1234567.")}

    def __init__(self, **kwargs):
        kwargs.setdefault("max_length", 20)
        super().__init__(**kwargs)
        self.widget.attrs.setdefault("autocomplete", "tel")
        self.widget.input_type = "tel"

    def clean(self, value):
        value = super().clean(value)
        if not value:
            return value
        try:
            number = phonenumbers.parse(value, "NL")
        except phonenumbers.NumberParseException:
            raise forms.ValidationError(self.error_messages["invalid"], code="invalid") from None
        if number.country_code != 31 or not phonenumbers.is_valid_number(number):
            raise forms.ValidationError(self.error_messages["invalid"], code="invalid")
        return phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.NATIONAL)


class NameField(forms.CharField):
    """A name as people type it, with runs of spaces made one, so that the same name is found again."""

    def clean(self, value):
        return re.sub(r"\s+", " ", super().clean(value))
