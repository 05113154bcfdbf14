"""allauth's account and second-factor changes, written into the audit trail (connected in AccountsConfig.ready).

allauth changes these itself, in its own views; its signals are the place it offers to hear about them."""

from allauth.account import signals as account_signals
from allauth.mfa import signals as mfa_signals

from .audit import audit_record


def _record(action):
    def receiver(sender, request=None, user=None, authenticator=None, **kwargs):
        audit_record(actor=user, action=action, target=user, request=request,
                     details={"type": authenticator.type} if authenticator is not None else None)
    receiver.__name__ = f"audit_{action.replace('.', '_')}"
    return receiver


RECEIVERS = [
    (account_signals.password_changed, _record("password.changed")),
    (account_signals.password_reset, _record("password.reset")),
    (account_signals.email_changed, _record("email.changed")),
    (mfa_signals.authenticator_added, _record("mfa.added")),
    (mfa_signals.authenticator_removed, _record("mfa.removed")),
    (mfa_signals.authenticator_reset, _record("mfa.recovery_codes_generated")),
]


def connect():
    for signal, receiver in RECEIVERS:
        signal.connect(receiver, dispatch_uid=receiver.__name__)
