"""The reviewer's admin index: the applications to review, each with my score or "not scored"."""

from django import template

from applications.selectors_screening import applicant_label, format_score, to_review

register = template.Library()


@register.simple_tag
def applications_to_review(user):
    """None for program staff; else rows (application, label, my score or None)."""
    rows = to_review(user)
    if rows is None:
        return None
    return [
        (
            application,
            applicant_label(application),
            None if application.my_score is None else format_score(application.my_score),
        )
        for application in rows
    ]
