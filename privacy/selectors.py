"""Reads: a person's data export, and the retention overview for staff."""

from dataclasses import dataclass
from datetime import datetime
from typing import Any

from django.db.models import Q

from programs.models import Round

from . import hooks
from .models import ConsentRecord
from .services.retention import retention_deadline


def consent_ledger(person: hooks.Person, applications: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """The ledger's lines for a person, plus lines derived from consent given on applications."""
    mine = Q(user=person.user) if person.user is not None else Q(pk__in=[])
    for email in person.emails_lower:
        mine |= Q(email__iexact=email)
    lines = [
        {
            "program": record.program.name,
            "notice_version": record.notice_version,
            "accepted_at": record.accepted_at,
            "context": record.context,
            "object_id": record.object_id,
        }
        for record in ConsentRecord.objects.filter(mine)
        .select_related("program")
        .order_by("accepted_at", "pk")
    ]
    recorded = {(line["context"], line["object_id"]) for line in lines}
    for application in applications:
        if (
            application["consent_at"]
            and (ConsentRecord.Context.APPLICATION, application["id"]) not in recorded
        ):
            lines.append(
                {
                    "program": application["program"],
                    "notice_version": application["consent_version"],
                    "accepted_at": application["consent_at"],
                    "context": ConsentRecord.Context.APPLICATION,
                    "object_id": application["id"],
                }
            )
    return lines


EXPORT_ORDER = ["user", "applications", "pairs", "consents"]


def export_for(user) -> dict[str, Any]:
    """Everything the service holds about `user` (and only the other person's name in a pair)."""
    person = hooks.person(user=user)
    data = hooks.export_person(person)
    data["consents"] = consent_ledger(person, data.get("applications", []))
    ordered = {key: data.pop(key) for key in EXPORT_ORDER if key in data}
    return {**ordered, **dict(sorted(data.items()))}


@dataclass
class RetentionRow:
    round: Round
    deadline: datetime
    applications: int
    not_accepted: int
    meeting_notes: int
    survey_texts: int

    @property
    def pending(self) -> int:
        return self.applications + self.meeting_notes + self.survey_texts


def retention_overview(user) -> list[RetentionRow]:
    """Per round the staff user may see: when it is anonymised and what is still there."""
    rounds = list(Round.objects.for_staff(user).select_related("program"))
    pending = hooks.pending_in_rounds(rounds)
    rows = []
    for round_ in rounds:
        counts = pending.get(round_.pk, {})
        rows.append(
            RetentionRow(
                round=round_,
                deadline=retention_deadline(round_),
                applications=counts.get("applications", 0),
                not_accepted=counts.get("not_accepted", 0),
                meeting_notes=counts.get("meeting_notes", 0),
                survey_texts=counts.get("survey_texts", 0),
            )
        )
    return sorted(rows, key=lambda row: (row.deadline, row.round.pk))
