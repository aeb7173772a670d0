"""`python -m harvesters.simulated --scale N [--port P]`: serve the federation until interrupted.

Prints the base URL as its first line, so a benchmark can run it in its own process."""

from __future__ import annotations

import argparse
import sys
import time

from harvesters.simulated.server import SimulatedFederation


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--scale", type=int, default=1800, help="datasets over the twelve provinces")
    parser.add_argument("--seed", type=int, default=42)
    parser.add_argument("--host", default="127.0.0.1")
    parser.add_argument("--port", type=int, default=0, help="0 = a random free port")
    parser.add_argument("--max-seconds", type=float, default=3600, help="stop after this long")
    parser.add_argument("--cache", action="store_true", help="keep rendered pages (benchmarks: render once)")
    args = parser.parse_args()
    fed = SimulatedFederation(scale=min(args.scale, 100_000), seed=args.seed, host=args.host, port=args.port,
                              cache=args.cache)
    fed.start()
    print(fed.url, flush=True)
    try:
        deadline = time.monotonic() + args.max_seconds
        while time.monotonic() < deadline and fed.thread is not None and fed.thread.is_alive():
            time.sleep(0.5)
    except KeyboardInterrupt:
        pass
    finally:
        fed.stop()
    sys.exit(0)


if __name__ == "__main__":
    main()
