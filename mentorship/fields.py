"""Model fields shared by the apps."""

from django.db import models


class HttpsURLField(models.URLField):
    """A URL field whose forms read an address typed without a scheme as https://, not http://.

    (Django 6 makes https the forms' default; until then it warns on every such form.)
    """

    def formfield(self, **kwargs):
        return super().formfield(**{"assume_scheme": "https", **kwargs})
