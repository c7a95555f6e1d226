"""Demo applications: every state for both roles in the open round, accepted ones in the completed
round and in the round in progress (where the demo applicant is a mentee, and one mentor waits on
the waitlist for a place to come free).

All people and companies are invented. Idempotent: update_or_create on (round, e-mail, role);
timestamps follow the round's own dates, so re-running never adds rows.
"""

from datetime import timedelta

from django.contrib.auth import get_user_model

from programs.models import Role, Round

from .default_questions import FOUNDING_QUESTIONS
from .models import Application, Availability, MeetingFormat, Question, State

OPEN_ROUND = "hosten-2026"
COMPLETED_ROUND = "hosten-2025"
RUNNING_ROUND = "varen-2026"
DEMO_APPLICANT = "applicant@example.org"

MENTORS = [  # (name, title, organisation, municipality, language)
    ("Astrid Fjällgren", "Projektledare", "Solbacka Design AB", "Norrbacka", "sv"),
    ("Elin Norrsjö", "Teamchef", "Kvistens Kommunikation AB", "Sjövik", "sv"),
    ("Maja Ekbacken", "Produktägare", "Lövhagens Mjukvara AB", "Kvarnby", "en"),
    ("Saga Lindvreten", "Enhetschef", "Strandköpings kommun", "Strandköping", "sv"),
    ("Nora Tallqvist", "Hållbarhetsansvarig", "Dalby Kraftringen AB", "Dalby", "sv"),
    ("Ida Sjöbrink", "Grundare", "Sjöbrink Studio", "Sjövik", "sv"),
    ("Wilma Rönnmark", "Driftchef", "Mossviks Mejeri AB", "Norrbacka", "sv"),
    ("Alva Granhed", "HR-chef", "Granhedens Omsorg AB", "Kvarnby", "en"),
    ("Ebba Vassby", "Butikschef", "Vassby Handel AB", "Strandköping", "sv"),
    ("Linnea Björkhamn", "Utvecklingsledare", "Björkhamns Folkhögskola", "Dalby", "sv"),
    ("Klara Ängsholm", "Säljchef", "Ängsholm Media AB", "Sjövik", "sv"),
    ("Tuva Mossberg", "Ingenjör och gruppledare", "Mossbergs Elteknik AB", "Norrbacka", "sv"),
    ("Hedda Kronlid", "Verksamhetsutvecklare", "Kronlids Redovisning AB", "Kvarnby", "sv"),
]
MENTOR_STATES = (
    [State.SUBMITTED] * 6
    + [State.ACCEPTED] * 3
    + [
        State.WAITLISTED,
        State.REJECTED,
        State.DRAFT,
        State.WITHDRAWN,
    ]
)

MENTEES = [  # (name, title, years as a leader, language)
    ("Bengt Kvarnlid", "VD", 22, "sv"),
    ("Monica Sävhammar", "Personalchef", 15, "sv"),
    ("Per-Olof Ljungstrand", "Fabrikschef", 28, "sv"),
    ("Ulla Grankvist", "Ekonomichef", 18, "sv"),
    ("Stefan Ekdalsvik", "VD", 25, "en"),
    ("Karin Tornvreten", "Försäljningsdirektör", 12, "sv"),
    ("Håkan Bruksberg", "Platschef", 20, "sv"),
    ("Eva Lindhagsvik", "Kommunikationschef", 10, "sv"),
    ("Mats Rosendalsby", "IT-chef", 14, "sv"),
    ("Annika Sjöholmen", "Vice VD", 17, "sv"),
    ("Göran Hällekvist", "Styrelseordförande", 30, "sv"),
    ("Birgitta Alvsnäs", "Kvalitetschef", 11, "sv"),
    ("Lennart Brofjäll", "Inköpschef", 16, "sv"),
    ("Agneta Vrånglid", "Regionchef", 19, "sv"),
    ("Jan-Erik Mosstorp", "VD", 26, "sv"),
]
MENTEE_STATES = (
    [State.SUBMITTED] * 7
    + [State.ACCEPTED] * 4
    + [
        State.WAITLISTED,
        State.REJECTED,
        State.WITHDRAWN,
        State.DRAFT,
    ]
)

MEETING_FORMATS = [MeetingFormat.EITHER, MeetingFormat.IN_PERSON, MeetingFormat.REMOTE]
SLOTS = [value for value, _label in Availability.choices]


def _email(name: str) -> str:
    ascii_name = name.lower().translate(str.maketrans("åäöé ", "aaoe.", ""))
    return f"{ascii_name.replace('-', '')}@example.org"


def _user(name: str, language: str):
    user, _created = get_user_model().objects.update_or_create(
        email=_email(name), defaults={"full_name": name, "preferred_language": language}
    )
    return user


def _save(round_, user, role: str, state: str, index: int, answers: dict) -> Application:
    """Create or update one application with timestamps inside the round's window."""
    opened = round_.applications_open
    submitted = state not in (State.DRAFT,)
    decided = state in (State.ACCEPTED, State.WAITLISTED, State.REJECTED)
    released = round_.phase not in ("upcoming", "open", "screening")
    topics = list(round_.topics.order_by("slug"))
    defaults = {
        "applicant": user,
        "state": state,
        "full_name": user.full_name,
        "languages": ["sv", "en"] if answers.pop("language") == "en" else ["sv"],
        "meeting_format": MEETING_FORMATS[index % 3],
        "availability": [SLOTS[index % 10], SLOTS[(index + 3) % 10], SLOTS[(index + 6) % 10]],
        "consent_at": opened + timedelta(hours=index + 1),
        "consent_version": round_.program.privacy_notice_version,
        "submitted_at": opened + timedelta(days=1 + index % 9) if submitted else None,
        "is_eligible": True if submitted else None,
        "eligibility_note": "",
        "notified_state": state if decided and released else "",
        "decided_at": opened + timedelta(days=12) if decided else None,
        "decision_released_at": round_.screening_ends if decided and released else None,
        "withdrawn_at": opened + timedelta(days=11) if state == State.WITHDRAWN else None,
        **answers,
    }
    application, _created = Application.objects.update_or_create(
        round=round_, email=user.email, role=role, defaults=defaults
    )
    if topics:
        application.topics.set([topics[index % len(topics)], topics[(index + 2) % len(topics)]])
    return application


def _mentor(round_, index: int, state: str, person) -> Application:
    name, title, organisation, municipality, language = person
    answers = {
        "language": language,
        "title": title,
        "organisation": None,
        "organisation_name": organisation,
        "answers": {"list_year": 2025 + index % 2},
        "municipality": municipality,
        "motivation": "Jag vill dela hur min generation ser på ledarskap och arbetsliv.",
        "want_to_learn": "Hur erfarna ledare fattar svåra beslut och bygger nätverk.",
        "can_offer": "Perspektiv på digitala verktyg, mångfald och hållbart arbetsliv.",
    }
    return _save(round_, _user(name, language), Role.MENTOR, state, index, answers)


def _mentee(round_, index: int, state: str, person, partners) -> Application:
    name, title, years, language = person
    organisation = partners[index % len(partners)] if partners else None
    answers = {
        "language": language,
        "title": title,
        "organisation": organisation,
        "organisation_name": "" if organisation else "Exempelbolaget AB",
        "industry": organisation.industry if organisation else "",
        "answers": {"years_as_leader": years},
        "municipality": organisation.municipality if organisation else "Norrbacka",
        "motivation": "Jag vill förstå vad som driver unga ledare och hur vi blir en attraktiv arbetsgivare.",
        "want_to_learn": "Sociala medier, nya sätt att leda och vad unga förväntar sig av en chef.",
        "can_offer": "Lång erfarenhet av att leda förändring och av styrelsearbete.",
    }
    return _save(round_, _user(name, language), Role.MENTEE, state, index, answers)


def _open_round(round_, stdout) -> None:
    partners = list(round_.partners.order_by("name"))
    for index, (person, state) in enumerate(zip(MENTORS, MENTOR_STATES, strict=True)):
        _mentor(round_, index, state, person)
    for index, (person, state) in enumerate(zip(MENTEES, MENTEE_STATES, strict=True)):
        _mentee(round_, index, state, person, partners)
    # One of each role flagged ineligible for screening.
    Application.objects.filter(round=round_, email=_email(MENTORS[5][0]), role=Role.MENTOR).update(
        is_eligible=False, eligibility_note="E-postadressen finns inte på omgångens lista."
    )
    Application.objects.filter(round=round_, email=_email(MENTEES[6][0]), role=Role.MENTEE).update(
        organisation=None,
        organisation_name="Fristående Rådgivning AB",
        is_eligible=False,
        eligibility_note="Organisationen är inte en deltagande partner.",
    )
    _demo_applicant_draft(round_, partners)
    stdout.write(f"  applications: {Application.objects.filter(round=round_).count()} in {round_.slug}")


def _demo_applicant_draft(round_, partners) -> None:
    user = get_user_model().objects.filter(email=DEMO_APPLICANT).first() or _user("Demo Sökande", "sv")
    Application.objects.update_or_create(
        round=round_,
        email=user.email,
        role=Role.MENTEE,
        defaults={
            "applicant": user,
            "state": State.DRAFT,
            "full_name": user.full_name or "Demo Sökande",
            "title": "VD",
            "organisation": partners[0] if partners else None,
            "motivation": "Jag har börjat skriva här och gör klart senare.",
        },
    )


def _completed_round(round_, stdout) -> None:
    partners = list(round_.partners.order_by("name"))
    for index in range(8):
        _mentor(round_, index, State.ACCEPTED, MENTORS[index])
        _mentee(round_, index, State.ACCEPTED, MENTEES[index + 7], partners)
    stdout.write(f"  applications: {Application.objects.filter(round=round_).count()} in {round_.slug}")


def _running_round(round_, stdout) -> None:
    """Six mentors and six mentees accepted (the demo applicant among the mentees), a mentor waitlisted."""
    partners = list(round_.partners.order_by("name"))
    for index in range(6):
        _mentor(round_, index, State.ACCEPTED, MENTORS[index + 7])
    for index in range(5):
        _mentee(round_, index, State.ACCEPTED, MENTEES[index + 10], partners)
    _mentor(round_, 6, State.WAITLISTED, MENTORS[6])
    user = get_user_model().objects.filter(email=DEMO_APPLICANT).first() or _user("Sofia Exempel", "sv")
    answers = {
        "language": "sv",
        "title": "VD",
        "organisation": partners[0] if partners else None,
        "organisation_name": "" if partners else "Exempelbolaget AB",
        "industry": partners[0].industry if partners else "",
        "answers": {"years_as_leader": 12},
        "municipality": partners[0].municipality if partners else "Norrbacka",
        "motivation": "Jag vill förstå hur nästa generation vill bli ledd.",
        "want_to_learn": "Hur unga ledare använder digitala verktyg och bygger nätverk.",
        "can_offer": "Erfarenhet av att leda ett växande bolag.",
    }
    _save(round_, user, Role.MENTEE, State.ACCEPTED, 5, answers)
    stdout.write(f"  applications: {Application.objects.filter(round=round_).count()} in {round_.slug}")


def founding_questions(program) -> None:
    """The founding program asks its own questions (the same as the data migration created)."""
    for definition in FOUNDING_QUESTIONS:
        Question.objects.update_or_create(program=program, key=definition["key"], defaults=definition)


def seed(stdout) -> None:
    """Create or update the demo applications (nothing if the demo rounds are missing)."""
    current = Round.objects.select_related("program").filter(slug=OPEN_ROUND).first()
    if current is not None:
        founding_questions(current.program)
        _open_round(current, stdout)
    completed = Round.objects.select_related("program").filter(slug=COMPLETED_ROUND).first()
    if completed is not None:
        _completed_round(completed, stdout)
    running = Round.objects.select_related("program").filter(slug=RUNNING_ROUND).first()
    if running is not None:
        _running_round(running, stdout)
