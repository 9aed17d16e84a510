"""What a picture file says about itself: caption, creator, credit and rights from its IPTC-IIM and XMP.

One reader for every upload path (the desk's library, the editor's upload in place,
the admin), so a picture is pre-filled the same way wherever it arrives.
"""

from __future__ import annotations

import warnings
from typing import IO, Any

from defusedxml import ElementTree
from PIL import Image as PILImage
from PIL import IptcImagePlugin

from articles.models import Image

# read_embedded_metadata() key → Image field. IPTC's Credit is the provider chain ("US Army/AP/dpa"),
# which prints after the creator exactly like organisation/agencies do.
PREFILL_MAP = {
    "caption": "caption",
    "creator": "creator",
    "credit": "agencies",
    "copyright_notice": "copyright_notice",
    "source": "source",
    "alt_text": "alt_text",
    "usage_terms": "usage_terms",
}


# --- embedded metadata ------------------------------------------------------------------------

# IPTC-IIM record 2 datasets.
_IPTC = {
    "caption": (2, 120),  # Caption-Abstract
    "creator": (2, 80),  # By-line
    "credit": (2, 110),  # Credit
    "copyright_notice": (2, 116),  # Copyright Notice
    "source": (2, 115),  # Source
}
_IPTC_CHARSET = (1, 90)

_NS = {
    "rdf": "http://www.w3.org/1999/02/22-rdf-syntax-ns#",
    "dc": "http://purl.org/dc/elements/1.1/",
    "photoshop": "http://ns.adobe.com/photoshop/1.0/",
    "xmpRights": "http://ns.adobe.com/xap/1.0/rights/",
    "Iptc4xmpCore": "http://iptc.org/std/Iptc4xmpCore/1.0/xmlns/",
}
_XMP = {
    "caption": "dc:description",
    "creator": "dc:creator",
    "credit": "photoshop:Credit",
    "copyright_notice": "dc:rights",
    "source": "photoshop:Source",
    "alt_text": "Iptc4xmpCore:AltTextAccessibility",
    "usage_terms": "xmpRights:UsageTerms",
}


def _decode(value: bytes, utf8: bool) -> str:
    if utf8:
        return value.decode("utf-8", errors="replace")
    try:
        return value.decode("utf-8")
    except UnicodeDecodeError:
        return value.decode("latin-1")


def _clean_text(value: str) -> str:
    # Embedded metadata is hostile input like any other: no NULs or control characters.
    cleaned = "".join(ch for ch in value if ch in "\n\t" or ch >= " ")
    return cleaned.strip()


def _iptc_values(image: PILImage.Image) -> dict[str, str]:
    try:
        info = IptcImagePlugin.getiptcinfo(image) or {}
    except Exception:  # a damaged IPTC block must not stop the upload
        return {}
    charset = info.get(_IPTC_CHARSET, b"")
    utf8 = b"\x1b%G" in (charset if isinstance(charset, bytes) else b"")
    found = {}
    for key, dataset in _IPTC.items():
        raw = info.get(dataset)
        if raw is None:
            continue
        parts = raw if isinstance(raw, list) else [raw]
        text = "; ".join(_decode(part, utf8) for part in parts if isinstance(part, bytes))
        if text := _clean_text(text):
            found[key] = text
    return found


def _xmp_packet(image: PILImage.Image) -> bytes:
    for key in ("xmp", "XML:com.adobe.xmp"):
        packet = image.info.get(key)
        if packet:
            return packet.encode("utf-8") if isinstance(packet, str) else packet
    return b""


def _xmp_property(description: Any, name: str) -> str:
    prefix, local = name.split(":")
    namespace = _NS[prefix]
    # A property is either an attribute of rdf:Description or a child element.
    attribute = description.get(f"{{{namespace}}}{local}")
    if attribute:
        return attribute
    element = description.find(f"{prefix}:{local}", _NS)
    if element is None:
        return ""
    items = element.findall(".//rdf:li", _NS)
    if not items:
        return element.text or ""
    # Language alternatives: prefer x-default, else the first.
    for item in items:
        if item.get("{http://www.w3.org/XML/1998/namespace}lang") == "x-default":
            return item.text or ""
    if element.find("rdf:Seq", _NS) is not None or element.find("rdf:Bag", _NS) is not None:
        return "; ".join(item.text for item in items if item.text)
    return items[0].text or ""


def _xmp_values(image: PILImage.Image) -> dict[str, str]:
    packet = _xmp_packet(image)
    if not packet:
        return {}
    start, end = packet.find(b"<x:xmpmeta"), packet.rfind(b"</x:xmpmeta>")
    if start == -1 or end == -1:
        start, end = packet.find(b"<rdf:RDF"), packet.rfind(b"</rdf:RDF>")
        if start == -1 or end == -1:
            return {}
        end += len(b"</rdf:RDF>")
    else:
        end += len(b"</x:xmpmeta>")
    try:
        root = ElementTree.fromstring(packet[start:end])
    except Exception:  # malformed or hostile XML (entities): ignore the packet, keep the upload
        return {}
    found: dict[str, str] = {}
    for description in root.iter(f"{{{_NS['rdf']}}}Description"):
        for key, name in _XMP.items():
            if key in found:
                continue
            if text := _clean_text(_xmp_property(description, name)):
                found[key] = text
    return found


def read_embedded_metadata(file: IO[bytes]) -> dict[str, str]:
    """Caption, creator, credit, copyright notice, source, alt text, usage terms from IPTC/XMP.

    XMP wins where both carry a value, as the Metadata Working Group's guidance says
    (IIM is the legacy block; tools that edit a picture update its XMP, and an IIM left
    behind may be stale). Keys without a value are left out; a file without metadata
    (or not an image) gives {}. The file position is restored.
    """
    position = file.tell() if hasattr(file, "tell") else 0
    try:
        file.seek(0)
        with warnings.catch_warnings():
            warnings.simplefilter("error", PILImage.DecompressionBombWarning)
            with PILImage.open(file) as image:
                return {**_iptc_values(image), **_xmp_values(image)}
    except Exception:
        return {}
    finally:
        file.seek(position)


def prefill_fields(metadata: dict[str, str]) -> dict[str, str]:
    """Embedded metadata keyed by the image form's field names, cut to the fields' lengths."""
    values = {}
    for key, field_name in PREFILL_MAP.items():
        if metadata.get(key):
            max_length = Image._meta.get_field(field_name).max_length
            values[field_name] = metadata[key][:max_length] if max_length else metadata[key]
    return values
