"""Admin pages where coordinators edit, preview and reset their program's e-mail texts."""

from __future__ import annotations

from urllib.parse import urlencode

from django.conf import settings
from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect
from django.utils.translation import gettext as _

from mentorship.admin_pages import AdminPages
from mentorship.scoping import can_change_program, scope_queryset
from notifications import emails
from notifications.models import EmailTemplate
from programs.models import Program

from . import selectors, services
from .forms import EmailTextForm

LANGUAGES = dict(settings.LANGUAGES)
# The preview is an e-mail: its own inline styles, shown in a frame of the edit page only.
PREVIEW_CSP = {
    "default-src": ["'none'"],
    "style-src": ["'unsafe-inline'"],
    "img-src": ["'self'", "data:"],
    "frame-ancestors": ["'self'"],
    "base-uri": ["'none'"],
    "form-action": ["'none'"],
}


def editable_kinds() -> list[emails.EmailKind]:
    return sorted((kind for kind in emails.KINDS.values() if kind.editable), key=lambda kind: str(kind.label))


class EmailTextPages(AdminPages):
    routes = [
        ("texts/<int:program_id>/<str:kind>/<str:language>/", "edit", "communication_email_text"),
        (
            "texts/<int:program_id>/<str:kind>/<str:language>/preview/",
            "preview",
            "communication_email_text_preview",
        ),
    ]

    def _target(self, request, program_id: int, kind: str, language: str):
        """(program, kind) if the user belongs to the program and both exist; 404 otherwise."""
        programs = scope_queryset(Program.objects.all(), request.user, "")
        program = get_object_or_404(programs, pk=program_id)
        email_kind = emails.kind_of(kind)
        if email_kind is None or not email_kind.editable or language not in LANGUAGES:
            raise Http404
        return program, email_kind

    def overview_context(self, request) -> dict:
        """Every e-mail kind of each of my programs, per language: the program's own text or the default."""
        programs = list(scope_queryset(Program.objects.order_by("name"), request.user, ""))
        own = {
            (row.program_id, row.kind, row.language): row
            for row in EmailTemplate.objects.filter(program__in=programs).select_related("updated_by")
        }
        kinds = editable_kinds()

        def row(program, kind):
            languages = [
                (code, name, own.get((program.pk, kind.key, code))) for code, name in LANGUAGES.items()
            ]
            return {"kind": kind, "languages": languages}

        return {
            "title": _("E-mail texts"),
            "programs": [
                {"program": program, "rows": [row(program, kind) for kind in kinds]} for program in programs
            ],
        }

    def edit(self, request, program_id: int, kind: str, language: str):
        program, email_kind = self._target(request, program_id, kind, language)
        can_change = can_change_program(request.user, program.pk)
        subject, body = emails.texts_for(email_kind, program, language)
        is_own = EmailTemplate.objects.filter(program=program, kind=kind, language=language).exists()
        if request.method == "POST":
            if not can_change:
                raise PermissionDenied
            if "_reset" in request.POST:
                services.reset_email_text(program, email_kind, language, actor=request.user)
                self.model_admin.message_user(request, _("The default text is used again."), messages.SUCCESS)
                return redirect(request.path)
            form = EmailTextForm(request.POST, kind=email_kind)
            if form.is_valid() and "_save" in request.POST:
                services.save_email_text(
                    program, email_kind, language, actor=request.user, **form.cleaned_data
                )
                self.model_admin.message_user(request, _("The text is saved."), messages.SUCCESS)
                return redirect(request.path)
        else:
            form = EmailTextForm(initial={"subject": subject, "body": body}, kind=email_kind)
        shown = form.cleaned_data if form.is_bound and form.is_valid() else {"subject": subject, "body": body}
        rendered, source = self._preview(program, email_kind, language, **shown)
        return self.render(
            request,
            "admin/communication/email_text.html",
            title=_("%(email)s – %(language)s")
            % {"email": email_kind.label, "language": LANGUAGES[language]},
            program=program,
            kind=email_kind,
            language=language,
            form=form,
            can_change=can_change,
            is_own=is_own,
            rendered=rendered,
            source=source,
            preview_query=_query(shown),
        )

    def preview(self, request, program_id: int, kind: str, language: str):
        """The e-mail as HTML (for the frame of the edit page); typed texts may come in the query."""
        program, email_kind = self._target(request, program_id, kind, language)
        subject, body = emails.texts_for(email_kind, program, language)
        form = EmailTextForm(request.GET, kind=email_kind)
        if "body" in request.GET and form.is_valid():
            subject, body = form.cleaned_data["subject"], form.cleaned_data["body"]
        rendered, _source = self._preview(program, email_kind, language, subject=subject, body=body)
        response = HttpResponse(rendered.html)
        response._csp_replace = PREVIEW_CSP
        response["X-Frame-Options"] = "SAMEORIGIN"
        return response

    def _preview(self, program, kind, language, *, subject, body):
        """The e-mail with the data of the program's latest one of this kind (or example values)."""
        latest = selectors.latest_email_context(program, kind.key, language)
        values = emails.preview_values(kind, latest.context if latest else None, language)
        rendered = emails.compose(
            kind, values, subject=subject, body=body, language=language, program=program
        )
        return rendered, latest


def _query(texts: dict) -> str:
    return urlencode({"subject": texts["subject"], "body": texts["body"]})
