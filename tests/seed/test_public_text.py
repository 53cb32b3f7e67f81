"""Public text speaks in the knowledge base's own voice: no file names and no "seed document" wording."""

import json
from io import StringIO

import pytest
from django.core.management import CommandError, call_command

from orgs.models import Organization
from strategies.models import Evidence
from tests.seed.test_load_seed import TRANSLATED
from website.seed.loader import INTERNAL_WORDING, SeedWordingError, seed_data, seed_load

pytestmark = pytest.mark.django_db


def test_no_public_field_of_a_seeded_record_names_a_file_or_the_seed():
    seed_load()
    for model, names in TRANSLATED.items():
        for record in model.objects.all():
            for name in names:
                for code in ("ar", "en"):
                    text = getattr(record, f"{name}_{code}") or ""
                    assert not INTERNAL_WORDING.search(text), (model.__name__, record.pk, name, code, text)


def test_sources_are_named_by_their_title_in_the_notes_and_facts():
    seed_load()
    for organization in Organization.objects.exclude(facts_source_en=""):
        assert "source documents" not in organization.facts_source_en
        assert "وثائق المصدر" not in organization.facts_source_ar


@pytest.mark.parametrize(
    "wording",
    ["Seed document 000 says that it lobbies.", "See 000_af87961253d3165b.txt.", "تقول وثيقة البذرة إنها تضغط."],
)
def test_the_loader_refuses_public_text_that_names_a_file_or_the_seed(tmp_path, wording):
    data = seed_data()
    data["evidence"][0]["summary_en"] = wording
    path = tmp_path / "seed.json"
    path.write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")

    with pytest.raises(SeedWordingError, match="summary_en"):
        seed_load(path=path)
    with pytest.raises(CommandError, match="must not name files"):
        call_command("load_seed", file=str(path), stdout=StringIO())
    assert not Evidence.objects.exists()


def test_the_file_a_source_was_curated_from_is_kept_but_never_loaded():
    seed_load()
    assert all(source["document"].endswith(".txt") for source in seed_data()["sources"])
    assert INTERNAL_WORDING.search(seed_data()["sources"][0]["document"])


def test_the_shipped_seed_passes_the_loaders_check():
    out = StringIO()
    call_command("load_seed", stdout=out)
    assert "Seed loaded." in out.getvalue()
