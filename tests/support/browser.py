"""Helpers shared by the browser tests."""

import mimetypes
from pathlib import Path

from django.conf import settings


def serve_media(page) -> None:
    """The live server does not serve uploads (DEBUG is off in tests): hand them out from MEDIA_ROOT."""
    root = Path(settings.MEDIA_ROOT)

    def handler(route):
        path = root / route.request.url.split("/media/", 1)[1].split("?")[0]
        if path.is_file():
            route.fulfill(body=path.read_bytes(), content_type=mimetypes.guess_type(path.name)[0] or "image/jpeg")
        else:
            route.fulfill(status=404, body="")

    page.route("**/media/**", handler)
