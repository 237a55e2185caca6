"""The at-scale shape of docs/deploy-at-scale.md, run for real: two app servers (gunicorn) and two task workers
(`kizuna db_worker`) on one PostgreSQL database, with the cache and the sessions' reads in Redis. Browsers are
real HTTP clients keeping cookies, and each journey sends its requests to both servers in turn.

Runs when DATABASE_URL is PostgreSQL and Redis answers at 127.0.0.1:6379; skips otherwise, except when
KIZUNA_AT_SCALE_REQUIRED=1 (.ci/run's PostgreSQL pass), where a missing service is a failure.
"""

import json
import os
import re
import secrets
import signal
import socket
import subprocess
import sys
import time
from dataclasses import dataclass, field
from http.cookiejar import CookieJar
from pathlib import Path
from urllib.error import HTTPError, URLError
from urllib.parse import urlencode, urlsplit, urlunsplit
from urllib.request import HTTPCookieProcessor, HTTPRedirectHandler, Request, build_opener

import pytest

from kizuna.core.management.commands.totp_code import current_code
from tests.factories import PASSWORD

pytestmark = pytest.mark.at_scale

PROJECT = Path(__file__).resolve().parents[2]
REDIS_HOST, REDIS_PORT = "127.0.0.1", 6379
LOGIN_ATTEMPTS = 2  # failed logins before the lock-out, counted in the shared cache
WORKER_INTERVAL = 0.5  # seconds a task worker waits before looking for tasks again
CONFIRMATION = "kizuna.events.tasks.send_confirmation"
# The site's name in every request, as a load balancer forwards it: allauth counts failed logins per site and
# account, so two servers addressed by their own host:port would keep two counts.
SITE = "kizuna-atscale.test"


# ---- the stack: database, Redis, mail server, two app servers, two task workers ------------------------------


def _unavailable(reason: str):
    if os.environ.get("KIZUNA_AT_SCALE_REQUIRED") == "1":
        pytest.fail(f"{reason} (KIZUNA_AT_SCALE_REQUIRED=1: this run must prove the at-scale shape)")
    pytest.skip(reason)


def _redis():
    import redis

    client = redis.Redis(host=REDIS_HOST, port=REDIS_PORT, socket_connect_timeout=1, socket_timeout=5)
    try:
        client.ping()
    except redis.RedisError as error:
        _unavailable(f"Redis does not answer at {REDIS_HOST}:{REDIS_PORT} ({error}); start redis-server")
    return client


def _database_url() -> str:
    url = os.environ.get("DATABASE_URL", "")
    if urlsplit(url).scheme not in {"postgres", "postgresql"}:
        _unavailable("needs PostgreSQL: run with DATABASE_URL=postgres://… (.ci/run does)")
    return url


def _maintenance(url: str):
    """A connection to the cluster's `postgres` database, to create and drop the stack's own database."""
    import psycopg

    parts = urlsplit(url)
    return psycopg.connect(host=parts.hostname, port=parts.port or 5432, user=parts.username,
                           password=parts.password, dbname="postgres", autocommit=True)


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class _Mailbox:
    """An SMTP server (aiosmtpd) that keeps what the task workers send."""

    def __init__(self):
        self.messages: list[tuple[list[str], bytes]] = []

    async def handle_DATA(self, server, session, envelope):  # noqa: N802 - aiosmtpd's hook name
        self.messages.append((list(envelope.rcpt_tos), envelope.content))
        return "250 OK"

    def sent_to(self, email: str) -> int:
        return sum(email in to for to, _ in self.messages)


@dataclass
class Stack:
    servers: list[str]
    world: dict
    env: dict
    database: str
    prefix: str
    redis: object
    mailbox: _Mailbox
    logs: Path
    processes: dict = field(default_factory=dict)

    def shell(self, code: str) -> str:
        return _shell(code, self.env)

    def query(self, sql: str, params=()) -> list[tuple]:
        import psycopg

        with psycopg.connect(self.database) as connection, connection.cursor() as cursor:
            cursor.execute(sql, params)
            return cursor.fetchall()

    def confirmations(self, registration: int) -> list[tuple[str, int]]:
        """Each confirmation-mail task of a registration: its status and how many workers took it."""
        rows = self.query("SELECT status, worker_ids, args_kwargs FROM django_tasks_database_dbtaskresult "
                          "WHERE task_path = %s ORDER BY enqueued_at", (CONFIRMATION,))
        return [(status, len(workers)) for status, workers, arguments in rows
                if arguments["kwargs"] == {"registration_id": registration}]

    def log_tails(self) -> str:
        return "\n".join(f"--- {log.name}\n" + "\n".join(log.read_text(errors="replace").splitlines()[-20:])
                         for log in sorted(self.logs.glob("*.log")))


def _kizuna(arguments: list[str], env: dict) -> str:
    done = subprocess.run([sys.executable, "-m", "kizuna", *arguments], cwd=PROJECT, env=env, capture_output=True,
                          text=True, timeout=120)
    assert done.returncode == 0, f"kizuna {arguments[0]} failed:\n{done.stdout}\n{done.stderr}"
    return done.stdout


def _shell(code: str, env: dict) -> str:
    return _kizuna(["shell", "--verbosity", "0", "-c", code], env)


def _environment(database: str, prefix: str, smtp_port: int, var_dir: Path) -> dict:
    """The app servers' and workers' environment, nothing inherited but the basics: production's settings
    (no KIZUNA_DEV, a secret key of their own), the shared services, and mail to the test's SMTP server."""
    env = {name: os.environ[name] for name in ("PATH", "HOME", "TMPDIR") if name in os.environ}
    env.update(
        LANG="C.UTF-8", DJANGO_SETTINGS_MODULE="kizuna.settings", PYTHONPATH=str(PROJECT), DATABASE_URL=database,
        SECRET_KEY=secrets.token_urlsafe(50), KIZUNA_REDIS_URL=f"redis://{REDIS_HOST}:{REDIS_PORT}/0",
        KIZUNA_CACHE_KEY_PREFIX=prefix, KIZUNA_LOGIN_ATTEMPTS=str(LOGIN_ATTEMPTS), KIZUNA_FAST_PASSWORDS="1",
        KIZUNA_VAR_DIR=str(var_dir), EMAIL_HOST="127.0.0.1", EMAIL_PORT=str(smtp_port), LOG_LEVEL="WARNING",
        ALLOWED_HOSTS=f"{SITE},127.0.0.1", KIZUNA_SITE_URL=f"http://{SITE}",
    )
    return env


def _wait_healthy(base: str, process: subprocess.Popen, timeout: float = 30) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        assert process.poll() is None, f"the app server at {base} exited with {process.returncode}"
        try:
            with build_opener().open(f"{base}/healthz", timeout=2) as response:
                if response.status == 200:
                    return
        except (URLError, ConnectionError, TimeoutError):
            pass
        time.sleep(0.2)
    raise AssertionError(f"the app server at {base} did not answer /healthz within {timeout} s")


def _stop(processes: dict) -> None:
    for process in processes.values():
        if process.poll() is None:
            process.send_signal(signal.SIGTERM)
    for process in processes.values():
        try:
            process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait(timeout=5)


@pytest.fixture(scope="module")
def stack(tmp_path_factory):
    from aiosmtpd.controller import Controller

    url = _database_url()
    redis = _redis()
    run = secrets.token_hex(4)
    name, prefix = f"kizuna_atscale_{run}", f"kizuna-atscale-{run}"
    database = urlunsplit(urlsplit(url)._replace(path=f"/{name}"))
    logs = tmp_path_factory.mktemp("at-scale")
    mailbox = _Mailbox()
    smtp = Controller(mailbox, hostname="127.0.0.1", port=_free_port())
    processes: dict[str, subprocess.Popen] = {}
    outputs = []
    with _maintenance(url) as admin:
        admin.execute(f"CREATE DATABASE {name} TEMPLATE template0 ENCODING 'UTF8' "
                      "LC_COLLATE 'C.UTF-8' LC_CTYPE 'C.UTF-8'")

    def start(label: str, command: list[str]) -> None:
        outputs.append((logs / f"{label}.log").open("w"))
        processes[label] = subprocess.Popen(command, cwd=PROJECT, env=env, stdout=outputs[-1],
                                            stderr=subprocess.STDOUT)

    try:
        smtp.start()
        env = _environment(database, prefix, smtp.port, logs / "var")
        _kizuna(["migrate", "--verbosity", "0"], env)
        world = json.loads(_shell("from tests.ops.at_scale_world import build; build()", env))
        servers = [f"http://127.0.0.1:{_free_port()}" for _ in range(2)]
        for label, base in zip(("server-a", "server-b"), servers, strict=True):
            # One process per server, with the threads serve.sh gives each worker: what one server keeps in its
            # memory the other cannot see, so only the shared database and Redis can carry a journey across.
            start(label, [str(Path(sys.executable).parent / "gunicorn"), "kizuna.wsgi:application",
                          "--bind", base.removeprefix("http://"), "--workers", "1", "--threads", "4",
                          "--graceful-timeout", "2", "--no-control-socket", "--access-logfile", "-"])
        for label in ("worker-1", "worker-2"):
            start(label, [sys.executable, "-m", "kizuna", "db_worker", "--interval", str(WORKER_INTERVAL),
                          "--worker-id", f"atscale-{run}-{label}", "--verbosity", "2"])
        for label, base in zip(("server-a", "server-b"), servers, strict=True):
            _wait_healthy(base, processes[label])
        yield Stack(servers=servers, world=world, env=env, database=database, prefix=prefix, redis=redis,
                    mailbox=mailbox, logs=logs, processes=processes)
    finally:
        _stop(processes)
        for output in outputs:
            output.close()
        smtp.stop(no_assert=True)
        with _maintenance(url) as admin:
            admin.execute(f"DROP DATABASE IF EXISTS {name} WITH (FORCE)")
        for key in redis.scan_iter(match=f"{prefix}:*", count=500):
            redis.delete(key)


# ---- a browser: one cookie jar, requests to whichever server is named, redirects shown, not followed -----------


class _NoRedirects(HTTPRedirectHandler):
    def redirect_request(self, *args, **kwargs):
        return None


@dataclass
class Page:
    status: int
    location: str
    text: str

    def csrf_token(self) -> str:
        match = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', self.text)
        assert match, "the page has no form with a CSRF token"
        return match.group(1)


class Browser:
    def __init__(self):
        self.cookies = CookieJar()
        self._opener = build_opener(HTTPCookieProcessor(self.cookies), _NoRedirects())

    def cookie(self, name: str) -> str | None:
        return next((c.value for c in self.cookies if c.name == name), None)

    def _open(self, request: Request) -> Page:
        try:
            response = self._opener.open(request, timeout=20)
        except HTTPError as error:  # 3xx (not followed), 4xx, 5xx
            response = error
        with response:
            return Page(response.status, response.headers.get("Location", ""),
                        response.read().decode("utf-8", errors="replace"))

    def get(self, server: str, path: str) -> Page:
        return self._open(Request(server + path, headers={"Host": SITE}))

    def post(self, server: str, path: str, data: dict, *, form: Page) -> Page:
        body = urlencode({"csrfmiddlewaretoken": form.csrf_token(), **data}).encode()
        return self._open(Request(server + path, data=body, method="POST", headers={
            "Host": SITE, "Content-Type": "application/x-www-form-urlencoded"}))

    def log_in(self, server: str, email: str, password: str = PASSWORD) -> Page:
        """allauth's login page, as a person fills it in: GET the form (CSRF cookie and token), POST it."""
        form = self.get(server, "/accounts/login/")
        return self.post(server, "/accounts/login/", {"login": email, "password": password}, form=form)


def _wait_for(condition, timeout: float = 20, interval: float = 0.2) -> None:
    deadline = time.monotonic() + timeout
    while not condition() and time.monotonic() < deadline:
        time.sleep(interval)


# ---- the journeys --------------------------------------------------------------------------------------------


def test_session_made_on_one_server_is_valid_on_the_other(stack):
    a, b = stack.servers
    browser = Browser()

    logged_in = browser.log_in(a, stack.world["people"]["session"])
    mine = browser.get(b, "/events/mine/")

    assert (logged_in.status, _path(logged_in.location), mine.status) == (302, "/", 200), stack.log_tails()
    session = browser.cookie("sessionid")
    assert stack.redis.exists(f"{stack.prefix}:1:django.contrib.sessions.cached_db{session}") == 1


def test_second_factor_is_asked_on_one_server_and_given_on_the_other(stack):
    a, b = stack.servers
    browser = Browser()
    staff = stack.world["staff"]["second_factor"]

    password = browser.log_in(a, staff["email"])
    form = browser.get(b, _path(password.location))
    second = browser.post(b, _path(password.location), {"code": _totp(staff["totp_secret"])}, form=form)
    home = browser.get(a, "/profile/")

    assert (password.status, _path(password.location), form.status) == (
        302, "/accounts/2fa/authenticate/", 200), stack.log_tails()
    assert (second.status, _path(second.location), home.status) == (302, "/", 200)


def test_registration_made_on_one_server_shows_on_the_other(stack):
    a, b = stack.servers
    browser, visitor = Browser(), Browser()
    event = stack.world["event"]
    seats_before = _seats_left(visitor.get(b, "/events/").text, event)  # B keeps the anonymous list in memory
    browser.log_in(b, stack.world["people"]["registrant"])

    registered = browser.post(a, f"/events/{event}/register/", {}, form=browser.get(b, f"/events/{event}/"))
    registration = browser.get(b, _path(registered.location))
    seats_after = _seats_left(visitor.get(b, "/events/").text, event)

    assert (registered.status, registration.status) == (302, 200), stack.log_tails()
    assert re.search(r'data-testid="code">[^<]+<', registration.text)
    assert int(seats_after) == int(seats_before) - 1


def test_figure_recorded_on_one_server_shows_at_once_on_the_others_cached_dashboard(stack):
    a, b = stack.servers
    staff = _staff_browser(stack, stack.world["staff"]["recorder"])
    reader = Browser()
    reader.log_in(a, stack.world["people"]["reader"])
    before = _actual(reader.get(b, "/plan/2026/").text, stack.world["kpi_row"])  # B renders and keeps the body
    kpi = stack.world["kpi"]

    recorded = staff.post(a, f"/plan/kpis/{kpi}/figures/", {"quarter": "1", "value": "1234", "note": ""},
                          form=staff.get(b, f"/plan/kpis/{kpi}/"))
    waiting = _actual(reader.get(b, "/plan/2026/").text, stack.world["kpi_row"])  # counted once signed off
    signer = _staff_browser(stack, stack.world["staff"]["signer"])
    page = signer.get(b, f"/plan/kpis/{kpi}/")
    action = re.search(r'action="(/plan/figures/\d+/sign-off/)"', page.text)
    assert action, stack.log_tails()
    signed = signer.post(a, action.group(1), {}, form=page)
    after = _actual(reader.get(b, "/plan/2026/").text, stack.world["kpi_row"])

    assert (recorded.status, signed.status) == (302, 302), stack.log_tails()
    assert ("1,234" in before, "1,234" in waiting, "1,234" in after) == (False, False, True)


def test_failed_logins_on_both_servers_count_towards_one_lock_out(stack):
    a, b = stack.servers
    browser = Browser()
    email = stack.world["people"]["locked_out"]

    failures = [browser.log_in(server, email, password="not-the-password").status for server in (a, b)]
    correct = browser.log_in(a, email)

    assert (failures, correct.status) == ([200] * LOGIN_ATTEMPTS, 200), stack.log_tails()  # 302 if let in
    assert browser.get(b, "/events/mine/").status == 302  # still anonymous: sent to the login page


def test_task_enqueued_by_a_request_runs_once_on_one_of_two_workers(stack):
    a, b = stack.servers
    browser = Browser()
    email = stack.world["people"]["mailed"]
    event = stack.world["event"]
    browser.log_in(a, email)

    registered = browser.post(a, f"/events/{event}/register/", {}, form=browser.get(b, f"/events/{event}/"))
    registration = int(re.search(r"/registrations/(\d+)/", registered.location).group(1))
    _wait_for(lambda: stack.confirmations(registration) == [("SUCCESSFUL", 1)])
    time.sleep(3 * WORKER_INTERVAL)  # time for the other worker to run it as well, were it able to

    assert stack.confirmations(registration) == [("SUCCESSFUL", 1)], stack.log_tails()
    assert stack.mailbox.sent_to(email) == 1
    assert [process.poll() for process in stack.processes.values()] == [None] * 4  # both workers still there


def test_burst_of_tasks_runs_each_once_across_two_workers(stack):
    registration, count = stack.world["burst_registration"], 12
    email = stack.world["people"]["burst"]

    stack.shell(f"from tests.ops.at_scale_world import enqueue_confirmations; "
                f"enqueue_confirmations({registration}, {count})")
    _wait_for(lambda: stack.confirmations(registration) == [("SUCCESSFUL", 1)] * count)
    time.sleep(3 * WORKER_INTERVAL)

    assert stack.confirmations(registration) == [("SUCCESSFUL", 1)] * count, stack.log_tails()
    assert stack.mailbox.sent_to(email) == count


# ---- reading pages -------------------------------------------------------------------------------------------


def _path(location: str) -> str:
    parts = urlsplit(location)
    return parts.path + (f"?{parts.query}" if parts.query else "")


def _totp(secret: str) -> str:
    code, remaining = current_code(secret)
    if remaining < 3:  # about to change: wait for the next one
        time.sleep(remaining + 0.5)
        code, _ = current_code(secret)
    return code


def _staff_browser(stack, staff: dict) -> Browser:
    a, b = stack.servers
    browser = Browser()
    password = browser.log_in(a, staff["email"])
    second = browser.post(b, _path(password.location), {"code": _totp(staff["totp_secret"])},
                          form=browser.get(b, _path(password.location)))
    assert second.status == 302, stack.log_tails()
    return browser


def _seats_left(html: str, event: int) -> str:
    match = re.search(rf'<a href="/events/{event}/">.*?<td class="num">([^<]*)</td></tr>', html, re.S)
    assert match, f"event {event} is not in the list"
    return match.group(1).strip()


def _actual(html: str, row: str) -> str:
    match = re.search(rf'<tr[^>]* data-kpi="{re.escape(row)}"[^>]*>(.*?)</tr>', html, re.S)
    assert match, f"the dashboard has no row {row}"
    return re.findall(r'<td[^>]* class="num actual"[^>]*>(.*?)</td>', match.group(1), re.S)[0].strip()
