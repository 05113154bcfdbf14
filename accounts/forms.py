import django_filters
from allauth.mfa.totp.forms import ActivateTOTPForm as BaseActivateTOTPForm
from django import forms
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from .models import Message, MessageKind

CHOOSE = _("Choose…")
NONE = _("None")


def prompt_choice(field, has_initial: bool) -> None:
    """A select never shows "---------" and never silently picks its first option: a required one starts at
    "Choose…", an optional one at "None" (unless the form named its empty choice itself)."""
    if getattr(field.widget, "allow_multiple_selected", False) or not isinstance(field.widget, forms.Select):
        return
    label = CHOOSE if field.required else NONE
    if isinstance(field, forms.ModelChoiceField):
        if field.empty_label == "---------" or (field.empty_label is None and not has_initial):
            field.empty_label = label
    elif isinstance(field, forms.ChoiceField):
        choices = list(field.choices)
        if choices and choices[0][0] in ("", None):
            if str(choices[0][1]) == "---------":
                field.choices = [("", label), *choices[1:]]
        elif not has_initial:
            field.choices = [("", label), *choices]


class ChoicePrompts:
    """Mixed into a form: each of its selects starts at "Choose…" or "None" (see prompt_choice), also the fields a
    form adds in its own __init__."""

    def __getitem__(self, name):
        field = self.fields[name]
        prompt_choice(field, self.get_initial_for_field(field, name) not in (None, ""))
        return super().__getitem__(name)


class HoneypotForm(forms.Form):
    """A public form with a field people never see and bots fill in: such a post is thanked for and dropped."""

    website = forms.CharField(label=_("Leave this field empty"), required=False,
                              widget=forms.TextInput(attrs={"autocomplete": "off", "tabindex": "-1"}))

    def is_spam(self) -> bool:
        return bool(self.data.get("website"))


class PreferencesForm(forms.Form):
    """One checkbox per optional kind of the person's role: tick to receive it by e-mail too."""

    def __init__(self, *args, choices: dict, **kwargs):
        super().__init__(*args, **kwargs)
        labels = dict(MessageKind.choices)
        for kind, by_email in choices.items():
            self.fields[kind] = forms.BooleanField(label=labels[kind], required=False, initial=by_email)


class MessageFilter(django_filters.FilterSet):
    """The staff list of messages: by kind, state and recipient (address or name)."""

    kind = django_filters.ChoiceFilter(label=_("Kind"), choices=MessageKind.choices, empty_label=_("All kinds"))
    state = django_filters.ChoiceFilter(label=_("State"), choices=Message.State.choices, empty_label=_("All states"))
    recipient = django_filters.CharFilter(label=_("Recipient"), method="filter_recipient")

    class Meta:
        model = Message
        fields = ["kind", "state"]

    def filter_recipient(self, queryset, name, value):
        value = value.strip()
        if not value:
            return queryset
        return queryset.filter(Q(to_email__icontains=value) | Q(recipient__first_name__icontains=value)
                               | Q(recipient__last_name__icontains=value))


class ActivateTOTPForm(BaseActivateTOTPForm):
    """Setting up the authenticator app: the code field named as people see it."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["code"].label = _("Code from the app")
        self.fields["code"].widget.attrs.update({"inputmode": "numeric", "autocomplete": "one-time-code"})
