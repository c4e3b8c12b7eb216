"""The LinkedIn data download is a ZIP (`Basic_LinkedInDataExport_12-03-2026.zip`, or the
complete export). Its members are read in memory, never extracted: a member's name is only
compared with the names LinkedIn uses, so `../../etc/passwd` or an absolute path is just a name
that matches nothing. Hostile archives are refused: too many members, a member or a total larger
than the caps (counted while reading, since the sizes in the ZIP header may lie), a compression
ratio no real export has (a ZIP bomb), and archives inside the archive.
"""

from __future__ import annotations

import io
import zipfile
from dataclasses import dataclass, field
from pathlib import PurePosixPath

from altruist.errors import ImportError_

MAX_MEMBERS = 1000  # a complete export has ~60 files
MAX_MEMBER_BYTES = 512 * 1024 * 1024  # messages.csv of a very busy account is ~100 MB
MAX_TOTAL_BYTES = 1024 * 1024 * 1024
MAX_RATIO = 100  # CSV compresses 5–20×; a bomb compresses 1000× and more
RATIO_FROM_BYTES = 1024 * 1024  # tiny members may compress oddly; the ratio is checked above this
_CHUNK = 1024 * 1024
_ARCHIVE_MAGIC = (b"PK\x03\x04", b"PK\x05\x06", b"\x1f\x8b", b"7z\xbc\xaf", b"Rar!")
_ARCHIVE_SUFFIXES = (".zip", ".gz", ".tgz", ".tar", ".7z", ".rar", ".bz2", ".xz")


def is_zip(data: bytes) -> bool:
    return data.startswith((b"PK\x03\x04", b"PK\x05\x06"))


@dataclass
class Member:
    name: str  # the base name LinkedIn gives it, e.g. "Connections.csv"
    path: str  # as stored in the archive, for the report only
    data: bytes


@dataclass
class Archive:
    members: list[Member] = field(default_factory=list)
    refused: list[tuple[str, str]] = field(default_factory=list)  # (member path, reason)


def read_zip(data: bytes, file: str) -> Archive:
    try:
        zf = zipfile.ZipFile(io.BytesIO(data))
    except zipfile.BadZipFile as exc:
        raise ImportError_(f"not a readable ZIP archive: {exc}", file=file) from exc
    infos = [i for i in zf.infolist() if not i.is_dir()]
    if len(infos) > MAX_MEMBERS:
        raise ImportError_(f"archive has {len(infos)} files; at most {MAX_MEMBERS}", file=file)
    archive = Archive()
    total = 0
    for info in infos:
        name = PurePosixPath(info.filename.replace("\\", "/")).name
        if info.flag_bits & 0x1:
            archive.refused.append((info.filename, "encrypted member"))
            continue
        if name.lower().endswith(_ARCHIVE_SUFFIXES):
            archive.refused.append((info.filename, "archive inside the archive: not opened"))
            continue
        content = _read_member(zf, info, file, MAX_TOTAL_BYTES - total)
        total += len(content)
        if content.startswith(_ARCHIVE_MAGIC):
            archive.refused.append((info.filename, "archive inside the archive: not opened"))
            continue
        archive.members.append(Member(name, info.filename, content))
    return archive


def _read_member(zf: zipfile.ZipFile, info: zipfile.ZipInfo, file: str, budget: int) -> bytes:
    """Read one member, counting real bytes against the caps as they come."""
    limit = min(MAX_MEMBER_BYTES, budget)
    chunks: list[bytes] = []
    size = 0
    try:
        with zf.open(info) as handle:
            while chunk := handle.read(_CHUNK):
                size += len(chunk)
                if size > limit:
                    raise ImportError_(
                        f"{info.filename} unpacks to more than {limit // (1024 * 1024)} MB",
                        file=file,
                    )
                if size > RATIO_FROM_BYTES and size > MAX_RATIO * max(info.compress_size, 1):
                    raise ImportError_(
                        f"{info.filename} is compressed more than {MAX_RATIO}:1 "
                        "(a ZIP bomb?); archive refused",
                        file=file,
                    )
                chunks.append(chunk)
    except (zipfile.BadZipFile, zipfile.LargeZipFile, NotImplementedError, OSError) as exc:
        raise ImportError_(f"cannot read {info.filename} in the archive: {exc}", file=file) from exc
    return b"".join(chunks)
