"""The eight kinds of disagreement, named once for every test that pins them down."""

DISAGREEMENT_TYPES = (
    "refused_assessment",
    "refused_ehc_plan",
    "disagree_plan_contents",
    "plan_ceasing",
    "disagree_setting_provision",
    "duties_not_met",
    "disagree_health_social_care",
    "disability_discrimination",
)
