"""The need page: what a school keeps about a need, and (from matching) why it has no match yet. It keeps its address
and name in the schools namespace (see config/urls.py)."""

from django.shortcuts import render

from accounts.models import Role
from accounts.permissions import role_required
from matching import explain
from schools import selectors as school_selectors
from schools.forms import CloseNeedForm
from schools.selectors import SCHOOL_ROLES


@role_required(*SCHOOL_ROLES, Role.STAFF)
def need_detail(request, pk):
    need = school_selectors.access_need_by_id(request.user, pk)
    for_school = request.user.role in SCHOOL_ROLES
    return render(request, "schools/need_detail.html", {
        "need": need, "school": need.school, "history": school_selectors.need_history(need),
        "close_form": CloseNeedForm(), "can_edit": for_school,
        # The school reads why there is no match yet; staff have the full picture on matching's own page.
        "unmatched": explain.need_unmatched(need) if for_school else None,
    })
