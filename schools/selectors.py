from django.db.models import Case, Count, F, OuterRef, Subquery, Value, When
from django.db.models.functions import Coalesce
from django.http import Http404

from accounts.models import Role

from .models import Intake, MembershipInvitation, NeedEvent, Region, School, SchoolMembership, TeacherNeed

SCHOOL_ROLES = (Role.SCHOOL_LEADER, Role.TEACHER)


def count_per_region(model, **filters):
    """A correlated count per region: no join of schools with ambassadors (that would multiply the rows)."""
    rows = model.objects.filter(region=OuterRef("pk"), **filters).order_by().values("region").annotate(n=Count("pk"))
    return Coalesce(Subquery(rows.values("n")[:1]), 0)


def schools_for_user(user):
    """The schools a user may see: staff all of them, school leaders and teachers their own, others none."""
    qs = School.objects.select_related("region", "board")
    if user.role == Role.STAFF:
        return qs
    if user.role in SCHOOL_ROLES:
        return qs.filter(memberships__user=user)
    return qs.none()


def access_school_by_id(user, pk) -> School:
    """The permission check for one school: another tenant's school answers 404."""
    school = schools_for_user(user).filter(pk=pk).first()
    if school is None:
        raise Http404
    return school


def access_need_by_id(user, pk) -> TeacherNeed:
    need = (
        TeacherNeed.objects.select_related("school", "school__region", "school__board", "created_by")
        .filter(pk=pk, school__in=schools_for_user(user).values("pk"))
        .first()
    )
    if need is None:
        raise Http404
    return need


def access_intake_by_id(user, pk) -> Intake:
    if user.role != Role.STAFF:
        raise Http404
    intake = Intake.objects.select_related("region", "school", "decided_by", "duplicate_of").filter(pk=pk).first()
    if intake is None:
        raise Http404
    return intake


def intake_queue():
    """New intakes first, the one waiting longest on top; then the waiting list, also oldest first; then the decided
    ones, the latest decision first."""
    stage = Case(When(status=Intake.Status.SUBMITTED, then=Value(0)), When(status=Intake.Status.WAITLISTED, then=Value(1)),
                 default=Value(2))
    waiting_since = Case(When(status__in=[Intake.Status.SUBMITTED, Intake.Status.WAITLISTED], then=F("created_at")))
    return (
        Intake.objects.select_related("region", "duplicate_of")
        .annotate(duplicate_count=Count("duplicates", distinct=True))
        .order_by(stage, waiting_since.asc(nulls_last=True), F("decided_at").desc(nulls_last=True), "-created_at", "-pk")
    )


def school_needs(school):
    return school.needs.order_by("status", "start_date", "title")


def school_members(school):
    """The school's people on the platform, and those invited who have not answered yet, as two lists.

    Whoever was invited shows by the address typed, whether they have an account or not (it only shows which once
    they accept): a new person's membership waits for their password, an existing account's for their yes.
    """
    memberships = list(SchoolMembership.objects.filter(school=school).select_related("user")
                       .order_by("user__last_name", "user__first_name"))
    members = [m for m in memberships if m.user.has_usable_password()]
    invited = [{"email": m.user.email, "position": m.position} for m in memberships if not m.user.has_usable_password()]
    invited += [{"email": i.email, "position": i.position}
                for i in MembershipInvitation.objects.filter(school=school, answered_at__isnull=True)]
    return members, sorted(invited, key=lambda row: row["email"])


def open_membership_invitations(user):
    return MembershipInvitation.objects.filter(user=user, answered_at__isnull=True).select_related("school", "invited_by")


def access_membership_invitation(user, pk) -> MembershipInvitation:
    """An invitation to a school, for the person invited only (anyone else: 404)."""
    invitation = open_membership_invitations(user).filter(pk=pk).first()
    if invitation is None:
        raise Http404
    return invitation


def need_history(need):
    return NeedEvent.objects.filter(need=need).select_related("actor")


def regions_overview():
    return Region.objects.annotate(
        school_count=count_per_region(School),
        open_intakes=count_per_region(Intake, status__in=[Intake.Status.SUBMITTED, Intake.Status.WAITLISTED]),
    ).prefetch_related("postcode_ranges").order_by("name")


def school_list_for_staff():
    """Schools by name (indexed), each with its number of open needs counted for that school alone."""
    open_needs = (TeacherNeed.objects.filter(school=OuterRef("pk"), status=TeacherNeed.Status.OPEN).order_by()
                  .values("school").annotate(n=Count("pk")).values("n"))
    return (
        School.objects.select_related("region", "board")
        .annotate(open_needs=Coalesce(Subquery(open_needs[:1]), 0))
        .prefetch_related("participations")
        .order_by("name", "pk")
    )
