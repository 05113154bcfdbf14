from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from schools import school_year


class Kind(models.TextChoices):
    SCHOOLS = "schools", _("Schools")
    AMBASSADORS = "ambassadors", _("Ambassadors")
    PLACEMENTS = "placements", _("Placements")


class InviteWhen(models.TextChoices):
    NOW = "now", _("Now: every new school leader and ambassador gets an e-mail with a link to choose a password")
    LATER = "later", _("Later: the accounts wait until you send the invitations from this import or the user list")


class ImportStatus(models.TextChoices):
    MAPPING = "mapping", _("Columns to link")
    PREVIEW = "preview", _("Preview")
    QUEUED = "queued", _("Importing")
    DONE = "done", _("Imported")
    DISCARDED = "discarded", _("Discarded")
    EXPIRED = "expired", _("Expired")


class ImportBatch(models.Model):
    """One uploaded file, from column mapping and preview to the confirmed import: who, when, which file, what it did.

    The rows of the file live in ImportRow only until the import is done, discarded or expired."""

    Status = ImportStatus

    OPEN = (Status.MAPPING, Status.PREVIEW)  # still holding rows that wait for staff

    kind = models.CharField(_("kind"), max_length=12, choices=Kind.choices)
    status = models.CharField(_("status"), max_length=10, choices=Status.choices, default=ImportStatus.MAPPING)
    file_name = models.CharField(_("file name"), max_length=255)
    file_format = models.CharField(_("file format"), max_length=4)
    sheet_name = models.CharField(_("sheet"), max_length=100, blank=True)
    header_row = models.PositiveIntegerField(_("header row"), default=1)
    headers = models.JSONField(_("column headings"), default=list)
    mapping = models.JSONField(_("column mapping"), default=dict, blank=True)
    school_year = models.PositiveIntegerField(_("school year for rows without one"),
                                              default=school_year.current_school_year)
    row_count = models.PositiveIntegerField(_("rows"), default=0)
    uploaded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+",
                                    verbose_name=_("uploaded by"))
    created_at = models.DateTimeField(_("uploaded at"), auto_now_add=True)
    invite = models.CharField(_("invitations"), max_length=5, choices=InviteWhen.choices, blank=True)
    confirmed_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True,
                                     related_name="+", verbose_name=_("confirmed by"))
    confirmed_at = models.DateTimeField(_("confirmed at"), null=True, blank=True)
    finished_at = models.DateTimeField(_("finished at"), null=True, blank=True)
    created = models.PositiveIntegerField(_("created"), default=0)
    updated = models.PositiveIntegerField(_("updated"), default=0)
    unchanged = models.PositiveIntegerField(_("unchanged"), default=0)
    skipped = models.PositiveIntegerField(_("skipped"), default=0)
    skipped_rows = models.JSONField(_("skipped rows"), default=list, blank=True)
    message = models.TextField(_("message"), blank=True)
    run = models.ForeignKey("matching.MatchingRun", on_delete=models.SET_NULL, null=True, blank=True, related_name="+",
                            verbose_name=_("matching run of the imported placements"))

    class Meta:
        verbose_name = _("import")
        verbose_name_plural = _("imports")
        ordering = ["-created_at", "-pk"]
        indexes = [models.Index(fields=["status", "created_at"])]
        constraints = [
            models.CheckConstraint(condition=models.Q(kind__in=Kind.values), name="import_kind_valid"),
            models.CheckConstraint(condition=models.Q(status__in=ImportStatus.values), name="import_status_valid"),
        ]

    def __str__(self):
        return f"{self.get_kind_display()}: {self.file_name}"

    @property
    def is_open(self):
        return self.status in self.OPEN

    @property
    def school_year_label(self):
        return school_year.label(self.school_year)


class ImportRow(models.Model):
    """One row of an uploaded file, as it was read, and what importing it would do."""

    class Action(models.TextChoices):
        NEW = "new", _("New")
        UPDATE = "update", _("Update")
        UNCHANGED = "unchanged", _("Unchanged")
        ERROR = "error", _("Error")
        PENDING = "pending", _("Not checked yet")

    batch = models.ForeignKey(ImportBatch, on_delete=models.CASCADE, related_name="rows", verbose_name=_("import"))
    number = models.PositiveIntegerField(_("row"))
    values = models.JSONField(_("cells"), default=list)
    action = models.CharField(_("action"), max_length=10, choices=Action.choices, default=Action.PENDING)
    data = models.JSONField(_("values read"), default=dict, blank=True)
    problems = models.JSONField(_("problems"), default=list, blank=True)
    changes = models.JSONField(_("changes"), default=list, blank=True)
    skip = models.BooleanField(_("skip"), default=False)

    class Meta:
        verbose_name = _("import row")
        verbose_name_plural = _("import rows")
        ordering = ["number"]
        indexes = [models.Index(fields=["batch", "action"])]
        constraints = [models.UniqueConstraint(fields=["batch", "number"], name="import_row_unique")]

    def __str__(self):
        return f"{self.batch} #{self.number}"


class ImportAccount(models.Model):
    """An account an import created, and when its invitation went out (empty while staff wait to send it)."""

    batch = models.ForeignKey(ImportBatch, on_delete=models.CASCADE, related_name="accounts", verbose_name=_("import"))
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+",
                             verbose_name=_("user"))
    invited_at = models.DateTimeField(_("invited at"), null=True, blank=True)

    class Meta:
        verbose_name = _("imported account")
        verbose_name_plural = _("imported accounts")
        constraints = [models.UniqueConstraint(fields=["batch", "user"], name="import_account_unique")]

    def __str__(self):
        return f"{self.batch}: {self.user}"
