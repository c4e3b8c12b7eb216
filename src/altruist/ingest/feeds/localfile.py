"""Local sources (mbox, Maildir, Posts.xml, a feed file) and their "conditional GET": the file's
modification stamp is kept in the group's `last_modified`, so an unchanged file is not re-read."""

from __future__ import annotations

from pathlib import Path

from altruist.errors import FetchError


def stamp_of(path: Path) -> str:
    """Size and mtime of a file, or of a Maildir's `cur`/`new` folders (new mail changes those)."""
    try:
        if path.is_dir():
            parts = [path / "cur", path / "new"] if (path / "cur").is_dir() else [path]
            stats = [p.stat() for p in parts if p.exists()]
            return "mtime:" + ",".join(f"{s.st_mtime_ns}:{s.st_size}" for s in stats)
        stat = path.stat()
    except OSError as exc:
        raise FetchError(f"{path}: cannot read: {exc.strerror or exc}") from exc
    return f"mtime:{stat.st_mtime_ns}:{stat.st_size}"


def changed(path: Path, previous: str | None) -> tuple[bool, str]:
    if not path.exists():
        raise FetchError(f"{path}: no such file or folder")
    stamp = stamp_of(path)
    return stamp != previous, stamp


def read_if_changed(path: Path, previous: str | None) -> tuple[bytes | None, str]:
    """The file's bytes, or None when its stamp equals `previous`."""
    is_new, stamp = changed(path, previous)
    if not is_new:
        return None, stamp
    try:
        return path.read_bytes(), stamp
    except OSError as exc:
        raise FetchError(f"{path}: cannot read: {exc.strerror or exc}") from exc
