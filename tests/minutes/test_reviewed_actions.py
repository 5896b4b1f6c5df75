"""A "Previous Tasks" or "Review of outstanding action items" list reports on earlier
meetings' actions: each is matched to the action it is, which moves on, and is not copied."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from coflight.actions.models import Action
from coflight.minutes.parser import parse
from coflight.minutes.services import import_plan, import_save

pytestmark = pytest.mark.django_db

FIRST = (
    "# Marketing Team meeting 2025-03-10\n\n# Attendees\n- @idabzo\n- @flyfloh\n\n"
    "# Tasks\n- [ ] @idabzo will follow up on the Alpscale PR\n"
    "- [ ] @flyfloh wrap up landing page PR and ISO image download\n"
    "- [ ] @flyfloh follow up\n"
)
SECOND = (
    "# Marketing Team meeting 2025-03-24\n\n# Attendees\n- @idabzo\n- @flyfloh\n\n"
    "# Previous Tasks\n\nSome were done.\n\n"
    "- [x] @idabzo will follow up on the Alpscale PR\n"
    "- [ ] @flyfloh wrap up landing page PR and ISO image download\n"
    "- [x] @djacu work on branding\n\n"
    "Next time, the rest.\n\n"
    "# Tasks\n- [ ] @idabzo will monitor the Alpscale PR\n"
)


@pytest.fixture
def importer(client, staff):
    client.force_login(staff)
    return client


def texts(meeting) -> list[tuple[str, str]]:
    return [(a.text, a.status) for a in meeting.actions.order_by("position")]


def test_a_reviewed_task_moves_the_earlier_action_on_and_is_not_copied(client):
    first = import_save(parse(FIRST))
    second = import_save(parse(SECOND))
    assert texts(first) == [
        ("Follow up on the Alpscale PR", "done"),
        ("Wrap up landing page PR and ISO image download", "open"),
        ("Follow up", "open"),
    ]
    followed = first.actions.get(position=1)
    assert (
        followed.closing_note == "As the minutes of Marketing Team meeting, 24 March 2025, report."
    )
    assert followed.history.count() == 2
    # @djacu's task is no earlier action's: this meeting's own, as the minutes give it.
    assert texts(second) == [("Work on branding", "done"), ("Monitor the Alpscale PR", "open")]
    item = second.agenda_items.get(title="Previous Tasks")
    assert item.minutes == (
        "Some were done.\n\n"
        "- [x] @idabzo will follow up on the Alpscale PR\n"
        "- [ ] @flyfloh wrap up landing page PR and ISO image download\n\n"
        "Next time, the rest."
    )
    assert second.actions.get(text="Work on branding").after_paragraph == 2


def test_the_preview_and_the_dry_run_say_which_action_each_line_is(importer):
    import_save(parse(FIRST))
    alpscale = Action.objects.get(text="Follow up on the Alpscale PR")
    page = importer.post("/import/", {"text": SECOND}).content.decode()
    assert "Earlier actions reported on" in page
    assert f"Action {alpscale.reference} of Marketing Team meeting, 10 March 2025" in page
    assert "Open; will become Done" in page
    assert "Open; stays so" in page
    plan = import_plan(parse(SECOND))
    assert [(r.line.source, r.action.pk, r.becomes) for r in plan.reviewed][0] == (
        "- [x] @idabzo will follow up on the Alpscale PR",
        alpscale.pk,
        "Done",
    )
    assert Action.objects.get(pk=alpscale.pk).status == "open", "a preview changes nothing"


def test_a_review_list_never_reopens_an_action_and_matches_by_owner_too():
    first = import_save(parse(FIRST))
    first.actions.get(position=2).set_status("done")
    import_save(parse(SECOND.replace("@idabzo will follow", "@flyfloh will follow")))
    assert texts(first)[:2] == [
        ("Follow up on the Alpscale PR", "open"),
        ("Wrap up landing page PR and ISO image download", "done"),
    ]


def test_without_earlier_meetings_the_review_list_is_this_meeting_s_actions():
    second = import_save(parse(SECOND))
    assert [a.text for a in second.actions.order_by("position")][:3] == [
        "Follow up on the Alpscale PR",
        "Wrap up landing page PR and ISO image download",
        "Work on branding",
    ]


def test_the_preview_takes_the_same_queries_however_many_lines_are_reviewed(importer):
    def minutes(tasks: int, day: str) -> str:
        lines = "".join(f"- [ ] @idabzo write note number {n}\n" for n in range(tasks))
        return f"# Team meeting 2025-03-{day}\n\n# Attendees\n- @idabzo\n\n# Tasks\n{lines}"

    import_save(parse(minutes(40, "10")))
    importer.get("/import/")  # who is signed in, read once for the client's session
    sizes = []
    for count in (2, 40):
        review = minutes(count, "24").replace("# Tasks", "# Previous Tasks")
        with CaptureQueriesContext(connection) as captured:
            page = importer.post("/import/", {"text": review}).content.decode()
        assert page.count('<li><p class="action-text">- [ ] @idabzo write note') == count
        sizes.append(len(captured))
    assert sizes[0] == sizes[1], sizes


def test_only_the_same_meetings_actions_are_matched():
    import_save(parse(FIRST.replace("Marketing Team meeting", "Finance committee")))
    second = import_save(parse(SECOND))
    assert Action.objects.filter(meeting__title="Finance committee", status="done").count() == 0
    assert second.actions.filter(text="Follow up on the Alpscale PR").exists()


def test_planning_twice_matches_the_same_lines_and_loses_none():
    import_save(parse(FIRST))
    twice = SECOND.replace(
        "- [x] @djacu work on branding\n",
        "- [x] @djacu work on branding\n"
        "- [ ] @flyfloh wrap up landing page PR and ISO image download\n",
    )
    report = parse(twice)
    first_plan = [(r.line.source, r.action.pk) for r in import_plan(report).reviewed]
    again = import_plan(report)
    assert [(r.line.source, r.action.pk) for r in again.reviewed] == first_plan
    assert [a.text for a in report.actions].count(
        "Wrap up landing page PR and ISO image download"
    ) == 1


def test_a_wrapped_line_is_kept_whole_and_a_sentence_of_minutes_once():
    import_save(parse(FIRST))
    text = SECOND.replace(
        "- [ ] @flyfloh wrap up landing page PR and ISO image download\n",
        "- [ ] @flyfloh wrap up landing page PR and ISO image\n  download\n"
        "Almost; @idabzo will follow up on the Alpscale PR again.\n",
    )
    second = import_save(parse(text))
    minutes = second.agenda_items.get(title="Previous Tasks").minutes
    assert "- [ ] @flyfloh wrap up landing page PR and ISO image\ndownload" in minutes
    assert minutes.count("will follow up on the Alpscale PR again.") == 1
