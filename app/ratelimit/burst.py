"""Fire a burst of requests with one key and count what came back:

    python -m app.ratelimit.burst --base http://127.0.0.1:8120 --key kr_… \\
        --requests 700 --clients 50 [--path /v1/brands] [--base2 http://127.0.0.1:8121]

With --base2 the clients alternate between two API processes (PostgreSQL shares the budget).
Prints the status counts, when the first 429 came, and one 429's headers.
"""

from __future__ import annotations

import argparse
import os
import time
from collections import Counter
from concurrent.futures import ThreadPoolExecutor

import httpx


def main() -> None:
    parser = argparse.ArgumentParser(prog="python -m app.ratelimit.burst")
    parser.add_argument("--base", required=True)
    parser.add_argument("--base2", help="a second API process to alternate with")
    parser.add_argument("--key", required=True)
    parser.add_argument("--path", default="/v1/brands")
    parser.add_argument("--requests", type=int, default=700)
    parser.add_argument("--clients", type=int, default=50)
    args = parser.parse_args()
    bases = [args.base, *([args.base2] if args.base2 else [])]
    headers = {"Authorization": f"Bearer {args.key}"}
    clients = [httpx.Client(base_url=b, headers=headers, timeout=30) for b in bases]
    started = time.monotonic()

    def one(i: int) -> tuple[int, float, httpx.Response]:
        response = clients[i % len(clients)].get(args.path)
        return i, time.monotonic() - started, response

    with ThreadPoolExecutor(max_workers=args.clients) as pool:
        results = list(pool.map(one, range(args.requests)))
    elapsed = time.monotonic() - started
    counts = Counter(r.status_code for _, _, r in results)
    refused = [(i, at, r) for i, at, r in results if r.status_code == 429]
    print(f"load average {os.getloadavg()[0]:.1f}; {args.requests} requests from {args.clients} "
          f"clients to {len(bases)} process(es) in {elapsed:.1f} s")  # fmt: skip
    print("statuses: " + ", ".join(f"{code}: {n}" for code, n in sorted(counts.items())))
    if refused:
        first_index, first_at, sample = min(refused, key=lambda item: item[1])
        print(f"first 429 after {first_at:.2f} s (request #{first_index})")
        for name in ("Retry-After", "RateLimit-Policy", "RateLimit"):
            print(f"  {name}: {sample.headers.get(name)}")
    for client in clients:
        client.close()


if __name__ == "__main__":
    main()
