"""Input shapes of the research pages (the services decide what is allowed)."""

import json

from django import forms
from django.utils.translation import gettext_lazy as _

from accounts.forms import ChoicePrompts

from .models import ConsensusDecision, Interview, ParticipantRole, Stance, Study, StudyMember, Theme
from .services.studies import STUDY_FIELDS


class StudyForm(forms.ModelForm):
    class Meta:
        model = Study
        fields = ["name", "slug", *STUDY_FIELDS[1:]]
        widgets = {"retention_until": forms.DateInput(attrs={"type": "date"}), "description": forms.Textarea(attrs={"rows": 3})}
        error_messages = {"slug": {"unique": _("This short name is already taken.")}}


class StudySettingsForm(StudyForm):
    class Meta(StudyForm.Meta):
        fields = STUDY_FIELDS


class MemberForm(ChoicePrompts, forms.Form):
    email = forms.EmailField(label=_("E-mail address of the researcher"))
    role = forms.ChoiceField(label=_("Role in the study"), choices=StudyMember.Role.choices,
                             initial=StudyMember.Role.RESEARCHER)


class MemberRoleForm(forms.Form):
    member = forms.IntegerField(widget=forms.HiddenInput)
    role = forms.ChoiceField(choices=StudyMember.Role.choices, required=False)


class WaveForm(forms.Form):
    name = forms.CharField(label=_("New wave"), max_length=100,
                           widget=forms.TextInput(attrs={"placeholder": _("For example: end of the first term")}))


class ParticipantForm(ChoicePrompts, forms.Form):
    role = forms.ChoiceField(label=_("Role"), choices=ParticipantRole.choices)
    wave = forms.ModelChoiceField(label=_("Wave"), queryset=None, required=False)
    code = forms.CharField(label=_("Pseudonym code"), max_length=6, required=False,
                           help_text=_("Leave empty for the next free code (L01, SL01, OA01)."))

    def __init__(self, *args, study, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["wave"].queryset = study.waves.all()


class ConsentForm(forms.Form):
    info_letter_version = forms.CharField(label=_("Version of the information letter"), max_length=20)
    recording = forms.BooleanField(label=_("Recording the interview"), required=False)
    transcript = forms.BooleanField(label=_("Using the transcript for the research"), required=False)
    quotes = forms.BooleanField(label=_("Quotes in reports"), required=False)
    linking = forms.BooleanField(label=_("Linking platform data (role, school type, region, placement)"), required=False)
    note = forms.CharField(label=_("Note"), max_length=300, required=False)


class WithdrawForm(forms.Form):
    confirm = forms.BooleanField(label=_("Yes: remove this participant's words, codings and memos from the study"))
    note = forms.CharField(label=_("How the withdrawal reached us"), max_length=300, required=False)


class LinkForm(forms.Form):
    email = forms.EmailField(label=_("E-mail address of their account"), required=False)
    placement = forms.IntegerField(label=_("Placement number"), required=False, min_value=1)
    brin = forms.CharField(label=_("BRIN number of the school"), max_length=4, required=False)

    def clean(self):
        data = super().clean()
        if not (data.get("email") or data.get("placement") or data.get("brin")):
            raise forms.ValidationError(_("Give an e-mail address, a placement number or a BRIN number."))
        return data


class InterviewForm(ChoicePrompts, forms.ModelForm):
    interviewers = forms.ModelMultipleChoiceField(label=_("Interviewers"), queryset=None, required=False,
                                                  widget=forms.CheckboxSelectMultiple)

    class Meta:
        model = Interview
        fields = ["held_on", "wave", "format", "mode", "recording_location", "recording_delete_by"]
        widgets = {"held_on": forms.DateInput(attrs={"type": "date"}),
                   "recording_delete_by": forms.DateInput(attrs={"type": "date"})}

    def __init__(self, *args, study, **kwargs):
        super().__init__(*args, **kwargs)
        from accounts.models import User

        self.fields["wave"].queryset = study.waves.all()
        self.fields["interviewers"].queryset = User.objects.filter(study_memberships__study=study).order_by("last_name")
        self.fields["interviewers"].label_from_instance = lambda u: u.get_full_name() or u.email


class InterviewParticipantForm(ChoicePrompts, forms.Form):
    participant = forms.ModelChoiceField(label=_("Participant"), queryset=None)
    speaker_label = forms.CharField(label=_("Speaker label"), max_length=40, required=False,
                                    help_text=_("How their turns are labelled; the code when empty."))

    def __init__(self, *args, study, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["participant"].queryset = study.participants.filter(withdrawn_at__isnull=True)


class PlacementLinkForm(forms.Form):
    placement = forms.IntegerField(label=_("Placement number"), min_value=1)


class UploadForm(forms.Form):
    file = forms.FileField(label=_("Transcript (.txt, .docx, .vtt or .srt)"))


class ThemeForm(ChoicePrompts, forms.ModelForm):
    class Meta:
        model = Theme
        fields = ["name", "parent", "definition", "include", "exclude", "example", "colour", "order"]
        widgets = {"colour": forms.TextInput(attrs={"type": "color"}),
                   **{name: forms.Textarea(attrs={"rows": 2}) for name in ["definition", "include", "exclude", "example"]}}

    def __init__(self, *args, study, **kwargs):
        super().__init__(*args, **kwargs)
        parents = Theme.objects.filter(study=study, merged_into__isnull=True)
        if self.instance.pk:
            parents = parents.exclude(pk=self.instance.pk)
        self.fields["parent"].queryset = parents
        self.fields["order"].required = False

    def validate_unique(self):
        pass  # the service checks the name against the study's codebook


class MergeForm(ChoicePrompts, forms.Form):
    target = forms.ModelChoiceField(label=_("Merge into"), queryset=None)

    def __init__(self, *args, theme, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["target"].queryset = Theme.objects.filter(study_id=theme.study_id, merged_into__isnull=True).exclude(pk=theme.pk)


class CodebookImportForm(forms.Form):
    file = forms.FileField(label=_("Codebook (.qdc, .qdpx or .csv)"))


class MemoForm(forms.Form):
    body = forms.CharField(label=_("Memo"), max_length=10000, widget=forms.Textarea(attrs={"rows": 3}))


class CodingForm(forms.Form):
    """A selection (from the browser: JSON of turns with UTF-16 offsets) or, without script, a turn and its words."""

    selection = forms.CharField(required=False, widget=forms.HiddenInput)
    segment = forms.IntegerField(label=_("Turn"), required=False)
    words = forms.CharField(label=_("Words (empty: the whole turn)"), max_length=5000, required=False)
    themes = forms.TypedMultipleChoiceField(label=_("Themes"), coerce=int, choices=[], widget=forms.CheckboxSelectMultiple,
                                            error_messages={"required": _("Choose one or more themes.")})
    stance = forms.ChoiceField(label=_("Stance"), choices=Stance.choices, required=False, widget=forms.RadioSelect,
                               initial="")
    memo = forms.CharField(label=_("Memo on this coding (optional)"), max_length=10000, required=False,
                           widget=forms.Textarea(attrs={"rows": 2}))
    round = forms.IntegerField(required=False, widget=forms.HiddenInput)

    def __init__(self, *args, themes, segments, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["themes"].choices = [(t.pk, t.name) for t in themes]
        self.segment_ids = {s.pk: s.index for s in segments}

    def clean_selection(self):
        raw = self.cleaned_data["selection"]
        if not raw:
            return []
        try:
            items = json.loads(raw)
            spans = [(int(i["segment"]), _opt_int(i.get("start")), _opt_int(i.get("end"))) for i in items]
        except (ValueError, TypeError, KeyError):
            raise forms.ValidationError(_("The selection could not be read; select the words again.")) from None
        if not isinstance(items, list) or len(spans) > 200:
            raise forms.ValidationError(_("Select fewer turns at once."))
        return spans

    def spans(self):
        from .services.coding import Span

        if self.cleaned_data["selection"]:
            return [Span(segment, start, end) for segment, start, end in self.cleaned_data["selection"]]
        if self.cleaned_data.get("segment") is None:
            return []
        return [Span(self.cleaned_data["segment"], words=self.cleaned_data.get("words", ""))]


def _opt_int(value):
    if value is None or value == "":
        return None
    number = int(value)
    if number < 0:
        raise ValueError
    return number


class RemoveForm(forms.Form):
    codings = forms.CharField()

    def clean_codings(self):
        try:
            ids = [int(part) for part in self.cleaned_data["codings"].split(",") if part.strip()]
        except ValueError:
            raise forms.ValidationError(_("There is nothing to remove.")) from None
        if not ids or len(ids) > 1000:
            raise forms.ValidationError(_("There is nothing to remove."))
        return ids


class RoundForm(forms.Form):
    name = forms.CharField(label=_("Name"), max_length=120)
    transcripts = forms.ModelMultipleChoiceField(label=_("Transcripts"), queryset=None, widget=forms.CheckboxSelectMultiple)
    coders = forms.ModelMultipleChoiceField(label=_("Coders (two or more)"), queryset=None,
                                            widget=forms.CheckboxSelectMultiple)
    themes = forms.ModelMultipleChoiceField(label=_("Themes (empty: the whole codebook)"), queryset=None, required=False,
                                            widget=forms.CheckboxSelectMultiple)

    def __init__(self, *args, study, **kwargs):
        super().__init__(*args, **kwargs)
        from accounts.models import User

        from .models import Transcript

        self.fields["transcripts"].queryset = (Transcript.objects.filter(interview__study=study, is_current=True)
                                               .select_related("interview").order_by("interview__code"))
        self.fields["transcripts"].label_from_instance = lambda t: f"{t.interview.code} ({t.interview.held_on:%d-%m-%Y})"
        self.fields["coders"].queryset = User.objects.filter(study_memberships__study=study).order_by("last_name")
        self.fields["coders"].label_from_instance = lambda u: u.get_full_name() or u.email
        self.fields["themes"].queryset = Theme.objects.filter(study=study, merged_into__isnull=True)


class ConsensusForm(forms.Form):
    segment = forms.IntegerField()
    theme = forms.IntegerField()
    decision = forms.ChoiceField(choices=ConsensusDecision.Decision.choices)


class QuoteFilter(forms.Form):
    theme = forms.ModelChoiceField(label=_("Theme"), queryset=None, required=False, empty_label=_("All themes"))
    role = forms.ChoiceField(label=_("Role"), choices=[("", _("Everyone")), *ParticipantRole.choices], required=False)

    def __init__(self, *args, study, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["theme"].queryset = Theme.objects.filter(study=study, merged_into__isnull=True)
