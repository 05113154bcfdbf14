import django_filters
from django import forms
from django.conf import settings
from django.contrib.auth.hashers import UNUSABLE_PASSWORD_PREFIX
from django.contrib.contenttypes.models import ContentType
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from accounts.audit import ACTIONS, action_label
from accounts.fields import LongSelect
from accounts.forms import ChoicePrompts
from accounts.models import Role, User
from schools import school_year
from schools.models import Region, School


class InviteForm(ChoicePrompts, forms.Form):
    email = forms.EmailField(label=_("E-mail address"))
    first_name = forms.CharField(label=_("First name"), max_length=150)
    last_name = forms.CharField(label=_("Last name"), max_length=150)
    role = forms.ChoiceField(label=_("Role"), choices=Role.choices)
    school = forms.ModelChoiceField(
        label=_("School"),
        queryset=School.objects.only("id", "name", "city").order_by("name"),
        required=False,
        widget=LongSelect,
        help_text=_("Required for a school leader or teacher."),
    )
    position = forms.CharField(label=_("Position at the school"), max_length=100, required=False,
                               help_text=_("For example school leader or conrector."))
    language = forms.ChoiceField(label=_("Language of the invitation"), choices=settings.LANGUAGES,
                                 initial=settings.LANGUAGE_CODE)


class UserFilter(django_filters.FilterSet):
    q = django_filters.CharFilter(label=_("Search"), method="filter_search")
    role = django_filters.ChoiceFilter(label=_("Role"), choices=Role.choices, empty_label=_("All roles"))
    invitation = django_filters.ChoiceFilter(label=_("Invitation"), choices=[("waiting", _("Not invited yet"))],
                                             empty_label=_("Everyone"), method="filter_invitation")

    class Meta:
        model = User
        fields = ["role"]

    def filter_search(self, queryset, name, value):
        value = value.strip()
        if not value:
            return queryset
        return queryset.filter(
            Q(email__icontains=value) | Q(first_name__icontains=value) | Q(last_name__icontains=value)
        )

    def filter_invitation(self, queryset, name, value):
        """Accounts without a password that were never invited: imported school leaders and ambassadors."""
        if value != "waiting":
            return queryset
        return queryset.filter(password__startswith=UNUSABLE_PASSWORD_PREFIX, invitations__isnull=True,
                               is_active=True)


class FiguresFilter(forms.Form):
    """Which school year and region the figures are for. Any school year can be asked for; the list offers those with
    figures (set_years, once they are known)."""

    year = forms.TypedChoiceField(label=_("School year"), coerce=int, required=False, empty_value=None)
    region = forms.ModelChoiceField(label=_("Region"), queryset=Region.objects.order_by("name"), required=False,
                                    to_field_name="slug", empty_label=_("All regions"))

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        current = school_year.current_school_year()
        self.fields["year"].choices = [(y, school_year.label(y)) for y in range(2000, current + 2)]

    def set_years(self, years, chosen):
        self.fields["year"].choices = [(y, school_year.label(y)) for y in sorted({*years, chosen}, reverse=True)]
        self.initial.setdefault("year", chosen)

    def chosen(self):
        """(year or None, region or None): the valid part of the request."""
        data = self.cleaned_data if self.is_bound and hasattr(self, "cleaned_data") else {}
        return data.get("year"), data.get("region")


class AuditFilterForm(forms.Form):
    """Filters of the audit trail: a person (by id from a link, or by address or name), an object, an action, days."""

    q = forms.CharField(label=_("Person (e-mail address or name)"), required=False, max_length=150)
    person = forms.IntegerField(required=False, widget=forms.HiddenInput, min_value=1)
    object = forms.RegexField(regex=r"^[a-z_]+\.[a-z_]+:\d+$", required=False, widget=forms.HiddenInput)
    action = forms.ChoiceField(label=_("Action"), required=False)
    since = forms.DateField(label=_("From"), required=False, widget=forms.DateInput(attrs={"type": "date"}))
    until = forms.DateField(label=_("Until"), required=False, widget=forms.DateInput(attrs={"type": "date"}))

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["action"].choices = [("", _("All actions"))] + sorted(
            ((key, action_label(key)) for key in ACTIONS), key=lambda choice: choice[1])

    def filters(self) -> dict:
        """The arguments for accounts.audit.audit_events (an invalid filter shows nothing rather than everything)."""
        if not self.is_valid():
            return {"people": User.objects.none()}
        data, filters = self.cleaned_data, {}
        if data["person"]:
            filters["people"] = User.objects.filter(pk=data["person"])
        elif data["q"].strip():
            text = data["q"].strip()
            filters["people"] = User.objects.filter(Q(email__iexact=text) | Q(first_name__icontains=text)
                                                    | Q(last_name__icontains=text))
        if data["object"]:
            label, pk = data["object"].split(":")
            app_label, model = label.split(".")
            content_type = ContentType.objects.filter(app_label=app_label, model=model).first()
            if content_type is None:
                return {"people": User.objects.none()}
            filters["target"] = (content_type, pk)
        return {**filters, "action": data["action"], "since": data["since"], "until": data["until"]}


class ErasureRecordForm(forms.Form):
    email = forms.EmailField(label=_("E-mail address of the account"))
    note = forms.CharField(label=_("How the request came in"), max_length=1000, widget=forms.Textarea(attrs={"rows": 2}),
                           help_text=_("For example: by e-mail to privacy@, on 3 March."))

    def clean_email(self):
        user = User.objects.filter(email__iexact=self.cleaned_data["email"].strip()).first()
        if user is None:
            raise forms.ValidationError(_("There is no account with this e-mail address."))
        self.user = user
        return user.email


class ErasureDecisionForm(forms.Form):
    reason = forms.CharField(label=_("Reason for refusing (e-mailed to the person)"), max_length=2000, required=False,
                             widget=forms.Textarea(attrs={"rows": 3}))


class ErasureAskForm(forms.Form):
    understood = forms.BooleanField(label=_(
        "I understand that my account is closed and my data erased, and that this cannot be undone."))
    note = forms.CharField(label=_("Anything the foundation should know? (optional)"), max_length=1000, required=False,
                           widget=forms.Textarea(attrs={"rows": 2}))
