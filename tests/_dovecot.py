"""A Dovecot IMAP server of the test run's own, on loopback, for the IMAP tests.

It runs from a configuration of its own in a temporary folder (Debian's
``dovecot-imapd``; whatever the system's own Dovecot does is not used): any
user name logs in with :data:`PASSWORD` (a static passdb), each gets a
Maildir of their own under the folder, mail is stored as ``nobody`` (as the
running user when that is not root), and a mailbox ``Drafts`` carries the
special-use flag ``\\Drafts`` once a test creates it. It listens on
127.0.0.1 on two free ports, plain IMAP (and STARTTLS) and IMAPS, with a
self-signed certificate for ``127.0.0.1``. A quota of :data:`QUOTA_KB` per
user lets a test make the server refuse a message.

The master process runs in the foreground with its output sent to a file (with
a pipe, the start waits for every helper process to close it), in a process
group of its own that is ended, helpers and all, when the server stops.
"""

from __future__ import annotations

import contextlib
import imaplib
import itertools
import os
import shutil
import signal
import socket
import ssl
import subprocess
import tempfile
import time
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

PASSWORD = "s3cret-Pa55"
QUOTA_KB = 300
_PATHS = ("/usr/sbin", "/usr/local/sbin", "/sbin")


_HELPERS = ("/usr/lib/dovecot", "/usr/libexec/dovecot", "/usr/local/libexec/dovecot")


def find(program: str) -> str | None:
    """*program* on the PATH or where Debian installs server programs."""
    return shutil.which(program) or shutil.which(program, path=os.pathsep.join(_PATHS))


def installed() -> str | None:
    """The ``dovecot`` program, if it and its IMAP server (``dovecot-imapd``) are
    installed."""
    program = find("dovecot")
    if program is None or not any(Path(folder, "imap").exists() for folder in _HELPERS):
        return None
    return program


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


_CONFIG = """\
protocols = imap
listen = 127.0.0.1
base_dir = {root}/run
state_dir = {root}/state
log_path = {root}/dovecot.log
info_log_path = {root}/dovecot.log
{users}
ssl = yes
ssl_cert = <{root}/cert.pem
ssl_key = <{root}/key.pem
disable_plaintext_auth = no
auth_mechanisms = plain login
auth_failure_delay = 0
mail_location = maildir:{root}/mail/%u
mail_plugins = quota
protocol imap {{
  mail_plugins = $mail_plugins imap_quota
}}
plugin {{
  quota = maildir:User quota
  quota_rule = *:storage={quota}K
}}
passdb {{
  driver = static
  args = password={password}
}}
userdb {{
  driver = static
  args = uid={uid} gid={gid} home={root}/home/%u
}}
service imap-login {{
{login_chroot}
  inet_listener imap {{
    address = 127.0.0.1
    port = {port}
  }}
  inet_listener imaps {{
    address = 127.0.0.1
    port = {tls_port}
    ssl = yes
  }}
}}
namespace inbox {{
  inbox = yes
  separator = /
  mailbox Drafts {{
    special_use = \\Drafts
  }}
}}
"""


@dataclass(frozen=True)
class Dovecot:
    """A running server: where it listens, and helpers to look at accounts directly."""

    host: str
    port: int
    """Plain IMAP, which also offers STARTTLS."""
    tls_port: int
    """IMAP over TLS from the start."""
    cafile: Path
    """The server's self-signed certificate, to trust it."""
    log: Path
    password: str = PASSWORD

    def account(self, *, drafts: bool = True) -> str:
        """A new user name, with an empty ``Drafts`` folder unless *drafts* is false."""
        user = f"user{next(_NUMBERS)}-{os.getpid()}"
        with self.connect(user) as connection:
            if drafts:
                typ, data = connection.create("Drafts")
                assert typ == "OK", data
        return user

    @contextlib.contextmanager
    def connect(self, user: str) -> Iterator[imaplib.IMAP4]:
        """A fresh connection, logged in as *user*."""
        connection = imaplib.IMAP4(self.host, self.port, timeout=10)
        try:
            connection.login(user, self.password)
            yield connection
        finally:
            with contextlib.suppress(OSError, imaplib.IMAP4.error):
                connection.logout()

    def tls_context(self) -> ssl.SSLContext:
        """A context that trusts this server's certificate (and nothing else)."""
        return ssl.create_default_context(cafile=str(self.cafile))


_NUMBERS = itertools.count(1)


def _ids() -> tuple[str, int, int]:
    """Who the server runs and stores mail as: root hands mail to ``nobody``; anyone
    else runs the whole server as themselves."""
    import grp  # POSIX only, as Dovecot is
    import pwd

    if os.geteuid() == 0:
        nobody = pwd.getpwnam("nobody")
        return "", nobody.pw_uid, nobody.pw_gid
    me = pwd.getpwuid(os.geteuid())
    group = grp.getgrgid(os.getegid()).gr_name
    # Only root may chroot: the helper processes run unconfined.
    users = (
        f"default_login_user = {me.pw_name}\n"
        f"default_internal_user = {me.pw_name}\n"
        f"default_internal_group = {group}\n"
        "service anvil {\n  chroot =\n}"
    )
    return users, os.geteuid(), os.getegid()


def _certificate(root: Path) -> None:
    subprocess.run(
        [
            find("openssl") or "openssl",
            "req",
            "-x509",
            "-newkey",
            "ec",
            "-pkeyopt",
            "ec_paramgen_curve:prime256v1",
            "-nodes",
            "-keyout",
            str(root / "key.pem"),
            "-out",
            str(root / "cert.pem"),
            "-days",
            "2",
            "-subj",
            "/CN=127.0.0.1",
            "-addext",
            "subjectAltName=IP:127.0.0.1",
        ],
        check=True,
        capture_output=True,
    )


def _greets(port: int) -> bool:
    try:
        with socket.create_connection(("127.0.0.1", port), timeout=1) as probe:
            return probe.recv(64).startswith(b"* OK")
    except OSError:
        return False


@contextlib.contextmanager
def running(dovecot: str, *, timeout: float = 30.0) -> Iterator[Dovecot]:
    """Start a server with the ``dovecot`` program *dovecot*; stop it and remove its
    folder afterwards."""
    # Not under pytest's own temporary folder: that is private to the user running
    # the tests, and the mail is written as nobody.
    root = Path(tempfile.mkdtemp(prefix="followup-dovecot-"))
    root.chmod(0o755)
    users, uid, gid = _ids()
    for sub in ("run", "state", "mail", "home"):
        (root / sub).mkdir()
    if os.geteuid() == 0:
        for sub in ("mail", "home"):
            os.chown(root / sub, uid, gid)
    _certificate(root)
    port, tls_port = _free_port(), _free_port()
    config = root / "dovecot.conf"
    config.write_text(
        _CONFIG.format(
            root=root,
            users=users,
            login_chroot="" if os.geteuid() == 0 else "  chroot =",
            uid=uid,
            gid=gid,
            port=port,
            tls_port=tls_port,
            password=PASSWORD,
            quota=QUOTA_KB,
        ),
        encoding="utf-8",
    )
    output = root / "output.txt"
    with output.open("wb") as sink:
        master = subprocess.Popen(
            [dovecot, "-F", "-c", str(config)],
            stdin=subprocess.DEVNULL,
            stdout=sink,
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )
    try:
        deadline = time.monotonic() + timeout
        # The master opens every listener before it greets on any.
        while not _greets(port):
            if master.poll() is not None or time.monotonic() > deadline:
                log = root / "dovecot.log"
                said = output.read_text(errors="replace")
                if log.exists():
                    said += log.read_text(errors="replace")
                raise RuntimeError(f"dovecot did not start: {said}")
            time.sleep(0.1)
        yield Dovecot("127.0.0.1", port, tls_port, root / "cert.pem", root / "dovecot.log")
    finally:
        _stop(master)
        shutil.rmtree(root, ignore_errors=True)


def _stop(master: subprocess.Popen[bytes]) -> None:
    """Stop the master (it ends its helpers), then end whatever of its process group
    is left, and reap the master."""
    with contextlib.suppress(ProcessLookupError):
        master.terminate()
    with contextlib.suppress(subprocess.TimeoutExpired):
        master.wait(timeout=15)
    with contextlib.suppress(ProcessLookupError, PermissionError):
        os.killpg(master.pid, signal.SIGKILL)
    with contextlib.suppress(subprocess.TimeoutExpired):
        master.wait(timeout=5)
