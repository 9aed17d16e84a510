"""Make the renditions of every picture that has none yet (or stale ones), ahead of readers.

Why it exists: renditions are made on a picture's first use, which for a new upload is its own desk
page. After this feature is deployed, or after importing pictures, many pictures have none; the
first public page showing twenty of them would make them all while a reader waits. Run this once
after such a change (it is safe to run any time, and on several hosts at once: each picture is
locked while its files are made). `--dry-run` counts what it would do.
"""

from __future__ import annotations

from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from articles.media import renditions
from articles.models import Image


class Command(BaseCommand):
    # str(): argparse formats the description with a regular expression, which a lazy string crashes.
    help = str(gettext_lazy("Make the renditions (sizes and crops) of every picture that has none or stale ones."))

    def add_arguments(self, parser) -> None:
        parser.add_argument("--dry-run", action="store_true", help=_("Count the pictures; make nothing."))

    def handle(self, *args, dry_run: bool, **options) -> None:
        verbosity = options["verbosity"]
        pending = [image for image in Image.objects.exclude(file="").order_by("pk") if not self._current(image)]
        if dry_run:
            self.stdout.write(_("Dry run: %(count)d picture(s) need renditions.") % {"count": len(pending)})
            return
        failed = 0
        for image in pending:
            made = renditions.ensure(image)
            if not made:
                failed += 1
                self.stderr.write(self.style.ERROR(_("#%(pk)d: the file could not be read.") % {"pk": image.pk}))
            elif verbosity >= 2:
                self.stdout.write(_("#%(pk)d: %(count)d renditions") % {"pk": image.pk, "count": len(made)})
        summary = _("Renditions made for %(done)d picture(s), %(failed)d failed.") % {
            "done": len(pending) - failed,
            "failed": failed,
        }
        if failed:
            raise CommandError(summary)
        if verbosity >= 1:
            self.stdout.write(self.style.SUCCESS(summary))

    @staticmethod
    def _current(image: Image) -> bool:
        return image.renditions.filter(source_key=renditions.source_key(image)).exists()
