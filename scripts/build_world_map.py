"""Write website/visuals/world.json: the countries of Natural Earth as SVG paths, keyed by ISO 3166-1 alpha-2.

Natural Earth's admin-0 countries at 1:110m (public domain, naturalearthdata.com), as the pyogrio
wheel ships them for its tests (pyogrio/tests/fixtures/naturalearth_lowres, copied from GeoPandas).
The outlines are simplified with shapely and projected with pyproj to the Equal Earth projection
(EPSG:8857), then scaled to a 1000-unit-wide drawing; the site only reads the result, nothing is
fetched or projected at run time. Antarctica is left out. Run it in a scratch virtualenv:

    python3.12 -m venv /tmp/map-venv
    /tmp/map-venv/bin/pip install pyogrio==0.13.0 pyshp==3.1.9 shapely==2.2.0 pyproj==3.8.0 \
        pycountry==26.2.16 numpy==2.5.5
    /tmp/map-venv/bin/python scripts/build_world_map.py
"""

import json
from pathlib import Path

import numpy
import pycountry
import pyogrio
import shapefile
import shapely
from pyproj import Transformer
from shapely.geometry import shape

SOURCE = Path(pyogrio.__file__).parent / "tests" / "fixtures" / "naturalearth_lowres" / "naturalearth_lowres.shp"
TARGET = Path(__file__).resolve().parent.parent / "website" / "visuals" / "world.json"
WIDTH = 1000
# Degrees: outlines simpler than this are not visible at the map's size.
TOLERANCE = 0.15
# Natural Earth leaves these without an ISO code (-99); Kosovo takes its user-assigned XK.
CODES_BY_NAME = {"France": "FRA", "Norway": "NOR"}
ALPHA_2_BY_NAME = {"Kosovo": "XK"}
LEFT_OUT = {"Antarctica"}


def alpha_2(record):
    """Return the ISO 3166-1 alpha-2 code of a Natural Earth record, or "" when it has none."""
    name = record["name"]
    if name in ALPHA_2_BY_NAME:
        return ALPHA_2_BY_NAME[name]
    code = CODES_BY_NAME.get(name, record["iso_a3"])
    country = pycountry.countries.get(alpha_3=code)
    return country.alpha_2 if country else ""


def path_data(geometry, scale, left, top):
    """Return the SVG path data of a projected (multi)polygon, in the drawing's units."""
    polygons = getattr(geometry, "geoms", [geometry])
    parts = []
    for polygon in polygons:
        for ring in [polygon.exterior, *polygon.interiors]:
            points = [f"{(x - left) * scale:.1f} {(top - y) * scale:.1f}" for x, y in ring.coords[:-1]]
            parts.append("M" + "L".join(points) + "Z")
    return "".join(parts)


def main():
    transformer = Transformer.from_crs("EPSG:4326", "EPSG:8857", always_xy=True)

    def project(points):
        return numpy.column_stack(transformer.transform(points[:, 0], points[:, 1]))

    reader = shapefile.Reader(str(SOURCE))
    countries = []
    for item in reader.iterShapeRecords():
        record = item.record.as_dict()
        if record["name"] in LEFT_OUT:
            continue
        outline = shape(item.shape.__geo_interface__).simplify(TOLERANCE, preserve_topology=True)
        geometry = shapely.transform(outline, project)
        countries.append((alpha_2(record), record["name"], geometry))
    left = min(g.bounds[0] for _c, _n, g in countries)
    right = max(g.bounds[2] for _c, _n, g in countries)
    bottom = min(g.bounds[1] for _c, _n, g in countries)
    top = max(g.bounds[3] for _c, _n, g in countries)
    scale = WIDTH / (right - left)
    drawing = {
        "source": "Natural Earth admin-0 countries 1:110m (public domain), Equal Earth projection",
        "width": WIDTH,
        "height": round((top - bottom) * scale),
        "countries": [
            {"code": code, "name": name, "d": path_data(geometry, scale, left, top)}
            for code, name, geometry in sorted(countries, key=lambda c: (c[0] or "~", c[1]))
        ],
    }
    TARGET.write_text(json.dumps(drawing, ensure_ascii=False, separators=(",", ":")) + "\n", encoding="utf-8")
    print(f"{TARGET}: {len(countries)} countries, {TARGET.stat().st_size:,} bytes")


if __name__ == "__main__":
    main()
