"""Tasks as other communities mark them (coflight/minutes/parser/action_lines.py)."""

import datetime

from coflight.minutes.parser import FollowUp, ParsedAction, parse

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


def test_a_resolution_is_a_decision_and_an_attendee_s_task_in_it_an_action():
    report = parse(
        HEAD + "Present: Oliver\n\n"
        "* **Resolution**: Oliver to create a proposal.\n"
        "* **Resolution**: Chrome to ignore $schema instead of warning.\n"
        "* **Resolution**: None!\n"
        "* -> Action: no action needed.\n"
    )
    assert [d.text for d in report.decisions] == [
        "Oliver to create a proposal.",
        "Chrome to ignore $schema instead of warning.",
    ]
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


def test_a_present_heading_over_names_one_a_line_lists_them():
    report = parse("# Working group: 2022-11-10\n\n## Present\nDavid Thrane\nLaurent\nHécate\n\n"
                   "## Agenda\n1. Vote\n\n### Vote\nGershom: volunteered\n")  # fmt: skip
    assert [names for _org, names in report.attendees] == [
        ["David Thrane"],
        ["Laurent"],
        ["Hécate"],
    ]
    assert actions("Present: Gershom\n\n1. Vulnerabilities\nGershom: volunteered\n")[-1][:2] == (
        "Volunteered",
        ["Gershom"],
    )


def test_a_spaced_out_list_under_a_remark_is_one_list_and_the_remark_no_name():
    report = parse(
        "Team call, 26 August 2020\n\nAttendance (please add yourself)\n\n\n"
        "- Pradyun\n\n- Georgia ![:)](/img/smile.png)\n\nAgenda:\n\n- Resolver\n"
    )
    assert [names for _org, names in report.attendees] == [["Pradyun"], ["Georgia"]]


def test_a_group_label_is_the_organisation_or_how_they_came():
    report = parse(
        "# Attendees\n\n- Sync\n  - @idabzo\n  - @flyfloh\n- Async\n- Google\n  - Ann Lee\n\n"
        "# Tasks\n- [ ] @idabzo will monitor the PR\n"
    )
    assert report.attendees == [("", ["@idabzo"]), ("", ["@flyfloh"]), ("Google", ["Ann Lee"])]
    assert report.attendee_notes == {"@idabzo": "Sync", "@flyfloh": "Sync"}
    assert "- Async" in report.summary


def test_an_organisation_written_once_after_its_people_and_initials_and_roles_after_them():
    report = parse(
        "October 24 Attendees:\n\n"
        "- Shane Carr - Google i18n (SFC), Moderator\n"
        "- Frank Yung-Fong Tang - Google i18n, V8 (FYT)\n"
        "- Steven Loomis - IBM (SLS → SRL)\n"
        "- Joe Beda, Tim St. Clair [Heptio]\n"
        "- Brandon Philips [CoreOS] NOTE TAKER!\n\n"
        "## Liaison Updates\n\nAction: SRL to follow up\n"
    )
    assert report.title != "October 24 Attendees"
    assert report.attendees == [
        ("Google i18n", ["Shane Carr"]),
        ("Google i18n, V8", ["Frank Yung-Fong Tang"]),
        ("IBM", ["Steven Loomis"]),
        ("Heptio", ["Joe Beda"]),
        ("Heptio", ["Tim St. Clair"]),
        ("CoreOS", ["Brandon Philips"]),
    ]
    assert report.attendee_notes["Shane Carr"] == "SFC, Moderator"
    assert report.attendee_notes["Brandon Philips"] == "NOTE TAKER!"
    assert report.aliases["SRL"] == report.aliases["SLS"] == "Steven Loomis"
    assert [o.name for o in report.actions[0].owners] == ["Steven Loomis"]


def test_a_nickname_is_the_attendee_and_a_sentence_goes_on_to_the_next_line():
    assert actions(
        "Present: David Grove\n\n1. Spark\nJorge is interested.  Dave will try to find out\n"
        "whether the Spark Technology Center can help.  Tim will\nwrite it up.\n"
    ) == [
        ("Try to find out whether the Spark Technology Center can help.", ["Dave"], "open"),
        ("Write it up.", ["Tim"], "open"),
    ]


def test_an_action_item_heading_over_its_task_and_a_bullet_going_on_under_it():
    assert actions(
        "* Action item for Dan: Check if we want to make the mailing\n"
        "  list a mailman group\n"
        "* Action item (for working group):\n"
        "  Document which sub-projects are using Phabricator\n"
        "  [#35](https://github.com/x/y/issues/35)\n"
        "* Api-machinery will need multiple orgs\n"
        "\n**Action items**\n* ???: Document when we use each list\n"
    ) == [
        ("Check if we want to make the mailing list a mailman group", ["Dan"], "open"),
        (
            "Document which sub-projects are using Phabricator [#35](https://github.com/x/y/issues/35)",
            ["working group"],
            "open",
        ),
        ("Document when we use each list", [], "open"),
    ]


def test_a_task_given_beside_one_taken_in_the_same_sentence_is_an_action_too():
    assert actions("1. Subtags\nPass this feedback to RCA, and Dan will follow up.\n") == [
        ("Pass this feedback to RCA", [], "open"),
        ("Follow up.", ["Dan"], "open"),
    ]
    assert actions("1. Subtags\nRevisit in the future, and it will be fine.\n") == []


def test_conclusions_consensus_and_votes_are_decisions():
    report = parse(
        HEAD + "## Add support for subtags\n\nSome discussion.\n\n#### Conclusion\n\n"
        "Put the issue on the backlog.\n\n"
        "## Administrivia\n\n* **Consensus**: use the list\n* **Consensus**: See AIs below\n"
        "Adopted, by a 7-2 vote (1 board member not present)\n"
        "Consensus: no further action for now.  Dan will tell Sam.\n"
        "Nothing was adopted by anyone here.\n"
    )
    assert [(d.text, d.item) for d in report.decisions] == [
        ("Put the issue on the backlog.", "1"),
        ("use the list", "2"),
        ("Adopted, by a 7-2 vote (1 board member not present)", "2"),
        ("no further action for now. Dan will tell Sam.", "2"),
    ]
    assert [i.title for i in report.items] == ["Add support for subtags", "Administrivia"]
    assert [(a.text, [o.name for o in a.owners]) for a in report.actions] == [
        ("Tell Sam.", ["Dan"])
    ]


def test_several_actions_in_one_sentence_each_of_whom_it_names():
    assert actions(
        "1. Charter\nAaron to draft the charter and Tim to review it.\n"
        "ACTION: Aaron to book a room, Dan to send the invitations\n"
        "Action items: Dan updates the draft and Tim reviews it.\n"
        "Tim to write the notes and Java will do the rest.\n"
        "Aaron will check the numbers, Dan agrees.\n"
        "Action: Tim to update the page; Dan was absent\n"
    ) == [
        ("Draft the charter", ["Aaron"], "open"),
        ("Review it.", ["Tim"], "open"),
        ("Book a room", ["Aaron"], "open"),
        ("Send the invitations", ["Dan"], "open"),
        ("Updates the draft and Tim reviews it.", ["Dan"], "open"),
        ("Write the notes and Java will do the rest.", ["Tim"], "open"),
        ("Check the numbers, Dan agrees.", ["Aaron"], "open"),
        ("Update the page; Dan was absent", ["Tim"], "open"),
    ]


def test_an_emphasised_dashed_decision_and_what_we_decided_are_decisions():
    report = parse(
        HEAD + "1. Newsletter\n"
        "- we lack the capacity, so we decided to move the newsletter link to the news.\n"
        "- We discussed the landing page.\n\n"
        "2. GitBOM\n"
        "  - **_DECISION - group would like updates on project periodically_**\n"
    )
    assert [(d.text, d.item) for d in report.decisions] == [
        ("we lack the capacity, so we decided to move the newsletter link to the news.", "1"),
        ("group would like updates on project periodically", "2"),
    ]


def test_after_a_present_heading_and_a_blank_line_prose_is_no_attendee():
    for text in (
        "Call, 3 May 2024\n\nPresent:\n\nWe discussed the budget at length\n",
        "Call, 3 May 2024\n\n## Present\nIntroductions and welcome\n",
    ):
        report = parse(text)
        assert report.attendees == []
        assert report.unread() == []


def test_a_french_report_s_markers_are_read_as_the_english_ones():
    report = parse(
        "Réunion du bureau, 16/05/2013\n\n"
        "Les organisations et contributeurs suivants étaient présents :\n"
        "  • Bull : Jean-Michel, Claudine, Jean-Pierre\n  • OnApp : Stuart, Jamie\n\n"
        "Excusés : Marc (Non Stop Systems)\n\n"
        "Ordre du jour\n  • 1) Accueil\n  • 2) Prochaines étapes\n\n"
        "1) Accueil\nJean-Pierre a présenté les dernières nouvelles.\n\n"
        "Action : Enregistrer une démonstration vidéo.\n"
        "Responsables : Jean-Pierre (pilote) et Jamie\n"
        "Échéance : 30 mai 2013\nStatut : en cours\n\n"
        "2) Prochaines étapes\nDécision : la prochaine plénière aura lieu à Paris.\n\n"
        "Action : Relire le document\nPilote : Stuart, Claudine\n"
    )
    assert (report.title, str(report.date)) == ("Réunion du bureau", "2013-05-16")
    assert [n for _org, names in report.attendees for n in names] == [
        "Jean-Michel", "Claudine", "Jean-Pierre", "Stuart", "Jamie"
    ]  # fmt: skip
    assert report.absentees == [("excused", "Non Stop Systems", "Marc")]
    assert [(i.number, i.title) for i in report.items] == [
        ("1", "Accueil"),
        ("2", "Prochaines étapes"),
    ]
    assert [
        (a.text, [(o.name, o.lead) for o in a.owners], str(a.due_date), a.status)
        for a in report.actions
    ] == [
        ("Enregistrer une démonstration vidéo.", [("Jean-Pierre", True), ("Jamie", False)],
         "2013-05-30", "in_progress"),
        ("Relire le document", [("Stuart", True), ("Claudine", False)], "None", "open"),
    ]  # fmt: skip
    assert [d.text for d in report.decisions] == ["la prochaine plénière aura lieu à Paris."]
    assert report.unread() == []


def due_meeting(action: ParsedAction) -> FollowUp:
    assert action.due_meeting is not None
    return action.due_meeting


FRENCH_HEAD = "Réunion du bureau, 16/05/2013\n\nPrésents : Jean-Pierre, Stuart\n\n1) Suivi\n\n"
FRENCH_NEXT = "\nProchaine réunion plénière : 13 juin 2013\n"


def french_due(task: str, details: str = "") -> tuple[str, str | None, tuple | None]:
    """The due phrase, due date and due meeting of one French action under FRENCH_HEAD."""
    report = parse(
        FRENCH_HEAD + f"Action\u00a0: {task}\nResponsable\u00a0: Stuart\n{details}" + FRENCH_NEXT
    )
    (action,) = report.actions
    meeting = action.due_meeting
    return (
        action.due_phrase,
        str(action.due_date) if action.due_date else None,
        (meeting.kind, str(meeting.date)) if meeting else None,
    )


def test_french_due_at_the_next_weekly_meeting():
    assert french_due("Recueillir les avis lors de la prochaine réunion hebdomadaire (30 mai)") == (
        "prochaine réunion hebdomadaire (30 mai)", None, ("weekly_call", "2013-05-30")
    )  # fmt: skip


def test_french_due_at_the_following_weekly_meeting():
    assert french_due("Choisir les points lors de la réunion hebdomadaire suivante (6 juin)") == (
        "réunion hebdomadaire suivante (6 juin)", None, ("weekly_call", "2013-06-06")
    )  # fmt: skip


def test_french_due_at_the_next_plenary_meeting_with_its_date():
    assert french_due("La présenter lors de la prochaine réunion plénière (13 juin)") == (
        "prochaine réunion plénière (13 juin)", None, ("plenary", "2013-06-13")
    )  # fmt: skip


def test_french_due_at_the_next_plenary_meeting_is_the_next_meeting_the_minutes_name():
    assert french_due("Organiser une discussion lors de la prochaine plénière") == (
        "prochaine plénière", None, ("plenary", "2013-06-13")
    )  # fmt: skip


def test_french_due_before_the_plenary_meeting():
    assert french_due("Présenter la proposition avant la plénière du 13 juin") == (
        "avant la plénière du 13 juin", None, ("plenary", "2013-06-13")
    )  # fmt: skip
    assert french_due("Présenter la proposition avant la réunion plénière (13 juin)") == (
        "avant la réunion plénière (13 juin)", None, ("plenary", "2013-06-13")
    )  # fmt: skip


def test_french_due_dates():
    assert french_due("Envoyer le plan pour le 30 mai") == ("pour le 30 mai", "2013-05-30", None)
    assert french_due("Envoyer le plan pour le jeudi 30 mai")[1] == "2013-05-30"
    assert french_due("Envoyer le plan d’ici le 30 mai")[1] == "2013-05-30"
    assert french_due("Envoyer le plan au plus tard le 30/05/2013")[1] == "2013-05-30"
    # « Pour le » that no date follows says nothing of when.
    assert french_due("Pour le CompatibleOne Day, enregistrer une démo") == ("", None, None)


def test_a_french_due_line_names_the_meeting():
    due = "Échéance\u00a0: lors de la prochaine réunion plénière\n"
    assert french_due("Relire le document", due) == (
        "prochaine réunion plénière", None, ("plenary", "2013-06-13")
    )  # fmt: skip


def test_the_english_due_phrases_are_read_as_before():
    report = parse(
        "Call, 16 May 2013\n\nPresent: Stuart\n\n1) Next steps\n\n"
        "Action: Present it during the next plenary meeting (13 June)\nOwner: Stuart\n\n"
        "Action: Review it before the plenary meeting\nOwner: Stuart\n\n"
        "Next plenary meeting: 20 June 2013\n"
    )
    assert [(a.due_phrase, due_meeting(a).key) for a in report.actions] == [
        ("next plenary meeting (13 June)", ("plenary", datetime.date(2013, 6, 13))),
        ("before the plenary meeting", ("plenary", datetime.date(2013, 6, 20))),
    ]
    assert {due_meeting(a).title for a in report.actions} == {"Plenary meeting"}


def test_a_french_date_with_its_weekday_and_times():
    report = parse(
        "Réunion du bureau\n\njeudi 16 mai 2013, de 9\u00a0h\u00a000 à 17\u00a0h\u00a030\n\n"
        "Présents : Ann\n"
    )
    assert (report.title, str(report.date), str(report.starts_at), str(report.ends_at)) == (
        "Réunion du bureau", "2013-05-16", "09:00:00", "17:30:00"
    )  # fmt: skip
    report = parse("Réunion du bureau\n\nLe jeudi 16 mai 2013 à 14 h\n\nPrésents : Ann\n")
    assert (str(report.date), str(report.starts_at)) == ("2013-05-16", "14:00:00")
    report = parse("Bureau\n\nDate : jeudi 16 mai 2013, 9 h 00 – 17 h 30\n\nPrésents : Ann\n")
    assert (str(report.starts_at), str(report.ends_at)) == ("09:00:00", "17:30:00")


def test_a_weekly_call_announced_in_french_with_its_weekday_time_and_number():
    report = parse(
        FRENCH_HEAD + "  • Répondre lors de la conférence téléphonique hebdomadaire\u00a0:\n"
        "    • jeudi 30 mai à 16\u00a0h\u00a000 CEST\n"
        "    • Pour appeler\u00a0: +33 172 807 597\n\n"
        "Action : Recueillir les commentaires lors de la prochaine réunion hebdomadaire (30 mai)\n"
        "Responsable : Stuart\n"
    )
    call = due_meeting(report.actions[0])
    assert (call.kind, str(call.date), str(call.starts_at), call.dial_in, call.title) == (
        "weekly_call", "2013-05-30", "16:00:00", "+33 172 807 597",
        "Conférence téléphonique hebdomadaire",
    )  # fmt: skip


def test_absents_are_listed_as_absent():
    report = parse(
        "Réunion du bureau, 16/05/2013\n\nPrésents : Ann\n\n"
        "Absents\u00a0: Marc (Non Stop Systems), Bob\n\n1) Accueil\n"
    )
    assert report.absentees == [("absent", "Non Stop Systems", "Marc"), ("absent", "", "Bob")]
    assert report.attendees == [("", ["Ann"])]
    assert report.unread() == []


def test_compte_rendu_is_the_word_for_the_minutes_not_the_meeting_s_title_or_an_item():
    report = parse(
        "Compte rendu de la réunion plénière du 13 juin 2013\n\nPrésents : Ann\n\n"
        "Compte rendu\n\n1) Accueil\nBienvenue.\n\n## Compte rendu détaillé\n\n"
        "Action : Relire\nResponsable : Ann\n"
    )
    assert (report.title, report.kind, str(report.date)) == (
        "Réunion plénière", "plenary", "2013-06-13"
    )  # fmt: skip
    assert [(i.number, i.title) for i in report.items] == [("1", "Accueil")]
    assert report.summary == "" and [i.minutes for i in report.items] == ["Bienvenue."]
    assert [(a.text, a.item) for a in report.actions] == [("Relire", "1")]
    assert report.unread() == []
    assert parse("Compte rendu – Atelier SLA, 16 mai 2013\n\nPrésents : Ann\n").title == (
        "Atelier SLA"
    )


def test_french_projects_presenters_materials_and_agreement():
    report = parse(
        "Atelier, 16/05/2013\n\nPrésents : Sami, Mohamed\n\n"
        "3 autres projets étaient représentés : EasiClouds, OpenCloudware, Nu@ge\n\n"
        "Vous trouverez ici les transparents présentés lors de cet atelier.\n\n"
        "1) PaaS\nSami et Mohamed ont fait une démonstration et présenté le travail.\n"
        "Tous les participants ont convenu de sa pertinence.\n"
    )
    assert report.projects == ["EasiClouds", "OpenCloudware", "Nu@ge"]
    assert report.materials == [
        ("Vous trouverez ici les transparents présentés lors de cet atelier.", "")
    ]
    assert [i.presenters for i in report.items] == [["Sami", "Mohamed"]]
    assert [(d.text, d.agreed_by) for d in report.decisions] == [
        ("Tous les participants ont convenu de sa pertinence.", "Tous les participants")
    ]
