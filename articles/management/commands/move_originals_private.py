"""Move uploaded originals from the public media folder (or bucket root) to the private storage.

Why it exists: before originals were private they were stored under `MEDIA_ROOT/images/…` (on S3
at the bucket's root), where anyone could fetch them. The private storage (`PRIVATE_MEDIA_ROOT`,
or the bucket's `private/` prefix) is where uploads go now; this command moves the older ones
there, keeping their names. Safe to run again: a picture already moved is left alone.
`--dry-run` lists what it would move.
"""

from __future__ import annotations

from django.core.files.storage import storages
from django.core.management.base import BaseCommand
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from articles.models import Image


class Command(BaseCommand):
    # str(): argparse formats the description with a regular expression, which a lazy string crashes.
    help = str(gettext_lazy("Move uploaded originals out of the public media folder into the private storage."))

    def add_arguments(self, parser) -> None:
        parser.add_argument("--dry-run", action="store_true", help=_("List the originals; move nothing."))

    def handle(self, *args, dry_run: bool, **options) -> None:
        verbosity = options["verbosity"]
        # The renditions storage is rooted where originals used to be stored (MEDIA_ROOT, the bucket root).
        public, private = storages["renditions"], storages["default"]
        moved = missing = 0
        # Names only: loading an Image reads its (not yet moved) file for its dimensions.
        for pk, name in Image.objects.exclude(file="").order_by("pk").values_list("pk", "file"):
            if private.exists(name):
                continue
            if not public.exists(name):
                missing += 1
                self.stderr.write(self.style.WARNING(_("#%(pk)d: %(name)s is nowhere.") % {"pk": pk, "name": name}))
                continue
            moved += 1
            if verbosity >= 2 or dry_run:
                self.stdout.write(_("#%(pk)d: %(name)s") % {"pk": pk, "name": name})
            if dry_run:
                continue
            with public.open(name, "rb") as handle:
                stored = private.save(name, handle)
            if stored != name:  # the private storage never overwrites: keep the new name
                image = Image.objects.get(pk=pk)
                image.file.name = stored
                image.save(update_fields=["file"])
            public.delete(name)
        summary = _("%(moved)d original(s) moved to the private storage, %(missing)d missing.") % {
            "moved": moved,
            "missing": missing,
        }
        if dry_run:
            summary = _("Dry run: %(moved)d original(s) would be moved.") % {"moved": moved}
        # A missing file is reported (stderr) but is no failure: there is nothing to move.
        if verbosity >= 1:
            self.stdout.write(self.style.SUCCESS(summary))
