"""Small helpers shared by the drawings: coordinates as text, mirroring, the palette."""

from django.utils.translation import get_language_bidi

# Marks are coloured by class (fill-0 … fill-7 in site.css), so the SVG carries no style.
PALETTE_SIZE = 8


def coordinate(value):
    """Return a coordinate as SVG text, never localized ("12.5", not "12,5" or "١٢٫٥")."""
    return f"{value:.1f}".removesuffix(".0")


def mirrored():
    """Say whether the page reads right to left, so horizontal axes run from the right."""
    return bool(get_language_bidi())


def along(x, width, total):
    """Return the start of a span [x, x + width] on an axis of length total, mirrored on right-to-left pages."""
    return total - x - width if mirrored() else x
