"""Bad luck with the database never loses what somebody typed.

Two ways to use it in a form view whose service is `@transaction.atomic`:

    # a function view
    if form.is_valid():
        with keep_form_on_db_error(request, form) as outcome:
            submit_application(application, form.cleaned_data)
        if not outcome.failed:
            return redirect(...)
    return render(request, "applications/form.html", {"form": form})   # bound: content kept

    # a class-based FormView / UpdateView
    class ApplicationFormView(KeepFormOnDatabaseErrorMixin, UpdateView): ...

On a `DatabaseError` the atomic service has rolled back; we log it (without personal data),
show a translated message (base.html renders messages as an alert) and the view re-renders
the bound form, so the person can simply press the button again.
"""

import logging
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass

from django.contrib import messages
from django.db import DatabaseError
from django.utils.translation import gettext_lazy as _

logger = logging.getLogger(__name__)

DATABASE_ERROR_MESSAGE = _(
    "We could not save this just now because of a problem on our side. Nothing you typed is lost: "
    "check the form and try again in a moment."
)


@dataclass
class Outcome:
    failed: bool = False


@contextmanager
def keep_form_on_db_error(request, form) -> Iterator[Outcome]:
    """Swallow a DatabaseError raised inside the block and tell the person in a clear message."""
    outcome = Outcome()
    try:
        yield outcome
    except DatabaseError as exc:
        outcome.failed = True
        logger.warning("database error on %s %s: %s", request.method, request.path, type(exc).__name__)
        messages.error(request, DATABASE_ERROR_MESSAGE)


class KeepFormOnDatabaseErrorMixin:
    """For Django's editing views: a DatabaseError in form_valid re-renders the bound form."""

    def form_valid(self, form):
        with keep_form_on_db_error(self.request, form) as outcome:
            response = super().form_valid(form)
        if outcome.failed:
            return self.form_invalid(form)
        return response
