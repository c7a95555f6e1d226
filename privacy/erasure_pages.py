"""Admin page where a coordinator erases a person of their program on request: preview, confirm."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.shortcuts import redirect
from django.utils.translation import gettext as _

from mentorship.admin_pages import AdminPages
from mentorship.scoping import scope_queryset
from programs.models import Program

from . import hooks
from .forms import ErasureRequestForm
from .services.erasure import erase_on_request, erasure_preview


class ErasurePages(AdminPages):
    routes = [("erase/", "erase", "privacy_erasurerecord_erase")]

    def erase(self, request):
        programs = scope_queryset(Program.objects.order_by("name"), request.user, "", kind="coordinator")
        if not programs.exists():
            raise PermissionDenied  # leads read the audit; only coordinators erase
        form = ErasureRequestForm(request.POST or None, programs=programs)
        preview = None
        if request.method == "POST" and form.is_valid():
            program, email = form.cleaned_data["program"], form.cleaned_data["email"]
            try:
                scoped = erasure_preview(program=program, email=email)
            except ValidationError as error:
                form.add_error("email", error)
            else:
                if "_erase" in request.POST:
                    record = erase_on_request(
                        program=program, email=email, by=request.user, note=form.cleaned_data["note"]
                    )
                    messages.success(
                        request, _("The person's data in %(program)s is erased.") % {"program": program}
                    )
                    return redirect("admin:privacy_erasurerecord_change", record.pk)
                preview = {
                    "applications": len(scoped.application_ids),
                    "whole": not hooks.keeps_person(scoped),
                }
        return self.render(
            request,
            "admin/privacy/erase.html",
            title=_("Erase a person on request"),
            form=form,
            preview=preview,
        )
