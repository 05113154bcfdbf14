"""The outbox with real processes: a Celery worker (and beat) on a broker of its own, the test database, and a real
SMTP server on loopback (aiosmtpd) that counts what it receives.

- With the broker down a form still answers, its message waits; once the broker is back, beat's sweep sends it, once.
- The worker's pool process is killed while it is in the middle of an SMTP conversation: the task comes back to the
  queue (acks_late, reject_on_worker_lost), the row is still pending, and the e-mail arrives exactly once.
- The whole worker is killed mid-send: a new worker's sweep sends the e-mail, exactly once.
- With the production e-mail settings (STARTTLS, login) the received message has the right headers, both parts, the
  recipient's language and links to the production address.

The worker reads the rows this process commits, so it needs a database both can reach: PostgreSQL (CI). The SQLite
test database lives in this process's memory.
"""

import asyncio
import email
import email.policy
import os
import signal
import socket
import subprocess
import sys
import threading
import time
import uuid
from pathlib import Path

import pytest
from aiosmtpd.controller import Controller
from aiosmtpd.smtp import AuthResult
from celery import Celery
from django.conf import settings
from django.core.cache import cache
from django.db import connection
from django.urls import reverse
from django.utils import timezone

from accounts.models import Message, MessageKind
from matching import services as matching_services
from matching.models import MatchingRun, Proposal
from schools.tests.test_intake import valid as valid_intake

ROOT = Path(__file__).resolve().parents[2]
PRODUCTION_SITE = "https://platform.onderwijsambassadeurs.nl"

pytestmark = [pytest.mark.worker, pytest.mark.django_db(transaction=True)]


@pytest.fixture(autouse=True)
def shared_database():
    if connection.vendor != "postgresql":
        pytest.skip("a worker process shares the test database only on PostgreSQL (CI); SQLite's is in memory")
    cache.clear()  # no rate limit left from another test
    yield
    cache.clear()


# --- A real SMTP server on loopback ----------------------------------------------------------------------


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


class Recorder:
    """Keeps every message the server accepted. With `stall_first`, the first conversation waits after MAIL FROM
    (mid-send) until the client goes away, so the test can kill the worker there."""

    def __init__(self, stall_first=False):
        self.messages, self.sessions = [], []
        self.stall_first, self.stalled = stall_first, threading.Event()

    async def handle_RCPT(self, server, session, envelope, address, rcpt_options):
        if self.stall_first and not self.stalled.is_set():
            self.stalled.set()
            for _ in range(600):  # until the worker is killed (its connection closes), at most a minute
                await asyncio.sleep(0.1)
                if server.transport is None or server.transport.is_closing():
                    break
        envelope.rcpt_tos.append(address)
        return "250 OK"

    async def handle_DATA(self, server, session, envelope):
        self.messages.append(email.message_from_bytes(envelope.original_content, policy=email.policy.default))
        self.sessions.append({"tls": session.ssl is not None, "authenticated": session.authenticated})
        return "250 Message accepted for delivery"


@pytest.fixture
def smtp():
    """A plain SMTP server (as a relay on the same host would be)."""
    servers = []

    def start(**options):
        recorder = Recorder(**options)
        controller = Controller(recorder, hostname="127.0.0.1", port=free_port())
        controller.start()
        servers.append(controller)
        recorder.port = controller.port
        return recorder

    yield start
    for controller in servers:
        controller.stop()


# --- A real worker on a broker of its own ----------------------------------------------------------------


def database_url() -> str:
    db = connection.settings_dict
    password = f":{db['PASSWORD']}" if db.get("PASSWORD") else ""
    return f"postgres://{db['USER']}{password}@{db['HOST'] or '127.0.0.1'}:{db['PORT'] or 5432}/{db['NAME']}"


class Worker:
    """`celery worker` (optionally with beat) in its own process, reading this test's database."""

    def __init__(self, tmp_path, queue, env):
        self.tmp_path, self.queue, self.env = tmp_path, queue, env
        self.process, self.log = None, tmp_path / f"worker-{uuid.uuid4().hex[:6]}.log"

    def start(self, *, beat=False):
        command = [sys.executable, "-m", "celery", "-A", "config", "worker", "--pool=prefork", "--concurrency=1",
                   "--loglevel=INFO", "--without-heartbeat", "--without-gossip", "--without-mingle",
                   "-n", f"{self.queue}-{uuid.uuid4().hex[:4]}@%h"]
        if beat:
            command += ["-B", "--schedule", str(self.tmp_path / "beat-schedule")]
        self.output = self.log.open("w")
        self.process = subprocess.Popen(command, cwd=ROOT, env=self.env, stdout=self.output,
                                        stderr=subprocess.STDOUT, start_new_session=True)
        self.wait_for(lambda: "ready." in self.text(), "the worker to be ready")
        return self

    def text(self) -> str:
        return self.log.read_text(errors="replace")

    def pool_process(self) -> int:
        children = Path(f"/proc/{self.process.pid}/task/{self.process.pid}/children").read_text().split()
        assert len(children) == 1, children  # --concurrency=1 and no embedded beat: the one pool process
        return int(children[0])

    def wait_for(self, condition, what, seconds=90):
        deadline = time.monotonic() + seconds
        while not condition():
            assert self.process.poll() is None, f"the worker stopped while waiting for {what}:\n{self.text()}"
            assert time.monotonic() < deadline, f"waited {seconds} s for {what}:\n{self.text()[-4000:]}"
            time.sleep(0.2)

    def kill(self):
        """SIGKILL to the worker and everything it started, as when a machine loses power."""
        if self.process and self.process.poll() is None:
            os.killpg(self.process.pid, signal.SIGKILL)
            self.process.wait(30)
        self.output.close()

    def stop(self):
        if self.process and self.process.poll() is None:
            os.killpg(self.process.pid, signal.SIGTERM)
            try:
                self.process.wait(30)
            except subprocess.TimeoutExpired:
                os.killpg(self.process.pid, signal.SIGKILL)
        self.output.close()


@pytest.fixture
def worker_env(tmp_path):
    """A broker of its own: Redis with a queue nobody else reads when REDIS_URL is set, else a folder."""
    queue = f"outbox-test-{uuid.uuid4().hex[:8]}"
    env = {k: v for k, v in os.environ.items() if k not in {"DJANGO_ALLOW_ASYNC_UNSAFE"}}
    env.update({"TESTING": "1", "CELERY_TASK_ALWAYS_EAGER": "0", "DATABASE_URL": database_url(),
                "CELERY_TASK_DEFAULT_QUEUE": queue, "VAR_DIR": str(tmp_path / "var"),
                "BROKER_DIR": str(tmp_path / "broker"), "OUTBOX_SWEEP_SECONDS": "1", "OUTBOX_RETRY_BASE_SECONDS": "1"})
    env["CELERY_BROKER_URL"] = settings.REDIS_URL or "filesystem://"
    return queue, env


@pytest.fixture
def workers(tmp_path, worker_env):
    started = []

    def make(**env):
        queue, base = worker_env
        worker = Worker(tmp_path, queue, {**base, **env})
        started.append(worker)
        return worker

    yield make
    for worker in started:
        worker.stop()


def hand_to_worker(worker, task, *args):
    """Send a task to the worker's own broker and queue, as the web process would."""
    client = Celery(broker=worker.env["CELERY_BROKER_URL"])
    if worker.env["CELERY_BROKER_URL"].startswith("filesystem"):
        folder = str(Path(worker.env["BROKER_DIR"]) / "queue")
        client.conf.broker_transport_options = {"data_folder_in": folder, "data_folder_out": folder,
                                                "control_folder": str(Path(worker.env["BROKER_DIR"]) / "control")}
    try:
        client.send_task(task, args=args, queue=worker.queue)
    finally:
        client.close()


def smtp_env(server, **extra):
    return {"EMAIL_HOST": "127.0.0.1", "EMAIL_PORT": str(server.port), "EMAIL_USE_TLS": "0", **extra}


def state_of(message):
    message.refresh_from_db()
    return message.state


# --- The tests -----------------------------------------------------------------------------------------------


def test_a_form_posted_while_the_broker_was_down_is_confirmed_once_the_broker_is_back(client, smtp, workers,
                                                                                     broker_down):
    response = client.post(reverse("schools:intake"), valid_intake())  # commits; publishing meets the dead broker
    assert response.status_code == 302 and response.url == reverse("schools:intake_done")
    message = Message.objects.get(kind=MessageKind.INTAKE_RECEIVED)
    assert message.state == Message.State.PENDING and message.attempts == 0
    server = smtp()
    worker = workers(**smtp_env(server)).start(beat=True)  # the broker is back, and beat with it
    worker.wait_for(lambda: state_of(message) == Message.State.SENT, "beat's sweep to send the waiting message")
    sweeps = worker.text().count("accounts.tasks.sweep_messages[")
    worker.wait_for(lambda: worker.text().count("accounts.tasks.sweep_messages[") >= sweeps + 3, "three more sweeps")
    [received] = server.messages  # sent once, and not again by the sweeps after it
    assert received["To"] == "a.degroot@deregenboog.nl"
    assert received["Subject"].startswith("We hebben je aanmelding voor schooljaar ") and "Regenboog" not in received["Subject"]


def pending_message():
    return Message.objects.create(
        kind=MessageKind.OTHER, about="test.kill:1", occasion=uuid.uuid4().hex, to_email="sanne@example.nl",
        language="nl", subject="Je eerste dag", body_text="Beste Sanne,", body_html="<p>Beste Sanne,</p>",
        next_attempt_at=timezone.now())


def test_a_pool_process_killed_mid_send_still_sends_the_email_exactly_once(smtp, workers):
    server = smtp(stall_first=True)
    worker = workers(**smtp_env(server)).start()
    message = pending_message()
    hand_to_worker(worker, "accounts.tasks.deliver_messages", [message.pk])
    assert server.stalled.wait(60), worker.text()  # the pool process is in the SMTP conversation now
    child = worker.pool_process()
    os.kill(child, signal.SIGKILL)
    worker.wait_for(lambda: state_of(message) == Message.State.SENT, "the task to come back and be sent")
    assert len(server.messages) == 1
    assert server.messages[0]["Message-ID"].startswith(f"<message-{message.pk}.")
    assert message.attempts == 2  # the killed try counted, the second went through
    assert "WorkerLostError" in worker.text() or "SIGKILL" in worker.text()


def test_a_whole_worker_killed_mid_send_leaves_the_email_to_the_next_worker_exactly_once(smtp, workers):
    server = smtp(stall_first=True)
    first = workers(**smtp_env(server)).start()
    message = pending_message()
    hand_to_worker(first, "accounts.tasks.deliver_messages", [message.pk])
    assert server.stalled.wait(60), first.text()
    first.kill()  # the whole worker: main process and pool
    assert state_of(message) == Message.State.PENDING  # its transaction died with it
    second = workers(**smtp_env(server)).start(beat=True)
    second.wait_for(lambda: state_of(message) == Message.State.SENT, "the next worker's sweep to send it")
    sweeps = second.text().count("accounts.tasks.sweep_messages[")
    second.wait_for(lambda: second.text().count("accounts.tasks.sweep_messages[") >= sweeps + 2, "two more sweeps")
    assert len(server.messages) == 1


@pytest.fixture
def tls_smtp(tmp_path):
    """An SMTP server as a production mail relay is: STARTTLS required, then a login."""
    import ssl

    import trustme

    authority = trustme.CA()
    context = ssl.create_default_context(ssl.Purpose.CLIENT_AUTH)
    authority.issue_cert("localhost", "127.0.0.1").configure_cert(context)
    authority.cert_pem.write_to_path(str(tmp_path / "ca.pem"))

    def authenticator(server, session, envelope, mechanism, auth_data):
        return AuthResult(success=(auth_data.login, auth_data.password) == (b"platform", b"relay-secret-42"))

    recorder = Recorder()
    controller = Controller(recorder, hostname="127.0.0.1", port=free_port(), tls_context=context,
                            require_starttls=True, auth_required=True, auth_require_tls=True,
                            authenticator=authenticator)
    controller.start()
    recorder.port, recorder.ca = controller.port, tmp_path / "ca.pem"
    yield recorder
    controller.stop()


def test_production_email_settings_deliver_both_parts_in_the_readers_language_with_links(
        tls_smtp, workers, settings, leader_user, ambassador_user, broker_down):
    settings.SITE_URL = PRODUCTION_SITE
    leader_user.language = "nl"
    leader_user.save(update_fields=["language"])
    ambassador_user.language = "en"
    ambassador_user.save(update_fields=["language"])
    from schools.tests.factories import TeacherNeedFactory

    need = TeacherNeedFactory(school=leader_user.schools.get(), title="Rekenen groep 5")
    proposal = Proposal.objects.create(run=MatchingRun.objects.create(), need=need, ambassador=ambassador_user.ambassador_profile,
                                       score=70, distance_km=3, weekday=2, day_part="morning")
    # Tells both sides; the e-mails wait for the worker (this process hands nothing to a broker).
    matching_services.proposal_decide(proposal_id=proposal.pk, actor=None, approve=True)
    production = {  # the variables production sets (README), nothing that only tests use
        "TESTING": "0", "DEBUG": "0", "SECRET_KEY": "x7#kq2!vL9@pZ4$wN8^mR1&tY6*uB3(eC5)hJ0_fG2+dS7=aK4",
        "SITE_URL": PRODUCTION_SITE, "ALLOWED_HOSTS": "platform.onderwijsambassadeurs.nl",
        "EMAIL_HOST": "localhost", "EMAIL_PORT": str(tls_smtp.port), "EMAIL_HOST_USER": "platform",
        "EMAIL_HOST_PASSWORD": "relay-secret-42", "SSL_CERT_FILE": str(tls_smtp.ca),
    }
    worker = workers(**production)
    worker.env.pop("EMAIL_USE_TLS", None)  # the default: on
    worker.env.pop("EMAIL_BACKEND", None)
    worker.start(beat=True)
    messages = list(Message.objects.filter(kind=MessageKind.PROPOSAL))
    worker.wait_for(lambda: all(state_of(m) == Message.State.SENT for m in messages), "both e-mails to be sent")
    assert tls_smtp.sessions == [{"tls": True, "authenticated": True}] * 2
    received = {m["To"]: m for m in tls_smtp.messages}
    assert set(received) == {leader_user.email, ambassador_user.email}
    link = f"{PRODUCTION_SITE}/matching/proposals/{proposal.pk}/answer/"
    for person, language, subject, greeting in [
            (leader_user, "nl", "Een voorstel: een onderwijsambassadeur voor je school", "Beste"),
            (ambassador_user, "en", "A proposal: a school for you", "Dear")]:
        mail = received[person.email]
        row = next(m for m in messages if m.recipient_id == person.pk)
        assert mail["From"] == "Stichting Onderwijsambassadeurs <noreply@onderwijsambassadeurs.nl>"
        assert mail["Subject"] == subject
        assert mail["Message-ID"] == f"<message-{row.pk}.{int(row.created_at.timestamp())}@platform.onderwijsambassadeurs.nl>"
        assert mail["Auto-Submitted"] == "auto-generated" and mail["Content-Language"] == language
        assert mail.get_content_type() == "multipart/alternative"
        text = mail.get_body(("plain",)).get_content()
        html = mail.get_body(("html",)).get_content()
        assert text.startswith(f"{greeting} {person.first_name},") and link in text
        assert f'<html lang="{language}">' in html and f'<a href="{link}"' in html
        assert "Rekenen groep 5" in text and "Rekenen groep 5" in html
