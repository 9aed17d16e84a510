"""Helpers shared by the browser tests."""


def serve_media(page) -> None:
    """Nothing to do any more: the live server hands out renditions through the gate (public ones at
    `/media/renditions/…`, the desk's at `/desk/images/…`), as production does. Kept for the callers."""
