"""The application form's fields, written in Python, read as crispy-forms' Bootstrap 5 pack wrote them.

The form page is the one applicants open most, so `applications/templatetags/form_fields.py`
writes its markup without templates; the styles, the scripts and the browser tests rely on the
markup crispy-forms wrote. Every field, opened and after a failed submit with text that must be
escaped, is compared element by element (attribute order and whitespace aside).
"""

import pytest
from crispy_forms.templatetags.crispy_forms_filters import as_crispy_field
from django.test.html import parse_html

from applications.forms import ApplicationForm
from applications.models import QuestionKind
from applications.templatetags.form_fields import bootstrap_field
from programs.models import Role
from tests.factories import (
    ApplicationFactory,
    OrganisationFactory,
    QuestionFactory,
    TopicFactory,
    choice_question,
)

pytestmark = pytest.mark.django_db

TRICKY = "Ö & <b>\"fet\"</b> 'x'"


def crispy(field) -> str:
    # The page writes a field's errors inline (<span>), as the crispy helper did (the filter writes
    # <p>); under a list of radio buttons or checkboxes both write <p>.
    html = str(as_crispy_field(field))
    if field.use_fieldset:
        return html
    return html.replace('<p id="error_', '<span id="error_').replace("</strong></p>", "</strong></span>")


@pytest.fixture
def application(round_):
    program = round_.program
    round_.topics.add(TopicFactory(program=program, name_sv="Ledarskap & <mod>"))
    choice_question(program, "sector", ["privat", "<offentlig>"], label_sv="Sektor & <typ>", required=True)
    QuestionFactory(program=program, key="years", kind=QuestionKind.NUMBER, min_value=0, max_value=60)
    QuestionFactory(program=program, key="why", kind=QuestionKind.LONG_TEXT, help_sv="Hjälp <em>här</em>")
    QuestionFactory(program=program, key="ok", kind=QuestionKind.YES_NO)
    partner = OrganisationFactory(name=TRICKY)
    round_.partners.add(partner, OrganisationFactory(name="Husqvarna"))
    return ApplicationFactory(
        round=round_, role=Role.MENTEE, draft=True, motivation=TRICKY, organisation=partner
    )


def assert_same_markup(form):
    fields = list(form)
    assert len(fields) > 15
    for field in fields:
        ours = str(bootstrap_field(field))  # first: crispy adds its classes to the widget
        assert parse_html(ours) == parse_html(crispy(field)), field.name


def test_an_opened_form_has_crispy_forms_markup_with_its_saved_text_escaped(application):
    form = ApplicationForm(instance=application)
    assert_same_markup(form)
    assert "&lt;b&gt;&quot;fet&quot;&lt;/b&gt;" in str(bootstrap_field(form["motivation"]))


def test_a_mentors_form_with_its_capacity_choice_has_crispy_forms_markup(application):
    application.round.max_mentees_per_mentor = 3
    application.role = Role.MENTOR
    application.mentee_capacity = 2
    form = ApplicationForm(instance=application)
    assert_same_markup(form)
    assert '<option value="2" selected>2</option>' in str(bootstrap_field(form["mentee_capacity"]))
    assert "&lt;b&gt;" in str(bootstrap_field(form["organisation_choice"]))  # the partner's name


def test_a_failed_submit_has_crispy_forms_markup_with_its_errors(application):
    data = {"full_name": TRICKY, "q_years": "99", "organisation_choice": "other", "languages": ["sv"]}
    form = ApplicationForm(data, instance=application, submitting=True)
    assert not form.is_valid()
    assert {"title", "q_years", "q_sector", "consent"} <= set(form.errors)
    assert_same_markup(form)
    html = str(bootstrap_field(form["full_name"]))
    assert 'value="Ö &amp; &lt;b&gt;&quot;fet&quot;&lt;/b&gt; &#x27;x&#x27;"' in html
