import io
from datetime import timedelta

from django.utils import timezone

from pairs import demo, selectors
from pairs.models import Meeting, SurveyResponse
from tests.factories import ApplicationFactory, PairFactory, RoundFactory


def test_demo_without_the_round_or_pairs_does_nothing(db):
    out = io.StringIO()
    demo.seed(out)
    RoundFactory(slug=demo.ROUND_SLUGS[0], anchor=timezone.now() - timedelta(days=400))
    demo.seed(out)

    assert not Meeting.objects.exists()
    assert "nothing to do" in out.getvalue()


def test_demo_fills_the_completed_round_once_with_visible_aggregates(db):
    round_ = RoundFactory(
        slug=demo.ROUND_SLUGS[0], anchor=timezone.now().replace(microsecond=0) - timedelta(days=400)
    )
    for _ in range(7):
        PairFactory(
            round=round_,
            state="completed",
            mentor_application=ApplicationFactory(round=round_, mentor=True, accepted=True),
            mentee_application=ApplicationFactory(round=round_, accepted=True),
        )

    demo.seed(io.StringIO())
    counts = (Meeting.objects.count(), SurveyResponse.objects.count())
    demo.seed(io.StringIO())

    assert (Meeting.objects.count(), SurveyResponse.objects.count()) == counts
    assert counts[0] > 7 * 3
    assert not any(group.hidden for group in selectors.survey_aggregates(round_) if group.kind == "end")
    assert selectors.consented_quotes(round_)
    healths = {row.health for row in selectors.pair_rows(round_)}
    assert {"green", "red"} <= healths
