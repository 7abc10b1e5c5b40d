"""Small output helpers shared by the report, ledger and handout writers."""

from __future__ import annotations

from pathlib import Path

from .errors import OptionError


def escape_markdown(text: str) -> str:
    """Text safe inside a Markdown table cell."""
    return text.replace("|", "\\|")


def write_if_changed(path: Path, content: str | bytes, option: str = "--output") -> None:
    """Write ``content`` unless the file already holds exactly it (unchanged files keep their
    mtime, so a rebuild touches only what changed). An unwritable path is a one-line error."""
    data = content.encode("utf-8") if isinstance(content, str) else content
    try:
        if not path.is_file() or path.read_bytes() != data:
            path.write_bytes(data)
    except OSError as exc:
        raise OptionError(option, "cannot write the output file", "a writable path",
                          f"{path} ({exc.strerror})") from exc


def ensure_inside(directory: Path, paths, option: str) -> None:
    """Refuse to write any of ``paths`` when it would land outside ``directory`` (a symlinked
    file or folder inside it pointing elsewhere): a build writes only where it was told to."""
    root = Path(directory).resolve()
    for path in paths:
        target = Path(path).resolve()
        if not target.is_relative_to(root):
            raise OptionError(option, "refusing to write through a symlink that leads out of the directory",
                              f"files inside {directory}", f"{path} → {target}")
