"""Django's password rules, worded as the rest of the site speaks: "je", never "u" (settings.AUTH_PASSWORD_VALIDATORS).

The rules themselves are Django's; only what they say is ours, so every message has a Dutch translation in locale/.
"""

from django.contrib.auth import password_validation
from django.utils.translation import gettext as _
from django.utils.translation import ngettext


class MinimumLengthValidator(password_validation.MinimumLengthValidator):
    def get_error_message(self):
        return ngettext("This password is too short: use at least %(min_length)d character.",
                        "This password is too short: use at least %(min_length)d characters.",
                        self.min_length) % {"min_length": self.min_length}

    def get_help_text(self):
        return ngettext("Your password has at least %(min_length)d character.",
                        "Your password has at least %(min_length)d characters.",
                        self.min_length) % {"min_length": self.min_length}


class UserAttributeSimilarityValidator(password_validation.UserAttributeSimilarityValidator):
    def get_error_message(self):
        return _("This password looks too much like your %(verbose_name)s.")

    def get_help_text(self):
        return _("Your password does not look like your name or e-mail address.")


class CommonPasswordValidator(password_validation.CommonPasswordValidator):
    def get_error_message(self):
        return _("This password is too common; choose one that is harder to guess.")

    def get_help_text(self):
        return _("Your password is not a commonly used password.")


class NumericPasswordValidator(password_validation.NumericPasswordValidator):
    def get_error_message(self):
        return _("This password has only digits; add letters or other characters.")

    def get_help_text(self):
        return _("Your password is not made of digits only.")
