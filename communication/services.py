"""Writes of communication: a program's e-mail texts."""

from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.utils.translation import gettext as _

from mentorship.scoping import can_change_program
from notifications.emails import EmailKind
from notifications.models import EmailTemplate
from programs.models import Program


def _ensure_coordinator(actor, program: Program) -> None:
    if not can_change_program(actor, program.pk):
        raise PermissionDenied(_("Only a coordinator of this program can do that."))


@transaction.atomic
def save_email_text(
    program: Program, kind: EmailKind, language: str, *, subject: str, body: str, actor
) -> EmailTemplate:
    """Store the program's own subject and body for `kind` in `language` (replacing earlier ones)."""
    _ensure_coordinator(actor, program)
    template, _created = EmailTemplate.objects.update_or_create(
        program=program,
        kind=kind.key,
        language=language,
        defaults={"subject": subject, "body": body, "updated_by": actor},
    )
    return template


@transaction.atomic
def reset_email_text(program: Program, kind: EmailKind, language: str, *, actor) -> bool:
    """Go back to the code's default text; True when there was an own text to remove."""
    _ensure_coordinator(actor, program)
    deleted, _rows = EmailTemplate.objects.filter(program=program, kind=kind.key, language=language).delete()
    return bool(deleted)
