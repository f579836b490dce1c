/// The clouds of Microsoft Graph that the reference pages tell apart: the
/// global service, US Government L4 (`usgov`) and L5 (`usgovdod`), and
/// China operated by 21Vianet. The names are those of `--azure.cloud`.
public enum GraphCloud: String, Sendable, Hashable, CaseIterable {
    case global
    case usgov
    case usgovdod
    case china
}
