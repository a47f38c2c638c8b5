"""The intent classifier trains, saves, loads back and ranks intents the way the guide needs."""

import pytest
from rasa.engine.graph import ExecutionContext, GraphSchema
from rasa.engine.storage.local_model_storage import LocalModelStorage
from rasa.engine.storage.resource import Resource
from rasa.shared.nlu.training_data.message import Message
from rasa.shared.nlu.training_data.training_data import TrainingData

from guide.tfidf_classifier import MODEL_FILE, TfidfIntentClassifier

EXAMPLES = {
    "refused_assessment": [
        "the council refused to assess my son",
        "they won't do an EHC needs assessment",
        "LA said no to assessing her",
        "council turned down the assessment request",
    ],
    "greet": ["hello", "hi there", "good morning", "hiya"],
    "ask_cost": ["is it free", "how much does mediation cost", "do I have to pay", "what does it cost"],
}


@pytest.fixture
def storage(tmp_path):
    (tmp_path / "storage").mkdir()
    return LocalModelStorage(tmp_path / "storage")


def context():
    return ExecutionContext(GraphSchema({}), "test")


def trained(storage):
    resource = Resource("tfidf")
    classifier = TfidfIntentClassifier.create({}, storage, resource, context())
    messages = [Message.build(text=text, intent=intent) for intent, texts in EXAMPLES.items() for text in texts]
    classifier.train(TrainingData(messages))
    return resource


def parse(classifier, text):
    message = Message.build(text=text)
    classifier.process([message])
    return message


def test_a_saved_model_loads_back_and_classifies_new_wording(storage):
    resource = trained(storage)
    loaded = TfidfIntentClassifier.load({}, storage, resource, context())
    message = parse(loaded, "the council have refused an assessment")
    assert message.get("intent")["name"] == "refused_assessment"
    assert parse(loaded, "helo").get("intent")["name"] == "greet"  # a typo still reads as a greeting


def test_the_ranking_lists_every_intent_best_first_with_confidences_that_add_up(storage):
    loaded = TfidfIntentClassifier.load({}, storage, trained(storage), context())
    ranking = parse(loaded, "how much will it cost me").get("intent_ranking")
    assert [r["name"] for r in ranking][0] == "ask_cost"
    assert sorted(r["name"] for r in ranking) == sorted(EXAMPLES)
    confidences = [r["confidence"] for r in ranking]
    assert confidences == sorted(confidences, reverse=True)
    assert sum(confidences) == pytest.approx(1.0)


def test_empty_text_gets_a_ranking_not_a_crash(storage):
    loaded = TfidfIntentClassifier.load({}, storage, trained(storage), context())
    assert parse(loaded, "").get("intent")["name"] in EXAMPLES


def test_a_model_file_holding_other_types_is_refused(storage, tmp_path):
    import skops.io

    resource = trained(storage)
    with storage.write_to(resource) as directory:
        skops.io.dump({"model": Message.build(text="x")}, directory / MODEL_FILE)  # not what training saves
    with pytest.raises(ValueError, match="unexpected types"):
        TfidfIntentClassifier.load({}, storage, resource, context())


def test_each_part_of_a_message_with_two_questions_is_read(storage):
    loaded = TfidfIntentClassifier.load({}, storage, trained(storage), context())
    assert parse(loaded, "the council have refused an assessment, how much does mediation cost?").get(
        "parts_read_as"
    ) == [{"intent": "refused_assessment", "question": False}, {"intent": "ask_cost", "question": True}]
    assert parse(loaded, "how much does mediation cost").get("parts_read_as") == []  # one thing: read whole


def test_a_long_message_is_read_with_its_last_parts_where_the_ask_usually_is(storage):
    loaded = TfidfIntentClassifier.load({}, storage, trained(storage), context())
    background = "hello everyone, sorry this is long, my son is nine and has had a hard time at school this year. "
    ask = "The council have refused an assessment. How much does mediation cost?"
    message = parse(loaded, background * 2 + ask)
    assert len(message.get("text").split()) >= 25
    assert message.get("last_parts_read_as") == ["refused_assessment", "ask_cost"]
    whole = loaded.model.predict_proba([message.get("text")])[0]
    top = {r["name"]: r["confidence"] for r in message.get("intent_ranking")}
    index = list(loaded.model.classes_).index("ask_cost")
    assert top["ask_cost"] != pytest.approx(float(whole[index]))  # mixed with the last parts
    assert sum(top.values()) == pytest.approx(1.0)
