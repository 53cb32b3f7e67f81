"""Create the curation groups with exactly their permissions.

Curator: add, change and view content, cannot publish or delete.
Editor: everything on content, publish included.
Viewer: read only.
"""

from django.contrib.auth.management import create_permissions
from django.db import migrations

CONTENT_MODELS = {
    "orgs": ["region", "organization", "organizationname", "relationship", "relationshippassage"],
    "sources": ["source", "passage"],
    "strategies": ["strategy", "evidence", "evidencepassage"],
}
PUBLISHABLE = {"orgs": ["region", "organization", "relationship"], "sources": ["source"], "strategies": ["strategy", "evidence"]}

GROUPS = {
    "Curator": (["add", "change", "view"], False),
    "Editor": (["add", "change", "delete", "view"], True),
    "Viewer": (["view"], False),
}


def codenames(app_label, actions, publish):
    names = [f"{action}_{model}" for model in CONTENT_MODELS[app_label] for action in actions]
    if publish:
        names += [f"publish_{model}" for model in PUBLISHABLE[app_label]]
    return names


def create_groups(apps, schema_editor):
    # Permissions are normally created after migrate; create them now so groups can hold them.
    for app_config in apps.get_app_configs():
        app_config.models_module = True
        create_permissions(app_config, verbosity=0, apps=apps)
        app_config.models_module = None
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    for name, (actions, publish) in GROUPS.items():
        group, _ = Group.objects.get_or_create(name=name)
        permissions = []
        for app_label in CONTENT_MODELS:
            wanted = codenames(app_label, actions, publish)
            found = list(Permission.objects.filter(content_type__app_label=app_label, codename__in=wanted))
            if len(found) != len(wanted):
                raise RuntimeError(f"Missing permissions for {name} in {app_label}")
            permissions += found
        group.permissions.set(permissions)


def delete_groups(apps, schema_editor):
    apps.get_model("auth", "Group").objects.filter(name__in=GROUPS).delete()


class Migration(migrations.Migration):
    dependencies = [
        ("auth", "0012_alter_user_first_name_max_length"),
        ("contenttypes", "0002_remove_content_type_name"),
        ("orgs", "0001_initial"),
        ("sources", "0001_initial"),
        ("strategies", "0001_initial"),
    ]

    operations = [migrations.RunPython(create_groups, delete_groups)]
