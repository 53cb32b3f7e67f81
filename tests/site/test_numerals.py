"""One numeral style per page language: Arabic-Indic digits on Arabic pages, Western digits on English ones."""

import re

import pytest
from django.core.management import call_command

pytestmark = pytest.mark.django_db

WESTERN = re.compile(r"(?<![A-Za-z0-9/._@#&;-])[0-9]+(?![A-Za-z0-9/_@])")
ARABIC_INDIC = re.compile("[٠-٩]")


def main_text(response):
    """Return the page's main text, without tags and without the parts in another language."""
    html = response.content.decode()
    main = html[html.index("<main") : html.index("</main>")]
    main = re.sub(r'<(span|div|p|blockquote)[^>]*lang="en"[^>]*>.*?</\1>', " ", main, flags=re.S)
    return re.sub(r"<[^>]+>", " ", main)


@pytest.fixture
def seeded():
    call_command("load_seed", verbosity=0)


def test_arabic_pages_write_the_numbers_of_their_text_in_arabic_indic_digits(client, seeded):
    text = main_text(client.get("/ar/organizations/human-rights-campaign/"))
    assert "١٩٨٠" in text and "١٩٩٥" in text
    assert "hrc.org" in text
    assert WESTERN.findall(text) == []


def test_english_pages_keep_western_digits(client, seeded):
    text = main_text(client.get("/en/organizations/human-rights-campaign/"))
    assert "1980" in text
    assert not ARABIC_INDIC.search(text)


def test_search_results_on_an_arabic_page_use_arabic_indic_digits(client, seeded):
    text = main_text(client.get("/ar/search/", {"q": "موسكو"}))
    assert "٢٠١٣" in text
    assert WESTERN.findall(text) == []
