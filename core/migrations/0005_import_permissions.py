"""Give the curation groups the per-model CSV import permission.

Editor and Curator may import; a Curator's rows may not touch `published` or `sensitive` (the
import checks that row by row). Viewer may not import.
"""

from django.contrib.auth.management import create_permissions
from django.db import migrations

IMPORTABLE = {
    "orgs": ["region", "organization", "relationship"],
    "sources": ["source"],
    "strategies": ["strategy", "evidence"],
}
GROUPS = ["Curator", "Editor"]


def import_permissions(apps):
    for app_config in apps.get_app_configs():
        app_config.models_module = True
        create_permissions(app_config, verbosity=0, apps=apps)
        app_config.models_module = None
    Permission = apps.get_model("auth", "Permission")
    found = []
    for app_label, models in IMPORTABLE.items():
        wanted = [f"import_{model}" for model in models]
        permissions = list(Permission.objects.filter(content_type__app_label=app_label, codename__in=wanted))
        if len(permissions) != len(wanted):
            raise RuntimeError(f"Missing import permissions in {app_label}")
        found += permissions
    return found


def grant(apps, schema_editor):
    permissions = import_permissions(apps)
    for group in apps.get_model("auth", "Group").objects.filter(name__in=GROUPS):
        group.permissions.add(*permissions)


def revoke(apps, schema_editor):
    permissions = import_permissions(apps)
    for group in apps.get_model("auth", "Group").objects.filter(name__in=GROUPS):
        group.permissions.remove(*permissions)


class Migration(migrations.Migration):
    dependencies = [
        ("advocacy", "0004_search_lexeme_top"),
        ("orgs", "0003_review"),
        ("sources", "0004_review"),
        ("strategies", "0003_review"),
    ]

    operations = [migrations.RunPython(grant, revoke)]
