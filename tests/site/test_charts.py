"""The charts of the home and region pages: bars that link to claims, their table, their CSV, both directions."""

import csv
import io
import re

import pytest

from tests.factories import EvidenceFactory, RegionFactory

pytestmark = pytest.mark.django_db


def read_csv(response):
    """Read a streamed CSV download back with the csv module."""
    assert response["Content-Type"].startswith("text/csv")
    text = b"".join(response.streaming_content).decode("utf-8-sig")
    return list(csv.reader(io.StringIO(text)))


def bar_links(html, chart_id):
    """Return the links of the SVG marks of one chart."""
    figure = html.split(f'aria-labelledby="{chart_id}-title"', 1)[1].split("</figure>", 1)[0]
    svgs = re.findall(r"<svg class=\"bars__bar\".*?</svg>", figure, flags=re.S)
    return [link for svg in svgs for link in re.findall(r'<a href="([^"]+)"', svg)]


def test_home_draws_strategies_by_region_with_each_mark_linking_to_its_claims(client, kb):
    html = client.get("/en/").content.decode()
    links = bar_links(html, "chart-regions")
    # Alpha's social-media claim is tagged Kenya, in Africa: a mark of the Africa bar.
    assert "/en/evidence/?region=africa&amp;strategy=public-awareness" in links
    assert 'class="fill-0"' in html
    assert "Strategies by region" in html


def test_home_draws_claims_by_status_linking_to_the_filtered_evidence_list(client, kb):
    html = client.get("/en/").content.decode()
    assert bar_links(html, "chart-status") == ["/en/evidence/?status=reported"]
    table = html.split('id="chart-status-caption"', 1)[1].split("</table>", 1)[0]
    assert "Corroborated" in table and "Disputed" in table


def test_the_bars_start_from_the_right_on_arabic_pages(client, kb):
    english = client.get("/en/").content.decode()
    arabic = client.get("/ar/").content.decode()
    start = re.compile(r'<rect class="fill-\d" x="([\d.]+)" y="0" width="([\d.]+)"')
    (x_en, width_en), (x_ar, width_ar) = start.findall(english)[0], start.findall(arabic)[0]
    assert float(x_en) == 0 and width_en == width_ar
    assert float(x_ar) + float(width_ar) == 1000
    # Arabic pages count in Arabic-Indic digits, in the bars' labels and the table alike.
    assert '<span class="bars__total">١</span>' in arabic


def test_the_charts_csv_holds_the_same_numbers_in_both_languages(client, kb):
    rows = read_csv(client.get("/en/?format=csv&chart=strategies-by-region"))
    header, lines = rows[0], rows[1:]
    assert header[:6] == ["kind", "id", "slug", "url", "name_ar", "name_en"]
    assert header[-1] == "total"
    africa = next(line for line in lines if line[2] == "africa")
    assert africa[header.index("public-awareness")] == "1" and africa[header.index("litigation")] == "0"
    assert africa[3] == "http://testserver/en/regions/africa/"

    statuses = read_csv(client.get("/ar/?format=csv&chart=claims-by-status"))
    assert statuses[0] == ["status", "label_ar", "label_en", "claims", "url"]
    assert statuses[1][:4] == ["reported", "وارد في المصدر", "Reported by the source", "2"]


def test_an_unknown_chart_is_a_404_not_an_error(client, kb):
    assert client.get("/en/?format=csv&chart=nothing%00").status_code == 404
    assert client.get("/en/regions/africa/?format=csv&chart=").status_code == 404


def test_the_region_page_compares_the_regions_inside_it(client, kb):
    response = client.get("/en/regions/africa/")
    html = response.content.decode()
    assert "/en/evidence/?region=kenya&amp;strategy=public-awareness" in bar_links(html, "chart-regions")
    assert bar_links(html, "chart-status") == ["/en/evidence/?status=reported&amp;region=africa"]
    rows = read_csv(client.get("/en/regions/africa/?format=csv&chart=strategies-by-region"))
    assert [line[2] for line in rows[1:]] == ["kenya"]
    assert response["Content-Type"].startswith("text/html")


def test_no_chart_counts_a_hidden_claim_region_or_strategy(client, kb):
    hidden = RegionFactory(slug="secret-country", name_en="Secret Country", parent=kb.africa, sensitive=True)
    EvidenceFactory(organization=kb.beta, strategy=kb.social).regions.set([hidden])
    for url in ["/en/", "/en/regions/africa/", "/en/regions/world/"]:
        html = client.get(url).content.decode()
        for word in ["Secret", "secret-tactic", "Hidden", "hidden-land", "sensitive-org"]:
            assert word not in html.split("<main", 1)[1].split("claims-title")[0], (url, word)
    for url in [
        "/en/?format=csv&chart=strategies-by-region",
        "/en/regions/world/?format=csv&chart=strategies-by-region",
    ]:
        text = "\n".join(",".join(line) for line in read_csv(client.get(url)))
        assert "secret" not in text and "hidden" not in text
    # The hidden claim of alpha (secret tactic, Kenya) is not among Kenya's counted claims.
    rows = read_csv(client.get("/en/regions/kenya/?format=csv&chart=claims-by-status"))
    assert rows[1][3] == "1"


@pytest.mark.smoke
def test_every_visual_view_answers_on_either_database(client, kb):
    for url in [
        "/en/",
        "/ar/regions/africa/",
        "/en/map/",
        "/ar/map/?strategy=litigation",
        "/en/network/",
        "/en/organizations/alpha/",
        "/ar/timeline/?by=organization",
    ]:
        assert client.get(url).status_code == 200, url
    for url in [
        "/en/?format=csv&chart=strategies-by-region",
        "/en/map/?format=csv",
        "/en/network/?format=csv",
        "/en/timeline/?format=csv",
        "/en/map/?format=csv&strategy=nothing",
    ]:
        assert len(read_csv(client.get(url))) >= 1, url
