"""The intent classifier trains, saves, loads back and ranks intents the way the guide needs."""

import pytest
from rasa.engine.graph import ExecutionContext, GraphSchema
from rasa.engine.storage.local_model_storage import LocalModelStorage
from rasa.engine.storage.resource import Resource
from rasa.shared.nlu.training_data.message import Message
from rasa.shared.nlu.training_data.training_data import TrainingData

from guide.tfidf_classifier import MODEL_FILE, SAFETY_MODEL_FILE, TfidfIntentClassifier

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


SAFETY_EXAMPLES = [
    "he says he wants to die",
    "she is self harming and cutting herself",
    "he cries every night and says he wants to hurt himself",
    "my daughter said she does not want to be alive",
]
# Long posts about a disagreement, full of worried words: they teach the intent, not safety.
POSTS = [
    "the council refused to assess my son, he cries every night and hides under the table at school",
    "LA said no to assessing her even though she cries every night and will not go in",
    "panel turned down the assessment request, he melts down and cries every night, we are exhausted",
]


def trained_with_posts(storage, left_out):
    resource = Resource("tfidf-with-posts")
    classifier = TfidfIntentClassifier.create({}, storage, resource, context())
    messages = [Message.build(text=text, intent=intent) for intent, texts in EXAMPLES.items() for text in texts]
    messages += [Message.build(text=text, intent="safeguarding_concern") for text in SAFETY_EXAMPLES]
    metadata = {"left_out_of_safety_score": True} if left_out else None
    messages += [Message.build(text=text, intent="refused_assessment", intent_metadata=metadata) for text in POSTS]
    classifier.train(TrainingData(messages))
    return TfidfIntentClassifier.load({}, storage, resource, context())


def test_the_safety_score_comes_from_a_model_trained_without_the_posts_marked_so(storage):
    worried = "my boy cries every night"
    with_posts = parse(trained_with_posts(storage, left_out=False), worried)
    marked = trained_with_posts(storage, left_out=True)  # loaded back: the safety model was saved too
    assert marked.safety_model is not None
    left_out = parse(marked, worried)
    # Trained on the posts, "cries every night" reads as a refusal to assess; left out, as a worry.
    assert left_out.get("safety_score") > with_posts.get("safety_score") + 0.1
    # The intents are still learned from the posts: the same ranking either way.
    assert left_out.get("intent_ranking") == with_posts.get("intent_ranking")
    assert parse(marked, "panel turned down the assessment").get("intent")["name"] == "refused_assessment"


def test_a_model_saved_before_the_safety_model_reads_safety_from_its_ranking(storage):
    resource = Resource("tfidf-with-posts")
    trained_with_posts(storage, left_out=True)
    with storage.write_to(resource) as directory:
        (directory / SAFETY_MODEL_FILE).unlink()
    loaded = TfidfIntentClassifier.load({}, storage, resource, context())
    assert loaded.safety_model is None
    message = parse(loaded, "she is so sad and says she wants to die")
    ranking = {r["name"]: r["confidence"] for r in message.get("intent_ranking")}
    assert message.get("safety_score") == pytest.approx(ranking["safeguarding_concern"])


def test_a_long_message_gets_its_safety_score_as_its_intents_are_read(storage):
    """The whole and the last two parts, mixed 7 to 3, as the ranking is (the worry is often said last)."""
    loaded = trained_with_posts(storage, left_out=True)
    background = "we moved house last year and the council refused to assess my son, the school say he is fine. "
    text = background * 3 + "He cries every night. He says he wants to die."
    message = parse(loaded, text)
    column = list(loaded.safety_model.classes_).index("safeguarding_concern")
    whole, last_parts = loaded.safety_model.predict_proba([text, "He cries every night. He says he wants to die."])[
        :, column
    ]
    assert message.get("safety_score") == pytest.approx(0.7 * whole + 0.3 * last_parts)
    assert message.get("safety_score") > whole + 0.05  # the worry at the end counts for more than read whole


def test_training_refuses_to_leave_every_safety_example_out_of_the_safety_score(storage):
    classifier = TfidfIntentClassifier.create({}, storage, Resource("tfidf-no-safety"), context())
    marked = {"left_out_of_safety_score": True}
    messages = [Message.build(text=text, intent=intent) for intent, texts in EXAMPLES.items() for text in texts]
    messages += [Message.build(text=t, intent="safeguarding_concern", intent_metadata=marked) for t in SAFETY_EXAMPLES]
    with pytest.raises(ValueError, match="the safety score needs"):
        classifier.train(TrainingData(messages))
