/// The exporter's metrics about itself, as SPEC.md names them.
public enum HealthMetrics {
    public static let up = MetricDescriptor(
        name: "m365_report_up",
        help: "1 if the last refresh of the report succeeded, else 0.")
    public static let supported = MetricDescriptor(
        name: "m365_report_supported",
        help: "0 if the tenant's cloud does not serve the report (tried again once a day), else 1.")
    public static let reportDate = MetricDescriptor(
        name: "m365_report_date_timestamp_seconds",
        help: "Unix time of the Report Date of the row exposed (Report Refresh Date where the report has no Report Date).")
    public static let refreshDate = MetricDescriptor(
        name: "m365_report_refresh_date_timestamp_seconds",
        help: "Unix time of the report's Report Refresh Date.")
    public static let lastSuccess = MetricDescriptor(
        name: "m365_report_last_success_timestamp_seconds",
        help: "Unix time the exporter last refreshed the report successfully.")
    public static let lastAttempt = MetricDescriptor(
        name: "m365_report_last_attempt_timestamp_seconds",
        help: "Unix time the last refresh of the report ended, successful or not; absent until the first has ended.")
    public static let fetchDuration = MetricDescriptor(
        name: "m365_report_fetch_duration_seconds",
        help: "How long the last refresh of the report took, in seconds.")
    public static let graphRequests = MetricDescriptor(
        name: "m365_graph_requests_total",
        help: "HTTP answers received from Microsoft Graph, by status code.",
        type: .counter)
    public static let configReloadSuccessful = MetricDescriptor(
        name: "m365_exporter_config_last_reload_successful",
        help: "1 if the last load of the configuration succeeded, else 0.")
    public static let configReloadSuccessTimestamp = MetricDescriptor(
        name: "m365_exporter_config_last_reload_success_timestamp_seconds",
        help: "Unix time of the last successful load of the configuration.")
    public static let graphRetries = MetricDescriptor(
        name: "m365_graph_retries_total",
        help: "Requests to Microsoft Graph sent again, by reason.",
        type: .counter)
    public static let graphThrottledSeconds = MetricDescriptor(
        name: "m365_graph_throttled_seconds_total",
        help: "Seconds spent waiting because Microsoft Graph throttled the tenant (Retry-After).",
        type: .counter)
    public static let tokenRequests = MetricDescriptor(
        name: "m365_token_requests_total",
        help: "Token requests sent to Microsoft Entra ID, by result (success, refused, unavailable, unreachable).",
        type: .counter)
    public static let buildInfo = MetricDescriptor(
        name: "m365_exporter_build_info",
        help: "Build information of the exporter; always 1.")
    public static let httpAuthFailures = MetricDescriptor(
        name: "m365_exporter_http_auth_failures_total",
        help: "HTTP requests refused for missing or wrong basic-auth credentials.",
        type: .counter)
    public static let collectorUp = MetricDescriptor(
        name: "m365_collector_up",
        help: "1 if the last refresh of the collector succeeded, else 0.")
    public static let collectorLastSuccess = MetricDescriptor(
        name: "m365_collector_last_success_timestamp_seconds",
        help: "Unix time the exporter last refreshed the collector successfully.")
    public static let collectorFetchDuration = MetricDescriptor(
        name: "m365_collector_fetch_duration_seconds",
        help: "How long the last refresh of the collector took, in seconds.")
    public static let httpAuthThrottled = MetricDescriptor(
        name: "m365_exporter_http_auth_throttled_total",
        help: "HTTP requests with credentials refused without checking them: too many failures from the client's address, or too many checks waiting.",
        type: .counter)
    public static let httpConnectionsRejected = MetricDescriptor(
        name: "m365_exporter_http_connections_rejected_total",
        help: "Connections closed at once because the listener held --web.max-connections already.",
        type: .counter)
    public static let httpRequestDeadlines = MetricDescriptor(
        name: "m365_exporter_http_request_deadline_exceeded_total",
        help: "Connections closed because a request, head and body, took longer than --web.request-timeout.",
        type: .counter)
    public static let logLinesDropped = MetricDescriptor(
        name: "m365_exporter_log_lines_dropped_total",
        help: "Log lines dropped because standard error could not take them (closed or full pipe).",
        type: .counter)
}
