import django_filters
from django import forms
from django.conf import settings
from django.contrib.auth.hashers import UNUSABLE_PASSWORD_PREFIX
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from accounts.models import Role, User
from schools.models import School


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
