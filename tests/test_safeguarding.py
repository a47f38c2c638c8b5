"""The safety net: a message about a child at risk always gets the safety reply first."""

import glob
from pathlib import Path

import pytest
import yaml

from guide.safeguarding_override import is_safety_worry

ROOT = Path(__file__).resolve().parent.parent


@pytest.mark.parametrize(
    "text",
    [
        "school won't help and he keeps saying he wants to kill himself",
        "my daughter has been self-harming since she was excluded",
        "she talks about ending her life",
        "he says he'd rather be dead than go back",
        "I think he is being abused at home",
        "the TA grabbed him and he came home with bruises",
        "my partner threatened to hurt my son",
        "I'm not safe at home",
        "he took an overdose last night",
        "my child is in danger",
        "I want to end it all",
        "he doesn't want to live any more",
        "my son is in danger of being hurt at home",
        "my child is being hit at school",
        "he tried to hang himself",
    ],
)
def test_worries_about_safety_are_caught(content, text):
    assert is_safety_worry(text, content.safeguarding_patterns)


@pytest.mark.parametrize(
    "text",
    [
        "my son is at risk of permanent exclusion",
        "she is in danger of failing her GCSEs",
        "the council want to end his plan",
        "they are ending her EHCP when she leaves college",
        "the school keeps hitting us with detentions",
        "I'm terrified they will take his plan away",
        "the annual review hurt my feelings",
    ],
)
def test_ordinary_disagreements_do_not_trigger_it(content, text):
    assert not is_safety_worry(text, content.safeguarding_patterns)


def test_no_training_example_of_another_intent_triggers_it(content):
    # A false alarm would derail a family's conversation with a safety message they did not need.
    alarms = []
    for path in glob.glob(str(ROOT / "data" / "nlu" / "*.yml")):
        for block in yaml.safe_load(Path(path).read_text())["nlu"]:
            if block["intent"] == "safeguarding_concern":
                continue
            for line in block["examples"].splitlines():
                text = line.strip()[2:]
                if text and is_safety_worry(text, content.safeguarding_patterns):
                    alarms.append((block["intent"], text))
    assert alarms == []
