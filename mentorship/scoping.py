"""Scoping of staff to programs in the admin: coordinators change, leads only read.

Use on any ModelAdmin whose model reaches a `programs.Program`:

    @admin.register(Round)
    class RoundAdmin(ProgramScopedAdminMixin, admin.ModelAdmin):
        program_path = "program"          # ORM path from the model to its Program ("" for Program)

Superusers see and change everything. Other staff see rows of the programs they belong to
(`ProgramMembership`), may change rows of the programs they coordinate, and get a 404 for a
row outside their programs, also when they guess its id in a URL.
"""

from __future__ import annotations

from django.db.models import Model, QuerySet
from django.http import Http404

COORDINATOR = "coordinator"
LEAD = "lead"

# How to reach the Program from models that admins commonly link to (for FK/M2M choices).
RELATED_PROGRAM_PATHS: dict[str, str] = {
    "programs.program": "",
    "programs.round": "program",
    "programs.topic": "program",
    "programs.contactperson": "program",
    "programs.eligibilityentry": "round__program",
    "programs.roundinterest": "round__program",
    "programs.programmembership": "program",
    "programs.surveyquestion": "program",
    "applications.application": "round__program",
    "applications.rubriccriterion": "round__program",
    "applications.review": "application__round__program",
    "applications.statechange": "application__round__program",
    "applications.question": "program",
    "matching.matchrun": "round__program",
    "notifications.emailtemplate": "program",
    "communication.emailtext": "program",
    "communication.message": "round__program",
    "notifications.notification": "program",
    "matching.pair": "round__program",
    "matching.pairconstraint": "round__program",
    "pairs.meeting": "pair__round__program",
    "pairs.surveyresponse": "pair__round__program",
    "pairs.surveyanswer": "response__pair__round__program",
}


def memberships(user) -> dict[int, str]:
    """{program id: kind} for a user, read once per user object (cached on it)."""
    if not getattr(user, "is_authenticated", False):
        return {}
    cached = getattr(user, "_program_memberships_cache", None)
    if cached is None:
        from programs.models import ProgramMembership

        cached = dict(ProgramMembership.objects.filter(user=user).values_list("program_id", "kind"))
        user._program_memberships_cache = cached
    return cached


def program_ids(user, *, kind: str | None = None) -> set[int]:
    """Ids of the programs a user belongs to (as `kind` if given)."""
    return {pk for pk, k in memberships(user).items() if kind is None or k == kind}


def is_staff_member(user) -> bool:
    return bool(user.is_active and user.is_staff and (user.is_superuser or memberships(user)))


def scope_queryset(queryset: QuerySet, user, path: str, *, kind: str | None = None) -> QuerySet:
    """Rows of `queryset` whose program (reached by `path`) the user belongs to."""
    if user.is_superuser:
        return queryset
    ids = program_ids(user, kind=kind)
    lookup = f"{path}__in" if path else "pk__in"
    return queryset.filter(**{lookup: ids})


def program_id_of(obj: Model, path: str) -> int | None:
    """The id of the program an object belongs to, following `path` attribute by attribute."""
    if not path:
        return obj.pk
    *parents, last = path.split("__")
    for name in parents:
        obj = getattr(obj, name, None)
        if obj is None:
            return None
    return getattr(obj, f"{last}_id", None)


def can_change_program(user, program_id: int | None) -> bool:
    """A superuser, or a coordinator of that program."""
    return user.is_superuser or (program_id is not None and memberships(user).get(program_id) == COORDINATOR)


def can_view_program(user, program_id: int | None) -> bool:
    return user.is_superuser or (program_id is not None and program_id in memberships(user))


class SuperuserOnlyAdminMixin:
    """For admins of data not tied to one program (all users, the e-mail outbox): superusers only."""

    @staticmethod
    def _is_superuser(request) -> bool:
        return bool(request.user.is_active and request.user.is_superuser)

    def has_module_permission(self, request):
        return self._is_superuser(request)

    def has_view_permission(self, request, obj=None):
        return self._is_superuser(request)

    def has_add_permission(self, request, *args):
        return self._is_superuser(request)

    def has_change_permission(self, request, obj=None):
        return self._is_superuser(request)

    def has_delete_permission(self, request, obj=None):
        return self._is_superuser(request)


class ScopedChoicesMixin:
    """Offer in FK/M2M fields only rows of the programs the user coordinates."""

    def _scope_related(self, db_field, kwargs, request):
        model = db_field.remote_field.model
        path = RELATED_PROGRAM_PATHS.get(model._meta.label_lower)
        if path is None:
            return kwargs
        queryset = kwargs.get("queryset")
        if queryset is None:  # never `or`: that would evaluate the queryset
            queryset = model._default_manager.all()
        # Offer only what the user may change: a lead cannot attach rows to anything.
        kwargs["queryset"] = scope_queryset(queryset, request.user, path, kind=COORDINATOR)
        return kwargs

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        kwargs = self._scope_related(db_field, kwargs, request)
        return super().formfield_for_foreignkey(db_field, request, **kwargs)

    def formfield_for_manytomany(self, db_field, request, **kwargs):
        kwargs = self._scope_related(db_field, kwargs, request)
        return super().formfield_for_manytomany(db_field, request, **kwargs)


class ProgramScopedAdminMixin(ScopedChoicesMixin):
    """Filter, limit choices and permissions of a ModelAdmin to the user's programs."""

    program_path: str = "program"

    # --- rows -----------------------------------------------------------------
    def get_queryset(self, request):
        return scope_queryset(super().get_queryset(request), request.user, self.program_path)

    def get_changeable_queryset(self, request, queryset: QuerySet | None = None) -> QuerySet:
        """The rows (of `queryset`) the user may change: actions must go through this."""
        queryset = self.get_queryset(request) if queryset is None else queryset
        return scope_queryset(queryset, request.user, self.program_path, kind=COORDINATOR)

    def get_object(self, request, object_id, from_field=None):
        obj = super().get_object(request, object_id, from_field)
        if obj is None:
            # Out of scope or missing: the same answer, so ids cannot be probed.
            raise Http404
        return obj

    def delete_queryset(self, request, queryset):
        """Bulk delete: never rows of programs the user only leads (a second guard)."""
        super().delete_queryset(request, self.get_changeable_queryset(request, queryset))

    def object_program_id(self, obj) -> int | None:
        return program_id_of(obj, self.program_path)

    # --- permissions --------------------------------------------------------------
    def has_module_permission(self, request):
        return is_staff_member(request.user)

    def has_view_permission(self, request, obj=None):
        if not is_staff_member(request.user):
            return False
        return obj is None or can_view_program(request.user, self.object_program_id(obj))

    def has_change_permission(self, request, obj=None):
        user = request.user
        if not is_staff_member(user):
            return False
        if obj is None:
            return user.is_superuser or bool(program_ids(user, kind=COORDINATOR))
        return can_change_program(user, self.object_program_id(obj))

    def has_add_permission(self, request, *args):
        user = request.user
        return is_staff_member(user) and (user.is_superuser or bool(program_ids(user, kind=COORDINATOR)))

    def has_delete_permission(self, request, obj=None):
        return self.has_change_permission(request, obj)


class ProgramScopedInlineMixin(ScopedChoicesMixin):
    """For inlines: rows are scoped like the parent's; permissions follow the parent object.

    `parent_program_path` leads from the parent object (the one being edited) to its Program.
    """

    program_path: str = "program"
    parent_program_path: str = "program"

    def get_queryset(self, request):
        return scope_queryset(super().get_queryset(request), request.user, self.program_path)

    def has_view_permission(self, request, obj=None):
        if obj is None:
            return is_staff_member(request.user)
        return can_view_program(request.user, program_id_of(obj, self.parent_program_path))

    def has_change_permission(self, request, obj=None):
        if obj is None:
            user = request.user
            return is_staff_member(user) and (user.is_superuser or bool(program_ids(user, kind=COORDINATOR)))
        return can_change_program(request.user, program_id_of(obj, self.parent_program_path))

    def has_add_permission(self, request, obj=None):
        return self.has_change_permission(request, obj)

    def has_delete_permission(self, request, obj=None):
        return self.has_change_permission(request, obj)
