"""Content stored in both languages as `<field>_sv` / `<field>_en` columns."""

from django.conf import settings
from django.utils import translation
from django.utils.translation import get_language


def current_language() -> str:
    language = (get_language() or settings.LANGUAGE_CODE)[:2]
    return language if language in dict(settings.LANGUAGES) else settings.LANGUAGE_CODE


def translated(obj, field: str, language: str | None = None) -> str:
    """The value of `field` in `language` (default: the active one), falling back to Swedish."""
    language = language or current_language()
    value = getattr(obj, f"{field}_{language}", "")
    return value or getattr(obj, f"{field}_{settings.LANGUAGE_CODE}", "")


class TranslatedField:
    """Descriptor: `name = TranslatedField("name")` reads `name_sv` or `name_en`."""

    def __init__(self, field: str):
        self.field = field

    def __get__(self, obj, owner=None):
        if obj is None:
            return self
        return translated(obj, self.field)


def speak_their_language(request, language: str | None) -> None:
    """A page opened from a signed link in an e-mail speaks the e-mail's language (the recipient's),
    unless the visitor has chosen a language on the site (the language cookie wins)."""
    if request.COOKIES.get(settings.LANGUAGE_COOKIE_NAME) or language not in dict(settings.LANGUAGES):
        return
    translation.activate(language)
    request.LANGUAGE_CODE = language
