// libFuzzer entry point for everything that reads bytes from Microsoft Graph
// or Entra ID before a number is published: the CSV reader, the report
// parser (as every catalog entry), the `Retry-After` reader and the Graph
// error body; and the YAML reader of the configuration files, which reads
// what an operator wrote. Built by `scripts/fuzz` together with their
// sources into one binary with `swiftc -sanitize=fuzzer,address`; a crash, a sanitizer report
// or a broken invariant (`fatalError` below) is a finding.

@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzOneInput(_ data: UnsafePointer<UInt8>, _ size: Int) -> Int32 {
    let bytes = Array(UnsafeBufferPointer(start: data, count: size))

    if let table = try? CSVReader.read(bytes) {
        // Every record the reader returns has fields; the header is the first.
        if table.records.contains(where: { $0.fields.isEmpty }) { fatalError("a record without fields") }
        if table.records.contains(where: { $0.line < 2 }) { fatalError("a record on the header's line") }
    }
    for definition in ReportCatalog.all {
        // As the entry reads its answers: CSV, or JSON for the entries Graph is asked for JSON.
        guard let parsed = try? ReportParser.parse(answer: bytes, as: definition) else { continue }
        for row in parsed.rows {
            if row.values.count != definition.columns.count { fatalError("a row with \(row.values.count) values") }
            for value in row.values {
                // A count is finite and never negative: anything else is not a number Graph sent.
                if let value, !(value.isFinite && value >= 0) { fatalError("published value \(value)") }
            }
        }
        _ = parsed.latestRow
    }

    // Header values are short; JSON error bodies start with a brace.
    if size <= 64, let seconds = RetryAfter.seconds(String(decoding: bytes, as: UTF8.self), now: 1_800_000_000),
       !(seconds >= 0 && seconds <= RetryAfter.longest) {
        fatalError("Retry-After read as \(seconds)")
    }
    if bytes.first == UInt8(ascii: "{"), let message = GraphErrorBody.message(in: bytes), message.count > 201 {
        fatalError("unclipped error message")
    }
    if let root = try? YAMLReader.compose(yaml: String(decoding: bytes, as: UTF8.self)),
       let mark = root.mark, mark.line < 1 || mark.column < 1 {
        fatalError("a node at line \(mark.line) column \(mark.column)")
    }
    return 0
}
