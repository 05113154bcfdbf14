"""The AVG rights for what schools keeps about a person: school memberships, invitations, intakes sent in with their
address, the contact person's details, and the history notes they wrote (see accounts.privacy)."""

from django.db.models import CharField, Q, Value
from django.db.models.functions import Cast, Concat
from django.utils.translation import gettext_lazy as _

from accounts.models import User, erased_email
from accounts.privacy import model_section

from .models import Intake, MembershipInvitation, NeedEvent, School, SchoolMembership

INTAKE_PERSONAL = ["leader_name", "leader_phone", "leader_email", "support_request"]


def _intakes(user: User):
    return Intake.objects.filter(leader_email__iexact=user.email).order_by("created_at")


def personal_data(user: User):
    return [
        model_section("school_memberships", _("Schools you act for"),
                      SchoolMembership.objects.filter(user=user).select_related("school").order_by("created_at"),
                      ["school", "position", "created_at"]),
        model_section("school_invitations", _("Invitations to a school"),
                      MembershipInvitation.objects.filter(user=user).select_related("school").order_by("created_at"),
                      ["school", "email", "position", "created_at", "answered_at", "accepted"]),
        model_section("intakes", _("School registrations sent in with your address"), _intakes(user),
                      ["created_at", "school_name", "school_year", "status", *INTAKE_PERSONAL, "school_profile"]),
        model_section("contact_person", _("Schools where you are the contact person"),
                      School.objects.filter(contact_email__iexact=user.email).order_by("name"),
                      ["name", "contact_name", "contact_role", "contact_email", "contact_phone"]),
        model_section("need_history", _("Your notes in the history of teacher needs"),
                      NeedEvent.objects.filter(actor=user).exclude(note="").select_related("need").order_by("at"),
                      ["need", "action", "note", "at"]),
    ]


def erase(user: User, actor) -> None:
    """No more access to any school; the details a school or intake holds of this person are removed. The schools,
    their needs and the intakes themselves stay (the figures count them)."""
    SchoolMembership.objects.filter(user=user).delete()
    MembershipInvitation.objects.filter(user=user).delete()
    anonymise_intakes(_intakes(user))
    School.objects.filter(contact_email__iexact=user.email).update(contact_name="", contact_role="", contact_email="",
                                                                   contact_phone="")
    NeedEvent.objects.filter(actor=user).exclude(note="").update(note="")


def anonymise_intakes(intakes) -> int:
    """The school leader's name, phone, address and free text of these intakes are removed (in one update); the
    school's part stays."""
    placeholder = erased_email("intake", "#").split("#")
    return intakes.filter(~Q(leader_email__endswith=".invalid")).update(
        leader_name="", leader_phone="", support_request="",
        leader_email=Concat(Value(placeholder[0]), Cast("pk", CharField()), Value(placeholder[1])))
