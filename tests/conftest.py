from datetime import date

import pytest

from guide.content import load_content
from guide.conversation import Guide

# A fixed "today" keeps every date in the tests stable.
TODAY = date(2026, 11, 27)


@pytest.fixture(scope="session")
def content():
    return load_content()


@pytest.fixture
def guide(content):
    return Guide(content, today=lambda: TODAY)
