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


def daily(base, weekend=0.35, growth=0.0008):
    """One value per day, newest first: a weekly rhythm, slow growth, noise."""
    values = []
    for back in range(DAYS):
        day = REFRESH - datetime.timedelta(days=back)
        level = base * (1 + growth * (DAYS - back))
        if day.weekday() >= 5:
            level *= weekend
        level *= 1 + 0.06 * math.sin(back / 9.0) + rng.uniform(-0.05, 0.05)
        values.append(max(0, round(level)))
    return values


def daily_report(name, columns, bases, lead=("Report Refresh Date", "Report Date", "Report Period"), tail=(),
                 weekend=0.35, cell=str):
    series = [daily(b, weekend) for b in bases]
    rows = []
    for back in range(DAYS):
        day = REFRESH - datetime.timedelta(days=back)
        counts = [cell(s[back]) for s in series]
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


# The count reports beyond the seed ones, in the column order of Graph's
# reference pages. Every daily report holds 180 days.
GRAPH_ORDER = {"lead": ("Report Refresh Date",), "tail": ("Report Date", "Report Period")}


def iso_duration(seconds):
    hours, rest = divmod(int(seconds), 3600)
    minutes, secs = divmod(rest, 60)
    return f"PT{hours}H{minutes}M{secs}S"


def site_type_report(name, site_types, columns, make_values):
    """One row per site type and day: Report Refresh Date, Site Type, values, Report Date, Report Period."""
    per_type = {site_type: make_values(site_type) for site_type in site_types}
    rows = []
    for back in range(DAYS):
        day = REFRESH - datetime.timedelta(days=back)
        for site_type in site_types:
            rows.append([REFRESH.isoformat(), site_type] + [series[back] for series in per_type[site_type]]
                        + [day.isoformat(), DAYS])
    write(name, ["Report Refresh Date", "Site Type"] + columns + ["Report Date", "Report Period"], rows)


def growing(start, per_day):
    """A slowly growing total, newest first."""
    return [round(start + per_day * (DAYS - back)) for back in range(DAYS)]


daily_report("getOffice365ActiveUserCounts",
             ["Office 365", "Exchange", "OneDrive", "SharePoint", "Skype For Business", "Yammer", "Teams"],
             [1900, 1850, 1150, 1020, 12, 90, 1700], weekend=0.3, **GRAPH_ORDER)
daily_report("getM365AppUserCounts", ["Outlook", "Word", "Excel", "PowerPoint", "OneNote", "Teams"],
             [1800, 950, 870, 420, 260, 1700], lead=("Report Refresh Date", "Report Period", "Report Date"))
daily_report("getTeamsUserActivityUserCounts",
             ["Team Chat Messages", "Private Chat Messages", "Calls", "Meetings", "Other Actions"],
             [1150, 1620, 640, 1380, 1700], lead=("Report Refresh Date", "Report Date"), tail=("Report Period",))
daily_report("getTeamsDeviceUsageUserCounts",
             ["Web", "Windows Phone", "Android Phone", "iOS", "Mac", "Windows", "Chrome OS", "Linux"],
             [210, 0, 380, 520, 160, 1350, 12, 25], **GRAPH_ORDER)
daily_report("getEmailActivityCounts", ["Send", "Receive", "Read", "Meeting Created", "Meeting Interacted"],
             [9800, 61000, 43000, 1400, 5200], **GRAPH_ORDER)
daily_report("getEmailActivityUserCounts", ["Send", "Receive", "Read", "Meeting Created", "Meeting Interacted"],
             [1650, 2300, 2050, 640, 1500], **GRAPH_ORDER)
daily_report("getEmailAppUsageUserCounts",
             ["Mail For Mac", "Outlook For Mac", "Outlook For Windows", "Outlook For Mobile", "Other For Mobile",
              "Outlook For Web", "POP3 App", "IMAP4 App", "SMTP App"],
             [45, 160, 1420, 880, 70, 620, 3, 11, 24], **GRAPH_ORDER)
daily_report("getOneDriveActivityUserCounts", ["Viewed Or Edited", "Synced", "Shared Internally", "Shared Externally"],
             [980, 420, 180, 45], **GRAPH_ORDER)
daily_report("getSharePointActivityUserCounts",
             ["Visited Page", "Viewed Or Edited", "Synced", "Shared Internally", "Shared Externally"],
             [880, 760, 240, 130, 28], **GRAPH_ORDER)
daily_report("getYammerActivityCounts", ["Liked", "Posted", "Read"], [120, 45, 900], **GRAPH_ORDER)

# Teams activities: counts, then durations as ISO 8601 strings (as Graph
# writes them), then meetings organized and attended.
teams_counts = [daily(b) for b in (5200, 640, 1900, 21000, 1300, 2100)]
durations = [daily(b) for b in (1_800_000, 900_000, 400_000)]
meetings = [daily(b) for b in (1500, 5600)]
rows = []
for back in range(DAYS):
    day = REFRESH - datetime.timedelta(days=back)
    rows.append([REFRESH.isoformat(), day.isoformat()] + [c[back] for c in teams_counts]
                + [iso_duration(d[back]) for d in durations] + [m[back] for m in meetings] + [DAYS])
write("getTeamsUserActivityCounts",
      ["Report Refresh Date", "Report Date", "Team Chat Messages", "Post Messages", "Reply Messages",
       "Private Chat Messages", "Calls", "Meetings", "Audio Duration", "Video Duration", "Screen Share Duration",
       "Meetings Organized", "Meetings Attended", "Report Period"], rows)

# Mailboxes: a growing total; active ones follow the working week less than people do.
mailboxes = growing(2440, 0.4)
active_mailboxes = daily(2150, weekend=0.85, growth=0.0002)
rows = []
for back in range(DAYS):
    day = REFRESH - datetime.timedelta(days=back)
    rows.append([REFRESH.isoformat(), mailboxes[back], min(mailboxes[back], active_mailboxes[back]), day.isoformat(), DAYS])
write("getMailboxUsageMailboxCounts", ["Report Refresh Date", "Total", "Active", "Report Date", "Report Period"], rows)
mailbox_bytes = growing(14.2e12, 21e9)
write("getMailboxUsageStorage", ["Report Refresh Date", "Storage Used (Byte)", "Report Date", "Report Period"],
      [[REFRESH.isoformat(), mailbox_bytes[back], (REFRESH - datetime.timedelta(days=back)).isoformat(), DAYS]
       for back in range(DAYS)])

# OneDrive and SharePoint: one row per site type and day.
site_type_report("getOneDriveUsageAccountCounts", ["OneDrive"], ["Total", "Active"],
                 lambda _: [growing(2450, 0.3), daily(910)])
site_type_report("getOneDriveUsageStorage", ["OneDrive"], ["Storage Used (Byte)"],
                 lambda _: [growing(29.5e12, 64e9)])
site_type_report("getSharePointSiteUsageSiteCounts", ["All"], ["Total", "Active"],
                 lambda _: [growing(612, 0.2), daily(305)])
site_type_report("getSharePointSiteUsageStorage", ["All"], ["Storage Used (Byte)"],
                 lambda _: [growing(8.1e12, 17e9)])

# The binary carries the CSV files compiled in: write the Swift source that holds them.
import subprocess
import sys
subprocess.run([sys.executable, str(pathlib.Path(__file__).resolve().parent / "embed-demo-data.py")], check=True)
