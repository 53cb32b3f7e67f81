"""Trees of regions and strategies, built from one query (two for regions) and walked in Python.

A region can belong to more groupings than the one it sits inside (`Region.also_in`: Ukraine is
in Eurasia and also in Europe). The tree then lists it under each grouping, and subtree_ids and
ancestors follow those links too, so a filter, facet, matrix row or count for a grouping
includes it; callers count distinct records, so a record under two groupings counts once in each
and once in a common ancestor.
"""

from collections import defaultdict

from django.core.exceptions import ValidationError
from django.db.models import CharField, StringAgg, Value
from django.db.models.functions import Cast


class TreeNode:
    """A model whose `parent` makes a tree: clean() refuses a parent that lies inside the node.

    The database refuses it too, on every save (core/migrations/0006_tree_triggers.py); this gives
    the form its message: each model sets own_ancestor_error.
    """

    own_ancestor_error: str

    def clean(self):
        super().clean()
        ancestor = self.parent
        while ancestor is not None:
            if self.pk is not None and ancestor.pk == self.pk:
                raise ValidationError({"parent": self.own_ancestor_error})
            ancestor = ancestor.parent


class Tree:
    """The public nodes of a self-referencing model; a node under a hidden parent becomes a root."""

    def __init__(self, nodes, also_in=()):
        self.nodes = {node.pk: node for node in nodes}
        self.by_slug = {node.slug: node for node in self.nodes.values()}
        self.children = defaultdict(list)
        self.roots = []
        # Further groupings of a node, beyond its parent: public ones only, never itself.
        self.groupings = defaultdict(list)
        for node in self.nodes.values():
            if node.parent_id in self.nodes:
                self.children[node.parent_id].append(node)
            else:
                self.roots.append(node)
        for pk, grouping_pk in sorted(set(also_in)):
            node = self.nodes.get(pk)
            if node is None or grouping_pk not in self.nodes or grouping_pk in (pk, node.parent_id):
                continue
            self.groupings[pk].append(self.nodes[grouping_pk])
            self.children[grouping_pk].append(node)

    @classmethod
    def of(cls, model):
        """Load the public nodes of model, with their further groupings when it has them, in one query."""
        nodes = model.objects.published()
        if not hasattr(model, "also_in"):
            return cls(nodes)
        # Aggregated into the same query, so a page keeps its query count.
        nodes = list(
            nodes.annotate(grouping_ids=StringAgg(Cast("also_in", CharField()), Value(","), default=Value("")))
        )
        also_in = [(node.pk, int(pk)) for node in nodes for pk in node.grouping_ids.split(",") if pk]
        return cls(nodes, also_in)

    def parent(self, pk):
        """Return the public parent of pk, or None."""
        node = self.nodes.get(pk)
        return self.nodes.get(node.parent_id) if node is not None else None

    def lineage(self, pk):
        """Return pk's public ancestors through parents only, nearest first: the breadcrumb."""
        found = []
        node = self.parent(pk)
        while node is not None and node not in found:
            found.append(node)
            node = self.parent(node.pk)
        return found

    def ancestors(self, pk):
        """Return every public node pk sits under, by parent or further grouping, nearest first."""
        found, seen = [], {pk}
        level = [pk]
        while level:
            following = []
            for current in level:
                for node in [self.parent(current), *self.groupings.get(current, ())]:
                    if node is not None and node.pk not in seen:
                        seen.add(node.pk)
                        found.append(node)
                        following.append(node.pk)
            level = following
        return found

    def subtree_ids(self, pk):
        """Return pk and the ids of every node below it."""
        found, stack = set(), [pk]
        while stack:
            current = stack.pop()
            if current in found:
                continue
            found.add(current)
            stack.extend(child.pk for child in self.children.get(current, ()))
        return found

    def subtree_counts(self, pairs):
        """Count distinct items per node from (item, node id) pairs, an item counting for every public ancestor too."""
        items = defaultdict(set)
        for item, node_pk in pairs:
            if node_pk not in self.nodes:
                continue
            items[node_pk].add(item)
            for ancestor in self.ancestors(node_pk):
                items[ancestor.pk].add(item)
        return {pk: len(found) for pk, found in items.items()}

    def counted_rows(self, counts):
        """Return [(node, depth, count)] in tree order for the nodes with a count."""
        return [(node, depth, counts[node.pk]) for node, depth in self.walk() if counts.get(node.pk)]

    def walk(self, roots=None, depth=0, path=frozenset()):
        """Yield (node, depth) depth-first, children in slug order; a node in two groupings comes under each."""
        for node in sorted(self.roots if roots is None else roots, key=lambda n: n.slug):
            if node.pk in path:
                continue  # groupings that loop back: stop rather than recurse forever
            yield node, depth
            yield from self.walk(self.children.get(node.pk, ()), depth + 1, path | {node.pk})

    def nested(self, keep=None, roots=None, path=frozenset()):
        """Return [{"node", "children"}] for a recursive template, keeping nodes for which keep(node) holds."""
        items = []
        for node in sorted(self.roots if roots is None else roots, key=lambda n: n.slug):
            if node.pk in path:
                continue
            children = self.nested(keep, self.children.get(node.pk, ()), path | {node.pk})
            if keep is None or keep(node) or children:
                items.append({"node": node, "children": children})
        return items
