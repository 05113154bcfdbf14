"""Time-based one-time codes (RFC 6238: HMAC-SHA1, 30-second steps, 6 digits), as authenticator apps compute them.

allauth checks the codes people type; this computes them for the demo logins' documented secret in tools and tests
that log in as a person would (bench_pages, the browser tests). scripts/check_quickstart.py carries its own copy,
since it runs without the project's packages.
"""

import base64
import hashlib
import hmac
import struct
import time


def totp(secret: str, at: float | None = None, step_offset: int = 0) -> str:
    counter = int((time.time() if at is None else at) // 30) + step_offset
    key = base64.b32decode(secret.upper() + "=" * (-len(secret) % 8))
    digest = hmac.new(key, struct.pack(">Q", counter), hashlib.sha1).digest()
    offset = digest[-1] & 0x0F
    value = struct.unpack(">I", digest[offset:offset + 4])[0] & 0x7FFFFFFF
    return f"{value % 1_000_000:06d}"


def fresh_codes(secret: str) -> list[str]:
    """The codes accepted right now (this step, then the next and the previous: the server allows one step of clock
    drift), for a caller that logs in more than once in 30 seconds (each code is accepted only once)."""
    now = time.time()
    return [totp(secret, now, offset) for offset in (0, 1, -1)]
