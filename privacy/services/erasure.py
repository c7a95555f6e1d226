from datetime import datetime

from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.db.models import QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _

from applications.models import Application, Review, StateChange
from matching.models import Pair
from notifications.models import Notification
from notifications.services import queue_email
from pairs.models import Meeting, SurveyResponse
from privacy.models import ConsentRecord
from programs.models import RoundInterest

# What an anonymised application keeps: role, state, timestamps and coarse answers used in the
# round's statistics (industry, region, topics, languages, format, availability).
BLANKED_APPLICATION_FIELDS = {
    "full_name": "",
    "email": "",
    "phone": "",
    "title": "",
    "organisation": None,
    "organisation_name": "",
    "motivation": "",
    "want_to_learn": "",
    "can_offer": "",
    "municipality": "",
    "eligibility_note": "",
    "answers": {},  # the program's own questions may hold free text
}


def anonymise_applications(applications: QuerySet[Application], *, at: datetime) -> int:
    """Blank the personal fields of applications not yet anonymised, keeping rows and states.

    Reviewers' comments and audit-log notes on them go too; scores and state history stay.
    Returns how many applications were anonymised (0 when run again).
    """
    ids = list(applications.filter(anonymised_at__isnull=True).values_list("pk", flat=True))
    if not ids:
        return 0
    Application.objects.filter(pk__in=ids).update(
        applicant=None, anonymised_at=at, **BLANKED_APPLICATION_FIELDS
    )
    Review.objects.filter(application_id__in=ids).exclude(comment="").update(comment="")
    StateChange.objects.filter(application_id__in=ids).exclude(note="").update(note="")
    ConsentRecord.objects.filter(
        context=ConsentRecord.Context.APPLICATION, object_id__in=ids, anonymised_at__isnull=True
    ).update(user=None, email="", anonymised_at=at)
    return len(ids)


def _forget_pair_contributions(user, applications: list[Application]) -> None:
    """Blank what the person wrote in their pairs; the pairs, meetings and scores stay."""
    Meeting.objects.filter(logged_by=user).exclude(private_note="").update(private_note="")
    for application in applications:
        pairs = Pair.objects.filter(
            **{f"{application.role}_application": application},
        )
        SurveyResponse.objects.filter(pair__in=pairs, role=application.role).update(
            learned="", quote="", quote_consent=False
        )
        pairs.filter(declined_by=application.role).update(decline_reason="")


def _forget_outbox(email: str, *, keep_pk: int) -> None:
    """Remove the address from the outbox; unsent e-mails to it will never go out."""
    rows = Notification.objects.filter(to__iexact=email).exclude(pk=keep_pk)
    rows.exclude(status=Notification.Status.SENT).update(
        status=Notification.Status.FAILED, last_error="The recipient deleted their account."
    )
    rows.update(to="", context={})


@transaction.atomic
def delete_account(user, *, at: datetime | None = None) -> Notification:
    """Anonymise everything of an applicant, queue a confirmation to the old address, delete the user.

    The confirmation e-mail is queued first so the outbox row keeps the address it needs.
    Staff accounts are removed by an administrator instead (they own reviews and runs).
    """
    if user.is_staff or user.is_superuser:
        raise PermissionDenied(_("Staff accounts are removed by an administrator."))
    at = at or timezone.now()
    email = user.email
    confirmation = queue_email(
        key=f"privacy:account-deleted:{user.pk}:{at.timestamp():.0f}",
        to=email,
        template="privacy_account_deleted",
        context={},
        language=user.preferred_language,
    )
    applications = list(Application.objects.filter(applicant=user))
    _forget_pair_contributions(user, applications)
    anonymise_applications(Application.objects.filter(pk__in=[a.pk for a in applications]), at=at)
    ConsentRecord.objects.filter(user=user).update(user=None, email="", anonymised_at=at)
    ConsentRecord.objects.filter(email__iexact=email).update(email="", anonymised_at=at)
    RoundInterest.objects.filter(email__iexact=email).delete()
    _forget_outbox(email, keep_pk=confirmation.pk)
    user.delete()
    return confirmation
