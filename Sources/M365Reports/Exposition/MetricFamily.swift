/// A metric family ready to render: its descriptor and its samples, each
/// sample named by the descriptor.
public struct MetricFamily: Sendable {
    public let descriptor: MetricDescriptor
    public let samples: [Sample]

    public init(descriptor: MetricDescriptor, samples: [Sample]) {
        self.descriptor = descriptor
        self.samples = samples
    }
}
