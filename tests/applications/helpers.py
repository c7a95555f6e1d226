"""Form data for the application pages."""


def mentee_answers(**overrides) -> dict:
    """A complete, valid POST for a mentee application (the round has no partners or topics)."""
    data = {
        "full_name": "Birgitta Exempelsson",
        "phone": "070-000 00 00",
        "title": "VD",
        "organisation_choice": "other",
        "organisation_name": "Påhittade Verkstäder AB",
        "industry": "Industri",
        "motivation": "Jag vill förstå yngre ledare.",
        "want_to_learn": "Digitala verktyg.",
        "can_offer": "Erfarenhet av styrelsearbete.",
        "languages": ["sv", "en"],
        "meeting_format": "either",
        "availability": ["mon_am", "thu_pm"],
        "municipality": "Jönköping",
        "consent": "on",
        "leave_empty": "",
    }
    data.update(overrides)
    return {k: v for k, v in data.items() if v is not None}


def mentor_answers(**overrides) -> dict:
    data = mentee_answers(title="Projektledare")
    data.update(overrides)
    return {k: v for k, v in data.items() if v is not None}
