"""search_everything: one query over every searchable type of record, read from their Searchable declarations."""

from dataclasses import dataclass, field

from django.db.models import F, Q, Window
from django.db.models.functions import RowNumber
from django.utils.translation import gettext_lazy as _

from core.filters import NAME_MAX_LENGTH, NameFilter
from core.languages import LANGUAGE_CODES, other_language, page_language, pick
from core.search import backends
from core.search.backends import CANDIDATES
from core.search.highlight import SNIPPET_WORDS, highlight, matches
from core.search.indexing import Searchable, public_rows, searchable_models, stored_search_columns
from core.search.query import ParsedQuery, parse_query
from core.trees import Tree
from orgs.models import Organization, Region
from sources.models import Passage, Source
from strategies.models import Evidence, EvidencePassage, Strategy
from website.caching import cached_until_change

PER_PAGE = 20
# Suggest close names when a search finds fewer records than this.
SUGGEST_BELOW = 3
MAX_PAGE = CANDIDATES // PER_PAGE
# A filter selecting at most this many claims gives the claims' search their ids, more a subquery.
FEW_CLAIMS = 1000
# How many of the organizations that use a strategy (or work in a region) a hit on it names.
USED_BY_SHOWN = 4

NOTICE_UNKNOWN_FILTER = _("A filter names nothing public in the knowledge base; it was left out.")
NOTICE_SEVERAL_SOURCES = _(
    "More than one source has these words in its title; the source filter was left out. Type more of the title."
)
# The source filter is a text box (a slug or part of a title): a knowledge base holds thousands
# of sources, too many for a drop-down on every search page.
SOURCE_NAMES = NameFilter(records=Source.objects.published(), fields=("title_en", "title_ar"))


@dataclass(frozen=True)
class Kind:
    """One type of record that search returns: a searchable model and its declaration."""

    model: type
    searchable: Searchable

    @property
    def key(self):
        return self.searchable.key

    @property
    def label(self):
        return self.searchable.label


KINDS = [Kind(model, model.searchable) for model in searchable_models()]
KIND_BY_KEY = {kind.key: kind for kind in KINDS}


@dataclass
class Hit:
    """One search result, ready to display."""

    kind: Kind
    record: object
    rank: float
    title: str = ""
    title_language: str = ""
    snippet: str = ""
    snippet_language: str = ""
    url: str = ""
    position: int | None = None
    # The hit's title in parts (an organization, a strategy), each [text, language], in the page's language.
    title_parts: list = field(default_factory=list)
    # The other name (or other language's name) the query matched, shown beside the title: (text, language).
    matched_name: tuple | None = None
    # Who uses a strategy or works in a region, through the public claims: [(name, language)], and whether more do.
    used_by: list = field(default_factory=list)
    used_by_more: bool = False


@dataclass
class SearchResults:
    """What the search page shows."""

    query: ParsedQuery
    kind: str = ""
    counts: dict = field(default_factory=dict)
    hits: list = field(default_factory=list)
    page: int = 1
    has_next: bool = False
    suggestions: list = field(default_factory=list)
    filters: dict = field(default_factory=dict)
    notices: list = field(default_factory=list)

    @property
    def total(self):
        return sum(self.counts.values())

    @property
    def capped(self):
        """Return the kinds whose count stopped at the candidate limit."""
        return {key for key, count in self.counts.items() if count > CANDIDATES}


def resolve_filters(filters):
    """Turn {"region": slug, ...} into public records and the ids below them; return (filters, notices).

    Hidden nodes and what lies under them are left out, as in the lists' filters and facets: a
    record placed only in a hidden region must not match a filter on the region around it.
    """
    resolved, notices = {}, []
    for key, model in (("region", Region), ("strategy", Strategy), ("source", Source)):
        slug = (filters or {}).get(key)
        if not slug:
            continue
        value = str(slug).strip()[:NAME_MAX_LENGTH]
        record = model.objects.published().filter(slug=value).first()
        if record is None and model is Source:
            named = list(SOURCE_NAMES.records(value)[:2])
            if len(named) > 1:
                notices.append(NOTICE_SEVERAL_SOURCES)
                continue
            record = named[0] if named else None
        if record is None:
            notices.append(NOTICE_UNKNOWN_FILTER)
            continue
        resolved[key] = record
        if key != "source":
            resolved[f"{key}_ids"] = Tree.of(model).subtree_ids(record.pk)
    return resolved, notices


def _claims(filters):
    """Return the ids of the public claims that match the region, strategy and source filters."""
    return Evidence.objects.published().filter(_claim_condition(filters)).values("pk")


def _claim_condition(filters):
    """Return the condition a claim meets when it is in the filters' regions, strategies and source."""
    condition = Q()
    if "region" in filters:
        placed = Evidence.regions.through.objects.filter(region__in=filters["region_ids"])
        condition &= Q(pk__in=placed.values("evidence"))
    if "strategy" in filters:
        condition &= Q(strategy__in=filters["strategy_ids"])
    if "source" in filters:
        cited = EvidencePassage.objects.published().filter(passage__source=filters["source"])
        condition &= Q(pk__in=cited.values("evidence"))
    return condition


def _organizations(queryset, filters, claims, cited):
    condition = Q(pk__in=Evidence.objects.filter(pk__in=claims).values("organization"))
    if set(filters) == {"region", "region_ids"}:
        region_ids = filters["region_ids"]
        condition |= Q(country__in=region_ids) | Q(
            pk__in=Organization.regions.through.objects.filter(region__in=region_ids).values("organization")
        )
    return queryset, _kept("organizations", filters, Organization.objects.filter(condition))


def _strategies(queryset, filters, claims, cited):
    if "strategy" in filters:
        queryset = queryset.filter(pk__in=filters["strategy_ids"])
    if set(filters) - {"strategy", "strategy_ids"}:
        queryset = queryset.filter(pk__in=Evidence.objects.filter(pk__in=claims).values("strategy"))
    return queryset, None


def _regions(queryset, filters, claims, cited):
    if "region" in filters:
        queryset = queryset.filter(pk__in=filters["region_ids"])
    if set(filters) - {"region", "region_ids"}:
        queryset = queryset.filter(pk__in=Evidence.regions.through.objects.filter(evidence__in=claims).values("region"))
    return queryset, None


def _sources(queryset, filters, claims, cited):
    if "source" in filters:
        queryset = queryset.filter(pk=filters["source"].pk)
    if set(filters) - {"source"}:
        queryset = queryset.filter(pk__in=Passage.objects.filter(pk__in=cited).values("source"))
    return queryset, None


def _claims_related(queryset, filters, claims, cited):
    ids = _kept("claims", filters, Evidence.objects.filter(pk__in=claims))
    if len(ids) <= FEW_CLAIMS:
        # A source's few claims are looked up by id: as a subquery, the planner read every claim
        # with the words first (300 ms for a common word at the benchmark's scale).
        return queryset, ids
    # A continent's thousands are selected by the filters' conditions on the public claims searched:
    # planning an array of them cost more than reading them again, and as a subquery of the public
    # claims each search read every claim again (about 60 ms at the benchmark's scale).
    return queryset.filter(_claim_condition(filters)), None


def _passages(queryset, filters, claims, cited):
    ids = None
    if "source" in filters:
        queryset = queryset.filter(source=filters["source"])
    if set(filters) - {"source"}:
        # The passages of the filtered claims' reviewed citations, whatever their publication: the
        # passages searched are the public ones. Given as a subquery, the planner walked a million
        # passages by id, newest first, to find the few thousand cited (1.2 s at a million passages).
        quoted = EvidencePassage.objects.filter(published=True, evidence__in=claims).values("passage")
        ids = _kept("passages", filters, Passage.objects.filter(pk__in=quoted))
    return queryset, ids


def _kept(name, filters, rows):
    """Return the ids of rows, read once per value of the filters and kept until a record changes.

    Each type's statement would otherwise find the filtered claims, or the passages they cite, again:
    for a continent at a million passages, about 130 ms for the organizations, 200 ms for the passages.
    """
    key = ":".join(f"{name}={filters[name].pk}" for name in ("region", "strategy", "source") if name in filters)
    return cached_until_change(
        f"search-{name}:{key}", lambda: list(rows.order_by().values_list("pk", flat=True).distinct())
    )


# How each type of result is tied to the region, strategy and source filters: through the claims
# that match them (and, for organizations filtered by region alone, where they are based or active).
RELATED_TO_FILTERS = {
    "organization": _organizations,
    "strategy": _strategies,
    "region": _regions,
    "source": _sources,
    "passage": _passages,
    "claim": _claims_related,
}


def restricted(kind, queryset, filters):
    """Return (queryset, ids): one kind's records narrowed by the chosen region, strategy and source.

    ids, when not None, are the records the filters select (read once and kept until a record changes):
    the rows must also be among them. They are given apart so that each part of a search's statement
    uses them its best way (core.search.backends.PostgreSQLBackend.search_top).
    """
    if not filters:
        return queryset, None
    claims = _claims(filters)
    cited = EvidencePassage.objects.published().filter(evidence__in=claims).values("passage")
    return RELATED_TO_FILTERS[kind.key](queryset, filters, claims, cited)


def _other_names(record):
    """Return the other names (prefetched) of a record whose model declares them, as [(name, language)]."""
    searchable = getattr(record, "searchable", None)
    if not searchable or not searchable.other_names:
        return []
    return [(name.name, name.language) for name in getattr(record, searchable.other_names).all()]


def _display(hit, wanted, language):
    """Fill a hit's title (the page's language; the name the query matched beside it) and snippet."""
    searchable, record = hit.kind.searchable, hit.record
    other = other_language(language)
    parts, matched = [], None
    for owner_name, field_name in searchable.title_paths:
        owner = searchable.title_owner(record, owner_name)
        text, code = pick(owner, field_name, language)
        if owner is record or len(searchable.title_paths) > 1:
            # Another name is shown for the record itself and for related records that have other names.
            named = owner is record or bool(getattr(getattr(owner, "searchable", None), "other_names", ""))
            if named and matched is None and not matches(text, wanted):
                alternative, alternative_code = pick(owner, field_name, other)
                names = [(alternative, alternative_code), *_other_names(owner)]
                found_names = [(name, lang or "") for name, lang in names if name != text and matches(name, wanted)]
                matched = found_names[0] if found_names else None
            text = highlight(text, wanted)
        parts.append([text, code])
    hit.title_parts = parts
    hit.title, hit.title_language = parts[0]
    if matched:
        hit.matched_name = (highlight(matched[0], wanted), matched[1])
    if searchable.position:
        hit.position = getattr(record, searchable.position)
    for name in searchable.snippets:
        for code in (language, other):
            text = getattr(record, f"{name}_{code}", "") or ""
            if text and matches(text, wanted):
                hit.snippet, hit.snippet_language = highlight(text, wanted, SNIPPET_WORDS), code
                return
    for name in searchable.snippets:
        text, code = pick(record, name, language)
        if text:
            hit.snippet, hit.snippet_language = highlight(text, wanted, SNIPPET_WORDS), code
            return


def records_for_display(kind, pks):
    """Fetch one kind's records for display, in one query (two or three with other names), as {pk: record}."""
    # The search columns are large (a passage's vector is about 1 kB) and nothing displayed reads them.
    queryset = kind.model.objects.filter(pk__in=pks).defer(*stored_search_columns(kind.model))
    for owner, _field in kind.searchable.title_paths:
        if owner:
            related = kind.model._meta.get_field(owner).related_model
            queryset = queryset.select_related(owner).defer(
                *(f"{owner}__{name}" for name in stored_search_columns(related))
            )
            names = getattr(related, "searchable", None)
            if names and names.other_names:
                queryset = queryset.prefetch_related(f"{owner}__{names.other_names}")
    if kind.searchable.other_names:
        queryset = queryset.prefetch_related(kind.searchable.other_names)
    return queryset.in_bulk()


def used_by(kind, pks, language):
    """Return {pk: ([(name, language)], more)}: who uses each record, through the public claims (one query)."""
    path = kind.searchable.used_by
    if not path or not pks:
        return {}
    middle, target = path.split(".")
    relation = kind.model._meta.get_field(middle)
    back = relation.field.name
    names = [f"{target}__name_{code}" for code in LANGUAGE_CODES]
    rows = (
        public_rows(relation.related_model)
        .filter(**{f"{back}__in": pks})
        .annotate(
            search_row=Window(RowNumber(), partition_by=[F(back)], order_by=[F(f"{target}__slug").asc()]),
            search_owner=F(back),
        )
        .filter(search_row__lte=USED_BY_SHOWN * 3)
        .values_list("search_owner", f"{target}_id", *names)
    )
    found = {}
    for owner, target_id, *texts in rows:
        listed, seen = found.setdefault(owner, ([], set()))
        if target_id in seen:
            continue
        seen.add(target_id)
        by_code = dict(zip(LANGUAGE_CODES, texts, strict=True))
        code = language if by_code.get(language) else other_language(language)
        listed.append((by_code.get(code) or "", code))
    return {
        owner: (sorted(listed)[:USED_BY_SHOWN], len(listed) > USED_BY_SHOWN) for owner, (listed, _seen) in found.items()
    }


def search_everything(*, query, filters=None, page=1, kind=None, language=None):
    """Search every public record type; return one page of hits, best first, with counts per type."""
    parsed = query if isinstance(query, ParsedQuery) else parse_query(query)
    language = language or page_language()
    resolved, notices = resolve_filters(filters)
    kind = kind if kind in KIND_BY_KEY else ""
    try:
        page = min(max(1, int(page)), MAX_PAGE)
    except (TypeError, ValueError):
        page = 1
    results = SearchResults(query=parsed, kind=kind, page=page, filters=resolved, notices=notices)
    if not parsed:
        return results
    wanted = parsed.positive_tokens
    depth = page * PER_PAGE
    ranked = []
    for each in KINDS:
        limit = depth + 1 if kind in ("", each.key) else 0
        queryset, ids = restricted(each, each.model.objects.published(), resolved)
        count, pairs = queryset.search_top(parsed, limit, among=ids, whole=not resolved)
        results.counts[each.key] = count
        ranked += [(rank, each, pk) for pk, rank in pairs]
    ranked.sort(key=lambda item: (-item[0], item[1].key, -item[2]))
    window = ranked[depth - PER_PAGE : depth]
    results.has_next = len(ranked) > depth and page < MAX_PAGE
    records, users = {}, {}
    for each in KINDS:
        pks = [pk for _rank, hit_kind, pk in window if hit_kind is each]
        if pks:
            records[each.key] = records_for_display(each, pks)
            users[each.key] = used_by(each, pks, language)
    for rank, each, pk in window:
        record = records[each.key].get(pk)
        if record is None:
            continue
        hit = Hit(kind=each, record=record, rank=rank, url=record.get_absolute_url())
        _display(hit, wanted, language)
        hit.used_by, hit.used_by_more = users[each.key].get(pk, ([], False))
        results.hits.append(hit)
    if results.total < SUGGEST_BELOW:
        seen = {(type(hit.record), hit.record.pk) for hit in results.hits}
        for model in (kind.model for kind in KINDS if kind.searchable.suggested):
            for record in model.objects.published().suggest(parsed):
                if (model, record.pk) not in seen:
                    seen.add((model, record.pk))
                    results.suggestions.append(record)
    return results


def every_match(*, query, filters, kind, chunk_size):
    """Yield (kind, [(record, rank)]) chunks of every public match of a search, type by type, best first.

    "Every" is each type's best CANDIDATES matches: the exports (CSV, citations) read this.
    """
    parsed = query if isinstance(query, ParsedQuery) else parse_query(query)
    if not parsed:
        return
    resolved, _notices = resolve_filters(filters)
    for each in KINDS:
        if kind and kind != each.key:
            continue
        queryset, ids = restricted(each, each.model.objects.published(), resolved)
        matches = queryset.search(parsed, among=ids)
        # search() fetches one candidate more than it ranks, to tell a capped count: leave it out.
        pairs = matches.values_list("pk", "search_rank")[: backends.CANDIDATES]
        for start in range(0, backends.CANDIDATES, chunk_size):
            chunk = list(pairs[start : start + chunk_size])
            if not chunk:
                break
            records = records_for_display(each, [pk for pk, _rank in chunk])
            yield each, [(records[pk], rank) for pk, rank in chunk if pk in records]
