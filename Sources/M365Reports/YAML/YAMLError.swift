/// Why ``YAMLReader`` refused a text, and where. The problem never quotes
/// a value of the text (a value may be a secret), only key names.
public struct YAMLError: Error, Sendable, Equatable, CustomStringConvertible {
    public let line: Int
    public let column: Int
    public let problem: String

    public init(line: Int, column: Int, problem: String) {
        self.line = line
        self.column = column
        self.problem = problem
    }

    public var description: String { "line \(line) column \(column): \(problem)" }
}
