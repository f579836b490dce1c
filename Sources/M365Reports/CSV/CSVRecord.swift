/// One data record of a CSV document.
public struct CSVRecord: Sendable, Equatable {
    public let fields: [String]
    /// The 1-based line of the document the record starts on (the header is
    /// line 1).
    public let line: Int

    public init(fields: [String], line: Int) {
        self.fields = fields
        self.line = line
    }
}
