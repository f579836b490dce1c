/// The Graph endpoint a report function lives under. Some count reports exist
/// only in `beta`.
public enum GraphAPIVersion: String, Sendable, Hashable {
    case v1 = "v1.0"
    case beta = "beta"
}
