"""Demo content for local use: sections, authors, accounts, pictures and pieces in every state.

Everything here was written for this project (the town of Hafenstedt is made up).
States are reached only through `articles.workflow.transitions`, exactly as the desk would
reach them, so the demo also shows events, snapshots and a live piece with an
update in progress. Loading is idempotent: sections, authors, images and pieces
are found by their slug, sign-off or source marker, and nothing is created twice.

`stories` holds the pieces' text, `accounts` the people, `pictures` the images,
`loader` puts them through the workflow; `load_demo` is the entry point.
"""

from articles.demo.accounts import ACCOUNTS, AUTHORS, AccountReport, DemoAccount, ensure_account, missing_accounts
from articles.demo.loader import DemoRefused, DemoReport, create_piece, load_demo, missing_pieces
from articles.demo.pictures import IMAGE_SOURCE_PREFIX, IMAGES, DemoImage, ensure_image, jpeg_bytes
from articles.demo.stories import PIECES, SECTIONS, DemoPiece

__all__ = [
    "ACCOUNTS",
    "AUTHORS",
    "IMAGES",
    "IMAGE_SOURCE_PREFIX",
    "PIECES",
    "SECTIONS",
    "AccountReport",
    "DemoAccount",
    "DemoImage",
    "DemoPiece",
    "DemoRefused",
    "DemoReport",
    "create_piece",
    "ensure_account",
    "ensure_image",
    "jpeg_bytes",
    "load_demo",
    "missing_accounts",
    "missing_pieces",
]
