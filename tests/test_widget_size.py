"""The widget stays small: families are often on a phone with a poor signal."""

import gzip
from pathlib import Path

CHAT = Path(__file__).resolve().parent.parent / "web" / "chat"
BUDGET = 30 * 1024  # bytes, gzipped, JavaScript and CSS together


def test_widget_is_under_30_kb_gzipped():
    size = sum(len(gzip.compress(path.read_bytes(), 9)) for path in (CHAT / "widget.js", CHAT / "widget.css"))
    print(f"widget.js + widget.css gzipped: {size} bytes")
    assert size < BUDGET


def test_widget_never_writes_html_from_text():
    source = (CHAT / "widget.js").read_text()
    for risky in ("innerHTML", "outerHTML", "insertAdjacentHTML", "document.write", "eval("):
        assert risky not in source


def test_no_fact_a_council_edits_is_written_into_the_widget(content):
    """Phone numbers, emails and names live in content/ and reach the page as data attributes.
    (999, the same everywhere, stays in the notice shown before the assistant says anything, and
    the link-maker knows what 999 and 101 look like.)"""
    import re

    source = (CHAT / "widget.js").read_text()
    assert not re.search(r"\b0\d{3} ?\d{3} ?\d{4}\b|@[a-z]+\.", source)
    for contact in content.contacts.values():
        if contact.id not in ("emergency", "police_non_emergency"):  # 999 and 101, national and for ever
            assert contact.name not in source and (not contact.phone or contact.phone not in source)


def test_the_demo_page_gives_the_widget_who_to_call_from_content():
    from scripts.serve_demo import demo_page

    page = demo_page("http://localhost:5005")
    assert 'data-fault-text="Sorry, the assistant is not answering at the moment.' in page
    assert "call 999" in page and "Global Mediation: phone 0800 064 4488" in page
