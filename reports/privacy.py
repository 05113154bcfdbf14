"""The AVG rights across the apps: a person's data from every app (accounts, schools, ambassadors, matching; each
keeps its own `privacy.py`), erasure everywhere in one transaction, and requests for erasure that staff complete."""

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from accounts import privacy as accounts_privacy
from accounts.audit import audit_record
from accounts.emails import send_templated_email
from accounts.models import ErasureRequest, User
from ambassadors import privacy as ambassadors_privacy
from matching import privacy as matching_privacy
from research import privacy as research_privacy
from schools import privacy as schools_privacy

# Erased in this order: the apps above first, accounts last (the others find the person's data by their address).
APPS = [research_privacy, matching_privacy, ambassadors_privacy, schools_privacy, accounts_privacy]


def personal_data(user: User) -> list[accounts_privacy.Section]:
    """Everything the platform keeps about this person, section by section (empty sections left out)."""
    sections = [section for app in reversed(APPS) for section in app.personal_data(user)]
    return [section for section in sections if section.rows or section.key == "account"]


def personal_data_json(user: User) -> dict:
    return {"person": user.pk, "exported_at": timezone.now().isoformat(),
            **{section.key: section.as_json() for section in personal_data(user)}}


def blockers(user: User) -> list[str]:
    return matching_privacy.blockers(user)


def erase_person(*, user: User, actor: User | None, reason: str) -> User:
    """Anonymise the person everywhere: names, contact details and the free text they wrote (or was written about
    them) go; placements, proposals, intakes, needs and statistics stay, tied to an account without a name."""
    problems = blockers(user)
    if problems:
        raise ValidationError(problems)
    with transaction.atomic():
        user = User.objects.select_for_update().get(pk=user.pk)
        if user.erased_at is not None:
            return user
        for app in APPS:
            app.erase(user, actor)
        audit_record(actor=actor, action="erasure.completed", target=user, details={"reason": reason})
    user.refresh_from_db()
    return user


def erasure_complete(*, request_id: int, actor: User) -> ErasureRequest:
    """Staff carry out a request: the person is erased and hears so at the address they had."""
    with transaction.atomic():
        request = accounts_privacy.locked_open_request(request_id)
        person = request.user
        address, language = person.email, person.language
        erase_person(user=person, actor=actor, reason="request")
        request.status, request.decided_by, request.decided_at = ErasureRequest.Status.COMPLETED, actor, timezone.now()
        request.save(update_fields=["status", "decided_by", "decided_at"])
        # Sensitive: once sent, the outbox keeps neither its text nor the address (the account no longer has it).
        send_templated_email(to=address, template="accounts/email/erasure_completed", context={}, language=language,
                             sensitive=True)
    return request
