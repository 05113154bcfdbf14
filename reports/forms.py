import django_filters
from django import forms
from django.conf import settings
from django.contrib.auth.hashers import UNUSABLE_PASSWORD_PREFIX
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from accounts.models import Role, User
from schools import school_year
from schools.models import Region, School


class InviteForm(forms.Form):
    email = forms.EmailField(label=_("E-mail address"))
    first_name = forms.CharField(label=_("First name"), max_length=150)
    last_name = forms.CharField(label=_("Last name"), max_length=150)
    role = forms.ChoiceField(label=_("Role"), choices=Role.choices)
    school = forms.ModelChoiceField(
        label=_("School"),
        queryset=School.objects.select_related("board").order_by("name"),
        required=False,
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
