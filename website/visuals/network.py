"""The relationship network: public relationships laid out by networkx, capped so that it stays readable.

The whole graph is read as ids (one query), reduced in Python to what can be drawn (the largest
connected parts, at most MAX_NODES organizations), laid out by networkx's spring layout (kept in the
cache by the shape of the graph), and only the drawn organizations and relationships are then read
with their names (one query).
"""

import hashlib
import math
from collections import defaultdict
from dataclasses import dataclass

import networkx as nx
from django.core.cache import cache
from django.db.models import Count
from django.utils.translation import ngettext

from core.languages import LANGUAGE_CODES, pick
from orgs.models import Organization, Relationship
from strategies.models import Evidence
from website.caching import cached_per_filters
from website.templatetags.site import num

from .svg import coordinate, mirrored

# More would be a tangle nobody can read; the table and the CSV say what is left out.
MAX_NODES = 150
# The organizations named on the drawing, by how many relationships they have; the others by their title.
MAX_LABELS = 40
LAYOUT_SECONDS = 24 * 60 * 60
# Longer names are cut on the drawing (they would run off its edge or over each other).
LABEL_LENGTH = 28
# On an organization's page, the organizations sharing most of its strategies drawn beside its relationships.
MAX_SHARING = 6
# Edges of a kind get a colour class edge-<n> (site.css) and a dash pattern, so colour is not the only cue.
KIND_CLASSES = {kind: f"edge-{index}" for index, kind in enumerate(Relationship.Kind.values)}


@dataclass
class Drawing:
    """A laid-out graph: nodes and edges with their coordinates, and what was left out."""

    width: int
    height: int
    nodes: list
    edges: list
    kinds: list
    total_nodes: int
    total_edges: int
    shared: int = 0

    @property
    def left_out_nodes(self):
        return self.total_nodes - len(self.nodes)

    @property
    def left_out_edges(self):
        return self.total_edges - len(self.edges)


def kinds_legend():
    """Return the relationship kinds with their classes, for the legend."""
    return [{"value": value, "label": label, "css": KIND_CLASSES[value]} for value, label in Relationship.Kind.choices]


def drawn_part(pairs, limit=MAX_NODES):
    """Return the organizations to draw: whole connected parts, largest first, or the best-connected core of one.

    pairs are (subject id, target id). When the largest part alone exceeds the limit, its organizations
    are taken breadth-first from the one with the most relationships, so the drawing stays connected.
    """
    graph = nx.Graph()
    graph.add_edges_from(pairs)
    if graph.number_of_nodes() <= limit:
        return set(graph.nodes)
    parts = sorted(nx.connected_components(graph), key=lambda part: (-len(part), min(part)))
    if len(parts[0]) > limit:
        start = max(parts[0], key=lambda node: (graph.degree(node), -node))
        shown, queue = {start}, [start]
        while queue and len(shown) < limit:
            current = queue.pop(0)
            for neighbour in sorted(graph.neighbors(current), key=lambda node: (-graph.degree(node), node)):
                if len(shown) >= limit:
                    break
                if neighbour not in shown:
                    shown.add(neighbour)
                    queue.append(neighbour)
        return shown
    shown = set()
    for part in parts:
        if len(shown) + len(part) <= limit:
            shown |= part
    return shown


def layout(pairs, *, centre=None):
    """Return {organization id: (x, y)} in [0, 1] from networkx's spring layout, cached by the graph's shape."""
    edges = sorted({tuple(sorted(pair)) for pair in pairs})
    key = "network-layout:" + hashlib.sha256(repr((edges, centre)).encode()).hexdigest()
    found = cache.get(key)
    if found is not None:
        return found
    if not edges:
        return {}
    graph = nx.Graph()
    graph.add_edges_from(edges)
    if centre is not None:
        graph.add_node(centre)
        others = sorted(node for node in graph.nodes if node != centre)
        # One ring around the organization: its neighbours, in a stable order.
        positions = nx.shell_layout(graph, nlist=[[centre], others]) if others else {centre: (0.0, 0.0)}
    else:
        # Separate parts drift to the edges of a spring layout; a weak tie from each part's best-connected
        # organization to one hidden hub keeps them together, and the hub is dropped afterwards.
        hub = object()
        for part in nx.connected_components(graph.copy()):
            graph.add_edge(hub, max(part, key=lambda node: (graph.degree(node), -node)), weight=1.0)
        positions = nx.spring_layout(graph, seed=7, iterations=100)
        positions.pop(hub, None)
    xs = [p[0] for p in positions.values()]
    ys = [p[1] for p in positions.values()]
    span_x = (max(xs) - min(xs)) or 1.0
    span_y = (max(ys) - min(ys)) or 1.0
    found = {node: ((p[0] - min(xs)) / span_x, (p[1] - min(ys)) / span_y) for node, p in positions.items()}
    cache.set(key, found, LAYOUT_SECONDS)
    return found


def draw(
    relationships,
    *,
    width,
    height,
    margin,
    centre=None,
    centre_organization=None,
    total_nodes=None,
    total_edges=None,
    sharing=(),
):
    """Place the organizations and relationships on a drawing of width × height, mirrored on Arabic pages.

    sharing, around a centre: [(organization, strategies it shares with the centre)], drawn as a second kind of link.
    """
    relationships = list(relationships)
    pairs = [(r.subject_id, r.target_id) for r in relationships] + [(centre, other.pk) for other, _n in sharing]
    positions = layout(pairs, centre=centre)
    flip = mirrored()
    organizations, degree = {}, defaultdict(int)
    for relationship in relationships:
        organizations[relationship.subject_id] = relationship.subject
        organizations[relationship.target_id] = relationship.target
        degree[relationship.subject_id] += 1
        degree[relationship.target_id] += 1
    for other, _count in sharing:
        organizations.setdefault(other.pk, other)
        degree[other.pk] += 1
        degree[centre] += 1
    if sharing and centre_organization is not None:
        # Joined by shared strategies alone, the centre is in no relationship to take it from.
        organizations.setdefault(centre, centre_organization)
    if centre is not None and centre not in organizations:
        organizations = {}

    def place(pk):
        x, y = positions.get(pk, (0.5, 0.5))
        x = margin + x * (width - 2 * margin)
        return (width - x if flip else x), margin + (1 - y) * (height - 2 * margin)

    labelled = set(sorted(degree, key=lambda pk: (-degree[pk], pk))[:MAX_LABELS])
    nodes = []
    for pk, organization in organizations.items():
        x, y = place(pk)
        radius = 5 + min(9, 2 * math.log1p(degree[pk]))
        nodes.append(
            {
                "organization": organization,
                "name": pick(organization, "name")[0],
                "label": _shortened(pick(organization, "name")[0]),
                "x": coordinate(x),
                "y": coordinate(y),
                "r": coordinate(radius),
                "label_y": coordinate(y + radius + 13),
                "labelled": pk in labelled or pk == centre,
                "centre": pk == centre,
                "relationships": degree[pk],
            }
        )
    nodes.sort(key=lambda node: node["name"].casefold())
    radius_of = {node["organization"].pk: float(node["r"]) for node in nodes}
    # Relationships between the same two organizations bend apart so each stays visible and clickable.
    between = defaultdict(list)
    for relationship in relationships:
        between[frozenset((relationship.subject_id, relationship.target_id))].append(relationship)
    edges = []
    for group in between.values():
        for index, relationship in enumerate(sorted(group, key=lambda r: r.pk)):
            edges.append(_edge(relationship, place, radius_of, bend=(index - (len(group) - 1) / 2) * 28))
    for other, count in sharing:
        # Bent a little, so a relationship between the same two organizations stays apart from it.
        edges.append(_shared_edge(centre, other, count, organizations[centre], place, radius_of))
    return Drawing(
        width=width,
        height=height,
        nodes=nodes,
        edges=edges,
        kinds=kinds_legend(),
        total_nodes=len(nodes) if total_nodes is None else total_nodes,
        total_edges=len(edges) if total_edges is None else total_edges,
        shared=len(sharing),
    )


def _shortened(name, limit=LABEL_LENGTH):
    """Return a name short enough to label a circle; the circle's title keeps it whole."""
    return name if len(name) <= limit else name[: limit - 1].rstrip() + "…"


def _path(start, end, place, radius_of, *, bend):
    """Return (path data, label x, label y) of a line from start to end, bent by bend, stopping at end's rim."""
    x1, y1 = place(start)
    x2, y2 = place(end)
    length = math.hypot(x2 - x1, y2 - y1) or 1.0
    # The bend's control point, off the middle of the line at a right angle to it.
    normal_x, normal_y = -(y2 - y1) / length, (x2 - x1) / length
    control_x, control_y = (x1 + x2) / 2 + normal_x * bend, (y1 + y2) / 2 + normal_y * bend
    towards = math.hypot(x2 - control_x, y2 - control_y) or 1.0
    shorten = radius_of.get(end, 6) + 2
    end_x = x2 - (x2 - control_x) / towards * shorten
    end_y = y2 - (y2 - control_y) / towards * shorten
    data = (
        f"M{coordinate(x1)} {coordinate(y1)}Q{coordinate(control_x)} {coordinate(control_y)} "
        f"{coordinate(end_x)} {coordinate(end_y)}"
    )
    return data, coordinate((x1 + 2 * control_x + x2) / 4), coordinate((y1 + 2 * control_y + y2) / 4 - 4)


def _edge(relationship, place, radius_of, *, bend):
    """Return a relationship's line from its subject to its target, linking to the relationship and its quote."""
    data, label_x, label_y = _path(relationship.subject_id, relationship.target_id, place, radius_of, bend=bend)
    subject, target = pick(relationship.subject, "name")[0], pick(relationship.target, "name")[0]
    return {
        "relationship": relationship,
        "d": data,
        "label_x": label_x,
        "label_y": label_y,
        "label": relationship.get_kind_display(),
        "arrow": True,
        "css": KIND_CLASSES[relationship.kind],
        "text": f"{subject} {relationship.get_kind_display()} {target}",
        "url": f"{relationship.subject.get_absolute_url()}#relationship-{relationship.pk}",
    }


def _shared_edge(centre, other, count, organization, place, radius_of):
    """Return the line between two organizations that use some of the same strategies, linking to their matrix rows."""
    data, label_x, label_y = _path(centre, other.pk, place, radius_of, bend=14)
    label = ngettext("shares %(n)s strategy", "shares %(n)s strategies", count) % {"n": num(count)}
    names = (pick(organization, "name")[0], pick(other, "name")[0])
    return {
        "relationship": None,
        "other": other,
        "d": data,
        "label_x": label_x,
        "label_y": label_y,
        "label": label,
        "arrow": False,
        "css": "edge-shared",
        "text": f"{names[0]} — {names[1]}: {label}",
        "url": other.get_absolute_url(),
    }


def network(filterset):
    """Return the drawing of the filtered public relationships (2 queries besides the filters', 1 when cached).

    Which relationships to draw is kept in the cache per filter until a record changes (reading and cutting
    10,000 organizations' graph is most of the page's time); the drawn ones are read fresh each time.
    """
    drawn, total_nodes, total_edges = cached_per_filters(
        "network-part", filterset, lambda: drawn_relationships(filterset)
    )
    rows = Relationship.objects.published().filter(pk__in=drawn).select_related("subject", "target").order_by("pk")
    return draw(rows, width=900, height=640, margin=100, total_nodes=total_nodes, total_edges=total_edges)


def drawn_relationships(filterset):
    """Return ([ids of the relationships to draw], organizations, relationships) of the filtered graph (1 query)."""
    relationships = filterset.qs if filterset.understood else filterset.queryset.none()
    pairs = list(relationships.order_by().values_list("pk", "subject_id", "target_id"))
    shown = drawn_part([(subject, target) for _pk, subject, target in pairs])
    drawn = [pk for pk, subject, target in pairs if subject in shown and target in shown]
    organizations = {subject for _pk, subject, _target in pairs} | {target for _pk, _subject, target in pairs}
    return drawn, len(organizations), len(pairs)


def sharing_strategies(organization, limit=MAX_SHARING):
    """Return [(organization, strategies in common)]: the public organizations most alike in their claims (1 query).

    The strategies are those of the organization's public claims; the others' claims are public too.
    """
    strategies = Evidence.objects.published().filter(organization=organization).values("strategy_id")
    fields = ["organization", "organization__slug", *[f"organization__name_{code}" for code in LANGUAGE_CODES]]
    alike = (
        Evidence.objects.published()
        .filter(strategy_id__in=strategies)
        .exclude(organization=organization)
        .values(*fields)
        .annotate(shared=Count("strategy", distinct=True))
        .order_by("-shared", "organization")[:limit]
    )
    found = []
    for row in alike:
        names = {f"name_{code}": row[f"organization__name_{code}"] for code in LANGUAGE_CODES}
        found.append((Organization(pk=row["organization"], slug=row["organization__slug"], **names), row["shared"]))
    return found


def neighbourhood(organization, sharing=()):
    """Return the drawing of an organization's public relationships, both ways, from its prefetched lists (no query)."""
    relationships = [*organization.public_relationships_out, *organization.public_relationships_in]
    for relationship in organization.public_relationships_out:
        relationship.subject = organization
    for relationship in organization.public_relationships_in:
        relationship.target = organization
    return draw(
        relationships,
        width=640,
        height=420,
        margin=100,
        centre=organization.pk,
        centre_organization=organization,
        sharing=sharing,
    )


def network_table(filterset, *, base_url):
    """Return (header, rows) of the network's CSV: every filtered public relationship, drawn or not."""
    header = ["id", "kind", "url"]
    for end in ("subject", "target"):
        header += [f"{end}_id", f"{end}_slug", f"{end}_name_ar", f"{end}_name_en", f"{end}_url"]
    relationships = filterset.qs if filterset.understood else filterset.queryset.none()

    def rows():
        for relationship in relationships.select_related("subject", "target").order_by("pk").iterator(chunk_size=2000):
            row = [
                relationship.pk,
                relationship.kind,
                f"{base_url}{relationship.subject.get_absolute_url()}#relationship-{relationship.pk}",
            ]
            for end in (relationship.subject, relationship.target):
                row += [end.pk, end.slug, end.name_ar, end.name_en, base_url + end.get_absolute_url()]
            yield row

    return header, rows()
