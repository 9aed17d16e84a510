"""Helpers shared by the browser tests."""

from playwright.sync_api import TimeoutError as PlaywrightTimeoutError

# How long a page may take to settle (late styles, fonts, pictures) before what it shows is judged.
SETTLE_MS = 5000


def serve_media(page) -> None:
    """Nothing to do any more: the live server hands out renditions through the gate (public ones at
    `/media/renditions/…`, the desk's at `/desk/images/…`), as production does. Kept for the callers."""


def no_horizontal_overflow(page) -> bool:
    """Whether the page fits its viewport's width (1 px for rounding) once it has settled.

    Judged when the layout allows it, within `SETTLE_MS`: on a loaded machine a page measured before its
    last style or picture arrived overflowed for a moment; one that keeps overflowing still fails.
    """
    try:
        page.wait_for_function("() => document.documentElement.scrollWidth <= window.innerWidth + 1", timeout=SETTLE_MS)
    except PlaywrightTimeoutError:
        return False
    return True


def loaded_width(image) -> int:
    """The natural width of the picture `image` (a locator) once it has loaded or failed: 0 means broken."""
    image.scroll_into_view_if_needed()
    image.page.wait_for_function("img => img.complete", arg=image.element_handle(), timeout=SETTLE_MS)
    return image.evaluate("img => img.naturalWidth")
