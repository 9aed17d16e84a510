"""Run every benchmark in bench/ (bench_*.py), one process each, and print their figures."""

import os
import subprocess
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent


def main() -> int:
    only = sys.argv[1:]
    failed = []
    for script in sorted(HERE.glob("bench_*.py")):
        if only and script.stem.removeprefix("bench_") not in only:
            continue
        print(f"\n### {script.stem}", flush=True)
        env = {**os.environ, "PYTHONPATH": str(HERE.parent)}
        if subprocess.run([sys.executable, str(script)], cwd=HERE.parent, env=env).returncode:
            failed.append(script.stem)
    if failed:
        print(f"\nfailed: {', '.join(failed)}")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
