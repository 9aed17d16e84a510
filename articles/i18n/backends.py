"""Django's model backend, loading the desk profile with the user: the language costs no extra query."""

from __future__ import annotations

from django.contrib.auth import get_user_model
from django.contrib.auth.backends import ModelBackend


class ModelBackendWithProfile(ModelBackend):
    """`ModelBackend`, except that the user of a session comes with its desk profile in the same query.

    Every desk page asks for the user's language (articles.i18n.middleware); without this, that
    would be one more query per page.
    """

    def get_user(self, user_id):
        users = get_user_model()._default_manager.select_related("desk_profile")
        try:
            user = users.get(pk=user_id)
        except get_user_model().DoesNotExist:
            return None
        return user if self.user_can_authenticate(user) else None
