"""Funding schemes (writes): places in a region and school year, such as a regional subsidy, and the placements that
count against them. The scheme's row is locked while placements are added, so two staff members adding the last
place at the same moment cannot both succeed.
"""

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from accounts.audit import audit_record
from accounts.models import User

from .models import FundingScheme, Placement

SCHEME_FIELDS = ["name", "funder", "region", "school_year", "places", "notes"]


def funding_scheme_save(*, scheme: FundingScheme | None, actor: User, data: dict) -> FundingScheme:
    """Create a scheme, or change one: never to fewer places than placements count against it, and a scheme with
    placements keeps its region and school year."""
    with transaction.atomic():
        if scheme is None:
            scheme = FundingScheme()
            used = 0
        else:
            scheme = FundingScheme.objects.select_for_update().get(pk=scheme.pk)
            used = scheme.placements.count()
        if used and (data["region"] != scheme.region or data["school_year"] != scheme.school_year):
            raise ValidationError(_("Placements count against this scheme; remove them before moving it to another "
                                    "region or school year."))
        if data["places"] < used:
            raise ValidationError({"places": ngettext(
                "%(used)s placement counts against this scheme; it needs at least that many places.",
                "%(used)s placements count against this scheme; it needs at least that many places.", used)
                % {"used": used}})
        for name in SCHEME_FIELDS:
            setattr(scheme, name, data[name].strip() if isinstance(data[name], str) else data[name])
        scheme.full_clean()
        scheme.save()
        audit_record(actor=actor, action="funding_scheme.saved", target=scheme)
    return scheme


def funding_assign(*, scheme_id: int, placement_ids: list[int], actor: User) -> int:
    """Count placements of the scheme's region and school year against it, as long as places are left."""
    with transaction.atomic():
        scheme = FundingScheme.objects.select_for_update().select_related("region").get(pk=scheme_id)
        placements = list(Placement.objects.select_for_update(of=("self",)).select_related("need__school")
                          .filter(pk__in=placement_ids).order_by("pk"))
        if len(placements) != len(set(placement_ids)):
            raise ValidationError(_("One of these placements no longer exists."))
        errors = []
        for placement in placements:
            if placement.funding_scheme_id not in (None, scheme.pk):
                errors.append(_("%(placement)s already counts against another scheme.") % {"placement": placement})
            elif placement.need.school.region_id != scheme.region_id or placement.need.school_year != scheme.school_year:
                errors.append(_("%(placement)s is not a placement of %(region)s in %(year)s.") % {
                    "placement": placement, "region": scheme.region, "year": scheme.school_year_label})
        if errors:
            raise ValidationError(errors)
        new = [p.pk for p in placements if p.funding_scheme_id is None]
        left = scheme.places - scheme.placements.count()
        if new and left <= 0:
            raise ValidationError(_("No places are left in this scheme."))
        if len(new) > left:
            raise ValidationError(ngettext("Only %(left)s place is left in this scheme.",
                                           "Only %(left)s places are left in this scheme.", left) % {"left": left})
        Placement.objects.filter(pk__in=new).update(funding_scheme=scheme)
        audit_record(actor=actor, action="funding_scheme.placements_added", target=scheme, details={"placements": new})
    return len(new)


def funding_unassign(*, scheme_id: int, placement_id: int, actor: User) -> None:
    """The placement no longer counts against the scheme: its place is free again."""
    with transaction.atomic():
        scheme = FundingScheme.objects.select_for_update().get(pk=scheme_id)
        if not Placement.objects.filter(pk=placement_id, funding_scheme=scheme).update(funding_scheme=None):
            raise ValidationError(_("This placement does not count against this scheme."))
        audit_record(actor=actor, action="funding_scheme.placement_removed", target=scheme,
                     details={"placement": placement_id})
