extension StringProtocol {
    /// The text without leading and trailing spaces, tabs, CR and LF. Our
    /// own, as `trimmingCharacters(in:)` needs all of Foundation.
    public func trimmingASCIIWhitespace() -> String {
        let isSpace: (Character) -> Bool = { $0 == " " || $0 == "\t" || $0 == "\r" || $0 == "\n" }
        guard let first = firstIndex(where: { !isSpace($0) }) else { return "" }
        let last = lastIndex(where: { !isSpace($0) })!
        return String(self[first...last])
    }
}
