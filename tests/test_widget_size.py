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
