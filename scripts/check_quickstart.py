#!/usr/bin/env python3
"""Prove the README's quick start on a clean clone, as a new user meets it.

Clones the repository's committed HEAD into a temporary folder and, with no DATABASE_URL or REDIS_URL (the
embedded default: SQLite and a filesystem broker), runs `make run PORT=<free port>` in the background. Then:
- waits for /healthz/ to answer 200 with a live worker;
- logs in over HTTP as each demo login (password, then the code of the authenticator app whose secret the README
  documents) and checks it lands on its own page;
- waits until the worker has taken every queued task, and checks the seed's e-mails are in var/outbox/, each
  link pointing at the port the platform runs on, and that the worker and beat logged no error;
- stops every process it started, whatever happened.
Exits non-zero with the reason on the first failure. Needs only Python 3.11+, git and make.

    python3 scripts/check_quickstart.py [--repo PATH] [--keep]
"""

import argparse
import base64
import hashlib
import hmac
import http.cookiejar
import json
import os
import re
import shutil
import signal
import socket
import struct
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.parse
import urllib.request
from pathlib import Path

PASSWORD = "onderwijs-demo"  # noqa: S105 - the demo password the README prints
TOTP_SECRET = "ONDERWIJSAMBASSADEURSDEMOTOTPKEY"  # noqa: S105 - the demo logins' authenticator secret in the README
LANDING = {  # each demo login and the page its role lands on (a pattern of its path)
    "staff@demo.example": r"/staff/",
    "leader@demo.example": r"/schools/\d+/",  # the leader's own school
    "ambassador@demo.example": r"/ambassadors/",
    "researcher@demo.example": r"/research/",
}
SETUP_SECONDS = 900  # a fresh virtual environment is installed first
SETTLE_SECONDS = 120


class Failure(Exception):
    pass


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def get(opener, url, data=None, timeout=10):
    body = urllib.parse.urlencode(data).encode() if data is not None else None
    with opener.open(urllib.request.Request(url, data=body), timeout=timeout) as response:
        return response.status, response.geturl(), response.read().decode("utf-8", "replace")


def log_tail(path: Path, lines=25) -> str:
    if not path.exists():
        return f"({path.name} is missing)"
    return "\n".join(path.read_text(errors="replace").splitlines()[-lines:])


def wait_for_health(base, process, log):
    deadline = time.monotonic() + SETUP_SECONDS
    last = "no answer"
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise Failure(f"`make run` stopped (exit {process.returncode}) before the platform was healthy:\n"
                          + log_tail(log))
        try:
            with urllib.request.urlopen(base + "/healthz/", timeout=5) as response:
                data = json.load(response)
                if data["checks"].get("worker", {}).get("status") == "ok":
                    return data
                last = json.dumps(data)
        except urllib.error.HTTPError as exc:
            last = f"{exc.code}: {exc.read().decode(errors='replace')}"
        except (OSError, ValueError) as exc:
            last = str(exc)
        time.sleep(1)
    raise Failure(f"/healthz/ never answered 200 with a live worker within {SETUP_SECONDS} s; last: {last}\n"
                  + log_tail(log))


def totp(secret: str, step_offset: int = 0) -> str:
    """The authenticator app's code now (RFC 6238: HMAC-SHA1, 30-second steps, 6 digits)."""
    counter = int(time.time() // 30) + step_offset
    digest = hmac.new(base64.b32decode(secret), struct.pack(">Q", counter), hashlib.sha1).digest()
    offset = digest[-1] & 0x0F
    return f"{(struct.unpack('>I', digest[offset:offset + 4])[0] & 0x7FFFFFFF) % 1_000_000:06d}"


def csrf_token(page, what):
    token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page)
    if not token:
        raise Failure(f"{what} has no CSRF token")
    return token.group(1)


def log_in(base, email):
    jar = http.cookiejar.CookieJar()
    opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(jar))
    _status, _url, page = get(opener, base + "/accounts/login/")
    status, url, page = get(opener, base + "/accounts/login/",
                            {"csrfmiddlewaretoken": csrf_token(page, "the login page"), "login": email,
                             "password": PASSWORD})
    path = urllib.parse.urlsplit(url).path
    for offset in (0, 1, -1):  # the second step: the app's code (each is accepted once; the next step's counts too)
        if path != "/accounts/2fa/authenticate/":
            break
        status, url, page = get(opener, base + path, {"csrfmiddlewaretoken": csrf_token(page, "the code page"),
                                                      "code": totp(TOTP_SECRET, offset)})
        path = urllib.parse.urlsplit(url).path
    if status != 200 or not re.fullmatch(LANDING[email], path):
        raise Failure(f"logging in as {email} ended on {path} ({status}), not on {LANDING[email]}")
    if 'action="/accounts/logout/"' not in page:
        raise Failure(f"{email} landed on {path} but is not logged in")
    return path


def wait_for_delivery(clone: Path, port: int):
    """The worker empties the broker's queue into var/outbox/; every link in every e-mail points at the port."""
    queue, outbox = clone / "var" / "broker" / "queue", clone / "var" / "outbox"
    deadline = time.monotonic() + SETTLE_SECONDS
    while time.monotonic() < deadline:
        pending = [p for p in queue.iterdir() if not p.name.startswith(".")] if queue.exists() else ["?"]
        if not pending and outbox.exists() and any(outbox.iterdir()):
            break
        time.sleep(1)
    else:
        raise Failure(f"the worker did not deliver the seed's e-mails within {SETTLE_SECONDS} s "
                      f"(queue: {len(pending)} waiting; outbox: {outbox.exists() and len(list(outbox.iterdir()))})")
    messages = [p.read_text(errors="replace") for p in sorted(outbox.iterdir())]
    count = sum(text.count("\nSubject: ") + text.startswith("Subject: ") for text in messages)
    links = re.findall(r"https?://[^\s\"<>]+", "\n".join(messages))
    wrong = sorted({link for link in links if not link.startswith(f"http://127.0.0.1:{port}/")})
    if not links:
        raise Failure("the seed's e-mails carry no links")
    if wrong:
        raise Failure(f"links in e-mails that do not point at port {port}: {wrong[:5]}")
    return count, len(links)


def check_logs(clone: Path):
    for name in ("worker.log", "beat.log"):
        text = (clone / "var" / "log" / name).read_text(errors="replace")
        if "Traceback" in text or re.search(r"\b(ERROR|CRITICAL)/", text):
            raise Failure(f"{name} reports an error:\n" + log_tail(clone / "var" / "log" / name, 40))


def ctrl_c(process) -> float | None:
    """Press Ctrl-C, as a user in a terminal does: SIGINT to the whole process group of `make run`.

    Returns the seconds until every process was gone, or None if some were still running after the grace time
    (they are then terminated, then killed)."""
    started = time.monotonic()
    for sig, grace in ((signal.SIGINT, 30), (signal.SIGTERM, 10), (signal.SIGKILL, 5)):
        try:
            os.killpg(process.pid, sig)
        except ProcessLookupError:
            break
        deadline = time.monotonic() + grace
        while time.monotonic() < deadline:
            process.poll()  # reap `make` itself, else the group lives on as a zombie
            try:
                os.killpg(process.pid, 0)
            except ProcessLookupError:
                return time.monotonic() - started if sig == signal.SIGINT else None
            time.sleep(0.2)
    return time.monotonic() - started if sig == signal.SIGINT else None


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repo", default=str(Path(__file__).resolve().parents[1]))
    parser.add_argument("--keep", action="store_true", help="keep the clone for inspection")
    args = parser.parse_args()

    workdir = Path(tempfile.mkdtemp(prefix="quickstart-"))
    clone = workdir / "onderwijsambassadeurs"
    port = free_port()
    base = f"http://127.0.0.1:{port}"
    env = {k: v for k, v in os.environ.items()
           if k not in {"DATABASE_URL", "REDIS_URL", "CELERY_BROKER_URL", "SITE_URL", "VAR_DIR", "BROKER_DIR",
                        "DEBUG", "SECRET_KEY", "MAKEFLAGS", "MAKELEVEL", "VIRTUAL_ENV"}}
    process = None
    started = time.monotonic()
    try:
        subprocess.run(["git", "clone", "--quiet", args.repo, str(clone)], check=True)
        log = workdir / "make-run.log"
        with log.open("w") as out:
            # Its own process group with Ctrl-C enabled, like a terminal session (a shell may have started this
            # script with SIGINT ignored, and children would inherit that).
            process = subprocess.Popen(["make", "run", f"PORT={port}"], cwd=clone, env=env, stdout=out,
                                       stderr=subprocess.STDOUT, stdin=subprocess.DEVNULL, start_new_session=True,
                                       preexec_fn=lambda: signal.signal(signal.SIGINT, signal.SIG_DFL))
        health = wait_for_health(base, process, log)
        print(f"quickstart: healthy after {time.monotonic() - started:.0f} s on port {port}: "
              + ", ".join(f"{name} {check['status']}" for name, check in health["checks"].items()))
        for email in LANDING:
            print(f"quickstart: {email} logs in and lands on {log_in(base, email)}")
        count, links = wait_for_delivery(clone, port)
        print(f"quickstart: the worker delivered {count} e-mails of the seed with {links} links, all to port {port}")
        check_logs(clone)
        print("quickstart: worker and beat logged no error")
        seconds, process = ctrl_c(process), None
        if seconds is None:
            raise Failure("Ctrl-C did not stop every process of `make run` within 30 s")
        print(f"quickstart: Ctrl-C stopped web, worker and beat in {seconds:.1f} s; "
              f"done in {time.monotonic() - started:.0f} s")
    except (Failure, subprocess.CalledProcessError) as exc:
        print(f"quickstart FAILED: {exc}", file=sys.stderr)
        return 1
    finally:
        if process is not None:
            ctrl_c(process)
        if not args.keep:
            shutil.rmtree(workdir, ignore_errors=True)
        else:
            print(f"quickstart: clone kept in {clone}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
