"""What participants wrote in the surveys, for the round's staff, under the anonymity rule."""

from django.contrib.auth.decorators import login_required
from django.shortcuts import render
from django.utils.translation import gettext as _

from mentorship.csv_export import csv_response

from . import selectors
from .models import SurveyResponse


def _labelled(round_) -> list[dict]:
    kinds = dict(SurveyResponse.Kind.choices)
    return [
        {"group": group, "kind_label": kinds[group.kind], "role_label": round_.program.role_label(group.role)}
        for group in selectors.written_answers(round_)
    ]


@login_required
def round_answers(request, slug):
    round_ = selectors.round_for_staff(request.user, slug)
    context = {"round": round_, "program": round_.program, "groups": _labelled(round_)}
    return render(request, "pairs/round_answers.html", context)


@login_required
def round_answers_csv(request, slug):
    round_ = selectors.round_for_staff(request.user, slug)
    header = [_("Survey"), _("Role"), _("Question"), _("Answer")]
    rows = []
    for item in _labelled(round_):
        group, where = item["group"], [item["kind_label"], item["role_label"]]
        for written in group.items:
            rows += [[*where, written.label, text] for text in written.texts]
    return csv_response(f"answers-{round_.slug}.csv", header, rows)
