"""Demo data for programs: organisations, two programs, four rounds, staff and an applicant.

The founding program has a round that is over, one in progress (kickoff and midpoint passed, its
end ahead), one open for applications and one upcoming.

Every person and company here is fictional. Idempotent: natural keys with update_or_create,
dates relative to the moment it runs (re-running moves them, never adds rows).
"""

from datetime import datetime, time, timedelta

from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group, Permission
from django.utils import timezone

from mentorship.timezones import STOCKHOLM

from .models import (
    ContactPerson,
    Eligibility,
    EligibilityEntry,
    Organisation,
    Program,
    ProgramMembership,
    Role,
    Round,
    RoundInterest,
    SurveyQuestion,
    SurveyQuestionKind,
    Topic,
)
from .survey_questions import add_default_survey

PASSWORD = "demo1234"
STAFF_APPS = ["programs", "applications", "matching", "pairs", "notifications", "reminders", "privacy"]

HOST = "Handelskammaren Exempelregionen"
LIGHTING = "Ljusverket Belysning AB"
PARTNERS = [
    ("Norrbacka Verkstäder AB", "Tillverkning", "Norrbacka"),
    ("Sjöviks Sparbank", "Bank och finans", "Sjövik"),
    ("Gröna Dalen Energi AB", "Energi", "Dalby"),
    ("Vätterstrand Logistik AB", "Logistik", "Strandköping"),
    ("Kvarnbyns IT-konsult AB", "IT", "Kvarnby"),
    ("Ekholms Bygg AB", "Bygg", "Norrbacka"),
]
TOPICS = [
    ("ledarskap", "Ledarskap", "Leadership"),
    ("mangfald", "Mångfald", "Diversity"),
    ("hallbarhet", "Hållbarhet", "Sustainability"),
    ("teknik", "Teknik", "Technology"),
    ("arbetsgivarvarumarke", "Arbetsgivarvarumärke", "Employer branding"),
]

DESCRIPTION_SV = """Omvänt mentorskap är ett generationsöverbryggande mentorskapsprogram för att bygga \
ledare rustade för framtiden. Unga ledande kvinnor från årets lista "Unga ledare i regionen" är mentorer åt \
seniora ledare – vd:ar och chefer – hos länets partnerföretag, som är adepter.

Vanligtvis är det seniora ledare som coachar juniora. Här vänder vi på det: vi vet att vi har mycket att \
lära av unga ledare, av deras förväntningar, erfarenheter och tankar om ledarskap, mångfald, hållbarhet, \
teknikutveckling och arbetsgivarvarumärke. Lärandet går åt båda hållen.

En omgång pågår i sex månader. Paren träffas ungefär en gång i månaden och besöker varandras arbetsplatser."""

DESCRIPTION_EN = """Reverse mentoring is a cross-generational mentorship program that builds leaders ready \
for the future. Young women leaders from this year's "Young leaders of the region" list mentor senior \
leaders – chief executives and managers – of the region's partner companies, who are the mentees.

Usually senior leaders coach junior ones. Here we turn it around: we know we have a lot to learn from \
young leaders, from their expectations, experience and thoughts on leadership, diversity, sustainability, \
technology and employer branding. The learning goes both ways.

A round lasts six months. Pairs meet about once a month and visit each other's workplaces."""

PRIVACY_SV = """Handelskammaren Exempelregionen är personuppgiftsansvarig. Vi behandlar uppgifterna i din \
ansökan (namn, kontaktuppgifter, roll, organisation och dina svar) för att välja ut och matcha deltagare \
och driva programmet. Rättslig grund är ditt samtycke, som du kan återkalla när som helst. Uppgifterna \
delas bara med programmets samordnare och, om du blir antagen, med din mentorskapspartner. Ansökningar \
som inte antas raderas tolv månader efter omgångens slut. Du kan när som helst ladda ner eller radera \
dina uppgifter."""

PRIVACY_EN = """Handelskammaren Exempelregionen is the data controller. We process the data in your \
application (name, contact details, role, organisation and your answers) to select and match participants \
and run the program. The legal basis is your consent, which you may withdraw at any time. The data is \
shared only with the program's coordinators and, if you are accepted, with your mentoring partner. \
Applications that are not accepted are deleted twelve months after the round ends. You can download or \
delete your data at any time."""

HOW_TO_APPLY_SV = """Logga in med din e-postadress – du får en inloggningslänk, inget lösenord behövs. \
Välj om du söker som mentor eller adept, fyll i formuläret och skicka in före sista ansökningsdag. \
Du kan spara ett utkast och ändra din ansökan fram till sista dagen."""

HOW_TO_APPLY_EN = """Sign in with your e-mail address – you get a sign-in link, no password needed. \
Choose whether you apply as a mentor or a mentee, fill in the form and submit it before the deadline. \
You can save a draft and change your application until the last day."""


def _local(day, hour: int = 9, minute: int = 0) -> datetime:
    """An instant at a Swedish wall-clock time on a given date."""
    return datetime.combine(day, time(hour, minute), tzinfo=STOCKHOLM)


def _timeline(open_day, *, deadline_days: int, mentee_extra_days: int = 0) -> dict:
    """A six-month round's dates from its opening day, in Swedish time."""
    deadline = open_day + timedelta(days=deadline_days)
    return {
        "applications_open": _local(open_day, 9),
        "mentor_deadline": _local(deadline, 23, 59),
        "mentee_deadline": _local(deadline + timedelta(days=mentee_extra_days), 23, 59),
        "screening_ends": _local(deadline + timedelta(days=mentee_extra_days + 14), 17),
        "pairs_announced": _local(deadline + timedelta(days=mentee_extra_days + 21), 10),
        "confirm_by": _local(deadline + timedelta(days=mentee_extra_days + 28), 23, 59),
        "kickoff": _local(deadline + timedelta(days=mentee_extra_days + 35), 15),
        "midpoint": _local(deadline + timedelta(days=mentee_extra_days + 125), 9),
        "ends": _local(deadline + timedelta(days=mentee_extra_days + 215), 17),
        "follow_up": _local(deadline + timedelta(days=mentee_extra_days + 395), 9),
    }


def seed(stdout) -> None:
    """Create or update the programs part of the demo and print the logins."""
    today = timezone.localdate(timezone=STOCKHOLM)
    organisations = _organisations()
    program = _demo_program(organisations)
    _logo(program)
    topics = _topics(program)
    partners = [organisations[name] for name, _i, _m in PARTNERS] + [organisations[LIGHTING]]
    common = {"program": program, "is_published": True, "capacity": 12}
    completed = _round(
        "hosten-2025",
        name="Hösten 2025",
        **common,
        **_timeline(today - timedelta(days=480), deadline_days=30),
    )
    # Six months in progress: kickoff about 135 days ago, midpoint 45 days ago, the end ahead.
    running = _round(
        "varen-2026",
        name="Våren 2026",
        **common,
        **_timeline(today - timedelta(days=200), deadline_days=30),
    )
    current = _round(
        "hosten-2026",
        name="Hösten 2026",
        **common,
        mentor_eligibility=Eligibility.LIST,
        mentee_eligibility=Eligibility.PARTNER,
        **_timeline(today - timedelta(days=10), deadline_days=31, mentee_extra_days=2),
    )
    upcoming = _round(
        "varen-2027",
        name="Våren 2027",
        **common,
        **_timeline(today + timedelta(days=45), deadline_days=30),
    )
    for round_ in (completed, running, current, upcoming):
        round_.partners.set(partners)
        round_.topics.set(topics)
    _eligibility(current)
    for email, language in [("nyfiken@example.org", "sv"), ("curious@example.org", "en")]:
        RoundInterest.objects.update_or_create(round=upcoming, email=email, defaults={"language": language})
    other = _other_program(organisations, today)
    _people(program, other)


def _organisations() -> dict[str, Organisation]:
    rows = [
        (HOST, Organisation.Kind.HOST, "Intresseorganisation", "Strandköping", "https://example.org/"),
        (LIGHTING, Organisation.Kind.PARTNER, "Belysning", "Norrbacka", "https://example.com/"),
    ] + [(name, Organisation.Kind.PARTNER, industry, town, "") for name, industry, town in PARTNERS]
    organisations = {}
    for name, kind, industry, town, website in rows:
        organisations[name], _ = Organisation.objects.update_or_create(
            name=name,
            defaults={
                "kind": kind,
                "industry": industry,
                "municipality": town,
                "region": "Exempelregionen",
                "website": website,
            },
        )
    return organisations


def _demo_program(organisations) -> Program:
    program, _ = Program.objects.update_or_create(
        slug="omvant-mentorskap",
        defaults={
            "name": "Omvänt mentorskap",
            "description_sv": DESCRIPTION_SV,
            "description_en": DESCRIPTION_EN,
            "is_reverse": True,
            "accent_colour": DEMO_COLOUR,
            "mentor_label_sv": "Mentor",
            "mentor_label_en": "Mentor",
            "mentee_label_sv": "Adept",
            "mentee_label_en": "Mentee",
            "privacy_notice_sv": PRIVACY_SV,
            "privacy_notice_en": PRIVACY_EN,
            "privacy_notice_version": "2026-1",
            "retention_months": 12,
        },
    )
    program.hosts.set([organisations[HOST], organisations[LIGHTING]])
    add_default_survey(program)
    contacts = [
        ("Lina Berglöf", "Projektledare, Handelskammaren Exempelregionen", "lina.berglof@example.org"),
        ("Jonas Ekvall", "Chef för kompetensutveckling, Ljusverket Belysning", "jonas.ekvall@example.com"),
    ]
    for name, title, email in contacts:
        ContactPerson.objects.update_or_create(
            program=program, name=name, defaults={"title": title, "email": email, "phone": "010-123 45 67"}
        )
    return program


DEMO_COLOUR = "#7a1f5c"


def _logo(program: Program) -> None:
    """A made-up logo (two overlapping rings: the two sides of a pair), drawn once."""
    import io

    from PIL import Image, ImageDraw

    from .branding import store_logo

    if program.logo_updated_at:
        return
    image = Image.new("RGBA", (240, 96), (255, 255, 255, 0))
    draw = ImageDraw.Draw(image)
    draw.ellipse((8, 8, 88, 88), outline=DEMO_COLOUR, width=10)
    draw.ellipse((56, 8, 136, 88), outline="#d99a2b", width=10)
    draw.rounded_rectangle((152, 30, 232, 66), radius=18, fill=DEMO_COLOUR)
    data = io.BytesIO()
    image.save(data, format="PNG")
    store_logo(program, data.getvalue(), at=timezone.now())


def _topics(program: Program) -> list[Topic]:
    return [
        Topic.objects.update_or_create(program=program, slug=slug, defaults={"name_sv": sv, "name_en": en})[0]
        for slug, sv, en in TOPICS
    ]


def _round(slug: str, **fields) -> Round:
    fields.setdefault("description_sv", "Sex månader av omvänt mentorskap: unga ledare möter seniora ledare.")
    fields.setdefault("description_en", "Six months of reverse mentoring: young leaders meet senior leaders.")
    fields.setdefault("how_to_apply_sv", HOW_TO_APPLY_SV)
    fields.setdefault("how_to_apply_en", HOW_TO_APPLY_EN)
    round_, _ = Round.objects.update_or_create(slug=slug, defaults=fields)
    return round_


def _eligibility(round_: Round) -> None:
    listed = ["applicant@example.org"] + [f"ung.ledare{n}@example.org" for n in range(1, 9)]
    for email in listed:
        EligibilityEntry.objects.update_or_create(
            round=round_, role=Role.MENTOR, email=email, defaults={"note": "Unga ledare i regionen 2026"}
        )


def _other_program(organisations, today) -> Program:
    program, _ = Program.objects.update_or_create(
        slug="mentorskap-for-nya-chefer",
        defaults={
            "name": "Mentorskap för nya chefer",
            "description_sv": "Erfarna chefer är mentorer åt nya chefer under deras första år.",
            "description_en": "Experienced managers mentor new managers through their first year.",
            "is_reverse": False,
            "privacy_notice_sv": PRIVACY_SV,
            "privacy_notice_en": PRIVACY_EN,
        },
    )
    program.hosts.set([organisations[HOST]])
    add_default_survey(program)
    # The program's own survey item, mirrored: each role asked about the same thing in their words.
    SurveyQuestion.objects.update_or_create(
        program=program,
        key="new_role_support",
        defaults={
            "kind": SurveyQuestionKind.SCALE,
            "label_sv": "Hur väl har du kunnat stötta din adept i den nya chefsrollen? (1–5)",
            "label_en": "How well have you been able to support your mentee in the new role? (1–5)",
            "mentee_label_sv": "Hur väl har mentorskapet stöttat dig i den nya chefsrollen? (1–5)",
            "mentee_label_en": "How well has the mentorship supported you in your new role? (1–5)",
            "report_label_sv": "Stöd i chefsrollen (1–5)",
            "report_label_en": "Support in the new role (1–5)",
            "required": True,
            "order": 35,
            "surveys": ["midpoint", "end"],
        },
    )
    _round(
        "nya-chefer-2026",
        program=program,
        name="Nya chefer 2026",
        is_published=True,
        description_sv="Ett år med en erfaren mentor för dig som är ny som chef.",
        description_en="A year with an experienced mentor for new managers.",
        **_timeline(today - timedelta(days=5), deadline_days=40),
    )
    return program


def _group(name: str, actions: tuple[str, ...]) -> Group:
    group, _ = Group.objects.get_or_create(name=name)
    perms = Permission.objects.filter(
        content_type__app_label__in=STAFF_APPS, codename__regex=rf"^({'|'.join(actions)})_"
    )
    group.permissions.set(perms)
    return group


def _user(email: str, *, full_name: str, **flags):
    user, _ = get_user_model().objects.update_or_create(
        email=email, defaults={"full_name": full_name, "is_active": True, **flags}
    )
    if not user.check_password(PASSWORD):
        user.set_password(PASSWORD)
        user.save(update_fields=["password"])
    return user


def _people(program: Program, other: Program) -> None:
    coordinators = _group("Coordinators", ("view", "add", "change"))
    leads = _group("Program leads", ("view",))
    coordinator, lead = ProgramMembership.Kind.COORDINATOR, ProgramMembership.Kind.LEAD
    staff = [
        ("coordinator@example.org", "Klara Demosson", program, coordinator, coordinators),
        ("coordinator2@example.org", "Amir Testberg", program, coordinator, coordinators),
        ("lead@example.org", "Birgitta Provén", program, lead, leads),
        ("other.coordinator@example.org", "Oskar Annanby", other, coordinator, coordinators),
    ]
    for email, name, member_of, kind, group in staff:
        user = _user(email, full_name=name, is_staff=True, is_superuser=False)
        user.groups.set([group])
        ProgramMembership.objects.update_or_create(program=member_of, user=user, defaults={"kind": kind})
    _user("applicant@example.org", full_name="Sofia Exempel", is_staff=False, is_superuser=False)
    _user("admin@example.org", full_name="Admin Demo", is_staff=True, is_superuser=True)


LOGINS = [
    ("coordinator@example.org", "coordinator of Omvänt mentorskap (admin)"),
    ("coordinator2@example.org", "second coordinator of Omvänt mentorskap (admin)"),
    ("lead@example.org", "program lead of Omvänt mentorskap (view only)"),
    ("other.coordinator@example.org", "coordinator of Mentorskap för nya chefer only"),
    ("applicant@example.org", "applicant (signs in by e-mailed link or password)"),
    ("admin@example.org", "superuser"),
]


def print_logins(stdout) -> None:
    """Write the demo logins; seed_demo calls it last so they end its output."""
    stdout.write(f"Demo logins (password {PASSWORD}):")
    for email, what in LOGINS:
        stdout.write(f"  {email:<32} {what}")
