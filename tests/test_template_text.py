"""Every word a template shows goes through {% translate %} or {% blocktranslate %}: a French
page can then never come out half in English. The lint reads each template as text, leaves out
what is translated, the template's own tags and comments, scripts, styles and HTML tags, and
names the file and line of any word left (in the text, or in an attribute people read)."""

import re
from pathlib import Path

TEMPLATES = Path(__file__).resolve().parent.parent / "templates"
TRANSLATED = re.compile(r"{%\s*blocktranslate\b.*?%}.*?{%\s*endblocktranslate\s*%}", re.S)
TEMPLATE_TAGS = re.compile(
    r"{%\s*comment\s*%}.*?{%\s*endcomment\s*%}|{%.*?%}|{{.*?}}|{#.*?#}", re.S
)
HIDDEN = re.compile(r"<!--.*?-->|<(script|style)\b.*?</\1>", re.S | re.I)
READ_ATTRIBUTES = re.compile(
    r"""\b(?:title|alt|placeholder|aria-label|aria-description)\s*=\s*("[^"]*"|'[^']*')""", re.I
)
HTML_TAG = re.compile(r"<[^>]*>", re.S)
ENTITY = re.compile(r"&[#\w]+;")
WORD = re.compile(r"[^\W\d_]{2,}")
# Names, not words: the same in every language.
NAMES = {"coflight", "https"}


def blanked(match: re.Match) -> str:
    return re.sub(r"[^\n]", " ", match.group(0))  # the lines stay where they were


def words_left(source: str) -> list[tuple[int, str]]:
    text = HIDDEN.sub(blanked, source)
    text = TRANSLATED.sub(blanked, text)
    text = TEMPLATE_TAGS.sub(blanked, text)
    left = [
        (text[: m.start()].count("\n") + 1, m.group(1)[1:-1])
        for m in READ_ATTRIBUTES.finditer(text)
    ]
    text = ENTITY.sub(" ", HTML_TAG.sub(blanked, text))
    left += [(n, line.strip()) for n, line in enumerate(text.split("\n"), 1) if line.strip()]
    return [(n, t) for n, t in left if any(w.casefold() not in NAMES for w in WORD.findall(t))]


def test_templates_show_no_word_outside_translate():
    untranslated = [
        f"{path.relative_to(TEMPLATES)}:{line}: {text[:60]}"
        for path in sorted(TEMPLATES.rglob("*"))
        if path.suffix in {".html", ".txt"}
        for line, text in words_left(path.read_text(encoding="utf-8"))
    ]
    assert untranslated == []


def test_the_lint_finds_a_word_and_its_line():
    source = '{% load i18n %}\n<p>{% translate "Saved" %}</p>\n<p title="Close">\nOverdue</p>\n'
    assert words_left(source) == [(3, "Close"), (4, "Overdue")]
    assert words_left("{% blocktranslate %}Due {{ day }}{% endblocktranslate %} · coflight") == []
