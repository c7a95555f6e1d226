"""Instructions the server executes per request of the applicant journey: unlike CPU time, a
figure that does not move with the machine or its neighbours.

    python bench/instructions.py                    # this tree
    python bench/instructions.py --against 300a42f  # and a commit's, measured the same way

CPU time per request (bench/load.py) differs by half between two machines of the same kind, and
by a tenth between two runs on one. This runs bench/profile_apply.py (the journey of
bench/load.py through Django's test Client, in one process) under valgrind's callgrind twice
at once, with 2 and with 12 journeys after the same warm-up, and divides the difference in
instructions by the difference in requests: Python, Django and our code per request, without
the process's start, the seeding or PostgreSQL's side. About 10 minutes per tree on 2 cores;
needs valgrind (Debian's package).
"""

import argparse
import os
import re
import shutil
import subprocess
import sys
import tempfile
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
FEW, MANY = 2, 12


def run(tree: Path, journeys: int, name: str, out: Path) -> tuple[int, int]:
    """(instructions, requests) of bench/profile_apply.py with `journeys` journeys in `tree`."""
    log = subprocess.run(
        [
            "valgrind",
            "--tool=callgrind",
            f"--callgrind-out-file={out / f'{name}.{journeys}.callgrind'}",
            sys.executable,
            "bench/profile_apply.py",
            "--journeys",
            str(journeys),
            "--warmup",
            "2",
            "--static-collected",  # once, before: the two runs at once would race in one folder
            "--database-url",
            f"postgres://postgres@127.0.0.1:5432/mentorship_instructions_{name}_{journeys}",
        ],
        cwd=tree,
        capture_output=True,
        text=True,
    )
    collected = re.search(r"Collected : (\d+)", log.stderr)
    requests = re.search(r"^ALL\s+(\d+)", log.stdout, re.MULTILINE)
    if log.returncode or not collected or not requests:
        raise SystemExit(
            f"{tree} with {journeys} journeys failed:\n{log.stdout[-2000:]}\n{log.stderr[-2000:]}"
        )
    return int(collected.group(1)), int(requests.group(1))


def per_request(tree: Path, name: str, out: Path) -> float:
    collect = [sys.executable, "manage.py", "collectstatic", "--noinput", "-v", "0"]
    env = {**os.environ, "DJANGO_DEBUG": "false", "DJANGO_SECRET_KEY": "instructions-" * 5}
    subprocess.run(collect, cwd=tree, env=env, check=True)
    with ThreadPoolExecutor(2) as pool:
        few, many = pool.map(lambda j: run(tree, j, name, out), (FEW, MANY))
    return (many[0] - few[0]) / (many[1] - few[1])


def main() -> int:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--against", help="a commit to measure the same way, in a temporary worktree")
    args = parser.parse_args()
    if not shutil.which("valgrind"):
        raise SystemExit("valgrind is not installed (apt-get install valgrind)")
    out = Path(tempfile.mkdtemp(prefix="instructions-"))
    figures = {"this tree": per_request(ROOT, "this", out)}
    if args.against:
        worktree = out / "against"
        subprocess.run(
            ["git", "worktree", "add", "--detach", str(worktree), args.against], cwd=ROOT, check=True
        )
        # This tree's journey against that tree's code: the same requests on both.
        shutil.copytree(ROOT / "bench", worktree / "bench", dirs_exist_ok=True)
        try:
            figures[args.against] = per_request(worktree, "against", out)
        finally:
            subprocess.run(["git", "worktree", "remove", "--force", str(worktree)], cwd=ROOT, check=True)
    print("\ninstructions per request of the applicant journey (in process, PostgreSQL's side aside)")
    for name, count in figures.items():
        print(f"  {name:<12} {count / 1e6:8.2f} M")
    if args.against:
        print(f"  ratio        {figures['this tree'] / figures[args.against]:8.2f}")
    shutil.rmtree(out, ignore_errors=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
