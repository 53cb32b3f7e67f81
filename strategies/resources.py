"""CSV columns of strategies and of evidence (export and import).

The evidence export has one row per citation, so every row carries the quote in both languages
and the source and passage it comes from, and can be cited on its own. A claim without a
citation the reader may see still gets one row, with the citation columns empty. Importing
reads the rows of one claim one by one: the first creates or updates the claim, each row adds
or updates its citation; an import never deletes a citation.
"""

import itertools
from collections import defaultdict

from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _
from import_export import widgets
from import_export.fields import Field

from core.csv.columns import INTEGER, URL
from core.csv.copy import address_cell, chosen_ids, field_cell, neutralized, select_cells
from core.csv.resources import (
    CHUNK_SIZE,
    DATE_FORMAT,
    KnowledgeBaseResource,
    SlugForeignKeyWidget,
    SlugManyToManyWidget,
    address_maker,
    address_parts,
    cell_text,
)
from core.csv.writer import JOIN, join_values
from orgs.models import Organization, Region
from sources.models import Passage, Source
from sources.quotes import ERROR_QUOTE_EMPTY, validate_quote
from sources.resources import passage_address_cell, passage_addresses

from .models import DISPUTE_FIELDS, Evidence, EvidencePassage, Strategy

ERROR_NO_SUCH_PASSAGE = _("Source “%(source)s” has no passage %(position)s.")
ERROR_PASSAGE_WITHOUT_SOURCE = _("Give the source of the passage, or leave source, passage and quotes empty.")
ERROR_QUOTE_WITHOUT_PASSAGE = _("A quote needs its source and passage.")

CITATION_COLUMNS = ("source", "passage", "quote_ar", "quote_en")
# What the export reads of a claim for each of its own columns (its id, address, regions and citations apart).
CLAIM_READ = {
    "organization": "organization__slug",
    "organization_name_ar": "organization__name_ar",
    "organization_name_en": "organization__name_en",
    "strategy": "strategy__slug",
    "strategy_name_ar": "strategy__name_ar",
    "strategy_name_en": "strategy__name_en",
    "status": "status",
    **{name: name for name in DISPUTE_FIELDS},
    "period_start": "period_start",
    "period_end": "period_end",
    "summary_ar": "summary_ar",
    "summary_en": "summary_en",
    "published": "published",
    "sensitive": "sensitive",
}
# What it reads of a citation, and the cells it makes of that, in this order.
CITATION_READ = ("evidence_id", "passage__source__slug", "passage__source__title_ar", "passage__source__title_en")
CITATION_READ += ("passage__position", "quote_ar", "quote_en")
CITATION_CELLS = ("source", "source_title_ar", "source_title_en", "passage", "passage_url", "quote_ar", "quote_en")
# The same cells by their path from a citation (the address apart), and the aliases of the COPY statement's
# tables by the relation a path crosses, from a claim or from a citation.
CITATION_PATHS = dict(zip((name for name in CITATION_CELLS if name != "passage_url"), CITATION_READ[1:], strict=True))
CLAIM_TABLES = {"": ("e", Evidence), "organization": ("o", Organization), "strategy": ("st", Strategy)}
CITATION_TABLES = {"": ("c", EvidencePassage), "passage": ("p", Passage), "passage__source": ("s", Source)}


def statement_cell(path, tables):
    """Return SQL for the cell at `path` (a `relation__field` path) in the COPY statement, given its tables."""
    relation, _, name = path.rpartition("__")
    alias, model = tables[relation]
    return field_cell(alias, model, name)


class StrategyResource(KnowledgeBaseResource):
    parent = Field(attribute="parent", column_name="parent", widget=SlugForeignKeyWidget(Strategy))
    required_translations = ("name",)
    column_notes = {
        "name": _("The strategy's name in each language."),
        "description": _("What the strategy covers, in each language."),
    }

    class Meta(KnowledgeBaseResource.Meta):
        model = Strategy
        fields = ["id", "slug", "url", "name_ar", "name_en", "parent", "description_ar", "description_en"]
        fields += ["published", "sensitive"]
        export_order = fields

    def prepare_export(self, queryset):
        return queryset.select_related("parent")

    def dehydrate_parent(self, strategy):
        parent = self.public_or_none(strategy.parent)
        return parent.slug if parent else ""


class EvidenceResource(KnowledgeBaseResource):
    organization = Field(
        attribute="organization", column_name="organization", widget=SlugForeignKeyWidget(Organization)
    )
    organization_name_ar = Field(attribute="organization__name_ar", column_name="organization_name_ar", readonly=True)
    organization_name_en = Field(attribute="organization__name_en", column_name="organization_name_en", readonly=True)
    strategy = Field(attribute="strategy", column_name="strategy", widget=SlugForeignKeyWidget(Strategy))
    strategy_name_ar = Field(attribute="strategy__name_ar", column_name="strategy_name_ar", readonly=True)
    strategy_name_en = Field(attribute="strategy__name_en", column_name="strategy_name_en", readonly=True)
    regions = Field(attribute="regions", column_name="regions", widget=SlugManyToManyWidget(Region))
    period_start = Field(attribute="period_start", column_name="period_start", widget=widgets.DateWidget(DATE_FORMAT))
    period_end = Field(attribute="period_end", column_name="period_end", widget=widgets.DateWidget(DATE_FORMAT))
    status_source_date = Field(
        attribute="status_source_date", column_name="status_source_date", widget=widgets.DateWidget(DATE_FORMAT)
    )
    source = Field(column_name="source")
    source_title_ar = Field(column_name="source_title_ar", readonly=True)
    source_title_en = Field(column_name="source_title_en", readonly=True)
    passage = Field(column_name="passage")
    passage_url = Field(column_name="passage_url", readonly=True)
    quote_ar = Field(column_name="quote_ar")
    quote_en = Field(column_name="quote_en")
    children_columns = CITATION_COLUMNS
    column_paths = {
        "source": "citations__passage__source",
        "source_title_ar": "citations__passage__source__title_ar",
        "source_title_en": "citations__passage__source__title_en",
        "passage": "citations__passage__position",
        "passage_url": "citations__passage",
        "quote_ar": "citations__quote_ar",
        "quote_en": "citations__quote_en",
    }
    column_labels = {
        "source": _("source"),
        "passage": _("Passage (its number in the source)"),
        "passage_url": _("Address of the passage"),
        "quote": _("quote"),
    }
    column_types = {"passage": INTEGER, "passage_url": URL}
    column_notes = {
        "id": _("The claim's number in the knowledge base; every citation of one claim has a row with the same id."),
        "organization": _("The organization the claim is about."),
        "organization_name": _("The organization's name, repeated here so the row reads on its own."),
        "strategy": _("The strategy the organization is said to use."),
        "strategy_name": _("The strategy's name, repeated here so the row reads on its own."),
        "regions": _("Regions where the organization uses the strategy, according to the claim."),
        "status": _("How well the claim is supported: reported by one source, corroborated, or disputed."),
        "period_start": _("When the organization began using the strategy, if known."),
        "period_end": _("When the organization stopped using the strategy, if known."),
        "source": _("The source that supports the claim in this row."),
        "source_title": _("The title of that source, repeated here so the row reads on its own."),
        "passage": _("The number of the quoted passage within its source, from 1; the address column links to it."),
        "passage_url": _("The address of the quoted passage on the source's page."),
        "quote": _("The exact words of the passage that support the claim, copied character for character."),
        "status_source_url": _("A link to the source that contradicts the claim."),
    }

    class Meta(KnowledgeBaseResource.Meta):
        model = Evidence
        import_id_fields = ("organization", "strategy")
        fields = [
            "id",
            "url",
            "organization",
            "organization_name_ar",
            "organization_name_en",
            "strategy",
            "strategy_name_ar",
            "strategy_name_en",
            "regions",
            "status",
            *DISPUTE_FIELDS,
            "period_start",
            "period_end",
            "summary_ar",
            "summary_en",
            "source",
            "source_title_ar",
            "source_title_en",
            "passage",
            "passage_url",
            "quote_ar",
            "quote_en",
            "published",
            "sensitive",
        ]
        export_order = fields

    # Export

    def export_values(self, queryset):
        """Yield one row per citation (one for a claim without any): the claim's cells, then the citation's.

        Claims, their regions and citations are read as plain values, a chunk of claims at a time:
        the export writes every claim, and building records for each cost most of its time.
        """
        names = [field.column_name for field in self.get_export_fields()]
        claim_columns = [name for name in names if name in CLAIM_READ]
        cited_at = [(at, names.index(name)) for at, name in enumerate(CITATION_CELLS) if name in names]
        id_at, url_at, regions_at = names.index("id"), names.index("url"), names.index("regions")
        claim_url = address_maker(self.base_url, "evidence-detail", "pk")
        passage_url = passage_addresses(self.base_url)
        claims = queryset.values_list("pk", *(CLAIM_READ[name] for name in claim_columns))
        for chunk in itertools.batched(claims.iterator(chunk_size=CHUNK_SIZE), CHUNK_SIZE):
            ids = [pk for pk, *_values in chunk]
            regions, citations = self._regions_of(ids), self._citations_of(ids)
            for pk, *values in chunk:
                cells = dict(zip(claim_columns, map(cell_text, values), strict=True))
                row = [cells.get(name, "") for name in names]
                row[id_at], row[url_at] = str(pk), claim_url(pk)
                row[regions_at] = join_values(regions.get(pk, ()))
                if pk not in citations:
                    yield row
                for slug, title_ar, title_en, position, quote_ar, quote_en in citations.get(pk, ()):
                    cited = (slug, title_ar, title_en, str(position), passage_url(slug, position), quote_ar, quote_en)
                    with_citation = row.copy()
                    for at, index in cited_at:
                        with_citation[index] = cited[at]
                    yield with_citation

    def copy_statement(self, queryset):
        """Return the SELECT of export_values' public rows: each claim, then its public citations by source."""
        ids = chosen_ids(queryset, ("organization", "strategy"))
        if not self.public or ids is None:
            return None
        addresses = {
            "url": address_cell(address_parts(self.base_url, "evidence-detail", "pk"), "e.id"),
            "passage_url": passage_address_cell(self.base_url),
        }
        regions = Evidence.regions.through._meta.db_table
        cells, params = [], []
        for name in self.export_header():
            if name in addresses:
                cell, cell_params = addresses[name]
                cells.append(cell)
                params += cell_params
            elif name == "regions":
                cells.append(neutralized("placed.slugs"))
            elif name in CITATION_PATHS:
                cells.append(statement_cell(CITATION_PATHS[name], CITATION_TABLES))
            else:
                cells.append(statement_cell(CLAIM_READ.get(name, name), CLAIM_TABLES))
        ids_sql, ids_params = ids
        statement = (
            f"SELECT {select_cells(cells)} FROM {Evidence._meta.db_table} e"
            f" JOIN {Organization._meta.db_table} o ON o.id = e.organization_id"
            f" JOIN {Strategy._meta.db_table} st ON st.id = e.strategy_id"
            f" CROSS JOIN LATERAL (SELECT string_agg(r.slug, %s ORDER BY r.slug) AS slugs FROM {regions} er"
            f" JOIN {Region._meta.db_table} r ON r.id = er.region_id"
            " WHERE er.evidence_id = e.id AND r.published AND NOT r.sensitive) placed"
            f" LEFT JOIN ({EvidencePassage._meta.db_table} c"
            f" JOIN {Passage._meta.db_table} p ON p.id = c.passage_id AND p.published AND NOT p.sensitive"
            f" JOIN {Source._meta.db_table} s ON s.id = p.source_id AND s.published AND NOT s.sensitive)"
            " ON c.evidence_id = e.id AND c.published"
            f" WHERE e.id IN ({ids_sql}) ORDER BY o.slug, st.slug, e.id, s.slug, p.position"
        )
        return statement, (*params, JOIN, *ids_params)

    def _regions_of(self, ids):
        """Return {claim id: [region slug]} of these claims, the slugs in order (public regions only when public)."""
        placed = Evidence.regions.through.objects.filter(evidence_id__in=ids)
        if self.public:
            placed = placed.filter(region__in=Region.objects.published())
        found = defaultdict(list)
        for claim_id, slug in placed.order_by("evidence_id", "region__slug").values_list("evidence_id", "region__slug"):
            found[claim_id].append(slug)
        return found

    def _citations_of(self, ids):
        """Return {claim id: [(source slug, its titles, position, quotes)]} by source and position."""
        citations = EvidencePassage.objects.filter(evidence_id__in=ids)
        if self.public:
            citations = citations.published()
        found = defaultdict(list)
        read = citations.order_by("passage__source__slug", "passage__position").values_list(*CITATION_READ)
        for claim_id, *cited in read:
            found[claim_id].append(cited)
        return found

    # Import

    def row_key(self, row):
        # One row per citation: a claim may have several rows, but one for each passage.
        key = tuple(str(row.get(column) or "").strip() for column in ("organization", "strategy", "source", "passage"))
        return key if any(key) else None

    def import_children(self, evidence, row, errors):
        evidence._csv_citation = None
        values = {name: str(row.get(name) or "").strip() for name in CITATION_COLUMNS}
        if not any(values.values()):
            return
        if not values["source"] or not values["passage"]:
            key = "passage" if values["source"] else "source"
            message = ERROR_PASSAGE_WITHOUT_SOURCE if values["passage"] else ERROR_QUOTE_WITHOUT_PASSAGE
            errors[key] = [message]
            return
        try:
            passage = Passage.objects.select_related("source").get(
                source__slug=values["source"], position=int(values["passage"])
            )
        except (Passage.DoesNotExist, ValueError):
            if not Source.objects.filter(slug=values["source"]).exists():
                errors["source"] = [
                    _("Unknown %(model)s: %(slugs)s.") % {"model": Source._meta.verbose_name, "slugs": values["source"]}
                ]
            else:
                errors["passage"] = [
                    ERROR_NO_SUCH_PASSAGE % {"source": values["source"], "position": values["passage"]}
                ]
            return
        citation = None
        if evidence.pk is not None:
            citation = evidence.citations.filter(passage=passage).first()
        if citation is None:
            # A new citation is public only when its importer may publish: a curator's waits for review.
            citation = EvidencePassage(passage=passage, published=self._may_publish())
        citation._csv_changed = (citation.quote_ar, citation.quote_en) != (values["quote_ar"], values["quote_en"])
        citation.quote_ar, citation.quote_en = values["quote_ar"], values["quote_en"]
        if not citation.quote_ar and not citation.quote_en:
            errors["quote_ar"] = [ERROR_QUOTE_EMPTY]
            return
        try:
            validate_quote(passage, citation)
        except ValidationError as error:
            for field, messages in error.message_dict.items():
                errors.setdefault(field, []).extend(messages)
            return
        evidence._csv_citation = citation

    def children_changed(self, evidence):
        citation = getattr(evidence, "_csv_citation", None)
        return citation is not None and (citation.pk is None or citation._csv_changed)

    def save_children(self, evidence):
        citation = getattr(evidence, "_csv_citation", None)
        if citation is None or not (citation.pk is None or citation._csv_changed):
            return
        citation.evidence = evidence
        citation._change_reason = "CSV import"
        citation.save()
