/// The entries of the built-in catalog: the five seed reports (names and
/// labels as SPEC.md fixes them) and the count reports of Microsoft Graph's
/// usage reports API. Column names are those of Graph's reference pages;
/// aliases are the names captured answers have used instead. Every report
/// is asked on `v1.0` in the global cloud and on `beta` in the national
/// clouds, where only `beta` is documented to serve it. Label values are
/// the column names in lower snake case.
enum BuiltInReports {
    /// The five reports the exporter started with.
    static let seedNames = [
        "getSkypeForBusinessParticipantActivityCounts",
        "getSkypeForBusinessOrganizerActivityCounts",
        "getSkypeForBusinessPeerToPeerActivityCounts",
        "getOffice365ServicesUserCounts",
        "getOffice365GroupsActivityGroupCounts",
    ]

    /// Fetched when no selection is given: the seed reports, the daily
    /// active users per service (the series with a daily history from the
    /// first backfill on, which the week-over-week panel and the
    /// M365ActiveUsersDrop alert compare), and the active users of Teams,
    /// email, OneDrive and SharePoint.
    static let defaultNames = seedNames + [
        "getOffice365ActiveUserCounts",
        "getTeamsUserActivityUserCounts",
        "getEmailActivityUserCounts",
        "getOneDriveActivityUserCounts",
        "getSharePointActivityUserCounts",
    ]

    static let all: [ReportDefinition] = [
        // Seed reports.
        daily("getSkypeForBusinessParticipantActivityCounts", .v1, metric(
            "skype_participant_sessions",
            "Skype for Business conference sessions joined as participant on the report day, by session type.",
            "type", [("IM", "im"), ("Audio/Video", "audio_video"), ("App Sharing", "app_sharing"),
                     ("Web", "web"), ("Dial-in/out 3rd Party", "dial_in_out_3rd_party")])),
        daily("getSkypeForBusinessOrganizerActivityCounts", .v1, metric(
            "skype_organizer_sessions",
            "Skype for Business conference sessions organized on the report day, by session type.",
            "type", [("IM", "im"), ("Audio/Video", "audio_video"), ("App Sharing", "app_sharing"),
                     ("Web", "web"), ("Dial-in/out 3rd Party", "dial_in_out_3rd_party"),
                     ("Dial-in/out Microsoft", "dial_in_out_microsoft")])),
        daily("getSkypeForBusinessPeerToPeerActivityCounts", .v1, metric(
            "skype_peer_to_peer_sessions",
            "Skype for Business peer-to-peer sessions on the report day, by session type.",
            "type", [("IM", "im"), ("Audio", "audio"), ("Video", "video"),
                     ("App Sharing", "app_sharing"), ("File Transfer", "file_transfer")])),
        office365ServicesUserCounts,
        daily("getOffice365GroupsActivityGroupCounts", .v1,
              single("o365_groups", "Microsoft 365 groups on the report day.", column: "Total"),
              single("o365_active_groups", "Microsoft 365 groups with activity on the report day.", column: "Active")),

        // Microsoft 365 active users and apps.
        daily("getOffice365ActiveUserCounts", .v1, metric(
            "o365_daily_active_users", "Users active in the service on the report day, by service.",
            "service", [("Office 365", "office_365"), ("Exchange", "exchange"), ("OneDrive", "onedrive"),
                        ("SharePoint", "sharepoint"), ("Skype For Business", "skype_for_business"),
                        ("Yammer", "yammer"), ("Teams", "teams")])),
        daily("getM365AppUserCounts", .v1, metric(
            "o365_app_users", "Users active in the Microsoft 365 app on the report day, by app.",
            "app", [("Outlook", "outlook"), ("Word", "word"), ("Excel", "excel"),
                    ("PowerPoint", "powerpoint"), ("OneNote", "onenote"), ("Teams", "teams")])),

        // Teams.
        daily("getTeamsUserActivityCounts", .v1,
              metric("teams_messages", "Teams messages on the report day, by kind.", "type", [
                  ("Team Chat Messages", "team_chat", ["Team Chat Message Count"]),
                  ("Post Messages", "post", ["Post Message Count"]),
                  ("Reply Messages", "reply", ["Reply Message Count"]),
                  ("Private Chat Messages", "private_chat", ["Private Chat Message Count"]),
              ]),
              single("teams_calls", "Teams calls on the report day.", column: "Calls", aliases: ["Call Count"]),
              single("teams_meetings", "Teams meetings on the report day.", column: "Meetings", aliases: ["Meeting Count"]),
              single("teams_meetings_organized", "Teams meetings organized on the report day.",
                     column: "Meetings Organized", aliases: ["Meetings Organized Count"]),
              single("teams_meetings_attended", "Teams meetings attended on the report day.",
                     column: "Meetings Attended", aliases: ["Meetings Attended Count"]),
              metric("teams_media_duration_seconds", "Time spent in Teams audio, video and screen sharing on the report day, in seconds.",
                     "type", [
                         ("Audio Duration", "audio", ["Audio Duration In Seconds"]),
                         ("Video Duration", "video", ["Video Duration In Seconds"]),
                         ("Screen Share Duration", "screen_share", ["Screen Share Duration In Seconds"]),
                     ], unit: .seconds)),
        daily("getTeamsUserActivityUserCounts", .v1, metric(
            "teams_active_users", "Users with Teams activity of the kind on the report day, by activity.",
            "activity", [("Team Chat Messages", "team_chat_messages"), ("Private Chat Messages", "private_chat_messages"),
                         ("Calls", "calls"), ("Meetings", "meetings"), ("Other Actions", "other_actions")])),
        daily("getTeamsDeviceUsageUserCounts", .v1, metric(
            "teams_device_users", "Users of Teams on the kind of device on the report day, by device.",
            "device", [("Web", "web"), ("Windows Phone", "windows_phone"), ("Android Phone", "android_phone"),
                       ("iOS", "ios"), ("Mac", "mac"), ("Windows", "windows"), ("Chrome OS", "chrome_os"),
                       ("Linux", "linux")])),

        // Exchange (email).
        daily("getEmailActivityCounts", .v1, metric(
            "exchange_email_activities", "Email actions on the report day, by activity.",
            "activity", emailActivities)),
        daily("getEmailActivityUserCounts", .v1, metric(
            "exchange_email_active_users", "Users who performed the email activity on the report day, by activity.",
            "activity", emailActivities)),
        daily("getEmailAppUsageUserCounts", .v1, metric(
            "exchange_email_app_users", "Users who read email with the app on the report day, by app.",
            "app", [("Mail For Mac", "mail_for_mac"), ("Outlook For Mac", "outlook_for_mac"),
                    ("Outlook For Windows", "outlook_for_windows"), ("Outlook For Mobile", "outlook_for_mobile"),
                    ("Other For Mobile", "other_for_mobile"), ("Outlook For Web", "outlook_for_web"),
                    ("POP3 App", "pop3_app"), ("IMAP4 App", "imap4_app"), ("SMTP App", "smtp_app")])),
        daily("getMailboxUsageMailboxCounts", .v1,
              single("exchange_mailboxes", "Mailboxes on the report day.", column: "Total"),
              single("exchange_active_mailboxes", "Mailboxes with activity on the report day.", column: "Active")),
        daily("getMailboxUsageStorage", .v1,
              single("exchange_mailbox_storage_used_bytes", "Storage used by all mailboxes on the report day, in bytes.",
                     column: "Storage Used (Byte)", unit: .bytes)),

        // OneDrive.
        daily("getOneDriveActivityUserCounts", .v1, metric(
            "onedrive_active_users", "Users who performed the OneDrive file activity on the report day, by activity.",
            "activity", fileActivities)),
        daily("getOneDriveUsageAccountCounts", .v1, labelColumns: [siteType],
              single("onedrive_accounts", "OneDrive accounts on the report day, by site type.", column: "Total"),
              single("onedrive_active_accounts", "OneDrive accounts with file activity on the report day, by site type.",
                     column: "Active")),
        daily("getOneDriveUsageStorage", .v1, labelColumns: [siteType],
              single("onedrive_storage_used_bytes", "Storage used by OneDrive accounts on the report day, in bytes, by site type.",
                     column: "Storage Used (Byte)", unit: .bytes)),

        // SharePoint.
        daily("getSharePointActivityUserCounts", .v1, metric(
            "sharepoint_active_users", "Users who performed the SharePoint activity on the report day, by activity.",
            "activity", [("Visited Page", "visited_page")] + fileActivities)),
        daily("getSharePointSiteUsageSiteCounts", .v1, labelColumns: [siteType],
              single("sharepoint_sites", "SharePoint sites on the report day, by site type.", column: "Total"),
              single("sharepoint_active_sites", "SharePoint sites with activity on the report day, by site type.",
                     column: "Active")),
        daily("getSharePointSiteUsageStorage", .v1, labelColumns: [siteType],
              single("sharepoint_storage_used_bytes", "Storage used by SharePoint sites on the report day, in bytes, by site type.",
                     column: "Storage Used (Byte)", unit: .bytes)),

        // Yammer (Viva Engage).
        daily("getYammerActivityCounts", .v1, metric(
            "yammer_activities", "Yammer messages liked, posted and read on the report day, by activity.",
            "activity", [("Liked", "liked"), ("Posted", "posted"), ("Read", "read")])),
    ]

    private static let emailActivities: [(String, String)] = [
        ("Send", "send"), ("Receive", "receive"), ("Read", "read"),
        ("Meeting Created", "meeting_created"), ("Meeting Interacted", "meeting_interacted"),
    ]

    private static let fileActivities: [(String, String)] = [
        ("Viewed Or Edited", "viewed_or_edited"), ("Synced", "synced"),
        ("Shared Internally", "shared_internally"), ("Shared Externally", "shared_externally"),
    ]

    private static let siteType = LabelColumn(column: "Site Type", label: "site_type")

    /// getOffice365ServicesUserCounts: one aggregate row per period, an
    /// Active and an Inactive column per service.
    private static let office365ServicesUserCounts: ReportDefinition = {
        let services: [(column: String, label: String)] = [
            ("Exchange", "exchange"), ("OneDrive", "onedrive"), ("SharePoint", "sharepoint"),
            ("Skype For Business", "skype_for_business"), ("Yammer", "yammer"),
            ("Teams", "teams"), ("Office 365", "office_365"),
        ]
        var columns: [ColumnMapping] = []
        for service in services {
            columns.append(ColumnMapping(
                column: "\(service.column) Active", metric: "o365_active_users",
                labels: [Label("service", service.label)]))
            columns.append(ColumnMapping(
                column: "\(service.column) Inactive", metric: "o365_inactive_users",
                labels: [Label("service", service.label)]))
        }
        return ReportDefinition(
            function: "getOffice365ServicesUserCounts",
            apiVersion: .v1,
            dayColumn: .reportRefreshDate,
            labelsPeriod: true,
            metrics: [
                .init(name: "o365_active_users",
                      help: "Users with activity in the service during the report period, by period and service."),
                .init(name: "o365_inactive_users",
                      help: "Licensed users without activity in the service during the report period, by period and service."),
            ],
            columns: columns,
            clouds: clouds(of: .v1)
        )
    }()

    // MARK: Shorthands that keep each entry to its data

    /// One metric family and the columns feeding it.
    private struct Family {
        let descriptor: MetricDescriptor
        let columns: [ColumnMapping]
    }

    /// A report with one row per Report Date (and per label column value).
    private static func daily(
        _ function: String, _ version: GraphAPIVersion, labelColumns: [LabelColumn] = [], _ families: Family...
    ) -> ReportDefinition {
        ReportDefinition(
            function: function, apiVersion: version, dayColumn: .reportDate,
            metrics: families.map(\.descriptor), labelColumns: labelColumns,
            columns: families.flatMap(\.columns), clouds: clouds(of: version))
    }

    /// The usage reports' `v1.0` reference pages list the global cloud
    /// only; their `beta` pages list every cloud (checked against
    /// microsoft-graph-docs-contrib, `api-reference/{v1.0,beta}/api/reportroot-*.md`).
    private static func clouds(of version: GraphAPIVersion) -> CloudVersions {
        version == .v1 ? .v1GlobalBetaNational : .everywhere(version)
    }

    /// A metric whose columns are told apart by one label.
    private static func metric(
        _ name: String, _ help: String, _ label: String, _ columns: [(column: String, value: String)], unit: ValueUnit = .count
    ) -> Family {
        metric(name, help, label, columns.map { ($0.column, $0.value, []) }, unit: unit)
    }

    /// A metric whose columns are told apart by one label, with aliases.
    private static func metric(
        _ name: String, _ help: String, _ label: String,
        _ columns: [(column: String, value: String, aliases: [String])], unit: ValueUnit = .count
    ) -> Family {
        Family(
            descriptor: MetricDescriptor(name: name, help: help),
            columns: columns.map {
                ColumnMapping(column: $0.column, aliases: $0.aliases, metric: name, labels: [Label(label, $0.value)], unit: unit)
            })
    }

    /// A metric fed by a single column.
    private static func single(
        _ name: String, _ help: String, column: String, aliases: [String] = [], unit: ValueUnit = .count
    ) -> Family {
        Family(
            descriptor: MetricDescriptor(name: name, help: help),
            columns: [ColumnMapping(column: column, aliases: aliases, metric: name, unit: unit)])
    }
}
