import django_filters
from django import forms
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from accounts.fields import DutchPhoneField
from accounts.forms import ChoicePrompts, HoneypotForm
from accounts.models import Role, User
from schools.fields import PostcodeField
from schools.models import HALF_DAYS, Region, TaskType, Weekday

from .models import (
    Absence,
    AmbassadorProfile,
    AmbassadorSchoolType,
    Channel,
    Commitment,
    DayAmount,
    EducationJob,
    EmployerRelease,
    Motivation,
    Sector,
    Status,
    VogStatus,
)

PART_PREFERENCES = [("morning", _("Mornings")), ("afternoon", _("Afternoons")), ("either", _("Either"))]


class ProfileFieldsMixin(ChoicePrompts, forms.Form):
    phone = DutchPhoneField(label=_("Phone"))
    postcode = PostcodeField(label=_("Postcode (home or work)"),
                             help_text=_("We use it only to find schools within your travel distance."))
    sector = forms.ChoiceField(label=_("Sector you work in"), choices=Sector.choices)
    employer = forms.CharField(label=_("Employer"), max_length=200)
    employer_release = forms.ChoiceField(label=_("Does your employer release you for this day?"),
                                         choices=EmployerRelease.choices, widget=forms.RadioSelect)
    motivations = forms.MultipleChoiceField(label=_("Why do you want to become an ambassador?"),
                                            choices=Motivation.choices, widget=forms.CheckboxSelectMultiple)
    expertise = forms.CharField(label=_("Your expertise"), max_length=2000, required=False,
                                widget=forms.Textarea(attrs={"rows": 3}),
                                help_text=_("What you are good at, from work or elsewhere."))
    subjects = forms.CharField(label=_("Subjects you could support"), max_length=300, required=False,
                               help_text=_("For example mathematics, economics, reading."))
    preferred_tasks = forms.MultipleChoiceField(label=_("What would you like to do?"), choices=TaskType.choices,
                                                widget=forms.CheckboxSelectMultiple)
    school_types = forms.MultipleChoiceField(label=_("Which schools?"), choices=AmbassadorSchoolType.choices,
                                             widget=forms.CheckboxSelectMultiple)
    start_date = forms.DateField(label=_("From when?"), widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"))
    commitment = forms.ChoiceField(label=_("For how long?"), choices=Commitment.choices, widget=forms.RadioSelect)
    day_amount = forms.ChoiceField(label=_("How much time a week?"), choices=DayAmount.choices, widget=forms.RadioSelect)
    max_distance_km = forms.IntegerField(label=_("Maximum travel distance (km)"), min_value=1, max_value=100, initial=15)


class ApplicationForm(HoneypotForm, ProfileFieldsMixin):
    first_name = forms.CharField(label=_("First name"), max_length=150, widget=forms.TextInput(attrs={"autocomplete": "given-name"}))
    last_name = forms.CharField(label=_("Last name"), max_length=150, widget=forms.TextInput(attrs={"autocomplete": "family-name"}))
    email = forms.EmailField(label=_("E-mail address"), widget=forms.EmailInput(attrs={"autocomplete": "email"}))
    weekdays = forms.TypedMultipleChoiceField(label=_("Which weekday(s) could you give?"), choices=Weekday.choices,
                                              coerce=int, widget=forms.CheckboxSelectMultiple)
    part_preference = forms.ChoiceField(label=_("For half a day: which part?"), choices=PART_PREFERENCES,
                                        initial="either", widget=forms.RadioSelect, required=False)
    heard_via = forms.ChoiceField(label=_("How did you hear of us?"), choices=Channel.choices, widget=forms.RadioSelect)
    referrer_name = forms.CharField(label=_("Name of the friend or colleague"), max_length=150, required=False)
    referral_code = forms.CharField(required=False, widget=forms.HiddenInput)
    consent = forms.BooleanField(label=_("I agree that the foundation stores these details to handle my application, as described in the privacy statement."))

    field_order = ["first_name", "last_name", "email", "phone", "postcode"]

    def clean_email(self):
        return self.cleaned_data["email"].strip().lower()

    def clean_start_date(self):
        value = self.cleaned_data["start_date"]
        if value < timezone.localdate():
            raise forms.ValidationError(_("Choose a start date from today on."))
        return value

    def clean(self):
        data = super().clean()
        if data.get("heard_via") == Channel.FRIEND and not data.get("referrer_name") and not data.get("referral_code"):
            self.add_error("referrer_name", _("Who told you about us? Then we can thank them."))
        if data.get("day_amount") == DayAmount.HALF and not data.get("part_preference"):
            self.add_error("part_preference", _("Choose mornings, afternoons or either."))
        return data

    def application_data(self) -> dict:
        data = dict(self.cleaned_data)
        parts = HALF_DAYS
        if data["day_amount"] == DayAmount.HALF and data.get("part_preference") in HALF_DAYS:
            parts = [data["part_preference"]]
        data["slots"] = [(day, part) for day in data["weekdays"] for part in parts]
        return data


class ProfileForm(ProfileFieldsMixin):
    def __init__(self, *args, profile: AmbassadorProfile, **kwargs):
        kwargs.setdefault("initial", {name: getattr(profile, name) for name in ProfileFieldsMixin.base_fields})
        super().__init__(*args, **kwargs)


class TransitionForm(ChoicePrompts, forms.Form):
    to_status = forms.ChoiceField(label=_("New status"), choices=Status.choices)
    note = forms.CharField(label=_("Note or reason"), max_length=2000, required=False, widget=forms.Textarea(attrs={"rows": 2}),
                           help_text=_("Required when declining; the reason is e-mailed."))
    vog_issued_on = forms.DateField(label=_("VOG issued on"), required=False,
                                    widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"))
    vog_screening_profile = forms.CharField(label=_("VOG screening profile"), max_length=100, required=False,
                                            help_text=_("For example 45 (education)."))


class IntakePlanForm(ChoicePrompts, forms.Form):
    at = forms.DateTimeField(label=_("Date and time"), widget=forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M"),
                             input_formats=["%Y-%m-%dT%H:%M", "%Y-%m-%d %H:%M"])
    by = forms.ModelChoiceField(label=_("By"), queryset=User.objects.filter(role=Role.STAFF, is_active=True), required=False)
    place = forms.CharField(label=_("Place"), max_length=200, help_text=_("An address, or online with the link."))
    notes = forms.CharField(label=_("Notes"), max_length=4000, required=False, widget=forms.Textarea(attrs={"rows": 3}))


class AbsenceForm(ChoicePrompts, forms.ModelForm):
    class Meta:
        model = Absence
        fields = ["start", "end", "reason", "note"]
        widgets = {"start": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
                   "end": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")}

    def clean(self):
        data = super().clean()
        if data.get("start") and data.get("end") and data["end"] < data["start"]:
            self.add_error("end", _("The end date lies before the start date."))
        return data


class OutcomeForm(forms.Form):
    continue_next_year = forms.TypedChoiceField(label=_("Will you continue next school year?"),
                                                choices=[("yes", _("Yes")), ("no", _("No"))],
                                                coerce=lambda v: v == "yes", widget=forms.RadioSelect)
    education_job = forms.ChoiceField(label=_("Did you (or will you) move into a job in education?"),
                                      choices=EducationJob.choices, widget=forms.RadioSelect)
    education_job_description = forms.CharField(label=_("Which job?"), max_length=200, required=False)

    def clean(self):
        data = super().clean()
        if data.get("education_job") in (EducationJob.YES, EducationJob.PLANNED) and not data.get("education_job_description"):
            self.add_error("education_job_description", _("Tell us which job, for example teacher of economics."))
        return data


class FriendForm(forms.Form):
    name = forms.CharField(label=_("Name of your friend or colleague"), max_length=150)
    email = forms.EmailField(label=_("Their e-mail address"))
    message = forms.CharField(label=_("Your personal message"), max_length=2000, widget=forms.Textarea(attrs={"rows": 4}))


class AmbassadorFilter(django_filters.FilterSet):
    q = django_filters.CharFilter(label=_("Search"), method="filter_search")
    status = django_filters.ChoiceFilter(label=_("Status"), choices=Status.choices, empty_label=_("All statuses"))
    region = django_filters.ModelChoiceFilter(label=_("Region"), queryset=Region.objects.all(), empty_label=_("All regions"))
    sector = django_filters.ChoiceFilter(label=_("Sector"), choices=Sector.choices, empty_label=_("All sectors"))
    weekday = django_filters.ChoiceFilter(label=_("Weekday"), choices=Weekday.choices, empty_label=_("Any day"),
                                          method="filter_weekday")
    vog_status = django_filters.ChoiceFilter(label=_("VOG"), choices=VogStatus.choices, empty_label=_("Any VOG status"))
    employer = django_filters.CharFilter(label=_("Employer"), lookup_expr="icontains")

    class Meta:
        model = AmbassadorProfile
        fields = ["status", "region", "sector", "vog_status", "employer"]

    def filter_weekday(self, queryset, name, value):
        return queryset.filter(slots__weekday=value).distinct()

    def filter_search(self, queryset, name, value):
        value = value.strip()
        if not value:
            return queryset
        return queryset.filter(Q(user__first_name__icontains=value) | Q(user__last_name__icontains=value)
                               | Q(user__email__icontains=value) | Q(city__icontains=value))
