"""Write the table of the package's rooms and their sizes into ARCHITECTURE.md.

    python tools/rooms.py          # after adding, splitting or growing a module
    python tools/rooms.py --check  # exit 1 if the table is out of date

Each module's lines (`wc -l`, docstrings included); a package's modules one by one,
largest first. The table stands between the two marker lines below in ARCHITECTURE.md.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PACKAGE = ROOT / "src" / "docreconcile"
ARCHITECTURE = ROOT / "ARCHITECTURE.md"
START = "<!-- rooms: made by tools/rooms.py -->"
END = "<!-- /rooms -->"


def line_count(path: Path) -> int:
    with path.open(encoding="utf-8") as source:
        return sum(1 for _ in source)


def table() -> str:
    """The rooms table: one row a top-level module or package."""
    rooms: dict[str, list[tuple[str, int]]] = {}
    for path in sorted(PACKAGE.rglob("*.py")):
        relative = path.relative_to(PACKAGE)
        room = relative.parts[0] if len(relative.parts) > 1 else relative.name
        rooms.setdefault(room, []).append((path.name, line_count(path)))
    rows = ["| room | lines | its modules |", "| --- | ---: | --- |"]
    for room, modules in sorted(rooms.items()):
        total = sum(lines for _, lines in modules)
        if len(modules) == 1 and room.endswith(".py"):
            rows.append(f"| `{room}` | {total} | |")
            continue
        listed = ", ".join(
            f"{name} {lines}" for name, lines in sorted(modules, key=lambda item: -item[1])
        )
        rows.append(f"| `{room}/` | {total} | {listed} |")
    return "\n".join(rows)


def updated(text: str) -> str:
    """ARCHITECTURE.md's text with the table between the markers made anew."""
    before, _, rest = text.partition(START)
    _, _, after = rest.partition(END)
    return f"{before}{START}\n{table()}\n{END}{after}"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--check", action="store_true", help="exit 1 if the table is stale")
    arguments = parser.parse_args()
    text = ARCHITECTURE.read_text(encoding="utf-8")
    if START not in text or END not in text:
        raise SystemExit(f"ARCHITECTURE.md has no {START} ... {END} markers")
    new = updated(text)
    if arguments.check:
        sys.exit(0 if new == text else 1)
    ARCHITECTURE.write_text(new, encoding="utf-8")


if __name__ == "__main__":
    main()
