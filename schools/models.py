from django.conf import settings
from django.core.validators import RegexValidator
from django.db import models
from django.utils.translation import gettext_lazy as _

postcode_validator = RegexValidator(r"^[1-9][0-9]{3} ?[A-Z]{2}$", _("Enter a Dutch postcode such as 3511 AB."))
brin_validator = RegexValidator(r"^[0-9]{2}[A-Z]{2}$", _("Enter a BRIN number of two digits and two letters, such as 12AB."))


class HolidayRegion(models.TextChoices):
    NORTH = "noord", _("North")
    CENTRAL = "midden", _("Central")
    SOUTH = "zuid", _("South")


class SchoolType(models.TextChoices):
    PRIMARY = "po", _("Primary education (PO)")
    SECONDARY = "vo", _("Secondary education (VO)")
    SPECIAL = "so", _("Special education (SO)")


class Region(models.Model):
    """A working region of the foundation, with its own coordinator and school holidays."""

    name = models.CharField(_("name"), max_length=100, unique=True)
    slug = models.SlugField(_("slug"), max_length=100, unique=True)
    holiday_region = models.CharField(_("school holiday region"), max_length=10, choices=HolidayRegion.choices)

    class Meta:
        verbose_name = _("region")
        verbose_name_plural = _("regions")
        ordering = ["name"]

    def __str__(self):
        return self.name


class SchoolBoard(models.Model):
    """A school board (schoolbestuur): one board runs several schools."""

    name = models.CharField(_("name"), max_length=200, unique=True)
    city = models.CharField(_("city"), max_length=100, blank=True)

    class Meta:
        verbose_name = _("school board")
        verbose_name_plural = _("school boards")
        ordering = ["name"]

    def __str__(self):
        return self.name


class School(models.Model):
    name = models.CharField(_("name"), max_length=200)
    brin = models.CharField(_("BRIN number"), max_length=4, blank=True, validators=[brin_validator])
    school_type = models.CharField(_("school type"), max_length=2, choices=SchoolType.choices)
    board = models.ForeignKey(
        SchoolBoard, on_delete=models.PROTECT, related_name="schools", verbose_name=_("school board")
    )
    region = models.ForeignKey(Region, on_delete=models.PROTECT, related_name="schools", verbose_name=_("region"))
    street = models.CharField(_("street and number"), max_length=200, blank=True)
    postcode = models.CharField(_("postcode"), max_length=7, validators=[postcode_validator])
    city = models.CharField(_("city"), max_length=100)
    latitude = models.FloatField(_("latitude"), null=True, blank=True)
    longitude = models.FloatField(_("longitude"), null=True, blank=True)
    profile = models.TextField(_("school profile"), blank=True)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)

    leaders = models.ManyToManyField(
        settings.AUTH_USER_MODEL,
        through="SchoolMembership",
        related_name="schools",
        verbose_name=_("school leaders"),
    )

    class Meta:
        verbose_name = _("school")
        verbose_name_plural = _("schools")
        ordering = ["name"]
        constraints = [
            models.UniqueConstraint(
                fields=["brin"], condition=~models.Q(brin=""), name="school_brin_unique_when_set"
            ),
        ]

    def __str__(self):
        return f"{self.name} ({self.city})"


class SchoolMembership(models.Model):
    """Ties a school leader's account to a school they act for."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="school_memberships", verbose_name=_("user")
    )
    school = models.ForeignKey(School, on_delete=models.CASCADE, related_name="memberships", verbose_name=_("school"))
    position = models.CharField(_("position"), max_length=100, blank=True, help_text=_("For example school leader or conrector."))
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)

    class Meta:
        verbose_name = _("school membership")
        verbose_name_plural = _("school memberships")
        constraints = [models.UniqueConstraint(fields=["user", "school"], name="membership_user_school_unique")]

    def __str__(self):
        return f"{self.user} – {self.school}"
