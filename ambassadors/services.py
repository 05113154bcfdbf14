"""Writes for ambassadors: application, screening, VOG, availability, absences, outcome, referrals."""

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts.audit import audit_record
from accounts.emails import send_templated_email, site_link
from accounts.models import MessageKind, Role, User
from accounts.outbox import ref
from accounts.services import account_create, invitation_link
from schools import geo
from schools.models import HALF_DAYS, Weekday

from .models import (
    Absence,
    AmbassadorProfile,
    AvailabilitySlot,
    Channel,
    FriendInvitation,
    Status,
    StatusChange,
    VogStatus,
)

PROFILE_FIELDS = ["phone", "postcode", "sector", "employer", "employer_release", "motivations", "expertise",
                  "subjects", "preferred_tasks", "school_types", "start_date", "commitment", "day_amount",
                  "max_distance_km"]


def _place(profile: AmbassadorProfile) -> None:
    place, profile.region = geo.place_and_region(profile.postcode, profile.city)
    if place is not None:
        profile.latitude, profile.longitude = place.latitude, place.longitude
        if not profile.city:
            profile.city = place.municipality


def application_submit(*, data: dict, language: str) -> AmbassadorProfile | None:
    """A person applies: an account with the ambassador role, a profile, their week, and a confirmation e-mail.

    An address that already has an account gets no second one: its owner is e-mailed what happened instead, and the
    form answers the same as for a new address (None is returned), so nobody learns from it who has an account.
    """
    email = data["email"]
    existing = User.objects.filter(email__iexact=email).first()
    if existing is not None:
        _tell_the_owner(existing)
        return None
    referrer = None
    if data.get("referral_code"):
        referrer = AmbassadorProfile.objects.filter(referral_code=data["referral_code"]).select_related("user").first()
    try:
        with transaction.atomic():
            user = account_create(email=email, first_name=data["first_name"], last_name=data["last_name"],
                                  role=Role.AMBASSADOR, language=language)
            profile = AmbassadorProfile(user=user, **{f: data[f] for f in PROFILE_FIELDS},
                                        heard_via=data["heard_via"], referrer_name=data.get("referrer_name", ""),
                                        referred_by=referrer)
            if referrer is not None:
                profile.heard_via = Channel.FRIEND
                profile.referrer_name = profile.referrer_name or referrer.user.get_full_name()
            _place(profile)
            profile.full_clean(exclude=["user"])
            profile.save()
            AvailabilitySlot.objects.bulk_create(
                [AvailabilitySlot(profile=profile, weekday=day, part=part) for day, part in data["slots"]]
            )
            StatusChange.objects.create(profile=profile, from_status="", to_status=Status.APPLIED, actor=user)
            send_templated_email(
                to=email, kind=MessageKind.APPLICATION_RECEIVED, about=ref(profile), occasion="applied",
                sensitive=True,  # its link lets the applicant choose a password
                template="ambassadors/email/application_received",
                context={"link": invitation_link(user), "valid_days": settings.INVITATION_VALID_DAYS},
                language=language,
            )
    except IntegrityError:  # the same address applied twice at the same moment: the first one has the account
        existing = User.objects.filter(email__iexact=email).first()
        if existing is None:
            raise
        _tell_the_owner(existing)
        return None
    return profile


def _tell_the_owner(user: User) -> None:
    """Someone applied with an address that has an account: its owner hears that nothing changed, and what to do."""
    send_templated_email(to=user.email, template="ambassadors/email/application_existing_account",
                         context={"login": site_link("account_login"), "reset": site_link("account_reset_password")},
                         language=user.language)


# --- Screening ------------------------------------------------------------------------------

# What a step tells the ambassador, and where its e-mail sends them to act (a declined applicant has nothing
# left to do). Each step is one message: `(screening_step, profile, step)`; a re-planned intake talk is a new one.
STATUS_EMAILS = {
    Status.INTAKE_PLANNED: "ambassadors/email/intake_planned",
    Status.INTAKE_DONE: "ambassadors/email/intake_done",
    Status.VOG_REQUESTED: "ambassadors/email/vog_requested",
    Status.VOG_RECEIVED: "ambassadors/email/vog_received",
    Status.ACTIVE: "ambassadors/email/active",
    Status.DECLINED: "ambassadors/email/declined",
}
STATUS_LINKS = {Status.INTAKE_PLANNED: "ambassadors:dashboard", Status.INTAKE_DONE: "ambassadors:dashboard",
                Status.VOG_REQUESTED: "ambassadors:dashboard", Status.VOG_RECEIVED: "ambassadors:availability",
                Status.ACTIVE: "ambassadors:availability"}


def _step_message(profile: AmbassadorProfile, status: str) -> None:
    occasion = status
    if status == Status.INTAKE_PLANNED:  # the talk's time is part of the step: moving it tells them again
        occasion = f"{status}:{profile.intake_at.isoformat()}"
    send_templated_email(
        to=profile.user, kind=MessageKind.SCREENING_STEP, about=ref(profile), occasion=occasion,
        template=STATUS_EMAILS[status],
        context={"profile": profile, "user": profile.user, "reason": profile.decline_reason,
                 "vog_months": settings.VOG_MAX_AGE_MONTHS},
        link=site_link(STATUS_LINKS[status]) if status in STATUS_LINKS else "",
    )


def status_transition(*, profile_id: int, actor: User, to_status: str, note: str = "", vog_issued_on=None,
                      vog_screening_profile: str = "") -> AmbassadorProfile:
    """Move an ambassador one step along the screening path; illegal steps are refused with a reason."""
    with transaction.atomic():
        profile = AmbassadorProfile.objects.select_for_update().select_related("user").get(pk=profile_id)
        if not profile.can_become(to_status):
            raise ValidationError(_("An ambassador who is “%(current)s” cannot become “%(new)s”.") % {
                "current": profile.get_status_display(), "new": Status(to_status).label})
        fields = ["status"]
        if to_status == Status.INTAKE_PLANNED and profile.intake_at is None:
            raise ValidationError(_("Plan the intake talk first: date and time."))
        if to_status == Status.VOG_REQUESTED:
            profile.vog_status = VogStatus.REQUESTED
            profile.vog_requested_on = profile.vog_requested_on or timezone.localdate()
            fields += ["vog_status", "vog_requested_on"]
        if to_status == Status.VOG_RECEIVED:
            if vog_issued_on is None:
                raise ValidationError({"vog_issued_on": _("Enter the issue date of the VOG.")})
            if vog_issued_on > timezone.localdate():
                raise ValidationError({"vog_issued_on": _("The issue date cannot lie in the future.")})
            profile.vog_status = VogStatus.RECEIVED
            profile.vog_issued_on = vog_issued_on
            profile.vog_screening_profile = vog_screening_profile.strip() or profile.vog_screening_profile
            fields += ["vog_status", "vog_issued_on", "vog_screening_profile"]
        if to_status == Status.ACTIVE and profile.vog_status != VogStatus.RECEIVED:
            raise ValidationError(_("Only an ambassador with a received VOG can become active."))
        if to_status == Status.DECLINED:
            if not note.strip():
                raise ValidationError({"note": _("Give a reason; it is e-mailed to the applicant, kindly.")})
            profile.decline_reason = note.strip()
            fields.append("decline_reason")
        previous = profile.status
        profile.status = to_status
        profile.save(update_fields=fields)
        StatusChange.objects.create(profile=profile, from_status=previous, to_status=to_status, actor=actor,
                                    note=note.strip())
        audit_record(actor=actor, action="ambassador.status_changed", target=profile,
                     details={"from": previous, "to": to_status})
        if to_status in STATUS_EMAILS and not (to_status == Status.ACTIVE and previous == Status.PAUSED):
            _step_message(profile, to_status)
    return profile


def intake_plan(*, profile_id: int, actor: User, at, by: User | None, place: str = "",
                notes: str = "") -> AmbassadorProfile:
    """Staff plan (or re-plan) the intake talk; a fresh applicant moves to "intake talk planned" and hears when and
    where, and so does one whose planned talk moves."""
    with transaction.atomic():
        profile = AmbassadorProfile.objects.select_for_update().select_related("user").get(pk=profile_id)
        if profile.status not in (Status.APPLIED, Status.INTAKE_PLANNED, Status.INTAKE_DONE):
            raise ValidationError(_("The intake talk can only be planned during screening."))
        moved = profile.status == Status.INTAKE_PLANNED and (profile.intake_at != at or profile.intake_place != place.strip())
        profile.intake_at, profile.intake_by, profile.intake_notes = at, by, notes.strip()
        profile.intake_place = place.strip()
        profile.save(update_fields=["intake_at", "intake_by", "intake_place", "intake_notes"])
        if moved:
            _step_message(profile, Status.INTAKE_PLANNED)
        audit_record(actor=actor, action="ambassador.intake_planned", target=profile)
    if profile.status == Status.APPLIED:
        profile = status_transition(profile_id=profile.pk, actor=actor, to_status=Status.INTAKE_PLANNED)
    return profile


def self_pause(*, profile: AmbassadorProfile, actor: User) -> AmbassadorProfile:
    if profile.status == Status.ACTIVE:
        return status_transition(profile_id=profile.pk, actor=actor, to_status=Status.PAUSED)
    if profile.status == Status.PAUSED:
        return status_transition(profile_id=profile.pk, actor=actor, to_status=Status.ACTIVE)
    raise ValidationError(_("You can pause or resume once you are active."))


# --- The ambassador's own data ------------------------------------------------------------------


def profile_update(*, profile: AmbassadorProfile, data: dict) -> AmbassadorProfile:
    with transaction.atomic():
        profile = AmbassadorProfile.objects.get(pk=profile.pk)
        changed = [f for f in PROFILE_FIELDS if f in data and getattr(profile, f) != data[f]]
        for field in changed:
            setattr(profile, field, data[field])
        if "postcode" in changed:
            _place(profile)
            changed += ["latitude", "longitude", "region", "city"]
        if changed:
            profile.full_clean(exclude=["user"])
            profile.save(update_fields=sorted(set(changed)))
    return profile


def availability_toggle(*, profile: AmbassadorProfile, weekday: int, part: str) -> bool:
    """Flip one day part of the weekly grid; returns whether it is now available."""
    if weekday not in Weekday.values or part not in HALF_DAYS:
        raise ValidationError(_("That day part does not exist."))
    with transaction.atomic():
        deleted, _detail = AvailabilitySlot.objects.filter(profile=profile, weekday=weekday, part=part).delete()
        if deleted:
            return False
        try:
            with transaction.atomic():
                AvailabilitySlot.objects.create(profile=profile, weekday=weekday, part=part)
        except IntegrityError:  # a double click raced us; it is on either way
            pass
    return True


def absence_add(*, profile: AmbassadorProfile, start, end, reason: str, note: str = "") -> Absence:
    absence = Absence(profile=profile, start=start, end=end, reason=reason, note=note.strip())
    absence.full_clean()
    absence.save()
    return absence


def absence_delete(*, profile: AmbassadorProfile, absence_id: int) -> None:
    Absence.objects.filter(profile=profile, pk=absence_id).delete()


def outcome_record(*, profile: AmbassadorProfile, continue_next_year: bool, education_job: str,
                   education_job_description: str = "", actor: User | None = None) -> AmbassadorProfile:
    with transaction.atomic():
        profile = AmbassadorProfile.objects.get(pk=profile.pk)
        profile.continue_next_year = continue_next_year
        profile.education_job = education_job
        profile.education_job_description = education_job_description.strip()
        profile.outcome_recorded_at = timezone.now()
        profile.save(update_fields=["continue_next_year", "education_job", "education_job_description",
                                    "outcome_recorded_at"])
        audit_record(actor=actor, action="ambassador.outcome_recorded", target=profile)
    return profile


def friend_invite(*, profile: AmbassadorProfile, name: str, email: str, message: str) -> FriendInvitation:
    """Send a personal invitation; the link carries the ambassador's referral code into the application."""
    with transaction.atomic():
        invitation = FriendInvitation.objects.create(profile=profile, name=name.strip(), email=email.strip().lower())
        link = site_link("ambassadors:apply") + f"?ref={profile.referral_code}"
        send_templated_email(
            to=invitation.email, kind=MessageKind.FRIEND_INVITATION, about=ref(invitation), occasion="sent",
            template="ambassadors/email/friend_invitation",
            context={"friend": invitation.name, "sender": profile.user, "message": message.strip(), "link": link},
            language=profile.user.language,
        )
    return invitation
