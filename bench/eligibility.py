"""Benchmark: import an eligibility list of 86,000 addresses (issue 12: it took 31 s).

    python bench/eligibility.py [--count 86000]

Uses DATABASE_URL (default: SQLite in a temporary file, migrated afresh). Prints the seconds
the parse and the import (into the database, re-checking the round's applications) took, and
the time of a second import of the same list (everything already present).
"""

import argparse
import os
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--count", type=int, default=86_000)
    args = parser.parse_args()
    sys.path.insert(0, str(ROOT))
    os.environ.setdefault("DATABASE_URL", f"sqlite:///{tempfile.mkdtemp()}/bench.sqlite3")
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "mentorship.settings")
    import django

    django.setup()
    from django.core.management import call_command

    call_command("migrate", verbosity=0)
    from programs.services import import_eligibility_list, parse_addresses
    from tests.factories import ApplicationFactory, RoundFactory

    round_ = RoundFactory(mentee_eligibility="list")
    ApplicationFactory.create_batch(200, round=round_, is_eligible=False)
    text = "\n".join(f"förnamn.efternamn{n}@example.se" for n in range(args.count))

    started = time.perf_counter()
    valid, invalid = parse_addresses(text)
    parsed = time.perf_counter() - started
    started = time.perf_counter()
    first = import_eligibility_list(round_, role="mentee", text=text)
    imported = time.perf_counter() - started
    started = time.perf_counter()
    second = import_eligibility_list(round_, role="mentee", text=text)
    again = time.perf_counter() - started
    print(f"addresses: {len(valid)} valid, {len(invalid)} invalid")
    print(f"parse: {parsed:.2f} s")
    print(f"import: {imported:.2f} s ({first.added} added)")
    print(f"import again: {again:.2f} s ({second.already_present} already present)")


if __name__ == "__main__":
    main()
