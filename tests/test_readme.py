"""The README stays true: its transcript is replayed command by command, output and all."""

from __future__ import annotations

import os
import re
import subprocess
import sys
from pathlib import Path

README = Path(__file__).resolve().parents[1] / "README.md"


def block(name: str) -> str:
    text = README.read_text(encoding="utf-8")
    match = re.search(rf"<!-- {name} -->\n```[a-z]*\n(.*?)```\n<!-- /{name} -->", text, re.S)
    assert match, f"README.md has no {name} block"
    return match.group(1)


def transcript() -> list[tuple[str, str]]:
    """(command, expected output) pairs from the README's transcript block."""
    steps: list[tuple[str, list[str]]] = []
    for line in block("transcript").splitlines():
        if line.startswith("$ "):
            steps.append((line[2:], []))
        else:
            steps[-1][1].append(line)
    return [(command, "\n".join(lines)) for command, lines in steps]


def tidy(output: str, folder: Path) -> str:
    lines = output.replace(f"{folder}/", "").splitlines()
    return "\n".join(line.rstrip() for line in lines).strip("\n")


def test_the_transcript_is_what_fundtrack_prints(tmp_path: Path) -> None:
    tmp_path.chmod(0o700)
    env = {k: v for k, v in os.environ.items() if not k.startswith("FUNDTRACK_")}
    env.update(
        FUNDTRACK_DB="books.db",
        FUNDTRACK_USER="maria.clerk",
        COLUMNS="100",
        PATH=f"{Path(sys.executable).parent}{os.pathsep}{env.get('PATH', '')}",
    )
    steps = transcript()
    assert len(steps) >= 10
    for command, expected in steps:
        done = subprocess.run(
            ["bash", "-c", command], cwd=tmp_path, env=env, text=True,
            stdout=subprocess.PIPE, stderr=subprocess.STDOUT, timeout=120,
        )  # fmt: skip
        assert tidy(done.stdout, tmp_path) == tidy(expected, tmp_path), command
        assert done.returncode == (1 if expected.startswith("Error:") else 0), command


def test_the_quick_start_is_two_commands_and_ci_runs_the_test_command() -> None:
    text = README.read_text(encoding="utf-8")
    quick = text.split("## Quick start", 1)[1].split("\n## ", 1)[0]
    commands = re.findall(r"```bash\n(.*?)\n```", quick, re.S)
    assert len(commands) == 2
    assert commands[0].endswith("fundtrack demo")
    assert commands[0] == block("quick-start").strip()
    assert commands[1] == block("test-command").strip()
    ci = (README.parent / ".ci" / "run").read_text(encoding="utf-8")
    assert "test-command" in ci and "quick-start" in ci
