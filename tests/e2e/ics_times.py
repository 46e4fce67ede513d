"""Reads an iCalendar file the way a calendar application does (Debian's python3-icalendar, an
independent RFC 5545 parser) and prints each event's start and end as seen in Brussels and in
Taipei, as JSON: [{"uid", "summary", "brussels": [start, end], "taipei": [start, end]}]."""

import json
import sys
from zoneinfo import ZoneInfo

import icalendar

ZONES = {"brussels": ZoneInfo("Europe/Brussels"), "taipei": ZoneInfo("Asia/Taipei")}

with open(sys.argv[1], "rb") as f:
    calendar = icalendar.Calendar.from_ical(f.read())

events = []
for event in calendar.walk("VEVENT"):
    start, end = event.decoded("DTSTART"), event.decoded("DTEND")
    entry = {"uid": str(event["UID"]), "summary": str(event.get("SUMMARY", ""))}
    for name, zone in ZONES.items():
        entry[name] = [start.astimezone(zone).strftime("%Y-%m-%d %H:%M"), end.astimezone(zone).strftime("%Y-%m-%d %H:%M")]
    events.append(entry)
json.dump(events, sys.stdout, ensure_ascii=False)
