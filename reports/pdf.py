"""HTML to PDF with WeasyPrint, reading stylesheets and images from the site's own static files.

No request leaves the server: a URL outside STATIC_URL is refused, so a report can never make
the server fetch from the network (or from itself, which a one-worker server would deadlock on).
"""

import mimetypes
from urllib.parse import unquote, urlparse

from django.conf import settings
from django.contrib.staticfiles import finders

BASE_URL = "https://report.invalid/"


class PdfUnavailable(Exception):
    """WeasyPrint or the system libraries it needs (Pango) are not installed here."""


def _static_only(url: str) -> dict:
    path = unquote(urlparse(url).path)
    if not path.startswith(settings.STATIC_URL):
        raise ValueError(f"not a static file: {url}")
    found = finders.find(path.removeprefix(settings.STATIC_URL))
    if not found:
        raise ValueError(f"no such static file: {url}")
    return {"file_obj": open(found, "rb"), "mime_type": mimetypes.guess_type(found)[0]}  # noqa: SIM115


def html_to_pdf(html: str) -> bytes:
    try:
        from weasyprint import HTML  # imported here: it needs Pango, which a machine may lack
    except (ImportError, OSError) as error:
        raise PdfUnavailable(str(error)) from error
    return HTML(string=html, base_url=BASE_URL, url_fetcher=_static_only).write_pdf()


def pdf_available() -> bool:
    """Whether this machine can make PDFs (WeasyPrint and Pango installed)."""
    try:
        import weasyprint  # noqa: F401
    except (ImportError, OSError):
        return False
    return True
