/// One licence subscription of a tenant, as `GET /v1.0/subscribedSkus`
/// returns it (the properties the exporter reads).
public struct SubscribedSku: Sendable, Decodable, Equatable {
    public var skuId: String
    public var skuPartNumber: String
    /// `Enabled`, `Warning`, `Suspended`, `Deleted` or `LockedOut`.
    public var capabilityStatus: String
    /// Licences assigned.
    public var consumedUnits: Double
    public var prepaidUnits: PrepaidUnits

    /// Licences bought, by the state of their subscription.
    public struct PrepaidUnits: Sendable, Decodable, Equatable {
        public var enabled: Double
        public var suspended: Double
        public var warning: Double
        public var lockedOut: Double

        public init(enabled: Double, suspended: Double, warning: Double, lockedOut: Double) {
            self.enabled = enabled
            self.suspended = suspended
            self.warning = warning
            self.lockedOut = lockedOut
        }

        // Graph leaves out a state with no units at times: absent is 0.
        public init(from decoder: any Decoder) throws {
            let container = try decoder.container(keyedBy: CodingKeys.self)
            enabled = try container.decodeIfPresent(Double.self, forKey: .enabled) ?? 0
            suspended = try container.decodeIfPresent(Double.self, forKey: .suspended) ?? 0
            warning = try container.decodeIfPresent(Double.self, forKey: .warning) ?? 0
            lockedOut = try container.decodeIfPresent(Double.self, forKey: .lockedOut) ?? 0
        }

        enum CodingKeys: String, CodingKey { case enabled, suspended, warning, lockedOut }
    }

    public init(
        skuId: String, skuPartNumber: String, capabilityStatus: String, consumedUnits: Double, prepaidUnits: PrepaidUnits
    ) {
        self.skuId = skuId
        self.skuPartNumber = skuPartNumber
        self.capabilityStatus = capabilityStatus
        self.consumedUnits = consumedUnits
        self.prepaidUnits = prepaidUnits
    }
}
