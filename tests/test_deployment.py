"""Production configuration: settings fail loudly without a secret, pass Django's deploy
checks, and the docker-compose file is valid."""

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent


def _run(args, **env):
    clean = {
        k: v
        for k, v in os.environ.items()
        if k not in ("DEBUG", "SECRET_KEY", "DJANGO_ALLOW_ASYNC_UNSAFE")
    }
    return subprocess.run(
        args, cwd=ROOT, env={**clean, **env}, capture_output=True, text=True, timeout=120
    )


def test_production_settings_refuse_to_start_without_a_secret_key():
    result = _run([sys.executable, "manage.py", "check"], DEBUG="0")
    assert result.returncode != 0
    assert "ImproperlyConfigured: SECRET_KEY is not set" in result.stderr


def test_production_settings_pass_the_deploy_checks():
    result = _run(
        [sys.executable, "manage.py", "check", "--deploy", "--fail-level", "WARNING"],
        DEBUG="0",
        SECRET_KEY="x7#k2!vQ9@pL4$wZ8^mN1&rT6*yB3(eH5)uJ0-cF_gD+sA-w8Lq2Zp5Vn7Xr4Ty6Ub",
        ALLOWED_HOSTS="example.org",
    )
    assert result.returncode == 0, result.stdout + result.stderr


def test_docker_compose_file_is_valid():
    compose = shutil.which("docker-compose")
    if compose is None:
        if os.environ.get("CI"):
            pytest.fail("docker-compose is missing; .ci/run installs it")
        pytest.skip("docker-compose is not installed (apt-get install docker-compose)")
    result = _run([compose, "config", "-q"])
    assert result.returncode == 0, result.stderr


def test_site_url_follows_port_when_it_is_not_set():
    env = {k: v for k, v in os.environ.items() if k != "SITE_URL"} | {"PORT": "8765"}
    shown = subprocess.run(
        [sys.executable, "-c", "from django.conf import settings; print(settings.SITE_URL)"],
        cwd=ROOT,
        env=env | {"DJANGO_SETTINGS_MODULE": "recovery_college.settings"},
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert shown.stdout.strip() == "http://127.0.0.1:8765"
