#!/usr/bin/env python3
"""Runs a command on a pseudo-terminal, so that it sees a terminal on its
standard input, types ANSWER and Enter once PROMPT appears in its output,
prints everything it wrote and exits with its status. For the tests of
commands that ask before they act (fourex db drop / reset).

usage: on_terminal.py ANSWER PROMPT COMMAND [ARG...]
"""
import os
import pty
import signal
import sys

answer, prompt, command = sys.argv[1], sys.argv[2].encode(), sys.argv[3:]
signal.alarm(60)  # a hang guard: a command that never prompts nor ends
pid, terminal = pty.fork()
if pid == 0:
    os.execvp(command[0], command)
seen = b""
answered = False
while True:
    try:
        chunk = os.read(terminal, 4096)
    except OSError:  # EIO: the command ended and closed the terminal
        break
    if not chunk:
        break
    seen += chunk
    if not answered and prompt in seen:
        os.write(terminal, answer.encode() + b"\n")
        answered = True
sys.stdout.buffer.write(seen)
_, status = os.waitpid(pid, 0)
sys.exit(os.waitstatus_to_exitcode(status))
