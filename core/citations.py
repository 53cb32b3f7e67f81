"""Citation formats: CSL-JSON, BibTeX and RIS, written from plain references.

A Reference names a document and, when it cites a part of it, the locator (a passage) and a note
(the quoted words). The writers know no model; the site builds references from its records.
"""

import json
import re
from dataclasses import dataclass
from datetime import date

CSL_JSON, BIBTEX, RIS = "csljson", "bibtex", "ris"

# Each format: its media type and the extension of its file.
FORMATS = {
    CSL_JSON: ("application/vnd.citationstyles.csl+json; charset=utf-8", "json"),
    BIBTEX: ("application/x-bibtex; charset=utf-8", "bib"),
    RIS: ("application/x-research-info-systems; charset=utf-8", "ris"),
}


@dataclass(frozen=True)
class Reference:
    """A document to cite, with an optional locator (a passage) and a note (the quoted words)."""

    key: str
    kind: str
    title: str
    authors: tuple = ()
    issued: date | None = None
    url: str = ""
    language: str = ""
    locator: str = ""
    note: str = ""


# A document kind (sources.Source.Kind's values) in each format; anything else is generic.
CSL_TYPES = {
    "essay": "article",
    "report": "report",
    "article": "article",
    "book": "book",
    "web_page": "webpage",
    "interview": "interview",
}
BIBTEX_TYPES = {"report": "techreport", "article": "article", "book": "book"}
RIS_TYPES = {
    "essay": "GEN",
    "report": "RPRT",
    "article": "JOUR",
    "book": "BOOK",
    "web_page": "ELEC",
    "interview": "GEN",
}
# BibTeX's language field (babel names) of the site's language codes.
BABEL = {"ar": "arabic", "en": "english"}


def one_line(text):
    """Return text on one line: RIS is line-based, and a note reads the same without breaks."""
    return re.sub(r"\s+", " ", text or "").strip()


def csl_item(reference):
    """Return a reference as a CSL-JSON item."""
    item = {"id": reference.key, "type": CSL_TYPES.get(reference.kind, "document"), "title": one_line(reference.title)}
    if reference.authors:
        item["author"] = [{"literal": name} for name in reference.authors]
    if reference.issued:
        item["issued"] = {"date-parts": [[reference.issued.year, reference.issued.month, reference.issued.day]]}
    if reference.url:
        item["URL"] = reference.url
    if reference.language:
        item["language"] = reference.language
    if reference.locator:
        item["section"] = reference.locator
    if reference.note:
        item["note"] = one_line(reference.note)
    return item


def csl_json_chunks(references):
    """Yield a CSL-JSON array of the references, an item at a time."""
    yield "["
    for index, reference in enumerate(references):
        yield ("," if index else "") + "\n" + json.dumps(csl_item(reference), ensure_ascii=False, indent=1)
    yield "\n]\n"


# LaTeX's special characters, written so BibTeX and LaTeX read them as text.
LATEX_ESCAPES = {
    "\\": r"\textbackslash{}",
    "{": r"\{",
    "}": r"\}",
    "%": r"\%",
    "&": r"\&",
    "$": r"\$",
    "#": r"\#",
    "_": r"\_",
    "~": r"\textasciitilde{}",
    "^": r"\textasciicircum{}",
}
LATEX_SPECIAL = re.compile("|".join(re.escape(char) for char in LATEX_ESCAPES))


def latex(text):
    """Return text with LaTeX's special characters escaped, on one line."""
    return LATEX_SPECIAL.sub(lambda match: LATEX_ESCAPES[match.group(0)], one_line(text))


def bibtex_entry(reference):
    """Return a reference as a BibTeX entry (authors as literal names, in braces)."""
    fields = [("title", "{" + latex(reference.title) + "}")]
    if reference.authors:
        fields.append(("author", " and ".join("{" + latex(name) + "}" for name in reference.authors)))
    if reference.issued:
        fields += [("year", str(reference.issued.year)), ("date", reference.issued.isoformat())]
    if reference.url:
        fields.append(("url", latex(reference.url).replace(r"\_", "_").replace(r"\%", "%").replace(r"\#", "#")))
    if reference.language in BABEL:
        fields.append(("langid", BABEL[reference.language]))
    if reference.locator:
        fields.append(("pages", latex(reference.locator)))
    if reference.note:
        fields.append(("note", latex(reference.note)))
    body = ",\n".join(f"  {name} = {{{value}}}" for name, value in fields)
    return f"@{BIBTEX_TYPES.get(reference.kind, 'misc')}{{{reference.key},\n{body}\n}}\n"


def bibtex_chunks(references):
    """Yield the references as BibTeX entries."""
    for index, reference in enumerate(references):
        yield ("\n" if index else "") + bibtex_entry(reference)


def ris_record(reference):
    """Return a reference as a RIS record."""
    lines = [("TY", RIS_TYPES.get(reference.kind, "GEN")), ("ID", reference.key), ("TI", one_line(reference.title))]
    lines += [("AU", one_line(name)) for name in reference.authors]
    if reference.issued:
        issued = reference.issued
        lines += [("PY", str(issued.year)), ("DA", f"{issued.year:04d}/{issued.month:02d}/{issued.day:02d}/")]
    if reference.url:
        lines.append(("UR", reference.url))
    if reference.language:
        lines.append(("LA", reference.language))
    if reference.locator:
        lines.append(("SE", one_line(reference.locator)))
    if reference.note:
        lines.append(("N1", one_line(reference.note)))
    lines.append(("ER", ""))
    return "".join(f"{tag}  - {value}\r\n" for tag, value in lines)


def ris_chunks(references):
    """Yield the references as RIS records."""
    for reference in references:
        yield ris_record(reference)


WRITERS = {CSL_JSON: csl_json_chunks, BIBTEX: bibtex_chunks, RIS: ris_chunks}


def citation_chunks(format_name, references):
    """Yield the text of the references in a format (csljson, bibtex or ris)."""
    return WRITERS[format_name](references)
