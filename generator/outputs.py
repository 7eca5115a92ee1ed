"""Output folders: fcguide replaces only what it made itself.

A command that writes a whole folder (`build --out`, `docs --out`) may replace it
only when the folder is new, empty, or carries the marker file a previous run of
the same command wrote into it. It never writes into the project itself, its
source folders, the home folder or `/`. The new output is built in a staging
folder beside the old one and swapped in at the end, so a failed or killed run
leaves the previous output intact.

Staging folders hold a lock (flock) for as long as their build lives; the next
run removes those whose lock is free (the build was killed). The swap itself
runs under a short lock on the parent folder, so concurrent builds into one
folder each finish and the last one's output stays, complete.
"""
from __future__ import annotations

import ctypes
import errno
import fcntl
import os
import shutil
import tempfile
import time
from pathlib import Path

from .diagnostics import Diagnostic, StageFailed

SITE_MARKER = ".fcguide-site"
DOCS_MARKER = ".fcguide-docs"
STAGING_PREFIX = ".fcguide-bygge-"
_STAGE_LOCK = ".lås"
# A staging folder without its lock file is one whose build died between creating it
# and locking it (microseconds); after this long it is certainly not alive.
_UNLOCKED_GRACE_S = 60
# Folders of the project that hold its sources: never an output, never inside one.
SOURCE_FOLDERS = ("content", "guidance", "templates", "schema", "generator", "tests", ".git")

_MARKER_TEXT = {
    SITE_MARKER: "Den här mappen är en webbplats byggd av fcguide build.\n"
                 "fcguide får ersätta den vid nästa bygge. Ta inte bort filen om du vill att det ska fungera.\n",
    DOCS_MARKER: "Den här mappen skrevs av fcguide docs.\n"
                 "fcguide får ersätta den vid nästa körning. Ta inte bort filen om du vill att det ska fungera.\n",
}
_COMMAND = {SITE_MARKER: "fcguide build", DOCS_MARKER: "fcguide docs"}

# Swedish names for the file-system errors a user can meet.
_ERRNO_SV = {
    errno.EACCES: "åtkomst nekad (du saknar skrivrätt)",
    errno.EPERM: "åtgärden är inte tillåten (saknar behörighet)",
    errno.ENOSPC: "disken är full",
    errno.EDQUOT: "din diskkvot är slut",
    errno.EROFS: "filsystemet är skrivskyddat",
    errno.ENOTDIR: "en del av sökvägen är en fil, inte en mapp",
    errno.EISDIR: "det är en mapp, inte en fil",
    errno.EEXIST: "finns redan",
    errno.ENOENT: "finns inte",
    errno.ENAMETOOLONG: "sökvägen är för lång",
    errno.ELOOP: "för många symboliska länkar i sökvägen",
    errno.EXDEV: "mappen ligger på ett annat filsystem än mappen runt den (t.ex. en monteringspunkt)",
    errno.EBUSY: "mappen används (t.ex. en monteringspunkt)",
    errno.ENOTEMPTY: "mappen är inte tom",
    errno.EMFILE: "för många öppna filer",
    errno.EIO: "läs- eller skrivfel på disken",
}


def describe_os_error(error: OSError) -> str:
    """`path: what went wrong` in Swedish for an OSError (the path from the error itself)."""
    what = _ERRNO_SV.get(error.errno or 0) or (error.strerror or type(error).__name__)
    path = error.filename if error.filename is not None else ""
    return f"{path}: {what}" if path else what


def refuse(path: Path | str, message: str, field: str = "--out") -> StageFailed:
    return StageFailed([Diagnostic(Path(path), 0, field, message)])


def _contains(outer: Path, inner: Path) -> bool:
    """True when `inner` is `outer` or lies below it (both resolved)."""
    return inner == outer or outer in inner.parents


def _protected(root: Path) -> list[tuple[Path, str, bool]]:
    """(path, description, also refuse anything inside it) for every place an output may not be."""
    places: list[tuple[Path, str, bool]] = [(Path("/"), "rotmappen /", False)]
    homes = {Path.home()}
    if os.environ.get("HOME"):
        homes.add(Path(os.environ["HOME"]))
    for home in homes:
        places.append((home.resolve(), "din hemmapp", False))
    root = root.resolve()
    places.append((root, "projektets rotmapp", False))
    for name in SOURCE_FOLDERS:
        places.append(((root / name).resolve(), f"projektets källmapp {name}/", True))
    return places


def check_output_folder(out: Path, root: Path, marker: str) -> Path:
    """The resolved output folder, or StageFailed with a Swedish reason. Nothing is written."""
    shown = Path(os.path.abspath(out))
    try:
        out = out.resolve()
    except (OSError, RuntimeError) as e:  # a symlink loop
        raise refuse(shown, f"sökvägen kan inte användas ({e})") from e
    command = _COMMAND[marker]
    for place, what, inside_too in _protected(root):
        if _contains(out, place):
            text = f"är {what}" if out == place else f"innehåller {what} ({place})"
            raise refuse(shown, f"utdatamappen {text}; {command} skulle ersätta den. "
                                "Välj en ny eller tom mapp, t.ex. --out site")
        if inside_too and _contains(place, out):
            raise refuse(shown, f"utdatamappen ligger i {what} ({place}); där ligger projektets källfiler. "
                                "Välj en mapp utanför, t.ex. --out site")
    _parents_are_folders(shown, out)
    if out.exists() or out.is_symlink():
        if not out.is_dir():
            raise refuse(shown, f"finns redan och är en fil, inte en mapp ({out}); inget skrevs. "
                                "Ange en mapp med --out")
        if not _ours_or_empty(out, marker):
            raise refuse(shown, f"mappen {out} är inte tom och har inte byggts av {command} (filen {marker} saknas); "
                                "fcguide ersätter bara mappar som det själv har skapat. Inget skrevs. "
                                "Välj en ny eller tom mapp, eller töm mappen själv om den verkligen ska ersättas")
    return out


def _parents_are_folders(shown: Path, out: Path) -> None:
    """The nearest existing folder on the way to `out` is a folder we may write in (fail before any work)."""
    for folder in [out, *out.parents]:
        if not folder.exists():
            continue
        if folder != out and not folder.is_dir():
            raise refuse(shown, f"en del av sökvägen ({folder}) är en fil, inte en mapp; inget skrevs. "
                                "Ange en mapp med --out")
        where = folder if folder != out else folder.parent
        if not os.access(where, os.W_OK | os.X_OK):
            try:
                read_only = bool(os.statvfs(where).f_flag & os.ST_RDONLY)
            except OSError:
                read_only = False
            why = "filsystemet är skrivskyddat" if read_only else "åtkomst nekad (du saknar skrivrätt)"
            raise refuse(shown, f"kan inte skriva i {where}: {why}; inget skrevs. Välj en mapp du kan skriva i")
        return


def _ours_or_empty(folder: Path, marker: str) -> bool:
    try:
        with os.scandir(folder) as entries:
            names = [e.name for e in entries]
    except OSError:
        return False
    return not names or (marker in names and (folder / marker).is_file() and not (folder / marker).is_symlink())


def _try_lock(path: Path) -> int | None:
    """An fd holding an exclusive flock on `path`, or None when another process holds it."""
    try:
        fd = os.open(path, os.O_RDONLY | getattr(os, "O_CLOEXEC", 0))
    except OSError:
        return None
    try:
        fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
    except OSError:
        os.close(fd)
        return None
    return fd


def clean_leftovers(parent: Path) -> list[Path]:
    """Remove the staging folders of killed runs in `parent` (their lock is free). Returns them."""
    removed = []
    try:
        entries = list(parent.iterdir())
    except OSError:
        return removed
    for entry in entries:
        if not entry.name.startswith(STAGING_PREFIX) or entry.is_symlink() or not entry.is_dir():
            continue
        lock = entry / _STAGE_LOCK
        if lock.is_file():
            fd = _try_lock(lock)
            if fd is None:
                continue  # a build that is still running
            try:
                shutil.rmtree(entry, ignore_errors=True)
            finally:
                os.close(fd)
        else:
            try:
                if time.time() - entry.stat().st_mtime < _UNLOCKED_GRACE_S:
                    continue
            except OSError:
                continue
            shutil.rmtree(entry, ignore_errors=True)
        removed.append(entry)
    return removed


_RENAME_EXCHANGE = 2
_AT_FDCWD = -100


def _exchange(a: Path, b: Path) -> bool:
    """Atomically swap two paths (Linux renameat2 RENAME_EXCHANGE); False where unsupported."""
    try:
        libc = ctypes.CDLL(None, use_errno=True)
        renameat2 = libc.renameat2
    except (OSError, AttributeError):
        return False
    renameat2.argtypes = [ctypes.c_int, ctypes.c_char_p, ctypes.c_int, ctypes.c_char_p, ctypes.c_uint]
    if renameat2(_AT_FDCWD, os.fsencode(a), _AT_FDCWD, os.fsencode(b), _RENAME_EXCHANGE) == 0:
        return True
    err = ctypes.get_errno()
    if err in (errno.ENOSYS, errno.EINVAL, errno.ENOTSUP, errno.EOPNOTSUPP):
        return False
    raise OSError(err, os.strerror(err), str(b))


class OutputFolder:
    """A folder fcguide replaces as a whole: check, stage beside it, swap in at the end.

        with OutputFolder(out, root, SITE_MARKER) as output:
            ...write into output.new...
            output.commit()

    Leaving the block without commit() removes the staging folder and keeps `out` as it was.
    """

    def __init__(self, out: Path, root: Path, marker: str):
        self.shown = out
        self.marker = marker
        self.root = root
        self.out = check_output_folder(out, root, marker)
        self.stage: Path | None = None
        self.new: Path | None = None
        self._lock_fd: int | None = None

    def __enter__(self) -> "OutputFolder":
        parent = self.out.parent
        parent.mkdir(parents=True, exist_ok=True)
        with _ParentLock(parent):
            clean_leftovers(parent)
            self.stage = Path(tempfile.mkdtemp(prefix=STAGING_PREFIX + self.out.name + "-", dir=parent))
        (self.stage / _STAGE_LOCK).touch()
        self._lock_fd = _try_lock(self.stage / _STAGE_LOCK)
        self.new = self.stage / "ny"
        self.new.mkdir()
        return self

    def commit(self, built: Path | None = None) -> None:
        """Swap `built` (default: self.new) into place; the old output is removed afterwards."""
        built = built or self.new
        (built / self.marker).write_text(_MARKER_TEXT[self.marker], encoding="utf-8")
        with _ParentLock(self.out.parent):
            # Checked again under the lock: another process may have put something there since.
            check_output_folder(self.shown, self.root, self.marker)
            if self.out.exists():
                if not _exchange(built, self.out):
                    old = self.stage / "gammal"
                    os.rename(self.out, old)
                    os.rename(built, self.out)
            else:
                os.rename(built, self.out)

    def __exit__(self, *exc) -> None:
        if self.stage is not None:
            shutil.rmtree(self.stage, ignore_errors=True)
        if self._lock_fd is not None:
            os.close(self._lock_fd)
            self._lock_fd = None


class _ParentLock:
    """A short exclusive lock on a folder (flock on the folder itself, no file left behind)."""

    def __init__(self, folder: Path):
        self.folder = folder
        self.fd: int | None = None

    def __enter__(self) -> "_ParentLock":
        self.fd = os.open(self.folder, os.O_RDONLY | getattr(os, "O_CLOEXEC", 0))
        fcntl.flock(self.fd, fcntl.LOCK_EX)
        return self

    def __exit__(self, *exc) -> None:
        if self.fd is not None:
            fcntl.flock(self.fd, fcntl.LOCK_UN)
            os.close(self.fd)


def check_draft_folder(out: Path, root: Path) -> Path:
    """Drafts add files to a folder and never remove anything; still, never into the project's
    own folders, its sources, the home folder itself or `/`, and never onto a file."""
    shown = Path(os.path.abspath(out))
    try:
        out = out.resolve()
    except (OSError, RuntimeError) as e:
        raise refuse(shown, f"sökvägen kan inte användas ({e})") from e
    for place, what, inside_too in _protected(root):
        if out == place or (inside_too and _contains(place, out)):
            raise refuse(shown, f"utkast skrivs inte i {what}; välj en egen mapp, t.ex. --out drafts")
    _parents_are_folders(shown, out)
    if out.exists() and not out.is_dir():
        raise refuse(shown, f"finns redan och är en fil, inte en mapp ({out}); inget skrevs. Ange en mapp med --out")
    return out


def draft_refusals(wanted: dict[Path, bytes], force: bool) -> list[str]:
    """Why draft files cannot be written (Swedish), or nothing: a folder in the way, or a file
    that differs from the new draft (someone may have edited it) without --force."""
    problems = []
    for p, data in wanted.items():
        if p.is_dir() and not p.is_symlink():
            problems.append(f"{p}: det finns en mapp med det namnet där utkastet ska skrivas; inget skrevs. "
                            "Flytta mappen eller ange en annan mapp med --out.")
        elif p.exists() and not force and p.read_bytes() != data:
            problems.append(f"{p}: filen finns redan och skiljer sig från det nya utkastet (kanske har någon redigerat den). "
                            "Inget skrevs. Använd --force för att skriva över, eller ange en annan mapp med --out.")
    return problems


def write_drafts(out: Path, wanted: dict[Path, bytes]) -> list[Path]:
    """Each file written beside its target and renamed into place: never a half-written draft."""
    import tempfile

    out.mkdir(parents=True, exist_ok=True)
    written = []
    for path, data in wanted.items():
        fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", dir=path.parent)
        try:
            with os.fdopen(fd, "wb") as fh:
                fh.write(data)
            os.replace(tmp, path)
        finally:
            if os.path.exists(tmp):
                os.unlink(tmp)
        written.append(path)
    return written
