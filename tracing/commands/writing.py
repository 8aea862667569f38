"""Writing output files safely: atomically, with the user's umask, never through a symbolic link.

Every file a command writes (a report, an export, a JUnit file, a schema, a scaffolded study file,
a CI configuration) goes through :func:`write_file`: the text is written to a temporary file in the
target's own folder and renamed into place (``os.replace``), so an interrupt, a crash or two runs at
once never leave a half-written file where a good one was. A target that is a symbolic link is
replaced by the new file (its target is never written); a folder that is a link is refused. Problems
a user can fix (a file where a folder belongs, no permission) are :class:`UsageError`, exit 2.
"""

from __future__ import annotations

import os
import tempfile
from pathlib import Path
from typing import Iterable

from . import UsageError


def _umask() -> int:
    mask = os.umask(0o022)
    os.umask(mask)
    return mask


def _why(exc: OSError) -> str:
    return exc.strerror or type(exc).__name__


def ensure_folder(folder: str | Path, what: str = "output folder", base: str | Path | None = None) -> Path:
    """Create ``folder`` (and its parents) or refuse, saying why: a file in the way, a link, no permission.

    ``folder`` itself must not be a symbolic link, nor any folder between ``base`` (the study, for a default
    output folder such as ``reports/export``) and it.
    """
    folder = Path(folder)
    checked = [folder]
    if base is not None:
        try:
            rel = folder.relative_to(base)
            checked += [Path(base, *rel.parts[:i]) for i in range(1, len(rel.parts))]
        except ValueError:
            pass
    for p in checked:
        if os.path.islink(p):
            raise UsageError(f"the {what} {folder}: {p} is a symbolic link; tracing does not write through links "
                             f"(give the folder it points to)")
    try:
        folder.mkdir(parents=True, exist_ok=True)
    except (FileExistsError, NotADirectoryError):
        in_the_way = next((p for p in [folder, *folder.parents] if p.exists() and not p.is_dir()), folder)
        raise UsageError(f"cannot create the {what} {folder}: {in_the_way} is a file, not a folder") from None
    except OSError as exc:
        raise UsageError(f"cannot create the {what} {folder}: {_why(exc)}") from None
    return folder


def write_file(path: str | Path, content: str | bytes | Iterable[str], *, overwrite: bool = True,
               what: str = "file") -> Path:
    """Write ``content`` (text, bytes, or text chunks streamed) to ``path`` atomically; the path written.

    With ``overwrite=False`` an existing ``path`` is an error and is left as it is.
    """
    path = Path(path)
    if path.is_dir() and not path.is_symlink():
        raise UsageError(f"{path} is a folder; give the path of the {what} to write")
    folder = ensure_folder(path.parent if str(path.parent) else Path("."), "folder")
    try:
        fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=folder)
    except OSError as exc:
        raise UsageError(f"cannot write {path}: {_why(exc)}") from None
    try:
        try:
            os.fchmod(fd, 0o666 & ~_umask())  # mkstemp makes 0600; a new file gets the usual mode
        except (AttributeError, OSError):  # pragma: no cover - not on every platform
            pass
        with os.fdopen(fd, "wb") as fh:
            if isinstance(content, bytes):
                fh.write(content)
            elif isinstance(content, str):
                fh.write(content.encode("utf-8"))
            else:
                for chunk in content:
                    fh.write(chunk.encode("utf-8"))
        if overwrite:
            os.replace(tmp, path)  # replaces a link itself, never the file it points to
        else:
            try:
                os.link(tmp, path)  # fails when the target exists (a link too): never overwrite
            except FileExistsError:
                raise UsageError(f"{path} already exists; not overwritten") from None
    except OSError as exc:
        raise UsageError(f"cannot write {path}: {_why(exc)}") from None
    finally:
        if os.path.lexists(tmp):
            os.unlink(tmp)
    return path
