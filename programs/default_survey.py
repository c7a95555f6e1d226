"""The survey every program starts with: the items the survey asked before programs had their own.

Read by the data migration that turned the fixed items into each program's questions, by the
admin when a program is created, and by the demo, so all three create the same set. Plain dicts
only: a migration may import this module. The keys are stored with every answer.
"""

DEFAULT_SURVEY = [
    {
        "key": "satisfaction",
        "kind": "scale",
        "label_sv": "Hur nöjd är du med mentorskapet hittills? (1–5)",
        "label_en": "How satisfied are you with the mentorship so far? (1–5)",
        "report_label_sv": "Nöjdhet (1–5)",
        "report_label_en": "Satisfaction (1–5)",
        "required": True,
        "order": 10,
    },
    {
        "key": "changed_perspective",
        "kind": "scale",
        "label_sv": "Har det förändrat ditt perspektiv? (1 = inte alls, 5 = mycket)",
        "label_en": "Has it changed your perspective? (1 = not at all, 5 = very much)",
        "report_label_sv": "Ändrat perspektiv (1–5)",
        "report_label_en": "Changed perspective (1–5)",
        "required": True,
        "order": 20,
    },
    {
        "key": "recommend",
        "kind": "nps",
        "label_sv": "Hur troligt är det att du rekommenderar programmet till en kollega? (0–10)",
        "label_en": "How likely are you to recommend the program to a colleague? (0–10)",
        "report_label_sv": "NPS",
        "report_label_en": "NPS",
        "required": True,
        "order": 30,
    },
    {
        "key": "learned",
        "kind": "text",
        "label_sv": "Vad jag har lärt mig",
        "label_en": "What I learned",
        "report_label_sv": "",
        "report_label_en": "",
        "required": False,
        "order": 40,
    },
    {
        "key": "quote",
        "kind": "quote",
        "label_sv": "Ett citat vi får använda",
        "label_en": "A quote we may use",
        "help_sv": "Valfritt: en mening om din upplevelse, som visas utan ditt namn.",
        "help_en": "Optional: a sentence about your experience, shown without your name.",
        "report_label_sv": "",
        "report_label_en": "",
        "required": False,
        "order": 50,
    },
]
