#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif

/// The process's open-file limit (`RLIMIT_NOFILE`).
///
/// Service managers start processes with a small soft limit and a large
/// hard one (systemd: 1,024 and 524,288) for the sake of programs that
/// still use `select(2)`; NIO uses epoll and has no such bound, so the
/// exporter raises its soft limit to the hard one at start, as Go programs
/// do since Go 1.19.
public enum OpenFileLimit {
    /// The soft and hard limits now; `nil` where they cannot be read.
    public static func current() -> (soft: Int, hard: Int)? {
        var limit = rlimit()
        guard getrlimit(resourceNumber, &limit) == 0 else { return nil }
        return (clamp(limit.rlim_cur), clamp(limit.rlim_max))
    }

    /// Raises the soft limit to the hard one; returns the soft limit before
    /// and after (the same when it could not be raised).
    @discardableResult
    public static func raiseToHard() -> (before: Int, after: Int)? {
        var limit = rlimit()
        guard getrlimit(resourceNumber, &limit) == 0 else { return nil }
        let before = clamp(limit.rlim_cur)
        guard limit.rlim_cur < limit.rlim_max else { return (before, before) }
        var raised = limit
        raised.rlim_cur = limit.rlim_max
        guard setrlimit(resourceNumber, &raised) == 0 else { return (before, before) }
        return (before, clamp(raised.rlim_cur))
    }

    /// The connections the listener may hold: `configured`, lowered so that
    /// `reserve` descriptors stay for Graph requests, token requests,
    /// credential files and the runtime's own (epoll, eventfd, pipes).
    public static func connectionLimit(configured: Int, softLimit: Int?, reserve: Int) -> Int {
        guard let softLimit else { return configured }
        return max(1, min(configured, softLimit - reserve))
    }

    private static func clamp(_ value: rlim_t) -> Int {
        value >= rlim_t(Int.max) ? Int.max : Int(value)
    }

    #if canImport(Glibc)
    private static let resourceNumber = __rlimit_resource_t(RLIMIT_NOFILE.rawValue)
    #else
    private static let resourceNumber = RLIMIT_NOFILE
    #endif
}
