"""Putting a new file at a workbook's name in one step that also hands back what was there.

:func:`swap` is the system's atomic exchange where it has one:

- Linux: ``renameat2(AT_FDCWD, target, AT_FDCWD, incoming, RENAME_EXCHANGE)`` (kernel 3.15, glibc 2.28;
  ext4, XFS, Btrfs, tmpfs and most local file systems; not every network or FUSE file system);
- macOS: ``renamex_np(incoming, target, RENAME_SWAP)`` (macOS 10.12; APFS and HFS+);
- Windows: ``ReplaceFileW(target, incoming, spare)``: the file at ``target`` is renamed to the backup name
  ``spare`` and ``incoming`` given the name ``target``, by the system, in one call that either does
  both or says what it left (its error codes 1175, 1176, 1177).

After a swap the workbook's name holds the new file and the name :func:`swap` returns holds exactly the file that was at
the name at that instant (the one a rename-over save by another program had put there, if any): nothing
can land *between* the check of what is there and the replacement, because they are one step. Where the
file system or kernel has no exchange (``EINVAL``, ``ENOSYS``, ``ENOTSUP``; Windows' ``ERROR_NOT_SUPPORTED``,
``ERROR_INVALID_FUNCTION``, ``ERROR_INVALID_PARAMETER``) :class:`Unsupported` is raised and nothing has
changed, so the caller falls back to a check and a rename (:mod:`.replacement`).

:func:`interrupts_deferred` holds back Ctrl-C during the few steps in which a file another program saved is
under one of our temporary names, so an interrupt can never leave it there to be cleaned up.
"""

from __future__ import annotations

import contextlib
import ctypes
import ctypes.util
import errno
import functools
import os
import signal
import sys
import threading
from collections.abc import Callable, Iterator
from pathlib import Path

from .failures import InterruptedAfterReplacing

AT_FDCWD = -100
RENAME_EXCHANGE = 2  # linux/fs.h
RENAME_SWAP = 0x2  # macOS sys/stdio.h
#: errno values that mean "this file system or kernel cannot exchange": nothing was changed.
NO_EXCHANGE = {errno.EINVAL, errno.ENOSYS, errno.ENOTSUP, getattr(errno, "EOPNOTSUPP", errno.ENOTSUP),
               errno.EXDEV}

# Windows' error codes (winerror.h) for ReplaceFileW.
ERROR_INVALID_FUNCTION = 1
ERROR_NOT_SUPPORTED = 50
ERROR_INVALID_PARAMETER = 87
ERROR_UNABLE_TO_REMOVE_REPLACED = 1175  # nothing changed
ERROR_UNABLE_TO_MOVE_REPLACEMENT = 1176  # with a backup name: nothing changed
ERROR_UNABLE_TO_MOVE_REPLACEMENT_2 = 1177  # the replaced file is at the backup name; the replacement not moved
WINDOWS_NO_EXCHANGE = {ERROR_INVALID_FUNCTION, ERROR_NOT_SUPPORTED, ERROR_INVALID_PARAMETER}
REPLACEFILE_IGNORE_MERGE_ERRORS = 0x2
REPLACEFILE_IGNORE_ACL_ERRORS = 0x4


class Unsupported(Exception):
    """The system or file system cannot exchange these files; nothing was changed."""


def swap(target: Path, incoming: Path, spare: Path) -> Path:
    """Put ``incoming`` at ``target``; returns where the file that was at ``target`` at that instant is now.

    That is ``incoming``'s own name where the system exchanges (Linux, macOS), ``spare`` on Windows
    (ReplaceFileW's backup name). ``incoming`` and ``spare`` are our own temporary names beside
    ``target``. Raises :class:`Unsupported` (nothing changed) where there is no atomic exchange,
    ``FileNotFoundError`` when no file is at ``target`` (another program is in the middle of saving it;
    nothing changed), another ``OSError`` when the system refused (nothing changed).
    """
    if sys.platform == "win32":
        replace_file_swap(target, incoming, spare, _replace_file_w())
        return spare
    if sys.platform.startswith("linux"):
        _posix_call(_renameat2(), os.fsencode(target), os.fsencode(incoming))
    elif sys.platform == "darwin":
        _posix_call(_renamex_np(), os.fsencode(incoming), os.fsencode(target))
    else:
        raise Unsupported(sys.platform)
    return incoming


def method() -> str:
    """The system call :func:`swap` uses here (for messages and benchmarks), or "" where there is none."""
    if sys.platform == "win32":
        return "ReplaceFileW"
    if sys.platform.startswith("linux"):
        return "renameat2(RENAME_EXCHANGE)" if _renameat2() else ""
    if sys.platform == "darwin":
        return "renamex_np(RENAME_SWAP)" if _renamex_np() else ""
    return ""


# --- Linux and macOS --------------------------------------------------------------------------------------

@functools.cache
def _libc():
    try:
        return ctypes.CDLL(ctypes.util.find_library("c") or None, use_errno=True)
    except OSError:
        return None


def _renameat2() -> Callable[[bytes, bytes], int] | None:
    libc = _libc()
    function = getattr(libc, "renameat2", None) if libc is not None else None  # glibc >= 2.28
    if function is None:
        return None
    function.argtypes = [ctypes.c_int, ctypes.c_char_p, ctypes.c_int, ctypes.c_char_p, ctypes.c_uint]
    function.restype = ctypes.c_int
    return lambda a, b: function(AT_FDCWD, a, AT_FDCWD, b, RENAME_EXCHANGE)


def _renamex_np() -> Callable[[bytes, bytes], int] | None:
    libc = _libc()
    function = getattr(libc, "renamex_np", None) if libc is not None else None  # macOS >= 10.12
    if function is None:
        return None
    function.argtypes = [ctypes.c_char_p, ctypes.c_char_p, ctypes.c_uint]
    function.restype = ctypes.c_int
    return lambda a, b: function(a, b, RENAME_SWAP)


def _posix_call(call: Callable[[bytes, bytes], int] | None, a: bytes, b: bytes) -> None:
    if call is None:
        raise Unsupported("no exchange in this C library")
    if call(a, b) == 0:
        return
    code = ctypes.get_errno()
    if code in NO_EXCHANGE:
        raise Unsupported(os.strerror(code))
    raise OSError(code, os.strerror(code), os.fsdecode(b))


# --- Windows ----------------------------------------------------------------------------------------------

def _replace_file_w() -> Callable[[str, str, str], int]:
    """kernel32's ReplaceFileW as ``call(replaced, replacement, backup) -> 0 or GetLastError()``."""
    from ctypes import wintypes

    kernel32 = ctypes.WinDLL("kernel32", use_last_error=True)
    function = kernel32.ReplaceFileW
    function.argtypes = [wintypes.LPCWSTR, wintypes.LPCWSTR, wintypes.LPCWSTR, wintypes.DWORD,
                         wintypes.LPVOID, wintypes.LPVOID]
    function.restype = wintypes.BOOL
    flags = REPLACEFILE_IGNORE_MERGE_ERRORS | REPLACEFILE_IGNORE_ACL_ERRORS

    def call(replaced: str, replacement: str, backup: str) -> int:
        if function(replaced, replacement, backup, flags, None, None):
            return 0
        return ctypes.get_last_error() or ERROR_INVALID_FUNCTION

    return call


def replace_file_swap(target: Path, incoming: Path, outgoing: Path,
                      replace_file: Callable[[str, str, str], int]) -> None:
    """:func:`swap` by ReplaceFileW's rules (``replace_file`` returns 0 or the Windows error code).

    The backup name must be free, so ``outgoing`` is removed first (it is ours). On 1177 the former
    workbook is at ``outgoing`` and the new file still at ``incoming``: the former workbook is renamed back
    without replacing anything; if that name was taken meanwhile, another program saved there, which is
    the state after a swap followed by that save (the caller verifies ``outgoing`` as after any swap).
    """
    with contextlib.suppress(FileNotFoundError):
        os.unlink(outgoing)
    code = replace_file(str(target), str(incoming), str(outgoing))
    if code == 0:
        return
    if code in WINDOWS_NO_EXCHANGE:
        raise Unsupported(f"ReplaceFileW: {code}")
    if code == ERROR_UNABLE_TO_MOVE_REPLACEMENT_2:
        try:
            os.rename(outgoing, target)  # Windows: never replaces an existing file
        except FileExistsError:
            return  # another program saved at the name meanwhile: its save stays, ``outgoing`` is checked
        raise OSError(errno.EBUSY, "ReplaceFileW could not move the new file; the workbook is back", str(target))
    if code == 2 and not os.path.exists(target):  # ERROR_FILE_NOT_FOUND
        raise FileNotFoundError(errno.ENOENT, "no file at the workbook's name", str(target))
    # 1175, 1176 (with a backup name), a sharing violation (32: Excel has it open) ...: nothing changed
    raise OSError({5: errno.EACCES, 32: errno.EBUSY, 33: errno.EBUSY}.get(code, errno.EIO),
                  f"ReplaceFileW: {code}", str(target))


# --- Ctrl-C -----------------------------------------------------------------------------------------------

@contextlib.contextmanager
def interrupts_deferred() -> Iterator[None]:
    """Ctrl-C (SIGINT) is held back until the block ends, then raised (:class:`InterruptedAfterReplacing`: the
    block did finish); a failure of the block itself goes first. Only the main thread can hold it back."""
    if threading.current_thread() is not threading.main_thread():
        yield
        return
    received = []
    previous = signal.signal(signal.SIGINT, lambda *_: received.append(True))
    try:
        yield
    finally:
        signal.signal(signal.SIGINT, signal.default_int_handler if previous is None else previous)
    if received:
        raise InterruptedAfterReplacing
