"""The timeline: claims with periods on a time axis, open-ended ones drawn to the edge, with the evidence filters."""

import datetime
import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from strategies.models import Evidence
from tests.factories import EvidenceFactory, OrganizationFactory
from tests.site.test_charts import read_csv
from tests.site.test_query_counts import grow
from website.visuals.timeline import MAX_CLAIMS

pytestmark = pytest.mark.django_db


@pytest.fixture
def dated(kb):
    """Give alpha's claim a closed period and beta's an open one; the hidden claims get periods too."""
    Evidence.objects.filter(pk=kb.alpha_social.pk).update(
        period_start=datetime.date(2013, 1, 1), period_end=datetime.date(2015, 12, 31)
    )
    Evidence.objects.filter(pk=kb.beta_litigation.pk).update(period_start=datetime.date(2018, 6, 1))
    Evidence.objects.exclude(pk__in=[kb.alpha_social.pk, kb.beta_litigation.pk]).update(
        period_start=datetime.date(2001, 1, 1)
    )
    return kb


def bars(html):
    """Return [(href, label, x, width, open)] of the bars drawn."""
    found = re.findall(
        r'<a href="([^"]+)" aria-label="([^"]+)"><title>[^<]*</title><rect class="timeline__bar[^"]*" '
        r'x="([\d.]+)" y="[\d.]+" width="([\d.]+)" height="14"( mask="url\(#timeline-open\)")?',
        html,
    )
    return [(href, label, float(x), float(width), bool(open_end)) for href, label, x, width, open_end in found]


def test_claims_with_periods_are_bars_linking_to_their_claims(client, dated):
    html = client.get("/en/timeline/").content.decode()
    drawn = bars(html)
    assert [(href, label) for href, label, *_rest in drawn] == [
        (f"/en/evidence/{dated.alpha_social.pk}/", "Alpha Network: 2013 – 2015"),
        (f"/en/evidence/{dated.beta_litigation.pk}/", "Beta Collective: 2018 – ongoing"),
    ]
    # Grouped by strategy: the lanes are the strategies, in the page's alphabetical order.
    lanes = re.findall(r'<a class="timeline__label" href="([^"]+)">', html)
    assert lanes == ["/en/strategies/social-media/", "/en/strategies/litigation/"]
    for hidden in ["Hidden Org", "Sensitive Org", "Secret tactic", "2001"]:
        assert hidden not in html
    assert "Drawn: 2 of 2 claims with a period." in html


def test_an_open_ended_period_runs_to_the_edge_and_fades_mirrored_in_arabic(client, dated):
    (_h, _l, x_closed, w_closed, closed_open), (_h2, _l2, x_open, w_open, is_open) = bars(
        client.get("/en/timeline/").content.decode()
    )
    assert not closed_open and is_open
    assert x_open + w_open == pytest.approx(1000)
    arabic = client.get("/ar/timeline/").content.decode()
    # Arabic orders the lanes by their Arabic names: litigation (beta's open claim) comes first there.
    (_h2, _l2, x_open_ar, w_open_ar, _o2), (_h, label, x_closed_ar, _w, _o) = bars(arabic)
    assert x_open_ar == 0 and w_open_ar == pytest.approx(w_open)
    assert x_closed_ar == pytest.approx(1000 - x_closed - w_closed, abs=0.11)
    assert label == "ألفا: ٢٠١٣ – ٢٠١٥"
    assert 'x1="1" x2="0"' in arabic  # the fade runs toward the left edge
    ticks = re.findall(r"<span>([^<]+)</span>", arabic.split('class="timeline__ticks">', 1)[1].split("</div>", 1)[0])
    assert set(ticks[0]) <= set("٠١٢٣٤٥٦٧٨٩") and ticks[0] <= "٢٠١٣" <= ticks[1]


def test_the_timeline_takes_the_evidence_filters_and_groups_by_organization(client, dated):
    html = client.get("/en/timeline/?by=organization&organization=beta").content.decode()
    assert [href for href, *_rest in bars(html)] == [f"/en/evidence/{dated.beta_litigation.pk}/"]
    assert re.findall(r'<a class="timeline__label" href="([^"]+)">', html) == ["/en/organizations/beta/"]
    assert bars(client.get("/en/timeline/?status=disputed").content.decode()) == []
    for query in ["?by=%00", "?strategy=nothing", "?organization=" + "x" * 300, "?region=%F0%9F%92%A5&by=organization"]:
        assert client.get("/en/timeline/" + query).status_code == 200, query


def test_claims_without_a_start_are_counted_and_linked_to_the_evidence_list(client, kb):
    html = client.get("/en/timeline/?status=reported").content.decode()
    assert bars(html) == []
    assert '<a href="/en/evidence/?status=reported">2 claims give no start date.</a>' in html


def test_the_timeline_csv_holds_every_dated_claim(client, dated):
    rows = read_csv(client.get("/en/timeline/?format=csv"))
    header = rows[0]
    assert header[:5] == ["id", "url", "status", "period_start", "period_end"]
    lines = [dict(zip(header, row, strict=True)) for row in rows[1:]]
    assert [(line["organization_slug"], line["period_start"], line["period_end"]) for line in lines] == [
        ("alpha", "2013-01-01", "2015-12-31"),
        ("beta", "2018-06-01", ""),
    ]
    assert lines[1]["strategy_name_ar"] == "التقاضي"


def test_a_long_timeline_draws_a_fixed_number_of_claims_with_the_same_queries(client, dated):
    def queries():
        with CaptureQueriesContext(connection) as captured:
            response = client.get("/en/timeline/?region=kenya&by=organization")
        assert response.status_code == 200
        return len(captured), response.content.decode()

    small, _html = queries()
    grow(dated, n=10)
    for organization in OrganizationFactory.create_batch(MAX_CLAIMS + 5):
        EvidenceFactory(organization=organization, strategy=dated.social, period_start=datetime.date(2020, 1, 1))
    client.get("/en/timeline/")
    count, html = queries()
    assert count == small <= 9
    html = client.get("/en/timeline/").content.decode()
    assert len(bars(html)) == MAX_CLAIMS
    assert f"At most {MAX_CLAIMS} are drawn at once" in html


def test_the_timeline_keeps_its_claims_per_language_until_a_record_changes(client, dated):
    def shown(path):
        with CaptureQueriesContext(connection) as captured:
            html = client.get(path).content.decode()
        return bars(html), len(captured)

    english, counted = shown("/en/timeline/")
    # Kept: the second request reads neither the counts nor the claims again, and draws the same.
    assert shown("/en/timeline/") == (english, counted - 2)
    # The Arabic page orders its lanes by the Arabic names: read for itself, not taken from the English one.
    arabic, arabic_counted = shown("/ar/timeline/")
    assert arabic_counted == counted and len(arabic) == len(english)
    # A new dated public claim shows at once: the save makes the kept claims stale.
    claim = EvidenceFactory(organization=dated.beta, strategy=dated.social, period_start=datetime.date(2020, 1, 1))
    after, recounted = shown("/en/timeline/")
    assert recounted == counted
    assert [href for href, *_rest in after if href == claim.get_absolute_url()] == [claim.get_absolute_url()]
