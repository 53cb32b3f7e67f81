"""The map: countries shaded by their public claims, each a link to its region; the other regions listed beside it.

The outlines come from website/visuals/world.json (Natural Earth, public domain), written by
scripts/build_world_map.py; nothing is fetched or projected when a page is drawn.
"""

import json
import math
from dataclasses import dataclass
from functools import cache
from pathlib import Path

from orgs.models import Region

from .counting import claims_in_groups

WORLD = Path(__file__).with_name("world.json")
# Shading steps of a country with claims (map-shade-1 … map-shade-5 in site.css); 0 is none.
STEPS = 5


@cache
def world():
    """Return the outlines of the countries, read once per process."""
    return json.loads(WORLD.read_text(encoding="utf-8"))


def shade(count, top):
    """Return the shading step of a count: 0 for none, then 1 to STEPS on a logarithmic scale up to top."""
    if not count or not top:
        return 0
    return max(1, math.ceil(STEPS * math.log1p(count) / math.log1p(top)))


@dataclass
class Place:
    """A public region with its claims: a country drawn on the map, or a region listed beside it."""

    region: Region
    claims: int
    shade: int = 0


@dataclass
class WorldMap:
    """The map ready to draw: every outline (with its place when the knowledge base has the country), the rest."""

    width: int
    height: int
    shapes: list
    places: list
    elsewhere: list
    steps: list


def region_claims(*, claims, regions):
    """Return {region id: claims tagged with it or a region inside it} of every public region (1 query).

    A city's claims count in its country too, and a claim tagged with two regions of one subtree once in it.
    """
    return claims_in_groups(claims, {pk: sorted(regions.subtree_ids(pk)) for pk in regions.nodes})


def world_map(*, counted, regions):
    """Shade every public country by its claims (counted by region_claims) and list the regions the map cannot show."""
    drawing = world()
    drawn = {shape["code"] for shape in drawing["countries"] if shape["code"]}
    countries = {
        node.pk: node for node in regions.nodes.values() if node.iso_code in drawn and node.kind == Region.Kind.COUNTRY
    }
    by_country = {pk: counted.get(pk, 0) for pk in countries}
    by_other = counted
    top = max(by_country.values(), default=0)
    places = {
        node.iso_code: Place(region=node, claims=by_country.get(pk, 0), shade=shade(by_country.get(pk, 0), top))
        for pk, node in countries.items()
    }
    shapes = [{"d": shape["d"], "place": places.get(shape["code"])} for shape in drawing["countries"]]
    # In tree order, once each (a region in two groupings comes twice in the walk).
    listed = {node.pk: node for node, _depth in regions.walk() if node.pk not in countries}
    elsewhere = [Place(region=node, claims=by_other.get(pk, 0)) for pk, node in listed.items()]
    # The steps' lower bounds, for the legend: the least count that reaches each step.
    steps = []
    for step in range(1, STEPS + 1):
        least = max(1, math.floor(math.expm1((step - 1) * math.log1p(top) / STEPS)))
        while least <= top and shade(least, top) < step:
            least += 1
        if least <= top and shade(least, top) == step:
            steps.append({"step": step, "from": least})
    return WorldMap(
        width=drawing["width"],
        height=drawing["height"],
        shapes=shapes,
        places=sorted(places.values(), key=lambda p: (-p.claims, p.region.slug)),
        elsewhere=elsewhere,
        steps=steps,
    )


def map_table(shown, *, base_url):
    """Return (header, rows) of the map's CSV: every public region with its claims, and whether the map draws it."""
    header = ["kind", "id", "slug", "url", "name_ar", "name_en", "iso_code", "claims", "on_map"]
    rows = []
    for place, on_map in [*((p, 1) for p in shown.places), *((p, 0) for p in shown.elsewhere)]:
        region = place.region
        rows.append(
            [
                region.kind,
                region.pk,
                region.slug,
                base_url + region.get_absolute_url(),
                region.name_ar,
                region.name_en,
                region.iso_code,
                place.claims,
                on_map,
            ]
        )
    return header, rows
