import FoundationEssentials
import M365Graph
import M365Reports

/// The collectors of the demo tenant: built-in answers in the JSON shapes of
/// Microsoft's reference pages (licences in two pages, service health with
/// an open incident, an open advisory and resolved issues, an app with a
/// secret and a certificate), mapped by the same code as Graph's answers.
/// Dates are relative to now, so the demo never shows expired credentials.
struct DemoCollectorSource: CollectorSource {
    func collect(
        _ kind: CollectorKind, tenant: String, record: @escaping @Sendable (GraphEvent) async -> Void
    ) async throws -> [Sample] {
        let now = Date().timeIntervalSince1970
        switch kind {
        case .licenses:
            return try CollectorMapping.licenses(pages: Self.subscribedSkus.map { Array($0.utf8) }, tenant: tenant)
        case .serviceHealth:
            return try CollectorMapping.serviceHealth(
                overviews: [Array(Self.healthOverviews.utf8)], issues: Self.issues(now: now).map { Array($0.utf8) },
                tenant: tenant)
        case .credentials:
            return try CollectorMapping.credentials(
                application: Array(Self.application(now: now).utf8), inUse: .other, tenant: tenant)
        case .certificateFile:
            return []
        }
    }

    /// `GET /v1.0/subscribedSkus`, in two pages. The Copilot seats are
    /// bought, partly assigned; the free Power Automate SKU has Microsoft's
    /// customary 10,000 units.
    static let subscribedSkus = [
        #"""
        {"@odata.context":"https://graph.microsoft.com/v1.0/$metadata#subscribedSkus","@odata.nextLink":"https://graph.microsoft.com/v1.0/subscribedSkus?$skiptoken=demo","value":[
        {"accountName":"Contoso","accountId":"6f5b3c8e-0000-4000-8000-00000000c0de","appliesTo":"User","capabilityStatus":"Enabled","consumedUnits":463,"id":"6f5b3c8e-0000-4000-8000-00000000c0de_06ebc4ee-1bb5-47dd-8120-11324bc54e06","prepaidUnits":{"enabled":480,"lockedOut":0,"suspended":0,"warning":0},"servicePlans":[],"skuId":"06ebc4ee-1bb5-47dd-8120-11324bc54e06","skuPartNumber":"SPE_E5","subscriptionIds":["00000000-0000-4000-8000-000000000001"]},
        {"accountName":"Contoso","accountId":"6f5b3c8e-0000-4000-8000-00000000c0de","appliesTo":"User","capabilityStatus":"Enabled","consumedUnits":120,"id":"6f5b3c8e-0000-4000-8000-00000000c0de_639dec6b-bb19-468b-871c-c5c441c4b0cb","prepaidUnits":{"enabled":150,"lockedOut":0,"suspended":0,"warning":0},"servicePlans":[],"skuId":"639dec6b-bb19-468b-871c-c5c441c4b0cb","skuPartNumber":"Microsoft_365_Copilot","subscriptionIds":["00000000-0000-4000-8000-000000000002"]}
        ]}
        """#,
        #"""
        {"@odata.context":"https://graph.microsoft.com/v1.0/$metadata#subscribedSkus","value":[
        {"accountName":"Contoso","accountId":"6f5b3c8e-0000-4000-8000-00000000c0de","appliesTo":"User","capabilityStatus":"Enabled","consumedUnits":52,"id":"6f5b3c8e-0000-4000-8000-00000000c0de_6fd2c87f-b296-42f0-b197-1e91e994b900","prepaidUnits":{"enabled":60,"lockedOut":0,"suspended":0,"warning":0},"servicePlans":[],"skuId":"6fd2c87f-b296-42f0-b197-1e91e994b900","skuPartNumber":"ENTERPRISEPACK","subscriptionIds":["00000000-0000-4000-8000-000000000003"]},
        {"accountName":"Contoso","accountId":"6f5b3c8e-0000-4000-8000-00000000c0de","appliesTo":"User","capabilityStatus":"Warning","consumedUnits":18,"id":"6f5b3c8e-0000-4000-8000-00000000c0de_f8a1db68-be16-40ed-86d5-cb42ce701560","prepaidUnits":{"enabled":0,"lockedOut":0,"suspended":0,"warning":25},"servicePlans":[],"skuId":"f8a1db68-be16-40ed-86d5-cb42ce701560","skuPartNumber":"POWER_BI_PRO","subscriptionIds":["00000000-0000-4000-8000-000000000004"]},
        {"accountName":"Contoso","accountId":"6f5b3c8e-0000-4000-8000-00000000c0de","appliesTo":"User","capabilityStatus":"Enabled","consumedUnits":41,"id":"6f5b3c8e-0000-4000-8000-00000000c0de_f30db892-07e9-47e9-837c-80727f46fd3d","prepaidUnits":{"enabled":10000,"lockedOut":0,"suspended":0,"warning":0},"servicePlans":[],"skuId":"f30db892-07e9-47e9-837c-80727f46fd3d","skuPartNumber":"FLOW_FREE","subscriptionIds":["00000000-0000-4000-8000-000000000005"]}
        ]}
        """#,
    ]

    /// `GET /v1.0/admin/serviceAnnouncement/healthOverviews`.
    static let healthOverviews = #"""
        {"@odata.context":"https://graph.microsoft.com/v1.0/$metadata#admin/serviceAnnouncement/healthOverviews","value":[
        {"service":"Exchange Online","status":"serviceDegradation","id":"Exchange"},
        {"service":"Microsoft Teams","status":"serviceOperational","id":"microsoftteams"},
        {"service":"SharePoint Online","status":"serviceRestored","id":"SharePoint"},
        {"service":"OneDrive for Business","status":"serviceOperational","id":"OneDriveForBusiness"},
        {"service":"Microsoft 365 suite","status":"serviceOperational","id":"OSDPPlatform"}
        ]}
        """#

    /// `GET /v1.0/admin/serviceAnnouncement/issues`: an open incident, an
    /// open advisory, a restored incident and a resolved advisory.
    static func issues(now: Double) -> [String] {
        func at(hoursAgo: Double) -> String { isoTimestamp(now - hoursAgo * 3600) }
        return [
            #"{"@odata.context":"https://graph.microsoft.com/v1.0/$metadata#admin/serviceAnnouncement/issues","@odata.nextLink":"https://graph.microsoft.com/v1.0/admin/serviceAnnouncement/issues?$skiptoken=demo","value":["#
                + #"{"startDateTime":"\#(at(hoursAgo: 3))","endDateTime":null,"lastModifiedDateTime":"\#(at(hoursAgo: 1))","title":"Users may be unable to send email from Outlook on the web","id":"EX900001","impactDescription":"Users may be unable to send email.","classification":"incident","origin":"microsoft","status":"serviceDegradation","service":"Exchange Online","feature":"E-Mail and calendar access","featureGroup":"Networking Issues","isResolved":false,"details":[],"posts":[]},"#
                + #"{"startDateTime":"\#(at(hoursAgo: 30))","endDateTime":null,"lastModifiedDateTime":"\#(at(hoursAgo: 5))","title":"Some users may see delays in chat message delivery","id":"TM900002","impactDescription":"Chat messages may arrive late.","classification":"advisory","origin":"microsoft","status":"investigating","service":"Microsoft Teams","feature":"Teams Components","featureGroup":"Teams Components","isResolved":false,"details":[],"posts":[]}]}"#,
            #"{"@odata.context":"https://graph.microsoft.com/v1.0/$metadata#admin/serviceAnnouncement/issues","value":["#
                + #"{"startDateTime":"\#(at(hoursAgo: 20))","endDateTime":"\#(at(hoursAgo: 2))","lastModifiedDateTime":"\#(at(hoursAgo: 2))","title":"Users may be unable to open documents","id":"SP900003","impactDescription":"Documents may not open.","classification":"incident","origin":"microsoft","status":"serviceRestored","service":"SharePoint Online","feature":"SharePoint Features","featureGroup":"SharePoint Features","isResolved":true,"details":[],"posts":[]},"#
                + #"{"startDateTime":"\#(at(hoursAgo: 200))","endDateTime":"\#(at(hoursAgo: 150))","lastModifiedDateTime":"\#(at(hoursAgo: 150))","title":"Delays in syncing files","id":"OD900004","impactDescription":"Files may sync late.","classification":"advisory","origin":"microsoft","status":"serviceRestored","service":"OneDrive for Business","feature":"Sync","featureGroup":"OneDrive","isResolved":true,"details":[],"posts":[]}]}"#,
        ]
    }

    /// `GET /v1.0/applications(appId='…')?$select=passwordCredentials,keyCredentials`.
    static func application(now: Double) -> String {
        #"{"@odata.context":"https://graph.microsoft.com/v1.0/$metadata#applications(passwordCredentials,keyCredentials)/$entity","passwordCredentials":["#
            + #"{"customKeyIdentifier":null,"displayName":"m365-exporter","endDateTime":"\#(isoTimestamp(now + 200 * 86400))","hint":"dEm","keyId":"1f0c6a4e-0000-4000-8000-00000000000a","secretText":null,"startDateTime":"\#(isoTimestamp(now - 165 * 86400))"}],"#
            + #""keyCredentials":[{"customKeyIdentifier":"ZGVtby1jZXJ0aWZpY2F0ZS10aHVtYg==","displayName":"CN=m365-exporter","endDateTime":"\#(isoTimestamp(now + 400 * 86400))","key":null,"keyId":"2f0c6a4e-0000-4000-8000-00000000000b","startDateTime":"\#(isoTimestamp(now - 330 * 86400))","type":"AsymmetricX509Cert","usage":"Verify"}]}"#
    }

    /// `YYYY-MM-DDThh:mm:ssZ` of a Unix time, as Graph writes it.
    static func isoTimestamp(_ unixTime: Double) -> String {
        let seconds = Int(unixTime.rounded(.down))
        let day = ReportDay(unixTime: Double(seconds))
        let rest = seconds - day.daysSinceEpoch * 86400
        func pad(_ value: Int) -> String { value < 10 ? "0\(value)" : String(value) }
        return "\(day)T\(pad(rest / 3600)):\(pad(rest / 60 % 60)):\(pad(rest % 60))Z"
    }
}
