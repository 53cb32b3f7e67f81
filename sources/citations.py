"""The citation inline shared by claims and relationships: the passage's text to pick the quote from."""

from django import forms
from django.contrib import admin
from django.urls import reverse
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _

from core.admin import CuratedStackedInline
from core.languages import LANGUAGE_CODES

USE_SUGGESTION = _("Use the nearest exact words")
PICK_HINT = _("Select words in this text to fill the quote below.")


class CitationForm(forms.ModelForm):
    """Offer a rejected quote's nearest exact words to the page's script (data-suggestion)."""

    def _post_clean(self):
        super()._post_clean()
        for code in LANGUAGE_CODES:
            name = f"quote_{code}"
            for error in self.errors.as_data().get(name, []):
                if error.code == "nearest" and name in self.fields:
                    self.fields[name].widget.attrs.update(
                        {"data-suggestion": error.params["suggestion"], "data-suggestion-label": str(USE_SUGGESTION)}
                    )


def passage_text(code, obj):
    """Return the passage's text in one language as a block the quote can be selected from."""
    passage = getattr(obj, "passage", None) if obj is not None and obj.passage_id else None
    text = getattr(passage, f"text_{code}", "") if passage else ""
    # The hint stays hidden until the script that makes it true has run.
    return format_html(
        '<div class="passage-text" lang="{}" dir="{}" data-quote-field="quote_{}" data-text-url="{}">{}</div>'
        '<p class="help passage-text-hint" hidden>{}</p>',
        code,
        "rtl" if code == "ar" else "ltr",
        code,
        reverse("admin:sources_passage_text"),
        text or "",
        PICK_HINT,
    )


class CitationInline(CuratedStackedInline):
    """A citation row: the passage, its text in both languages, and the quote under each text."""

    form = CitationForm
    autocomplete_fields = ["passage"]
    fields = [("passage", "published"), ("passage_text_ar", "passage_text_en"), ("quote_ar", "quote_en")]
    readonly_fields = ["passage_text_ar", "passage_text_en"]
    classes = ["citations"]

    class Media:
        js = ["admin/js/jquery.init.js", "js/quote-picker.js"]

    def get_queryset(self, request):
        return super().get_queryset(request).select_related("passage__source")

    @admin.display(description=_("passage text (Arabic)"))
    def passage_text_ar(self, obj):
        return passage_text("ar", obj)

    @admin.display(description=_("passage text (English)"))
    def passage_text_en(self, obj):
        return passage_text("en", obj)
