"""Swedish time: the one time zone in which the product reckons and shows dates.

`settings.TIME_ZONE` is set from it, so `timezone.localtime()` and templates show Swedish
time; code that must reckon in Swedish time whatever is active uses `STOCKHOLM`.
"""

from zoneinfo import ZoneInfo

STOCKHOLM_NAME = "Europe/Stockholm"
STOCKHOLM = ZoneInfo(STOCKHOLM_NAME)
