"""Writes for schools: intakes and their review, school profiles, teacher needs, participation, regions."""

import re

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.db.models.functions import Lower
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts.audit import audit_record
from accounts.emails import send_templated_email, site_link
from accounts.models import MessageKind, Role, User
from accounts.outbox import ref

from . import geo, memberships, school_year
from .models import (
    Intake,
    NeedEvent,
    Region,
    RegionPostcodeRange,
    School,
    SchoolBoard,
    SchoolYearParticipation,
    TeacherNeed,
)

# --- Intake ---------------------------------------------------------------------------------


def _normalised_name(name: str) -> str:
    return re.sub(r"\s+", " ", name).strip().lower()


def _same_school(qs, *, name_field: str, name: str, brin: str, postcode: str):
    """The first row for the same school: the same BRIN, or the same name (case and spacing aside) and postcode."""
    if brin:
        match = qs.filter(brin=brin).first()
        if match:
            return match
    return qs.annotate(lname=Lower(name_field)).filter(lname=_normalised_name(name), postcode=postcode).first()


def intake_find_duplicate(*, school_name: str, brin: str, postcode: str, year: int):
    """An earlier intake for the same school and school year."""
    return _same_school(Intake.objects.filter(school_year=year).order_by("created_at"), name_field="school_name",
                        name=school_name, brin=brin, postcode=postcode)


def intake_submit(*, data: dict, language: str) -> Intake:
    """Store a public intake (the form has validated and normalised it), flag a duplicate, confirm by e-mail."""
    place, region = geo.place_and_region(data["postcode"], data.get("city", ""))
    intake = Intake(
        **data,
        language=language,
        consent_at=timezone.now(),
        latitude=place.latitude if place else None,
        longitude=place.longitude if place else None,
        region=region,
    )
    with transaction.atomic():
        intake.duplicate_of = intake_find_duplicate(
            school_name=intake.school_name, brin=intake.brin, postcode=intake.postcode, year=intake.school_year
        )
        intake.full_clean()
        intake.save()
        send_templated_email(
            to=intake.leader_email, kind=MessageKind.INTAKE_RECEIVED, about=ref(intake), occasion="received",
            template="schools/email/intake_received",
            context={"intake": intake, "year": intake.school_year_label},
            language=language,
        )
    return intake


def _locked_intake(intake_id) -> Intake:
    return Intake.objects.select_for_update().get(pk=intake_id)


def _check_transition(intake: Intake, status: str):
    if not intake.can_become(status):
        raise ValidationError(
            _("This intake is %(current)s and cannot become %(new)s.")
            % {"current": intake.get_status_display().lower(), "new": Intake.Status(status).label.lower()}
        )


def _board_for(name: str, city: str) -> SchoolBoard:
    board = SchoolBoard.objects.filter(name__iexact=name).first()
    if board is None:
        try:
            with transaction.atomic():
                board = SchoolBoard.objects.create(name=name, city=city)
        except IntegrityError:  # created at the same moment by someone else
            board = SchoolBoard.objects.get(name__iexact=name)
    return board


def _existing_school(intake: Intake) -> School | None:
    return _same_school(School.objects.all(), name_field="name", name=intake.school_name, brin=intake.brin,
                        postcode=intake.postcode)


def _school_for(intake: Intake) -> School:
    """The intake's school: found by BRIN or by name and postcode, else created.

    Two intakes of one school approved at the same moment both try to create it; the database's
    unique constraints let one win, and the other then links to the school the first created.
    """
    school = _existing_school(intake)
    if school is not None:
        return school
    school = School(
        name=intake.school_name.strip(), brin=intake.brin, school_type=intake.school_type,
        board=_board_for(intake.board_name, intake.city), region=intake.region, postcode=intake.postcode,
        city=intake.city, latitude=intake.latitude, longitude=intake.longitude, profile=intake.school_profile,
        show_on_map=intake.show_on_map,
    )
    school.full_clean(validate_constraints=False)
    try:
        with transaction.atomic():
            school.save()
    except IntegrityError:
        school = _existing_school(intake)
        if school is None:
            raise
    return school


def intake_approve(*, intake_id: int, actor: User) -> Intake:
    """Approve: create or link the school and its board, record participation, invite the school leader.

    One transaction with the intake row locked: a second approval at the same moment waits, then
    finds the intake approved and is refused; the school's unique constraints back this up.
    """
    with transaction.atomic():
        intake = _locked_intake(intake_id)
        _check_transition(intake, Intake.Status.APPROVED)
        school = _school_for(intake)
        SchoolYearParticipation.objects.get_or_create(
            school=school, school_year=intake.school_year,
            defaults={"ambassadors_wanted": intake.ambassadors_wanted, "confirmed_by": actor},
        )
        existing = User.objects.filter(email__iexact=intake.leader_email.strip()).first()
        if existing is not None and existing.role not in (Role.SCHOOL_LEADER, Role.TEACHER):
            raise ValidationError(_("%(email)s already has an account with another role; link the school by hand.")
                                  % {"email": intake.leader_email})
        first, _sep, last = intake.leader_name.strip().partition(" ")
        outcome = memberships.invite_to_school(  # someone with an account is asked, not linked
            school=school, actor=actor, email=intake.leader_email, first_name=first, last_name=last,
            role=Role.SCHOOL_LEADER, language=intake.language, may_join=(Role.SCHOOL_LEADER, Role.TEACHER),
        )
        intake.status = Intake.Status.APPROVED
        intake.school = school
        intake.decided_by = actor
        intake.decided_at = timezone.now()
        intake.save(update_fields=["status", "school", "decided_by", "decided_at"])
        audit_record(actor=actor, action="intake.approved", target=intake, details={"school": school.pk})
        send_templated_email(
            to=intake.leader_email, kind=MessageKind.INTAKE_DECISION, about=ref(intake), occasion=intake.status,
            template="schools/email/intake_approved",
            context={"intake": intake, "school": school, "year": intake.school_year_label,
                     "existing_account": outcome != memberships.SchoolInvite.ACCOUNT_CREATED,
                     "link": site_link("schools:dashboard")},
            language=intake.language,
        )
    return intake


def intake_waitlist(*, intake_id: int, actor: User, reason: str = "") -> Intake:
    return _decide(intake_id=intake_id, actor=actor, status=Intake.Status.WAITLISTED, reason=reason,
                   template="schools/email/intake_waitlisted")


def intake_decline(*, intake_id: int, actor: User, reason: str) -> Intake:
    if not reason.strip():
        raise ValidationError({"reason": _("Give the school a reason: people must hear the no as well.")})
    return _decide(intake_id=intake_id, actor=actor, status=Intake.Status.DECLINED, reason=reason,
                   template="schools/email/intake_declined")


def _decide(*, intake_id, actor, status, reason, template) -> Intake:
    with transaction.atomic():
        intake = _locked_intake(intake_id)
        _check_transition(intake, status)
        intake.status = status
        intake.decision_reason = reason.strip()
        intake.decided_by = actor
        intake.decided_at = timezone.now()
        intake.save(update_fields=["status", "decision_reason", "decided_by", "decided_at"])
        audit_record(actor=actor, action=f"intake.{status}", target=intake)
        send_templated_email(
            to=intake.leader_email, kind=MessageKind.INTAKE_DECISION, about=ref(intake), occasion=status,
            template=template,
            context={"intake": intake, "year": intake.school_year_label, "reason": intake.decision_reason},
            language=intake.language,
        )
    return intake


# --- School profile and contact person --------------------------------------------------------


def school_update(*, school: School, actor: User, data: dict) -> School:
    """Save profile fields; a changed postcode moves the school's coordinates and region along."""
    with transaction.atomic():
        school = School.objects.get(pk=school.pk)
        changed = [field for field, value in data.items() if getattr(school, field) != value]
        if not changed:
            return school
        for field in changed:
            setattr(school, field, data[field])
        if "postcode" in changed:
            place, region = geo.place_and_region(school.postcode, school.city)
            if place is not None:
                school.latitude, school.longitude = place.latitude, place.longitude
            school.region = region or school.region
            changed += ["latitude", "longitude", "region"]
        school.full_clean()
        school.save(update_fields=[*changed, "updated_at"])
    return school


# --- Teacher needs --------------------------------------------------------------------------

UNSUPERVISED_PATTERNS = [
    r"\bzelfstandig\w*\s+(les|lesgeven|lessen|voor de klas)",
    r"\balleen\s+voor\s+de\s+klas",
    r"\b(vervang\w*|invall\w*|invalkracht)\b",
    r"\bles(sen)?\s+(geven|overnemen|verzorgen)\b",
    r"\blesgeven\b",
    r"\bklas\s+overnemen\b",
    r"\bwithout\s+(a\s+)?teacher\b",
    r"\b(replace|substitute|cover)\w*\s+(for\s+)?(the\s+|a\s+)?teacher",
    r"\bteach(ing)?\s+(the\s+|a\s+)?(class|lesson)s?\s+(alone|on\s+(their|his|her)\s+own)",
    r"\bon\s+(their|his|her)\s+own\s+in\s+front\s+of\b",
]


def need_reads_unsupervised(*texts: str) -> bool:
    """Does this need read like a teacher's job done alone? An ambassador is unqualified and works beside a teacher."""
    text = " ".join(t for t in texts if t).lower()
    return any(re.search(pattern, text) for pattern in UNSUPERVISED_PATTERNS)


NEED_FIELDS = ["title", "task_types", "subject", "year_group", "weekdays", "day_part", "school_year", "start_date",
               "end_date", "hours_per_week", "ambassadors_needed", "description", "relief"]


def _validate_need(need: TeacherNeed):
    errors = {}
    not_allowed = set(need.task_types) - set(need.school.allowed_tasks)
    if not_allowed:
        errors["task_types"] = _("This school does not allow these tasks for an ambassador.")
    if need.start_date and need.end_date:
        first, last = school_year.bounds(need.school_year)
        if not (first <= need.start_date <= last and first <= need.end_date <= last):
            errors["end_date"] = _("The period must lie within school year %(year)s.") % {
                "year": school_year.label(need.school_year)}
        elif need.end_date < need.start_date:
            errors["end_date"] = _("The end date lies before the start date.")
    if errors:
        raise ValidationError(errors)
    need.full_clean()


def need_create(*, school: School, actor: User, data: dict) -> TeacherNeed:
    need = TeacherNeed(school=school, created_by=actor, **{f: data[f] for f in NEED_FIELDS})
    _validate_need(need)
    with transaction.atomic():
        need.save()
        NeedEvent.objects.create(need=need, actor=actor, action=NeedEvent.Action.CREATED)
    return need


def _display(need: TeacherNeed, field: str):
    value = getattr(need, field)
    if field == "task_types":
        return ", ".join(need.task_labels)
    if field == "weekdays":
        return ", ".join(need.weekday_labels)
    if field == "day_part":
        return str(need.get_day_part_display())
    if field == "school_year":
        return school_year.label(value)
    return str(value)


def need_update(*, need: TeacherNeed, actor: User, data: dict) -> TeacherNeed:
    with transaction.atomic():
        need = TeacherNeed.objects.select_for_update().select_related("school").get(pk=need.pk)
        if need.status == TeacherNeed.Status.CLOSED:
            raise ValidationError(_("A closed need cannot be changed; reopen it first."))
        before = {field: _display(need, field) for field in NEED_FIELDS}
        changed = [field for field in NEED_FIELDS if getattr(need, field) != data[field]]
        if not changed:
            return need
        for field in changed:
            setattr(need, field, data[field])
        _validate_need(need)
        need.save(update_fields=[*changed, "updated_at"])
        changes = {str(TeacherNeed._meta.get_field(f).verbose_name): [before[f], _display(need, f)] for f in changed}
        NeedEvent.objects.create(need=need, actor=actor, action=NeedEvent.Action.UPDATED, changes=changes)
    return need


def need_close(*, need: TeacherNeed, actor: User, note: str = "") -> TeacherNeed:
    return _need_set_status(need=need, actor=actor, status=TeacherNeed.Status.CLOSED,
                            action=NeedEvent.Action.CLOSED, note=note)


def need_reopen(*, need: TeacherNeed, actor: User) -> TeacherNeed:
    return _need_set_status(need=need, actor=actor, status=TeacherNeed.Status.OPEN, action=NeedEvent.Action.REOPENED)


def _need_set_status(*, need, actor, status, action, note=""):
    with transaction.atomic():
        need = TeacherNeed.objects.select_for_update().get(pk=need.pk)
        if need.status == status:
            return need
        if status == TeacherNeed.Status.OPEN and need.status != TeacherNeed.Status.CLOSED:
            raise ValidationError(_("Only a closed need can be reopened."))
        need.status = status
        need.save(update_fields=["status", "updated_at"])
        NeedEvent.objects.create(need=need, actor=actor, action=action, note=note.strip())
    return need


# --- Participation in the next school year ---------------------------------------------------


def participation_confirm(*, school: School, actor: User, year: int, ambassadors_wanted: int | None = None):
    """One click: the school takes part in `year` again, with its profile and contact person carried over."""
    with transaction.atomic():
        previous = school.participations.filter(school_year__lt=year).order_by("-school_year").first()
        if previous is None:
            raise ValidationError(_("Only a school that took part before can confirm a next year; send in an intake."))
        participation, created = SchoolYearParticipation.objects.get_or_create(
            school=school, school_year=year,
            defaults={"confirmed_by": actor,
                      "ambassadors_wanted": ambassadors_wanted or previous.ambassadors_wanted},
        )
    return participation, created


# --- Regions --------------------------------------------------------------------------------


def parse_ranges(text: str) -> list[tuple[int, int]]:
    ranges = []
    for line in re.split(r"[\n,;]+", text or ""):
        line = line.strip()
        if not line:
            continue
        match = re.fullmatch(r"([1-9][0-9]{3})\s*(?:[-–]\s*([1-9][0-9]{3}))?", line)
        if not match:
            raise ValidationError({"postcode_ranges": _("“%(line)s” is not a postcode range such as 3500-3585.") % {"line": line}})
        start = int(match.group(1))
        end = int(match.group(2) or start)
        if end < start:
            raise ValidationError({"postcode_ranges": _("In “%(line)s” the end lies before the start.") % {"line": line}})
        ranges.append((start, end))
    return sorted(ranges)


def region_save(*, region: Region | None, data: dict, ranges: list[tuple[int, int]], actor: User | None = None) -> Region:
    """Create or change a region with its municipalities and postcode ranges; ranges may not overlap another region's."""
    with transaction.atomic():
        region = region or Region()
        for field in ("name", "slug", "holiday_region", "municipalities"):
            setattr(region, field, data[field])
        region.full_clean()
        region.save()
        others = list(RegionPostcodeRange.objects.exclude(region=region).select_related("region"))
        for index, (start, end) in enumerate(ranges):
            clash = next((other for other in others if other.start <= end and other.end >= start), None)
            if clash is not None:
                raise ValidationError({"postcode_ranges": _("%(start)s-%(end)s overlaps %(other)s of region %(region)s.") % {
                    "start": start, "end": end, "other": clash, "region": clash.region.name}})
            if index and start <= ranges[index - 1][1]:
                raise ValidationError({"postcode_ranges": _("The ranges %(a)s and %(b)s overlap.") % {
                    "a": f"{ranges[index - 1][0]}-{ranges[index - 1][1]}", "b": f"{start}-{end}"}})
        region.postcode_ranges.all().delete()
        RegionPostcodeRange.objects.bulk_create(
            [RegionPostcodeRange(region=region, start=start, end=end) for start, end in ranges]
        )
        audit_record(actor=actor, action="region.saved", target=region,
                     details={"municipalities": region.municipalities, "postcode_ranges": ranges})
    return region


def region_assign_schools(*, region: Region) -> int:
    """Put schools without a region into the region their postcode now falls in."""
    lookup = geo.RegionLookup()
    ids = [school.pk for school in School.objects.filter(region__isnull=True).only("id", "postcode", "city")
           if getattr(lookup.find(school.postcode, school.city), "pk", None) == region.pk]
    return School.objects.filter(pk__in=ids).update(region=region)
