from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

from applications.models import Application, State, StateChange


def ensure_transition(application: Application, *, to: str) -> None:
    """Raise a readable ValidationError unless the application may move to `to`."""
    if not application.can_move_to(to):
        raise ValidationError(
            _("An application that is “%(current)s” cannot become “%(target)s”.")
            % {"current": State(application.state).label, "target": State(to).label},
            code="invalid_transition",
        )


def move(application: Application, *, to: str, actor=None, note: str = "", extra_fields=()) -> Application:
    """Change the state after checking it is allowed, and write the audit log. Caller is atomic."""
    ensure_transition(application, to=to)
    from_state = application.state
    application.state = to
    application.save(update_fields=["state", "updated_at", *extra_fields])
    record_audit(application, actor=actor, from_state=from_state, to=to, note=note)
    return application


def record_audit(application: Application, *, actor, from_state: str, to: str, note: str = "") -> StateChange:
    """Append one line to the application's audit history."""
    return StateChange.objects.create(
        application=application,
        actor=actor if actor is not None and actor.is_authenticated else None,
        from_state=from_state,
        to_state=to,
        note=note[:500],
    )
