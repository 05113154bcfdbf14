"""Texts of Django and allauth that this site words its own way: "je", never "u" or "a.u.b.".

Listed here so that makemessages keeps them in locale/nl, whose translations Django prefers over the packages' own.
"""

from django.utils.translation import gettext_noop

OVERRIDDEN = [
    # allauth: the password reset pages
    gettext_noop("Please contact us if you have any trouble resetting your password."),
    gettext_noop("We have sent you an email. If you have not received it please check your spam folder. Otherwise "
                 "contact us if you do not receive it in a few minutes."),
    gettext_noop("We have sent you an e-mail. Please contact us if you do not receive it within a few minutes."),
    gettext_noop("We have sent an email to you for verification. Follow the link provided to finalize the signup "
                 "process. If you do not see the verification email in your main inbox, check your spam folder. "
                 "Please contact us if you do not receive the verification email within a few minutes."),
    gettext_noop("This username is already taken. Please choose another."),
    # Django: the password change form and the user's active flag (admin)
    gettext_noop("Your old password was entered incorrectly. Please enter it again."),
    gettext_noop("Designates whether this user should be treated as active. Unselect this instead of deleting "
                 "accounts."),
]
