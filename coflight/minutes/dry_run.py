"""What an import would save, as plain data: `import_minutes --dry-run --format json`."""

from .parser import meetings_in
from .services import ImportPlan, Mention


def plan_as_data(plan: ImportPlan) -> dict:
    report = plan.report
    children: dict[str | None, list] = {}
    for item in report.items:
        children.setdefault(item.parent_number, []).append(item)

    def agenda(parent: str | None) -> list[dict]:
        return [
            {"number": i.number, "title": i.title, "children": agenda(i.number)}
            for i in children.get(parent, [])
        ]

    return {
        "meeting": {
            "title": report.title,
            "date": report.date.isoformat() if report.date else None,
            "last_day": report.last_day.isoformat() if report.last_day else None,
            "kind": report.kind,
            "series": report.series,
            "starts_at": report.starts_at.strftime("%H:%M") if report.starts_at else None,
            "ends_at": report.ends_at.strftime("%H:%M") if report.ends_at else None,
            "venue": report.venue,
            "address": report.address,
            "room": report.room,
            "dial_in": report.dial_in,
        },
        "attendees": [
            {
                "name": _name(mention),
                "organisation": organisation,
                "presence": "present",
                "note": mention.note,
            }
            for organisation, mention in plan.attendees
        ]
        + [
            {"name": _name(mention), "organisation": organisation, "presence": presence, "note": ""}
            for presence, organisation, mention in plan.absentees
        ],
        "agenda": agenda(None),
        "actions": [
            {
                "text": action.text,
                "owners": [{"name": _name(m), "lead": m.lead} for m in owners],
                "due": _due(action),
                "status": action.status,
                "item": action.item,
            }
            for action, owners in zip(report.actions, plan.owners, strict=True)
        ],
        "decisions": [{"text": d.text, "item": d.item} for d in report.decisions],
        # Lines that report on an earlier meeting's action: that action, moved on, not a new one.
        "reviewed": [
            {
                "line": r.line.source,
                "action": r.action.reference,
                "meeting": r.action.meeting.date.isoformat(),
                "status": r.action.status,
                "becomes": r.line.status if r.becomes else None,
            }
            for r in plan.reviewed
        ],
        "questions": [
            {"key": q.key, "question": q.label, "answer": q.answer, "error": q.error}
            for q in plan.questions
        ]
        + [
            {
                "key": c.key,
                "question": f"“{c.written}”, {c.context}",
                "answer": dict(c.options).get(c.selected, "") if c.selected else "",
                "remembered": c.remembered,
                "options": [label for value, label in c.options if value],
            }
            for c in plan.choices
        ],
        "warnings": plan.warnings,
        # A file of several meetings, which --split saves one meeting each.
        "meetings_in_file": [
            {"date": part.date.isoformat(), "heading": part.heading}
            for part in meetings_in(report.source_text)
        ],
        "lines": report.roles_counted(),
        "unplaced": report.unread(),
    }


def _name(mention: Mention) -> str:
    return mention.person.name if mention.person else mention.written


def _due(action) -> str | None:
    if action.due_meeting:
        return action.due_meeting.date.isoformat()
    if action.due_date:
        return action.due_date.isoformat()
    return action.due_phrase or None
