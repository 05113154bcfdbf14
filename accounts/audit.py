"""The audit trail's entry point. This minimal version writes each entry to the `audit` log; the audit trail
proper (a tamper-proof table with its own pages) keeps this signature, so callers need not change."""

import logging

logger = logging.getLogger("audit")


def audit_record(*, actor, action: str, target=None, details: dict | None = None, request=None) -> None:
    target_ref = f"{target._meta.label_lower}:{target.pk}" if target is not None else ""
    logger.info("%s by %s on %s %s", action, getattr(actor, "pk", None), target_ref, details or {})
