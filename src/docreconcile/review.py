"""Review: step through the differences of a pair and decide each, one at a time.

A session holds the differences to decide (substantive first, then minor, as reports
list them; layout and moves are not decided) and the decisions made so far, and starts
at the first difference without one, so a review stopped half-way resumes where it
stopped. The terminal side (showing a difference, reading a key) is the CLI's; every
decision is written through to the decisions file as it is made (`baseline.record`).
"""

from __future__ import annotations

from dataclasses import dataclass, field

from docreconcile.model import Decision, Difference, Report
from docreconcile.reconcile import decidable

KEYS = {"a": "a", "b": "b", "e": "text", "y": "both"}
"""Keys that decide: A's words, B's words, an own wording (edit), both fine."""

MOVES = {"s": "skip", "p": "back", "q": "quit", "/": "search", "g": "go to", "c": "comment"}
"""Keys that move or note: skip (leave undecided for now), back, quit (decisions are
kept), search for words, go to difference N, comment (why: kept with the decision)."""


@dataclass
class Session:
    """The differences of one pair to decide, the decisions made, and where we are."""

    differences: list[Difference]
    decided: dict[str, Decision] = field(default_factory=dict)
    position: int = 0
    comments: dict[str, str] = field(default_factory=dict)
    """Comments given before a difference was decided, for its decision."""

    @classmethod
    def start(cls, report: Report, decisions: list[Decision]) -> Session:
        """A session over a report's decidable differences, at the first undecided one."""
        differences = [d for d in report.differences if decidable(d)]
        known = {d.fingerprint for d in differences}
        decided = {entry.fingerprint: entry for entry in decisions if entry.fingerprint in known}
        session = cls(differences, decided)
        session.position = session._next_undecided(0)
        return session

    def current(self) -> Difference | None:
        """The difference to decide now (None: the end is reached)."""
        return self.differences[self.position] if self.position < len(self.differences) else None

    def decision(self, difference: Difference) -> Decision | None:
        return self.decided.get(difference.fingerprint)

    def record(self, decision: Decision) -> None:
        """Keep a decision about the current difference and move to the next undecided."""
        self.decided[decision.fingerprint] = decision
        self.position = self._next_undecided(self.position + 1)

    def skip(self) -> None:
        self.position = min(self.position + 1, len(self.differences))

    def back(self) -> None:
        self.position = max(self.position - 1, 0)

    def note(self, difference: Difference, comment: str) -> None:
        """Keep a comment for the decision about `difference`."""
        self.comments[difference.fingerprint] = comment

    def comment(self, difference: Difference) -> str:
        """The comment given for `difference`, or the one its earlier decision has."""
        earlier = self.decided.get(difference.fingerprint)
        return self.comments.get(
            difference.fingerprint, earlier.comment if earlier is not None else ""
        )

    def go(self, number: int) -> bool:
        """Go to difference `number` (1-based, as shown); False if there is none."""
        if not 1 <= number <= len(self.differences):
            return False
        self.position = number - 1
        return True

    def find(self, words: str) -> bool:
        """Go to the next difference (after the current one, round to the start) whose
        words or sentence on either side hold `words`, in any case; False if none does.

        Searching for `Ardalan` finds the difference `Ardan` → `Ardalan`; searching for
        a word of its sentence finds it too, as a proofreader remembers either.
        """
        wanted = words.casefold().strip()
        if not wanted or not self.differences:
            return False
        count = len(self.differences)
        for step in range(1, count + 1):
            index = (self.position + step) % count
            difference = self.differences[index]
            held = (difference.a, difference.b, difference.a_context, difference.b_context)
            if any(wanted in text.casefold() for text in held):
                self.position = index
                return True
        return False

    def undecided(self) -> int:
        return sum(d.fingerprint not in self.decided for d in self.differences)

    def _next_undecided(self, start: int) -> int:
        """The first difference from `start` without a decision (the end if none)."""
        for index in range(start, len(self.differences)):
            if self.differences[index].fingerprint not in self.decided:
                return index
        return len(self.differences)
