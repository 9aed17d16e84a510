"""The JSON export format shared by `export_articles` and `import_articles`: its name and version.

The export holds every field of every article (its working copy, its state and
version counter), its ordered bylines with the authors' data, its placements
with the full image metadata and the media file's path, its workflow events,
review comments, dismissed warnings and published versions. Sections, authors
and images are written once each at the top and referred to by natural keys
(section slug, author sign-off, an image number local to the file); user
accounts by user name. Database ids are not part of the format, so an export
imported into an empty database exports again to the same JSON.

Image files are not inside the JSON: only their path under MEDIA_ROOT. Back up
the media folder alongside (see the README's backup section).
"""

from __future__ import annotations

FORMAT = "newsroom.articles"
FORMAT_VERSION = 1
