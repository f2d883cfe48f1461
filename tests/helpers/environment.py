"""Settings as a fresh process sees them: manage.py or a snippet run with exactly the given environment.

Settings are read once per process, so each case starts a subprocess with the
variables it describes and none of the ones this process happens to have.
"""

import json
import os
import subprocess
import sys

from django.conf import settings
from django.core.management.utils import get_random_secret_key

# Variables that change what the settings module does; each case sets its own.
SETTINGS_VARIABLES = {
    "DJANGO_ENV", "DEBUG", "SECRET_KEY", "ALLOWED_HOSTS", "SECURE_SSL_REDIRECT", "SECURE_HSTS_SECONDS",
    "SECURE_HSTS_INCLUDE_SUBDOMAINS", "SECURE_HSTS_PRELOAD", "REDIS_URL", "DATABASE_REPLICA_URL", "STATIC_ROOT",
    "AWS_S3_CUSTOM_DOMAIN", "AWS_S3_ENDPOINT_URL", "CSP_IMG_SRC_EXTRA", "AXES_FAILURE_LIMIT", "AXES_COOLOFF_MINUTES",
    "AXES_ENABLED", "TRUSTED_PROXY_COUNT", "CACHE_KEY_PREFIX", "MEDIA_URL", "SITE_URL", "DEV_HOST", "DEV_PORT",
}

PRODUCTION_ENV = {
    "DJANGO_ENV": "production",
    "SECRET_KEY": get_random_secret_key() + get_random_secret_key(),
    "ALLOWED_HOSTS": "tin.example.vn,www.tin.example.vn",
    "SITE_URL": "https://tin.example.vn",  # production refuses to start without it (newsroom.E001)
}


def run(args, **env):
    clean = {name: value for name, value in os.environ.items() if name not in SETTINGS_VARIABLES}
    return subprocess.run([sys.executable, *args], cwd=settings.BASE_DIR, env={**clean, **env},
                          capture_output=True, text=True, timeout=120)


def read_settings(names, **env):
    """The named settings as a fresh process with this environment sees them."""
    code = ("import json, django; from django.conf import settings; django.setup(); "
            f"print(json.dumps({{n: getattr(settings, n, None) for n in {list(names)!r}}}, default=str))")
    result = run(["-c", code], DJANGO_SETTINGS_MODULE="newsroom.settings", **env)
    assert result.returncode == 0, result.stderr
    return json.loads(result.stdout.strip().splitlines()[-1])


def settings_error(**env) -> str:
    """The last line of the traceback when the settings refuse this environment."""
    result = run(["-c", "import django; django.setup()"], DJANGO_SETTINGS_MODULE="newsroom.settings", **env)
    assert result.returncode != 0
    return result.stderr.strip().splitlines()[-1]
