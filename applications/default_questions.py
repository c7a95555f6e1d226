"""The founding program's own questions (reverse mentoring), as plain data.

Read by the data migration that moved them out of the form's code and by the demo data, so
both create the same questions. Plain dicts only: a migration may import this module.
"""

FOUNDING_QUESTIONS = [
    {
        "key": "list_year",
        "kind": "number",
        "asked_to": "mentor",
        "label_sv": "Vilket års lista finns du med på?",
        "label_en": "Which year's list are you on?",
        "help_sv": "Bara om du finns med på någon av handelskammarens listor.",
        "help_en": "Only if you are on one of the chamber's lists.",
        "min_value": 1990,
        "max_value": None,
        "required": False,
        "order": 10,
    },
    {
        "key": "years_as_leader",
        "kind": "number",
        "asked_to": "mentee",
        "label_sv": "År som ledare",
        "label_en": "Years as a leader",
        "help_sv": "",
        "help_en": "",
        "min_value": 0,
        "max_value": 70,
        "required": True,
        "order": 20,
    },
]
