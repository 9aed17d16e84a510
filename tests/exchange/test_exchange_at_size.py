"""10,000 pieces and 10,000 pictures go out to a file and come back in, on SQLite and PostgreSQL, in bounded
statements and bounded memory.

The export used to prefetch every picture in one `IN` (SQLite: "Expression tree is too large"), build the whole
archive in memory and the import to read it whole and write ten statements per piece. Now both work a chunk at a
time: the statement counts asserted here stay in the hundreds for 10,000 pieces (tens of thousands without the
chunks), and three times the pieces take no more memory at the peak than one chunk's worth.
"""

import tracemalloc

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from articles.exchange import json_export, json_import
from articles.models import Article, Image, Placement, PublishedByline, PublishedVersion
from tests.exchange.test_json_exchange import flush_articles
from tests.support.newsroom_at_size import newsroom_at_size

SIZE = 10_000

pytestmark = pytest.mark.django_db


def test_ten_thousand_pieces_and_pictures_go_out_to_a_file_and_come_back(tmp_path):
    newsroom_at_size(SIZE)
    path = tmp_path / "archive.json"
    with CaptureQueriesContext(connection) as exporting, path.open("w", encoding="utf-8") as stream:
        counts = json_export.write_export(stream)
    assert (counts.articles, counts.images) == (SIZE, SIZE)
    assert len(exporting) < 300  # a few queries per chunk of 500, never one per piece

    flush_articles()  # a new installation: the file is all there is
    with CaptureQueriesContext(connection) as importing, path.open("rb") as stream:
        summary = json_import.import_file(stream)
    assert (summary.articles, summary.images_created) == (SIZE, SIZE)
    assert len(importing) < 2500  # under a hundred statements per chunk of 500 (ten per piece before)
    assert Article.objects.count() == SIZE
    assert Placement.objects.count() == SIZE
    assert Image.objects.filter(file__startswith="originals/bulk/").count() == SIZE
    assert PublishedVersion.objects.count() == SIZE
    assert PublishedByline.objects.count() == SIZE
    # A snapshot's picture points at the imported picture (its new id), and it is that piece's own picture.
    version = PublishedVersion.objects.select_related("article").order_by("pk").first()
    placed = Placement.objects.get(article=version.article)
    assert version.placements[0]["image_id"] == placed.image_id


def peak_memory(work) -> int:
    tracemalloc.start()
    try:
        work()
        return tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()


def test_memory_does_not_grow_with_the_archive(tmp_path, monkeypatch):
    # Chunks of 100 instead of 500, so that a few chunks make a quick test.
    chunk = 100
    monkeypatch.setattr(json_export, "CHUNK", chunk)
    monkeypatch.setattr(json_import, "CHUNK", chunk)
    peaks = {}
    for size in (2 * chunk, 6 * chunk):
        flush_articles()
        newsroom_at_size(size)
        path = tmp_path / f"archive-{size}.json"
        with path.open("w", encoding="utf-8") as stream:
            exported = peak_memory(lambda stream=stream: json_export.write_export(stream))
        flush_articles()
        with path.open("rb") as stream:
            imported = peak_memory(lambda stream=stream: json_import.import_file(stream))
        assert Article.objects.count() == size
        peaks[size] = (exported, imported)
    # Three times the pieces: the peak stays that of two chunks (the one written and the next being read);
    # reading or writing the archive whole would triple it.
    small, large = peaks[2 * chunk], peaks[6 * chunk]
    assert large[0] < 1.3 * small[0], peaks
    assert large[1] < 1.3 * small[1], peaks
