"""The CLI at a real terminal (a pseudo-terminal): progress bars are drawn where a person types the README's
commands, and the commands finish, exit 0 and write what they say. Tests elsewhere run the CLI with its
output captured, where no bar is drawn, which is how a bar that broke every run at a terminal went unseen."""

import contextlib
import fcntl
import os
import pty
import select
import struct
import subprocess
import sys
import termios
import time
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
EVENTS = [sys.executable, "-m", "events"]
TIMEOUT = 240  # seconds: a bound for a loaded two-core machine, not a speed goal


def at_terminal(args: list[str], cwd: Path, sized: bool = True) -> tuple[int, str]:
    """Run the command with stdin, stdout and stderr on a pseudo-terminal (30 rows of 100 columns, or one that
    reports no size, as some consoles do); its exit code and all it wrote."""
    leader, follower = pty.openpty()
    if sized:
        fcntl.ioctl(follower, termios.TIOCSWINSZ, struct.pack("HHHH", 30, 100, 0, 0))  # rows, columns
    proc = subprocess.Popen(args, stdin=follower, stdout=follower, stderr=follower, cwd=cwd, close_fds=True)
    os.close(follower)
    chunks, deadline = [], time.monotonic() + TIMEOUT
    while time.monotonic() < deadline:
        ready, _, _ = select.select([leader], [], [], 1)
        if ready:
            try:
                data = os.read(leader, 65536)
            except OSError:  # the other end closed: the command has ended
                break
            if not data:
                break
            chunks.append(data)
        elif proc.poll() is not None:
            break
    else:
        proc.kill()
        pytest.fail(f"{' '.join(args)} did not finish within {TIMEOUT} s at a terminal")
    os.close(leader)
    return proc.wait(timeout=30), b"".join(chunks).decode("utf-8", "replace")


def test_the_terminal_is_a_terminal():
    code, out = at_terminal([sys.executable, "-c", "import sys; print(sys.stdout.isatty(), sys.stderr.isatty())"], ROOT)
    assert code == 0 and "True True" in out


@pytest.mark.parametrize("sized", [True, False], ids=["sized", "no size"])
def test_extract_draws_its_progress_bar_and_writes_the_table(tmp_path, sized):
    out_csv = tmp_path / "events.csv"
    code, out = at_terminal(EVENTS + ["extract", str(ROOT / "seeds"), "-o", str(out_csv)], ROOT, sized)
    assert code == 0, out
    assert "extracting" in out and "articles" in out, f"no progress bar at the terminal:\n{out}"
    assert "Traceback" not in out
    assert out_csv.read_text(encoding="utf-8").count("\n") > 5


def test_ingest_draws_its_progress_bar_and_fills_the_store(tmp_path):
    db = tmp_path / "events.duckdb"
    code, out = at_terminal(EVENTS + ["ingest", str(ROOT / "seeds"), "--db", str(db)], ROOT)
    assert code == 0, out
    assert "ingesting" in out and "Traceback" not in out, out
    code, out = at_terminal(EVENTS + ["stats", "--db", str(db)], ROOT)
    assert code == 0 and "Traceback" not in out, out


def test_merge_and_timeml_annotate_draw_their_progress_bars(tmp_path):
    db = tmp_path / "events.duckdb"
    code, out = at_terminal(EVENTS + ["ingest", str(ROOT / "seeds"), "--db", str(db), "--no-merge"], ROOT)
    assert code == 0, out
    code, out = at_terminal(EVENTS + ["merge", "--db", str(db)], ROOT)
    assert code == 0 and "merging" in out and "Traceback" not in out, out
    docs = tmp_path / "tml"
    docs.mkdir()
    (docs / "one.tml").write_text(
        '<?xml version="1.0" ?>\n<TimeML><DOCID>one</DOCID><DCT><TIMEX3 tid="t0" type="DATE" value="2023-12-28" functionInDocument="CREATION_TIME">'
        "2023-12-28</TIMEX3></DCT><TEXT>North Korea fired a missile last month.</TEXT></TimeML>\n", encoding="utf-8")
    code, out = at_terminal(EVENTS + ["timeml", "annotate", str(docs), str(tmp_path / "out")], ROOT)
    assert code == 0 and "annotating" in out and "Traceback" not in out, out


def test_serve_starts_at_a_terminal(tmp_path):
    # the second half of `make run` (the first is `events ingest`, above): the dashboard's server started at a
    # terminal answers on its port, and its terminal shows the address, no traceback
    import socket
    import urllib.request

    db = tmp_path / "events.duckdb"
    code, out = at_terminal(EVENTS + ["ingest", str(ROOT / "seeds"), "--db", str(db)], ROOT)
    assert code == 0, out
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    leader, follower = pty.openpty()
    fcntl.ioctl(follower, termios.TIOCSWINSZ, struct.pack("HHHH", 30, 100, 0, 0))
    proc = subprocess.Popen(EVENTS + ["serve", "--db", str(db), "--port", str(port)], stdin=follower, stdout=follower, stderr=follower, cwd=ROOT,
                            close_fds=True)
    os.close(follower)
    chunks, answered, deadline = [], False, time.monotonic() + TIMEOUT
    try:
        while time.monotonic() < deadline and proc.poll() is None and not answered:
            if select.select([leader], [], [], 0.5)[0]:
                with contextlib.suppress(OSError):
                    chunks.append(os.read(leader, 65536))
            with contextlib.suppress(OSError):
                answered = urllib.request.urlopen(f"http://127.0.0.1:{port}/_stcore/health", timeout=2).status == 200
    finally:
        proc.terminate()
        proc.wait(timeout=30)
        with contextlib.suppress(OSError):
            while select.select([leader], [], [], 0.5)[0]:
                data = os.read(leader, 65536)
                if not data:
                    break
                chunks.append(data)
        os.close(leader)
    out = b"".join(chunks).decode("utf-8", "replace")
    assert answered, f"events serve did not answer within {TIMEOUT} s at a terminal:\n{out}"
    assert f"127.0.0.1:{port}" in out and "Traceback" not in out, out
