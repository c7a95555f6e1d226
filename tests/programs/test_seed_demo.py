from io import StringIO

import pytest
from django.apps import apps
from django.contrib.auth import get_user_model
from django.core.management import CommandError, call_command

from programs.models import Phase, Program, ProgramMembership, Round


def row_counts() -> dict[str, int]:
    return {model._meta.label: model._default_manager.count() for model in apps.get_models()}


def seed() -> str:
    out = StringIO()
    call_command("seed_demo", force=True, stdout=out)
    return out.getvalue()


@pytest.mark.django_db
def test_seed_demo_twice_gives_the_same_row_counts_for_every_model():
    seed()
    first = row_counts()

    seed()

    assert row_counts() == first
    assert first["programs.Round"] == 5


@pytest.mark.django_db
def test_seed_demo_refuses_with_debug_off_unless_forced(settings):
    settings.DEBUG = False

    with pytest.raises(CommandError):
        call_command("seed_demo", stdout=StringIO())
    assert not Program.objects.exists()


@pytest.mark.django_db
def test_seed_demo_makes_the_rounds_in_the_phases_the_demo_needs():
    seed()

    phases = {round_.slug: round_.phase for round_ in Round.objects.all()}

    assert phases["hosten-2025"] == Phase.COMPLETED
    assert phases["varen-2026"] == Phase.RUNNING
    assert phases["hosten-2026"] == Phase.OPEN
    assert phases["varen-2027"] == Phase.UPCOMING


@pytest.mark.django_db
def test_seed_demo_logins_work_and_are_printed(client):
    output = seed()

    for email in [
        "coordinator@example.org",
        "lead@example.org",
        "applicant@example.org",
        "admin@example.org",
    ]:
        assert email in output
        assert get_user_model().objects.get(email=email).check_password("demo1234")
    coordinator = get_user_model().objects.get(email="coordinator@example.org")
    assert coordinator.is_staff and not coordinator.is_superuser
    assert coordinator.has_perm("programs.change_round")
    assert not get_user_model().objects.get(email="lead@example.org").has_perm("programs.change_round")
    assert ProgramMembership.objects.get(user__email="other.coordinator@example.org").program.slug == (
        "mentorskap-for-nya-chefer"
    )
    assert output.rstrip().endswith("superuser")


@pytest.mark.django_db
def test_coordinator_can_use_the_admin_after_seeding(client):
    seed()
    client.post("/admin/login/", {"username": "coordinator@example.org", "password": "demo1234"})

    assert client.get("/admin/programs/round/").status_code == 200


@pytest.mark.django_db
def test_demo_home_page_lists_the_open_and_upcoming_rounds(client):
    seed()

    page = client.get("/").content.decode()

    assert "Hösten 2026" in page and "Våren 2027" in page and "Hösten 2025" not in page


@pytest.mark.django_db
def test_seed_demo_has_a_round_in_progress_a_newcomer_can_look_at(client):
    """Kickoff passed, pairs active with meetings, one ended early, the midpoint survey answered,
    the demo applicant in an active pair; a kickoff event with answers, a message sent to the pairs
    and a bounced e-mail for the coordinators to see."""
    from communication.models import Event, Message
    from matching.models import Pair
    from notifications.models import Notification
    from pairs.models import Meeting, SurveyResponse

    seed()
    pairs = Pair.objects.filter(round__slug="varen-2026")

    states = sorted(pairs.values_list("state", flat=True))
    assert states.count("active") >= 4 and states.count("ended_early") == 1
    mine = pairs.get(mentee_application__email="applicant@example.org")
    assert mine.state == "active"
    assert [t.to_state for t in mine.transitions.order_by("at")] == ["proposed", "confirmed", "active"]
    assert Meeting.objects.filter(pair=mine).count() >= 3
    assert SurveyResponse.objects.filter(pair__round__slug="varen-2026", kind="midpoint").exists()
    assert not SurveyResponse.objects.filter(pair__round__slug="varen-2026", kind="end").exists()
    kickoff = Event.objects.get(round__slug="varen-2026", kind="kickoff")
    assert kickoff.invitations.exclude(answer="").exists()
    message = Message.objects.get(round__slug="varen-2026")
    assert message.recipients.filter(application=mine.mentee_application).exists()
    assert Notification.objects.filter(program__slug="omvant-mentorskap", status="failed").exists()

    client.force_login(get_user_model().objects.get(email="applicant@example.org"))
    page = client.get(f"/pairs/{mine.pk}/")
    assert page.status_code == 200 and mine.mentor_application.full_name in page.content.decode()
