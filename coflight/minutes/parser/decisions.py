"""Decisions as boards and councils record them: "Decision:", "RESOLVED:", "AGREED:",
"Resolution:", "Consensus:", an "Agreed by:" line under one, a "Conclusion" heading over what
was concluded, a vote's outcome ("Adopted, by a 7-2 vote"), and "All participants agreed …"
in the minutes."""

import re
from typing import TYPE_CHECKING

from . import prose
from .action_lines import BULLETED
from .model import ParsedDecision, ParsedItem
from .text import LABEL, clean

if TYPE_CHECKING:
    from .reader import Reader

DECISION_LINE = re.compile(
    r"^(?:DECISION|Decision|decision|DÉCISION|Décision|décision|DECIDED|Decided|RESOLVED|Resolved"
    r"|RESOLUTION|Resolution"
    r"|AGREED|Agreed|CONSENSUS|Consensus|CONCLUSION|Conclusion)[ \u00a0]?:[ \u00a0]?"
    r"(?P<text>\S.*)$"
)
NOTHING_DECIDED = {"none", "n/a", "no", "nothing", "no resolution", "no decision"}
# "Consensus: See AIs below": a pointer to the actions, not a decision.
POINTER = re.compile(r"^see\b", re.I)
# "Adopted, by a 7-2 vote", "Approved unanimously", "It passed unanimously", "We voted to
# approve, 5 in favor": the outcome of a vote, on the item it is under.
VOTE_OUTCOME = re.compile(
    r"^(?:(?:it|the (?:motion|resolution|proposal))\s+(?:was\s+)?)?"
    r"(?:adopted|approved|passed|carried|rejected|defeated)\b,?\s*"
    r"(?:unanimously|by (?:a |an )?(?:\d{1,3}\s*[-–]\s*\d{1,3} )?(?:vote|majority|consensus)"
    r"|with \d{1,3} (?:votes?|in favou?r))"
    r"|^we voted (?:to|for|against)\b",
    re.I,
)
# "#### Conclusion", "Outcome:": what follows, to the next heading, is what was concluded.
CONCLUSION_HEADING = re.compile(r"^#{1,6}\s+(?:conclusions?|outcomes?)\s*:?$", re.I)
# "Agreed by:", « Approuvée par : », as coflight's Markdown writes them under a decision.
AGREED_BY_LINE = re.compile(
    r"^(?:agreed by|approuvée? par|adoptée? par|convenue? par) ?: ?(?P<who>\S.*)$", re.I
)
# "All participants agreed on the relevance of this work." in a paragraph of minutes: the
# sentence stays in the minutes, and is also the meeting's decision, agreed by whom it says.
# « Tous les participants ont convenu de la pertinence de ce travail. », « … se sont accordés
# sur leur importance. », as a French report says it.
AGREED_SENTENCE = re.compile(
    r"(?:^|(?<=[.!?] ))(?P<sentence>(?P<who>All (?:the )?(?:participants|members|attendees)"
    r"|Everyone|Everybody|The (?:meeting|group|committee|board|council|participants)"
    r"|Tous les (?:participants|membres)|Toutes les participantes|L[’']ensemble des participants"
    r"|Tout le monde|Les participants|L[’']assemblée|Le (?:groupe|comité|bureau|conseil))"
    r" (?:agreed|decided|resolved|approved"
    r"|(?:ont|a|se sont|s[’']est) (?:convenu|décidé|approuvé|accordée?s?|mise?s? d[’']accord"
    r"|entendue?s?|reconnu))\b[^.!?\n]*[.!?])"
)


# "… so we decided to move the newsletter link …": what the group says it decided.
WE_DECIDED = re.compile(r"\b[Ww]e (?:have |had |then |finally )?(?:decided|resolved)\b")
# "## Consented decisions", "Decisions:", "Resolutions": a list of what was decided.
DECISIONS_HEADING = re.compile(
    r"^(?:#+ )?(?:consented decisions|decisions(?: taken| made)?|resolutions"
    r"|relevé de décisions)\s*:?$",
    re.I,
)
# "DECISION - group would like updates …", as some scribes write it.
DASHED_DECISION = re.compile(r"^(?:DECISION|Decision) [-–—] (?P<text>\S.*)$")


def read_decisions_heading(reader: "Reader", line: str, text: str, index: int) -> int | None:
    conclusion = CONCLUSION_HEADING.match(line.strip())
    if not DECISIONS_HEADING.match(text) and not conclusion:
        return None
    reader.flush_paragraph()
    reader.in_decisions = True
    reader.in_conclusion = bool(conclusion)
    return index


def read_decisions_entry(reader: "Reader", line: str, text: str, index: int) -> int | None:
    """A bullet or numbered line under a "Decisions" heading is a decision; under a
    "Conclusion" heading, so is each line."""
    if not reader.in_decisions:
        return None
    if not BULLETED.match(line) and not reader.in_conclusion:
        reader.in_decisions = False
        return None
    if reader.in_conclusion:
        # "Pass this feedback to RCA, and YSZ will follow up.": concluded, and to do.
        prose.read_prose(reader, text, index)
    current = reader.current
    reader.report.decisions.append(
        ParsedDecision(
            text=" ".join(LABEL.sub(r"\g<rest>", text).split()),
            item=current.number if current else None,
            after_paragraph=len(current.paragraphs) if current else None,
        )
    )
    return index


def read_decision_line(reader: "Reader", line: str, text: str, index: int) -> int | None:
    # "**_DECISION - group would like updates …_**": emphasis around the line says nothing.
    text = text.strip("_* ") if text.startswith(("_", "*")) else text
    decision = DECISION_LINE.match(text) or DASHED_DECISION.match(text)
    if decision is None and VOTE_OUTCOME.match(text):
        return read_decision(reader, text, index)
    if not decision or decision["text"].strip(" !.").casefold() in NOTHING_DECIDED:
        return None  # "Resolution: None!": kept as the text it is
    if POINTER.match(decision["text"]):
        return None
    return read_decision(reader, decision["text"], index)


def read_agreed(reader: "Reader", item: ParsedItem, paragraph: str) -> None:
    """The sentences of a paragraph of minutes that say what all agreed, or what "we"
    decided."""
    running = " ".join(paragraph.split())
    found = [(a["sentence"], a["who"]) for a in AGREED_SENTENCE.finditer(running)]
    for line in paragraph.split("\n"):
        for sentence in re.split(r"(?<=[.!?])\s+", clean(line)):
            if WE_DECIDED.search(sentence) and not any(sentence in s for s, _w in found):
                found.append((sentence.strip(" _*"), ""))
    for sentence, who in found:
        reader.report.decisions.append(
            ParsedDecision(
                text=sentence,
                item=item.number,
                after_paragraph=len(item.paragraphs),
                agreed_by=who,
            )
        )


def read_decision(reader: "Reader", text: str, index: int) -> int:
    """ "Decision: …", and the "Agreed by: …" line under it, as coflight exports them."""
    reader.flush_paragraph()
    current = reader.current
    decision = ParsedDecision(
        text=" ".join(text.split()),
        item=current.number if current else None,
        after_paragraph=len(current.paragraphs) if current else None,
    )
    # coflight's Markdown repeats under its paragraph a decision the paragraph states.
    stated = [
        d for d in reader.report.decisions if (d.text, d.item) == (decision.text, decision.item)
    ]
    if stated:
        decision = stated[0]
    else:
        reader.report.decisions.append(decision)
        # "Resolution: Oliver to create a proposal.", "Consensus: no further action on this for
        # now.  Bill will communicate": decided, and Oliver's or Bill's to do.
        prose.read_prose(reader, text, index)
    following, filled = reader.next_filled(index)
    agreed = AGREED_BY_LINE.match(filled)
    if agreed:
        decision.agreed_by = agreed["who"].strip()
        return following + 1
    return index
