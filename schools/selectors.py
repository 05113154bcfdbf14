from django.http import Http404

from accounts.models import Role

from .models import School


def schools_for_user(user):
    """The schools a user may see: staff all of them, a school leader their own, others none."""
    qs = School.objects.select_related("region", "board")
    if user.role == Role.STAFF:
        return qs
    if user.role == Role.SCHOOL_LEADER:
        return qs.filter(memberships__user=user)
    return qs.none()


def access_school_by_id(user, pk) -> School:
    """The permission check for one school: another tenant's school answers 404."""
    school = schools_for_user(user).filter(pk=pk).first()
    if school is None:
        raise Http404
    return school
