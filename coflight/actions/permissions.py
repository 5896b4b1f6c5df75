"""Who may change actions, and what the edit controls need to know about it."""

from django.http import HttpRequest

from coflight.meetings.models import Meeting

CHANGE_PERMISSION = "actions.change_action"


def edit_context(request: HttpRequest) -> dict:
    """What the in-place edit controls need, fetched only for those who may edit."""
    if not request.user.has_perm(CHANGE_PERMISSION):
        return {"can_edit": False}
    return {"can_edit": True, "due_choices": Meeting.objects.due_choices()}
