import gc
import os

from django.core.wsgi import get_wsgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "newsroom.settings")
application = get_wsgi_application()

# A fresh server's first request must not pay for what every request needs once (a first save took
# 2.2 s): the URL configuration (it imports the API's libraries; about a second) is loaded now, and the
# review checks' dictionaries (seconds) in the background. runserver and gunicorn both import this module.
from django.conf import settings  # noqa: E402
from django.urls import get_resolver  # noqa: E402

from articles.review.dictionaries import warm_up  # noqa: E402

resolver = get_resolver()
resolver.reverse_dict  # noqa: B018 — imports every URL module and view, and builds what reverse() reads
for _prefix, namespace in resolver.namespace_dict.values():
    namespace.reverse_dict  # noqa: B018 — desk:, site:, admin: … (built on first use otherwise)
warm_up({settings.LANGUAGE_CODE, settings.NEWSROOM_SITE_LANGUAGE, *(code for code, _name in settings.LANGUAGES)})

# What the process has loaded to serve requests lives as long as it does: kept out of the cyclic garbage
# collector's full passes, which would otherwise walk all of it and now and then pause a request by tens of
# milliseconds (docs/benchmarks.md, the desk at a million pieces).
gc.collect()
gc.freeze()
