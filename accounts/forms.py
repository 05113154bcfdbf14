import django_filters
from allauth.mfa.totp.forms import ActivateTOTPForm as BaseActivateTOTPForm
from django import forms
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from .models import Message, MessageKind


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
