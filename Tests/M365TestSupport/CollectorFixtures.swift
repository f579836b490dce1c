/// Graph's JSON answers for the collectors, written by hand in the shapes of
/// Microsoft's reference pages (List subscribedSkus, List healthOverviews,
/// List issues, Get application), with the values the tests expect spelled
/// out beside them.
public enum CollectorFixtures {
    /// `GET /v1.0/subscribedSkus`, page 1 of 2: its next link points at
    /// ``subscribedSkusPage2Path`` on `graphURL`.
    public static func subscribedSkusPage1(graphURL: String) -> String {
        #"""
        {
            "@odata.context": "https://graph.microsoft.com/v1.0/$metadata#subscribedSkus",
            "@odata.nextLink": "\#(graphURL)\#(subscribedSkusPage2Path)",
            "value": [
                {
                    "accountName": "Sample account One",
                    "accountId": "f97aeefc-af85-414d-8ae4-b457f90efc40",
                    "appliesTo": "User",
                    "capabilityStatus": "Enabled",
                    "consumedUnits": 490,
                    "id": "48a80680-7326-48cd-9935-b556b81d3a4e_06ebc4ee-1bb5-47dd-8120-11324bc54e06",
                    "prepaidUnits": {"enabled": 500, "lockedOut": 0, "suspended": 0, "warning": 10},
                    "servicePlans": [
                        {"servicePlanId": "8c098270-9dd4-4350-9b30-ba4703f3b36b", "servicePlanName": "ADALLOM_S_O365", "provisioningStatus": "Success", "appliesTo": "Company"}
                    ],
                    "skuId": "06ebc4ee-1bb5-47dd-8120-11324bc54e06",
                    "skuPartNumber": "SPE_E5",
                    "subscriptionIds": ["43d26afe-cb98-48b9-acc4-ae3ef2ac6c51"]
                }
            ]
        }
        """#
    }

    public static let subscribedSkusPage2Path = "/v1.0/subscribedSkus?$skiptoken=X'4453707402000100000017'"

    /// Page 2 of 2: a Copilot SKU and a suspended product whose part number
    /// the product table does not know.
    public static let subscribedSkusPage2 = #"""
        {
            "@odata.context": "https://graph.microsoft.com/v1.0/$metadata#subscribedSkus",
            "value": [
                {
                    "accountName": "Sample account One",
                    "accountId": "f97aeefc-af85-414d-8ae4-b457f90efc40",
                    "appliesTo": "User",
                    "capabilityStatus": "Enabled",
                    "consumedUnits": 30,
                    "id": "48a80680-7326-48cd-9935-b556b81d3a4e_639dec6b-bb19-468b-871c-c5c441c4b0cb",
                    "prepaidUnits": {"enabled": 50, "lockedOut": 0, "suspended": 0, "warning": 0},
                    "servicePlans": [],
                    "skuId": "639dec6b-bb19-468b-871c-c5c441c4b0cb",
                    "skuPartNumber": "Microsoft_365_Copilot",
                    "subscriptionIds": ["15c301e0-c769-4f12-bab1-1e8519a7a6f1"]
                },
                {
                    "accountName": "Sample account Two",
                    "accountId": "ee045480-0260-4c1e-b946-55842502229c",
                    "appliesTo": "User",
                    "capabilityStatus": "Suspended",
                    "consumedUnits": 14,
                    "id": "48a80680-7326-48cd-9935-b556b81d3a4e_d17b27af-3f49-4822-99f9-56a661538792",
                    "prepaidUnits": {"enabled": 0, "lockedOut": 0, "suspended": 25, "warning": 0},
                    "servicePlans": [
                        {"servicePlanId": "f9646fb2-e3b2-4309-95de-dc4833737456", "servicePlanName": "CRMSTANDARD", "provisioningStatus": "Disabled", "appliesTo": "User"}
                    ],
                    "skuId": "d17b27af-3f49-4822-99f9-56a661538792",
                    "skuPartNumber": "CRMSTANDARD",
                    "subscriptionIds": ["15c301e0-c769-4f12-bab1-1e8519a7a6f1"]
                }
            ]
        }
        """#

    /// The series the two pages give for `tenant`, written out by hand.
    public static func licenseSeries(tenant: String) -> [String: Double] {
        func labels(_ sku: String, _ product: String) -> String { "tenant=\"\(tenant)\",sku=\"\(sku)\",product=\"\(product)\"" }
        let e5 = labels("SPE_E5", "Microsoft 365 E5")
        let copilot = labels("Microsoft_365_Copilot", "Copilot for Microsoft 365")
        let crm = labels("CRMSTANDARD", "CRMSTANDARD")
        var series: [String: Double] = [
            "m365_license_prepaid_units{\(e5),state=\"enabled\"}": 500,
            "m365_license_prepaid_units{\(e5),state=\"warning\"}": 10,
            "m365_license_prepaid_units{\(e5),state=\"suspended\"}": 0,
            "m365_license_prepaid_units{\(e5),state=\"locked_out\"}": 0,
            "m365_license_consumed_units{\(e5)}": 490,
            "m365_license_prepaid_units{\(copilot),state=\"enabled\"}": 50,
            "m365_license_prepaid_units{\(copilot),state=\"warning\"}": 0,
            "m365_license_prepaid_units{\(copilot),state=\"suspended\"}": 0,
            "m365_license_prepaid_units{\(copilot),state=\"locked_out\"}": 0,
            "m365_license_consumed_units{\(copilot)}": 30,
            "m365_license_prepaid_units{\(crm),state=\"enabled\"}": 0,
            "m365_license_prepaid_units{\(crm),state=\"warning\"}": 0,
            "m365_license_prepaid_units{\(crm),state=\"suspended\"}": 25,
            "m365_license_prepaid_units{\(crm),state=\"locked_out\"}": 0,
            "m365_license_consumed_units{\(crm)}": 14,
        ]
        for (sku, current) in [(e5, "enabled"), (copilot, "enabled"), (crm, "suspended")] {
            for status in ["enabled", "warning", "suspended", "deleted", "locked_out"] {
                series["m365_license_capability_status{\(sku),status=\"\(status)\"}"] = status == current ? 1 : 0
            }
        }
        return series
    }

    /// `GET /v1.0/admin/serviceAnnouncement/healthOverviews` (one page).
    public static let healthOverviews = #"""
        {
            "@odata.context": "https://graph.microsoft.com/v1.0/$metadata#admin/serviceAnnouncement/healthOverviews",
            "value": [
                {"service": "Exchange Online", "status": "serviceDegradation", "id": "Exchange"},
                {"service": "Microsoft Teams", "status": "serviceOperational", "id": "microsoftteams"},
                {"service": "SharePoint Online", "status": "serviceRestored", "id": "SharePoint"}
            ]
        }
        """#

    /// `GET /v1.0/admin/serviceAnnouncement/issues`, page 1 of 2: an open
    /// incident and a resolved one.
    public static func issuesPage1(graphURL: String) -> String {
        #"""
        {
            "@odata.context": "https://graph.microsoft.com/v1.0/$metadata#admin/serviceAnnouncement/issues",
            "@odata.nextLink": "\#(graphURL)\#(issuesPage2Path)",
            "value": [
                {
                    "startDateTime": "2026-11-27T08:15:00Z",
                    "endDateTime": null,
                    "lastModifiedDateTime": "2026-11-27T09:00:00.39Z",
                    "title": "Users may be unable to send email",
                    "id": "EX123456",
                    "impactDescription": "Users may be unable to send email.",
                    "classification": "incident",
                    "origin": "microsoft",
                    "status": "serviceDegradation",
                    "service": "Exchange Online",
                    "feature": "E-Mail and calendar access",
                    "featureGroup": "Networking Issues",
                    "isResolved": false,
                    "highImpact": null,
                    "details": [],
                    "posts": []
                },
                {
                    "startDateTime": "2026-11-20T00:00:00Z",
                    "endDateTime": "2026-11-20T17:00:00Z",
                    "lastModifiedDateTime": "2026-11-20T17:56:31.39Z",
                    "title": "Users could not open documents",
                    "id": "SP111111",
                    "impactDescription": "Users could not open documents.",
                    "classification": "Incident",
                    "origin": "Microsoft",
                    "status": "ServiceRestored",
                    "service": "SharePoint Online",
                    "feature": "SharePoint Features",
                    "featureGroup": "SharePoint Features",
                    "isResolved": true,
                    "details": [],
                    "posts": []
                }
            ]
        }
        """#
    }

    public static let issuesPage2Path = "/v1.0/admin/serviceAnnouncement/issues?$skiptoken=2"

    /// Page 2 of 2: two open advisories of Teams and a resolved advisory.
    public static let issuesPage2 = #"""
        {
            "@odata.context": "https://graph.microsoft.com/v1.0/$metadata#admin/serviceAnnouncement/issues",
            "value": [
                {"startDateTime": "2026-11-26T00:00:00Z", "endDateTime": null, "lastModifiedDateTime": "2026-11-26T00:00:00Z", "title": "Chat delays", "id": "TM222222", "impactDescription": "Chat may be late.", "classification": "advisory", "origin": "microsoft", "status": "investigating", "service": "Microsoft Teams", "feature": "Teams Components", "featureGroup": "Teams Components", "isResolved": false, "details": [], "posts": []},
                {"startDateTime": "2026-11-25T00:00:00Z", "endDateTime": null, "lastModifiedDateTime": "2026-11-26T00:00:00Z", "title": "Presence delays", "id": "TM333333", "impactDescription": "Presence may be stale.", "classification": "advisory", "origin": "microsoft", "status": "investigating", "service": "Microsoft Teams", "feature": "Teams Components", "featureGroup": "Teams Components", "isResolved": false, "details": [], "posts": []},
                {"startDateTime": "2026-11-01T00:00:00Z", "endDateTime": "2026-11-02T00:00:00Z", "lastModifiedDateTime": "2026-11-02T00:00:00Z", "title": "Sync delays", "id": "OD444444", "impactDescription": "Files synced late.", "classification": "advisory", "origin": "microsoft", "status": "serviceRestored", "service": "OneDrive for Business", "feature": "Sync", "featureGroup": "OneDrive", "isResolved": true, "details": [], "posts": []}
            ]
        }
        """#

    /// The series the overviews and the two issue pages give for `tenant`.
    public static func serviceHealthSeries(tenant: String) -> [String: Double] {
        let statuses = [
            "service_operational", "investigating", "restoring_service", "verifying_service", "service_restored",
            "post_incident_review_published", "service_degradation", "service_interruption", "extended_recovery",
            "false_positive", "investigation_suspended", "resolved", "mitigated_external", "mitigated",
            "resolved_external", "confirmed", "reported",
        ]
        var series: [String: Double] = [:]
        for (service, current) in [
            ("Exchange Online", "service_degradation"), ("Microsoft Teams", "service_operational"),
            ("SharePoint Online", "service_restored"),
        ] {
            for status in statuses {
                series["m365_service_health_status{tenant=\"\(tenant)\",service=\"\(service)\",status=\"\(status)\"}"] =
                    status == current ? 1 : 0
            }
        }
        series["m365_service_issues_open{tenant=\"\(tenant)\",service=\"Exchange Online\",classification=\"incident\",status=\"service_degradation\"}"] = 1
        series["m365_service_issues_open{tenant=\"\(tenant)\",service=\"Microsoft Teams\",classification=\"advisory\",status=\"investigating\"}"] = 2
        // 2026-11-27T08:15:00Z and 2026-11-25T00:00:00Z.
        series["m365_service_issue_oldest_open_start_timestamp_seconds{tenant=\"\(tenant)\",service=\"Exchange Online\",classification=\"incident\"}"] = 1_795_767_300
        series["m365_service_issue_oldest_open_start_timestamp_seconds{tenant=\"\(tenant)\",service=\"Microsoft Teams\",classification=\"advisory\"}"] = 1_795_564_800
        return series
    }

    /// `GET /v1.0/applications(appId='…')?$select=passwordCredentials,keyCredentials`:
    /// two secrets (hints `sec` and `xyz`) and a certificate.
    public static let application = #"""
        {
            "@odata.context": "https://graph.microsoft.com/v1.0/$metadata#applications(passwordCredentials,keyCredentials)/$entity",
            "passwordCredentials": [
                {"customKeyIdentifier": null, "displayName": "exporter", "endDateTime": "2027-01-15T10:00:00Z", "hint": "sec", "keyId": "3a6c5c8e-1b2f-4c4f-9a53-0e5d1c3d2b11", "secretText": null, "startDateTime": "2025-01-15T10:00:00Z"},
                {"customKeyIdentifier": null, "displayName": "spare", "endDateTime": "2028-06-30T00:00:00Z", "hint": "xyz", "keyId": "4b7d6d9f-2c30-4d50-8b64-1f6e2d4e3c22", "secretText": null, "startDateTime": "2026-06-30T00:00:00Z"}
            ],
            "keyCredentials": [
                {"customKeyIdentifier": "jPkUvjMDnyAxVgbw5Zi1ud4cIYg=", "displayName": "CN=exporter", "endDateTime": "2027-03-01T12:30:00Z", "key": null, "keyId": "5c8e7ea0-3d41-4e61-9c75-207f3e5f4d33", "startDateTime": "2026-03-01T12:30:00Z", "type": "AsymmetricX509Cert", "usage": "Verify"}
            ]
        }
        """#
}
