"""Trees of regions and strategies, built from one query and walked in Python."""

from collections import defaultdict


class Tree:
    """The public nodes of a self-referencing model; a node under a hidden parent becomes a root."""

    def __init__(self, nodes):
        self.nodes = {node.pk: node for node in nodes}
        self.by_slug = {node.slug: node for node in self.nodes.values()}
        self.children = defaultdict(list)
        self.roots = []
        for node in self.nodes.values():
            if node.parent_id in self.nodes:
                self.children[node.parent_id].append(node)
            else:
                self.roots.append(node)

    @classmethod
    def of(cls, model):
        """Load the public nodes of model in one query."""
        return cls(model.objects.published())

    def parent(self, pk):
        """Return the public parent of pk, or None."""
        node = self.nodes.get(pk)
        return self.nodes.get(node.parent_id) if node is not None else None

    def ancestors(self, pk):
        """Return pk's public ancestors, nearest first, pk excluded."""
        found = []
        node = self.parent(pk)
        while node is not None and node not in found:
            found.append(node)
            node = self.parent(node.pk)
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

    def walk(self, roots=None, depth=0):
        """Yield (node, depth) depth-first, children in slug order."""
        for node in sorted(self.roots if roots is None else roots, key=lambda n: n.slug):
            yield node, depth
            yield from self.walk(self.children.get(node.pk, ()), depth + 1)

    def nested(self, keep=None, roots=None):
        """Return [{"node", "children"}] for a recursive template, keeping nodes for which keep(node) holds."""
        items = []
        for node in sorted(self.roots if roots is None else roots, key=lambda n: n.slug):
            children = self.nested(keep, self.children.get(node.pk, ()))
            if keep is None or keep(node) or children:
                items.append({"node": node, "children": children})
        return items
