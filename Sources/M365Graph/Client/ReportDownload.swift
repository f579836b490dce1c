/// What a report request brought back.
public enum ReportDownload: Sendable, Equatable {
    /// The report body, and the entity tag to send as `If-None-Match` next time.
    case body([UInt8], etag: String?)
    /// `304 Not Modified`: the body of the entity tag sent has not changed.
    case notModified
}
