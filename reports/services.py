from django.contrib.auth import get_user_model
from django.db import transaction

from notifications.services import queue_email

from .models import ReportAccess


@transaction.atomic
def share_report(*, program, organisation, email: str, full_name: str = "", by) -> ReportAccess:
    """Let the person with `email` read `organisation`'s report in `program`; tell them by e-mail.

    Creates their account (no password: they sign in with an e-mailed link) when there is none.
    Sharing again changes nothing and sends nothing.
    """
    users = get_user_model().objects
    user = users.filter(email__iexact=email.strip()).first() or users.create_user(
        email=email.strip(), full_name=full_name.strip()
    )
    access, created = ReportAccess.objects.get_or_create(
        program=program, organisation=organisation, user=user, defaults={"granted_by": by}
    )
    if created:
        queue_email(
            key=f"reports:access:{access.pk}",
            to=user.email,
            template="reports_access_granted",
            context={"program": program.name, "organisation": organisation.name},
            language=user.preferred_language,
            program_id=program.pk,
        )
    return access
