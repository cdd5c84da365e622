"""A digest of an imported Pol.is conversation agrees with the counts in its CSVs."""

from collections import Counter

import pytest
from django.utils import timezone

from consultations.digests.compute import digest_compute
from consultations.polis.importer import polis_import
from tests.consultations.polis.conftest import SHARED, read_source
from tests.factories import ConsultationPageFactory

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("name", ["15-per-hour-seattle", "canadian-electoral-reform"])
def test_the_digest_of_an_imported_conversation_matches_its_csvs(name):
    directory = SHARED / name
    source = read_source(directory)
    page = ConsultationPageFactory(questions=["Imported question"])
    polis_import(directory=directory, question=page.questions.first())

    content = digest_compute(consultation=page, until=timezone.now())

    participation = content["participation"]
    assert participation["comments"] == len(source.comments)
    assert participation["votes"] == len(source.latest)
    assert participation["participants"] == len(source.participants)
    latest = list(source.latest.values())
    agree, disagree = source.tally(latest, "1"), source.tally(latest, "-1")
    by_body = {source.body(comment_id): comment_id for comment_id in source.comments}
    quoted = content["questions"][0]["broad_agreement"] + content["questions"][0]["divisive"]
    assert quoted
    for quote in quoted:
        comment_id = by_body[quote["text"]]
        assert (quote["agree"], quote["disagree"]) == (agree[comment_id], disagree[comment_id])
    # Placeholder accounts have no age: every band is empty ("fewer than k"), so the "not known" group
    # is held back with them rather than giving them away as total minus itself.
    ages = content["who"]["age_band"]
    assert ages["total"] == len(source.participants)
    assert Counter(cell["shown"] for cell in ages["cells"]) == {"small": 4, "protected": 1}
    assert content["who"]["country"]["cells"] == [
        {"key": "unknown", "shown": "count", "count": len(source.participants)}
    ]
