#!/usr/bin/env python3
"""Writes the demo data of the fictional tenant `contoso` in Graph's own CSV
format (UTF-8 byte order mark, CRLF, header by name) into
Sources/M365Exporter/DemoData. The output is deterministic; run it again only
to change the sample data, and commit the result."""
import datetime
import math
import pathlib
import random

OUT = pathlib.Path(__file__).resolve().parent.parent / "Sources" / "M365Exporter" / "DemoData"
REFRESH = datetime.date(2026, 11, 20)
DAYS = 180
rng = random.Random(365)


def write(name, header, rows):
    lines = [",".join(header)] + [",".join(str(c) for c in row) for row in rows]
    (OUT / f"{name}.csv").write_bytes(b"\xef\xbb\xbf" + ("\r\n".join(lines) + "\r\n").encode())


def daily(base, weekend=0.35):
    """One value per day, newest first: a weekly rhythm, slow growth, noise."""
    values = []
    for back in range(DAYS):
        day = REFRESH - datetime.timedelta(days=back)
        level = base * (1 + 0.0008 * (DAYS - back))
        if day.weekday() >= 5:
            level *= weekend
        level *= 1 + 0.06 * math.sin(back / 9.0) + rng.uniform(-0.05, 0.05)
        values.append(max(0, round(level)))
    return values


def daily_report(name, columns, bases, lead=("Report Refresh Date", "Report Date", "Report Period"), tail=()):
    series = [daily(b) for b in bases]
    rows = []
    for back in range(DAYS):
        day = REFRESH - datetime.timedelta(days=back)
        counts = [s[back] for s in series]
        fields = {"Report Refresh Date": REFRESH.isoformat(), "Report Date": day.isoformat(), "Report Period": DAYS}
        rows.append([fields[c] for c in lead] + counts + [fields[c] for c in tail])
    write(name, list(lead) + columns + list(tail), rows)


OUT.mkdir(parents=True, exist_ok=True)
daily_report("getSkypeForBusinessParticipantActivityCounts",
             ["IM", "Audio/Video", "App Sharing", "Web", "Dial-in/out 3rd Party"], [42, 31, 12, 7, 3])
daily_report("getSkypeForBusinessOrganizerActivityCounts",
             ["IM", "Audio/Video", "App Sharing", "Web", "Dial-in/out 3rd Party", "Dial-in/out Microsoft"],
             [18, 14, 6, 3, 1, 2])
daily_report("getSkypeForBusinessPeerToPeerActivityCounts",
             ["IM", "Audio", "Video", "App Sharing", "File Transfer"], [96, 22, 9, 5, 4])
# Groups: a slowly growing total, active groups following the working week.
total = [round(412 + 0.15 * (DAYS - back)) for back in range(DAYS)]
active = daily(231)
rows = []
for back in range(DAYS):
    day = REFRESH - datetime.timedelta(days=back)
    rows.append([REFRESH.isoformat(), total[back], min(active[back], total[back]), day.isoformat(), DAYS])
write("getOffice365GroupsActivityGroupCounts", ["Report Refresh Date", "Total", "Active", "Report Date", "Report Period"], rows)

# Services user counts: one aggregate row per period.
services = [("Exchange", 2210), ("OneDrive", 1630), ("SharePoint", 1490), ("Skype For Business", 35),
            ("Yammer", 240), ("Teams", 1960), ("Office 365", 2290)]
licensed = 2480
for period, share in [(7, 1.0), (30, 1.06), (90, 1.09), (180, 1.11)]:
    header = ["Report Refresh Date"]
    row = [REFRESH.isoformat()]
    for service, active7 in services:
        active_users = min(licensed, round(active7 * share))
        header += [f"{service} Active", f"{service} Inactive"]
        row += [active_users, licensed - active_users]
    header.append("Report Period")
    row.append(period)
    write(f"getOffice365ServicesUserCounts-D{period}", header, [row])
