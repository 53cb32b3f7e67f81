"""CSV columns of sources with their passages (export and import).

One row per passage, in order, the source's columns repeated on each; a source without a
passage the reader may see gets one row with the passage columns empty. Importing creates or
updates the source from each row and the passage at `passage_position`; it never deletes one.
"""

import copy
import itertools
from collections import defaultdict

from django.core.exceptions import ValidationError
from django.db.models import Count
from django.utils.translation import gettext_lazy as _
from import_export import widgets
from import_export.fields import Field

from core.csv.columns import URL
from core.csv.copy import address_cell, as_cell, chosen_ids, field_cell, passage_address
from core.csv.resources import (
    CHUNK_SIZE,
    DATE_FORMAT,
    ERROR_LANGUAGE_MISSING,
    IntegerWidget,
    KnowledgeBaseResource,
    address_maker,
    address_parts,
    without_search_columns,
)
from core.languages import LANGUAGE_CODES
from core.models import Language

from .models import PASSAGES_PER_PAGE, Passage, Source

ERROR_PASSAGE_QUOTED = _(
    "Passage %(position)s is quoted by a claim and the new text no longer holds the quote; change the quote first."
)

ERROR_PASSAGE_SENSITIVE_FORBIDDEN = _(
    "You may not change whether passage %(position)s is sensitive; leave passage_sensitive as it was. "
    "A new passage may be marked sensitive."
)

PASSAGE_COLUMNS = ("passage_position", "passage_kind", "passage_original_language", "passage_text_ar")
PASSAGE_COLUMNS += ("passage_text_en", "passage_sensitive")
# The export's passage cells, in the order SourceResource.export_values makes them from PASSAGE_READ.
PASSAGE_CELLS = PASSAGE_COLUMNS[:5] + ("passage_url", "passage_sensitive")
# The export counts the passages of this many sources at a time, to group small sources in one read.
SOURCES_COUNTED = 100
PASSAGE_READ = ("position", "kind", "original_language", "text_ar", "text_en", "sensitive")


def passage_addresses(base_url):
    """Return (source slug, position) -> the passage's public address; each part is made once, not once a row."""
    source_url = address_maker(base_url, "source-detail", "slug")
    anchors = {}

    def address(slug, position):
        if position not in anchors:
            anchors[position] = Passage(position=position).anchor
        return source_url(slug) + anchors[position]

    return address


def passage_address_cell(base_url):
    """Return (SQL, params) of the passage's public address in a COPY statement, its source `s`, itself `p`."""
    anchor = passage_address("p.position", PASSAGES_PER_PAGE)
    return address_cell(address_parts(base_url, "source-detail", "slug"), "s.slug", anchor)


class SourceResource(KnowledgeBaseResource):
    source_url = Field(attribute="url", column_name="source_url")
    date = Field(attribute="date", column_name="date", widget=widgets.DateWidget(DATE_FORMAT))
    passage_position = Field(column_name="passage_position")
    passage_kind = Field(column_name="passage_kind")
    passage_original_language = Field(column_name="passage_original_language")
    passage_text_ar = Field(column_name="passage_text_ar")
    passage_text_en = Field(column_name="passage_text_en")
    passage_url = Field(column_name="passage_url", readonly=True)
    passage_sensitive = Field(column_name="passage_sensitive")
    private_columns = ("published", "sensitive", "passage_sensitive")
    required_translations = ("title",)
    children_columns = PASSAGE_COLUMNS
    column_paths = {
        "source_url": "url",
        "passage_position": "passages__position",
        "passage_kind": "passages__kind",
        "passage_original_language": "passages__original_language",
        "passage_text_ar": "passages__text_ar",
        "passage_text_en": "passages__text_en",
        "passage_url": "passages",
        "passage_sensitive": "passages__sensitive",
    }
    column_labels = {"source_url": _("Address of the source"), "passage_url": _("Address of the passage")}
    column_types = {"passage_url": URL}
    column_notes = {
        "id": _("The source's number in the knowledge base; every passage of one source has a row with the same id."),
        "title": _("The source's title in each language."),
        "kind": _("What sort of document the source is."),
        "author": _("Who wrote or published the source."),
        "date": _("When the source was published."),
        "source_url": _("Where the source can be read, when it is online."),
        "original_language": _("The language the source was written in."),
        "research_question": _("The research question the source answers."),
        "passage_kind": _("What the passage is within the source: a paragraph, the research question or the answer."),
        "passage_text": _("The passage's text in each language; one of them is a translation."),
        "passage_url": _("The address of the passage on the source's page."),
    }

    class Meta(KnowledgeBaseResource.Meta):
        model = Source
        fields = [
            "id",
            "slug",
            "url",
            "title_ar",
            "title_en",
            "kind",
            "author_ar",
            "author_en",
            "date",
            "source_url",
            "original_language",
            "research_question_ar",
            "research_question_en",
            "notes_ar",
            "notes_en",
            "passage_position",
            "passage_kind",
            "passage_original_language",
            "passage_text_ar",
            "passage_text_en",
            "passage_url",
            "published",
            "sensitive",
            "passage_sensitive",
        ]
        export_order = fields

    # Export

    def _passages(self):
        passages = Passage.objects.all()
        return passages.filter(published=True, sensitive=False) if self.public else passages

    def export_values(self, queryset):
        """Yield one row per passage (one for a source without any): the source's cells, then the passage's.

        A source's cells are read once for all its passages, and the passages are read as plain
        values, not as records: the export writes a million of them.
        """
        readers = self.export_readers()
        names = [field.column_name for field in self.get_export_fields()]
        shown = [(at, names.index(name)) for at, name in enumerate(PASSAGE_CELLS) if name in names]
        passage_url = passage_addresses(self.base_url)
        for source, passages in self.iter_sources(queryset):
            cells = ["" if name in PASSAGE_CELLS else read(source) for name, read in zip(names, readers, strict=True)]
            empty = True
            for position, kind, language, text_ar, text_en, sensitive in passages:
                empty = False
                address = passage_url(source.slug, position)
                passage = (str(position), kind, language, text_ar, text_en, address, str(int(sensitive)))
                row = cells.copy()
                for at, index in shown:
                    row[index] = passage[at]
                yield row
            if empty:
                yield cells

    def copy_statement(self, queryset):
        """Return the SELECT of export_values' public rows: each source, then its public passages in order.

        A source's cells are made once, in a materialized common table expression, not once for each
        of its passages: at a million passages, in process, that took the statement from 12.2 to 11.7 s.
        """
        ids = chosen_ids(queryset, ("slug",))
        if not self.public or ids is None:
            return None
        source_cells, source_params, cells, params = [], [], [], []
        for name in self.export_header():
            if name == "passage_url":
                cell, cell_params = passage_address_cell(self.base_url)
                cells.append(as_cell(cell))
                params += cell_params
            elif name.startswith("passage_"):
                cells.append(as_cell(field_cell("p", Passage, name.removeprefix("passage_"))))
            else:
                if name == "url":
                    cell, cell_params = address_cell(address_parts(self.base_url, "source-detail", "slug"), "s.slug")
                    source_params += cell_params
                else:
                    cell = field_cell("s", Source, "url" if name == "source_url" else name)
                cells.append(f"s.cell_{len(source_cells)}")
                source_cells.append(f"{as_cell(cell)} AS cell_{len(source_cells)}")
        ids_sql, ids_params = ids
        # OFFSET 0 keeps the sources' subquery apart, so its cells are made once a source, and its
        # order known: each source's passages then come through their index in order.
        statement = (
            f"SELECT {', '.join(cells)} FROM (SELECT s.id, s.slug, {', '.join(source_cells)}"
            f" FROM {Source._meta.db_table} s WHERE s.id IN ({ids_sql}) ORDER BY s.slug OFFSET 0) s"
            f" LEFT JOIN {Passage._meta.db_table} p ON p.source_id = s.id AND p.published AND NOT p.sensitive"
            " ORDER BY s.slug, p.position"
        )
        return statement, (*params, *source_params, *ids_params)

    def iter_sources(self, queryset):
        """Yield (source, its passages' PASSAGE_READ values in position order), the sources in queryset's order.

        A source can hold thousands of passages, so passages are not prefetched per chunk of
        sources: sources are batched until their passages make a chunk, and a source that fills a
        chunk on its own streams its passages through a cursor of their own.
        """
        batch, rows = [], 0
        for source, count in self._counted(without_search_columns(queryset)):
            if count >= CHUNK_SIZE:
                yield from self._batch(batch)
                batch, rows = [], 0
                passages = self._passages().filter(source=source).order_by("position").values_list(*PASSAGE_READ)
                yield source, passages.iterator(chunk_size=CHUNK_SIZE)
                continue
            batch.append(source)
            rows += max(1, count)
            if rows >= CHUNK_SIZE:
                yield from self._batch(batch)
                batch, rows = [], 0
        yield from self._batch(batch)

    def _counted(self, sources):
        """Yield (source, its passages in the export), counted SOURCES_COUNTED sources at a time.

        Counted as they come, not all at once: counting every passage first kept the first byte waiting
        for seconds at a million passages.
        """
        chunk = []
        for source in itertools.chain(sources.iterator(chunk_size=CHUNK_SIZE), [None]):
            if source is not None:
                chunk.append(source)
            if chunk and (source is None or len(chunk) == SOURCES_COUNTED):
                passages = self._passages().filter(source__in=[source.pk for source in chunk])
                counts = dict(passages.order_by().values_list("source_id").annotate(count=Count("pk")))
                yield from ((source, counts.get(source.pk, 0)) for source in chunk)
                chunk = []

    def _batch(self, batch):
        by_source = {source.pk: [] for source in batch}
        passages = self._passages().filter(source__in=list(by_source)).order_by("source_id", "position")
        for source_id, *values in passages.values_list("source_id", *PASSAGE_READ).iterator(chunk_size=CHUNK_SIZE):
            by_source[source_id].append(values)
        for source in batch:
            yield source, by_source[source.pk]

    # Import

    def row_key(self, row):
        # One row per passage: a source may have several rows, but one for each position.
        slug = str(row.get("slug") or "").strip()
        return (slug, str(row.get("passage_position") or "").strip()) if slug else None

    def before_import(self, dataset, **kwargs):
        super().before_import(dataset, **kwargs)
        # The stored passages the file names, one query per source rather than one per row.
        self._stored_passages = {}
        if not {"slug", "passage_position"} <= set(dataset.headers or []):
            return
        positions = defaultdict(set)
        for slug, position in zip(dataset["slug"], dataset["passage_position"], strict=True):
            if str(position).strip().isdigit():
                positions[str(slug).strip()].add(int(position))
        sources = Source.objects.filter(slug__in=list(positions)).values_list("pk", "slug")
        for source_pk, slug in sources.iterator(chunk_size=CHUNK_SIZE):
            passages = without_search_columns(Passage.objects.filter(source_id=source_pk))
            for passage in passages.filter(position__in=sorted(positions[slug])):
                self._stored_passages[source_pk, passage.position] = passage

    def _stored_passage(self, source, position):
        passage = self._stored_passages.get((source.pk, position))
        if passage is None and position is not None:
            # A source this import created or one the file did not name up front.
            passage = source.passages.filter(position=position).first()
        # A copy: a rejected row must not leave its values on the passage the next row reads.
        return copy.copy(passage) if passage is not None else None

    def import_children(self, source, row, errors):
        source._csv_passage = None
        values = {name: str(row.get(name) or "").strip() for name in PASSAGE_COLUMNS}
        if not any(values.values()):
            return
        try:
            position = IntegerWidget().clean(values["passage_position"])
        except ValueError as error:
            errors["passage_position"] = [str(error)]
            return
        passage = None
        if source.pk is not None and position is not None:
            passage = self._stored_passage(source, position)
        if passage is None:
            # A new passage is public only when its importer may publish: a curator's waits for review.
            passage = Passage(position=position, published=self._may_publish())
        before = (passage.kind, passage.original_language, passage.text_ar, passage.text_en, passage.sensitive)
        passage.kind = values["passage_kind"] or Passage.Kind.PARAGRAPH
        passage.original_language = values["passage_original_language"] or source.original_language
        passage.text_ar, passage.text_en = row.get("passage_text_ar") or "", row.get("passage_text_en") or ""
        if "passage_sensitive" in row:
            passage.sensitive = widgets.BooleanWidget().clean(values["passage_sensitive"]) or False
        after = (passage.kind, passage.original_language, passage.text_ar, passage.text_en, passage.sensitive)
        passage._csv_changed = before != after
        source._csv_passage = passage
        if passage.pk is not None and passage.sensitive != before[-1] and not self._may_publish():
            errors["passage_sensitive"] = [ERROR_PASSAGE_SENSITIVE_FORBIDDEN % {"position": position}]
        if passage.pk is not None and not passage._csv_changed:
            # Unchanged: nothing to check, and checking each constraint costs a query.
            return
        for code in LANGUAGE_CODES:
            if not getattr(passage, f"text_{code}").strip():
                errors[f"passage_text_{code}"] = [ERROR_LANGUAGE_MISSING % {"language": Language(code).label}]
        try:
            passage.full_clean(exclude=["source", "text_ar", "text_en"], validate_unique=False)
        except ValidationError as error:
            for field, messages in error.message_dict.items():
                errors.setdefault(f"passage_{field}", []).extend(messages)
        if passage.pk is not None and passage._csv_changed and self._breaks_quotes(passage):
            errors["passage_text_ar"] = [ERROR_PASSAGE_QUOTED % {"position": position}]

    def _breaks_quotes(self, passage):
        quotes = list(passage.evidence_citations.values_list("quote_ar", "quote_en"))
        quotes += list(passage.relationship_citations.values_list("quote_ar", "quote_en"))
        return any(
            (quote_ar or "") not in passage.text_ar or (quote_en or "") not in passage.text_en
            for quote_ar, quote_en in quotes
        )

    def children_changed(self, source):
        passage = getattr(source, "_csv_passage", None)
        return passage is not None and (passage.pk is None or passage._csv_changed)

    def save_children(self, source):
        passage = getattr(source, "_csv_passage", None)
        if passage is None or not (passage.pk is None or passage._csv_changed):
            return
        passage.source = source
        passage._change_reason = "CSV import"
        passage.save()
