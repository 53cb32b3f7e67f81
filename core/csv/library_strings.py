"""Strings django-import-export shows in the admin that its own Arabic catalogue leaves untranslated.

Listed here so that `makemessages` keeps them in locale/ar, which takes precedence over the
library's catalogue; nothing imports this module.
"""

from django.utils.translation import gettext_noop, ngettext_lazy

LIBRARY_STRINGS = [
    gettext_noop("Some rows failed to validate"),
    gettext_noop("Please correct these errors in your data where possible, then reupload it using the form above."),
    gettext_noop("Row"),
    gettext_noop("Non field specific"),
    gettext_noop("Resource"),
    gettext_noop("Select all"),
    gettext_noop("Value could not be parsed."),
    gettext_noop("No valid data to import. Ensure your file has the correct headers or data for import."),
    gettext_noop("export failed due to IllegalCharacterError"),
    ngettext_lazy("Export %(len)s selected item.", "Export %(len)s selected items.", 1),
]
