"""Every URL of the project, walked through the resolver, against every role and anonymous.

Who may open each page is written out below by hand (EXPECTED), from what the page is for: it is the table a reviewer
reads, and the test holds the views to it, whatever they declare. A new URL that is not in the table fails the test,
as does a view that lets in a role the table does not name (or keeps one out).
"""

import pytest
from allauth.mfa.models import Authenticator
from allauth.mfa.recovery_codes.internal.auth import RecoveryCodes
from django.conf import settings
from django.urls import URLPattern, URLResolver, get_resolver, reverse

from accounts.models import ErasureRequest, Export, Invitation, Message, MessageKind, Role
from accounts.permissions import PUBLIC
from config.health import record_heartbeat
from matching.models import CheckIn, FundingScheme, MatchingRun, Placement, Proposal
from reports.imports.models import ImportBatch
from schools.models import MembershipInvitation
from schools.tests.factories import IntakeFactory, SchoolFactory, TeacherNeedFactory

S, L, T, A, R = Role.STAFF, Role.SCHOOL_LEADER, Role.TEACHER, Role.AMBASSADOR, Role.RESEARCHER
ANYONE = "anyone"  # logged in or not
EVERY_ROLE = frozenset({S, L, T, A, R})  # anyone logged in

EXPECTED = {
    # The front door and what everybody shares
    "home": ANYONE,
    "healthz": ANYONE,
    "privacy": ANYONE,
    "language_set": ANYONE,
    "dashboard": EVERY_ROLE,
    "accounts:invite_accept": ANYONE,  # the e-mailed link to choose a password
    # A person's own data (AVG): everybody with an account, for themselves
    "reports:my_data": EVERY_ROLE,
    "reports:my_data_download": EVERY_ROLE,
    "reports:erasure_ask": EVERY_ROLE,
    # Schools: the public intake, staff's review, the school's own pages
    "schools:intake": ANYONE,
    "schools:intake_done": ANYONE,
    "schools:intake_list": {S},
    "schools:intake_detail": {S},
    "schools:intake_decide": {S},
    "schools:region_list": {S},
    "schools:region_create": {S},
    "schools:region_edit": {S},
    "schools:school_list": {S},
    "schools:dashboard": {L, T},
    "schools:school_detail": {S, L, T},
    "schools:school_edit": {L},
    "schools:contact_edit": {L},
    "schools:teacher_add": {L},
    "schools:membership_answer": {L, T},  # the invited person accepts or declines
    "schools:participation_confirm": {L},
    "schools:need_create": {L, T},
    "schools:need_detail": {S, L, T},
    "schools:need_edit": {L, T},
    "schools:need_status": {L, T},
    # Ambassadors: the public application, their own pages, staff's screening
    "ambassadors:apply": ANYONE,
    "ambassadors:apply_done": ANYONE,
    "ambassadors:dashboard": {A},
    "ambassadors:profile_edit": {A},
    "ambassadors:availability": {A},
    "ambassadors:availability_toggle": {A},
    "ambassadors:absence_add": {A},
    "ambassadors:absence_delete": {A},
    "ambassadors:pause_toggle": {A},
    "ambassadors:outcome": {A},
    "ambassadors:friend_invite": {A},
    "ambassadors:staff_list": {S},
    "ambassadors:staff_export": {S},
    "ambassadors:channels": {S},
    "ambassadors:staff_detail": {S},
    "ambassadors:staff_transition": {S},
    "ambassadors:staff_intake": {S},
    "ambassadors:staff_outcome": {S},
    # Matching: staff's board; the two sides answer; check-ins; placements
    "matching:board": {S},
    "matching:run_start": {S},
    "matching:run_detail": {S},
    "matching:weights": {S},
    "matching:need_exclusions": {S},
    "matching:proposal_decide": {S},
    "matching:proposal_answer": {L, A},
    "matching:checkin": {L, T, A},
    "matching:checkin_token": ANYONE,  # the contact person's signed link
    "matching:placement_list": {S},
    "matching:placement_end": {S},
    "matching:placement_welcome": {S, L, T},
    "matching:placement_first_day": {S, A},
    "matching:run_restart": {S},
    "matching:checkin_overview": {S},
    "matching:placement_detail": {S, L},  # a placement's check-ins: staff both sides, the leader their school's
    "matching:funding_list": {S},
    "matching:funding_create": {S},
    "matching:funding_detail": {S},
    "matching:funding_edit": {S},
    "matching:funding_add": {S},
    "matching:funding_remove": {S},
    # Messages: everybody's own notifications; staff see every message
    "accounts:notification_list": EVERY_ROLE,
    "accounts:notification_open": EVERY_ROLE,
    "accounts:notification_read": EVERY_ROLE,
    "accounts:notification_read_all": EVERY_ROLE,
    "accounts:notification_preferences": EVERY_ROLE,
    "accounts:message_list": {S},
    "accounts:message_detail": {S},
    "accounts:message_resend": {S},
    # Exports made in the background, for the people who make exports
    "accounts:export_list": {S, R},
    "accounts:export_download": {S, R},
    # Research: researchers only (what they see within a study is checked per study); staff see counts only
    "research:dashboard": {R},
    "research:study_create": {R},
    "research:study_detail": {R},
    "research:study_settings": {R},
    "research:team": {R},
    "research:member_change": {R},
    "research:participant_list": {R},
    "research:participant_detail": {R},
    "research:participant_link": {R},
    "research:participant_memo": {R},
    "research:participant_withdraw": {R},
    "research:consent_record": {R},
    "research:key": {R},
    "research:interview_list": {R},
    "research:interview_create": {R},
    "research:interview_detail": {R},
    "research:interview_edit": {R},
    "research:interview_memo": {R},
    "research:interview_participant": {R},
    "research:interview_placement": {R},
    "research:interview_status": {R},
    "research:recording_deleted": {R},
    "research:transcript": {R},
    "research:transcript_upload": {R},
    "research:transcript_correct": {R},
    "research:import_review": {R},
    "research:codings_add": {R},
    "research:codings_remove": {R},
    "research:codebook": {R},
    "research:codebook_import": {R},
    "research:theme_detail": {R},
    "research:theme_memo": {R},
    "research:theme_merge": {R},
    "research:theme_css": {R},
    "research:memos": {R},
    "research:round_list": {R},
    "research:round_detail": {R},
    "research:round_close": {R},
    "research:round_consensus": {R},
    "research:reports": {R},
    "research:quotes": {R},
    "research:exports": {R},
    "research:export_download": {R},
    "research:staff_overview": {S},
    # Staff's own pages: people, invitations, erasure requests, the audit trail
    "reports:staff_dashboard": {S},
    "reports:user_list": {S},
    "reports:user_invite": {S},
    "reports:invitation_resend": {S},
    "reports:erasure_list": {S},
    "reports:erasure_detail": {S},
    "reports:audit_log": {S},
    "reports:user_invitation_send": {S},
    # Figures: staff's tables, exports and yearly report; the public page for anyone
    "reports:figures_export": {S},
    "reports:figures_workbook": {S},
    "reports:yearly_report": {S},
    "reports:public_figures": ANYONE,
    # Staff import the foundation's spreadsheets
    "reports:import_list": {S},
    "reports:import_example": {S},
    "reports:import_detail": {S},
    "reports:import_mapping": {S},
    "reports:import_row_skip": {S},
    "reports:import_skip_errors": {S},
    "reports:import_recheck": {S},
    "reports:import_confirm": {S},
    "reports:import_discard": {S},
    "reports:import_invitations": {S},
}

# allauth's pages that the platform relies on, with the audience the platform expects of them.
ALLAUTH_PAGES = {
    "account_login": ANYONE,
    "account_reset_password": ANYONE,
    "account_change_password": EVERY_ROLE,
    "account_email": EVERY_ROLE,
    "mfa_index": EVERY_ROLE,  # two-factor authentication, offered to everyone
    "mfa_activate_totp": EVERY_ROLE,
    "mfa_view_recovery_codes": EVERY_ROLE,
    "mfa_generate_recovery_codes": EVERY_ROLE,
    "mfa_list_webauthn": EVERY_ROLE,
    "mfa_add_webauthn": EVERY_ROLE,
}

OWN_APPS = ("accounts", "schools", "ambassadors", "matching", "research", "reports", "config")


def walk(patterns, namespace=None):
    for entry in patterns:
        if isinstance(entry, URLResolver):
            ns = entry.namespace or namespace
            if ns == "admin":
                continue  # the admin has its own gate, tested in test_admin_is_for_staff_only
            yield from walk(entry.url_patterns, ns)
        elif isinstance(entry, URLPattern):
            callback = entry.callback
            module = getattr(callback, "__module__", "") or ""
            if module.split(".")[0] not in OWN_APPS:
                continue  # allauth's pages are in ALLAUTH_PAGES
            name = f"{namespace}:{entry.name}" if namespace else entry.name
            yield name, callback


def own_views():
    return sorted({(name, callback) for name, callback in walk(get_resolver().url_patterns)}, key=lambda x: x[0])


def sample_kwargs(name, users, role=None):
    """Arguments for URLs that take them: objects the school leader and teacher of the fixtures may see."""
    if name.startswith("research:") and name not in ("research:dashboard", "research:study_create",
                                                      "research:staff_overview"):
        from research.tests.factories import url_samples

        return url_samples(users[Role.RESEARCHER])[name]  # a study the researcher of the fixtures leads
    invitation = Invitation.objects.create(user=users[Role.SCHOOL_LEADER], role=Role.SCHOOL_LEADER)
    school = users[Role.SCHOOL_LEADER].schools.get()
    need = TeacherNeedFactory(school=school)
    intake = IntakeFactory()
    ambassador = users[Role.AMBASSADOR].ambassador_profile
    absence = ambassador.absences.create(start="2030-01-01", end="2030-01-02", reason="holiday")
    run = MatchingRun.objects.create()
    proposal = Proposal.objects.create(run=run, need=need, ambassador=ambassador, score=50, distance_km=3,
                                       weekday=2, day_part="morning", status="approved")
    placement = Placement.objects.create(proposal=proposal, need=need, ambassador=ambassador, weekday=2,
                                         day_part="morning", start_date=need.start_date, end_date=need.end_date)
    checkin = CheckIn.objects.create(placement=placement, due_on=need.start_date,
                                     side="ambassador" if role == Role.AMBASSADOR else "school")
    me = users[role] if role is not None else None
    message = Message.objects.create(kind=MessageKind.OTHER, occasion="matrix", recipient=me,
                                     to_email=me.email if me else "iemand@example.nl", language="nl",
                                     subject="Onderwerp", body_text="Tekst", state=Message.State.SENT)
    scheme = FundingScheme.objects.create(name="Subsidie", region=school.region, school_year=need.school_year, places=3)
    school_pk = {"pk": school.pk}
    asked = role if role in (Role.SCHOOL_LEADER, Role.TEACHER) else Role.SCHOOL_LEADER
    membership_invitation = MembershipInvitation.objects.create(school=SchoolFactory(), user=users[asked],
                                                                email=users[asked].email)
    erasure = ErasureRequest.objects.create(user=users[Role.AMBASSADOR])
    batch = ImportBatch.objects.create(kind="schools", status="preview", file_name="scholen.csv", file_format="csv",
                                       headers=["Naam school"], uploaded_by=users[Role.STAFF])
    row = batch.rows.create(number=2, values=["OBS De Klimop"])
    imports = {f"reports:import_{name}": {"pk": batch.pk} for name in (
        "detail", "mapping", "skip_errors", "recheck", "confirm", "discard", "invitations")}
    return (imports | {
        "reports:import_row_skip": {"pk": batch.pk, "row_pk": row.pk},
        "reports:import_example": {"kind": "schools", "file_format": "xlsx"},
        "reports:user_invitation_send": {"pk": users[Role.SCHOOL_LEADER].pk},
        "schools:school_detail": school_pk,
        "schools:school_edit": school_pk,
        "schools:contact_edit": school_pk,
        "schools:teacher_add": school_pk,
        "schools:participation_confirm": school_pk,
        "schools:need_create": school_pk,
        "schools:need_detail": {"pk": need.pk},
        "schools:need_edit": {"pk": need.pk},
        "schools:need_status": {"pk": need.pk, "action": "close"},
        "schools:intake_detail": {"pk": intake.pk},
        "schools:intake_decide": {"pk": intake.pk, "decision": "approve"},
        "schools:region_edit": {"pk": intake.region.pk},
        "ambassadors:staff_detail": {"pk": ambassador.pk},
        "ambassadors:staff_transition": {"pk": ambassador.pk},
        "ambassadors:staff_intake": {"pk": ambassador.pk},
        "ambassadors:staff_outcome": {"pk": ambassador.pk},
        "ambassadors:absence_delete": {"pk": absence.pk},
        "matching:run_detail": {"pk": run.pk},
        "matching:run_restart": {"pk": run.pk},
        "matching:proposal_decide": {"pk": proposal.pk, "decision": "approve"},
        "matching:need_exclusions": {"pk": need.pk},
        "matching:proposal_answer": {"pk": proposal.pk},
        "matching:checkin": {"pk": checkin.pk},
        "matching:checkin_token": {"pk": checkin.pk, "token": "not-a-token"},
        "matching:placement_end": {"pk": placement.pk},
        "matching:placement_welcome": {"pk": placement.pk},
        "matching:placement_first_day": {"pk": placement.pk},
        "matching:placement_detail": {"pk": placement.pk},
        "matching:funding_detail": {"pk": scheme.pk},
        "matching:funding_edit": {"pk": scheme.pk},
        "matching:funding_add": {"pk": scheme.pk},
        "matching:funding_remove": {"pk": scheme.pk, "placement_pk": placement.pk},
        "reports:invitation_resend": {"pk": invitation.pk},
        "reports:figures_export": {"table": "regions", "fmt": "csv"},
        "accounts:invite_accept": {"uidb64": "MQ", "token": "not-a-token"},
        "schools:membership_answer": {"pk": membership_invitation.pk},
        "reports:erasure_detail": {"pk": erasure.pk},
        "accounts:export_download": {"pk": Export.objects.create(
            owner=users[role] if role else users[Role.STAFF], kind="ambassadors", filename="x.csv").pk},
        "accounts:notification_open": {"pk": message.pk},
        "accounts:notification_read": {"pk": message.pk},
        "accounts:message_detail": {"pk": message.pk},
        "accounts:message_resend": {"pk": message.pk},
    }).get(name, {})


@pytest.fixture(autouse=True)
def live_worker():
    """A worker is alive, as in production, so /healthz/ answers for itself rather than for the worker."""
    record_heartbeat("celery@matrix")


def test_every_url_is_in_the_table():
    assert sorted(name for name, _callback in own_views()) == sorted(EXPECTED)


def test_every_own_view_declares_its_audience():
    missing = [name for name, callback in own_views() if not hasattr(callback, "access")]
    assert missing == [], f"views without a permission declaration: {missing}"


def test_the_declarations_agree_with_the_table():
    """A quick pointer to the view at fault; the matrix below checks what the pages actually do."""
    declared = {name: ANYONE if callback.access == PUBLIC else set(callback.access) for name, callback in own_views()}
    assert {name: declared[name] for name in EXPECTED if name in declared} == {
        name: audience if audience == ANYONE else set(audience) for name, audience in EXPECTED.items()}


def may_open(audience, role) -> bool:
    return audience == ANYONE or role in audience


def assert_outcome(response, name, role, allowed):
    if allowed:
        assert response.status_code in (200, 302, 400, 405), (name, role, response.status_code)
        if response.status_code == 302:
            assert not response.url.startswith(reverse(settings.LOGIN_URL)), (name, role)
    elif role is None:
        assert response.status_code == 302, (name, response.status_code)
        assert response.url.startswith(reverse(settings.LOGIN_URL))
    else:
        assert response.status_code == 403, (name, role, response.status_code)


@pytest.mark.parametrize("name", sorted(EXPECTED))
@pytest.mark.parametrize("role", [None, *Role.values])
def test_permission_matrix(client, users_by_role, name, role):
    url = reverse(name, kwargs=sample_kwargs(name, users_by_role, role))
    if role is not None:
        client.force_login(users_by_role[role])
    assert_outcome(client.get(url), name, role, may_open(EXPECTED[name], role))


@pytest.mark.parametrize("name", sorted(ALLAUTH_PAGES))
@pytest.mark.parametrize("role", [None, *Role.values])
def test_allauth_pages_matrix(client, users_by_role, name, role):
    if role is not None:
        client.force_login(users_by_role[role])
        if name == "mfa_view_recovery_codes":  # there is something to show once a person has codes
            RecoveryCodes.activate(users_by_role[role])
    assert_outcome(client.get(reverse(name)), name, role, may_open(ALLAUTH_PAGES[name], role))


@pytest.mark.parametrize("role", [Role.STAFF, Role.RESEARCHER])
@pytest.mark.parametrize("name", sorted(name for name, audience in EXPECTED.items()
                                        if name not in ("healthz", "privacy", "language_set")))
def test_without_a_second_factor_staff_and_researchers_only_reach_its_setup(client, users_by_role, name, role):
    """They see personal data: every page but setting up a second factor sends them there first."""
    user = users_by_role[role]
    Authenticator.objects.filter(user=user).delete()
    client.force_login(user)
    response = client.get(reverse(name, kwargs=sample_kwargs(name, users_by_role, role)))
    assert response.status_code == 302 and response.url == reverse("mfa_activate_totp"), (name, role)


@pytest.mark.parametrize("role", [None, *Role.values])
def test_admin_is_for_staff_only(client, users_by_role, role):
    if role is not None:
        client.force_login(users_by_role[role])
    response = client.get(reverse("admin:index"))
    if role == Role.STAFF:
        assert response.status_code == 200
        # Staff manage every model of the platform there.
        for model in ("school", "schoolboard", "region", "ambassadorprofile", "user", "invitation"):
            assert f"/{model}/" in response.content.decode()
    else:
        assert response.status_code == 302
        assert "/admin/login/" in response.url


def test_every_model_of_the_platform_is_in_the_admin():
    from django.apps import apps
    from django.contrib import admin

    ours = [m for m in apps.get_models() if m._meta.app_label in OWN_APPS]
    missing = [m._meta.label for m in ours if m not in admin.site._registry]
    assert missing == []


@pytest.mark.parametrize("model_url", ["schools/teacherneed", "ambassadors/ambassadorprofile", "matching/placement",
                                       "matching/checkin", "accounts/user"])
def test_staff_open_admin_lists(client, staff_user, model_url):
    client.force_login(staff_user)
    assert client.get(f"/admin/{model_url}/").status_code == 200
