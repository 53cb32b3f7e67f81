"""The citation form in a real browser: pick the quote from the passage's text, accept the nearest words."""

from pathlib import Path

import pytest
from django.conf import settings
from django.contrib.auth.models import User
from playwright.sync_api import expect

from strategies.models import EvidencePassage
from tests.factories import EvidenceFactory, PassageFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

# Kept for a person to look at, beside the other browser tests' screenshots (make clean removes them).
SHOTS = Path(settings.BASE_DIR) / "test-artifacts" / "screenshots"
TEXT_AR = "تعمل المنظمة مع النشطاء المحليين أيضاً لتعزيز الحقوق في المنطقة."
TEXT_EN = "The organization works with local activists to promote rights in the region."
LABELS = {
    "ar": {"save": "احفظ واستمر بالتعديل", "use": "استعمل أقرب كلمات مطابقة"},
    "en": {"save": "Save and continue editing", "use": "Use the nearest exact words"},
}


@pytest.fixture
def claim(transactional_db):
    """A published claim with no citation yet, and a passage that could back it."""
    passage = PassageFactory(text_ar=TEXT_AR, text_en=TEXT_EN)
    return EvidenceFactory(), passage


@pytest.fixture
def editor_page(browser, live_server, request):
    """A 1366 px wide browser signed in to the admin with editor's rights, in the language asked for."""
    # A transactional test empties the tables, the groups the migrations made included.
    language = request.param
    User.objects.create_superuser("editor", password="a long passphrase")
    context = browser.new_context(viewport={"width": 1366, "height": 900}, locale=language)
    page = context.new_page()
    page.goto(f"{live_server.url}/admin/login/")
    page.locator("#id_username").fill("editor")
    page.locator("#id_password").fill("a long passphrase")
    page.locator("input[type=submit]").click()
    page.wait_for_url(f"{live_server.url}/admin/")
    yield page, language
    context.close()


def open_claim(page, live_server, evidence):
    page.goto(f"{live_server.url}/admin/strategies/evidence/{evidence.pk}/change/")


def add_citation(page, language, passage):
    """Add a citation row and choose the passage in its autocomplete, as a curator would."""
    page.locator(".citations .add-row a").click()
    row = page.locator(".citations .inline-related:not(.empty-form)").last
    row.locator(".select2-selection").click()
    page.locator(".select2-container--open .select2-search__field").fill("local activists")
    text = TEXT_AR if language == "ar" else TEXT_EN
    # The choices name each passage with the start of its text, in the admin's language.
    page.locator(".select2-results__option", has_text=text[:20]).click()
    return row


def select_words(block, words):
    """Select the words in a block of text as a mouse drag leaves them, and release the button there.

    Chromium's drag selection is set from glyph positions that vary with fonts and layout, which
    made a dragged selection unreliable in tests; the selection a drag makes is set directly.
    """
    block.evaluate(
        """(block, words) => {
            const node = block.firstChild;
            const start = node.textContent.indexOf(words);
            const range = document.createRange();
            range.setStart(node, start);
            range.setEnd(node, start + words.length);
            const selection = window.getSelection();
            selection.removeAllRanges();
            selection.addRange(range);
        }""",
        words,
    )
    block.dispatch_event("mouseup")


def width(page):
    return page.evaluate("document.documentElement.scrollWidth")


@pytest.mark.parametrize("editor_page", ["ar", "en"], indirect=True)
def test_selecting_words_in_the_passage_fills_the_quote_and_the_claim_shows_it(live_server, claim, editor_page):
    page, language = editor_page
    evidence, passage = claim
    open_claim(page, live_server, evidence)
    row = add_citation(page, language, passage)
    expect_text = row.locator('.passage-text[lang="en"]')
    expect_text.filter(has_text=TEXT_EN).wait_for()
    assert row.locator('.passage-text[lang="ar"]').inner_text() == TEXT_AR

    select_words(row.locator('.passage-text[lang="ar"]'), "النشطاء المحليين")
    select_words(expect_text, "local activists")
    assert row.locator('textarea[name$="-quote_ar"]').input_value() == "النشطاء المحليين"
    assert row.locator('textarea[name$="-quote_en"]').input_value() == "local activists"
    SHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SHOTS / f"citation-form-{language}-1366.png"), full_page=True)
    assert width(page) <= 1366

    page.get_by_role("button", name=LABELS[language]["save"], exact=True).click()
    expect(page.locator(".messagelist .success")).to_be_visible()
    citation = EvidencePassage.objects.get()
    assert (citation.quote_ar, citation.quote_en, citation.published) == ("النشطاء المحليين", "local activists", True)

    page.goto(f"{live_server.url}/{language}/organizations/{evidence.organization.slug}/")
    claim_block = page.locator("article.claim")
    quote = "النشطاء المحليين" if language == "ar" else "local activists"
    assert quote in claim_block.locator("figure.quote blockquote").inner_text()


@pytest.mark.parametrize("editor_page", ["ar", "en"], indirect=True)
def test_a_near_miss_quote_is_answered_with_the_nearest_exact_words_accepted_in_one_click(
    live_server, claim, editor_page
):
    page, language = editor_page
    evidence, passage = claim
    open_claim(page, live_server, evidence)
    row = add_citation(page, language, passage)
    # The tanwin typed before the alef (the passage has it after), a capital letter and a full
    # stop that the passage does not have.
    row.locator('textarea[name$="-quote_ar"]').fill("المحليين أيضًا لتعزيز")
    row.locator('textarea[name$="-quote_en"]').fill("Local activists.")
    page.get_by_role("button", name=LABELS[language]["save"], exact=True).click()

    row = page.locator(".citations .inline-related:not(.empty-form)").last
    expect(row.locator(".errorlist").first).to_be_visible()
    errors = row.locator(".errorlist").all_inner_texts()
    assert any("“المحليين أيضاً لتعزيز”" in text for text in errors), errors
    assert any("“local activists”" in text for text in errors), errors
    assert row.locator('.passage-text[lang="ar"]').inner_text() == TEXT_AR
    SHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SHOTS / f"citation-errors-{language}-1366.png"), full_page=True)
    assert width(page) <= 1366
    buttons = row.get_by_role("button", name=LABELS[language]["use"])
    expect(buttons).to_have_count(2)
    while buttons.count():
        buttons.first.click()
    assert row.locator('textarea[name$="-quote_ar"]').input_value() == "المحليين أيضاً لتعزيز"
    assert row.locator('textarea[name$="-quote_en"]').input_value() == "local activists"

    page.get_by_role("button", name=LABELS[language]["save"], exact=True).click()
    expect(page.locator(".messagelist .success")).to_be_visible()
    citation = EvidencePassage.objects.get()
    assert (citation.quote_ar, citation.quote_en) == ("المحليين أيضاً لتعزيز", "local activists")


@pytest.mark.parametrize("editor_page", ["ar", "en"], indirect=True)
def test_the_evidence_list_shows_status_published_and_sensitive_on_a_1366_px_screen(live_server, editor_page):
    page, language = editor_page
    for n in range(3):
        EvidenceFactory(
            organization__name_en=f"International Lesbian, Gay, Bisexual, Trans and Intersex Association {n}",
            organization__name_ar=f"الرابطة الدولية للمثليات والمثليين ومزدوجي الميل الجنسي والعابرين {n}",
            strategy__name_en="Documenting human rights violations and submitting shadow reports",
            strategy__name_ar="توثيق انتهاكات حقوق الإنسان وتقديم تقارير الظل",
        )
    page.goto(f"{live_server.url}/admin/strategies/evidence/")
    for column in ["status", "published", "sensitive"]:
        box = page.locator(f"#result_list th.column-{column}").bounding_box()
        assert box and box["x"] >= 0 and box["x"] + box["width"] <= 1366, (column, box)
    assert width(page) <= 1366
