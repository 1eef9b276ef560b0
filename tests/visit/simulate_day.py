#!/usr/bin/env python3
"""A day at a desk, simulated through the real server: 300 appointments, 4 counters.

The evening before (the server's clock at 18:00), staff convene 300 applications into the day's
slots. Then the server runs the day on a fast test clock (--clock-speed): people arrive at the
kiosk from 40 minutes early to 10 minutes late (a few never come, a few come more than 15 minutes
late and are refused), four counters call the next person, serve them for 2.5 to 6 minutes and press done,
or recall up to three times someone who does not answer, who is then missed. At the end of the
day the desk closes the day. The script then checks that every appointment ended `attended` or
`no_show`, that what the counters did adds up, and prints the waiting and service times from the
statistics API.

    tests/visit/simulate_day.py --sportello build/dev/tools/sportello [--seed 1] [--speed 1200]

Exit status 0 when the day adds up, 1 otherwise. Needs a build with the test clock (dev, asan, tsan).
"""
import argparse
import datetime as dt
import json
import os
import random
import shutil
import socket
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.request

DESK = "simulata"
TYPE = "lavoro-documenti"
DAY = dt.date(2027, 1, 13)  # a Wednesday with no holiday
ROME = dt.timezone(dt.timedelta(hours=1))  # January: no daylight saving
OPENS, SLOT_MINUTES, SLOTS, SEATS = dt.time(8, 30), 12, 30, 10  # 30 slots of 10 seats: 300
COUNTERS = ["1", "2", "3", "4"]
PASSWORD = "simulation password"
TAX_CODE = "RSSMRA85T10A562S"
REPO = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))


def desk_file():
    return {
        "desk": DESK, "name": "Sportello simulato", "province": "RM", "timezone": "Europe/Rome",
        "flags": {"self_booking": True},
        "types": {TYPE: {
            "slot_minutes": SLOT_MINUTES, "horizon_days": 60, "min_notice_hours": 0, "cancel_notice_hours": 0,
            "weekly": [{"days": ["mon", "tue", "wed", "thu", "fri"], "from": OPENS.strftime("%H:%M"),
                        "to": (dt.datetime.combine(DAY, OPENS) + dt.timedelta(minutes=SLOT_MINUTES * SLOTS)).strftime("%H:%M"),
                        "capacity": SEATS - 1, "staff_capacity": 1}]}},
    }


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class Server:
    """`sportello serve` on a fresh port, its clock at `now`, running `speed` times as fast."""

    def __init__(self, binary, workdir, now, speed=None):
        self.port = free_port()
        self.base = f"http://127.0.0.1:{self.port}"
        args = [binary, "serve", "--db", os.path.join(workdir, "sim.db"), "--calendars", os.path.join(workdir, "calendars"),
                "--port", str(self.port), "--now", now.isoformat(), "--no-rate-limits"]
        if speed:
            args += ["--clock-speed", str(speed)]
        self.log = open(os.path.join(workdir, "serve.log"), "a")
        self.process = subprocess.Popen(args, stdout=self.log, stderr=self.log)
        self.started = time.monotonic()
        for _ in range(200):
            try:
                self.request("GET", "/healthz")
                return
            except OSError:
                time.sleep(0.05)
        raise SystemExit("simulate_day: the server did not start (see serve.log)")

    def request(self, method, path, body=None, token=None):
        data = json.dumps(body).encode() if body is not None else None
        request = urllib.request.Request(self.base + path, data=data, method=method)
        if data is not None:
            request.add_header("Content-Type", "application/json")
        if token:
            request.add_header("Authorization", "Bearer " + token)
        try:
            with urllib.request.urlopen(request, timeout=10) as answer:
                text = answer.read()
                return answer.status, json.loads(text) if text else None
        except urllib.error.HTTPError as error:
            return error.code, json.loads(error.read() or b"null")

    def login(self, username):
        status, answer = self.request("POST", "/api/v1/staff/login", {"username": username, "password": PASSWORD})
        assert status == 200, (status, answer)
        return answer["token"]

    def clock_at_login(self, username):
        """Signs in; the token and the server's clock then (a session lasts 12 hours)."""
        before = time.monotonic()
        status, answer = self.request("POST", "/api/v1/staff/login", {"username": username, "password": PASSWORD})
        assert status == 200, (status, answer)
        return answer["token"], dt.datetime.fromisoformat(answer["expires_at"]) - dt.timedelta(hours=12), before

    def stop(self):
        self.process.terminate()
        self.process.wait(timeout=20)
        self.log.close()


def add_user(binary, workdir, username, role):
    subprocess.run([binary, "user", "add", "--db", os.path.join(workdir, "sim.db"), "--username", username,
                    "--role", role, "--desk", DESK], input=PASSWORD + "\n", text=True, check=True, capture_output=True)


def convene_everyone(binary, workdir):
    """The evening before: 300 applications, each convened into a seat of the day."""
    evening = dt.datetime.combine(DAY - dt.timedelta(days=1), dt.time(18, 0), ROME)
    server = Server(binary, workdir, evening)
    try:
        csv_path = os.path.join(workdir, "applications.csv")
        with open(csv_path, "w") as csv:
            csv.write("application_id,desk,tax_code,email,phone,types,status\n")
            for i in range(SLOTS * SEATS):
                csv.write(f"SIM-{i:03d},{DESK},{TAX_CODE},,,{TYPE},In istruttoria\n")
        subprocess.run([binary, "import-applications", "--db", os.path.join(workdir, "sim.db"), csv_path],
                       check=True, capture_output=True)
        add_user(binary, workdir, "sportello.sim", "operator")
        add_user(binary, workdir, "kiosk.sim", "kiosk")
        token = server.login("sportello.sim")
        bookings = {}
        for i in range(SLOTS * SEATS):
            start = dt.datetime.combine(DAY, OPENS, ROME) + dt.timedelta(minutes=SLOT_MINUTES * (i // SEATS))
            status, answer = server.request("POST", f"/api/v1/staff/desks/{DESK}/bookings",
                                            {"type": TYPE, "start": start.isoformat(), "application_id": f"SIM-{i:03d}"},
                                            token)
            assert status == 201, (status, answer)
            bookings[answer["code"]] = start
        return bookings
    finally:
        server.stop()


def run_day(binary, workdir, bookings, speed, rng):
    morning = dt.datetime.combine(DAY, dt.time(7, 45), ROME)
    server = Server(binary, workdir, morning, speed)
    try:
        # The script keeps the server's clock: read once, at a sign-in, then run at the same speed.
        staff, server_then, real_then = server.clock_at_login("sportello.sim")

        def now():
            return server_then + dt.timedelta(seconds=(time.monotonic() - real_then) * speed)

        kiosk = server.login("kiosk.sim")
        events = []  # (simulated instant, order, action, argument), run in order
        order = 0

        def later(at, action, argument):
            nonlocal order
            order += 1
            events.append((at, order, action, argument))

        for code, start in bookings.items():
            fate = rng.random()
            if fate < 0.04:
                continue  # never comes
            late = fate < 0.08  # comes more than 15 minutes late: refused at the kiosk
            offset = rng.uniform(16, 25) if late else rng.uniform(-40, 10)
            later(start + dt.timedelta(minutes=offset), "arrive", code)
        for counter in COUNTERS:
            later(dt.datetime.combine(DAY, dt.time(8, 0), ROME), "free", counter)

        counts = {"checked_in": 0, "refused": 0, "done": 0, "missed": 0, "recalls": 0}
        absent = set()  # tickets whose holder does not answer when called
        last_slot = dt.datetime.combine(DAY, OPENS, ROME) + dt.timedelta(minutes=SLOT_MINUTES * (SLOTS - 1))
        while events:
            events.sort()
            at, _, action, argument = events[0]
            wait = (at - now()).total_seconds() / speed
            if wait > 0:
                time.sleep(min(wait, 0.05))
                continue
            events.pop(0)
            if action == "arrive":
                status, ticket = server.request("POST", f"/api/v1/desks/{DESK}/checkin", {"code": argument}, kiosk)
                if status == 201:
                    counts["checked_in"] += 1
                    if rng.random() < 0.03:
                        absent.add(ticket["ticket"])
                else:
                    assert ticket["code"] == "outside_checkin_window", (status, ticket)
                    counts["refused"] += 1
            elif action == "free":
                status, ticket = server.request("POST", f"/api/v1/staff/desks/{DESK}/queue/next",
                                                {"counter": argument}, staff)
                if status == 204:
                    if now() < last_slot + dt.timedelta(minutes=30):
                        later(now() + dt.timedelta(minutes=1), "free", argument)  # look again in a minute
                    continue
                assert status == 200, (status, ticket)
                if ticket["ticket"] in absent:
                    later(now() + dt.timedelta(minutes=1), "recall", (argument, ticket["ticket"]))
                else:
                    later(now() + dt.timedelta(minutes=rng.uniform(2.5, 6)), "done", (argument, ticket["ticket"]))
            elif action == "recall":
                counter, ticket_id = argument
                status, ticket = server.request("POST", f"/api/v1/staff/tickets/{ticket_id}/recall", None, staff)
                assert status == 200, (status, ticket)
                counts["recalls"] += 1
                if ticket["state"] == "missed":
                    counts["missed"] += 1
                    later(now(), "free", counter)
                else:
                    later(now() + dt.timedelta(minutes=1), "recall", argument)
            elif action == "done":
                counter, ticket_id = argument
                status, ticket = server.request("POST", f"/api/v1/staff/tickets/{ticket_id}/done", None, staff)
                assert status == 200 and ticket["state"] == "done", (status, ticket)
                counts["done"] += 1
                later(now(), "free", counter)

        status, closed = server.request("POST", f"/api/v1/staff/desks/{DESK}/days/{DAY.isoformat()}/close", None, staff)
        assert status == 200, (status, closed)
        status, sheet = server.request("GET", f"/api/v1/staff/desks/{DESK}/bookings?date={DAY.isoformat()}", None, staff)
        assert status == 200, (status, sheet)
        status, stats = server.request("GET", f"/api/v1/staff/desks/{DESK}/stats?from={DAY}&to={DAY}", None, staff)
        assert status == 200, (status, stats)
        return counts, sheet["bookings"], stats["days"][0]
    finally:
        server.stop()


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sportello", default=os.path.join(REPO, "build/dev/tools/sportello"))
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--speed", type=float, default=1200, help="how much faster than real time the day runs")
    args = parser.parse_args()
    rng = random.Random(args.seed)
    workdir = tempfile.mkdtemp(prefix="sportello-day-")
    try:
        os.makedirs(os.path.join(workdir, "calendars"))
        shutil.copy(os.path.join(REPO, "calendars/types.json"), os.path.join(workdir, "calendars"))
        with open(os.path.join(workdir, "calendars", DESK + ".json"), "w") as out:
            json.dump(desk_file(), out)
        bookings = convene_everyone(args.sportello, workdir)
        counts, sheet, row = run_day(args.sportello, workdir, bookings, args.speed, rng)
    finally:
        shutil.rmtree(workdir, ignore_errors=True)

    statuses = {}
    for booking in sheet:
        statuses[booking["status"]] = statuses.get(booking["status"], 0) + 1
    print(f"appointments {len(sheet)}, counters {len(COUNTERS)}: {statuses}")
    print(f"checked in {counts['checked_in']}, refused at the kiosk {counts['refused']}, "
          f"done {counts['done']}, missed {counts['missed']} (after {counts['recalls']} recalls)")
    print(f"waited p50 {row['waited_p50_minutes']:.1f} min, p90 {row['waited_p90_minutes']:.1f} min; "
          f"served p50 {row['served_p50_minutes']:.1f} min")
    problems = []
    if len(sheet) != SLOTS * SEATS:
        problems.append(f"{len(sheet)} appointments on the day sheet, not {SLOTS * SEATS}")
    if set(statuses) - {"attended", "no_show"}:
        problems.append(f"appointments left in {set(statuses) - {'attended', 'no_show'}}")
    if statuses.get("attended", 0) != counts["done"]:
        problems.append(f"{statuses.get('attended', 0)} attended but {counts['done']} done at the counters")
    if counts["done"] + counts["missed"] != counts["checked_in"]:
        problems.append("someone checked in was neither served nor missed")
    if row["attended"] != counts["done"] or row["no_shows"] != SLOTS * SEATS - counts["done"]:
        problems.append(f"the statistics disagree: {row}")
    for problem in problems:
        print("simulate_day: " + problem, file=sys.stderr)
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main())
