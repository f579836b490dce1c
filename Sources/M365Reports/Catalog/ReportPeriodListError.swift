/// A period list held an item that is not one of D7, D30, D90, D180.
public struct ReportPeriodListError: Error, CustomStringConvertible, Sendable {
    public let item: String
    public var description: String {
        "invalid report period \"\(item)\": expected one of D7, D30, D90, D180"
    }
}
