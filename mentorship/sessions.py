"""Django's database sessions, each request's read of its session compiled once.

SESSION_ENGINE points here. The table, the cookie and everything else are Django's
(`django.contrib.sessions.backends.db`); only the read a signed-in request makes first is
prepared (mentorship.prepared), and the expiry is judged as Django judges it, in Python.
"""

from django.contrib.sessions.backends import db
from django.contrib.sessions.models import Session
from django.utils import timezone

from .prepared import NO_TEXT, Prepared

_session = Prepared(lambda key: Session.objects.filter(session_key=key), key=NO_TEXT)


class SessionStore(db.SessionStore):
    def _get_session_from_db(self):
        found = [s for s in _session(key=self.session_key) if s.expire_date > timezone.now()]
        if not found:
            self._session_key = None
            return None
        return found[0]
