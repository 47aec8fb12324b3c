"""What a file replaced by a new one must keep besides its bytes: owner, group, ACL, xattrs.

A rename puts a new file in the old one's place, created by whoever runs
followup. :func:`owner_change` says when that would hand another user's file to
the runner; :func:`keep_metadata` gives the new file the old one's owner and
group (as root) and its extended attributes, the POSIX ACL among them, and
raises :class:`NotKept` when one of them cannot be kept, so that access to the
file never silently widens or narrows.
"""

from __future__ import annotations

import errno
import os
from collections.abc import Callable

__all__ = ["NotKept", "keep_metadata", "owner_change"]

_ACL = "system.posix_acl_access"
_UNSUPPORTED = {errno.ENOTSUP, errno.EOPNOTSUPP, getattr(errno, "ENOSYS", errno.ENOTSUP)}


class NotKept(Exception):  # noqa: N818 - reads as what happened: the attribute was not kept
    """Part of the old file's metadata could not be given to the new one; the message
    says which and why."""


def _user(uid: int) -> str:
    try:
        import pwd

        return f"{pwd.getpwuid(uid).pw_name!r} (uid {uid})"
    except (ImportError, KeyError):
        return f"uid {uid}"


def _group(gid: int) -> str:
    try:
        import grp

        return f"{grp.getgrgid(gid).gr_name!r} (gid {gid})"
    except (ImportError, KeyError):
        return f"gid {gid}"


def owner_change(info: os.stat_result) -> str | None:
    """Why replacing the file *info* describes would change its owner, or None: it
    would when someone other than its owner (and not root, who can give it back)
    replaces it."""
    geteuid: Callable[[], int] | None = getattr(os, "geteuid", None)
    if geteuid is None:
        return None
    me = geteuid()
    if me == 0 or info.st_uid == me:
        return None
    return f"belongs to {_user(info.st_uid)}, and the rewritten file would belong to {_user(me)}"


def keep_metadata(handle: int, original: str, info: os.stat_result) -> None:
    """Give the new file open as *handle* the owner and group of *original* (whose
    status is *info*) and its extended attributes; raise :class:`NotKept` for the
    first that cannot be kept."""
    now = os.fstat(handle)
    if (now.st_uid, now.st_gid) != (info.st_uid, info.st_gid) and hasattr(os, "fchown"):
        root = os.geteuid() == 0
        try:
            os.fchown(handle, info.st_uid if root else -1, info.st_gid)
        except OSError as err:
            raise NotKept(
                f"belongs to the group {_group(info.st_gid)}, which followup cannot give the "
                f"rewritten file ({err.strerror or err})"
            ) from err
    _keep_xattrs(handle, original)


def _keep_xattrs(handle: int, original: str) -> None:
    if not hasattr(os, "listxattr"):  # only Linux has these calls
        return
    try:
        names = os.listxattr(original)
        wanted = {name: os.getxattr(original, name) for name in names}
    except OSError as err:
        if err.errno in _UNSUPPORTED:
            return
        raise NotKept(f"has extended attributes that cannot be read ({err.strerror})") from err
    try:
        present = {name: os.getxattr(handle, name) for name in os.listxattr(handle)}
    except OSError:
        present = {}
    for name, value in wanted.items():
        if present.get(name) == value:
            continue
        try:
            os.setxattr(handle, name, value)
        except OSError as err:
            what = "access control list" if name == _ACL else f"extended attribute {name!r}"
            raise NotKept(
                f"has an {what} that cannot be given to the rewritten file ({err.strerror})"
            ) from err
    # An ACL the folder's default ACL gave the new file, which the old one did not have,
    # would change who can read it; so would a user attribute it does not have.
    for name in present.keys() - wanted.keys():
        if name != _ACL and not name.startswith("user."):
            continue  # a security label the system gives every new file
        try:
            os.removexattr(handle, name)
        except OSError as err:
            raise NotKept(
                f"would gain the extended attribute {name!r} from its folder, which cannot be "
                f"removed ({err.strerror})"
            ) from err
