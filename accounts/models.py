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
