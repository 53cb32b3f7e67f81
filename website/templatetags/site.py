"""Template helpers for the public site: translated content, numbers, dates, language links."""

import re

from django import template
from django.template.defaultfilters import date as date_filter
from django.template.defaultfilters import linebreaks_filter
from django.urls import translate_url
from django.utils.html import format_html
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import get_language_bidi, get_language_info, gettext

from core.languages import LANGUAGE_CODES, page_language, pick
from website.pages import list_url

register = template.Library()

ARABIC_DIGITS = str.maketrans("0123456789", "٠١٢٣٤٥٦٧٨٩")
# A number standing as a word of the text: not part of a Latin word, an address, a code or a character reference.
NUMBER = re.compile(r"(?<![A-Za-z0-9/._@#&-])[0-9]+(?![A-Za-z0-9/_@])")


def page_digits(text, language):
    """Write the numbers of Arabic text shown on an Arabic page in Arabic-Indic digits, so a page has one numeral style.

    Only the display changes: the stored text, quotes included, keeps the digits it was written with.
    """
    if language != "ar" or page_language() != "ar" or not text:
        return text
    converted = NUMBER.sub(lambda match: match.group().translate(ARABIC_DIGITS), str(text))
    return mark_safe(converted) if isinstance(text, SafeString) else converted


def direction(language):
    """Return rtl or ltr for a language code."""
    return "rtl" if get_language_info(language)["bidi"] else "ltr"


@register.simple_tag
def tr(obj, field, block=False):
    """Show a translated field; when the page's language lacks it, show the other one, marked."""
    text, language = pick(obj, field)
    if not text:
        return ""
    text = page_digits(text, language)
    body = linebreaks_filter(text, autoescape=True) if block else text
    if language == page_language():
        return format_html("{}", body) if not block else format_html('<div class="prose">{}</div>', body)
    element = "div" if block else "span"
    return format_html(
        '<{} class="untranslated" lang="{}" dir="{}">{}</{}> <span class="untranslated-note">{}</span>',
        element,
        language,
        direction(language),
        body,
        element,
        gettext("not yet translated"),
    )


@register.filter
def trtext(obj, field):
    """Return a translated field as plain text (titles, attributes), falling back to the other language."""
    return page_digits(*pick(obj, field))


@register.filter
def digits(text, language):
    """Write the numbers of a text in the page's numerals when the text is in the page's language (Arabic)."""
    return page_digits(text, language)


@register.filter
def num(value):
    """Format an integer with grouping, in Arabic-Indic digits on Arabic pages."""
    if value is None or value == "":
        return ""
    try:
        text = f"{int(value):,}"
    except (TypeError, ValueError):
        return value
    if page_language() == "ar":
        return text.replace(",", "٬").translate(ARABIC_DIGITS)
    return text


@register.filter
def localdate(value, fmt="DATE_FORMAT"):
    """Format a date in the page's language, with its digits."""
    if not value:
        return ""
    text = date_filter(value, fmt)
    return text.translate(ARABIC_DIGITS) if page_language() == "ar" else text


@register.filter
def year(value):
    """Format a year (an int or a date) in the page's language, without grouping."""
    if not value:
        return ""
    text = str(getattr(value, "year", value))
    return text.translate(ARABIC_DIGITS) if page_language() == "ar" else text


@register.simple_tag
def bidi():
    """Return the page's direction, rtl or ltr."""
    return "rtl" if get_language_bidi() else "ltr"


@register.simple_tag
def language_dir(language):
    """Return rtl or ltr for a language code."""
    return direction(language)


@register.inclusion_tag("includes/language_switch.html", takes_context=True)
def language_switch(context):
    """Link to the same page, query string included, in the other languages (home, from an error page)."""
    request = context.get("request")
    current = page_language()
    path = request.get_full_path() if request is not None and not context.get("error_page") else f"/{current}/"
    links = []
    for code in LANGUAGE_CODES:
        if code == current:
            continue
        info = get_language_info(code)
        links.append(
            {"code": code, "name": info["name_local"], "url": translate_url(path, code), "dir": direction(code)}
        )
    return {"links": links}


@register.filter
def get_item(mapping, key):
    """Look a key up in a dict."""
    return mapping.get(key) if mapping else None


@register.simple_tag(name="list_url")
def list_url_tag(name, **filters):
    """The URL of a page with filters: {% list_url "evidence-list" region=region.slug %}."""
    return list_url(name, **filters)
