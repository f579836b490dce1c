/// One series value: a metric name, its labels in exposition order, a value.
public struct Sample: Sendable, Hashable {
    public let metric: String
    public let labels: [Label]
    public let value: Double

    public init(metric: String, labels: [Label], value: Double) {
        self.metric = metric
        self.labels = labels
        self.value = value
    }
}
