"""make_renditions: pictures without renditions get them ahead of readers; --dry-run only counts."""

from io import StringIO

import pytest
from django.core.management import CommandError, call_command

from articles.media import renditions
from articles.models import Rendition
from tests import factories
from tests.support.pictures import image_with_photo

pytestmark = pytest.mark.django_db


def test_makes_missing_renditions_and_skips_current_ones():
    done = image_with_photo(640, 480)
    renditions.ensure(done)
    kept = set(Rendition.objects.filter(image=done).values_list("pk", flat=True))
    pending = image_with_photo(640, 480)
    factories.ImageFactory()  # no file: nothing to make

    out = StringIO()
    call_command("make_renditions", "--dry-run", stdout=out)
    assert "1 picture(s) need renditions" in out.getvalue()
    assert not Rendition.objects.filter(image=pending).exists()

    out = StringIO()
    call_command("make_renditions", stdout=out)
    assert "Renditions made for 1 picture(s), 0 failed." in out.getvalue()
    assert Rendition.objects.filter(image=pending).exists()
    assert set(Rendition.objects.filter(image=done).values_list("pk", flat=True)) == kept


def test_an_unreadable_file_is_reported_and_the_exit_status_says_so():
    broken = image_with_photo(640, 480)
    with open(broken.file.path, "wb") as handle:
        handle.write(b"not a picture")
    err = StringIO()
    with pytest.raises(CommandError, match="0 picture"):
        call_command("make_renditions", stdout=StringIO(), stderr=err)
    assert f"#{broken.pk}: the file could not be read" in err.getvalue()


def test_help_renders(capsys):
    # argparse needs plain strings: a lazy help text would crash here.
    with pytest.raises(SystemExit):
        call_command("make_renditions", "--help")
    assert "--dry-run" in capsys.readouterr().out
