from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from schools.models import Region


class Sector(models.TextChoices):
    FINANCE = "finance", _("Banking and finance")
    GOVERNMENT = "government", _("Government and municipality")
    BUSINESS = "business", _("Business services")
    HEALTHCARE = "healthcare", _("Healthcare")
    IT = "it", _("IT and technology")
    OTHER = "other", _("Other")


class AmbassadorProfile(models.Model):
    """The ambassador's own record; one per ambassador account."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="ambassador_profile", verbose_name=_("user")
    )
    phone = models.CharField(_("phone"), max_length=20, blank=True)
    postcode = models.CharField(_("postcode"), max_length=7, blank=True)
    city = models.CharField(_("city"), max_length=100, blank=True)
    region = models.ForeignKey(
        Region, on_delete=models.PROTECT, null=True, blank=True, related_name="ambassadors", verbose_name=_("region")
    )
    sector = models.CharField(_("sector"), max_length=20, choices=Sector.choices, blank=True)
    employer = models.CharField(_("employer"), max_length=200, blank=True)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)

    class Meta:
        verbose_name = _("ambassador profile")
        verbose_name_plural = _("ambassador profiles")
        ordering = ["user__last_name", "user__first_name"]

    def __str__(self):
        return str(self.user)
