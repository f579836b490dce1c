/// The entries of the built-in catalog: the five seed reports (names and
/// labels as SPEC.md fixes them) and the count reports of Microsoft Graph's
/// usage reports API. Column names are those of Graph's reference pages;
/// aliases are the names captured answers have used instead. Every report
/// is asked on `v1.0` in the global cloud and on `beta` in the national
/// clouds, where only `beta` is documented to serve it; beta-only reports on
/// `beta` everywhere; the Copilot reports, documented for the global cloud
/// only, nowhere else. Label values are
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
    /// M365ActiveUsersDrop alert compare), the active users of Teams,
    /// email, OneDrive and SharePoint, and the Copilot seats used per app.
    /// Eleven requests per tenant and refresh (the Copilot summary asks for
    /// every period at once), so that a thousand tenants stay within
    /// Graph's throttling limits at an hourly refresh; the rest is one
    /// `--reports` away.
    static let defaultNames = seedNames + [
        "getOffice365ActiveUserCounts",
        "getTeamsUserActivityUserCounts",
        "getEmailActivityUserCounts",
        "getOneDriveActivityUserCounts",
        "getSharePointActivityUserCounts",
        "getMicrosoft365CopilotUserCountSummary",
    ]

    static let all: [ReportDefinition] = seed + office + copilot + teams + exchange + onedrive + sharepoint + yammer + skype

    private static let seed: [ReportDefinition] = [
        daily("getSkypeForBusinessParticipantActivityCounts", .v1, .skype, metric(
            "skype_participant_sessions",
            "Skype for Business conference sessions joined as participant on the report day, by session type.",
            "type", participantTypes)),
        daily("getSkypeForBusinessOrganizerActivityCounts", .v1, .skype, metric(
            "skype_organizer_sessions",
            "Skype for Business conference sessions organized on the report day, by session type.",
            "type", organizerTypes)),
        daily("getSkypeForBusinessPeerToPeerActivityCounts", .v1, .skype, metric(
            "skype_peer_to_peer_sessions",
            "Skype for Business peer-to-peer sessions on the report day, by session type.",
            "type", peerToPeerTypes)),
        office365ServicesUserCounts,
        daily("getOffice365GroupsActivityGroupCounts", .v1, .office,
              single("o365_groups", "Microsoft 365 groups on the report day.", column: "Total"),
              single("o365_active_groups", "Microsoft 365 groups with activity on the report day.", column: "Active")),
    ]

    // MARK: Microsoft 365 as a whole

    private static let office: [ReportDefinition] = [
        daily("getOffice365ActiveUserCounts", .v1, .office, metric(
            "o365_daily_active_users", "Users active in the service on the report day, by service.",
            "service", [("Office 365", "office_365"), ("Exchange", "exchange"), ("OneDrive", "onedrive"),
                        ("SharePoint", "sharepoint"), ("Skype For Business", "skype_for_business"),
                        ("Yammer", "yammer"), ("Teams", "teams")])),
        daily("getM365AppUserCounts", .v1, .office, metric(
            "o365_app_users", "Users active in the Microsoft 365 app on the report day, by app.",
            "app", [("Outlook", "outlook"), ("Word", "word"), ("Excel", "excel"),
                    ("PowerPoint", "powerpoint"), ("OneNote", "onenote"), ("Teams", "teams")])),
        daily("getM365AppPlatformUserCounts", .v1, .office, metric(
            "o365_app_platform_users", "Users active in the Microsoft 365 apps on the platform on the report day, by platform.",
            "platform", [("Windows", "windows"), ("Mac", "mac"), ("Mobile", "mobile"), ("Web", "web")])),
        // No parameters and no Report Date: the state when Graph last refreshed it.
        ReportDefinition(
            function: "getOffice365ActivationCounts", apiVersion: .v1, dayColumn: .reportRefreshDate,
            metrics: [.init(name: "o365_activations",
                            help: "Microsoft 365 app activations, by product type and platform.")],
            labelColumns: [productType],
            columns: [("Windows", "windows"), ("Mac", "mac"), ("Android", "android"), ("iOS", "ios"),
                      ("Windows 10 Mobile", "windows_10_mobile")].map {
                ColumnMapping(column: $0.0, metric: "o365_activations", labels: [Label("platform", $0.1)])
            },
            clouds: clouds(of: .v1), request: ReportRequest(parameter: .none), group: .office,
            documentation: page("getOffice365ActivationCounts", .v1)),
        ReportDefinition(
            function: "getOffice365ActivationsUserCounts", apiVersion: .v1, dayColumn: .reportRefreshDate,
            metrics: [
                .init(name: "o365_activation_assigned_users", help: "Users assigned the product, by product type."),
                .init(name: "o365_activation_activated_users",
                      help: "Users who activated the product on at least one device, by product type."),
                .init(name: "o365_activation_shared_computer_users",
                      help: "Users of the product through shared computer activation, by product type."),
            ],
            labelColumns: [productType],
            columns: [
                ColumnMapping(column: "Assigned", metric: "o365_activation_assigned_users"),
                ColumnMapping(column: "Activated", metric: "o365_activation_activated_users"),
                ColumnMapping(column: "Shared Computer Activation", metric: "o365_activation_shared_computer_users"),
            ],
            clouds: clouds(of: .v1), request: ReportRequest(parameter: .none), group: .office,
            documentation: page("getOffice365ActivationsUserCounts", .v1)),
        daily("getOffice365GroupsActivityCounts", .v1, .office, metric(
            "o365_groups_activities", "Activities in Microsoft 365 groups on the report day, by activity.",
            "activity", [("Exchange Emails Received", "exchange_emails_received"),
                         ("Yammer Messages Posted", "yammer_messages_posted"),
                         ("Yammer Messages Read", "yammer_messages_read"),
                         ("Yammer Messages Liked", "yammer_messages_liked")])),
        daily("getOffice365GroupsActivityFileCounts", .v1, .office,
              single("o365_groups_files", "Files in the sites of Microsoft 365 groups on the report day.", column: "Total"),
              single("o365_groups_active_files", "Files with activity in the sites of Microsoft 365 groups on the report day.",
                     column: "Active")),
        daily("getOffice365GroupsActivityStorage", .v1, .office, metric(
            "o365_groups_storage_used_bytes", "Storage used by Microsoft 365 groups on the report day, in bytes, by store.",
            "store", [("Mailbox Storage Used (Byte)", "mailbox"), ("Site Storage Used (Byte)", "site")], unit: .bytes)),
        // JSON rather than CSV: its JSON answer has one row per day, its CSV only the period's total.
        daily("getFormsUserActivityCounts", .beta, .office, answer: .json(path: ["value", "formsUsageActivityCountsByDate"]),
              metric("o365_forms_activities", "Microsoft Forms activity on the report day, by activity.", "activity", [
                  ("Forms", "forms_created", []),
                  ("Authenticated responses", "authenticated_responses", ["Authenticated in responses"]),
                  ("Anonymous responses", "anonymous_responses", []),
              ])),
        daily("getFormsUserActivityUserCounts", .beta, .office, answer: .json(path: ["value", "formsUsageUserCountsByDate"]),
              metric("o365_forms_users", "Users of Microsoft Forms on the report day, by role.", "role", [
                  ("Designers", "designers", []), ("Respondents", "respondents", []), ("Total Users", "any", []),
              ])),
        daily("getBrowserUserCounts", .beta, .office, metric(
            "o365_browser_users", "Users of Microsoft 365 in the browser on the report day, by browser.",
            "browser", browsers)),
        aggregate("getBrowserDistributionUserCounts", .beta, .office, metric(
            "o365_browser_distribution_users", "Users of Microsoft 365 in the browser during the report period, by period and browser.",
            "browser", browsers)),
    ]

    // MARK: Microsoft 365 Copilot

    /// Global cloud only; only users with a Copilot licence are counted.
    /// Version 2 adds Edge, Microsoft 365 Copilot, Copilot Chat (work and
    /// web) and the prompts submitted; a tenant that Graph serves only
    /// version 1 is asked without `version` and has no series of those.
    private static let copilot: [ReportDefinition] = {
        let apps: [(column: String, value: String, versionTwo: Bool)] = [
            ("Microsoft Teams", "microsoft_teams", false), ("Word", "word", false), ("PowerPoint", "powerpoint", false),
            ("Outlook", "outlook", false), ("Excel", "excel", false), ("OneNote", "onenote", false), ("Loop", "loop", false),
            ("Any App", "any_app", false), ("Copilot Chat", "copilot_chat", false),
            ("Edge", "edge", true), ("Microsoft 365 Copilot", "microsoft_365_copilot", true),
            ("Copilot Chat (work)", "copilot_chat_work", true), ("Copilot Chat (web)", "copilot_chat_web", true),
        ]
        func pairs(enabled: String, active: String) -> [ColumnMapping] {
            apps.flatMap { app in [
                ColumnMapping(column: "\(app.column) Enabled Users", metric: enabled, labels: [Label("app", app.value)],
                              optional: app.versionTwo),
                ColumnMapping(column: "\(app.column) Active Users", metric: active, labels: [Label("app", app.value)],
                              optional: app.versionTwo),
            ] }
        }
        func request(_ parameter: ReportParameter) -> ReportRequest {
            ReportRequest(root: .copilotReports, parameter: parameter, versions: ["v2", nil], answer: .csv)
        }
        let docs = "microsoft-365-copilot/extensibility/api/admin-settings/reports/copilotreportroot-"
        return [
            // Asked for ALL periods at once: one row per period, labelled by its Report Period.
            ReportDefinition(
                function: "getMicrosoft365CopilotUserCountSummary", apiVersion: .v1, dayColumn: .reportRefreshDate,
                metrics: [
                    .init(name: "m365_copilot_enabled_users",
                          help: "Users with a Microsoft 365 Copilot licence enabled for the app, by period and app."),
                    .init(name: "m365_copilot_active_users",
                          help: "Users who used Copilot in the app during the report period, by period and app."),
                    .init(name: "m365_copilot_prompts_submitted",
                          help: "Copilot prompts submitted during the report period, by period (report version 2)."),
                    .init(name: "m365_copilot_average_prompts_submitted",
                          help: "Copilot prompts submitted per active user during the report period, by period (report version 2)."),
                ],
                columns: pairs(enabled: "m365_copilot_enabled_users", active: "m365_copilot_active_users") + [
                    ColumnMapping(column: "Total prompts submitted", metric: "m365_copilot_prompts_submitted", optional: true),
                    ColumnMapping(column: "Average prompts submitted", metric: "m365_copilot_average_prompts_submitted",
                                  optional: true),
                ],
                clouds: .globalOnly(.v1), labelsAnsweredPeriod: true, request: request(.fixedPeriod("ALL")), group: .copilot,
                documentation: docs + "getmicrosoft365copilotusercountsummary"),
            ReportDefinition(
                function: "getMicrosoft365CopilotUserCountTrend", apiVersion: .v1, dayColumn: .reportDate,
                metrics: [
                    .init(name: "m365_copilot_daily_enabled_users",
                          help: "Users with a Microsoft 365 Copilot licence enabled for the app on the report day, by app."),
                    .init(name: "m365_copilot_daily_active_users",
                          help: "Users who used Copilot in the app on the report day, by app."),
                    .init(name: "m365_copilot_daily_prompts_submitted",
                          help: "Copilot prompts submitted on the report day (report version 2)."),
                ],
                columns: pairs(enabled: "m365_copilot_daily_enabled_users", active: "m365_copilot_daily_active_users") + [
                    ColumnMapping(column: "Prompts submitted", metric: "m365_copilot_daily_prompts_submitted", optional: true),
                ],
                clouds: .globalOnly(.v1), request: request(.period), group: .copilot,
                documentation: docs + "getmicrosoft365copilotusercounttrend"),
        ]
    }()

    // MARK: Teams

    private static let teams: [ReportDefinition] = [
        daily("getTeamsUserActivityCounts", .v1, .teams,
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
                     "type", mediaDurations, unit: .seconds)),
        daily("getTeamsUserActivityUserCounts", .v1, .teams, metric(
            "teams_active_users", "Users with Teams activity of the kind on the report day, by activity.",
            "activity", teamsUserActivities + [("Other Actions", "other_actions")])),
        daily("getTeamsDeviceUsageUserCounts", .v1, .teams, metric(
            "teams_device_users", "Users of Teams on the kind of device on the report day, by device.",
            "device", teamsDevices)),
        aggregate("getTeamsDeviceUsageDistributionUserCounts", .v1, .teams, metric(
            "teams_device_distribution_users", "Users of Teams on the kind of device during the report period, by period and device.",
            "device", teamsDevices)),
        daily("getTeamsTeamActivityCounts", .v1, .teams, metric(
            "teams_team_activities", "Activity in teams on the report day, by activity.",
            "activity", teamActivities)),
        aggregate("getTeamsTeamActivityDistributionCounts", .v1, .teams, metric(
            "teams_team_activity_distribution", "Activity in teams during the report period, by period and activity.",
            "activity", teamActivities)),
        daily("getTeamsTeamCounts", .v1, .teams,
              metric("teams_teams", "Teams on the report day, by visibility.", "visibility",
                     [("Public Teams", "public"), ("Private Teams", "private")]),
              metric("teams_active_teams", "Teams with activity on the report day, by visibility.", "visibility",
                     [("Active Public Teams", "public"), ("Active Private Teams", "private")])),
        // Beta only: the same counts over licensed and unlicensed users.
        daily("getTeamsDeviceUsageTotalUserCounts", .beta, .teams, metric(
            "teams_device_total_users", "Licensed and unlicensed users of Teams on the kind of device on the report day, by device.",
            "device", teamsDevices)),
        aggregate("getTeamsDeviceUsageDistributionTotalUserCounts", .beta, .teams, metric(
            "teams_device_distribution_total_users",
            "Licensed and unlicensed users of Teams on the kind of device during the report period, by period and device.",
            "device", teamsDevices)),
        daily("getTeamsUserActivityTotalCounts", .beta, .teams,
              metric("teams_total_activities", "Teams activities of licensed and unlicensed users on the report day, by activity.",
                     "activity", teamsActivityCounts),
              metric("teams_total_media_duration_seconds",
                     "Time licensed and unlicensed users spent in Teams audio, video and screen sharing on the report day, in seconds.",
                     "type", mediaDurations, unit: .seconds)),
        daily("getTeamsUserActivityTotalUserCounts", .beta, .teams, metric(
            "teams_active_total_users", "Licensed and unlicensed users with Teams activity of the kind on the report day, by activity.",
            "activity", teamsUserActivities + [("Other Actions", "other_actions")])),
        aggregate("getTeamsUserActivityDistributionUserCounts", .beta, .teams, metric(
            "teams_active_distribution_users", "Users with Teams activity of the kind during the report period, by period and activity.",
            "activity", teamsUserActivities)),
        aggregate("getTeamsUserActivityDistributionTotalUserCounts", .beta, .teams, metric(
            "teams_active_distribution_total_users",
            "Licensed and unlicensed users with Teams activity of the kind during the report period, by period and activity.",
            "activity", teamsUserActivities)),
        aggregate("getTeamsUserActivityTotalDistributionCounts", .beta, .teams,
                  metric("teams_total_distribution_activities",
                         "Teams activities of licensed and unlicensed users during the report period, by period and activity.",
                         "activity", teamsActivityCounts),
                  metric("teams_total_distribution_media_duration_seconds",
                         "Time licensed and unlicensed users spent in Teams audio, video and screen sharing during the report period, in seconds.",
                         "type", mediaDurations, unit: .seconds)),
    ]

    // MARK: Exchange (email)

    private static let exchange: [ReportDefinition] = [
        daily("getEmailActivityCounts", .v1, .exchange, metric(
            "exchange_email_activities", "Email actions on the report day, by activity.",
            "activity", emailActivities)),
        daily("getEmailActivityUserCounts", .v1, .exchange, metric(
            "exchange_email_active_users", "Users who performed the email activity on the report day, by activity.",
            "activity", emailActivities)),
        daily("getEmailAppUsageUserCounts", .v1, .exchange, metric(
            "exchange_email_app_users", "Users who read email with the app on the report day, by app.",
            "app", emailApps)),
        aggregate("getEmailAppUsageAppsUserCounts", .v1, .exchange, metric(
            "exchange_email_app_distribution_users", "Users who read email with the app during the report period, by period and app.",
            "app", emailApps)),
        aggregate("getEmailAppUsageVersionsUserCounts", .v1, .exchange, metric(
            "exchange_outlook_version_users", "Users of the Outlook version during the report period, by period and version.",
            "version", [("Outlook 2016", "outlook_2016"), ("Outlook 2013", "outlook_2013"), ("Outlook 2010", "outlook_2010"),
                        ("Outlook 2007", "outlook_2007"), ("Undetermined", "undetermined"), ("Outlook M365", "outlook_m365"),
                        ("Outlook 2019", "outlook_2019")])),
        daily("getMailboxUsageMailboxCounts", .v1, .exchange,
              single("exchange_mailboxes", "Mailboxes on the report day.", column: "Total"),
              single("exchange_active_mailboxes", "Mailboxes with activity on the report day.", column: "Active")),
        daily("getMailboxUsageStorage", .v1, .exchange,
              single("exchange_mailbox_storage_used_bytes", "Storage used by all mailboxes on the report day, in bytes.",
                     column: "Storage Used (Byte)", unit: .bytes)),
        daily("getMailboxUsageQuotaStatusMailboxCounts", .v1, .exchange, metric(
            "exchange_mailbox_quota_status_mailboxes", "Mailboxes in the quota state on the report day, by state.",
            "status", [("Under Limit", "under_limit"), ("Warning Issued", "warning_issued"),
                       ("Send Prohibited", "send_prohibited"), ("Send/Receive Prohibited", "send_receive_prohibited"),
                       ("Indeterminate", "indeterminate")])),
    ]

    // MARK: OneDrive

    private static let onedrive: [ReportDefinition] = [
        daily("getOneDriveActivityUserCounts", .v1, .onedrive, metric(
            "onedrive_active_users", "Users who performed the OneDrive file activity on the report day, by activity.",
            "activity", fileActivities)),
        daily("getOneDriveActivityFileCounts", .v1, .onedrive, metric(
            "onedrive_file_activities", "OneDrive files the activity was performed on on the report day, by activity.",
            "activity", fileActivities)),
        daily("getOneDriveUsageAccountCounts", .v1, .onedrive, labelColumns: [siteType],
              single("onedrive_accounts", "OneDrive accounts on the report day, by site type.", column: "Total"),
              single("onedrive_active_accounts", "OneDrive accounts with file activity on the report day, by site type.",
                     column: "Active")),
        daily("getOneDriveUsageFileCounts", .v1, .onedrive, labelColumns: [siteType],
              single("onedrive_files", "Files in OneDrive accounts on the report day, by site type.", column: "Total"),
              single("onedrive_active_files", "Files with activity in OneDrive accounts on the report day, by site type.",
                     column: "Active")),
        daily("getOneDriveUsageStorage", .v1, .onedrive, labelColumns: [siteType],
              single("onedrive_storage_used_bytes", "Storage used by OneDrive accounts on the report day, in bytes, by site type.",
                     column: "Storage Used (Byte)", unit: .bytes)),
    ]

    // MARK: SharePoint

    private static let sharepoint: [ReportDefinition] = [
        daily("getSharePointActivityUserCounts", .v1, .sharepoint, metric(
            "sharepoint_active_users", "Users who performed the SharePoint activity on the report day, by activity.",
            "activity", [("Visited Page", "visited_page")] + fileActivities)),
        daily("getSharePointActivityFileCounts", .v1, .sharepoint, metric(
            "sharepoint_file_activities", "SharePoint files the activity was performed on on the report day, by activity.",
            "activity", fileActivities)),
        daily("getSharePointActivityPages", .v1, .sharepoint,
              single("sharepoint_visited_pages", "SharePoint pages visited on the report day.", column: "Visited Page Count")),
        daily("getSharePointSiteUsageSiteCounts", .v1, .sharepoint, labelColumns: [siteType],
              single("sharepoint_sites", "SharePoint sites on the report day, by site type.", column: "Total"),
              single("sharepoint_active_sites", "SharePoint sites with activity on the report day, by site type.",
                     column: "Active")),
        daily("getSharePointSiteUsageFileCounts", .v1, .sharepoint, labelColumns: [siteType],
              single("sharepoint_files", "Files in SharePoint sites on the report day, by site type.", column: "Total"),
              single("sharepoint_active_files", "Files with activity in SharePoint sites on the report day, by site type.",
                     column: "Active")),
        daily("getSharePointSiteUsageStorage", .v1, .sharepoint, labelColumns: [siteType],
              single("sharepoint_storage_used_bytes", "Storage used by SharePoint sites on the report day, in bytes, by site type.",
                     column: "Storage Used (Byte)", unit: .bytes)),
        daily("getSharePointSiteUsagePages", .v1, .sharepoint, labelColumns: [siteType],
              single("sharepoint_page_views", "SharePoint page views on the report day, by site type.", column: "Page View Count")),
    ]

    // MARK: Viva Engage (Yammer)

    private static let yammer: [ReportDefinition] = [
        daily("getYammerActivityCounts", .v1, .yammer, metric(
            "yammer_activities", "Yammer messages liked, posted and read on the report day, by activity.",
            "activity", yammerActivities)),
        daily("getYammerActivityUserCounts", .v1, .yammer, metric(
            "yammer_active_users", "Users who liked, posted or read Yammer messages on the report day, by activity.",
            "activity", yammerActivities)),
        daily("getYammerDeviceUsageUserCounts", .v1, .yammer, metric(
            "yammer_device_users", "Users of Yammer on the kind of device on the report day, by device.",
            "device", yammerDevices)),
        aggregate("getYammerDeviceUsageDistributionUserCounts", .v1, .yammer, metric(
            "yammer_device_distribution_users", "Users of Yammer on the kind of device during the report period, by period and device.",
            "device", yammerDevices)),
        daily("getYammerGroupsActivityCounts", .v1, .yammer, metric(
            "yammer_groups_activities", "Yammer group messages liked, posted and read on the report day, by activity.",
            "activity", yammerActivities)),
        daily("getYammerGroupsActivityGroupCounts", .v1, .yammer,
              single("yammer_groups", "Yammer groups on the report day.", column: "Total"),
              single("yammer_active_groups", "Yammer groups with activity on the report day.", column: "Active")),
    ]

    // MARK: Skype for Business (retired in 2021; may answer without rows)

    private static let skype: [ReportDefinition] = [
        daily("getSkypeForBusinessActivityCounts", .v1, .skype, metric(
            "skype_activities", "Skype for Business sessions on the report day, by kind.",
            "type", skypeActivities)),
        daily("getSkypeForBusinessActivityUserCounts", .v1, .skype, metric(
            "skype_active_users", "Users with Skype for Business sessions of the kind on the report day, by kind.",
            "type", skypeActivities)),
        daily("getSkypeForBusinessDeviceUsageUserCounts", .v1, .skype, metric(
            "skype_device_users", "Users of Skype for Business on the kind of device on the report day, by device.",
            "device", skypeDevices)),
        aggregate("getSkypeForBusinessDeviceUsageDistributionUserCounts", .v1, .skype, metric(
            "skype_device_distribution_users",
            "Users of Skype for Business on the kind of device during the report period, by period and device.",
            "device", skypeDevices)),
        daily("getSkypeForBusinessOrganizerActivityUserCounts", .v1, .skype, metric(
            "skype_organizer_users", "Users who organized Skype for Business conferences on the report day, by session type.",
            "type", organizerTypes)),
        daily("getSkypeForBusinessParticipantActivityUserCounts", .v1, .skype, metric(
            "skype_participant_users", "Users who joined Skype for Business conferences on the report day, by session type.",
            "type", participantTypes)),
        daily("getSkypeForBusinessPeerToPeerActivityUserCounts", .v1, .skype, metric(
            "skype_peer_to_peer_users", "Users with Skype for Business peer-to-peer sessions on the report day, by session type.",
            "type", peerToPeerTypes)),
        daily("getSkypeForBusinessOrganizerActivityMinuteCounts", .v1, .skype, metric(
            "skype_organizer_conference_duration_seconds",
            "Time in Skype for Business conferences organized on the report day, in seconds (Graph counts minutes), by kind.",
            "type", [("Audio/Video", "audio_video"), ("Dial-in Microsoft", "dial_in_microsoft"),
                     ("Dial-out Microsoft", "dial_out_microsoft")], unit: .minutes)),
        daily("getSkypeForBusinessParticipantActivityMinuteCounts", .v1, .skype, metric(
            "skype_participant_conference_duration_seconds",
            "Time participants spent in Skype for Business conferences on the report day, in seconds (Graph counts minutes), by kind.",
            "type", [("Audio/Video", "audio_video")], unit: .minutes)),
        daily("getSkypeForBusinessPeerToPeerActivityMinuteCounts", .v1, .skype, metric(
            "skype_peer_to_peer_duration_seconds",
            "Time in Skype for Business peer-to-peer sessions on the report day, in seconds (Graph counts minutes), by kind.",
            "type", [("Audio", "audio"), ("Video", "video")], unit: .minutes)),
    ]

    private static let emailActivities: [(String, String)] = [
        ("Send", "send"), ("Receive", "receive"), ("Read", "read"),
        ("Meeting Created", "meeting_created"), ("Meeting Interacted", "meeting_interacted"),
    ]

    private static let fileActivities: [(String, String)] = [
        ("Viewed Or Edited", "viewed_or_edited"), ("Synced", "synced"),
        ("Shared Internally", "shared_internally"), ("Shared Externally", "shared_externally"),
    ]

    private static let participantTypes: [(String, String)] = [
        ("IM", "im"), ("Audio/Video", "audio_video"), ("App Sharing", "app_sharing"),
        ("Web", "web"), ("Dial-in/out 3rd Party", "dial_in_out_3rd_party"),
    ]

    private static let organizerTypes: [(String, String)] = participantTypes + [("Dial-in/out Microsoft", "dial_in_out_microsoft")]

    private static let peerToPeerTypes: [(String, String)] = [
        ("IM", "im"), ("Audio", "audio"), ("Video", "video"), ("App Sharing", "app_sharing"), ("File Transfer", "file_transfer"),
    ]

    private static let skypeActivities: [(String, String)] = [
        ("Peer-to-peer", "peer_to_peer"), ("Organized", "organized"), ("Participated", "participated"),
    ]

    private static let skypeDevices: [(String, String)] = [
        ("Windows", "windows"), ("Windows Phone", "windows_phone"), ("Android Phone", "android_phone"),
        ("iPhone", "iphone"), ("iPad", "ipad"),
    ]

    private static let emailApps: [(String, String)] = [
        ("Mail For Mac", "mail_for_mac"), ("Outlook For Mac", "outlook_for_mac"),
        ("Outlook For Windows", "outlook_for_windows"), ("Outlook For Mobile", "outlook_for_mobile"),
        ("Other For Mobile", "other_for_mobile"), ("Outlook For Web", "outlook_for_web"),
        ("POP3 App", "pop3_app"), ("IMAP4 App", "imap4_app"), ("SMTP App", "smtp_app"),
    ]

    private static let teamsDevices: [(String, String)] = [
        ("Web", "web"), ("Windows Phone", "windows_phone"), ("Android Phone", "android_phone"),
        ("iOS", "ios"), ("Mac", "mac"), ("Windows", "windows"), ("Chrome OS", "chrome_os"), ("Linux", "linux"),
    ]

    private static let teamsUserActivities: [(String, String)] = [
        ("Team Chat Messages", "team_chat_messages"), ("Private Chat Messages", "private_chat_messages"),
        ("Calls", "calls"), ("Meetings", "meetings"),
    ]

    /// The count columns of the Teams user activity reports, as one
    /// `activity` label (their durations are a metric of their own).
    private static let teamsActivityCounts: [(String, String)] = teamsUserActivities + [
        ("Meetings Organized", "meetings_organized"), ("Meetings Attended", "meetings_attended"),
        ("Post Messages", "post_messages"), ("Reply Messages", "reply_messages"),
    ]

    private static let mediaDurations: [(column: String, value: String, aliases: [String])] = [
        ("Audio Duration", "audio", ["Audio Duration In Seconds"]),
        ("Video Duration", "video", ["Video Duration In Seconds"]),
        ("Screen Share Duration", "screen_share", ["Screen Share Duration In Seconds"]),
    ]

    private static let teamActivities: [(String, String)] = [
        ("Active Users", "active_users"), ("Active Channels", "active_channels"), ("Guests", "guests"),
        ("Reactions", "reactions"), ("Meetings Organized", "meetings_organized"), ("Post Messages", "post_messages"),
        ("Channel Messages", "channel_messages"), ("Active Shared Channels", "active_shared_channels"),
        ("Active External Users", "active_external_users"), ("Reply Messages", "reply_messages"),
        ("Urgent Messages", "urgent_messages"), ("Mentions", "mentions"),
    ]

    private static let yammerActivities: [(String, String)] = [("Liked", "liked"), ("Posted", "posted"), ("Read", "read")]

    private static let yammerDevices: [(String, String)] = [
        ("Web", "web"), ("Windows Phone", "windows_phone"), ("Android Phone", "android_phone"),
        ("iPhone", "iphone"), ("iPad", "ipad"), ("Other", "other"),
    ]

    private static let browsers: [(column: String, value: String, aliases: [String])] = [
        ("Edge", "edge", []), ("Edge Legacy", "edge_legacy", []), ("Internet Explorer", "internet_explorer", ["ie"]),
    ]

    private static let siteType = LabelColumn(column: "Site Type", label: "site_type")

    private static let productType = LabelColumn(column: "Product Type", label: "product_type")

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
            clouds: clouds(of: .v1),
            group: .office,
            documentation: page("getOffice365ServicesUserCounts", .v1)
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
        _ function: String, _ version: GraphAPIVersion, _ group: ReportGroup, labelColumns: [LabelColumn] = [],
        answer: AnswerShape = .redirectToCSV, _ families: Family...
    ) -> ReportDefinition {
        ReportDefinition(
            function: function, apiVersion: version, dayColumn: .reportDate,
            metrics: families.map(\.descriptor), labelColumns: labelColumns,
            columns: families.flatMap(\.columns), clouds: clouds(of: version), request: ReportRequest(answer: answer),
            group: group,
            documentation: page(function, version))
    }

    /// A report with one row per period, dated by its Report Refresh Date:
    /// fetched for each configured period, whose name labels its series.
    private static func aggregate(
        _ function: String, _ version: GraphAPIVersion, _ group: ReportGroup, _ families: Family...
    ) -> ReportDefinition {
        ReportDefinition(
            function: function, apiVersion: version, dayColumn: .reportRefreshDate, labelsPeriod: true,
            metrics: families.map(\.descriptor), columns: families.flatMap(\.columns), clouds: clouds(of: version),
            group: group,
            documentation: page(function, version))
    }

    /// The reference page of a function under `/reports`, in the version
    /// the entry asks.
    private static func page(_ function: String, _ version: GraphAPIVersion) -> String {
        "graph/api/reportroot-\(function.lowercased())?view=graph-rest-\(version == .beta ? "beta" : "1.0")"
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
