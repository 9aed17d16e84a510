"""Settings for bench_publish.py only: production settings, mails written to files (real MIME, real writes)."""

import os

from newsroom.settings import *  # noqa: F403

EMAIL_BACKEND = "django.core.mail.backends.filebased.EmailBackend"
EMAIL_FILE_PATH = os.environ["BENCH_MAIL_DIR"]
