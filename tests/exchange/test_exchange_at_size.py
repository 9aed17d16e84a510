"""10,000 pieces and 10,000 pictures go out and come back in, on SQLite and PostgreSQL, in bounded statements.

The export used to prefetch every picture in one `IN` (SQLite: "Expression tree is too large") and the
import wrote ten statements per piece. Both now work a chunk at a time: the statement counts asserted
here stay in the hundreds for 10,000 pieces — they would be tens of thousands without the chunks.
"""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from articles.exchange.json_export import export_data
from articles.exchange.json_import import import_data
from articles.models import Article, Image, Placement, PublishedByline, PublishedVersion
from tests.support.newsroom_at_size import newsroom_at_size

SIZE = 10_000


@pytest.mark.django_db
def test_ten_thousand_pieces_and_pictures_export_and_import():
    newsroom_at_size(SIZE)
    with CaptureQueriesContext(connection) as exporting:
        data = export_data()
    assert len(data["articles"]) == SIZE and len(data["images"]) == SIZE
    assert len(exporting) < 300  # a few queries per chunk of 500, never one per piece

    # Back in as copies beside the originals (new slugs and files): every piece, picture and link arrives.
    for entry in data["articles"]:
        entry["slug"] = "copy-" + entry["slug"]
        entry["import_key"] = ""
        for version in entry["versions"]:
            version["slug"] = "copy-" + version["slug"]
    for image in data["images"]:
        image["file"] = image["file"].replace("bulk/", "bulk-copy/")
    with CaptureQueriesContext(connection) as importing:
        summary = import_data(data)
    assert (summary.articles, summary.images_created) == (SIZE, SIZE)
    assert len(importing) < 2500  # under a hundred statements per chunk of 500 (ten per piece before)
    copies = Article.objects.filter(slug__startswith="copy-")
    assert copies.count() == SIZE
    assert Placement.objects.filter(article__in=copies).count() == SIZE
    assert Image.objects.filter(file__startswith="originals/bulk-copy/").count() == SIZE
    assert PublishedVersion.objects.filter(article__in=copies).count() == SIZE
    assert PublishedByline.objects.filter(publishedversion__article__in=copies).count() == SIZE
    # A snapshot's picture points at the imported picture, not at the original's id.
    version = PublishedVersion.objects.filter(article__in=copies).order_by("pk").first()
    image_id = version.placements[0]["image_id"]
    assert Image.objects.get(pk=image_id).file.name.startswith("originals/bulk-copy/")
