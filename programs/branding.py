"""A program's own look: its logo (stored in the database, served by the site) and accent colour.

The logo lives in the database so every web instance serves it without a shared disk, and no
page or e-mail loads anything from another site. Only raster images Pillow can read are taken
(no SVG: it can carry scripts), at most `MAX_BYTES`, re-encoded as PNG so what is served is what
was checked.
"""

from __future__ import annotations

import io

from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

MAX_BYTES = 500 * 1024
MAX_SIDE = 1200  # pixels: a logo is shown at most a few hundred pixels wide
FORMATS = {"PNG", "JPEG", "GIF", "WEBP"}
TOO_BIG = _("The logo may be at most 500 KB.")
NOT_AN_IMAGE = _("Upload a PNG, JPEG, GIF or WebP image.")


def read_logo(upload) -> bytes:
    """The uploaded logo as PNG bytes (scaled down to MAX_SIDE), or a ValidationError saying why not."""
    from PIL import Image, UnidentifiedImageError

    if upload.size > MAX_BYTES:
        raise ValidationError(TOO_BIG, code="too_big")
    data = upload.read()
    try:
        with Image.open(io.BytesIO(data)) as probe:
            if probe.format not in FORMATS:
                raise ValidationError(NOT_AN_IMAGE, code="format")
            probe.verify()
        with Image.open(io.BytesIO(data)) as image:
            image.thumbnail((MAX_SIDE, MAX_SIDE))
            out = io.BytesIO()
            image.convert("RGBA").save(out, format="PNG", optimize=True)
    except (UnidentifiedImageError, OSError, SyntaxError, ValueError) as error:
        raise ValidationError(NOT_AN_IMAGE, code="format") from error
    return out.getvalue()


def brand_css(colour: str) -> str:
    """The stylesheet that puts a program's accent colour on the site's navigation, headings and buttons."""
    return (
        f":root{{--program-accent:{colour}}}\n"
        f".navbar.bg-primary{{background-color:{colour}!important}}\n"
        f".program-brand{{border-left:.5rem solid {colour}}}\n"
        f".btn-primary{{--bs-btn-bg:{colour};--bs-btn-border-color:{colour};"
        f"--bs-btn-hover-bg:color-mix(in srgb,{colour} 85%,#000);--bs-btn-hover-border-color:"
        f"color-mix(in srgb,{colour} 85%,#000);--bs-btn-active-bg:color-mix(in srgb,{colour} 75%,#000)}}\n"
        f"main h1{{color:{colour}}}\n"
    )


def store_logo(program, png: bytes, *, at) -> None:
    """Store a checked logo (`read_logo`'s PNG) as the program's, replacing any, and date the change."""
    from .models import ProgramLogo

    ProgramLogo.objects.update_or_create(program=program, defaults={"image": png})
    program.logo_updated_at = at
    program.save(update_fields=["logo_updated_at"])


def remove_logo(program) -> None:
    from .models import ProgramLogo

    ProgramLogo.objects.filter(program=program).delete()
    program.logo_updated_at = None
    program.save(update_fields=["logo_updated_at"])
