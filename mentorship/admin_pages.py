"""The one way coordinator pages are mounted in the admin: a class of views bound to a ModelAdmin.

    class ReleasePages(AdminPages):
        routes = [("release/<int:round_id>/", "release", "applications_application_release")]

        def release(self, request, round_id):
            ...
            return self.render(request, "admin/…/release.html", title=…, round=round_)

    @admin.register(Application)
    class ApplicationAdmin(AdminPagesMixin, ProgramScopedAdminMixin, admin.ModelAdmin):
        pages = ReleasePages

Each view gets the admin's sign-in check (`admin_site.admin_view`), a 403 for staff who
coordinate or lead no program (reviewers: they only read and score applications), and the
admin's context (sidebar, breadcrumbs, `opts`) from `render`; scoping and permissions stay in
the views.
"""

from __future__ import annotations

from functools import wraps

from django.core.exceptions import PermissionDenied
from django.template.response import TemplateResponse
from django.urls import path

from mentorship.scoping import is_staff_member


def _program_staff_only(view):
    @wraps(view)
    def guarded(request, *args, **kwargs):
        if not is_staff_member(request.user):
            raise PermissionDenied
        return view(request, *args, **kwargs)

    return guarded


class AdminPages:
    # (route below the model's admin URL, method name, URL name)
    routes: list[tuple[str, str, str]] = []

    def __init__(self, model_admin):
        self.model_admin = model_admin

    def urls(self) -> list:
        wrap = self.model_admin.admin_site.admin_view
        return [
            path(route, wrap(_program_staff_only(getattr(self, method))), name=name)
            for route, method, name in self.routes
        ]

    def context(self, request, **extra) -> dict:
        opts = self.model_admin.model._meta
        return {
            **self.model_admin.admin_site.each_context(request),
            "opts": opts,
            "app_label": opts.app_label,
            **extra,
        }

    def render(self, request, template: str, **extra) -> TemplateResponse:
        return TemplateResponse(request, template, self.context(request, **extra))


class AdminPagesMixin:
    """Mounts `pages` (an AdminPages class, or a list of them) before the ModelAdmin's own URLs."""

    pages: type[AdminPages] | list[type[AdminPages]] = []

    def get_urls(self):
        classes = self.pages if isinstance(self.pages, list | tuple) else [self.pages]
        return [url for pages in classes for url in pages(self).urls()] + super().get_urls()
