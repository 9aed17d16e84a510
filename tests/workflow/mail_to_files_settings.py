"""Settings for a child `publish_scheduled` process whose mails are written to files, so a test can count them."""

import os

from newsroom.settings import *  # noqa: F403

EMAIL_BACKEND = "django.core.mail.backends.filebased.EmailBackend"
EMAIL_FILE_PATH = os.environ["NEWSROOM_TEST_MAIL_DIR"]
