"""Every table the public site exports, in one list: the data dictionary and the dataset releases read it.

A table is either one model's rows in the columns of its resource (the lists, and the tables a
release holds), or a page's own table (the matrix, the search results). Adding an export means
adding it here, and the dictionary's test then asks for a description of each of its columns.
"""

from dataclasses import dataclass

from django.utils.translation import gettext_lazy as _

from orgs.models import Organization, Region, Relationship
from orgs.resources import OrganizationResource, RegionResource, RelationshipResource
from sources.models import Source
from sources.resources import SourceResource
from strategies.models import Evidence, Strategy
from strategies.resources import EvidenceResource, StrategyResource
from website.csv.tables import matrix_columns, search_columns


@dataclass(frozen=True)
class Table:
    """One exported table: its key (the file name in a release), title, and where its columns come from."""

    key: str
    title: str
    description: str
    # The page offering `format=csv` and `format=xlsx`, by URL name; None for a release-only table.
    url_name: str | None
    resource_class: type | None = None
    model: type | None = None
    columns_of_page: object = None

    def columns(self):
        """Return the table's columns (core.csv.columns.Column), in the export's order."""
        if self.resource_class is not None:
            return self.resource_class(public=True).export_columns()
        return self.columns_of_page()

    def public_queryset(self):
        """Return the records a public export of this table holds (only for a model's table)."""
        return self.model.objects.published()


# In the order a release is loaded back: each table names only records of the tables before it.
MODEL_TABLES = [
    Table(
        "regions",
        _("Regions"),
        _("Places, from the whole world down to cities: one row per region."),
        "region-list",
        RegionResource,
        Region,
    ),
    Table(
        "organizations",
        _("Organizations"),
        _("Every actor: NGOs, groups, bodies, platforms, events. One row per organization."),
        "organization-list",
        OrganizationResource,
        Organization,
    ),
    Table(
        "strategies",
        _("Strategies"),
        _("Tactics, in a tree of categories: one row per strategy."),
        "strategy-list",
        StrategyResource,
        Strategy,
    ),
    Table(
        "sources",
        _("Sources and passages"),
        _("Documents and their passages: one row per passage, the source's columns repeated on each."),
        "source-list",
        SourceResource,
        Source,
    ),
    Table(
        "evidence",
        _("Claims and their citations"),
        _("Claims that an organization uses a strategy: one row per citation, with the quote it rests on."),
        "evidence-list",
        EvidenceResource,
        Evidence,
    ),
    Table(
        "relationships",
        _("Relationships"),
        _("Typed links between two organizations: one row per relationship."),
        None,
        RelationshipResource,
        Relationship,
    ),
]

PAGE_TABLES = [
    Table(
        "matrix",
        _("Matrix"),
        _("Organizations (or regions) against strategies, with the matrix page's filters: every row, not one page."),
        "matrix",
        columns_of_page=matrix_columns,
    ),
    Table(
        "search",
        _("Search results"),
        _("The matches of a search, type by type, best first."),
        "search",
        columns_of_page=search_columns,
    ),
]

TABLES = MODEL_TABLES + PAGE_TABLES
