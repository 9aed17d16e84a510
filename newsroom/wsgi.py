import os

from django.core.wsgi import get_wsgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "newsroom.settings")
application = get_wsgi_application()

# The review checks' dictionaries take seconds to load: load them now, in the background, rather than
# in the first save or picture change of a fresh server (runserver and gunicorn both import this module).
from django.conf import settings  # noqa: E402

from articles.review.dictionaries import warm_up  # noqa: E402

warm_up({settings.LANGUAGE_CODE, settings.NEWSROOM_SITE_LANGUAGE, *(code for code, _name in settings.LANGUAGES)})
