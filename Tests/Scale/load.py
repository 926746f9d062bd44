#!/usr/bin/env python3
"""Mixed load against one or more `ocop serve` (issue 15, Tests/Scale/run.sh): fires with idempotency keys, status
reads and district reports, from threads of one process (Python's standard library only).

Every fire carries a unique key. A fire that gets no answer (connection refused or reset, a 5xx) is sent again with
the same key to the next server until one acknowledges it (2xx): the server applies a key at most once, so a retry
after a lost answer returns the first result instead of firing twice. Acknowledged keys are written to --acked, one a
line, for the script to find in the history. A summary is printed as one JSON line.
"""
import argparse, http.client, json, os, random, signal, sys, threading, time
from urllib.parse import urlparse


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--servers", required=True, help="base URLs, comma-separated")
    parser.add_argument("--token", required=True, help="bearer token of the user who fires")
    parser.add_argument("--report-token", help="bearer token of a district officer (reports)")
    parser.add_argument("--report-path", default="/api/v1/reports/district?asOf=2022-10-31&format=json")
    parser.add_argument("--instances", required=True, help="instance ids, comma-separated")
    parser.add_argument("--event", default="step")
    parser.add_argument("--seconds", type=float, default=10)
    parser.add_argument("--threads", type=int, default=8)
    parser.add_argument("--prefix", required=True, help="idempotency key prefix (unique per phase)")
    parser.add_argument("--acked", required=True, help="file for the acknowledged keys")
    parser.add_argument("--mix", default="80,15,5", help="percent fires,status reads,reports")
    parser.add_argument("--kill", help="PID@SECONDS: SIGKILL this process that many seconds into the load")
    parser.add_argument("--give-up", type=float, default=60, help="seconds a fire is retried before it counts as failed")
    args = parser.parse_args()

    servers = [urlparse(url) for url in args.servers.split(",")]
    instances = [int(i) for i in args.instances.split(",")]
    fire_pct, status_pct, report_pct = (int(x) for x in args.mix.split(","))
    if not args.report_token:
        status_pct += report_pct
        report_pct = 0
    lock = threading.Lock()
    tally = {"fires": 0, "fire_retries": 0, "fires_failed": 0, "fire_rejected": 0, "status": 0, "status_failed": 0,
             "reports": 0, "reports_failed": 0, "by_server": [0] * len(servers)}
    latencies = []
    acked = []
    start = time.monotonic()
    deadline = start + args.seconds

    def connection(cache, index):
        if cache.get(index) is None:
            server = servers[index]
            cache[index] = http.client.HTTPConnection(server.hostname, server.port, timeout=30)
        return cache[index]

    def send(cache, index, method, path, token, headers=None, body=None):
        """(status, body) or None when the server did not answer."""
        try:
            conn = connection(cache, index)
            all_headers = {"Authorization": "Bearer " + token, "Accept-Language": "en"}
            all_headers.update(headers or {})
            conn.request(method, path, body=body, headers=all_headers)
            response = conn.getresponse()
            data = response.read()
            if response.getheader("Connection", "").lower() == "close":
                conn.close()
                cache[index] = None
            return response.status, data
        except (OSError, http.client.HTTPException):
            if cache.get(index) is not None:
                cache[index].close()
            cache[index] = None
            return None

    def worker(number):
        rng = random.Random(number * 7919 + 1)
        cache = {}
        preferred = number % len(servers)
        sequence = 0
        local = {"fires": 0, "fire_retries": 0, "fires_failed": 0, "fire_rejected": 0, "status": 0, "status_failed": 0,
                 "reports": 0, "reports_failed": 0}
        by_server = [0] * len(servers)
        my_latencies, my_acked = [], []
        while time.monotonic() < deadline:
            roll = rng.randrange(100)
            instance = rng.choice(instances)
            if roll < fire_pct:
                sequence += 1
                key = "%s-%d-%d" % (args.prefix, number, sequence)
                began = time.monotonic()
                target, tries = preferred, 0
                while True:
                    answer = send(cache, target, "POST", "/api/v1/instances/%d/events/%s" % (instance, args.event), args.token,
                                  {"Idempotency-Key": key, "Content-Type": "application/json"}, b"{}")
                    if answer is not None and 200 <= answer[0] < 300:
                        local["fires"] += 1
                        by_server[target] += 1
                        my_acked.append(key)
                        my_latencies.append(time.monotonic() - began)
                        break
                    if answer is not None and 400 <= answer[0] < 500:
                        local["fire_rejected"] += 1
                        sys.stderr.write("fire %s refused: %d %s\n" % (key, answer[0], answer[1][:300]))
                        break
                    if time.monotonic() - began > args.give_up:
                        local["fires_failed"] += 1
                        break
                    # No answer, or a 5xx: the same key again, on the next server.
                    tries += 1
                    local["fire_retries"] += 1
                    target = (target + 1) % len(servers)
                    if tries % len(servers) == 0:
                        time.sleep(0.05)
                    if answer is None and target != preferred:
                        preferred = target
            elif roll < fire_pct + status_pct:
                answer = send(cache, preferred, "GET", "/api/v1/instances/%d" % instance, args.token)
                if answer is not None and answer[0] == 200:
                    local["status"] += 1
                else:
                    local["status_failed"] += 1
                    if answer is None:
                        preferred = (preferred + 1) % len(servers)
            else:
                answer = send(cache, preferred, "GET", args.report_path, args.report_token)
                if answer is not None and answer[0] == 200:
                    local["reports"] += 1
                else:
                    local["reports_failed"] += 1
                    if answer is not None:
                        sys.stderr.write("report: %d %s\n" % (answer[0], answer[1][:300]))
                    else:
                        preferred = (preferred + 1) % len(servers)
        with lock:
            for name, value in local.items():
                tally[name] += value
            for index, value in enumerate(by_server):
                tally["by_server"][index] += value
            latencies.extend(my_latencies)
            acked.extend(my_acked)

    if args.kill:
        pid, at = args.kill.split("@")

        def killer():
            time.sleep(float(at))
            try:
                os.kill(int(pid), signal.SIGKILL)
                sys.stderr.write("load: SIGKILL %s at %.1f s\n" % (pid, time.monotonic() - start))
            except ProcessLookupError:
                pass
        threading.Thread(target=killer, daemon=True).start()

    threads = [threading.Thread(target=worker, args=(n,)) for n in range(args.threads)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    elapsed = time.monotonic() - start
    with open(args.acked, "w") as out:
        out.write("".join(key + "\n" for key in acked))
    latencies.sort()

    def quantile(q):
        return round(latencies[min(len(latencies) - 1, int(q * len(latencies)))] * 1000, 2) if latencies else None

    tally.update({"seconds": round(elapsed, 2), "fires_per_s": round(tally["fires"] / elapsed, 1),
                  "fire_p50_ms": quantile(0.5), "fire_p99_ms": quantile(0.99), "threads": args.threads, "servers": len(servers)})
    print(json.dumps(tally, sort_keys=True))


if __name__ == "__main__":
    main()
