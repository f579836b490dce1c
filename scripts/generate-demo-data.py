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


# The remaining count reports, Copilot first. Aggregates over a period come
# one file per period (-D7 … -D180), each one row, as Graph answers them.
def aggregate_report(name, columns, bases):
    for period, share in [(7, 1.0), (30, 1.25), (90, 1.4), (180, 1.5)]:
        row = [REFRESH.isoformat()] + [round(b * share) for b in bases] + [period]
        write(f"{name}-D{period}", ["Report Refresh Date"] + columns + ["Report Period"], [row])


COPILOT_APPS = ["Microsoft Teams", "Word", "PowerPoint", "Outlook", "Excel", "OneNote", "Loop", "Any App",
                "Copilot Chat", "Edge", "Microsoft 365 Copilot", "Copilot Chat (work)", "Copilot Chat (web)"]
# Users with a Copilot licence, and the share of them active in each app over 7 days.
COPILOT_SEATS = 250
COPILOT_SHARE = [0.48, 0.31, 0.14, 0.36, 0.12, 0.05, 0.03, 0.62, 0.44, 0.08, 0.58, 0.41, 0.10]

# Summary, version 2, asked for every period at once: one row per period.
header = ["Report Refresh Date", "Report Period"]
for app in COPILOT_APPS:
    header += [f"{app} Enabled Users", f"{app} Active Users"]
header += ["Total prompts submitted", "Average prompts submitted"]
rows = []
for period, widen in [(7, 1.0), (28, 1.22), (90, 1.3), (180, 1.34)]:
    row = [REFRESH.isoformat(), period]
    for share in COPILOT_SHARE:
        row += [COPILOT_SEATS, min(COPILOT_SEATS, round(COPILOT_SEATS * share * widen))]
    any_active = min(COPILOT_SEATS, round(COPILOT_SEATS * COPILOT_SHARE[7] * widen))
    prompts = round(any_active * 21 * period / 7)
    rows.append(row + [prompts, round(prompts / any_active, 1)])
write("getMicrosoft365CopilotUserCountSummary", header, rows)

# Trend, version 2: enabled users grow as seats are bought, activity follows the week.
header = ["Report Refresh Date", "Report Date"]
for app in COPILOT_APPS:
    header += [f"{app} Enabled Users", f"{app} Active Users"]
header += ["Prompts submitted", "Report Period"]
seats = [min(COPILOT_SEATS, round(150 + 100 * (DAYS - back) / DAYS)) for back in range(DAYS)]
active_series = [daily(COPILOT_SEATS * share * 0.5, weekend=0.2) for share in COPILOT_SHARE]
rows = []
for back in range(DAYS):
    day = REFRESH - datetime.timedelta(days=back)
    row = [REFRESH.isoformat(), day.isoformat()]
    for series in active_series:
        row += [seats[back], min(seats[back], series[back])]
    rows.append(row + [active_series[7][back] * 9, DAYS])
write("getMicrosoft365CopilotUserCountTrend", header, rows)

# Activations: no parameters, one row per product type, no Report Date.
PRODUCTS = [("Microsoft 365 Apps for enterprise", 2300), ("Project Plan 3", 85), ("Visio Plan 2", 40)]
write("getOffice365ActivationCounts",
      ["Report Refresh Date", "Product Type", "Windows", "Mac", "Android", "iOS", "Windows 10 Mobile"],
      [[REFRESH.isoformat(), f'"{name}"', round(n * 0.9), round(n * 0.12), round(n * 0.3), round(n * 0.45), 0]
       for name, n in PRODUCTS])
write("getOffice365ActivationsUserCounts",
      ["Report Refresh Date", "Product Type", "Assigned", "Activated", "Shared Computer Activation"],
      [[REFRESH.isoformat(), f'"{name}"', n, round(n * 0.93), round(n * 0.02)] for name, n in PRODUCTS])

daily_report("getM365AppPlatformUserCounts", ["Windows", "Mac", "Mobile", "Web"], [1500, 170, 980, 700],
             lead=("Report Refresh Date", "Report Period", "Report Date"))
daily_report("getOffice365GroupsActivityCounts",
             ["Exchange Emails Received", "Yammer Messages Posted", "Yammer Messages Read", "Yammer Messages Liked"],
             [3100, 20, 380, 45], **GRAPH_ORDER)
files_total = growing(182000, 95)
files_active = daily(9400)
write("getOffice365GroupsActivityFileCounts", ["Report Refresh Date", "Total", "Active", "Report Date", "Report Period"],
      [[REFRESH.isoformat(), files_total[back], files_active[back], (REFRESH - datetime.timedelta(days=back)).isoformat(),
        DAYS] for back in range(DAYS)])
group_mailbox = growing(1.9e12, 2.4e9)
group_site = growing(4.4e12, 7.5e9)
write("getOffice365GroupsActivityStorage",
      ["Report Refresh Date", "Mailbox Storage Used (Byte)", "Site Storage Used (Byte)", "Report Date", "Report Period"],
      [[REFRESH.isoformat(), group_mailbox[back], group_site[back], (REFRESH - datetime.timedelta(days=back)).isoformat(),
        DAYS] for back in range(DAYS)])
daily_report("getBrowserUserCounts", ["Edge", "Edge Legacy", "Internet Explorer"], [1450, 0, 4],
             lead=("Report Refresh Date", "Report Date"), tail=("Report Period",))
aggregate_report("getBrowserDistributionUserCounts", ["Edge", "Edge Legacy", "Internet Explorer"], [1950, 0, 9])


def forms_json(name, array, fields, bases):
    """Forms as Graph's JSON: one object per day under value[].<array>[]."""
    import json
    series = [daily(b) for b in bases]
    days = [{"reportDate": (REFRESH - datetime.timedelta(days=back)).isoformat(),
             **{field: s[back] for field, s in zip(fields, series)}} for back in range(DAYS)]
    document = {"value": [{"reportRefreshDate": REFRESH.isoformat(), "reportPeriod": DAYS, array: days}]}
    (OUT / f"{name}.json").write_text(json.dumps(document, indent=2) + "\n")


forms_json("getFormsUserActivityCounts", "formsUsageActivityCountsByDate",
           ["forms", "authenticatedResponses", "anonymousResponses"], [14, 260, 35])
forms_json("getFormsUserActivityUserCounts", "formsUsageUserCountsByDate",
           ["designers", "respondents", "totalUsers"], [11, 240, 248])

TEAMS_DEVICES = ["Web", "Windows Phone", "Android Phone", "iOS", "Mac", "Windows", "Chrome OS", "Linux"]
TEAMS_DEVICE_BASES = [210, 0, 380, 520, 160, 1350, 12, 25]
aggregate_report("getTeamsDeviceUsageDistributionUserCounts", TEAMS_DEVICES, [b * 2 for b in TEAMS_DEVICE_BASES])
daily_report("getTeamsDeviceUsageTotalUserCounts", TEAMS_DEVICES, [round(b * 1.04) for b in TEAMS_DEVICE_BASES],
             **GRAPH_ORDER)
aggregate_report("getTeamsDeviceUsageDistributionTotalUserCounts", TEAMS_DEVICES,
                 [round(b * 2.1) for b in TEAMS_DEVICE_BASES])
TEAM_ACTIVITIES = ["Active Users", "Active Channels", "Guests", "Reactions", "Meetings Organized", "Post Messages",
                   "Channel Messages", "Active Shared Channels", "Active External Users", "Reply Messages",
                   "Urgent Messages", "Mentions"]
TEAM_BASES = [1420, 310, 45, 2600, 380, 900, 4100, 12, 60, 1700, 8, 650]
daily_report("getTeamsTeamActivityCounts", TEAM_ACTIVITIES, TEAM_BASES, **GRAPH_ORDER)
aggregate_report("getTeamsTeamActivityDistributionCounts", TEAM_ACTIVITIES, [b * 5 for b in TEAM_BASES])
teams_public = growing(140, 0.05)
teams_private = growing(95, 0.04)
teams_active = [daily(90), daily(70)]
write("getTeamsTeamCounts",
      ["Report Refresh Date", "Report Date", "Public Teams", "Active Public Teams", "Private Teams",
       "Active Private Teams", "Report Period"],
      [[REFRESH.isoformat(), (REFRESH - datetime.timedelta(days=back)).isoformat(), teams_public[back],
        min(teams_public[back], teams_active[0][back]), teams_private[back],
        min(teams_private[back], teams_active[1][back]), DAYS] for back in range(DAYS)])
TEAMS_ACTIVITY_COUNTS = ["Team Chat Messages", "Private Chat Messages", "Calls", "Meetings", "Meetings Organized",
                         "Meetings Attended", "Post Messages", "Reply Messages"]
TEAMS_ACTIVITY_BASES = [5400, 22000, 1350, 2200, 1550, 5800, 680, 1950]
total_counts = [daily(b) for b in TEAMS_ACTIVITY_BASES]
total_durations = [daily(b) for b in (1_850_000, 920_000, 410_000)]
write("getTeamsUserActivityTotalCounts",
      ["Report Refresh Date", "Report Date"] + TEAMS_ACTIVITY_COUNTS
      + ["Audio Duration", "Video Duration", "Screen Share Duration", "Report Period"],
      [[REFRESH.isoformat(), (REFRESH - datetime.timedelta(days=back)).isoformat()] + [c[back] for c in total_counts]
       + [iso_duration(d[back]) for d in total_durations] + [DAYS] for back in range(DAYS)])
daily_report("getTeamsUserActivityTotalUserCounts",
             ["Team Chat Messages", "Private Chat Messages", "Calls", "Meetings", "Other Actions"],
             [1190, 1680, 660, 1420, 1760], lead=("Report Refresh Date", "Report Date"), tail=("Report Period",))
TEAMS_USER_ACTIVITIES = ["Team Chat Messages", "Private Chat Messages", "Calls", "Meetings"]
aggregate_report("getTeamsUserActivityDistributionUserCounts", TEAMS_USER_ACTIVITIES, [1600, 2050, 1100, 1850])
aggregate_report("getTeamsUserActivityDistributionTotalUserCounts", TEAMS_USER_ACTIVITIES, [1660, 2120, 1150, 1910])
for period, share in [(7, 1.0), (30, 4.2), (90, 12.5), (180, 25.0)]:
    write(f"getTeamsUserActivityTotalDistributionCounts-D{period}",
          ["Report Refresh Date"] + TEAMS_ACTIVITY_COUNTS
          + ["Audio Duration", "Video Duration", "Screen Share Duration", "Report Period"],
          [[REFRESH.isoformat()] + [round(b * 5 * share) for b in TEAMS_ACTIVITY_BASES]
           + [iso_duration(s * 5 * share) for s in (1_850_000, 920_000, 410_000)] + [period]])

EMAIL_APPS = ["Mail For Mac", "Outlook For Mac", "Outlook For Windows", "Outlook For Mobile", "Other For Mobile",
              "Outlook For Web", "POP3 App", "IMAP4 App", "SMTP App"]
aggregate_report("getEmailAppUsageAppsUserCounts", EMAIL_APPS, [60, 190, 1680, 1090, 95, 840, 4, 15, 31])
aggregate_report("getEmailAppUsageVersionsUserCounts",
                 ["Outlook 2016", "Outlook 2013", "Outlook 2010", "Outlook 2007", "Undetermined", "Outlook M365",
                  "Outlook 2019"], [140, 12, 2, 0, 35, 1480, 95])
quota_under = growing(2400, 0.38)
write("getMailboxUsageQuotaStatusMailboxCounts",
      ["Report Refresh Date", "Under Limit", "Warning Issued", "Send Prohibited", "Send/Receive Prohibited",
       "Indeterminate", "Report Date", "Report Period"],
      [[REFRESH.isoformat(), quota_under[back], 14 + back % 3, 2, 1 if back % 11 == 0 else 0, 0,
        (REFRESH - datetime.timedelta(days=back)).isoformat(), DAYS] for back in range(DAYS)])

FILE_ACTIVITIES = ["Viewed Or Edited", "Synced", "Shared Internally", "Shared Externally"]
daily_report("getOneDriveActivityFileCounts", FILE_ACTIVITIES, [5200, 14500, 640, 120], **GRAPH_ORDER)
site_type_report("getOneDriveUsageFileCounts", ["OneDrive"], ["Total", "Active"],
                 lambda _: [growing(1_420_000, 650), daily(21000)])
daily_report("getSharePointActivityFileCounts", FILE_ACTIVITIES, [6100, 9800, 510, 70], **GRAPH_ORDER)
daily_report("getSharePointActivityPages", ["Visited Page Count"], [8200], **GRAPH_ORDER)
site_type_report("getSharePointSiteUsageFileCounts", ["All"], ["Total", "Active"],
                 lambda _: [growing(960_000, 420), daily(15500)])
site_type_report("getSharePointSiteUsagePages", ["All"], ["Page View Count"], lambda _: [daily(11400)])

YAMMER_DEVICES = ["Web", "Windows Phone", "Android Phone", "iPhone", "iPad", "Other"]
daily_report("getYammerActivityUserCounts", ["Liked", "Posted", "Read"], [60, 28, 210], **GRAPH_ORDER)
daily_report("getYammerDeviceUsageUserCounts", YAMMER_DEVICES, [150, 0, 22, 35, 4, 3], **GRAPH_ORDER)
aggregate_report("getYammerDeviceUsageDistributionUserCounts", YAMMER_DEVICES, [200, 0, 31, 48, 6, 4])
daily_report("getYammerGroupsActivityCounts", ["Liked", "Posted", "Read"], [75, 30, 640], **GRAPH_ORDER)
yammer_groups = growing(58, 0.02)
yammer_active = daily(21)
write("getYammerGroupsActivityGroupCounts", ["Report Refresh Date", "Total", "Active", "Report Date", "Report Period"],
      [[REFRESH.isoformat(), yammer_groups[back], min(yammer_groups[back], yammer_active[back]),
        (REFRESH - datetime.timedelta(days=back)).isoformat(), DAYS] for back in range(DAYS)])

SKYPE_DEVICES = ["Windows", "Windows Phone", "Android Phone", "iPhone", "iPad"]
daily_report("getSkypeForBusinessActivityCounts", ["Peer-to-peer", "Organized", "Participated"], [130, 45, 90],
             **GRAPH_ORDER)
daily_report("getSkypeForBusinessActivityUserCounts", ["Peer-to-peer", "Organized", "Participated"], [28, 11, 24],
             **GRAPH_ORDER)
daily_report("getSkypeForBusinessDeviceUsageUserCounts", SKYPE_DEVICES, [26, 0, 3, 5, 1], **GRAPH_ORDER)
aggregate_report("getSkypeForBusinessDeviceUsageDistributionUserCounts", SKYPE_DEVICES, [33, 0, 4, 7, 1])
daily_report("getSkypeForBusinessOrganizerActivityUserCounts",
             ["IM", "Audio/Video", "App Sharing", "Web", "Dial-in/out 3rd Party", "Dial-in/out Microsoft"],
             [8, 7, 3, 2, 1, 1], lead=("Report Refresh Date", "Report Date"), tail=("Report Period",))
daily_report("getSkypeForBusinessParticipantActivityUserCounts",
             ["IM", "Audio/Video", "App Sharing", "Web", "Dial-in/out 3rd Party"], [19, 14, 6, 4, 2],
             lead=("Report Refresh Date", "Report Date"), tail=("Report Period",))
daily_report("getSkypeForBusinessPeerToPeerActivityUserCounts", ["IM", "Audio", "Video", "App Sharing", "File Transfer"],
             [31, 9, 4, 3, 2], lead=("Report Refresh Date", "Report Date"), tail=("Report Period",))
daily_report("getSkypeForBusinessOrganizerActivityMinuteCounts",
             ["Audio/Video", "Dial-in Microsoft", "Dial-out Microsoft"], [640, 45, 12],
             lead=("Report Refresh Date", "Report Date"), tail=("Report Period",))
daily_report("getSkypeForBusinessParticipantActivityMinuteCounts", ["Audio/Video"], [1250],
             lead=("Report Refresh Date", "Report Date"), tail=("Report Period",))
daily_report("getSkypeForBusinessPeerToPeerActivityMinuteCounts", ["Audio", "Video"], [820, 260],
             lead=("Report Refresh Date", "Report Date"), tail=("Report Period",))

# The binary carries the CSV files compiled in: write the Swift source that holds them.
import subprocess
import sys
subprocess.run([sys.executable, str(pathlib.Path(__file__).resolve().parent / "embed-demo-data.py")], check=True)
