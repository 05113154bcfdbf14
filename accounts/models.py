from datetime import timedelta

from django.conf import settings
from django.contrib.auth.base_user import AbstractBaseUser, BaseUserManager
from django.contrib.auth.models import PermissionsMixin
from django.core.serializers.json import DjangoJSONEncoder
from django.db import models
from django.db.models.functions import Lower
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class Role(models.TextChoices):
    STAFF = "staff", _("Foundation staff")
    SCHOOL_LEADER = "school_leader", _("School leader")
    AMBASSADOR = "ambassador", _("Ambassador")
    RESEARCHER = "researcher", _("Researcher")
    TEACHER = "teacher", _("Teacher")


class UserManager(BaseUserManager):
    use_in_migrations = True

    def _create_user(self, email, password, **extra_fields):
        if not email:
            raise ValueError("An e-mail address is required.")
        user = self.model(email=self.normalize_email(email).lower(), **extra_fields)
        user.set_password(password)
        user.full_clean(exclude=["password"])
        user.save(using=self._db)
        return user

    def create_user(self, email, password=None, **extra_fields):
        extra_fields.setdefault("is_superuser", False)
        return self._create_user(email, password, **extra_fields)

    def create_superuser(self, email, password=None, **extra_fields):
        extra_fields["is_superuser"] = True
        extra_fields.setdefault("role", Role.STAFF)
        return self._create_user(email, password, **extra_fields)


class User(AbstractBaseUser, PermissionsMixin):
    """A person who logs in with an e-mail address; what they may do follows from `role`."""

    email = models.EmailField(_("e-mail address"), unique=True)
    first_name = models.CharField(_("first name"), max_length=150, blank=True)
    last_name = models.CharField(_("last name"), max_length=150, blank=True)
    role = models.CharField(_("role"), max_length=20, choices=Role.choices)
    language = models.CharField(
        _("language"), max_length=8, choices=settings.LANGUAGES, default=settings.LANGUAGE_CODE
    )
    is_active = models.BooleanField(_("active"), default=True)
    date_joined = models.DateTimeField(_("date joined"), default=timezone.now)
    erased_at = models.DateTimeField(_("erased at"), null=True, blank=True,
                                     help_text=_("The person's data was erased; the account only keeps the statistics."))

    objects = UserManager()

    EMAIL_FIELD = "email"
    USERNAME_FIELD = "email"
    REQUIRED_FIELDS: list[str] = []

    class Meta:
        verbose_name = _("user")
        verbose_name_plural = _("users")
        ordering = ["last_name", "first_name", "email"]
        indexes = [models.Index(fields=["last_name", "first_name", "email"], name="user_name_order")]
        constraints = [
            models.UniqueConstraint(Lower("email"), name="user_email_ci_unique"),
            models.CheckConstraint(condition=models.Q(role__in=Role.values), name="user_role_valid"),
        ]

    def __str__(self):
        return self.get_full_name() or self.email

    def get_full_name(self):
        return f"{self.first_name} {self.last_name}".strip()

    def get_short_name(self):
        return self.first_name or self.email

    @property
    def is_staff(self):
        """Django admin access: foundation staff (and superusers)."""
        return self.is_active and (self.role == Role.STAFF or self.is_superuser)

    @property
    def is_foundation_staff(self):
        return self.is_active and self.role == Role.STAFF

    def has_perm(self, perm, obj=None):
        # Foundation staff run the platform; they may use every model in the admin.
        if self.is_foundation_staff:
            return True
        return super().has_perm(perm, obj)

    def has_module_perms(self, app_label):
        if self.is_foundation_staff:
            return True
        return super().has_module_perms(app_label)


class Invitation(models.Model):
    """Staff invited a person with a role; accepted once they set their password."""

    user = models.ForeignKey(User, on_delete=models.CASCADE, related_name="invitations", verbose_name=_("user"))
    role = models.CharField(_("role"), max_length=20, choices=Role.choices)
    invited_by = models.ForeignKey(
        User, on_delete=models.SET_NULL, null=True, related_name="+", verbose_name=_("invited by")
    )
    created_at = models.DateTimeField(_("invited at"), default=timezone.now)
    accepted_at = models.DateTimeField(_("accepted at"), null=True, blank=True)

    class Meta:
        verbose_name = _("invitation")
        verbose_name_plural = _("invitations")
        ordering = ["-created_at"]

    def __str__(self):
        return f"{self.user.email} ({self.get_role_display()})"

    @property
    def expires_at(self):
        return self.created_at + timedelta(days=settings.INVITATION_VALID_DAYS)

    @property
    def is_expired(self):
        return self.accepted_at is None and timezone.now() > self.expires_at


class Export(models.Model):
    """A file someone asked for, made by a worker so no web request waits for it; kept a short while, then deleted.

    The file is kept in the database (compressed), so whichever server answers the download finds it.
    """

    class Status(models.TextChoices):
        QUEUED = "queued", _("Waiting")
        RUNNING = "running", _("Being made")
        DONE = "done", _("Ready")
        FAILED = "failed", _("Failed")

    owner = models.ForeignKey(User, on_delete=models.CASCADE, related_name="exports", verbose_name=_("owner"))
    kind = models.CharField(_("kind"), max_length=50)
    params = models.JSONField(_("filters"), default=dict, blank=True)
    status = models.CharField(_("status"), max_length=10, choices=Status.choices, default=Status.QUEUED)
    filename = models.CharField(_("file name"), max_length=100)
    rows = models.PositiveIntegerField(_("rows"), null=True, blank=True)
    content = models.BinaryField(_("content (gzip)"), null=True, blank=True, editable=False)
    error = models.TextField(_("error"), blank=True)
    created_at = models.DateTimeField(_("asked at"), auto_now_add=True)
    finished_at = models.DateTimeField(_("finished at"), null=True, blank=True)

    class Meta:
        verbose_name = _("export")
        verbose_name_plural = _("exports")
        ordering = ["-created_at"]
        indexes = [models.Index(fields=["owner", "-created_at"]), models.Index(fields=["status", "created_at"])]

    def __str__(self):
        return self.filename

    @property
    def expires_at(self):
        return self.created_at + timedelta(hours=settings.EXPORT_KEEP_HOURS)


class MessageKind(models.TextChoices):
    """What a message is about. Each kind is written by the app that owns its subject; the outbox only sends."""

    ACCOUNT = "account", _("Account e-mail (password, address)")
    INVITATION = "invitation", _("Invitation")
    INTAKE_RECEIVED = "intake_received", _("Intake received")
    INTAKE_DECISION = "intake_decision", _("Intake decision")
    PARTICIPATION_CALL = "participation_call", _("Confirm next school year")
    NEED_UNMATCHED = "need_unmatched", _("Need still without a match")
    APPLICATION_RECEIVED = "application_received", _("Application received")
    SCREENING_STEP = "screening_step", _("Screening step")
    INTAKE_TALK = "intake_talk", _("Intake talk tomorrow")
    VOG_REMINDER = "vog_reminder", _("VOG not in yet")
    VOG_EXPIRING = "vog_expiring", _("VOG stops counting")
    FRIEND_INVITATION = "friend_invitation", _("Invitation from a friend")
    PROPOSAL = "proposal", _("New proposal")
    PROPOSAL_WAITING = "proposal_waiting", _("Proposal waiting for your answer")
    PROPOSAL_DECLINED = "proposal_declined", _("Proposal declined by the other side")
    PROPOSAL_LAPSED = "proposal_lapsed", _("Proposal lapsed")
    CONTACT_MISSING = "contact_missing", _("Contact person missing")
    PLACEMENT_STARTED = "placement_started", _("Placement agreed")
    FIRST_DAY = "first_day", _("First school day tomorrow")
    CHECKIN_DUE = "checkin_due", _("Check-in due")
    COMMITMENT_ENDING = "commitment_ending", _("Commitment ending")
    STAFF_DIGEST = "staff_digest", _("Daily overview for staff")
    EXPORT_READY = "export_ready", _("Export ready")
    OTHER = "other", _("Other")


# Kinds a person may stop receiving by e-mail (they still appear in the app), and for whom the choice matters.
# Never the ones a placement needs to happen: proposals, their deadlines, screening, VOG, the first day.
OPTIONAL_KINDS = {
    MessageKind.PROPOSAL_DECLINED: (Role.SCHOOL_LEADER, Role.AMBASSADOR),
    MessageKind.PROPOSAL_LAPSED: (Role.SCHOOL_LEADER, Role.AMBASSADOR),
    MessageKind.NEED_UNMATCHED: (Role.SCHOOL_LEADER, Role.TEACHER),
    MessageKind.CHECKIN_DUE: (Role.SCHOOL_LEADER, Role.AMBASSADOR),
    MessageKind.COMMITMENT_ENDING: (Role.AMBASSADOR,),
    MessageKind.STAFF_DIGEST: (Role.STAFF,),
    MessageKind.EXPORT_READY: (Role.STAFF, Role.RESEARCHER),
}


class Message(models.Model):
    """One e-mail and in-app notification, written in the transaction of the change that causes it.

    `(kind, about, occasion, to_email)` is unique: the same reminder for the same object and due date (or the
    same event) is written once however often a job runs, a person clicks or a task is retried. A worker
    sends pending rows and records the outcome; beat sweeps the rows no task took (broker down, worker died).
    """

    class State(models.TextChoices):
        PENDING = "pending", _("To be sent")
        SENT = "sent", _("Sent")
        FAILED = "failed", _("Failed")
        IN_APP = "in_app", _("In the app only")

    kind = models.CharField(_("kind"), max_length=30, choices=MessageKind.choices)
    about = models.CharField(_("about"), max_length=100, blank=True,
                             help_text=_("The object the message is about, such as matching.proposal:12."))
    occasion = models.CharField(_("occasion"), max_length=64,
                                help_text=_("The due date or the event that caused the message."))
    recipient = models.ForeignKey(User, on_delete=models.CASCADE, null=True, blank=True, related_name="inbox",
                                  verbose_name=_("recipient"))
    to_email = models.EmailField(_("e-mail address"))
    language = models.CharField(_("language"), max_length=8, choices=settings.LANGUAGES)
    subject = models.CharField(_("subject"), max_length=300)
    body_text = models.TextField(_("text"))
    body_html = models.TextField(_("HTML"), blank=True)
    link = models.URLField(_("link"), max_length=500, blank=True)
    sensitive = models.BooleanField(
        _("holds a secret link"), default=False,
        help_text=_("Its text is never shown to staff and is erased once the e-mail has gone out."))
    state = models.CharField(_("state"), max_length=10, choices=State.choices, default=State.PENDING)
    attempts = models.PositiveSmallIntegerField(_("attempts"), default=0)
    next_attempt_at = models.DateTimeField(_("next attempt at"), null=True, blank=True)
    last_error = models.TextField(_("last error"), blank=True)
    created_at = models.DateTimeField(_("created at"), default=timezone.now)
    sent_at = models.DateTimeField(_("sent at"), null=True, blank=True)
    read_at = models.DateTimeField(_("read at"), null=True, blank=True)

    class Meta:
        verbose_name = _("message")
        verbose_name_plural = _("messages")
        ordering = ["-created_at", "-id"]
        constraints = [
            models.UniqueConstraint(fields=["kind", "about", "occasion", "to_email"], name="message_once"),
            models.CheckConstraint(condition=models.Q(kind__in=MessageKind.values), name="message_kind_valid"),
            models.CheckConstraint(condition=~models.Q(state="pending") | models.Q(next_attempt_at__isnull=False),
                                   name="message_pending_has_next_attempt"),
        ]
        indexes = [
            models.Index(fields=["state", "next_attempt_at"], name="message_due"),
            models.Index(fields=["recipient", "read_at"], name="message_unread"),
            models.Index(fields=["kind", "state"], name="message_kind_state"),
            models.Index(fields=["-created_at", "-id"], name="message_newest"),
            models.Index(fields=["recipient", "-created_at"], name="message_inbox"),
        ]

    def __str__(self):
        return f"{self.get_kind_display()} → {self.to_email}"

    @property
    def body_erased(self) -> bool:
        return self.sensitive and self.state == self.State.SENT


class MessagePreference(models.Model):
    """A person's choice for one optional kind: by e-mail or only in the app. No row means by e-mail."""

    user = models.ForeignKey(User, on_delete=models.CASCADE, related_name="message_preferences",
                             verbose_name=_("user"))
    kind = models.CharField(_("kind"), max_length=30, choices=MessageKind.choices)
    by_email = models.BooleanField(_("by e-mail"), default=True)

    class Meta:
        verbose_name = _("message preference")
        verbose_name_plural = _("message preferences")
        constraints = [models.UniqueConstraint(fields=["user", "kind"], name="message_preference_once")]

    def __str__(self):
        return f"{self.user}: {self.get_kind_display()}"


def erased_email(kind: str, pk) -> str:
    """The address that takes the place of an erased one: unique, and undeliverable by definition (.invalid)."""
    return f"verwijderd-{kind}-{pk}@verwijderd.invalid"


class ErasureRequest(models.Model):
    """A person asked to have their data erased (themselves, or through staff who received the request).

    Staff complete it (the person is anonymised everywhere, the statistics stay) or refuse it with a reason; the row
    stays as the record of what was asked and done.
    """

    class Status(models.TextChoices):
        OPEN = "open", _("To be handled")
        COMPLETED = "completed", _("Erased")
        REFUSED = "refused", _("Refused")

    user = models.ForeignKey(User, on_delete=models.PROTECT, related_name="erasure_requests", verbose_name=_("person"))
    requested_at = models.DateTimeField(_("requested at"), default=timezone.now)
    recorded_by = models.ForeignKey(User, on_delete=models.PROTECT, null=True, blank=True, related_name="+",
                                    verbose_name=_("recorded by"),
                                    help_text=_("Staff who recorded a request made by e-mail, letter or phone."))
    note = models.TextField(_("note"), blank=True)
    status = models.CharField(_("status"), max_length=10, choices=Status.choices, default=Status.OPEN)
    decided_by = models.ForeignKey(User, on_delete=models.PROTECT, null=True, blank=True, related_name="+",
                                   verbose_name=_("handled by"))
    decided_at = models.DateTimeField(_("handled at"), null=True, blank=True)
    refusal_reason = models.TextField(_("reason for refusing"), blank=True)

    class Meta:
        verbose_name = _("request for erasure")
        verbose_name_plural = _("requests for erasure")
        ordering = ["status", "requested_at"]
        constraints = [
            models.UniqueConstraint(fields=["user"], condition=models.Q(status="open"),
                                    name="erasure_request_one_open_per_person"),
            models.CheckConstraint(condition=~models.Q(status="refused") | ~models.Q(refusal_reason=""),
                                   name="erasure_refusal_has_reason"),
        ]

    def __str__(self):
        return f"#{self.pk} {self.get_status_display()}"


class AppendOnlyError(Exception):
    """The audit trail is never changed or deleted, only added to."""


class AuditEventQuerySet(models.QuerySet):
    def update(self, **kwargs):
        raise AppendOnlyError("The audit trail cannot be changed.")

    def delete(self):
        raise AppendOnlyError("The audit trail cannot be deleted.")

    _raw_delete = delete


class AuditEvent(models.Model):
    """One entry of the audit trail: who did what, when and from where (accounts.audit.audit_record writes it).

    Append-only: the model, its queryset and (through triggers in the database) the table itself refuse every update
    and delete. Details hold field names, counts and choices, never the personal data itself.
    """

    at = models.DateTimeField(_("at"), default=timezone.now, db_index=True)
    actor = models.ForeignKey(User, on_delete=models.PROTECT, null=True, blank=True, related_name="+",
                              verbose_name=_("by"))
    actor_role = models.CharField(_("role"), max_length=20, choices=Role.choices, blank=True)
    action = models.CharField(_("action"), max_length=60, db_index=True)
    target_type = models.ForeignKey("contenttypes.ContentType", on_delete=models.PROTECT, null=True, blank=True,
                                    related_name="+", verbose_name=_("type of object"))
    target_id = models.CharField(_("object"), max_length=64, blank=True)
    subject = models.ForeignKey(User, on_delete=models.PROTECT, null=True, blank=True, related_name="+",
                                verbose_name=_("about"))
    details = models.JSONField(_("details"), default=dict, blank=True, encoder=DjangoJSONEncoder)
    ip_address = models.GenericIPAddressField(_("IP address"), null=True, blank=True)

    objects = AuditEventQuerySet.as_manager()

    class Meta:
        verbose_name = _("audit event")
        verbose_name_plural = _("audit trail")
        ordering = ["-at", "-id"]
        indexes = [models.Index(fields=["target_type", "target_id", "at"]),
                   models.Index(fields=["actor", "at"]), models.Index(fields=["subject", "at"])]

    def __str__(self):
        return f"{self.at:%Y-%m-%d %H:%M} {self.action}"

    def save(self, *args, **kwargs):
        if not self._state.adding:
            raise AppendOnlyError("The audit trail cannot be changed.")
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        raise AppendOnlyError("The audit trail cannot be deleted.")
