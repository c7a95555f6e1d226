from axes.admin import AccessAttemptAdmin, AccessFailureLogAdmin, AccessLogAdmin
from axes.models import AccessAttempt, AccessFailureLog, AccessLog
from django.contrib import admin
from django.contrib.auth.admin import GroupAdmin
from django.contrib.auth.admin import UserAdmin as BaseUserAdmin
from django.contrib.auth.models import Group
from django.utils.translation import gettext_lazy as _

from mentorship.scoping import SuperuserOnlyAdminMixin

from .models import User


@admin.register(User)
class UserAdmin(SuperuserOnlyAdminMixin, BaseUserAdmin):
    """Every account of every program: superusers only. Coordinators see their applicants
    through the applications of their programs, and pick colleagues among staff accounts."""

    ordering = ["email"]
    list_display = ["email", "full_name", "preferred_language", "is_staff", "is_active"]
    search_fields = ["email", "full_name"]
    list_filter = ["is_staff", "is_superuser", "is_active", "preferred_language"]
    fieldsets = (
        (None, {"fields": ("email", "password")}),
        (_("Personal info"), {"fields": ("full_name", "preferred_language")}),
        (
            _("Permissions"),
            {"fields": ("is_active", "is_staff", "is_superuser", "groups", "user_permissions")},
        ),
        (_("Important dates"), {"fields": ("last_login", "date_joined")}),
    )
    add_fieldsets = ((None, {"classes": ("wide",), "fields": ("email", "password1", "password2")}),)


def _superuser_only(model, admin_class) -> None:
    """Re-register a third-party admin (groups, sign-in lockouts) for superusers only."""
    if admin.site.is_registered(model):
        admin.site.unregister(model)
    admin.site.register(
        model, type(admin_class.__name__, (SuperuserOnlyAdminMixin, admin_class), {"__module__": __name__})
    )


_superuser_only(Group, GroupAdmin)
for _model, _admin_class in (
    (AccessAttempt, AccessAttemptAdmin),
    (AccessLog, AccessLogAdmin),
    (AccessFailureLog, AccessFailureLogAdmin),
):
    _superuser_only(_model, _admin_class)
