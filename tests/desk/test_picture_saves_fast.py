"""Picture saves answer at once: the crops are made after the answer, and the dictionaries load as the server starts.

Saving a focal point used to encode some forty files before answering (about 2 s), and the first
save of a fresh server waited seconds for the spelling dictionaries. Timings are in
docs/benchmarks.md ("Picture saves and the first save"); these tests check the mechanism.
"""

import importlib
import threading

import pytest
from django.contrib.messages.storage.fallback import FallbackStorage
from django.contrib.sessions.backends.db import SessionStore
from django.core.signals import request_finished
from django.db import close_old_connections
from django.test import RequestFactory
from django.urls import reverse

from articles.desk.pictures import focal_point
from articles.desk.view_helpers import wait_for_work_after_responses
from articles.media import rendition_sets, renditions
from articles.models import Rendition
from articles.review import dictionaries
from tests.support.pictures import image_with_photo

pytestmark = pytest.mark.django_db


def current_renditions(image) -> int:
    image.refresh_from_db()
    return Rendition.objects.filter(image=image, source_key=renditions.source_key(image)).count()


@pytest.mark.parametrize("accept", ["application/json", "text/html"])
def test_focal_point_answers_first_and_makes_the_crops_after_the_answer(editor, accept):
    image = image_with_photo(1200, 900)
    renditions.ensure(image)
    request = RequestFactory().post(
        reverse("desk:image-focal-point", args=[image.pk]), {"x": "80", "y": "25"}, HTTP_ACCEPT=accept
    )
    request.user = editor
    request.session = SessionStore()
    request._messages = FallbackStorage(request)
    response = focal_point(request, image.pk)
    assert response.status_code in (200, 302)
    assert current_renditions(image) == 0  # the answer is ready; no crop of the new focal point made yet
    assert not wait_for_work_after_responses(timeout=0)  # ... and the crops are known to be still to come
    # What the WSGI server does once the answer is sent (without closing the test's own transaction,
    # as Django's test client does).
    request_finished.disconnect(close_old_connections)
    try:
        response.close()
    finally:
        request_finished.connect(close_old_connections)
    assert current_renditions(image) > 0
    assert wait_for_work_after_responses(timeout=0)


def test_crops_are_never_lost_when_the_process_dies_before_making_them(editor):
    image = image_with_photo(1200, 900)
    request = RequestFactory().post(
        reverse("desk:image-focal-point", args=[image.pk]), {"x": "10", "y": "90"}, HTTP_ACCEPT="application/json"
    )
    request.user = editor
    focal_point(request, image.pk)  # never closed: the process "died" after answering
    assert current_renditions(image) == 0
    found = rendition_sets.for_images([image.pk])  # the next page showing the picture
    assert found[image.pk].key == renditions.source_key(image)
    assert current_renditions(image) > 0
    # An answer that is gone without being closed is not waited for (a test server would wait for ever).
    assert wait_for_work_after_responses(timeout=0)


def test_the_server_loads_the_dictionaries_as_it_starts():
    dictionaries._speller.cache_clear()
    importlib.reload(importlib.import_module("newsroom.wsgi"))
    warming = [thread for thread in threading.enumerate() if thread.name == "speller-warm-up"]
    assert warming, "newsroom.wsgi starts loading the spelling dictionaries"
    for thread in warming:
        thread.join()
    assert dictionaries._speller.cache_info().currsize >= 2  # English and German, before any request
