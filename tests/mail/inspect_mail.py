#!/usr/bin/env python3
"""Prints what a received e-mail says, as one JSON object, for Sportello's mail tests.

Reads FILE (a message as written by smtp_sink.py) with Python's standard e-mail parser and its
calendar attachment with Debian's python3-icalendar, so the test checks the message as an
independent reader sees it: headers decoded, the text and HTML bodies decoded, and the
invitation's METHOD, UID, SEQUENCE, STATUS, DTSTART and DTEND (with the UTC offset that
icalendar computes from the TZID, and in UTC).
"""
import datetime
import email
import email.policy
import json
import sys

import icalendar


def calendar_fields(part):
    calendar = icalendar.Calendar.from_ical(part.get_payload(decode=True))
    events = [c for c in calendar.walk() if c.name == "VEVENT"]
    event = events[0]

    def when(name):
        value = event.decoded(name)
        return value.isoformat(), value.astimezone(datetime.timezone.utc).isoformat()

    start, start_utc = when("DTSTART")
    end, end_utc = when("DTEND")
    return {
        "content_type_method": part.get_param("method"),
        "filename": part.get_filename(),
        "method": str(calendar.get("METHOD")),
        "events": len(events),
        "uid": str(event.get("UID")),
        "sequence": int(event.get("SEQUENCE")),
        "status": str(event.get("STATUS")),
        "summary": str(event.get("SUMMARY")),
        "location": str(event.get("LOCATION", "")),
        "organizer": str(event.get("ORGANIZER", "")),
        "attendee": str(event.get("ATTENDEE", "")),
        "tzid": event["DTSTART"].params.get("TZID", ""),
        "dtstart": start,
        "dtend": end,
        "dtstart_utc": start_utc,
        "dtend_utc": end_utc,
    }


def main():
    with open(sys.argv[1], "rb") as f:
        message = email.message_from_binary_file(f, policy=email.policy.default)
    out = {
        "envelope_from": message.get("X-Envelope-From", ""),
        "envelope_to": message.get("X-Envelope-To", ""),
        "from": str(message.get("From", "")),
        "to": str(message.get("To", "")),
        "subject": str(message.get("Subject", "")),
        "message_id": str(message.get("Message-ID", "")),
        "content_language": str(message.get("Content-Language", "")),
        "structure": [part.get_content_type() for part in message.walk()],
        "text": "",
        "html": "",
        "calendar": None,
    }
    for part in message.walk():
        kind = part.get_content_type()
        if kind == "text/plain":
            out["text"] = part.get_content()
        elif kind == "text/html":
            out["html"] = part.get_content()
        elif kind == "text/calendar":
            out["calendar"] = calendar_fields(part)
    print(json.dumps(out, ensure_ascii=False))


if __name__ == "__main__":
    main()
