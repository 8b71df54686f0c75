"""One key pressed in a terminal, without waiting for Enter.

`review` decides a difference with one key, as its help says. The terminal is put in
cbreak mode (no line editing, no echo, Ctrl-C still interrupts) only while a key is
read, so a wording typed after `e` is read as a line with its editing keys. Where there
is no termios (Windows), a line is read and its first character taken.
"""

from __future__ import annotations

import os
import select
import sys
from typing import TextIO

ENTER = "\n"

_SEQUENCE_WAIT = 0.05
"""Seconds to wait for the rest of an escape sequence (an arrow key sends three bytes at
once; 50 ms is far longer than a terminal takes, far shorter than a person)."""


def read_key(stream: TextIO | None = None) -> str:
    """The key pressed: one character, `ENTER` for Enter, "" for a key with no character
    (an arrow, a function key). EOFError on Ctrl-D or a closed input.

    An arrow key's bytes (`ESC [ A`) are read whole, so its `A` never counts as the key
    `a`.
    """
    stream = stream or sys.stdin
    try:
        import termios
        import tty
    except ImportError:  # pragma: no cover - Windows
        line = stream.readline()
        if not line:
            raise EOFError from None
        return line.strip()[:1] or ENTER
    descriptor = stream.fileno()
    saved = termios.tcgetattr(descriptor)
    try:
        # TCSANOW, not tty's default TCSAFLUSH: a key pressed before this point (a fast
        # typist, a key right after the prompt shows) is read, not thrown away
        tty.setcbreak(descriptor, termios.TCSANOW)
        data = os.read(descriptor, 1)
        if data == b"\x1b":  # an escape sequence: take it whole, mean nothing
            _skip_sequence(descriptor)
            return ""
        while data and data[0] >= 0xC0 and len(data) < 4:  # the rest of a UTF-8 character
            try:
                return data.decode("utf-8")
            except UnicodeDecodeError:
                data += os.read(descriptor, 1)
    finally:
        termios.tcsetattr(descriptor, termios.TCSADRAIN, saved)
    if not data or data == b"\x04":
        raise EOFError
    if data in (b"\r", b"\n"):
        return ENTER
    return data.decode("utf-8", errors="replace")


def _skip_sequence(descriptor: int) -> None:
    """Read the rest of an escape sequence and no more: `[` or `O`, then parameter
    bytes up to a final byte (`@` to `~`), as ECMA-48 has it (`ESC [ A`, `ESC [ 1 5 ~`),
    so a key pressed right after an arrow is still read as a key."""

    def next_byte() -> bytes:
        if not select.select([descriptor], [], [], _SEQUENCE_WAIT)[0]:
            return b""
        return os.read(descriptor, 1)

    introducer = next_byte()
    if introducer not in (b"[", b"O"):
        return  # Escape alone (or Alt with a key): nothing more to take
    while (byte := next_byte()) and not 0x40 <= byte[0] <= 0x7E:
        pass
