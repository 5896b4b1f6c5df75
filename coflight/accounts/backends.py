from django.contrib.auth.backends import ModelBackend
from django.core.cache import caches

from coflight.pagecache.models import Revision

from .sessions import permissions_revision


class CachedPermissionsBackend(ModelBackend):
    """Django's accounts and permissions, with the signed-in user and their permissions read
    once per process rather than on every request.

    Both are kept under the revision of what users may do, which the session brings in its own
    query: a change to the user, their groups or permissions starts a new revision, so it holds
    on the very next request, in every process.
    """

    def get_user(self, user_id):
        revision = permissions_revision.get() or Revision.objects.of_permissions()
        key = f"user:{user_id}:{revision}"
        user = caches["local"].get(key)
        if user is None:
            user = super().get_user(user_id)
            if user is None:
                return None
            caches["local"].set(key, user, None)
        vars(user)["permissions_revision"] = revision
        return user

    def get_all_permissions(self, user_obj, obj=None) -> set[str]:
        revision = vars(user_obj).get("permissions_revision")
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
