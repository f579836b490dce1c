import M365Reports

/// The small HTML page at `/`: version, tenants, each report's state and
/// data age, and a link to the metrics. Everything printed is escaped.
struct LandingPage: Sendable {
    let version: String
    let telemetryPath: String
    let mode: String

    func render(_ all: [ReportStatus], now: Double) -> String {
        // Collectors get a table of their own: they have no report day, and
        // the tenants' lines count reports.
        let statuses = all.filter { $0.collector == nil }
        let collectors = all.filter { status in
            status.collector.map { CollectorKind(rawValue: $0)?.hasHealthSeries ?? true } ?? false
        }
        var rows = ""
        for status in statuses {
            let state: String
            let stateClass: String
            if status.attempts == 0 {
                (state, stateClass) = ("pending", "pending")
            } else if status.up {
                (state, stateClass) = ("up", "up")
            } else if !status.supported {
                // Not a failure: the tenant's cloud does not serve this report.
                (state, stateClass) = ("unsupported in this cloud", "unsupported")
            } else {
                (state, stateClass) = ("down", "down")
            }
            let dataAge = status.reportDate.map { Self.age(now - $0.unixTime) } ?? "–"
            let refreshed = status.lastSuccess.map { Self.age(now - $0) + " ago" } ?? "never"
            rows += """
            <tr><td>\(escape(status.tenant))</td><td>\(escape(status.report))</td>\
            <td class="\(stateClass)">\(state)</td>\
            <td>\(escape(status.reportDate?.description ?? "–"))</td><td>\(escape(dataAge))</td>\
            <td>\(escape(refreshed))</td><td>\(escape(status.lastError ?? ""))</td></tr>

            """
        }
        var collectorRows = ""
        for status in collectors {
            let (state, stateClass) = status.attempts == 0 ? ("pending", "pending") : (status.up ? ("up", "up") : ("down", "down"))
            let refreshed = status.lastSuccess.map { Self.age(now - $0) + " ago" } ?? "never"
            collectorRows += """
            <tr><td>\(escape(status.tenant))</td><td>\(escape(status.collector ?? ""))</td>\
            <td class="\(stateClass)">\(state)</td><td>\(escape(refreshed))</td><td>\(escape(status.lastError ?? ""))</td></tr>

            """
        }
        let collectorTable = collectors.isEmpty ? "" : """
            <h2>Collectors</h2>
            <table>
            <tr><th>Tenant</th><th>Collector</th><th>State</th><th>Last refresh</th><th>Last error</th></tr>
            \(collectorRows)</table>

            """
        // One line per tenant: with many tenants, the one whose reports fail
        // (its credentials, usually) stands out before the table is read.
        var tenantItems = ""
        for (tenant, reports) in Dictionary(grouping: statuses, by: \.tenant).sorted(by: { $0.key < $1.key }) {
            let up = reports.filter { $0.attempts > 0 && $0.up }.count
            let served = reports.filter(\.supported).count
            let stateClass = up == served ? "up" : (reports.allSatisfy { $0.attempts == 0 } ? "pending" : "down")
            let unsupported = served < reports.count ? ", \(reports.count - served) unsupported in its cloud" : ""
            tenantItems += """
            <li><span class="tenant">\(escape(tenant))</span>: \
            <span class="\(stateClass)">\(up) of \(served) reports up\(unsupported)</span></li>

            """
        }
        return """
        <!DOCTYPE html>
        <html lang="en">
        <head>
        <meta charset="utf-8">
        <title>M365 Exporter</title>
        <style>
        body { font-family: sans-serif; margin: 2em; }
        table { border-collapse: collapse; }
        th, td { border: 1px solid #ccc; padding: 0.3em 0.6em; text-align: left; }
        .up { color: #1a7f37; } .down { color: #cf222e; font-weight: bold; } .pending { color: #9a6700; } .unsupported { color: #6e7781; }
        </style>
        </head>
        <body>
        <h1>M365 Exporter</h1>
        <p>Prometheus exporter for Microsoft 365 usage reports. Version \(escape(version)), \(escape(mode)).</p>
        <p><a href="\(escape(telemetryPath))">Metrics</a> · <a href="/-/healthy">Health</a> · <a href="/-/ready">Readiness</a></p>
        <h2>Tenants</h2>
        <ul>
        \(tenantItems)</ul>
        <h2>Reports</h2>
        <table>
        <tr><th>Tenant</th><th>Report</th><th>State</th><th>Report date</th><th>Data age</th><th>Last refresh</th><th>Last error</th></tr>
        \(rows)</table>
        \(collectorTable)</body>
        </html>

        """
    }

    /// A duration as a person reads it: `2d 3h`, `5m`, `40s`.
    static func age(_ seconds: Double) -> String {
        let total = max(0, Int(seconds))
        let days = total / 86_400, hours = total % 86_400 / 3600, minutes = total % 3600 / 60
        if days > 0 { return "\(days)d \(hours)h" }
        if hours > 0 { return "\(hours)h \(minutes)m" }
        if minutes > 0 { return "\(minutes)m" }
        return "\(total)s"
    }
}
