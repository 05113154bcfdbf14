"""The AVG rights for what ambassadors keeps about a person: the profile, the week, absences, the screening
timeline and the friends they invited (see accounts.privacy)."""

from django.utils.translation import gettext_lazy as _

from accounts.models import User
from accounts.privacy import model_section

from .models import AmbassadorProfile, FriendInvitation, Status, StatusChange, new_referral_code

PROFILE_FIELDS = ["status", "phone", "postcode", "city", "region", "sector", "employer", "employer_release",
                  "expertise", "subjects", "start_date", "commitment",
                  "day_amount", "max_distance_km", "heard_via", "referrer_name", "intake_at", "intake_notes",
                  "vog_status", "vog_requested_on", "vog_issued_on", "vog_screening_profile", "decline_reason",
                  "continue_next_year", "education_job", "education_job_description", "created_at"]
# What an erased profile keeps, for the figures: its status, region, sector, motivations, tasks and school types,
# dates, VOG status and dates, and the outcome (next year, a job in education). Everything else is emptied.
ERASED_PROFILE = {"phone": "", "postcode": "", "city": "", "latitude": None, "longitude": None, "employer": "",
                  "expertise": "", "subjects": "", "referrer_name": "", "intake_notes": "", "decline_reason": "",
                  "vog_screening_profile": "", "education_job_description": ""}
SCREENING = [Status.APPLIED, Status.INTAKE_PLANNED, Status.INTAKE_DONE, Status.VOG_REQUESTED, Status.VOG_RECEIVED]


def personal_data(user: User):
    profile = AmbassadorProfile.objects.filter(user=user).select_related("region").first()
    if profile is None:
        return []
    return [
        model_section("ambassador_profile", _("Your ambassador profile"), [profile], PROFILE_FIELDS, single=True,
                      extra={"motivations": (_("motivation"), lambda p: p.motivation_labels),
                             "preferred_tasks": (_("preferred tasks"), lambda p: p.preferred_task_labels),
                             "school_types": (_("school types"), lambda p: p.school_type_labels)}),
        model_section("availability", _("Your week"), profile.slots.all(), ["weekday", "part"]),
        model_section("absences", _("Your absences"), profile.absences.all(), ["start", "end", "reason", "note"]),
        model_section("screening", _("Your steps with the foundation"),
                      StatusChange.objects.filter(profile=profile).order_by("at", "id"),
                      ["at", "from_status", "to_status", "note"]),
        model_section("friend_invitations", _("Friends you invited"), profile.friend_invitations.order_by("sent_at"),
                      ["name", "email", "sent_at"]),
    ]


def erase(user: User, actor) -> None:
    """The profile stays for the figures, without anything that names or reaches the person; someone still in
    screening counts as withdrawn, someone active or paused as ended."""
    profile = AmbassadorProfile.objects.filter(user=user).first()
    if profile is None:
        return
    for name, value in ERASED_PROFILE.items():
        setattr(profile, name, value)
    profile.referral_code = new_referral_code()
    fields = [*ERASED_PROFILE, "referral_code"]
    ending = Status.DECLINED if profile.status in SCREENING else Status.ENDED if profile.status in (
        Status.ACTIVE, Status.PAUSED) else None
    if ending is not None:
        StatusChange.objects.create(profile=profile, from_status=profile.status, to_status=ending, actor=actor)
        profile.status = ending
        fields.append("status")
    profile.save(update_fields=fields)
    profile.slots.all().delete()
    profile.absences.all().delete()
    StatusChange.objects.filter(profile=profile).exclude(note="").update(note="")
    FriendInvitation.objects.filter(profile=profile).delete()
    # Friends who applied through this person typed their name as who told them.
    AmbassadorProfile.objects.filter(referred_by=profile).exclude(referrer_name="").update(referrer_name="")
