"""Every URL of the project, walked through the resolver, against every role and anonymous.

Each of our views declares its audience (accounts.permissions); a new URL without a
declaration, or without sample arguments here, fails this test rather than slipping through.
"""

import pytest
from django.conf import settings
from django.urls import URLPattern, URLResolver, get_resolver, reverse

from accounts.models import Export, Invitation, Message, MessageKind, Role
from accounts.permissions import PUBLIC
from config.health import record_heartbeat
from matching.models import CheckIn, FundingScheme, MatchingRun, Placement, Proposal
from reports.imports.models import ImportBatch
from schools.tests.factories import IntakeFactory, TeacherNeedFactory

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
                continue  # allauth's own pages are checked in test_accounts
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


def test_every_own_view_declares_its_audience():
    missing = [name for name, callback in own_views() if not hasattr(callback, "access")]
    assert missing == [], f"views without a permission declaration: {missing}"


@pytest.mark.parametrize("name", [name for name, _callback in own_views()])
@pytest.mark.parametrize("role", [None, *Role.values])
def test_permission_matrix(client, users_by_role, name, role):
    callback = dict(own_views())[name]
    url = reverse(name, kwargs=sample_kwargs(name, users_by_role, role))
    if role is not None:
        client.force_login(users_by_role[role])
    response = client.get(url)
    allowed = callback.access == PUBLIC or (role is not None and role in callback.access)
    if allowed:
        assert response.status_code in (200, 302, 400, 405), (name, role, response.status_code)
        if response.status_code == 302:
            assert not response.url.startswith(reverse(settings.LOGIN_URL)), (name, role)
    elif role is None:
        assert response.status_code == 302, (name, response.status_code)
        assert response.url.startswith(reverse(settings.LOGIN_URL))
    else:
        assert response.status_code == 403, (name, role, response.status_code)


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
