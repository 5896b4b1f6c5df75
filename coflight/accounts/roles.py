"""The roles an admin grants, as Django groups: read, change actions, run meetings, use the admin.

Anonymous visitors read. Members (the "Members" group) change actions. Secretaries plan
meetings, hold them and write their minutes: agenda, invitations, roll call, actions and decisions.
Staff (is_staff and the "Staff" group) also edit organisations, people, meetings and attendance
in the admin.
"""

from django.contrib.auth.models import Group, Permission
from django.db.models import Q

MEMBERS = "Members"
SECRETARIES = "Secretaries"
STAFF = "Staff"
MEMBER_PERMISSIONS = [("actions", "change_action"), ("actions", "view_action")]
SECRETARY_PERMISSIONS = [
    *MEMBER_PERMISSIONS,
    ("actions", "add_action"),
    ("actions", "add_ownership"),
    ("actions", "change_ownership"),
    ("actions", "delete_ownership"),
    ("meetings", "add_meeting"),
    ("meetings", "change_meeting"),
    ("meetings", "view_meeting"),
    ("meetings", "add_series"),
    *(
        ("meetings", f"{verb}_{model}")
        for model in ("agendaitem", "presentation", "material", "invitation", "attendance")
        for verb in ("add", "change", "delete", "view")
    ),
    *(("decisions", f"{verb}_decision") for verb in ("add", "change", "delete", "view")),
    ("notifications", "send_minutes"),
]
STAFF_APPS = ["organisations", "people", "meetings", "actions", "decisions", "notifications"]


def _permissions(pairs: list[tuple[str, str]]) -> list[Permission]:
    wanted = Q()
    for app, codename in pairs:
        wanted |= Q(content_type__app_label=app, codename=codename)
    return list(Permission.objects.filter(wanted))


def ensure_roles(**kwargs) -> None:
    """Creates the groups after every migrate; granting them to users stays an admin's job."""
    members, _ = Group.objects.get_or_create(name=MEMBERS)
    members.permissions.add(*_permissions(MEMBER_PERMISSIONS))
    secretaries, _ = Group.objects.get_or_create(name=SECRETARIES)
    secretaries.permissions.add(*_permissions(SECRETARY_PERMISSIONS))
    staff, _ = Group.objects.get_or_create(name=STAFF)
    staff.permissions.add(
        *Permission.objects.filter(content_type__app_label__in=STAFF_APPS).exclude(
            content_type__model__startswith="historical"
        )
    )
