from allauth.account.adapter import DefaultAccountAdapter
from django.conf import settings

from .emails import enqueue_message


class AccountAdapter(DefaultAccountAdapter):
    def is_open_for_signup(self, request):
        # People join through the public application and intake flows or a staff invitation.
        return settings.ACCOUNT_ALLOW_SIGNUP

    def send_mail(self, template_prefix, email, context):
        message = self.render_mail(template_prefix, email, context)
        enqueue_message(message)
