import Synchronization

/// Holds the web configuration in force. The watcher swaps in a new one
/// after a good reload; each request and each new TLS connection reads the
/// current one. A `Mutex` around an immutable value, as `SnapshotStore`:
/// held for the swap of a reference only.
public final class WebConfigStore: Sendable {
    private let current: Mutex<LoadedWebConfig>

    public init(_ initial: LoadedWebConfig) {
        current = Mutex(initial)
    }

    public var config: LoadedWebConfig { current.withLock { $0 } }

    func replace(with config: LoadedWebConfig) {
        current.withLock { $0 = config }
    }
}
