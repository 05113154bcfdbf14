"""Production settings: `check --deploy` is clean, and the server refuses to start without a secret."""

import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]

PRODUCTION = {
    "DEBUG": "0",
    "TESTING": "0",
    "SECRET_KEY": "x7#kq2!vL9@pZ4$wN8^mR1&tY6*uB3(eC5)hJ0_fG2+dS7=aK4",
    "ALLOWED_HOSTS": "platform.onderwijsambassadeurs.nl",
    "EMAIL_HOST": "smtp.example.nl",
    "SITE_URL": "https://platform.onderwijsambassadeurs.nl",
}


def manage(*args, env):
    base = {k: v for k, v in os.environ.items() if k not in {"DEBUG", "SECRET_KEY", "TESTING", "DJANGO_ALLOW_ASYNC_UNSAFE"}}
    return subprocess.run([sys.executable, "manage.py", *args], cwd=ROOT, env={**base, **env},
                          capture_output=True, text=True, timeout=120)


def test_check_deploy_is_clean_with_production_variables(tmp_path):
    result = manage("check", "--deploy", "--fail-level", "WARNING", env={**PRODUCTION, "VAR_DIR": str(tmp_path)})
    assert result.returncode == 0, result.stdout + result.stderr
    assert "no issues" in result.stdout


def test_secret_key_is_required_when_debug_is_off(tmp_path):
    env = {**PRODUCTION, "SECRET_KEY": "", "VAR_DIR": str(tmp_path)}
    base = {k: v for k, v in os.environ.items() if k not in {"DEBUG", "SECRET_KEY", "TESTING", "DJANGO_ALLOW_ASYNC_UNSAFE"}}
    server = subprocess.run([sys.executable, "-c", "import config.wsgi"], cwd=ROOT, env={**base, **env},
                            capture_output=True, text=True, timeout=120)
    assert server.returncode != 0
    assert "SECRET_KEY must be set when DEBUG is off." in server.stderr
    deploy = manage("check", "--deploy", "--fail-level", "WARNING", env=env)
    assert deploy.returncode != 0
    assert "SECRET_KEY" in deploy.stdout + deploy.stderr


def test_site_url_is_required_when_debug_is_off(tmp_path):
    """Without it every link in every e-mail would be dead: the deploy check fails and the server refuses."""
    env = {**PRODUCTION, "SITE_URL": "", "VAR_DIR": str(tmp_path)}
    base = {k: v for k, v in os.environ.items() if k not in {"DEBUG", "SITE_URL", "TESTING", "DJANGO_ALLOW_ASYNC_UNSAFE"}}
    server = subprocess.run([sys.executable, "-c", "import config.wsgi"], cwd=ROOT, env={**base, **env},
                            capture_output=True, text=True, timeout=120)
    assert server.returncode != 0
    assert "SITE_URL must be set when DEBUG is off." in server.stderr
    deploy = manage("check", "--deploy", "--fail-level", "WARNING", env=env)
    assert deploy.returncode != 0
    assert "accounts.E001" in deploy.stdout + deploy.stderr


def test_checks_run_on_a_fresh_checkout_without_any_variables(tmp_path):
    env = {"VAR_DIR": str(tmp_path), "DEBUG": "", "SECRET_KEY": "", "TESTING": ""}
    for command in (["check"], ["makemigrations", "--check", "--dry-run"]):
        result = manage(*command, env=env)
        assert result.returncode == 0, result.stdout + result.stderr


def test_security_headers_are_sent(client):
    response = client.get("/")
    csp = response["Content-Security-Policy"]
    assert "default-src 'self'" in csp and "frame-ancestors 'none'" in csp
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["X-Frame-Options"] == "DENY"
    assert response["Referrer-Policy"] == "same-origin"


def test_a_map_tile_server_is_the_only_other_place_images_may_come_from(tmp_path):
    show = "from django.conf import settings; print(settings.CONTENT_SECURITY_POLICY['DIRECTIVES']['img-src'])"
    env = {**PRODUCTION, "VAR_DIR": str(tmp_path)}
    assert manage("shell", "--no-imports", "-c", show, env=env).stdout.strip() == "[\"'self'\", 'data:']"
    env["MAP_TILE_URL"] = "https://service.pdok.nl/brt/achtergrondkaart/wmts/v2_0/standaard/EPSG:3857/{z}/{x}/{y}.png"
    assert manage("shell", "--no-imports", "-c", show, env=env).stdout.strip() == "[\"'self'\", 'data:', 'https://service.pdok.nl']"
    env["MAP_TILE_URL"] = "https://{s}.tiles.example.nl/{z}/{x}/{y}.png"
    assert manage("shell", "--no-imports", "-c", show, env=env).stdout.strip() == "[\"'self'\", 'data:', 'https://*.tiles.example.nl']"


def test_production_cookies_carry_the_host_prefix_and_are_secure(tmp_path):
    """A __Host- cookie is kept only from https, for this exact host and the whole site (no subdomain sets it)."""
    code = ("from django.conf import settings as s; print(s.SESSION_COOKIE_NAME, s.CSRF_COOKIE_NAME, "
            "s.SESSION_COOKIE_SECURE, s.CSRF_COOKIE_SECURE, s.SESSION_COOKIE_AGE, s.SESSION_IDLE_TIMEOUT, "
            "s.PASSWORD_RESET_TIMEOUT)")
    result = manage("shell", "-v", "0", "-c", code, env={**PRODUCTION, "VAR_DIR": str(tmp_path)})
    assert result.returncode == 0, result.stderr
    assert result.stdout.split() == ["__Host-sessionid", "__Host-csrftoken", "True", "True", "43200", "1800", "86400"]
    result = manage("shell", "-v", "0", "-c", code, env={**PRODUCTION, "VAR_DIR": str(tmp_path), "SESSION_COOKIE_AGE": "3600",
                                              "SESSION_IDLE_TIMEOUT": "600"})
    assert result.stdout.split()[4:6] == ["3600", "600"]


def test_the_demo_data_refuses_to_load_with_debug_off(tmp_path):
    """seed_demo makes staff logins with a known password and authenticator secret: never on a real server."""
    env = {**PRODUCTION, "VAR_DIR": str(tmp_path), "SQLITE_PATH": str(tmp_path / "db.sqlite3")}
    result = manage("seed_demo", "--schools", "1", "--ambassadors", "1", env=env)
    assert result.returncode != 0 and "--force" in result.stderr
