from django.db import migrations


def create_managers_group(apps, schema_editor):
    ContentType = apps.get_model("contenttypes", "ContentType")
    Permission = apps.get_model("auth", "Permission")
    Group = apps.get_model("auth", "Group")
    content_type, _ = ContentType.objects.get_or_create(app_label="accounts", model="user")
    permission, _ = Permission.objects.get_or_create(
        content_type=content_type,
        codename="manage_college",
        defaults={"name": "Can manage the college"},
    )
    group, _ = Group.objects.get_or_create(name="College managers")
    group.permissions.add(permission)


def remove_managers_group(apps, schema_editor):
    apps.get_model("auth", "Group").objects.filter(name="College managers").delete()


class Migration(migrations.Migration):
    dependencies = [
        ("accounts", "0001_initial"),
        ("auth", "0012_alter_user_first_name_max_length"),
        ("contenttypes", "0002_remove_content_type_name"),
    ]

    operations = [migrations.RunPython(create_managers_group, remove_managers_group)]
