/// The reports the exporter knows, as declarative entries. Metric and label
/// names here are public API (dashboards and alert rules use them), fixed by
/// SPEC.md.
public enum ReportCatalog {
    /// The five reports fetched by default.
    public static let seedReports: [ReportDefinition] = [
        skypeParticipantActivityCounts,
        skypeOrganizerActivityCounts,
        skypePeerToPeerActivityCounts,
        office365ServicesUserCounts,
        office365GroupsActivityGroupCounts,
    ]

    /// Every report in the catalog.
    public static let all: [ReportDefinition] = seedReports

    /// The entry for a Graph function name, if the catalog has it.
    public static func definition(named function: String) -> ReportDefinition? {
        all.first { $0.function == function }
    }

    static let skypeParticipantActivityCounts = ReportDefinition(
        function: "getSkypeForBusinessParticipantActivityCounts",
        apiVersion: .v1,
        dayColumn: .reportDate,
        metrics: [.init(
            name: "skype_participant_sessions",
            help: "Skype for Business conference sessions joined as participant on the latest report day, by session type.")],
        columns: typed("skype_participant_sessions", [
            ("IM", "im"), ("Audio/Video", "audio_video"), ("App Sharing", "app_sharing"),
            ("Web", "web"), ("Dial-in/out 3rd Party", "dial_in_out_3rd_party"),
        ])
    )

    static let skypeOrganizerActivityCounts = ReportDefinition(
        function: "getSkypeForBusinessOrganizerActivityCounts",
        apiVersion: .beta,
        dayColumn: .reportDate,
        metrics: [.init(
            name: "skype_organizer_sessions",
            help: "Skype for Business conference sessions organized on the latest report day, by session type.")],
        columns: typed("skype_organizer_sessions", [
            ("IM", "im"), ("Audio/Video", "audio_video"), ("App Sharing", "app_sharing"),
            ("Web", "web"), ("Dial-in/out 3rd Party", "dial_in_out_3rd_party"),
            ("Dial-in/out Microsoft", "dial_in_out_microsoft"),
        ])
    )

    static let skypePeerToPeerActivityCounts = ReportDefinition(
        function: "getSkypeForBusinessPeerToPeerActivityCounts",
        apiVersion: .v1,
        dayColumn: .reportDate,
        metrics: [.init(
            name: "skype_peer_to_peer_sessions",
            help: "Skype for Business peer-to-peer sessions on the latest report day, by session type.")],
        columns: typed("skype_peer_to_peer_sessions", [
            ("IM", "im"), ("Audio", "audio"), ("Video", "video"),
            ("App Sharing", "app_sharing"), ("File Transfer", "file_transfer"),
        ])
    )

    static let office365ServicesUserCounts: ReportDefinition = {
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
            columns: columns
        )
    }()

    static let office365GroupsActivityGroupCounts = ReportDefinition(
        function: "getOffice365GroupsActivityGroupCounts",
        apiVersion: .beta,
        dayColumn: .reportDate,
        metrics: [
            .init(name: "o365_groups", help: "Microsoft 365 groups on the latest report day."),
            .init(name: "o365_active_groups", help: "Microsoft 365 groups with activity on the latest report day."),
        ],
        columns: [
            ColumnMapping(column: "Total", metric: "o365_groups"),
            ColumnMapping(column: "Active", metric: "o365_active_groups"),
        ]
    )

    /// Columns of one metric told apart by a `type` label.
    private static func typed(_ metric: String, _ columns: [(column: String, type: String)]) -> [ColumnMapping] {
        columns.map { ColumnMapping(column: $0.column, metric: metric, labels: [Label("type", $0.type)]) }
    }
}
