"""Tasks as other communities mark them (coflight/minutes/parser/action_lines.py)."""

from coflight.minutes.parser import parse

HEAD = "Team call, 14 January 2022\n\nPresent: Tim, Aaron, michelle, Dan\n\n"


def actions(body: str) -> list[tuple[str, list[str], str]]:
    return [(a.text, [o.name for o in a.owners], a.status) for a in parse(HEAD + body).actions]


def test_irc_action_lines_name_their_owners_before_the_colon():
    assert actions("ACTION Labhraich supported by Dan: Check LumoSQL with SQLite.\n") == [
        ("Check LumoSQL with SQLite.", ["Labhraich", "Dan"], "open")
    ]
    assert actions("ACTION Dan: Commit btree.h (✅ DONE)\n")[0][2] == "done"


def test_ai_lines_with_to_with_dashes_or_a_known_nick():
    assert actions(
        "* AI -- Aaron to read before pushing publish\n"
        "* AI -- Derek -- Amendment language\n"
        "* AI -- michelle make PR\n"
        "* AI(Tim + Dan): write the charter\n"
    ) == [
        ("Read before pushing publish", ["Aaron"], "open"),
        ("Amendment language", ["Derek"], "open"),
        ("Make PR", ["michelle"], "open"),
        ("Write the charter", ["Tim", "Dan"], "open"),
    ]


def test_todo_and_arrow_actions():
    assert actions(
        "- TODO: Pradyun: a place to ask about performance\n"
        "- TODO: fix the typo\n"
        "- What is weird? -> Action: Ask the person what they mean.\n"
        "- It is logic based. -> No action needed.\n"
    ) == [
        ("A place to ask about performance", ["Pradyun"], "open"),
        ("Fix the typo", [], "open"),
        ("Ask the person what they mean.", [], "open"),
    ]


def test_a_task_list_item_is_an_action_done_when_ticked():
    assert actions("- [ ] @avocadoom work on code quality\n- [x] @albertc wrap up Astro\n") == [
        ("Work on code quality", ["avocadoom"], "open"),
        ("Wrap up Astro", ["albertc"], "done"),
    ]


def test_tasks_listed_under_their_owners():
    assert actions(
        "* Action item for Mike/Christian:\n"
        "    * check the mailing list\n"
        "    * rename the file\n"
        "* We will meet again.\n"
    ) == [
        ("Check the mailing list", ["Mike", "Christian"], "open"),
        ("Rename the file", ["Mike", "Christian"], "open"),
    ]


def test_a_line_that_only_mentions_an_action_is_none():
    assert actions("We talked about the action plan.\nThe AI team met.\n") == []


def test_tasks_after_the_next_meeting_line_are_read():
    found = actions("Next meeting: January 21st\n\nACTION Dan: Book the room.\n")
    assert found == [("Book the room.", ["Dan"], "open")]


def test_the_absent_and_the_topics_beside_a_bulleted_present_list_are_not_attendees():
    report = parse(
        "Steering, 18 October 2017\n\n"
        "* **Present**\n    * Tim Hockin [Google]\n* **Absent**\n    * Quinton Hoole\n"
        "* **Topics**\n    * Discussion around velocity\n"
    )
    assert report.attendees == [("Google", ["Tim Hockin"])]
    assert "Discussion around velocity" in report.summary + report.closing_text


def test_notes_under_an_action_item_and_the_agenda_after_the_list_are_not_actions():
    found = actions(
        "**Action items**\n\n"
        "* [devlin] Propose concrete naming\n"
        "    * [rob] I created issue 702\n"
        "* Jenn: Double check permissions\n\n"
        "## Agenda\n\n"
        "* Workflow\n    * Get the branch in a good place\n"
    )
    assert found == [
        ("Propose concrete naming", ["devlin"], "open"),
        ("Double check permissions", ["Jenn"], "open"),
    ]


def test_a_status_first_a_handle_that_will_and_a_name_that_will():
    assert actions(
        "(✅ DONE) ACTION Dan: Implement Leantime\n\n"
        "- @djacu will work on the banner post\n"
        "- @ALL - please review before Friday\n"
        "- **_@CRob update WG readme with new link_**\n"
        "* Gershom will post result with feedback\n"
        "* We will meet again in May\n"
    ) == [
        ("Implement Leantime", ["Dan"], "done"),
        ("Work on the banner post", ["djacu"], "open"),
        ("Please review before Friday", ["ALL"], "open"),
        ("Update WG readme with new link", ["CRob"], "open"),
        ("Post result with feedback", ["Gershom"], "open"),
    ]


def test_a_handle_with_a_link_is_who_came_with_what_not_a_task():
    assert actions("* @mikeal [#1481](https://github.com/nodejs/node/pull/1481)\n") == []


def test_a_resolution_is_a_decision_and_a_named_task_in_it_an_action():
    report = parse(
        HEAD + "* **Resolution**: Oliver to create a proposal.\n"
        "* **Resolution**: None!\n"
        "* -> Action: no action needed.\n"
    )
    assert [d.text for d in report.decisions] == ["Oliver to create a proposal."]
    assert [(a.text, [o.name for o in a.owners]) for a in report.actions] == [
        ("Create a proposal.", ["Oliver"])
    ]
    assert "None!" in report.summary


def test_a_numbered_todo_list_and_a_numbered_action_items_heading():
    assert actions(
        "### TODOs\n\n1.  Will, Nicole, and Sumana: submit July invoices ASAP\n\n"
        "2.  Nicole: look into prior art\n\n"
        "## V. Action Items\n\n- Ann: send the notes\n"
    ) == [
        ("Submit July invoices ASAP", ["Will", "Nicole", "Sumana"], "open"),
        ("Look into prior art", ["Nicole"], "open"),
        ("Send the notes", ["Ann"], "open"),
    ]


def test_an_attendance_table_lists_who_came_from_where_and_who_did_not():
    report = parse(
        "Security call, 2023-03-07\n\n"
        "| Name | affiliation | username | present |\n"
        "| ---- | ----------- | -------- | ------- |\n"
        "| Jason Weill | AWS | @JasonWeill | yes |\n"
        "| [Joe Lucas](https://example.org/joe) | NVIDIA | @josephtlucas | |\n"
        "| Rollin Thomas | NERSC | | no |\n\n"
        "## Kickoff\n\n- @JasonWeill will close the loop with the other projects\n"
    )
    assert report.attendees == [("AWS", ["Jason Weill"]), ("NVIDIA", ["Joe Lucas"])]
    assert report.absentees == [("absent", "NERSC", "Rollin Thomas")]
    # The username the table gives is the attendee's.
    assert [o.name for o in report.actions[0].owners] == ["Jason Weill"]
    # The table stays in the minutes, as written, with what coflight does not keep.
    assert "@josephtlucas" in report.summary
    assert report.roles[2:7] == ["text"] * 5


def test_a_table_of_actions_gives_the_actions_with_owners_due_dates_and_status():
    report = parse(
        "Board call, 6 August 2024\n\nPresent: Ann, Bob\n\n"
        "| Action | Owner | Due | Status |\n|:---|---|---|---|\n"
        "| Send the budget | Ann | 30 August 2024 | open |\n"
        "| Book the room | Ann & Bob | | done |\n"
        "| | Bob | | |\n"
    )
    sent, booked = report.actions
    assert (sent.text, [o.name for o in sent.owners]) == ("Send the budget", ["Ann"])
    assert str(sent.due_date) == "2024-08-30" and sent.status == "open"
    assert [o.name for o in booked.owners] == ["Ann", "Bob"] and booked.status == "done"
    assert set(report.roles[4:9]) == {"action"}


def test_a_table_of_something_else_is_minutes_text():
    report = parse("Call, 6 August 2024\n\n## Figures\n\n| Year | Sum |\n|---|---|\n| 2024 | 3 |\n")
    assert report.actions == [] and report.attendees == []
    assert "| 2024 | 3 |" in report.items[0].minutes


def test_a_consented_decisions_section_lists_the_decisions():
    report = parse(
        "Council, 6 August 2024\n\n## Budget\n\nWe talked.\n\n### Consented decisions\n\n"
        "- The budget for 2025 is approved\n1. The next call is moved to Tuesday\n\n"
        "Then we went on.\n\nDECISION - group would like updates periodically\n"
    )
    assert [d.text for d in report.decisions] == [
        "The budget for 2025 is approved",
        "The next call is moved to Tuesday",
        "group would like updates periodically",
    ]
    assert report.actions == []
    assert "Then we went on." in report.items[-1].minutes
