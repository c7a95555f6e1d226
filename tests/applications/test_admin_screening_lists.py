import pytest
from django.urls import reverse

from applications.models import RubricCriterion, State
from applications.services import screening
from tests.factories import ApplicationFactory, ReviewFactory, RoundFactory, TopicFactory


@pytest.mark.parametrize("rows", [1, 3])
@pytest.mark.parametrize(("model", "queries"), [("review", 6), ("statechange", 8), ("rubriccriterion", 8)])
def test_other_screening_lists_query_count_does_not_grow(
    client, coordinator, round_, rows, model, queries, django_assert_num_queries
):
    for n in range(rows):
        application = ApplicationFactory(round=round_)
        ReviewFactory(application=application, reviewer=coordinator)
        screening.decide(application, decision=State.ACCEPTED, actor=coordinator)
        RubricCriterion.objects.create(round=round_, key=f"k{n}", label_sv=f"K{n}", label_en=f"K{n}")
    client.force_login(coordinator)
    url = reverse(f"admin:applications_{model}_changelist")
    client.get(url)
    with django_assert_num_queries(queries):
        response = client.get(url)
    assert response.context["cl"].result_count == rows


def test_topic_filter(client, coordinator, round_):
    topic = TopicFactory(program=round_.program)
    other_topic = TopicFactory(program=round_.program)
    wanted = ApplicationFactory(round=round_)
    wanted.topics.add(topic)
    ApplicationFactory(round=round_).topics.add(other_topic)
    client.force_login(coordinator)
    response = client.get(
        reverse("admin:applications_application_changelist"), {"topics__id__exact": topic.pk}
    )
    assert [a.pk for a in response.context["cl"].result_list] == [wanted.pk]


def test_round_filter_offers_only_my_rounds(client, coordinator, round_):
    ApplicationFactory(round=round_)
    ApplicationFactory(round=RoundFactory(program=round_.program))
    foreign = ApplicationFactory()
    client.force_login(coordinator)
    response = client.get(reverse("admin:applications_application_changelist"))
    assert foreign.round.name not in response.content.decode()
