import django_filters
from django import forms
from django.db.models import Q
from django.utils.text import slugify
from django.utils.translation import gettext_lazy as _

from accounts.fields import DutchPhoneField, NameField
from accounts.forms import ChoicePrompts, HoneypotForm

from . import school_year
from .fields import BrinField, PostcodeField
from .models import (
    DayPart,
    HolidayRegion,
    Intake,
    Region,
    School,
    SchoolType,
    TaskType,
    TeacherNeed,
    Weekday,
)
from .services import NEED_FIELDS, need_reads_unsupervised

INTAKE_SCHOOL_TYPES = [(SchoolType.PRIMARY, SchoolType.PRIMARY.label), (SchoolType.SECONDARY, SchoolType.SECONDARY.label),
                       (SchoolType.BOTH, SchoolType.BOTH.label)]


class IntakeForm(ChoicePrompts, HoneypotForm):
    """The public intake: what the foundation's call asks, plus what staff need next."""

    leader_name = forms.CharField(label=_("Name of the school leader"), max_length=150,
                                  widget=forms.TextInput(attrs={"autocomplete": "name"}))
    leader_phone = DutchPhoneField(label=_("Phone"))
    leader_email = forms.EmailField(label=_("E-mail address"), widget=forms.EmailInput(attrs={"autocomplete": "email"}))
    school_name = NameField(label=_("School name"), max_length=200,
                                  widget=forms.TextInput(attrs={"autocomplete": "organization"}))
    school_type = forms.ChoiceField(label=_("School type"), choices=INTAKE_SCHOOL_TYPES, widget=forms.RadioSelect)
    brin = BrinField(label=_("BRIN number (optional)"), required=False, help_text=_("Four characters, such as 12AB."))
    board_name = NameField(label=_("School board"), max_length=200)
    postcode = PostcodeField(label=_("Postcode of the school"))
    city = forms.CharField(label=_("City"), max_length=100)
    school_profile = forms.CharField(label=_("Short school profile"), max_length=2000, widget=forms.Textarea(attrs={"rows": 4}),
                                     help_text=_("Pupils, levels, what makes your school your school."))
    support_request = forms.CharField(label=_("Specific support request (optional)"), max_length=2000, required=False,
                                      widget=forms.Textarea(attrs={"rows": 3}),
                                      help_text=_("For example help with invigilation during test weeks."))
    school_year = forms.TypedChoiceField(label=_("School year"), coerce=int)
    ambassadors_wanted = forms.IntegerField(label=_("How many ambassadors would you like?"), min_value=1, max_value=20,
                                            initial=1)
    show_on_map = forms.BooleanField(label=_("Show our school on the public map of participating schools (only its name and town)."),
                                     required=False)
    consent = forms.BooleanField(label=_("I agree that the foundation stores these details to handle this registration, as described in the privacy statement."))

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["school_year"].choices = school_year.choices()
        self.fields["school_year"].initial = school_year.next_school_year()

    def clean_leader_email(self):
        return self.cleaned_data["leader_email"].strip().lower()

    def intake_data(self) -> dict:
        data = dict(self.cleaned_data)
        data.pop("consent")
        data.pop("website")
        return data


class DecisionForm(forms.Form):
    reason = forms.CharField(label=_("Reason (sent to the school)"), max_length=2000, required=False,
                             widget=forms.Textarea(attrs={"rows": 3}))


class IntakeFilter(django_filters.FilterSet):
    status = django_filters.ChoiceFilter(label=_("Status"), choices=Intake.Status.choices, empty_label=_("All statuses"))
    region = django_filters.ModelChoiceFilter(label=_("Region"), queryset=Region.objects.all(), empty_label=_("All regions"))
    school_year = django_filters.ChoiceFilter(label=_("School year"), empty_label=_("All school years"))
    school_type = django_filters.ChoiceFilter(label=_("School type"), choices=INTAKE_SCHOOL_TYPES, empty_label=_("All types"))
    q = django_filters.CharFilter(label=_("Search"), method="filter_search")

    class Meta:
        model = Intake
        fields = ["status", "region", "school_year", "school_type"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        first = school_year.current_school_year() - 2
        self.filters["school_year"].extra["choices"] = [(str(y), school_year.label(y)) for y in range(first, first + 5)]

    def filter_search(self, queryset, name, value):
        value = value.strip()
        if not value:
            return queryset
        return queryset.filter(Q(school_name__icontains=value) | Q(city__icontains=value) | Q(leader_name__icontains=value)
                               | Q(brin__iexact=value) | Q(board_name__icontains=value))


class SchoolProfileForm(ChoicePrompts, forms.ModelForm):
    postcode = PostcodeField(label=_("Postcode"))
    allowed_tasks = forms.MultipleChoiceField(
        label=_("Tasks an ambassador may do at our school"), choices=TaskType.choices, required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text=_("An ambassador is not a qualified teacher and always works beside a teacher."),
    )

    class Meta:
        model = School
        fields = ["name", "school_type", "brin", "street", "postcode", "city", "profile", "allowed_tasks", "show_on_map"]
        field_classes = {"name": NameField, "brin": BrinField}
        widgets = {"profile": forms.Textarea(attrs={"rows": 5})}


class ContactPersonForm(forms.ModelForm):
    contact_phone = DutchPhoneField(label=_("Phone of the contact person"))

    class Meta:
        model = School
        fields = ["contact_name", "contact_role", "contact_email", "contact_phone"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for field in self.fields.values():
            field.required = True


class NeedForm(ChoicePrompts, forms.ModelForm):
    task_types = forms.MultipleChoiceField(label=_("Tasks"), widget=forms.CheckboxSelectMultiple)
    weekdays = forms.TypedMultipleChoiceField(
        label=_("Weekdays"), choices=Weekday.choices, coerce=int, widget=forms.CheckboxSelectMultiple,
        help_text=_("Tick every weekday that would suit: they are alternatives. The ambassador comes on one of them, "
                    "so each extra day makes a match more likely."))
    day_part = forms.ChoiceField(label=_("Day part"), choices=DayPart.choices, widget=forms.RadioSelect)
    school_year = forms.TypedChoiceField(label=_("School year"), coerce=int)
    hours_per_week = forms.DecimalField(label=_("Hours per week this frees for the teacher"), min_value=0.5,
                                        max_value=40, decimal_places=1, initial=4, localize=True,
                                        error_messages={"min_value": _("Enter at least half an hour."),
                                                        "max_value": _("Enter at most 40 hours.")})
    ambassadors_needed = forms.IntegerField(label=_("Number of ambassadors"), min_value=1, max_value=10, initial=1)
    confirm_supervised = forms.BooleanField(
        label=_("A teacher is present: the ambassador supports, and does not replace, the teacher."), required=False)

    class Meta:
        model = TeacherNeed
        fields = NEED_FIELDS
        widgets = {
            "start_date": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
            "end_date": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
            "description": forms.Textarea(attrs={"rows": 3}),
            "relief": forms.Textarea(attrs={"rows": 3}),
        }
        help_texts = {
            "relief": _("What will the teacher no longer have to do? For example: two hours of invigilation a week."),
            "subject": _("For example mathematics, or the lower years."),
            "year_group": _("For example group 5 or year 2."),
        }

    def __init__(self, *args, school: School, **kwargs):
        super().__init__(*args, **kwargs)
        self.school = school
        allowed = set(school.allowed_tasks)
        self.fields["task_types"].choices = [(v, label) for v, label in TaskType.choices if v in allowed]
        self.fields["school_year"].choices = school_year.choices()
        if not self.instance.pk:
            self.fields["school_year"].initial = school_year.current_school_year()

    def clean(self):
        data = super().clean()
        self.unsupervised_warning = need_reads_unsupervised(
            data.get("title", ""), data.get("description", ""), data.get("relief", ""))
        if self.unsupervised_warning and not data.get("confirm_supervised"):
            self.add_error("confirm_supervised", _(
                "This reads like a teacher's job done alone. An ambassador is unqualified and works beside a teacher: "
                "rephrase the need, or confirm that a teacher is present."))
        return data



class CloseNeedForm(forms.Form):
    note = forms.CharField(label=_("Why is it closed? (optional)"), max_length=500, required=False)


class TeacherForm(forms.Form):
    email = forms.EmailField(label=_("E-mail address"))
    first_name = forms.CharField(label=_("First name"), max_length=150)
    last_name = forms.CharField(label=_("Last name"), max_length=150)
    position = forms.CharField(label=_("Position"), max_length=100, required=False,
                               help_text=_("For example teacher of mathematics, or group 6."))

class RegionForm(ChoicePrompts, forms.Form):
    name = forms.CharField(label=_("Name"), max_length=100)
    holiday_region = forms.ChoiceField(label=_("School holiday region"), choices=HolidayRegion.choices)
    municipalities = forms.CharField(label=_("Municipalities"), required=False, widget=forms.Textarea(attrs={"rows": 4}),
                                     help_text=_("One per line. Schools in these municipalities fall in this region."))
    postcode_ranges = forms.CharField(label=_("Postcode ranges"), required=False, widget=forms.Textarea(attrs={"rows": 3}),
                                      help_text=_("One per line, such as 3500-3585. These go before municipalities."))

    def __init__(self, *args, region: Region | None = None, **kwargs):
        if region is not None and "initial" not in kwargs:
            kwargs["initial"] = {
                "name": region.name, "holiday_region": region.holiday_region,
                "municipalities": "\n".join(region.municipalities),
                "postcode_ranges": "\n".join(f"{r.start}-{r.end}" for r in region.postcode_ranges.all()),
            }
        super().__init__(*args, **kwargs)
        self.region = region

    def clean_name(self):
        name = self.cleaned_data["name"].strip()
        clash = Region.objects.filter(name__iexact=name)
        if self.region is not None:
            clash = clash.exclude(pk=self.region.pk)
        if clash.exists() or Region.objects.filter(slug=slugify(name)).exclude(pk=getattr(self.region, "pk", None)).exists():
            raise forms.ValidationError(_("There is already a region with this name."))
        return name

    def region_data(self) -> dict:
        names = [line.strip() for line in self.cleaned_data["municipalities"].splitlines() if line.strip()]
        return {"name": self.cleaned_data["name"], "slug": slugify(self.cleaned_data["name"]),
                "holiday_region": self.cleaned_data["holiday_region"], "municipalities": sorted(set(names))}
