/// One metric family: its name, its help text and its type.
public struct MetricDescriptor: Sendable, Hashable {
    public let name: String
    public let help: String
    public let type: MetricType

    public init(name: String, help: String, type: MetricType = .gauge) {
        self.name = name
        self.help = help
        self.type = type
    }
}
