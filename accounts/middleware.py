from django.utils import translation


class UserLanguageMiddleware:
    """Activate a signed-in user's preferred language unless the request chose one.

    LocaleMiddleware has already looked at the URL, the language cookie and the browser;
    an explicit cookie wins (the switcher sets it), otherwise the account's choice does.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        from django.conf import settings

        user = getattr(request, "user", None)
        if (
            user is not None
            and user.is_authenticated
            and settings.LANGUAGE_COOKIE_NAME not in request.COOKIES
            and user.preferred_language
        ):
            translation.activate(user.preferred_language)
            request.LANGUAGE_CODE = user.preferred_language
        return self.get_response(request)
