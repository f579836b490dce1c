/// The PEM texts of a TLS configuration, read from their files.
struct TLSMaterial: Sendable {
    let certificate: String
    let key: String
    let clientCA: String?
}
