"""The safety net: a message about a child at risk always gets the safety reply first."""

import pytest

from guide.safeguarding_override import is_safety_worry
from scripts.evaluate_nlu import training_examples


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
        # Missed before (issue 11), each now caught by a pattern alone, without the classifier.
        "URGENT my son has taken a load of tablets",
        "the council refused to assess my son and he says he wants to die",
        "he wishes he was dead",
        "she's stopped eating and says nobody would miss her",
        "they lock him in a room at school when he gets upset",
        "the TA restrains him on the floor most days and he comes home with marks",
        "I'm 17 and I don't feel safe where I'm living",
        # Phones type curly apostrophes.
        "he doesn\u2019t want to live anymore",
        "I\u2019m 16 and I don\u2019t feel safe at home",
        "he ran out of school onto the main road and nobody noticed for an hour",
        # Issue 12: ways of saying it that new training data moved below the classifier's floor.
        "she no want to live anymore",
        "she was missing until 10pm",
        "the doctor is worried about her weight, she hardly eats",
        "he was left in a soiled pad all afternoon",
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
        # Found by a second read: plain SEND sentences that early patterns caught.
        "I noticed the speech therapy was missing from the final plan",
        "We still don't know where she is going to school in September",
        "He sits on his own at lunchtime",
        "My daughter is missing her speech therapy sessions",
        "She has been missing a lot of school",
        "He can't swallow tablets so the school needs liquid medicine",
        "He has to take 2 tablets at lunchtime and the school won't give them",
        "The school sent my son pictures of his new classroom",
        "The teacher kicked him out of class",
        "They gave her place away",
        "Will I give away my right to appeal if I go to mediation?",
        "The council want to end it when he turns 19",
        "We've tried to jump through every hoop",
        "we are trying to hang on until the tribunal",
        "The council is pushing us to accept a mainstream place",
        "The head sat him down and explained the new timetable",
        "We would be better off if the council named the special school",
        "Moving him now could harm her progress",
        "The school is cutting TA time from next term",
        "the school is 20 kms away",
        "we are going on holiday in the lake district",
        "the council are basically blackmailing us into accepting",
        "A woman from the council sent me the draft plan",
        "the staff are run off their feet",
        "His reading book never came home",
        "the SENCO never fed back after the meeting",
        "he got low marks on his SATs",
        "she hates getting changed in front of the other girls for PE",
        "he gags on most foods and the dietician never came",
        "he flinches at loud noises in the hall",
        "our relationship with the school has fractured",
        "I will do it tonight, the appeal form I mean",
        # Ordinary sentences near patterns added in issue 12.
        "he hasn't eaten at school for weeks because the dining hall is too loud",
        "I no want to live here any more, the flat is too small for his wheelchair",
        "the paperwork was missing until late",
    ],
)
def test_ordinary_disagreements_do_not_trigger_it(content, text):
    assert not is_safety_worry(text, content.safeguarding_patterns)


def test_no_training_example_of_another_intent_triggers_it(content):
    # A false alarm would derail a family's conversation with a safety message they did not need.
    alarms = [
        (intent, text)
        for text, intent in training_examples()
        if intent != "safeguarding_concern" and is_safety_worry(text, content.safeguarding_patterns)
    ]
    assert alarms == []
