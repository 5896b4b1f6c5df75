"""Who may change actions, and what the edit controls need to know about it."""

from django.http import HttpRequest

from coflight.meetings.models import Meeting

CHANGE_PERMISSION = "actions.change_action"
# Members read the minutes of a meeting as they are written; readers once they are published.
VIEW_DRAFTS = "actions.view_action"


def can_read_minutes(user, meeting: Meeting) -> bool:
    return meeting.status == Meeting.Status.PUBLISHED or user.has_perm(VIEW_DRAFTS)


def edit_context(request: HttpRequest) -> dict:
    """Whether the cards offer their edit controls (which load when opened)."""
    return {"can_edit": request.user.has_perm(CHANGE_PERMISSION)}


def controls_context(request: HttpRequest) -> dict:
    """What a card with its edit controls open needs, fetched only for those who may edit."""
    if not request.user.has_perm(CHANGE_PERMISSION):
        return {"can_edit": False}
    return {"can_edit": True, "with_controls": True, "due_choices": Meeting.objects.due_choices()}
