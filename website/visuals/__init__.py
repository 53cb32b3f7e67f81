"""The visual views: charts, the map, the relationship network and the timeline.

Each is drawn on the server as SVG (no script needed, nothing inline for the CSP), mirrored on
Arabic pages, with a table of the same numbers and a CSV of them. Modules compute the marks'
numbers (as strings, so no template localizes a coordinate); templates in templates/visuals/ draw.
"""
