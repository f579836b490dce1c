/// The series of the licences collector: per tenant and product (`sku`, the
/// part number Graph gives, and `product`, its name from Microsoft's
/// product names table), the units bought by state, the units assigned,
/// and the subscription's capability status as a state set.
public enum LicenseSeries {
    public static let prepaidUnits = MetricDescriptor(
        name: "m365_license_prepaid_units",
        help: "Licences bought for the product, by the state of their subscription (enabled, warning, suspended, locked_out).")
    public static let consumedUnits = MetricDescriptor(
        name: "m365_license_consumed_units",
        help: "Licences of the product assigned to users or groups.")
    public static let capabilityStatus = MetricDescriptor(
        name: "m365_license_capability_status",
        help: "Capability status of the product's subscription: 1 for the current status, 0 for the other documented ones.")

    public static let metrics = [prepaidUnits, consumedUnits, capabilityStatus]

    /// The capability statuses Microsoft documents for subscribedSku.
    public static let capabilityStatuses = ["Enabled", "Warning", "Suspended", "Deleted", "LockedOut"]

    /// The Graph resource, for messages.
    public static let resource = "subscribedSkus"

    /// The series of the SKUs of one tenant. Two entries with the same part
    /// number (one product bought through two channels) are added up, so
    /// that no series appears twice; the capability status is then the
    /// first one's.
    public static func samples(of skus: [SubscribedSku], tenant: String) -> [Sample] {
        var order: [String] = []
        var merged: [String: SubscribedSku] = [:]
        for sku in skus {
            guard var kept = merged[sku.skuPartNumber] else {
                order.append(sku.skuPartNumber)
                merged[sku.skuPartNumber] = sku
                continue
            }
            kept.consumedUnits += sku.consumedUnits
            kept.prepaidUnits.enabled += sku.prepaidUnits.enabled
            kept.prepaidUnits.suspended += sku.prepaidUnits.suspended
            kept.prepaidUnits.warning += sku.prepaidUnits.warning
            kept.prepaidUnits.lockedOut += sku.prepaidUnits.lockedOut
            merged[sku.skuPartNumber] = kept
        }
        var samples: [Sample] = []
        for part in order {
            guard let sku = merged[part] else { continue }
            let labels = [
                Label("tenant", tenant), Label("sku", sku.skuPartNumber),
                Label("product", ProductNames.name(ofSKU: sku.skuPartNumber, id: sku.skuId)),
            ]
            let units = [
                ("enabled", sku.prepaidUnits.enabled), ("warning", sku.prepaidUnits.warning),
                ("suspended", sku.prepaidUnits.suspended), ("locked_out", sku.prepaidUnits.lockedOut),
            ]
            for (state, value) in units {
                samples.append(Sample(metric: prepaidUnits.name, labels: labels + [Label("state", state)], value: value))
            }
            samples.append(Sample(metric: consumedUnits.name, labels: labels, value: sku.consumedUnits))
            var statuses = capabilityStatuses
            if !statuses.contains(sku.capabilityStatus) { statuses.append(sku.capabilityStatus) }
            for status in statuses {
                samples.append(Sample(
                    metric: capabilityStatus.name, labels: labels + [Label("status", GraphNames.snakeCase(status))],
                    value: status == sku.capabilityStatus ? 1 : 0))
            }
        }
        return samples
    }
}
