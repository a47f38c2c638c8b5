"""The content files: the real ones load and are complete; a broken one fails with a clear message."""

import collections
import re
import shutil
from pathlib import Path

import pytest
import yaml

from guide.content import CONTENT_DIR, ContentError, load_content
from scripts.evaluate_nlu import load_examples, training_examples
from scripts.evaluate_safety import load_safety_set
from tests.disagreement_types import DISAGREEMENT_TYPES

ROOT = Path(__file__).resolve().parent.parent


def _domain():
    return yaml.safe_load((ROOT / "domain.yml").read_text())


def test_every_question_intent_has_an_answer(content):
    questions = [i for i in _domain()["intents"] if i.startswith("ask_") and i != "ask_deadline"]
    assert questions, "the domain should have question intents"
    assert sorted(questions) == sorted(content.faq)


def test_every_disagreement_type_has_a_route(content):
    types = set(DISAGREEMENT_TYPES)
    assert types == {route.id for route in content.disagreement_routes}
    assert types <= set(_domain()["intents"])


def test_appealable_decisions_are_the_four_the_law_names(content):
    appealable = {route.id for route in content.routes.values() if route.appealable}
    assert appealable == {"refused_assessment", "refused_ehc_plan", "disagree_plan_contents", "plan_ceasing"}
    for route_id in appealable:
        assert content.routes[route_id].rungs[-1] == "tribunal_appeal"
        assert "mediation_advice" in content.routes[route_id].rungs


def test_global_mediation_details_match_the_council_page(content):
    provider = content.contacts["mediation_provider"]
    assert (provider.name, provider.phone, provider.email) == (
        "Global Mediation",
        "0800 064 4488",
        "sen@globalmediation.co.uk",
    )


def test_unconfirmed_numbers_are_not_given(content):
    # facts.md lists these as unverified: a wrong number costs a family time.
    everything = repr(content)
    for unverified in (
        "01325 289 350",
        "0345 015 4033",
        "020 8441 1355",
        "0800 018 4016",
        "0800 80 55 060",
        "0808 808 3555",
    ):
        assert unverified not in everything


def test_nobody_says_ccg_or_esfa_as_if_current(content):
    for rung in content.rungs.values():
        assert "CCG" not in rung.what and "ESFA" not in rung.what
    assert "clinical commissioning groups (CCGs)" in " ".join(content.faq["ask_icb"].answer)


def test_every_intent_has_training_examples():
    examples = collections.Counter(intent for _, intent in training_examples())
    for intent in _domain()["intents"]:
        assert examples.get(intent, 0) >= 5, f"{intent} has too few examples"
    for route in DISAGREEMENT_TYPES:
        assert examples[route] >= 40


def test_only_the_long_disagreement_posts_are_left_out_of_the_safety_score():
    """Every other example, every safety example among them, trains the model that marks a safety worry."""
    kept = set(training_examples(for_safety_score=True))
    left_out = [example for example in training_examples() if example not in kept]
    posts = load_examples(ROOT / "data" / "nlu" / "realistic_posts.yml")
    assert sorted(left_out) == sorted(posts) and len(posts) >= 400
    assert "safeguarding_concern" not in {intent for _, intent in posts}


def _words(text):
    return set(re.findall(r"[a-z0-9]+", text.lower()))


def _seen_in_training(held_out: list[str]) -> list[str]:
    # Not even near-copies: 3 words in 4 the same counts as seen.
    training = [_words(text) for text, _ in training_examples()]
    return [
        text
        for text in held_out
        if any(len(_words(text) & t) / len(_words(text) | t) >= 0.75 for t in training if t | _words(text))
    ]


def test_held_out_set_is_not_in_the_training_data():
    held_out = [text for text, _ in load_examples(ROOT / "tests" / "nlu" / "holdout.yml")]
    assert len(held_out) >= 150
    assert _seen_in_training(held_out) == []


def test_the_realistic_held_out_set_is_big_enough_and_not_in_the_training_data():
    held_out = [text for text, _ in load_examples(ROOT / "tests" / "nlu" / "realistic_holdout.yml")]
    assert len(held_out) >= 200 and len(set(held_out)) == len(held_out)
    assert _seen_in_training(held_out) == []
    # Not even close to the long training posts, written from other sources in a separate pass.
    posts = [_words(text) for text, _ in load_examples(ROOT / "data" / "nlu" / "realistic_posts.yml")]
    assert [t for t in held_out if any(len(_words(t) & w) / len(_words(t) | w) >= 0.5 for w in posts)] == []


def test_every_realistic_message_has_its_source():
    for messages, sources in [
        ("tests/nlu/realistic_holdout.yml", "docs/sources/realistic_holdout_sources.yml"),
        ("data/nlu/realistic_posts.yml", "docs/sources/realistic_training_sources.yml"),
    ]:
        labels = [label for _, label in load_examples(ROOT / messages)]
        entries = yaml.safe_load((ROOT / sources).read_text())
        assert [entry["label"] for entry in entries] == labels
        assert all(entry["url"].startswith("http") and len(entry["gist"]) > 20 for entry in entries)
    training_urls = {
        e["url"] for e in yaml.safe_load((ROOT / "docs/sources/realistic_training_sources.yml").read_text())
    }
    held_out_urls = {
        e["url"] for e in yaml.safe_load((ROOT / "docs/sources/realistic_holdout_sources.yml").read_text())
    }
    assert training_urls.isdisjoint(held_out_urls)


def test_the_conversation_corpus_is_not_in_the_training_data():
    corpus = yaml.safe_load((ROOT / "tests" / "conversations" / "corpus.yml").read_text())["conversations"]
    typed = [turn["say"] for conversation in corpus for turn in conversation["turns"]]
    # Replies of a few words ("what do i do now", "no, we don't") are the same wherever they are written.
    assert _seen_in_training([text for text in typed if len(_words(text)) > 5]) == []


@pytest.mark.parametrize("name", ["safety_holdout.yml", "safety_holdout_2.yml", "safety_blind_check.yml"])
def test_safety_sets_are_big_enough_and_not_in_the_training_data(name):
    safety, ordinary = load_safety_set(ROOT / "tests" / "nlu" / name)
    assert len(safety) >= 150 and len(ordinary) >= 150
    assert len(set(safety + ordinary)) == len(safety) + len(ordinary)
    # Replies of a word or three ("no", "not yet") are the same wherever they are written.
    assert _seen_in_training([text for text in safety + ordinary if len(_words(text)) > 3]) == []


# --- a broken content file stops start-up with the file and line -------------------------


@pytest.fixture
def broken(tmp_path):
    target = tmp_path / "content"
    shutil.copytree(CONTENT_DIR, target)

    def edit(name, old, new):
        path = target / name
        text = path.read_text()
        assert old in text
        path.write_text(text.replace(old, new, 1))
        return target

    return edit


def _error(directory) -> str:
    with pytest.raises(ContentError) as caught:
        load_content(directory)
    return str(caught.value)


def test_route_naming_a_missing_rung(broken):
    directory = broken(
        "ladder.yml",
        "rungs: [talk_to_council, mediation_advice, mediation, tribunal_appeal]",
        "rungs: [talk_to_council, mediation_advise, mediation, tribunal_appeal]",
    )
    message = _error(directory)
    assert message.startswith("content/ladder.yml, line ")
    assert "'mediation_advise'" in message


def test_invalid_yaml_names_the_line(broken):
    directory = broken("faq.yml", "ask_cost:\n", "ask_cost:\n  answer: [unclosed\n")
    message = _error(directory)
    assert message.startswith("content/faq.yml, line ")
    assert "not valid YAML" in message


def test_unknown_placeholder_in_a_message(broken):
    directory = broken(
        "messages.yml", 'confirm_type: "It sounds like {summary}.', 'confirm_type: "It sounds like {sumary}.'
    )
    message = _error(directory)
    assert "'confirm_type'" in message and "{sumary}" in message and "{summary}" in message


def test_misspelt_field_is_caught(broken):
    directory = broken(
        "ladder.yml", '    how_long: "Often the quickest step.', '    how_lnog: "Often the quickest step.'
    )
    assert "'how_lnog' is not something a rung can have" in _error(directory)


def test_unknown_contact(broken):
    directory = broken("faq.yml", "contacts: [send_tribunal, sendiass]", "contacts: [tribunal, sendiass]")
    assert "'tribunal'" in _error(directory)


def test_a_question_without_a_button_title_is_caught(broken):
    directory = broken("faq.yml", '  title: "Is it free?"\n', "")
    message = _error(directory)
    assert message.startswith("content/faq.yml, line ") and "'title'" in message


def test_missing_message(broken):
    directory = broken("messages.yml", "goodbye:", "good_bye:")
    assert "missing the message 'goodbye'" in _error(directory) or "good_bye" in _error(directory)


def test_quality_must_be_a_known_word(broken):
    directory = broken(
        "ladder.yml", "qualities: [free, independent, confidential, voluntary]", "qualities: [free, cheap]"
    )
    assert "'cheap'" in _error(directory)


def test_mediation_provider_needs_a_way_to_reach_it(broken):
    directory = broken("council.yml", 'phone: "0800 064 4488"', 'phone: ""')
    directory = broken("council.yml", 'email: "sen@globalmediation.co.uk"', 'email: ""')
    directory = broken("council.yml", 'web: "www.globalmediation.co.uk"', 'web: ""')
    assert "'mediation_provider'" in _error(directory)


def test_deadline_months_must_be_whole_numbers(broken):
    directory = broken("deadlines.yml", "tribunal_months_from_letter: 2", "tribunal_months_from_letter: two")
    assert "'tribunal_months_from_letter'" in _error(directory)


def test_bad_safeguarding_pattern(broken):
    directory = broken("safeguarding.yml", "  - '\\bsuicid\\w*'", "  - '(unclosed'")
    assert "not a valid regular expression" in _error(directory)


def test_missing_file(tmp_path):
    assert "content/council.yml: cannot read the file" in _error(tmp_path)


def test_a_rung_on_no_route_is_caught(broken):
    directory = broken("ladder.yml", "rungs: [complaint_nhs, ombudsman_phso]", "rungs: [complaint_nhs]")
    message = _error(directory)
    assert "'ombudsman_phso' is not on any route" in message


def test_every_button_payload_fits_telegrams_64_byte_limit(content):
    # Telegram drops a button whose callback data is longer; a long new route id would do that.
    from guide.replies import complaint_buttons, menu_buttons, payload

    payloads = [b.payload for b in menu_buttons(content) + complaint_buttons(content)]
    payloads += [payload("ask_deadline", deadline_kind=kind) for kind in ("appeal", "discrimination")]
    assert max(len(p.encode()) for p in payloads) <= 64
