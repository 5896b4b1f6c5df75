"""The roles an admin grants, as Django groups: read, change actions, use the admin.

Anonymous visitors read. Members (the "Members" group) change actions. Staff (is_staff and
the "Staff" group) also edit organisations, people, meetings and attendance in the admin.
"""

from django.contrib.auth.models import Group, Permission

MEMBERS = "Members"
STAFF = "Staff"
MEMBER_PERMISSIONS = [("actions", "change_action"), ("actions", "view_action")]
STAFF_APPS = ["organisations", "people", "meetings", "actions", "notifications"]


def ensure_roles(**kwargs) -> None:
    """Creates the groups after every migrate; granting them to users stays an admin's job."""
    members, _ = Group.objects.get_or_create(name=MEMBERS)
    members.permissions.add(
        *Permission.objects.filter(
            content_type__app_label__in=[app for app, _ in MEMBER_PERMISSIONS],
            codename__in=[codename for _, codename in MEMBER_PERMISSIONS],
        )
    )
    staff, _ = Group.objects.get_or_create(name=STAFF)
    staff.permissions.add(
        *Permission.objects.filter(content_type__app_label__in=STAFF_APPS).exclude(
            content_type__model__startswith="historical"
        )
    )
