"""Sessions that slide with activity without a database write on every request, and the
logged-in user read with their groups.

A session ends after SESSION_COOKIE_AGE without a request (one night shift). Django's
SESSION_SAVE_EVERY_REQUEST keeps that promise by writing the session row on every request:
three queries (BEGIN, UPDATE, COMMIT) on each staff page. Here the row is written again only
when its stored expiry is more than SESSION_REFRESH_SECONDS old, so a session ends at most that
long before a full period of inactivity, and a staff page reads the session without writing it.
"""

import datetime

from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth.backends import ModelBackend
from django.contrib.sessions.backends import db
from django.contrib.sessions.middleware import SessionMiddleware
from django.utils import timezone


class SessionStore(db.SessionStore):
    """Django's database sessions, remembering the expiry stored with the row they read."""

    stored_expiry = None

    def _get_session_from_db(self):
        stored = super()._get_session_from_db()
        self.stored_expiry = stored.expire_date if stored is not None else None
        return stored


def refresh_interval():
    """SESSION_REFRESH_SECONDS, and never more than a tenth of a (short) session's age."""
    return datetime.timedelta(
        seconds=min(settings.SESSION_REFRESH_SECONDS, settings.SESSION_COOKIE_AGE // 10)
    )


def is_due_for_refresh(session, now=None):
    """True when the stored expiry is off a fresh one by more than the refresh interval: it
    lags behind it, or the age in force was shortened since it was written."""
    stored = getattr(session, "stored_expiry", None)
    if stored is None:
        return False
    now = now or timezone.now()
    fresh = now + datetime.timedelta(seconds=settings.SESSION_COOKIE_AGE)
    return abs(fresh - stored) > refresh_interval()


class SlidingSessionMiddleware(SessionMiddleware):
    """Django's SessionMiddleware; a session in use is saved (its period restarted) when due."""

    def process_response(self, request, response):
        session = getattr(request, "session", None)
        if (
            session is not None
            and session.accessed
            and not session.modified
            and not session.is_empty()
            and is_due_for_refresh(session)
        ):
            session.modified = True
        return super().process_response(request, response)


class GroupsReadOnceBackend(ModelBackend):
    """Django's ModelBackend; the logged-in user comes with their groups, read once.

    The staff area's checks (Wagtail's group view restriction, the closed area's group) then
    ask the same list instead of a query each."""

    def get_user(self, user_id):
        user_model = get_user_model()
        user = user_model._default_manager.prefetch_related("groups").filter(pk=user_id).first()
        return user if user is not None and self.user_can_authenticate(user) else None


def belongs_to(user, group_name):
    """True when `user` is in the group named `group_name` (through the groups read once)."""
    return any(group.name == group_name for group in user.groups.all())
