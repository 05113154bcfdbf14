from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from accounts.models import Role

# The first item of each role is where that role lands after logging in.
NAVIGATION = {
    Role.STAFF: [
        (_("Dashboard"), "reports:staff_dashboard"),
        (_("Intakes"), "schools:intake_list"),
        (_("Ambassadors"), "ambassadors:staff_list"),
        (_("Matching"), "matching:board"),
        (_("Placements"), "matching:placement_list"),
        (_("Schools"), "schools:school_list"),
        (_("More"), [
            (_("Check-ins"), "matching:checkin_overview"),
            (_("Funding"), "matching:funding_list"),
            (_("Yearly report"), "reports:yearly_report"),
            (_("Regions"), "schools:region_list"),
            (_("Research in figures"), "research:staff_overview"),
            (_("Users"), "reports:user_list"),
            (_("Messages"), "accounts:message_list"),
            (_("Invite a user"), "reports:user_invite"),
            (_("Exports"), "accounts:export_list"),
            (_("Import"), "reports:import_list"),
            (_("Requests for erasure"), "reports:erasure_list"),
            (_("Audit trail"), "reports:audit_log"),
            (_("Administration"), "admin:index"),
        ]),
    ],
    Role.SCHOOL_LEADER: [(_("My school"), "schools:dashboard")],
    Role.TEACHER: [(_("My school"), "schools:dashboard")],
    Role.AMBASSADOR: [(_("My dashboard"), "ambassadors:dashboard"), (_("My week"), "ambassadors:availability")],
    Role.RESEARCHER: [(_("Research"), "research:dashboard")],
}


def navigation(request):
    """The menu items of the logged-in user's role: nobody sees a link they may not use."""
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {"nav_items": []}
    items, flat = [], []
    for label, target in NAVIGATION.get(user.role, []):
        if isinstance(target, list):
            children = [{"label": child_label, "url": reverse(child)} for child_label, child in target]
            items.append({"label": label, "children": children})
            flat += children
        else:
            item = {"label": label, "url": reverse(target)}
            items.append(item)
            flat.append(item)
    # The item whose address is the longest prefix of the current page is the active one.
    matches = [item["url"] for item in flat if request.path.startswith(item["url"])]
    current = max(matches, key=len, default=None)
    for item in flat:
        item["active"] = item["url"] == current
    for item in items:
        if "children" in item:
            item["active"] = any(child["active"] for child in item["children"])
    return {"nav_items": items}
