from django.contrib.auth import get_user_model
from django.contrib.auth.backends import ModelBackend
from django.core.cache import caches

from coflight.pagecache.models import PERMISSIONS, Revision, key


class CachedPermissionsBackend(ModelBackend):
    """Django's accounts and permissions, with a signed-in user's permissions read once per
    process rather than twice per request.

    The user's row comes with the revision of groups and permissions, in the same query, and
    their permissions are kept under it: a change of groups, permissions or the user starts a new
    revision, so it holds on the very next request, in every process.
    """

    def get_user(self, user_id):
        users = get_user_model()._default_manager
        found = list(
            users.raw(
                f"SELECT u.*, {Revision.objects.columns(PERMISSIONS)} "
                f"FROM {users.model._meta.db_table} u WHERE u.id = %s",
                [user_id],
            )
        )
        if not found or not self.user_can_authenticate(found[0]):
            return None
        user = found[0]
        columns = vars(user)
        columns["permissions_revision"] = key(columns["revision_latest"], columns["revision_count"])
        return user

    def get_all_permissions(self, user_obj, obj=None) -> set[str]:
        revision = getattr(user_obj, "permissions_revision", None)
        if revision is None or obj is not None or not user_obj.is_active:
            return super().get_all_permissions(user_obj, obj)
        if not hasattr(user_obj, "_perm_cache"):
            key = f"permissions:{user_obj.pk}:{revision}"
            permissions = caches["local"].get(key)
            if permissions is None:
                permissions = super().get_all_permissions(user_obj)
                caches["local"].set(key, permissions, None)
            user_obj._perm_cache = permissions
        return user_obj._perm_cache
