"""What every research page shares: the study from the address (the permission check) and its page frame."""

from django.shortcuts import render

from accounts.models import Role
from accounts.permissions import role_required

from ..selectors.access import access_study

researcher_only = role_required(Role.RESEARCHER)


def study_page(request, template, study, member, context=None, status=200, tab=""):
    return render(request, template, {"study": study, "member": member, "is_lead": member.is_lead, "tab": tab,
                                      **(context or {})}, status=status)


def study_of(request, slug):
    return access_study(request.user, slug)


def errors_status(*forms):
    return 400 if any(form is not None and form.errors for form in forms) else 200
