/// A CSV document split into its header and records, with the line each
/// record starts on so that errors can point at it.
public struct CSVTable: Sendable, Equatable {
    public let header: [String]
    public let records: [CSVRecord]

    public init(header: [String], records: [CSVRecord]) {
        self.header = header
        self.records = records
    }
}
